import Database from 'better-sqlite3'
import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate } from '../../server/db/migrations'
import { openPostgres, PostgresConnectError, postgresPool, postgresOptionsFromEnv, splitSchema } from '../../server/db/postgres/connection'
import { migratePostgres, PG_MIGRATIONS, PG_SCHEMA_VERSION, SchemaTooNewError } from '../../server/db/postgres/migrations'
import { createTestSchema, pgTitle, testDatabaseUrl, type TestSchema } from './pgTestSchema'

/**
 * PostgreSQL's schema (server/db/postgres/) against SQLite's: the same tables, columns, keys, unique
 * indexes, foreign keys and indexes, each unique index enforced; the migration runner under concurrency and
 * against a newer database; the pool's settings. Needs TEST_DATABASE_URL (CI sets it); skipped, saying so, without.
 */

const BASE = testDatabaseUrl()

/** SQLite's schema at its latest version, read from a migrated in-memory database. */
function sqliteSchema() {
  const db = new Database(':memory:')
  migrate(db)
  try {
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('migrations', 'sqlite_sequence') ORDER BY name`).pluck().all() as string[])
    const columns: Record<string, { name: string; type: string; notnull: boolean }[]> = {}
    const unique = new Set<string>()
    const foreign = new Set<string>()
    for (const t of tables) {
      const info = db.prepare(`PRAGMA table_info(${t})`).all() as { name: string; type: string; notnull: number; pk: number }[]
      columns[t] = info.map((c) => ({ name: c.name, type: c.type, notnull: c.notnull === 1 || c.pk > 0 }))
      const pk = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk)
      // INTEGER PRIMARY KEY is the rowid itself: no index of its own, unique all the same.
      if (pk.length === 1 && pk[0]?.type === 'INTEGER') unique.add(`${t}(${pk[0].name})`)
      for (const ix of db.prepare(`PRAGMA index_list(${t})`).all() as { name: string; unique: number }[]) {
        if (!ix.unique) continue
        const cols = (db.prepare(`PRAGMA index_info(${ix.name})`).all() as { seqno: number; name: string }[]).sort((a, b) => a.seqno - b.seqno).map((c) => c.name)
        unique.add(`${t}(${cols.join(',')})`)
      }
      for (const fk of db.prepare(`PRAGMA foreign_key_list(${t})`).all() as { table: string; from: string; to: string }[]) foreign.add(`${t}.${fk.from} -> ${fk.table}.${fk.to}`)
    }
    const indexes = db.prepare(`SELECT name, sql LIKE '% WHERE %' AS partial FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name`).all() as { name: string; partial: number }[]
    return { tables, columns, unique, foreign, indexes: indexes.map((i) => `${i.name}${i.partial ? ' (partial)' : ''}`) }
  } finally {
    db.close()
  }
}

async function pgSchema(db: Kysely<any>, schema: string) {
  const tables = (await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ${schema} AND table_name <> 'schema_version' ORDER BY 1`.execute(db)).rows.map((r) => r.name)
  const columns: Record<string, { name: string; type: string; notnull: boolean }[]> = {}
  const cols = await sql<{ t: string; name: string; type: string; nullable: string }>`
    SELECT table_name AS t, column_name AS name, data_type AS type, is_nullable AS nullable FROM information_schema.columns
    WHERE table_schema = ${schema} AND table_name <> 'schema_version' ORDER BY table_name, ordinal_position`.execute(db)
  for (const c of cols.rows) (columns[c.t] ??= []).push({ name: c.name, type: c.type, notnull: c.nullable === 'NO' })
  const ix = await sql<{ t: string; name: string; cols: string; uniq: boolean; partial: boolean; primary: boolean }>`
    SELECT t.relname AS t, i.relname AS name, string_agg(a.attname, ',' ORDER BY k.ord) AS cols,
      x.indisunique AS uniq, x.indpred IS NOT NULL AS partial, x.indisprimary AS primary
    FROM pg_index x
    JOIN pg_class i ON i.oid = x.indexrelid
    JOIN pg_class t ON t.oid = x.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
    WHERE n.nspname = ${schema} AND t.relname <> 'schema_version'
    GROUP BY t.relname, i.relname, x.indisunique, x.indpred, x.indisprimary`.execute(db)
  const fks = await sql<{ fk: string }>`
    SELECT c.conrelid::regclass::text || '.' || a.attname || ' -> ' || c.confrelid::regclass::text || '.' || r.attname AS fk
    FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
    JOIN pg_attribute r ON r.attrelid = c.confrelid AND r.attnum = c.confkey[1]
    WHERE c.contype = 'f' AND c.connamespace = ${schema}::regnamespace`.execute(db)
  return {
    tables,
    columns,
    uniqueIndexes: ix.rows.filter((r) => r.uniq),
    // Indexes the migrations name (not the ones PRIMARY KEY and UNIQUE make).
    indexes: ix.rows
      .filter((r) => !r.primary && !/_key$/.test(r.name))
      .map((r) => `${r.name}${r.partial ? ' (partial)' : ''}`)
      .sort(),
    foreign: new Set(fks.rows.map((r) => r.fk)),
  }
}

