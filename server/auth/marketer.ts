import type { Context, MiddlewareHandler } from 'hono'
import { randomId, sha256 } from './hmac'
import type { KeyInfo } from '../../src/core/marketerKeys'
import type { Deps } from '../context'
import type { KeySource, MarketerKeyRow, Store } from '../db/queries'
import type { KeyRole } from '../../src/core/ops'
import { API_BASE, Code, MARKETER_HEADER, PATHS } from '../../src/core/contract'
import { KEY_PATHS } from '../../src/core/marketerKeys'
import { OPS_PATHS, STAFF_HEADER } from '../../src/core/ops'
import { clientIp, fail, readInput } from '../http'
import { SlidingWindowLimiter } from '../rateLimit'
import { verifyTicket } from './ticket'

/**
 * Marketer and staff keys: sent in a header (X-Marketer-Key, X-Staff-Key) or a
 * POST body's `auth` (seed 002) — never read from a URL, where logs and Referer
 * headers keep it. Stored only as SHA-256, with a role, a label, a source, an
 * optional expiry, the last use and a revocation. One tenant: any marketer key
 * manages every activity; a staff key only redeems prizes (its activities, or all).
 * Each endpoint takes one role: a staff key is refused by marketer endpoints
 * (2020) and a marketer key by staff endpoints (2021).
 */

export { MARKETER_HEADER, STAFF_HEADER }
/** The demo key printed on first start lives this long, ms. */
export const DEMO_KEY_TTL_MS = 7 * 24 * 60 * 60 * 1000
/** Longest key looked up (a longer one cannot be ours: no hashing of megabyte guesses). */
const MAX_KEY_LENGTH = 256

/** SHA-256 hex of a key, as stored. */
export function hashKey(key: string): string {
  return sha256(key)
}

/** A fresh random key ('mk_' or, for staff, 'sk_' + 32 base64url characters). */
export function newMarketerKey(role: KeyRole = 'marketer'): string {
  return `${role === 'staff' ? 'sk' : 'mk'}_${randomId(24)}`
}

/** The key a request carries: the header first, then the body's `auth` — never a GET query's. */
export function marketerKeyOf(c: Context, auth: string | undefined): string | undefined {
  return c.req.header(MARKETER_HEADER) || (c.req.method === 'GET' ? undefined : auth) || undefined
}

/** The staff key a request carries: its header first, then the body's `auth` — never a GET query's. */
export function staffKeyOf(c: Context, auth: string | undefined): string | undefined {
  return c.req.header(STAFF_HEADER) || (c.req.method === 'GET' ? undefined : auth) || undefined
}

/** The live key row for `key` with `role` (not revoked, not expired), noting its use; null otherwise. */
export async function checkKey(store: Store, key: string | undefined, now: number, role: KeyRole): Promise<MarketerKeyRow | null> {
  if (key === undefined || key.length > MAX_KEY_LENGTH) return null
  const row = await store.marketerKeyByHash(hashKey(key))
  if (!row || row.role !== role || row.revoked_at !== null || (row.expires_at !== null && row.expires_at <= now)) return null
  await store.touchMarketerKey(row.id, now)
  return row
}

/** The live marketer key row for `key`; null otherwise (a staff key too). */
export function checkMarketerKey(store: Store, key: string | undefined, now: number): Promise<MarketerKeyRow | null> {
  return checkKey(store, key, now, 'marketer')
}

/** True when `key` is a live marketer key. */
export async function isMarketer(store: Store, key: string | undefined, now = Date.now()): Promise<boolean> {
  return (await checkMarketerKey(store, key, now)) !== null
}

