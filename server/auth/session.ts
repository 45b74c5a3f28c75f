import type { Context } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { API_BASE, Code } from '../../src/core/contract'
import type { ActivityRow, Store } from '../db/queries'
import type { Deps } from '../context'
import type { Reply } from '../http'
import type { KeyRing } from './hmac'
import { randomId } from './hmac'
import type { TokenClaims } from './tokens'
import { fail, send } from '../http'
import { TOKEN_COOKIE, initialToken, readToken, rotate, setTokenCookie } from './tokens'

/**
 * Participants. Anonymous ones are 'a:' + a random 128-bit id kept in a
 * long-lived httpOnly `pid` cookie, so re-entering through the index (after an
 * expiry or a revocation) keeps the same plays and wins. The id is its own
 * proof: 128 random bits cannot be guessed, and a MAC would add nothing but a
 * dependency on a secret operators rotate (rotating JWT_SECRET used to turn
 * every winner into a stranger). Host-ticket users are 'u:' + the host's uid,
 * the same on any device.
 */

export const PID_COOKIE = 'pid'
/** The pid cookie's lifetime, seconds. */
const PID_MAX_AGE_S = 365 * 24 * 60 * 60
/**
 * The id, optionally followed by the HMAC-SHA256 of cookies set before the id
 * stood alone (`a:<id>.<mac>`): those are still read, their MAC ignored (the id
 * inside is the same 128-bit secret), and rewritten bare.
 */
const PID_RE = /^(a:[A-Za-z0-9_-]{22})(\.[A-Za-z0-9_-]{43})?$/

/** Who is calling, as the token says. */
export interface Session {
  activityId: number
  pid: string
  now: number
}

/** The secrets that verify a token: the current one, and those it replaced until their dates. */
export function jwtRing(deps: Deps): KeyRing {
  return { current: deps.jwtSecret, previous: deps.jwtPrevious }
}

/** The anonymous participant of this browser: from the pid cookie, or a fresh one (cookie set). */
export function anonymousPid(c: Context, deps: Deps): string {
  const found = PID_RE.exec(getCookie(c, PID_COOKIE) ?? '')
  if (found && found[2] === undefined) return found[1] as string
  const pid = found ? (found[1] as string) : `a:${randomId(16)}`
  setCookie(c, PID_COOKIE, pid, {
    httpOnly: true,
    sameSite: 'Lax',
    path: API_BASE,
    secure: deps.cookieSecure,
    maxAge: PID_MAX_AGE_S,
  })
  return pid
}

/** Answer `work`'s reply (read in one transaction, `tx`) with the initial token for `pid` (Activity/index). Writes nothing. */
export async function enter(
  c: Context,
  deps: Deps,
  activity: ActivityRow,
  pid: string,
  now: number,
  work: (tx: Store) => Promise<Reply>,
): Promise<Response> {
  const reply = await deps.store.read(work)
  setTokenCookie(c, initialToken(activity.id, pid, now, deps.token), deps.jwtSecret, deps.cookieSecure)
  return send(c, reply)
}

/** Thrown by withSession's `work` to refuse after all: the transaction rolls back (the token stays unexchanged) and `reply` answers. */
export class Refusal extends Error {
  constructor(readonly reply: Reply) {
    super(`refused (${reply.code})`)
  }
}

export interface SessionOptions<E = never> {
  /** Runs after the token is verified and before it is exchanged; a reply here refuses without consuming the token (rate checks). */
  precheck?: (session: Session) => Promise<Reply | null> | Reply | null
  /**
   * Statements sent along with the token's exchange (one round trip on PostgreSQL), their result handed
   * to `work`. They run whether or not the exchange succeeds, so they must change nothing a refused
   * exchange should not (reads, the lock of an existing row); undefined sends nothing.
   */
  prefetch?: (session: Session, tx: Store) => Promise<E> | undefined
}

/**
 * Require the rotating token for `activity`, then run `work` in the same
 * transaction as the exchange and answer with the new token as Set-Cookie.
 * `work` makes every store call on `tx`, the transaction's store, and awaits it.
 */
export async function withSession<E = never>(
  c: Context,
  deps: Deps,
  activity: ActivityRow,
  work: (session: Session, tx: Store, prefetched: Promise<E> | undefined) => Promise<Reply>,
  options: SessionOptions<E> = {},
): Promise<Response> {
  const now = deps.now()
  const read = readToken(getCookie(c, TOKEN_COOKIE), jwtRing(deps), now)
  if (!read.ok) return fail(c, read.code)
  const claims = read.claims
  if (claims.act !== activity.id) return fail(c, Code.TOKEN_WRONG_ACTIVITY)
  // An activity switched to reward-only refuses anonymous chains started before the switch.
  if (activity.config.active_type === 2 && !claims.sub.startsWith('u:')) return fail(c, Code.TICKET_REQUIRED)
  // Likewise an activity switched to WeChat sign-in refuses chains that are not a signed-in person's.
  if (activity.config.identity === 'wechat' && !claims.sub.startsWith('w:')) return fail(c, Code.TOKEN_REVOKED)
  const session: Session = { activityId: activity.id, pid: claims.sub, now }
  const early = await options.precheck?.(session)
  if (early) return send(c, early)

  const result = await deps.store.transaction(async (tx): Promise<{ next: TokenClaims; reply: Reply } | { code: Reply['code'] } | Refusal> => {
    const rotating = rotate(tx, claims, now, deps.token)
    const prefetched = options.prefetch?.(session, tx)
    // Awaited on every path (never left to run after COMMIT); its failure fails the transaction.
    prefetched?.catch(() => {})
    const rotated = await rotating
    if (!rotated.ok) {
      await prefetched
      return { code: rotated.code }
    }
    return { next: rotated.next, reply: await work(session, tx, prefetched) }
  }).catch((err: unknown) => {
    if (err instanceof Refusal) return err
    throw err
  })
  if (result instanceof Refusal) return send(c, result.reply)
  if ('code' in result) return fail(c, result.code)
  setTokenCookie(c, result.next, deps.jwtSecret, deps.cookieSecure)
  return send(c, result.reply)
}
