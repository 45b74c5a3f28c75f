import type { Context, MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import type { Deps } from './context'
import type { RateRule } from './rateLimit'
import { Code } from '../src/core/contract'
import { jwtRing } from './auth/session'
import { TOKEN_COOKIE, readToken } from './auth/tokens'
import { clientIp, fail } from './http'
import { SlidingWindowLimiter } from './rateLimit'

/**
 * Rate checks as route middleware: `rateLimit(rule, keyOf, now)` answers 429
 * (4029) once `keyOf(c)` has used up `rule`. It runs before the route, so a
 * refused call exchanges no token and writes nothing.
 */
export function rateLimit(rule: RateRule, keyOf: (c: Context) => string, now: () => number): MiddlewareHandler {
  const limiter = new SlidingWindowLimiter(rule)
  return async (c, next) => {
    if (!limiter.hit(keyOf(c), now())) return fail(c, Code.RATE_LIMITED)
    await next()
  }
}

/** Key: the client IP (see clientIp and TRUST_PROXY). */
export function byIp(deps: Deps): (c: Context) => string {
  return (c) => clientIp(c, deps.trustProxy)
}

/**
 * Key: the participant of a well-signed `jwt` cookie (activity and subject,
 * the same across re-entries, and not to be forged onto someone else's
 * bucket); without one, the client IP — the route refuses that call anyway.
 */
export function byParticipant(deps: Deps): (c: Context) => string {
  return (c) => {
    const token = readToken(getCookie(c, TOKEN_COOKIE), jwtRing(deps), deps.now())
    return token.ok ? `p:${token.claims.act}/${token.claims.sub}` : `ip:${clientIp(c, deps.trustProxy)}`
  }
}
