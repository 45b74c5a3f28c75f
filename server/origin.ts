import type { Context, MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import type { Deps } from './context'
import { API_BASE, Code, PATHS } from '../src/core/contract'
import { WECHAT_PATHS } from '../src/core/wechat'
import { CAMPAIGN_PATHS } from '../src/core/campaign'
import { MARKETER_HEADER, STAFF_HEADER } from './auth/marketer'
import { fail } from './http'

/**
 * Cross-site request forgery guard for the API. The cookies are SameSite=Lax,
 * which does not stop a page on another port or subdomain of the same site, so
 * every call but an image read must come from the server's own origin or one
 * of ALLOWED_ORIGINS:
 * - an `Origin` header (every modern browser sends it on any cross-origin call
 *   and on every POST) must be one of them;
 * - else `Sec-Fetch-Site` must be `same-origin` or `none` (typed, bookmarked);
 * - a call with neither is not a modern browser's cross-site call (curl, a
 *   server, an old WebView on its own page) and passes: what a forging page in
 *   an old browser could still send — a form or a beacon — is not JSON, and
 *   participant POSTs take JSON only, which no page can send cross-origin
 *   without a CORS preflight that only the allowed origins pass.
 */

/** Participant POSTs: JSON only (marketer calls need a key a forging page does not have; img/add is multipart). */
const PARTICIPANT_POSTS: ReadonlySet<string> = new Set([
  PATHS.index,
  PATHS.prize,
  PATHS.user,
  PATHS.award,
  PATHS.check,
  PATHS.userlist,
  ...Object.values(CAMPAIGN_PATHS),
])

/**
 * The origin the call was made to: what a same-origin page's `Origin` reads.
 * Behind trusted proxies, the scheme and host they received (X-Forwarded-Proto,
 * X-Forwarded-Host) when they say so: a proxy may rewrite Host and end TLS.
 */
export function publicOrigin(c: Context, trustProxy: number): string {
  const url = new URL(c.req.url)
  if (trustProxy === 0) return url.origin
  const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim()
  const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim() || url.host
  // Built whole (URL's host setter would keep the backend's port); a malformed header falls back to the request's own.
  try {
    return new URL(`${proto === 'http' || proto === 'https' ? proto : url.protocol.slice(0, -1)}://${host}`).origin
  } catch {
    return url.origin
  }
}

function fromAllowedPage(c: Context, allowed: ReadonlySet<string>, trustProxy: number): boolean {
  const origin = c.req.header('origin')
  if (origin !== undefined) return allowed.has(origin) || origin === publicOrigin(c, trustProxy)
  const site = c.req.header('sec-fetch-site')
  if (site !== undefined) return site === 'same-origin' || site === 'none'
  return true
}

function isJson(c: Context): boolean {
  return (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json'
}

/**
 * The guard, then CORS (credentials) for exactly ALLOWED_ORIGINS, so the SPA
 * may live on its own origin. Preflights are answered here.
 */
export function originGuard(deps: Deps): MiddlewareHandler {
  const allowed = new Set(deps.allowedOrigins)
  const withCors = cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    credentials: true,
    allowMethods: ['GET', 'POST'],
    // The key headers too: the studio and the staff page may live on an allowed origin of their own.
    allowHeaders: ['content-type', MARKETER_HEADER, STAFF_HEADER],
    maxAge: 600,
  })
  return async (c, next) => {
    const path = c.req.path.slice(API_BASE.length)
    const imageRead = c.req.method === 'GET' && path.startsWith(`${PATHS.img}/`)
    // WeChat's sign-in comes back as a cross-site navigation by design; the callback guards itself
    // (a single-use state bound to this browser's nonce cookie), so a forged one signs nobody in.
    const wechatReturn = c.req.method === 'GET' && path === WECHAT_PATHS.callback
    if (c.req.method !== 'OPTIONS' && !imageRead && !wechatReturn && !fromAllowedPage(c, allowed, deps.trustProxy)) {
      return fail(c, Code.ORIGIN_DENIED)
    }
    if (c.req.method === 'POST' && PARTICIPANT_POSTS.has(path) && !isJson(c)) {
      return fail(c, Code.UNSUPPORTED_MEDIA, null, '请以 JSON 格式提交（Content-Type: application/json）')
    }
    if (c.req.method === 'OPTIONS') return withCors(c, next)
    // What hono's cors adds to an actual call, set before the route answers: it sets them through
    // c.res, which makes @hono/node-server rebuild every response as a stream (a tenth of an award's CPU).
    const origin = c.req.header('origin')
    if (origin !== undefined && allowed.has(origin)) c.header('access-control-allow-origin', origin)
    c.header('access-control-allow-credentials', 'true')
    c.header('vary', 'Origin', { append: true })
    await next()
  }
}
