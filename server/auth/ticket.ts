import { createHmac, timingSafeEqual } from 'node:crypto'
import { Code } from '../../src/core/contract'

/**
 * Host tickets (`auth` on Activity/index, required when active_type is 2):
 * base64url(JSON {uid, exp}) + '.' + hex HMAC-SHA256 of the first part with
 * TICKET_SECRET. `exp` is Unix seconds. The host system signs them; we verify.
 */

const UID_RE = /^[A-Za-z0-9_.:@-]{1,64}$/

function mac(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex')
}

/** Sign a ticket (for hosts, tests and the demo). */
export function signTicket(uid: string, expSeconds: number, secret: string): string {
  const payload = Buffer.from(JSON.stringify({ uid, exp: expSeconds })).toString('base64url')
  return `${payload}.${mac(payload, secret)}`
}

/** Verify a ticket at `now` (epoch ms) → the host's user id. */
export function verifyTicket(
  ticket: string,
  secret: string,
  now: number,
): { ok: true; uid: string } | { ok: false; code: typeof Code.TICKET_INVALID | typeof Code.TICKET_EXPIRED } {
  const invalid = { ok: false, code: Code.TICKET_INVALID } as const
  const [payload, signature, extra] = ticket.split('.')
  if (!payload || !signature || extra !== undefined || !/^[0-9a-f]{64}$/.test(signature)) return invalid
  const expected = Buffer.from(mac(payload, secret), 'hex')
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return invalid
  let body: unknown
  try {
    body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
  } catch {
    return invalid
  }
  if (typeof body !== 'object' || body === null) return invalid
  const { uid, exp } = body as Record<string, unknown>
  const id = typeof uid === 'number' && Number.isSafeInteger(uid) ? String(uid) : uid
  if (typeof id !== 'string' || !UID_RE.test(id) || typeof exp !== 'number' || !Number.isFinite(exp)) return invalid
  if (exp * 1000 <= now) return { ok: false, code: Code.TICKET_EXPIRED }
  return { ok: true, uid: id }
}
