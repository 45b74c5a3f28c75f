import { dirname, join, resolve } from 'node:path'
import type { RateOptions } from './context'
import type { WechatConfig } from './wechat/config'
import { RATE_DEFAULTS } from './context'
import { readWechatConfig } from './wechat/config'

/** The process's settings, from the environment (see docs/API.md, “Running”). */
export interface ServerConfig {
  port: number
  host: string
  dbPath: string
  uploadDir: string
  /** The built SPA (vite build); served when it holds an index.html. */
  staticDir: string
  cookieSecure: boolean
  trustProxy: boolean
  /** Absent: generated on first run and kept in the database. */
  jwtSecret: string | undefined
  /** Absent: generated on first run and kept in the database (hosts then need it from there to sign tickets). */
  ticketSecret: string | undefined
  /** An extra marketer key accepted besides the stored ones. */
  marketerKey: string | undefined
  rate: RateOptions
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

function secret(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name]
  if (raw === undefined || raw === '') return undefined
  if (raw.length < 16) throw new Error(`${name} must be at least 16 characters`)
  return raw
}

/** Read and check the environment; throws with the variable's name on a bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const dbPath = resolve(env.DB_PATH || './data/lottery.db')
  return {
    port: int(env, 'PORT', 8080, 0, 65535),
    host: env.HOST || '127.0.0.1',
    dbPath,
    uploadDir: resolve(env.UPLOAD_DIR || join(dirname(dbPath), 'uploads')),
    staticDir: resolve(env.STATIC_DIR || './dist'),
    cookieSecure: bool(env, 'COOKIE_SECURE'),
    trustProxy: bool(env, 'TRUST_PROXY'),
    jwtSecret: secret(env, 'JWT_SECRET'),
    ticketSecret: secret(env, 'TICKET_SECRET'),
    marketerKey: secret(env, 'MARKETER_KEY'),
    rate: {
      participant: { ...RATE_DEFAULTS.participant, limit: int(env, 'RATE_PARTICIPANT', RATE_DEFAULTS.participant.limit, 1, 1e6) },
      ip: { ...RATE_DEFAULTS.ip, limit: int(env, 'RATE_IP', RATE_DEFAULTS.ip.limit, 1, 1e6) },
      entry: { ...RATE_DEFAULTS.entry, limit: int(env, 'RATE_ENTRY', RATE_DEFAULTS.entry.limit, 1, 1e6) },
    },
    wechat: readWechatConfig(env),
  }
}