/** Create a key; the clear key is returned once, only its hash is kept. A staff key may name its activities ([] = all). */
export async function createMarketerKey(
  store: Store,
  label: string,
  source: KeySource,
  now: number,
  ttlMs: number | null = null,
  scope: { role: KeyRole; activities: string[] } = { role: 'marketer', activities: [] },
): Promise<{ key: string; row: MarketerKeyRow }> {
  const key = newMarketerKey(scope.role)
  const hash = hashKey(key)
  const activities = scope.role === 'staff' ? [...new Set(scope.activities)] : []
  // 'mk_' + 6 characters: enough to tell keys apart, 36 of 192 random bits.
  await store.insertMarketerKey({
    hash,
    prefix: key.slice(0, 9),
    label,
    source,
    now,
    expiresAt: ttlMs === null ? null : now + ttlMs,
    role: scope.role,
    activities,
  })
  return { key, row: (await store.marketerKeyByHash(hash)) as MarketerKeyRow }
}

/**
 * Revoke the key named by its id or the start of its prefix (at least 4
 * characters, matching one live key only).
 */
export async function revokeMarketerKey(
  store: Store,
  ref: string,
  now: number,
): Promise<{ ok: true; row: MarketerKeyRow } | { ok: false; reason: 'not_found' | 'ambiguous' }> {
  const live = (await store.listMarketerKeys()).filter((row) => row.revoked_at === null)
  const matches = /^\d+$/.test(ref)
    ? live.filter((row) => row.id === Number(ref))
    : ref.length >= 4
      ? // Part of the prefix as listed, or the whole key pasted.
        live.filter((row) => row.prefix !== '' && (row.prefix.startsWith(ref) || ref.startsWith(row.prefix)))
      : []
  const [row] = matches
  if (!row) return { ok: false, reason: 'not_found' }
  if (matches.length > 1) return { ok: false, reason: 'ambiguous' }
  await store.revokeMarketerKey(row.id, now)
  return { ok: true, row: { ...row, revoked_at: now } }
}

/**
 * Make the stored keys follow MARKETER_KEY: the key it names is live (added if
 * new), every other key that came from it is revoked — changing or unsetting
 * the variable retires the old key. A key revoked by hand stays revoked even
 * while the variable still names it (returned as `refused`, to warn).
 */
export function syncEnvKey(store: Store, key: string | undefined, now: number): Promise<{ revoked: number; refused: boolean }> {
  return store.transaction(async (tx) => {
    const hash = key === undefined ? null : hashKey(key)
    const revoked = await tx.revokeEnvKeysExcept(hash, now)
    if (hash === null) return { revoked, refused: false }
    const row = await tx.marketerKeyByHash(hash)
    if (!row) await tx.insertMarketerKey({ hash, prefix: '', label: 'MARKETER_KEY', source: 'env', now, expiresAt: null })
    return { revoked, refused: row?.revoked_at != null }
  })
}

/** A key row as the API lists it. */
export function keyInfo(row: MarketerKeyRow, currentId: number | null): KeyInfo {
  const { id, prefix, label, source, created_at, expires_at, last_used_at, revoked_at, role, activities } = row
  return { id, prefix, label, source, created_at, expires_at, last_used_at, revoked_at, current: id === currentId, role, activities }
}

export interface MarketerEnv {
  Variables: { marketerKey: MarketerKeyRow }
}

export interface StaffEnv {
  Variables: { staffKey: MarketerKeyRow }
}

/** The POST body's `auth` (JSON or form; the body stays readable for the route), or the refusal of a bad body. */
async function bodyAuth(c: Context): Promise<string | undefined | Response> {
  const input = await readInput(c)
  if (input instanceof Response) return input
  return typeof input.auth === 'string' ? input.auth : undefined
}

/**
 * Route middleware: a live key in the header or the POST body's `auth`, else
 * 403 (2020). The key's row is left in `c.var.marketerKey`.
 */
export function requireMarketer(deps: Deps): MiddlewareHandler<MarketerEnv> {
  return async (c, next) => {
    const auth = c.req.header(MARKETER_HEADER) === undefined && c.req.method !== 'GET' ? await bodyAuth(c) : undefined
    if (auth instanceof Response) return auth
    const row = await checkMarketerKey(deps.store, marketerKeyOf(c, auth), deps.now())
    if (!row) return fail(c, Code.MARKETER_DENIED)
    c.set('marketerKey', row)
    await next()
  }
}

