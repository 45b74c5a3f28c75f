import type { Random } from '../src/core/random'
import type { Store } from './db/queries'
import type { RateRule } from './rateLimit'
import type { TokenOptions } from './auth/tokens'
import { cryptoRandom } from '../src/core/random'
import { TOKEN_DEFAULTS } from './auth/tokens'

/** What createApp needs; tests inject the clock, the random source and the limits. */
export interface AppDeps {
  store: Store
  /** Secret for the JWT (HS256) and the signed `pid` cookie. */
  jwtSecret: string
  /** Secret shared with the host system for `auth` tickets. */
  ticketSecret: string
  /** Where img/add stores files. */
  uploadDir: string
  /** Defaults to Date.now (epoch ms). */
  now?: () => number
  /** Defaults to cryptoRandom. */
  random?: Random
  /** Set `Secure` on cookies (behind HTTPS). Default false. */
  cookieSecure?: boolean
  /**
   * Proxies in front of the server whose X-Forwarded-For hops are trusted
   * (`true` = 1). The client IP is the hop that many places from the right.
   * Default 0: the socket's peer.
   */
  trustProxy?: boolean | number
  /** Origins besides the server's own whose pages may call the API (CORS with credentials). Default none. */
  allowedOrigins?: readonly string[]
  token?: Partial<TokenOptions>
  rate?: Partial<RateOptions>
  /** Where true bugs are reported; defaults to console.error. */
  logError?: (err: unknown) => void
  /** Security events (refused marketer keys); defaults to console.warn. */
  log?: (line: string) => void
}

/**
 * Rate checks: awards per participant and per client IP; entries (Activity/index)
 * per client IP; refused marketer keys per client IP; the form (Activity/user)
 * per participant; reads (Activity/prize, info/userlist, info/check, and the form
 * too) per participant and per client IP.
 */
export interface RateOptions {
  participant: RateRule
  ip: RateRule
  entry: RateRule
  keyFailures: RateRule
  form: RateRule
  read: RateRule
  readIp: RateRule
}

export const RATE_DEFAULTS: RateOptions = {
  /** 10 awards per second per participant. */
  participant: { limit: 10, windowMs: 1000 },
  /** 60 awards per second per client IP. */
  ip: { limit: 60, windowMs: 1000 },
  /** 60 entries per second per client IP: each writes a token row (marketer views count too: a brake on key guessing). */
  entry: { limit: 60, windowMs: 1000 },
  /** 10 refused marketer keys per 10 minutes per client IP, then 429 on key-bearing calls. */
  keyFailures: { limit: 10, windowMs: 10 * 60 * 1000 },
  /** 10 form submissions per minute per participant (a person corrects a typo, a script does not stop). */
  form: { limit: 10, windowMs: 60 * 1000 },
  /** 10 reads per second per participant. */
  read: { limit: 10, windowMs: 1000 },
  /** 120 reads per second per client IP (a venue's Wi-Fi is one IP for many phones). */
  readIp: { limit: 120, windowMs: 1000 },
}

/** Body size caps, bytes. */
export const BODY_LIMITS = {
  json: 64 * 1024,
  /** img/add: the image plus room for the multipart envelope. */
  upload: 2 * 1024 * 1024 + 16 * 1024,
  /** The largest image accepted. */
  image: 2 * 1024 * 1024,
}

/** AppDeps with every default filled in. */
export type Deps = Required<Omit<AppDeps, 'token' | 'rate' | 'trustProxy'>> & {
  token: TokenOptions
  rate: RateOptions
  /** Trusted proxies in front (0: none). */
  trustProxy: number
}

export function resolveDeps(deps: AppDeps): Deps {
  return {
    store: deps.store,
    jwtSecret: deps.jwtSecret,
    ticketSecret: deps.ticketSecret,
    uploadDir: deps.uploadDir,
    now: deps.now ?? Date.now,
    random: deps.random ?? cryptoRandom,
    cookieSecure: deps.cookieSecure ?? false,
    trustProxy: Number(deps.trustProxy ?? 0),
    allowedOrigins: deps.allowedOrigins ?? [],
    logError: deps.logError ?? ((err) => console.error(err)),
    log: deps.log ?? ((line) => console.warn(line)),
    token: { ...TOKEN_DEFAULTS, ...deps.token },
    rate: { ...RATE_DEFAULTS, ...deps.rate },
  }
}
