import type { Random } from '../src/core/random'
import type { Store } from './db/queries'
import type { RateRule } from './rateLimit'
import type { TokenOptions } from './auth/tokens'
import type { WechatConfig } from './wechat/config'
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
  /** Take the client IP from X-Forwarded-For (behind a trusted proxy). Default false. */
  trustProxy?: boolean
  token?: Partial<TokenOptions>
  rate?: Partial<RateOptions>
  /** Where true bugs are reported; defaults to console.error. */
  logError?: (err: unknown) => void
  /** The official account for WeChat sign-in and the JS-SDK; absent: `wechat` activities cannot be played. */
  wechat?: WechatConfig
}

/** Rate checks: awards per participant and per client IP; entries (Activity/index) per client IP. */
export interface RateOptions {
  participant: RateRule
  ip: RateRule
  entry: RateRule
}

export const RATE_DEFAULTS: RateOptions = {
  /** 10 awards per second per participant. */
  participant: { limit: 10, windowMs: 1000 },
  /** 60 awards per second per client IP. */
  ip: { limit: 60, windowMs: 1000 },
  /** 60 entries per second per client IP: each writes a token row (marketer views count too: a brake on key guessing). */
  entry: { limit: 60, windowMs: 1000 },
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
export type Deps = Required<Omit<AppDeps, 'token' | 'rate' | 'wechat'>> & {
  token: TokenOptions
  rate: RateOptions
  wechat: WechatConfig | null
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
    trustProxy: deps.trustProxy ?? false,
    logError: deps.logError ?? ((err) => console.error(err)),
    token: { ...TOKEN_DEFAULTS, ...deps.token },
    rate: { ...RATE_DEFAULTS, ...deps.rate },
    wechat: deps.wechat ?? null,
  }
}
