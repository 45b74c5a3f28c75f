import Database from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely'
import type pg from 'pg'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Store } from '../../server/db/queries'
import type { Engine } from '../../server/db/sql'
import { openSqliteStore, postgresStore } from '../../server/db/connection'
import { postgresOptionsFromEnv, postgresPool } from '../../server/db/postgres/connection'
import { migratePostgres } from '../../server/db/postgres/migrations'
import { createTestSchema, testDatabaseUrl } from './pgTestSchema'

/**
 * The engine the server tests run on: SQLite (a file per test server), or PostgreSQL with
 * DATABASE_ENGINE=postgres (vitest project 'server-pg': a schema per test server on TEST_DATABASE_URL).
 */
export const ENGINE: Engine = process.env.DATABASE_ENGINE === 'postgres' ? 'postgres' : 'sqlite'
export const ON_POSTGRES = ENGINE === 'postgres'

/** The title of a test about SQLite's file alone, skipped on PostgreSQL with the reason. */
export function sqliteOnly(title: string, why: string): string {
  return ON_POSTGRES ? `${title} (skipped on PostgreSQL: ${why})` : title
}

export interface TestDb {
  store: Store
  /**
   * A second connection on the same database, as another process would have: for reads beside the
   * app and writes behind its back. Queries through Kysely's `sql` template run on either engine.
   */
  side: Kysely<any>
  close(): Promise<void>
}

/**
 * A fresh, migrated database for one test server: `dir`/test.db on SQLite, a new schema on PostgreSQL.
 * `seed` runs before any other query of the store (the test's marketer key), so a synchronous caller
 * may send requests at once.
 */
export function openTestDb(dir: string, seed: (store: Store) => Promise<void> = async () => {}): TestDb {
  if (!ON_POSTGRES) {
    const path = join(dir, 'test.db')
    const store = openSqliteStore(path)
    // Queued first on the one connection, which serves its callers in order.
    const seeded = seed(store)
    const side = new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(path) }) })
    return {
      store,
      side,
      async close() {
        await seeded
        await side.destroy()
        await store.close()
      },
    }
  }
  const base = testDatabaseUrl()
  if (!base) throw new Error('DATABASE_ENGINE=postgres needs TEST_DATABASE_URL')
  const schema = createTestSchema(base)
  const migrated = schema.then(async ({ url }) => {
    const pool = postgresPool(url, postgresOptionsFromEnv())
    // Tests need no durability across a crash of PostgreSQL itself: commits do not wait for the WAL flush.
    pool.on('connect', (client) => void client.query('SET synchronous_commit = off').catch(() => {}))
    // Not destroyed: it would end the store's pool; the store's Kysely ends it.
    const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) })
    await migratePostgres(db)
    await seed(postgresStore(pool))
    return pool
  })
  // makeServer stays synchronous: the pools connect on first use, after the schema is made and migrated.
  const store = postgresStore(() => migrated)
  let sidePool: pg.Pool | undefined
  const side = new Kysely<any>({
    dialect: new PostgresDialect({
      pool: async () => {
        await migrated
        sidePool = postgresPool((await schema).url, { poolMax: 1 })
        return sidePool
      },
    }),
  })
  return {
    store,
    side,
    async close() {
      await side.destroy()
      await store.close()
      // A pool made but never used by a Kysely (its first query never came) is ended here.
      await migrated.then((pool) => (pool.ended ? undefined : pool.end())).catch(() => {})
      await (await schema).drop()
    },
  }
}

/** `n` wins of prize 1 for the activity `code`, written in one statement through `side` (as another process would). */
export async function insertBulkWins(side: Kysely<any>, code: string, n: number, windowStart: number, createdAt: number): Promise<void> {
  await sql`WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i + 1 < ${n})
    INSERT INTO wins (activity_id, pid, prize_id, prize_name, prize_type, prize_info, money_cents, secret, window_start, created_at)
    SELECT a.id, 'a:bulk' || i, 1, '奖品', 'physical', '', 0, CAST(100000000000 + i AS TEXT), ${windowStart}, ${createdAt}
    FROM seq, activities a WHERE a.code = ${code}`.execute(side)
}

/** A DATABASE_URL nobody uses yet, for code that opens its own store (boot, the keys CLI): a file, or a schema. */
export async function freshDatabaseUrl(): Promise<{ url: string; drop(): Promise<void> }> {
  if (ON_POSTGRES) {
    const schema = await createTestSchema(testDatabaseUrl() as string)
    return { url: schema.url, drop: () => schema.drop() }
  }
  const dir = mkdtempSync(join(tmpdir(), 'lottery-url-'))
  return { url: join(dir, 'lottery.db'), drop: async () => rmSync(dir, { recursive: true, force: true }) }
}
