import type { Hono } from 'hono'
import { randomBytes } from 'node:crypto'
import type { ServerConfig } from './config'
import type { RetentionOptions } from './context'
import type { Store } from './db/queries'
import { DEMO_CODES } from '../src/core/demo'
import { createApp } from './app'
import { syncEnvKey } from './auth/marketer'
import { TOKEN_DEFAULTS } from './auth/tokens'
import { retentionFor } from './context'
import { CHECKPOINT_EVERY_MS, SAFETY_AUTOCHECKPOINT_PAGES, startCheckpointer } from './db/checkpoint'
import { openStore } from './db/connection'
import { connectFleet } from './fleet'
import { seedDemos } from './seed'

/**
 * Purge on a timer (unref'd: it never keeps the process alive). A backlog is worked
 * off a batch at a time with the event loop free in between. Returns the stop function.
 */
function startPurge(store: Store, retention: RetentionOptions, logError: (err: unknown) => void): () => void {
  let pending: NodeJS.Immediate | undefined
  let stopped = false
  const tick = (): void => {
    pending = undefined
    store.purge(Date.now(), retention).then(
      (counts) => {
        if (counts.more && !stopped) pending = setImmediate(tick)
      },
      logError,
    )
  }
  const timer = setInterval(() => pending ?? tick(), retention.everyMs)
  timer.unref()
  return () => {
    stopped = true
    clearInterval(timer)
    if (pending) clearImmediate(pending)
  }
}

/**
 * A secret from the settings table, generated and stored on first use: never in the repo.
 * Read and written under the write lock, so processes starting together on one file agree on it.
 */
function storedSecret(store: Store, key: string): Promise<string> {
  return store.transaction(async (tx) => {
    const existing = await tx.getSetting(key)
    if (existing) return existing
    const secret = randomBytes(32).toString('base64url')
    await tx.setSetting(key, secret)
    return secret
  })
}

export interface Booted {
  app: Hono
  store: Store
  /** The demo marketer key when it was just created (print it once, with its expiry), else null. */
  demoMarketerKey: { key: string; expiresAt: number } | null
  /** Stop the purge timer and the checkpoints, close Redis and the database. */
  close(): Promise<void>
}

/**
 * Open the database, settle secrets and keys, seed demos, build the app (shared by server/index.ts and
 * the Vite plugin). Every step is idempotent under the write lock, so several processes may boot at
 * once; `housekeeping: false` leaves the purge timer and WAL checkpoints to another process (the
 * cluster's primary).
 */
export async function boot(config: ServerConfig, options: { housekeeping?: boolean } = {}): Promise<Booted> {
  const housekeeping = options.housekeeping !== false
  const store = await openStore(config.databaseUrl, {
    autocheckpointPages: SAFETY_AUTOCHECKPOINT_PAGES,
    ...(config.postgres ? { postgres: config.postgres } : {}),
  })
  const now = Date.now()
  // Every start-up step in one transaction under the start-up lock: processes starting together take turns
  // (each step reads, then writes what is missing; their own transactions, on `tx`, join this one).
  const { env, marketerKey, jwtSecret, ticketSecret } = await store.transaction(async (tx) => {
    await tx.lockStartup()
    return {
      env: await syncEnvKey(tx, config.marketerKey, now),
      marketerKey: (await seedDemos(tx, now)).marketerKey,
      jwtSecret: config.jwtSecret ?? (await storedSecret(tx, 'jwt_secret')),
      ticketSecret: config.ticketSecret ?? (await storedSecret(tx, 'ticket_secret')),
    }
  })
  if (env.revoked > 0) console.warn('[lottery] the previous MARKETER_KEY was revoked (the variable changed or was unset)')
  if (env.refused) console.warn('[lottery] MARKETER_KEY names a revoked key and is refused: set a new one')
  const logError = (err: unknown) => console.error(err)
  const fleet = config.redisUrl ? connectFleet(config.redisUrl, logError) : undefined
  const app = createApp({
    store,
    jwtSecret,
    jwtPrevious: config.jwtPrevious,
    ticketSecret,
    uploadDir: config.uploadDir,
    cookieSecure: config.cookieSecure,
    trustProxy: config.trustProxy,
    allowedOrigins: config.allowedOrigins,
    rate: config.rate,
    wechat: config.wechat,
    fleet,
  })
  const stopPurge = housekeeping ? startPurge(store, retentionFor(TOKEN_DEFAULTS, config.retention), logError) : () => {}
  // WAL checkpoints are SQLite's alone.
  const stopCheckpoints =
    housekeeping && config.dbPath !== null ? startCheckpointer(config.dbPath, CHECKPOINT_EVERY_MS, logError) : async () => {}
  return {
    app,
    store,
    demoMarketerKey: marketerKey,
    async close() {
      stopPurge()
      await stopCheckpoints()
      await fleet?.close()
      await store.close()
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
