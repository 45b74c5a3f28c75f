import type { Context } from 'hono'
import { setCookie } from 'hono/cookie'
import { API_BASE, Code } from '../../src/core/contract'
import type { Store } from '../db/queries'
import type { KeyRing } from './hmac'
import { randomId, signJwt, verifyJwt } from './hmac'

/**
 * The rotating JWT of seed 002: Activity/index issues the initial token, every
 * later call exchanges the current token for a new one. The initial token is
 * stateless (signed, no row): entering costs the server nothing, so a
 * cross-site `<img>` on the index writes nothing. Its chain starts on its first
 * exchange, under the initial token's jti as the chain id (a primary key), so
 * the same initial token presented twice finds that chain — the grace or reuse
 * case below, never a second chain. Every exchanged token is a row (issued →
 * used, with its successor); chains can be revoked.
 *
 * Grace: the immediate predecessor of the newest token is accepted for
 * `graceMs` after it was exchanged, so a response lost on the network does not
 * lock the participant out. Accepting it issues a fresh token and marks the
 * lost one superseded, so the chain stays a single line and only the newest
 * token can move it on. The grace is spent once: the predecessor is not
 * accepted through it again, and the superseded token never is — otherwise two
 * holders of one token could alternate, each presenting the token the other
 * just superseded, and keep the chain alive forever. Anything older, later or
 * superseded is reuse: refused and the whole chain revoked (refresh-token
 * rotation with a reuse interval).
 */

/** Tunables. */
export const TOKEN_DEFAULTS = {
  /** Lifetime of one token, ms (PRODUCT.md: 30 minutes). */
  ttlMs: 30 * 60 * 1000,
  /** How long the exchanged predecessor is still accepted, ms. */
  graceMs: 10 * 1000,
}
export type TokenOptions = typeof TOKEN_DEFAULTS

export const TOKEN_COOKIE = 'jwt'
/** The only entry path tokens are issued for (seed: “token中记录了…访问路径”). */
export const ENTRY_PATH = 'index'

/** What a token says. `exp`/`iat` are Unix seconds (JWT); `cid` is the chain id. */
export interface TokenClaims {
  act: number
  sub: string
  path: typeof ENTRY_PATH
  jti: string
  cid: string
  iat: number
  exp: number
}

type Failure = { ok: false; code: (typeof Code)[keyof typeof Code] }

function newId(): string {
  return randomId(16)
}

function isClaims(p: Record<string, unknown>): p is Record<string, unknown> & TokenClaims {
  return (
    typeof p.act === 'number' &&
    typeof p.sub === 'string' &&
    p.path === ENTRY_PATH &&
    typeof p.jti === 'string' &&
    typeof p.cid === 'string' &&
    typeof p.exp === 'number' &&
    typeof p.iat === 'number'
  )
}

/** Check a token's signature (any key of `ring` valid at `now`), shape and expiry against `now` (epoch ms). No database access. */
export function readToken(token: string | undefined, ring: KeyRing, now: number): { ok: true; claims: TokenClaims } | Failure {
  if (!token) return { ok: false, code: Code.TOKEN_MISSING }
  const payload = verifyJwt(token, ring, now)
  if (!payload || !isClaims(payload)) return { ok: false, code: Code.TOKEN_INVALID }
  if (payload.exp * 1000 <= now) return { ok: false, code: Code.TOKEN_EXPIRED }
  return { ok: true, claims: payload }
}

function claimsFor(chainId: string | null, act: number, sub: string, now: number, ttlMs: number): TokenClaims {
  const jti = newId()
  return {
    act,
    sub,
    path: ENTRY_PATH,
    jti,
    cid: chainId ?? jti,
    iat: Math.floor(now / 1000),
    exp: Math.floor((now + ttlMs) / 1000),
  }
}

/** The initial token (Activity/index): signed only, no row. Its chain id is its own jti. */
export function initialToken(activityId: number, pid: string, now: number, opts: TokenOptions): TokenClaims {
  return claimsFor(null, activityId, pid, now, opts.ttlMs)
}

/** Store the successor of the token just moved on and hand it out. */
async function issue(store: Store, successor: TokenClaims, now: number): Promise<{ ok: true; next: TokenClaims }> {
  await store.insertToken(successor.jti, successor.cid, now, successor.exp * 1000)
  return { ok: true, next: successor }
}

/** Exchange a verified token for its successor, or refuse (revoking the chain on reuse). Run inside the request's transaction. */
export async function rotate(
  store: Store,
  claims: TokenClaims,
  now: number,
  opts: TokenOptions,
): Promise<{ ok: true; next: TokenClaims } | Failure> {
  // The common case, an unused token of a live chain, is a compare-and-set and an insert; the rest is read below.
  const successor = claimsFor(claims.cid, claims.act, claims.sub, now, opts.ttlMs)
  if (await store.exchangeToken(claims, now, successor)) return { ok: true, next: successor }
  return rotateRead(store, claims, now, opts)
}

/** rotate() on the rows as they are: a first exchange, a grace, a reuse, a revoked chain, or a lost race. */
async function rotateRead(
  store: Store,
  claims: TokenClaims,
  now: number,
  opts: TokenOptions,
): Promise<{ ok: true; next: TokenClaims } | Failure> {
  const row = await store.token(claims.jti)
  const chain = row ? await store.chain(row.chain_id) : null
  if (!row || !chain || chain.id !== claims.cid) return { ok: false, code: Code.TOKEN_INVALID }
  if (chain.revoked_at !== null) return { ok: false, code: Code.TOKEN_REVOKED }

  // Each move is a compare-and-set on the token rows (markUsed, spendGrace): when another request moved
  // the chain on after this one read it, rotate again on what is there now (grace or reuse), so the
  // chain stays one line even where reads can be stale (another process, another engine).
  const successor = claimsFor(chain.id, claims.act, claims.sub, now, opts.ttlMs)
  if (row.used_at === null) {
    return (await store.markUsed(row.jti, now, successor.jti)) ? issue(store, successor, now) : rotate(store, claims, now, opts)
  }
  const lost = row.successor ? await store.token(row.successor) : null
  const graceOpen = !row.superseded && row.graced_at === null && now - row.used_at <= opts.graceMs
  if (graceOpen && lost && lost.used_at === null) {
    return (await store.spendGrace(row.jti, lost.jti, now, successor.jti)) ? issue(store, successor, now) : rotate(store, claims, now, opts)
  }
  await store.revokeChain(chain.id, now)
  return { ok: false, code: Code.TOKEN_REUSED }
}

/** Sign a token and set it as the httpOnly `jwt` cookie, scoped to the API path. */
export function setTokenCookie(c: Context, claims: TokenClaims, secret: string, secure: boolean): void {
  setCookie(c, TOKEN_COOKIE, signJwt({ ...claims }, secret), {
    httpOnly: true,
    sameSite: 'Lax',
    path: API_BASE,
    secure,
    // Relative, so the cookie and the token expire together whatever the browser's clock says.
    maxAge: claims.exp - claims.iat,
  })
}
