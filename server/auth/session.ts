import type { Context } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { randomBytes } from 'node:crypto'
import { API_BASE, Code } from '../../src/core/contract'
import type { ActivityRow } from '../db/queries'
import type { Deps } from '../context'
import type { Reply } from '../http'
import type { TokenClaims } from './tokens'
import { fail, send } from '../http'
import { signValue, unsignValue } from './hmac'
import { TOKEN_COOKIE, initialToken, readToken, rotate, setTokenCookie } from './tokens'

/**
 * Participants. Anonymous ones are 'a:' + a random id kept in a long-lived
 * signed httpOnly `pid` cookie, so re-entering through the index (after an
 * expiry or a revocation) keeps the same plays and wins. Host-ticket users are
 * 'u:' + the host's uid, the same on any device.
 */

export const PID_COOKIE = 'pid'
/** The pid cookie's lifetime, seconds. */
const PID_MAX_AGE_S = 365 * 24 * 60 * 60

/** Who is calling, as the token says. */
export interface Session {
  activityId: number
  pid: string
  now: number
}

/** The anonymous participant of this browser: from the pid cookie, or a fresh one (cookie set). */
export function anonymousPid(c: Context, deps: Deps): string {
  const cookie = getCookie(c, PID_COOKIE)
  const existing = cookie ? unsignValue(cookie, PID_COOKIE, deps.jwtSecret) : null
  if (existing !== null && /^a:[A-Za-z0-9_-]{16,64}$/.test(existing)) return existing
  const pid = `a:${randomBytes(16).toString('base64url')}`
  setCookie(c, PID_COOKIE, signValue(pid, PID_COOKIE, deps.jwtSecret), {
    httpOnly: true,
    sameSite: 'Lax',
    path: API_BASE,
    secure: deps.cookieSecure,
    maxAge: PID_MAX_AGE_S,
  })
  return pid
}

/** Answer `work`'s reply (read in one transaction) with the initial token for `pid` (Activity/index). Writes nothing. */
export function enter(c: Context, deps: Deps, activity: ActivityRow, pid: string, now: number, work: () => Reply): Response {
  const reply = deps.store.transaction(work)
  setTokenCookie(c, initialToken(activity.id, pid, now, deps.token), deps.jwtSecret, deps.cookieSecure)
  return send(c, reply)
}

export interface SessionOptions {
  /** Runs after the token is verified and before it is exchanged; a reply here refuses without consuming the token (rate checks). */
  precheck?: (session: Session) => Reply | null
}

/**
 * Require the rotating token for `activity`, then run `work` in the same
 * transaction as the exchange and answer with the new token as Set-Cookie.
 * `work` is synchronous: nothing else touches the database meanwhile.
 */
export function withSession(
  c: Context,
  deps: Deps,
  activity: ActivityRow,
  work: (session: Session) => Reply,
  options: SessionOptions = {},
): Response {
  const now = deps.now()
  const read = readToken(getCookie(c, TOKEN_COOKIE), deps.jwtSecret, now)
  if (!read.ok) return fail(c, read.code)
  const claims = read.claims
  if (claims.act !== activity.id) return fail(c, Code.TOKEN_WRONG_ACTIVITY)
  // An activity switched to reward-only refuses anonymous chains started before the switch.
  if (activity.config.active_type === 2 && !claims.sub.startsWith('u:')) return fail(c, Code.TICKET_REQUIRED)
  const session: Session = { activityId: activity.id, pid: claims.sub, now }
  const early = options.precheck?.(session)
  if (early) return send(c, early)

  const result = deps.store.transaction((): { next: TokenClaims; reply: Reply } | { code: Reply['code'] } => {
    const rotated = rotate(deps.store, claims, now, deps.token)
    if (!rotated.ok) return { code: rotated.code }
    return { next: rotated.next, reply: work(session) }
  })
  if ('code' in result) return fail(c, result.code)
  setTokenCookie(c, result.next, deps.jwtSecret, deps.cookieSecure)
  return send(c, result.reply)
}
