import { sql, type Kysely } from 'kysely'
import { describe, expect, it } from 'vitest'
import { openPostgres } from '../../server/db/postgres/connection'
import { migratePostgres } from '../../server/db/postgres/migrations'
import { createTestSchema, NO_PG_REASON, testDatabaseUrl } from './pgTestSchema'

/** createTestSchema: each test server's own schema, created empty and dropped with everything in it. */

const BASE = testDatabaseUrl()

async function schemaExists(db: Kysely<any>, name: string): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM pg_namespace WHERE nspname = ${name}`.execute(db)
  return rows[0]?.n === 1
}

describe.skipIf(!BASE)(BASE ? 'createTestSchema' : `createTestSchema (skipped: ${NO_PG_REASON})`, () => {
  it('gives two servers two schemas: rows of one are not seen by the other, and drop() removes one and only one', async () => {
    const [one, two] = await Promise.all([createTestSchema(BASE as string), createTestSchema(BASE as string)])
    const [a, b] = await Promise.all([openPostgres(one.url), openPostgres(two.url)])
    const admin = await openPostgres(BASE as string)
    try {
      expect(one.schema).toMatch(/^t_[0-9a-f]{16}$/)
      expect(one.schema).not.toBe(two.schema)
      expect(new URL(one.url).searchParams.get('schema')).toBe(one.schema)
      await Promise.all([migratePostgres(a), migratePostgres(b)])
      await sql`INSERT INTO settings VALUES ('only-in-one', 'x')`.execute(a)
      expect((await sql`SELECT * FROM settings`.execute(a)).rows).toHaveLength(1)
      expect((await sql`SELECT * FROM settings`.execute(b)).rows).toHaveLength(0)
      expect((await sql<{ s: string }>`SELECT current_schema() AS s`.execute(a)).rows[0]?.s).toBe(one.schema)

      await a.destroy()
      await one.drop()
      await one.drop() // a second drop (afterAll after a failed close) is harmless
      expect(await schemaExists(admin, one.schema)).toBe(false)
      expect(await schemaExists(admin, two.schema)).toBe(true)
      expect((await sql`SELECT * FROM settings`.execute(b)).rows).toHaveLength(0)
    } finally {
      await Promise.all([a.destroy().catch(() => {}), b.destroy(), admin.destroy()])
      await Promise.all([one.drop(), two.drop()])
    }
  })

  it('keeps a URL that already names a schema or other parameters: the new schema replaces it, the rest stays', async () => {
    const base = new URL(BASE as string)
    base.searchParams.set('schema', 'public')
    base.searchParams.set('application_name', 'schema-test')
    const s = await createTestSchema(base.toString())
    try {
      const url = new URL(s.url)
      expect(url.searchParams.get('schema')).toBe(s.schema)
      expect(url.searchParams.get('application_name')).toBe('schema-test')
    } finally {
      await s.drop()
    }
  })
})
