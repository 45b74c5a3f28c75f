import type { Random } from '../src/core/random'
import type { Store } from './db/queries'
import type { RateRule } from './rateLimit'
import type { PreviousSecret } from './auth/hmac'
import type { TokenOptions } from './auth/tokens'
import type { Fleet } from './fleet'
import type { WechatConfig } from './wechat/config'
import { cryptoRandom } from '../src/core/random'
import { TOKEN_DEFAULTS } from './auth/tokens'
import { ViewCounter } from './domain/views'

/** What createApp needs; tests inject the clock, the random source and the limits. */
export interface AppDeps {
  store: Store
  /** Secret that signs the JWT (HS256). */
  jwtSecret: string
  /** Secrets that signed JWTs before `jwtSecret`: they still verify until their date. Default none. */
  jwtPrevious?: readonly PreviousSecret[]
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
  /** The official account for WeChat sign-in and the JS-SDK; absent: `wechat` activities cannot be played. */
  wechat?: WechatConfig
  /** State shared with the deployment's other processes (REDIS_URL): rate checks, WeChat's token and ticket. Absent: this process's own. */
  fleet?: Fleet
}

/**
 * Rate checks: awards per participant and per client IP; entries (Activity/index)
 * per client IP; refused marketer keys per client IP; staff lookups per key; the form (Activity/user)
 * per participant; reads (Activity/prize, info/userlist, info/check, and the form
 * too) per participant and per client IP; new anonymous participants and their
 * wins per client network and activity (AnonymousCaps).
 * In memory, per process: N processes behind a balancer allow up to N times each figure,
 * unless Redis is configured (AppDeps.fleet), which shares the counts (server/fleet.ts).
 */
export interface RateOptions {
  participant: RateRule
  ip: RateRule
  entry: RateRule
  newParticipant: RateRule
  wins: RateRule
  keyFailures: RateRule
  form: RateRule
  read: RateRule
  readIp: RateRule
  staff: RateRule
}

const HOUR_MS = 60 * 60 * 1000

export const RATE_DEFAULTS: RateOptions = {
  /** 10 awards per second per participant. */
  participant: { limit: 10, windowMs: 1000 },
  /** 60 awards per second per client IP. */
  ip: { limit: 60, windowMs: 1000 },
  /** 60 entries per second per client IP: each signs a token and reads the state (marketer views count too: a brake on key guessing). */
  entry: { limit: 60, windowMs: 1000 },
  /**
   * 100 new anonymous participants per client network per activity an hour. A carrier-grade
   * NAT address fronts many subscribers, but only those who open this campaign's link within
   * the hour count, and an hour's trickle of 100 newcomers from one address is far above what
   * a shared address shows for one campaign; a refused newcomer gets 429 and keeps its chance.
   * A campaign played on one venue Wi-Fi should raise it (RATE_NEW_PARTICIPANTS).
   */
  newParticipant: { limit: 100, windowMs: HOUR_MS },
  /** 20 anonymous wins per client network per activity an hour: what one address can harvest with minted participants. */
  wins: { limit: 20, windowMs: HOUR_MS },
  /** 10 refused marketer keys per 10 minutes per client IP, then 429 on key-bearing calls. */
  keyFailures: { limit: 10, windowMs: 10 * 60 * 1000 },
  /** 10 form submissions per minute per participant (a person corrects a typo, a script does not stop). */
  form: { limit: 10, windowMs: 60 * 1000 },
  /** 10 reads per second per participant. */
  read: { limit: 10, windowMs: 1000 },
  /** 120 reads per second per client IP (a venue's Wi-Fi is one IP for many phones). */
  readIp: { limit: 120, windowMs: 1000 },
  /** 60 lookups and redemptions per minute per staff key: a counter's pace, not a scan of the code space. */
  staff: { limit: 60, windowMs: 60 * 1000 },
}

/** How long rows live (docs/RETENTION.md); the server purges on a timer (boot.ts). */
export interface RetentionOptions {
  /** Token rows kept past their expiry, ms: an expired token is refused on its claims before its row is read; the margin covers clocks of several processes. */
  tokensAfterExpiryMs: number
  /** Stored award answers, ms after the play. Never below the token TTL + grace (retentionFor). */
  awardRequestsMs: number
  /** Participant rows that never played nor filled the form (an award refused before the draw), ms after creation. */
  idleParticipantsMs: number
  /** How often the server purges, ms. */
  everyMs: number
}

export const RETENTION_DEFAULTS: RetentionOptions = {
  tokensAfterExpiryMs: HOUR_MS,
  /**
   * A day: an idempotent retry is possible while a token from the time of the play
   * lives (TTL + grace, the floor); the client also re-enters and retries with the same
   * request id, and a page left open retries on the next tap — a day covers both.
   */
  awardRequestsMs: 24 * HOUR_MS,
  idleParticipantsMs: 24 * HOUR_MS,
  everyMs: 10 * 60 * 1000,
}

/** Retention with defaults, stored award answers lifted to the floor: they must outlive every token that could retry them. */
export function retentionFor(token: TokenOptions, retention: Partial<RetentionOptions> = {}): RetentionOptions {
  const r = { ...RETENTION_DEFAULTS, ...retention }
  return { ...r, awardRequestsMs: Math.max(r.awardRequestsMs, token.ttlMs + token.graceMs) }
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
export type Deps = Required<Omit<AppDeps, 'token' | 'rate' | 'trustProxy' | 'wechat' | 'fleet'>> & {
  token: TokenOptions
  rate: RateOptions
  /** Page views, written in batches (statistics). */
  views: ViewCounter
  /** Trusted proxies in front (0: none). */
  trustProxy: number
  wechat: WechatConfig | null
  fleet: Fleet | null
}

/** Every rule shared through the fleet under its own name, when there is one. */
function shareRates(rates: RateOptions, fleet: Fleet | undefined): RateOptions {
  if (!fleet) return rates
  const entries = Object.entries(rates).map(([name, rule]) => [name, { ...rule, fleet: { fleet, name } }])
  return Object.fromEntries(entries) as unknown as RateOptions
}

export function resolveDeps(deps: AppDeps): Deps {
  const logError = deps.logError ?? ((err: unknown) => console.error(err))
  return {
    store: deps.store,
    jwtSecret: deps.jwtSecret,
    jwtPrevious: deps.jwtPrevious ?? [],
    ticketSecret: deps.ticketSecret,
    uploadDir: deps.uploadDir,
    now: deps.now ?? Date.now,
    random: deps.random ?? cryptoRandom,
    cookieSecure: deps.cookieSecure ?? false,
    trustProxy: Number(deps.trustProxy ?? 0),
    allowedOrigins: deps.allowedOrigins ?? [],
    logError,
    log: deps.log ?? ((line) => console.warn(line)),
    token: { ...TOKEN_DEFAULTS, ...deps.token },
    rate: shareRates({ ...RATE_DEFAULTS, ...deps.rate }, deps.fleet),
    wechat: deps.wechat ? { ...deps.wechat, shared: deps.fleet?.cache } : null,
    fleet: deps.fleet ?? null,
    views: new ViewCounter(deps.store, logError),
  }
}
