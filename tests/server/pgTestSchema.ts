import { randomBytes } from 'node:crypto'
import pg from 'pg'
import type { CompiledQuery, DatabaseConnection, Driver } from 'kysely'
import { splitSchema } from '../../server/db/postgres/connection'

/** A schema of its own on the test database: one per test server, so servers never see each other's rows. */
export interface TestSchema {
  /** The database URL with ?schema=<name> (the server's search_path). */
  url: string
  schema: string
  /** DROP SCHEMA … CASCADE: everything the server created in it. Safe to call twice. */
  drop(): Promise<void>
}

/** TEST_DATABASE_URL when it is set (CI sets it; .ci/run), else null: the caller skips and says why. */
export function testDatabaseUrl(): string | null {
  const url = process.env.TEST_DATABASE_URL?.trim()
  return url ? url : null
}

export const NO_PG_REASON = 'TEST_DATABASE_URL is not set (PostgreSQL tests need a reachable server; .ci/run sets it)'

/** A PostgreSQL-only suite's title: says why it is skipped when no server is reachable. */
export const pgTitle = (name: string): string => (testDatabaseUrl() ? name : `${name} (skipped: ${NO_PG_REASON})`)

async function run(connectionString: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString })
  await client.connect()
  try {
    await client.query(text)
  } finally {
    await client.end()
  }
}

/** CREATE SCHEMA t_<random> on `url`'s database; the name is ours (hex), so it is quoted safely as is. */
export async function createTestSchema(url: string): Promise<TestSchema> {
  const { connectionString } = splitSchema(url)
  const schema = `t_${randomBytes(8).toString('hex')}`
  await run(connectionString, `CREATE SCHEMA ${schema}`)
  const withSchema = new URL(connectionString)
  withSchema.searchParams.set('schema', schema)
  let dropped = false
  return {
    url: withSchema.toString(),
    schema,
    async drop() {
      if (dropped) return
      dropped = true
      // A server process still winding down (a cluster worker after its primary exited) may hold locks in
      // the schema: PostgreSQL then picks the DROP as a deadlock's victim. Its work ends soon; try again.
      for (let attempt = 1; ; attempt++) {
        try {
          return await run(connectionString, `DROP SCHEMA IF EXISTS ${schema} CASCADE`)
        } catch (err) {
          if ((err as { code?: unknown }).code !== '40P01' || attempt >= 5) throw err
          await new Promise((resolve) => setTimeout(resolve, 300 * attempt))
        }
      }
    },
  }
}

/** A compiled query from its SQL text and parameters, for a driver under test. */
export const rawQuery = (sql: string, parameters: unknown[] = []) => ({ sql, parameters }) as unknown as CompiledQuery

/**
 * The driver tests' shared helpers over their `kv (k, v, note)` table: `acquire` takes a connection from the
 * driver and keeps it in `held` (each test's afterEach releases them); `committed` counts a key's rows as
 * another session sees them (what has committed). Getters, since the driver and the client are made in beforeAll.
 */
export function driverTestKit(driver: () => Driver, other: () => pg.Client, held: DatabaseConnection[]) {
  return {
    async acquire(): Promise<DatabaseConnection> {
      const c = await driver().acquireConnection()
      held.push(c)
      return c
    },
    committed: async (k: string): Promise<number> =>
      (await other().query('SELECT count(*)::int AS n FROM kv WHERE k = $1', [k])).rows[0].n as number,
  }
}