/** SQLite's column type as PostgreSQL's: INTEGER is BIGINT (0/1 flags: integer), TEXT is text. */
const PG_TYPES: Record<string, string[]> = { INTEGER: ['bigint', 'integer'], TEXT: ['text'] }

/** The database's error code and constraint of a failed statement. */
async function failure(run: Promise<unknown>): Promise<{ code?: string; constraint?: string }> {
  try {
    await run
  } catch (err) {
    const e = err as { code?: string; constraint?: string }
    return { code: e.code, constraint: e.constraint }
  }
  throw new Error('the statement succeeded')
}

describe.skipIf(!BASE)(pgTitle('PostgreSQL schema (server/db/postgres)'), () => {
  let schema: TestSchema
  let db: Kysely<any>

  beforeAll(async () => {
    schema = await createTestSchema(BASE as string)
    db = await openPostgres(schema.url, { poolMax: 4 })
    expect(await migratePostgres(db)).toEqual({ from: 0, to: PG_SCHEMA_VERSION, applied: PG_MIGRATIONS.map((m) => m.id) })
  })

  afterAll(async () => {
    await db?.destroy()
    await schema?.drop()
  })

  it('migrates a fresh schema to the version this code knows, in its own schema only', async () => {
    const versions = await sql<{ version: number; name: string }>`SELECT version, name FROM schema_version ORDER BY version`.execute(db)
    expect(versions.rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((m) => m.id))
    const elsewhere = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('wins', 'schema_version')`.execute(db)
    expect(elsewhere.rows[0]?.n).toBe(0)
    // Migrating again applies nothing.
    expect(await migratePostgres(db)).toEqual({ from: PG_SCHEMA_VERSION, to: PG_SCHEMA_VERSION, applied: [] })
  })

  it("has SQLite's tables and columns (same order, types, NOT NULL), foreign keys and indexes", async () => {
    const lite = sqliteSchema()
    const pgs = await pgSchema(db, schema.schema)
    expect(pgs.tables).toEqual(lite.tables)
    for (const t of lite.tables) {
      const want = lite.columns[t] ?? []
      const got = pgs.columns[t] ?? []
      expect(got.map((c) => c.name), t).toEqual(want.map((c) => c.name))
      for (const [i, c] of want.entries()) {
        expect(PG_TYPES[c.type], `${t}.${c.name} ${c.type}`).toContain(got[i]?.type)
        expect(got[i]?.notnull, `${t}.${c.name} NOT NULL`).toBe(c.notnull)
      }
    }
    expect(pgs.foreign).toEqual(lite.foreign)
    expect(pgs.indexes).toEqual(lite.indexes.filter((name) => !name.startsWith('sqlite_')).sort())
    expect(new Set(pgs.uniqueIndexes.map((r) => `${r.t}(${r.cols})`))).toEqual(lite.unique)
  })

  it('enforces every unique index: the second row is refused with 23505 naming it', async () => {
    const now = Date.now()
    const run = (text: string) => sql.raw(text).execute(db)
    const { rows } = await sql<{ id: number }>`INSERT INTO activities (code, config, next_prize_id, created_at, updated_at) VALUES ('u-a', '{}', 2, ${now}, ${now}) RETURNING id`.execute(db)
    const a = rows[0]?.id as number
    await run(`INSERT INTO token_chains (id, activity_id, pid, created_at) VALUES ('chain-1', ${a}, 'p1', ${now})`)
    await run(`INSERT INTO wechat_people (openid, snapshot, ref, created_at, updated_at) VALUES ('o1', 0, 'ref-1', ${now}, ${now})`)
    const win = (id: string, pid: string, secret: string, windowStart: number) =>
      `INSERT INTO wins (${id ? 'id, ' : ''}activity_id, pid, prize_id, prize_name, prize_type, prize_info, money_cents, secret, window_start, created_at)
       VALUES (${id ? `${id}, ` : ''}${a}, '${pid}', 1, 'p', 'virtual', '', 0, '${secret}', ${windowStart}, ${now})`
    // [index, first row, a second row that repeats only the index's columns]
    const cases: [string, string, string][] = [
      ['settings_pkey', `INSERT INTO settings VALUES ('k', 'v1')`, `INSERT INTO settings VALUES ('k', 'v2')`],
      ['marketer_keys_pkey', `INSERT INTO marketer_keys (id, hash, label, created_at) VALUES (100, 'h1', 'a', ${now})`, `INSERT INTO marketer_keys (id, hash, label, created_at) VALUES (100, 'h2', 'b', ${now})`],
      ['marketer_keys_hash_key', `INSERT INTO marketer_keys (hash, label, created_at) VALUES ('h3', 'a', ${now})`, `INSERT INTO marketer_keys (hash, label, created_at) VALUES ('h3', 'b', ${now})`],
      ['activities_pkey', `INSERT INTO activities (id, code, config, next_prize_id, created_at, updated_at) VALUES (1000, 'u-b', '{}', 1, ${now}, ${now})`, `INSERT INTO activities (id, code, config, next_prize_id, created_at, updated_at) VALUES (1000, 'u-c', '{}', 1, ${now}, ${now})`],
      ['activities_code_key', `SELECT 1`, `INSERT INTO activities (code, config, next_prize_id, created_at, updated_at) VALUES ('u-a', '{}', 1, ${now}, ${now})`],
      ['prize_stock_pkey', `INSERT INTO prize_stock (activity_id, prize_id, active, remaining) VALUES (${a}, 1, 1, 5)`, `INSERT INTO prize_stock (activity_id, prize_id, active, remaining) VALUES (${a}, 1, 0, 6)`],
      ['participants_pkey', `INSERT INTO participants (activity_id, pid, created_at) VALUES (${a}, 'p1', ${now})`, `INSERT INTO participants (activity_id, pid, plays, created_at) VALUES (${a}, 'p1', 3, ${now + 1})`],
      ['window_counters_pkey', `INSERT INTO window_counters (activity_id, pid, window_start) VALUES (${a}, 'p1', 0)`, `INSERT INTO window_counters (activity_id, pid, window_start, plays) VALUES (${a}, 'p1', 0, 2)`],
      ['wins_pkey', win('500', 'p1', 's-1', 0), win('500', 'p2', 's-2', 1)],
      ['wins_secret_key', win('', 'p3', 's-3', 0), win('', 'p4', 's-3', 0)],
      ['wins_one_per_window', win('', 'p5', 's-5', 7), win('', 'p5', 's-6', 7)],
      ['award_requests_pkey', `INSERT INTO award_requests VALUES (${a}, 'p1', 'r1', '{}', ${now})`, `INSERT INTO award_requests VALUES (${a}, 'p1', 'r1', '{"x":1}', ${now + 1})`],
      ['token_chains_pkey', `SELECT 1`, `INSERT INTO token_chains (id, activity_id, pid, created_at) VALUES ('chain-1', ${a}, 'p2', ${now})`],
      ['tokens_pkey', `INSERT INTO tokens (jti, chain_id, issued_at, expires_at) VALUES ('j1', 'chain-1', ${now}, ${now})`, `INSERT INTO tokens (jti, chain_id, issued_at, expires_at) VALUES ('j1', 'chain-1', ${now + 1}, ${now + 1})`],
      ['wechat_people_pkey', `SELECT 1`, `INSERT INTO wechat_people (openid, snapshot, ref, created_at, updated_at) VALUES ('o1', 1, 'ref-2', ${now}, ${now})`],
      ['wechat_people_ref_key', `SELECT 1`, `INSERT INTO wechat_people (openid, snapshot, ref, created_at, updated_at) VALUES ('o2', 0, 'ref-1', ${now}, ${now})`],
      ['wechat_sessions_pkey', `INSERT INTO wechat_sessions VALUES ('sh', 'o1', ${now})`, `INSERT INTO wechat_sessions VALUES ('sh', 'o1', ${now + 1})`],
      ['wechat_states_pkey', `INSERT INTO wechat_states (state, nonce_hash, activity_code, scope, created_at) VALUES ('st', 'n', 'c', 's', ${now})`, `INSERT INTO wechat_states (state, nonce_hash, activity_code, scope, created_at) VALUES ('st', 'm', 'd', 't', ${now})`],
      ['wechat_referrals_pkey', `INSERT INTO wechat_referrals VALUES (${a}, 'i1', 's1', 0, ${now})`, `INSERT INTO wechat_referrals VALUES (${a}, 'i1', 's2', 1, ${now})`],
      ['activity_minutes_pkey', `INSERT INTO activity_minutes (activity_id, minute) VALUES (${a}, 60000)`, `INSERT INTO activity_minutes (activity_id, minute, plays) VALUES (${a}, 60000, 1)`],
      ['play_log_pkey', `INSERT INTO play_log (id, activity_id, pid, window_start, created_at) VALUES (9, ${a}, 'p1', 0, ${now})`, `INSERT INTO play_log (id, activity_id, pid, window_start, created_at) VALUES (9, ${a}, 'p2', 1, ${now})`],
    ]
    for (const [index, first, second] of cases) {
      await run(first)
      expect(await failure(run(second)), index).toEqual({ code: '23505', constraint: index })
    }
    // Every unique index of the schema has its case above.
    const pgs = await pgSchema(db, schema.schema)
    expect(cases.map(([index]) => index).sort()).toEqual(pgs.uniqueIndexes.map((r) => r.name).sort())
  })

  it('enforces the CHECK on stock and the foreign keys', async () => {
    const now = Date.now()
    const { rows } = await sql<{ id: number }>`INSERT INTO activities (code, config, next_prize_id, created_at, updated_at) VALUES ('c-a', '{}', 2, ${now}, ${now}) RETURNING id`.execute(db)
    const a = rows[0]?.id as number
    await sql`INSERT INTO prize_stock (activity_id, prize_id, active, remaining) VALUES (${a}, 1, 1, 1)`.execute(db)
    expect((await failure(sql`UPDATE prize_stock SET remaining = remaining - 2 WHERE activity_id = ${a}`.execute(db))).code).toBe('23514')
    expect((await failure(sql`INSERT INTO participants (activity_id, pid, created_at) VALUES (${a + 10_000}, 'x', ${now})`.execute(db))).code).toBe('23503')
    expect((await failure(sql`INSERT INTO tokens (jti, chain_id, issued_at, expires_at) VALUES ('jx', 'no-chain', 1, 2)`.execute(db))).code).toBe('23503')
    expect((await failure(sql`INSERT INTO wechat_sessions VALUES ('h', 'nobody', 1)`.execute(db))).code).toBe('23503')
  })

  it('gives ids from the identity on RETURNING, and BIGINT, COUNT and SUM back as numbers', async () => {
    const now = Date.now()
    const first = await sql<{ id: unknown }>`INSERT INTO play_log (activity_id, pid, window_start, created_at) VALUES (1, 'n1', 0, ${now}) RETURNING id`.execute(db)
    const second = await sql<{ id: unknown }>`INSERT INTO play_log (activity_id, pid, window_start, created_at) VALUES (1, 'n2', 0, ${now}) RETURNING id`.execute(db)
    expect(typeof first.rows[0]?.id).toBe('number')
    expect(second.rows[0]?.id).toBe((first.rows[0]?.id as number) + 1)
    const r = await sql<Record<string, unknown>>`
      SELECT COUNT(*) AS n, SUM(created_at) AS total, MAX(created_at) AS latest, AVG(window_start) AS avg,
        created_at / 60000 * 60000 AS minute, 9007199254740991::bigint AS biggest
      FROM play_log WHERE pid IN ('n1', 'n2') GROUP BY created_at`.execute(db)
    expect(r.rows[0]).toEqual({ n: 2, total: 2 * now, latest: now, avg: 0, minute: Math.floor(now / 60000) * 60000, biggest: Number.MAX_SAFE_INTEGER })
    // Beyond 2^53 a BIGINT would round: refused rather than silently wrong.
    await expect(sql`SELECT 9007199254740993::bigint AS x`.execute(db)).rejects.toThrow(/safe integers/)
  })

  it('three processes migrating one fresh schema at once: one set of tables, each migration applied once', async () => {
    const fresh = await createTestSchema(BASE as string)
    const dbs = await Promise.all([1, 2, 3].map(() => openPostgres(fresh.url, { poolMax: 2 })))
    try {
      const reports = await Promise.all(dbs.map((d) => migratePostgres(d)))
      expect(reports.flatMap((r) => r.applied).sort((a, b) => a - b)).toEqual(PG_MIGRATIONS.map((m) => m.id))
      expect(reports.every((r) => r.to === PG_SCHEMA_VERSION)).toBe(true)
      const d = dbs[0] as Kysely<any>
      expect((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM schema_version`.execute(d)).rows[0]?.n).toBe(PG_SCHEMA_VERSION)
      const tables = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ${fresh.schema}`.execute(d)
      expect(tables.rows[0]?.n).toBe(sqliteSchema().tables.length + 1)
    } finally {
      await Promise.all(dbs.map((d) => d.destroy()))
      await fresh.drop()
    }
  })

  it('refuses a database a newer version migrated, and changes nothing in it', async () => {
    const fresh = await createTestSchema(BASE as string)
    const d = await openPostgres(fresh.url)
    try {
      await migratePostgres(d)
      await sql`INSERT INTO schema_version VALUES (${PG_SCHEMA_VERSION + 1}, 'from the future', 0)`.execute(d)
      const err = await migratePostgres(d).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(SchemaTooNewError)
      expect(String((err as Error).message)).toMatch(new RegExp(`version ${PG_SCHEMA_VERSION + 1}, newer than this server knows \\(${PG_SCHEMA_VERSION}\\)`))
      expect((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM schema_version`.execute(d)).rows[0]?.n).toBe(PG_SCHEMA_VERSION + 1)
    } finally {
      await d.destroy()
      await fresh.drop()
    }
  })

  it('refuses a ?schema= that does not exist, naming it', async () => {
    const d = await openPostgres(`${splitSchema(BASE as string).connectionString}${BASE?.includes('?') ? '&' : '?'}schema=t_missing_schema`)
    try {
      await expect(migratePostgres(d)).rejects.toThrow(/t_missing_schema.*CREATE SCHEMA/)
    } finally {
      await d.destroy()
    }
  })

  it('keeps the pool to its size and applies the statement timeout', async () => {
    const d = await openPostgres(schema.url, { poolMax: 2, statementTimeoutMs: 200 })
    try {
      const pids = await Promise.all(Array.from({ length: 6 }, () => sql<{ pid: number }>`SELECT pg_backend_pid() AS pid, pg_sleep(0.05)`.execute(d)))
      expect(new Set(pids.map((r) => r.rows[0]?.pid)).size).toBeLessThanOrEqual(2)
      expect((await failure(sql`SELECT pg_sleep(2)`.execute(d))).code).toBe('57014')
    } finally {
      await d.destroy()
    }
  })

  it('ends a transaction left idle past the statement timeout, releasing its row locks', async () => {
    const pool = postgresPool(schema.url, { poolMax: 2, statementTimeoutMs: 300 })
    try {
      await pool.query('CREATE TABLE t_idle (id INT PRIMARY KEY)')
      await pool.query('INSERT INTO t_idle VALUES (1)')
      const stalled = await pool.connect()
      const lost = new Promise<unknown>((resolve) => stalled.on('error', resolve))
      await stalled.query('BEGIN')
      await stalled.query('SELECT id FROM t_idle WHERE id = 1 FOR UPDATE')
      // Another connection waits for the row (with no statement timeout of its own): the server ends the
      // stalled transaction and the waiter goes on.
      const waiter = await pool.connect()
      await waiter.query('SET statement_timeout = 0')
      const t0 = Date.now()
      await waiter.query('UPDATE t_idle SET id = 2 WHERE id = 1')
      expect(Date.now() - t0).toBeLessThan(5_000)
      expect(((await lost) as { code?: string }).code).toBe('25P03')
      waiter.release(true)
      stalled.release(true)
    } finally {
      await pool.end()
    }
  })

  it('explains a wrong password and a missing database at startup', async () => {
    const wrongPassword = new URL(splitSchema(BASE as string).connectionString)
    wrongPassword.password = 'not-the-password'
    const auth = await openPostgres(wrongPassword.toString()).catch((e: unknown) => e)
    expect(auth).toBeInstanceOf(PostgresConnectError)
    expect((auth as Error).message).toMatch(/refused user '[^']+'.*password/)
    expect((auth as Error).message).not.toContain('not-the-password')
    const missing = new URL(splitSchema(BASE as string).connectionString)
    missing.pathname = '/no_such_database_here'
    const db404 = await openPostgres(missing.toString()).catch((e: unknown) => e)
    expect((db404 as Error).message).toMatch(/has no database 'no_such_database_here'/)
  })
})

