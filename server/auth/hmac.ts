import { createHash, createHmac, randomBytes, randomFillSync, timingSafeEqual } from 'node:crypto'

/**
 * HS256 JWTs and signed cookie values on node:crypto. hono/jwt goes through
 * WebCrypto, which on Node 20 costs ~0.4 ms of thread-pool work per sign or
 * verify; a play needs two, so the synchronous HMAC here is what lets the
 * award path reach the throughput in docs/API.md. Same format as any HS256 JWT.
 */

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url')

function mac(data: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(data).digest()
}

function sameMac(expected: Buffer, given: string): boolean {
  const bytes = Buffer.from(given, 'base64url')
  return bytes.length === expected.length && timingSafeEqual(bytes, expected)
}

/** A secret that no longer signs but still verifies until `until` (epoch ms, exclusive). */
export interface PreviousSecret {
  secret: string
  until: number
}

/** The JWT keys: the newest signs; previous ones verify until their date, so rotating the secret cuts no one off. */
export interface KeyRing {
  current: string
  previous: readonly PreviousSecret[]
}

/** Sign a JWT (HS256). */
export function signJwt(payload: Record<string, unknown>, secret: string): string {
  const body = `${HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`
  return `${body}.${mac(body, secret).toString('base64url')}`
}

/**
 * The payload of a JWT signed by us with a key of `ring` still valid at `now`, or null (bad shape,
 * other algorithm, bad signature). Claims are not checked here.
 */
export function verifyJwt(token: string, ring: KeyRing, now: number): Record<string, unknown> | null {
  const parts = token.split('.')
  if (parts.length !== 3) return null
  const [header, payload, signature] = parts as [string, string, string]
  // Only our exact header: no alg confusion ('none', RS256…).
  if (header !== HEADER) return null
  const secrets = [ring.current, ...ring.previous.filter((key) => now < key.until).map((key) => key.secret)]
  if (!secrets.some((secret) => sameMac(mac(`${header}.${payload}`, secret), signature))) return null
  try {
    const value: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null
  } catch {
    return null
  }
}

/** SHA-256 hex: how secrets the server hands out (keys, session cookies, nonces) are kept. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex')
}

/**
 * Random bytes drawn from the CSPRNG a few kB at a time, each handed out once (as Node's randomUUID does): one
 * call per award into OpenSSL was 3 % of an award's CPU. Requests larger than the pool go to it directly.
 */
const POOL_BYTES = 4096
const pool = Buffer.alloc(POOL_BYTES)
let poolUsed = POOL_BYTES

/** `bytes` random bytes as base64url: ids, session cookies, nonces. */
export function randomId(bytes: number): string {
  if (bytes > POOL_BYTES) return randomBytes(bytes).toString('base64url')
  if (poolUsed + bytes > POOL_BYTES) {
    randomFillSync(pool)
    poolUsed = 0
  }
  const id = pool.toString('base64url', poolUsed, poolUsed + bytes)
  poolUsed += bytes
  return id
}