/**
 * Staff endpoints: a live staff key in the X-Staff-Key header or the POST
 * body's `auth`, else 403 (2021; a marketer key too). The key's row is left in `c.var.staffKey`.
 */
export function requireStaff(deps: Deps): MiddlewareHandler<StaffEnv> {
  return async (c, next) => {
    const auth = c.req.header(STAFF_HEADER) === undefined && c.req.method !== 'GET' ? await bodyAuth(c) : undefined
    if (auth instanceof Response) return auth
    const row = await checkKey(deps.store, staffKeyOf(c, auth), deps.now(), 'staff')
    if (!row) return fail(c, Code.STAFF_DENIED)
    c.set('staffKey', row)
    await next()
  }
}

/** True when a staff key may redeem prizes of the activity `code`. */
export function staffMayRedeem(row: MarketerKeyRow, code: string): boolean {
  return row.activities.length === 0 || row.activities.includes(code)
}

/**
 * Uploads (img/add): the key only in the X-Marketer-Key header, checked before a
 * byte of the body is read — parsing a 2 MB multipart body for a keyless caller
 * would hand an attacker free memory.
 */
export function requireMarketerHeader(deps: Deps): MiddlewareHandler<MarketerEnv> {
  return async (c, next) => {
    const row = await checkMarketerKey(deps.store, c.req.header(MARKETER_HEADER), deps.now())
    if (!row) return fail(c, Code.MARKETER_DENIED)
    c.set('marketerKey', row)
    await next()
  }
}

/** Endpoints that take nothing but a marketer or staff key (relative to the API base). */
const MARKETER_PATHS: ReadonlySet<string> = new Set([
  PATHS.add,
  PATHS.list,
  PATHS.settings,
  PATHS.redeem,
  PATHS.imgAdd,
  ...Object.values(KEY_PATHS),
  ...Object.values(OPS_PATHS),
])

/**
 * Brake on key guessing, for the whole API: a refused key (2020, 2021, or on
 * Activity/index an `auth` that is neither a key nor a well-signed ticket,
 * 2011) counts one failure against the client IP; an IP at the limit
 * (`deps.rate.keyFailures`) gets 429 on every key-bearing call until its
 * failures age out. Participants' calls without a key are never held up.
 * Logged with the IP and the path, never the key.
 */
export function keyFailureGuard(deps: Deps): MiddlewareHandler {
  const failures = new SlidingWindowLimiter(deps.rate.keyFailures)
  const minutes = Math.round(deps.rate.keyFailures.windowMs / 60_000)

  const bearsKey = async (c: Context, path: string, now: number): Promise<boolean> => {
    if (c.req.header(MARKETER_HEADER) !== undefined || c.req.header(STAFF_HEADER) !== undefined || MARKETER_PATHS.has(path)) return true
    if (path !== PATHS.index) return false
    const input = await readInput(c)
    const auth = input instanceof Response ? undefined : input.auth
    if (typeof auth !== 'string' || auth === '') return false
    const ticket = verifyTicket(auth, deps.ticketSecret, now)
    return !ticket.ok && ticket.code === Code.TICKET_INVALID
  }

  return async (c, next) => {
    const ip = clientIp(c, deps.trustProxy)
    const path = c.req.path.slice(API_BASE.length)
    if (failures.full(ip, deps.now()) && (await bearsKey(c, path, deps.now()))) {
      return fail(c, Code.RATE_LIMITED, null, `密钥错误次数过多，请 ${minutes} 分钟后再试`)
    }
    await next()
    if (c.res.status !== 403) return
    const { code } = (await c.res.clone().json().catch(() => ({}))) as { code?: number }
    if (code !== Code.MARKETER_DENIED && code !== Code.STAFF_DENIED && !(code === Code.TICKET_INVALID && path === PATHS.index)) return
    failures.hit(ip, deps.now())
    const blocked = failures.full(ip, deps.now()) ? `; key-bearing calls refused for ${minutes} min` : ''
    deps.log(`[lottery] marketer key refused: ip=${ip} path=${path}${blocked}`)
  }
}