// These need no PostgreSQL server.
describe('PostgreSQL settings and startup errors', () => {
  it('reads PG_POOL_MAX, PG_STATEMENT_TIMEOUT_MS and PG_CONNECT_TIMEOUT_MS, refusing nonsense', () => {
    expect(postgresOptionsFromEnv({})).toEqual({ poolMax: 10, statementTimeoutMs: 10_000, connectTimeoutMs: 10_000 })
    expect(postgresOptionsFromEnv({ PG_POOL_MAX: '3', PG_STATEMENT_TIMEOUT_MS: '0' })).toMatchObject({ poolMax: 3, statementTimeoutMs: 0 })
    expect(() => postgresOptionsFromEnv({ PG_POOL_MAX: '0' })).toThrow(/PG_POOL_MAX must be an integer in \[1, 1000\]/)
    expect(() => postgresOptionsFromEnv({ PG_POOL_MAX: 'ten' })).toThrow(/PG_POOL_MAX/)
  })

  it('takes ?schema= off the URL, and refuses one that is not a plain identifier', () => {
    expect(splitSchema('postgres://u:p@h:5/db?schema=t_1&sslmode=require')).toEqual({ connectionString: 'postgres://u:p@h:5/db?sslmode=require', schema: 't_1' })
    expect(() => splitSchema('postgres://u@h/db?schema=a;DROP TABLE x')).toThrow(/plain identifier/)
    expect(() => splitSchema('postgres://u@h/db?schema=a%20b')).toThrow(/plain identifier/)
  })

  it('says a host is unreachable, without the password', async () => {
    const err = await openPostgres('postgres://lottery:s3cret@127.0.0.1:1/lottery', { connectTimeoutMs: 2000 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PostgresConnectError)
    expect((err as Error).message).toMatch(/PostgreSQL at 127\.0\.0\.1:1 is unreachable \(ECONNREFUSED\)/)
    expect((err as Error).message).not.toContain('s3cret')
  })
})
