import type { Hono } from 'hono'
import { randomBytes } from 'node:crypto'
import type { ServerConfig } from './config'
import type { Store } from './db/queries'
import { DEMO_CODES } from '../src/core/demo'
import { createApp } from './app'
import { hashKey } from './auth/marketer'
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
  /** The demo marketer key when it was just created (print it once), else null. */
  demoMarketerKey: string | null
  /** Stop the purge timer and close the database. */
  close(): void
}

/** Open the database, settle secrets and keys, seed demos, build the app (shared by server/index.ts and the Vite plugin). */
export function boot(config: ServerConfig): Booted {
  const store = createStore(openDatabase(config.dbPath))
  const now = Date.now()
  if (config.marketerKey) store.addMarketerKey(hashKey(config.marketerKey), 'env', now)
  const { marketerKey } = seedDemos(store, now)
  const app = createApp({
    store,
    jwtSecret: config.jwtSecret ?? storedSecret(store, 'jwt_secret'),
    ticketSecret: config.ticketSecret ?? storedSecret(store, 'ticket_secret'),
    uploadDir: config.uploadDir,
    cookieSecure: config.cookieSecure,
    trustProxy: config.trustProxy,
    rate: config.rate,
    wechat: config.wechat,
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
    out.push(`[lottery] demo marketer key (shown once; set MARKETER_KEY to use your own): ${booted.demoMarketerKey}`)
  }
  return out.join('\n')
}
