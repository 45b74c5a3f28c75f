import type { Hono } from 'hono'
import { randomBytes } from 'node:crypto'
import type { ServerConfig } from './config'
import type { Store } from './db/queries'
import { DEMO_CODES } from '../src/core/demo'
import { createApp } from './app'
import { syncEnvKey } from './auth/marketer'
import { openDatabase } from './db/connection'
import { createStore } from './db/queries'
import { seedDemos } from './seed'

/** How often expired tokens are forgotten, ms. */
const PURGE_EVERY_MS = 10 * 60 * 1000
/** Tokens are kept this long past expiry (a late reuse still reads as expired, not invalid), ms. */
const PURGE_AFTER_MS = 24 * 60 * 60 * 1000

/** A secret from the settings table, generated and stored on first use: never in the repo. */
function storedSecret(store: Store, key: string): string {
  const existing = store.getSetting(key)
  if (existing) return existing
  const secret = randomBytes(32).toString('base64url')
  store.setSetting(key, secret)
  return secret
}

export interface Booted {
  app: Hono
  store: Store
  /** The demo marketer key when it was just created (print it once, with its expiry), else null. */
  demoMarketerKey: { key: string; expiresAt: number } | null
  /** Stop the purge timer and close the database. */
  close(): void
}

/** Open the database, settle secrets and keys, seed demos, build the app (shared by server/index.ts and the Vite plugin). */
export function boot(config: ServerConfig): Booted {
  const store = createStore(openDatabase(config.dbPath))
  const now = Date.now()
  const env = syncEnvKey(store, config.marketerKey, now)
  if (env.revoked > 0) console.warn('[lottery] the previous MARKETER_KEY was revoked (the variable changed or was unset)')
  if (env.refused) console.warn('[lottery] MARKETER_KEY names a revoked key and is refused: set a new one')
  const { marketerKey } = seedDemos(store, now)
  const app = createApp({
    store,
    jwtSecret: config.jwtSecret ?? storedSecret(store, 'jwt_secret'),
    ticketSecret: config.ticketSecret ?? storedSecret(store, 'ticket_secret'),
    uploadDir: config.uploadDir,
    cookieSecure: config.cookieSecure,
    trustProxy: config.trustProxy,
    allowedOrigins: config.allowedOrigins,
    rate: config.rate,
  })
  const purge = setInterval(() => store.purgeTokens(Date.now() - PURGE_AFTER_MS), PURGE_EVERY_MS)
  purge.unref()
  return {
    app,
    store,
    demoMarketerKey: marketerKey,
    close() {
      clearInterval(purge)
      store.close()
    },
  }
}

/** The startup lines: where to play the demos, and the demo key the first time. */
export function banner(origin: string, booted: Booted): string {
  const lines = Object.values(DEMO_CODES).map((code) => `  ${origin}/game/lottery/index/code/${code}`)
  const out = ['[lottery] demo activities:', ...lines]
  if (booted.demoMarketerKey) {
    const { key, expiresAt } = booted.demoMarketerKey
    const until = new Date(expiresAt).toISOString().slice(0, 16).replace('T', ' ')
    out.push(`[lottery] demo marketer key (shown once; valid until ${until} UTC; create your own: npm run keys -- create <label>): ${key}`)
  }
  return out.join('\n')
}
