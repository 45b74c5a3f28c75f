import { dirname, join, resolve } from 'node:path'
import type { PreviousSecret } from './auth/hmac'
import type { RateOptions, RetentionOptions } from './context'
import type { WechatConfig } from './wechat/config'
import { RATE_DEFAULTS, RETENTION_DEFAULTS } from './context'
import { readWechatConfig } from './wechat/config'
import { sqlitePath } from './db/connection'
import type { PostgresOptions } from './db/postgres/connection'
import { postgresOptionsFromEnv } from './db/postgres/connection'

/** The process's settings, from the environment (see docs/API.md, “Running”). */
export interface ServerConfig {
  port: number
  host: string
  /** DATABASE_URL (DB_PATH, the older name): a SQLite file path or `sqlite:<path>`, or `postgres://…`. */
  databaseUrl: string
  /** The SQLite file, or null when the database is PostgreSQL. */
  dbPath: string | null
  /** PostgreSQL's pool and timeouts (PG_POOL_MAX, PG_STATEMENT_TIMEOUT_MS, PG_CONNECT_TIMEOUT_MS); null on SQLite. */
  postgres: PostgresOptions | null
  uploadDir: string
  /** The built SPA (vite build); served when it holds an index.html. */
  staticDir: string
  cookieSecure: boolean
  /** ALLOWED_ORIGINS: origins besides the server's own whose pages may call the API. */
  allowedOrigins: string[]
  /** Trusted proxies in front (TRUST_PROXY: a count; `true` = 1, `false` = 0). */
  trustProxy: number
  /** Absent: generated on first run and kept in the database. */
  jwtSecret: string | undefined
  /** Secrets JWT_SECRET replaced, each verifying until its date (JWT_SECRET_PREVIOUS). */
  jwtPrevious: PreviousSecret[]
  /** Absent: generated on first run and kept in the database (hosts then need it from there to sign tickets). */
  ticketSecret: string | undefined
  /** A marketer key kept live while set; changing or unsetting it revokes the one it named. */
  marketerKey: string | undefined
  rate: RateOptions
  /** How long rows live; the award answers' floor is applied by retentionFor. */
  retention: RetentionOptions
  /** WORKERS: processes serving the port (node:cluster); 1 = this process alone. */
  workers: number
  /** REDIS_URL: rate limits and WeChat's token/ticket shared through Redis; absent: each process keeps its own. */
  redisUrl: string | undefined
  /** WECHAT_APPID + WECHAT_SECRET (+ WECHAT_OAUTH_BASE, WECHAT_API_BASE); absent: no WeChat sign-in. */
  wechat: WechatConfig | undefined
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer in [${min}, ${max}], got '${raw}'`)
  return n
}

function bool(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase()
  if (raw === '' || raw === '0' || raw === 'false' || raw === 'no') return false
  if (raw === '1' || raw === 'true' || raw === 'yes') return true
  throw new Error(`${name} must be true or false, got '${env[name]}'`)
}

/** A count, or a boolean for 1 and 0 (TRUST_PROXY=true has always meant one proxy). */
function countOrBool(env: NodeJS.ProcessEnv, name: string, max: number): number {
  const raw = (env[name] ?? '').trim().toLowerCase()
  if (raw === 'true' || raw === 'yes') return 1
  if (raw === 'false' || raw === 'no') return 0
  return int(env, name, 0, 0, max)
}

/** A comma list of origins (`https://h5.example.com`), each exactly an origin: no path, no trailing slash. */
function origins(env: NodeJS.ProcessEnv, name: string): string[] {
  return (env[name] ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => {
      let origin: string | undefined
      try {
        origin = new URL(item).origin
      } catch {
        origin = undefined
      }
      if (origin !== item) throw new Error(`${name}: '${item}' is not an origin like https://h5.example.com`)
      return item
    })
}

function secret(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name]
  if (raw === undefined || raw === '') return undefined
  if (raw.length < 16) throw new Error(`${name} must be at least 16 characters`)
  return raw
}

const HOUR_MS = 60 * 60 * 1000

/** UTC+8, the activities' time zone: a previous secret's date is a day there. */
const CST_OFFSET_MS = 8 * 60 * 60 * 1000

/**
 * JWT_SECRET_PREVIOUS: `secret:YYYY-MM-DD` entries, comma-separated; each secret
 * still verifies tokens through the end of that day (UTC+8). Tokens live 30
 * minutes, so a date 1 day after the rotation is plenty.
 */
