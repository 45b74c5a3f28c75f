import Database from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely'
import type pg from 'pg'
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

/** A fresh, migrated database for one test server: `dir`/test.db on SQLite, a new schema on PostgreSQL. */
export function openTestDb(dir: string): TestDb {
  if (!ON_POSTGRES) {
    const path = join(dir, 'test.db')
    const store = openSqliteStore(path)
    const side = new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(path) }) })
    return {
      store,
      side,
      async close() {
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
    // Not destroyed: it would end the store's pool; the store's Kysely ends it.
    await migratePostgres(new Kysely<any>({ dialect: new PostgresDialect({ pool }) }))
    return pool
  })
  // makeServer stays synchronous: the pools connect on first use, after the schema is made and migrated.
  const store = postgresStore(new Kysely<any>({ dialect: new PostgresDialect({ pool: () => migrated }) }))
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