function previousSecrets(env: NodeJS.ProcessEnv, current: string | undefined): PreviousSecret[] {
  const name = 'JWT_SECRET_PREVIOUS'
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') return []
  if (current === undefined) throw new Error(`${name} needs JWT_SECRET (the secret that replaced them)`)
  return raw.split(',').map((entry, index) => {
    const item = entry.trim()
    const colon = item.lastIndexOf(':')
    const secret = item.slice(0, Math.max(0, colon))
    const date = item.slice(colon + 1)
    const ymd = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
    if (colon < 0 || !ymd) throw new Error(`${name} entries are secret:YYYY-MM-DD, comma-separated (entry ${index + 1} is not)`)
    const [y, m, d] = [Number(ymd[1]), Number(ymd[2]), Number(ymd[3])]
    const day = new Date(Date.UTC(y, m - 1, d))
    if (day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) {
      throw new Error(`${name}: entry ${index + 1}: '${date}' is not a date`)
    }
    if (secret.length < 16) throw new Error(`${name}: entry ${index + 1}: each secret must be at least 16 characters`)
    if (secret === current) throw new Error(`${name}: entry ${index + 1} is JWT_SECRET itself`)
    return { secret, until: Date.UTC(y, m - 1, d + 1) - CST_OFFSET_MS }
  })
}

/** REDIS_URL: redis:// or rediss:// (TLS), as the client takes it. */
function redisUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = (env.REDIS_URL ?? '').trim()
  if (raw === '') return undefined
  if (!/^rediss?:\/\/./.test(raw)) throw new Error(`REDIS_URL must be a redis:// or rediss:// URL, got '${raw}'`)
  return raw
}

/** Read and check the environment; throws with the variable's name on a bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  // DATABASE_URL wins over DB_PATH, its older name.
  const databaseUrl = env.DATABASE_URL || env.DB_PATH || './data/lottery.db'
  const dbPath = sqlitePath(databaseUrl)
  const jwtSecret = secret(env, 'JWT_SECRET')
  return {
    port: int(env, 'PORT', 8080, 0, 65535),
    workers: int(env, 'WORKERS', 1, 1, 64),
    redisUrl: redisUrl(env),
    host: env.HOST || '127.0.0.1',
    databaseUrl,
    dbPath,
    postgres: dbPath === null ? postgresOptionsFromEnv(env) : null,
    uploadDir: resolve(env.UPLOAD_DIR || join(dbPath === null ? './data' : dirname(dbPath), 'uploads')),
    staticDir: resolve(env.STATIC_DIR || './dist'),
    cookieSecure: bool(env, 'COOKIE_SECURE'),
    allowedOrigins: origins(env, 'ALLOWED_ORIGINS'),
    trustProxy: countOrBool(env, 'TRUST_PROXY', 10),
    jwtSecret,
    jwtPrevious: previousSecrets(env, jwtSecret),
    ticketSecret: secret(env, 'TICKET_SECRET'),
    marketerKey: secret(env, 'MARKETER_KEY'),
    rate: {
      participant: { ...RATE_DEFAULTS.participant, limit: int(env, 'RATE_PARTICIPANT', RATE_DEFAULTS.participant.limit, 1, 1e6) },
      ip: { ...RATE_DEFAULTS.ip, limit: int(env, 'RATE_IP', RATE_DEFAULTS.ip.limit, 1, 1e6) },
      entry: { ...RATE_DEFAULTS.entry, limit: int(env, 'RATE_ENTRY', RATE_DEFAULTS.entry.limit, 1, 1e6) },
      newParticipant: {
        ...RATE_DEFAULTS.newParticipant,
        limit: int(env, 'RATE_NEW_PARTICIPANTS', RATE_DEFAULTS.newParticipant.limit, 1, 1e6),
      },
      wins: { ...RATE_DEFAULTS.wins, limit: int(env, 'RATE_WINS', RATE_DEFAULTS.wins.limit, 1, 1e6) },
      keyFailures: { ...RATE_DEFAULTS.keyFailures, limit: int(env, 'RATE_KEY_FAILURES', RATE_DEFAULTS.keyFailures.limit, 1, 1e6) },
      form: { ...RATE_DEFAULTS.form, limit: int(env, 'RATE_FORM', RATE_DEFAULTS.form.limit, 1, 1e6) },
      read: { ...RATE_DEFAULTS.read, limit: int(env, 'RATE_READ', RATE_DEFAULTS.read.limit, 1, 1e6) },
      readIp: { ...RATE_DEFAULTS.readIp, limit: int(env, 'RATE_READ_IP', RATE_DEFAULTS.readIp.limit, 1, 1e6) },
      staff: { ...RATE_DEFAULTS.staff, limit: int(env, 'RATE_STAFF', RATE_DEFAULTS.staff.limit, 1, 1e6) },
    },
    retention: {
      ...RETENTION_DEFAULTS,
      awardRequestsMs: int(env, 'RETENTION_AWARD_HOURS', RETENTION_DEFAULTS.awardRequestsMs / HOUR_MS, 1, 24 * 365) * HOUR_MS,
    },
    wechat: readWechatConfig(env),
  }
}
