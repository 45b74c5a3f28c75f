import type { DatabaseConnection } from 'kysely'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { postgresPool } from '../../server/db/postgres/connection'
import { NamedStatementsDriver } from '../../server/db/postgres/driver'
import { createTestSchema, driverTestKit, pgTitle, rawQuery, testDatabaseUrl, type TestSchema } from './pgTestSchema'

/**
 * The store's PostgreSQL driver (server/db/postgres/driver.ts) on a real server: named statements, one
 * write per statement, BEGIN sent with the transaction's first statement — results, errors, rollbacks,
 * types and timeouts as node-postgres gives them. Needs TEST_DATABASE_URL; skipped, saying so, without.
 */

const BASE = testDatabaseUrl()

const q = rawQuery

describe.skipIf(!BASE)(pgTitle('PostgreSQL driver'), () => {
  let schema: TestSchema
  let driver: NamedStatementsDriver
  /** Another process's view: what has committed. */
  let other: pg.Client
  const held: DatabaseConnection[] = []

  const { acquire, committed } = driverTestKit(() => driver, () => other, held)

  beforeAll(async () => {
    schema = await createTestSchema(BASE as string)
    driver = new NamedStatementsDriver(postgresPool(schema.url, { poolMax: 2, statementTimeoutMs: 300 }))
    await driver.init()
    other = new pg.Client({ connectionString: BASE as string })
    await other.connect()
    await other.query(`SET search_path = ${schema.schema}`)
    await other.query('CREATE TABLE kv (k text PRIMARY KEY, v bigint, note text)')
  })

  afterEach(async () => {
    for (const c of held.splice(0)) await driver.releaseConnection(c)
    await other.query('TRUNCATE kv')
  })

  afterAll(async () => {
    await driver?.destroy()
    await other?.end()
    await schema?.drop()
  })

  it('reads BIGINT, NUMERIC and COUNT as numbers, NULL as null, on the first run and the cached ones, with and without parameters', async () => {
    const c = await acquire()
    const text = 'SELECT $1::bigint AS big, 2.5::numeric AS num, count(*) AS n, NULL::int AS none, $2::text AS t FROM kv'
    for (let run = 0; run < 3; run++) {
      expect((await c.executeQuery(q(text, [9007199254740991, '抽奖 ✓']))).rows).toEqual([{ big: 9007199254740991, num: 2.5, n: 0, none: null, t: '抽奖 ✓' }])
    }
    expect((await c.executeQuery(q('SELECT 7::bigint AS seven, true AS yes'))).rows).toEqual([{ seven: 7, yes: true }])
    // A BIGINT beyond 2^53 is an error, never a rounded figure.
    await expect(c.executeQuery(q('SELECT $1::bigint AS x', ['9007199254740993']))).rejects.toThrow(/beyond JavaScript's safe integers/)
  })

  it('sends booleans, JSON, dates, buffers and NULL as node-postgres does', async () => {
    const c = await acquire()
    const { rows } = await c.executeQuery<Record<string, unknown>>(
      q('SELECT $1::boolean AS b, $2::jsonb AS j, $3::timestamptz = $4::timestamptz AS same, $5::bytea AS bytes, $6::text IS NULL AS missing', [
        false,
        { a: [1, '二'] },
        new Date(1_700_000_000_000),
        '2023-11-14T22:13:20Z',
        Buffer.from([0, 1, 255]),
        undefined,
      ]),
    )
    expect(rows).toEqual([{ b: false, j: { a: [1, '二'] }, same: true, bytes: Buffer.from([0, 1, 255]), missing: true }])
  })

  it('counts the rows a statement changed (INSERT … ON CONFLICT DO NOTHING gives 0), none for a SELECT', async () => {
    const c = await acquire()
    const insert = 'INSERT INTO kv (k, v) VALUES ($1, $2) ON CONFLICT (k) DO NOTHING'
    expect((await c.executeQuery(q(insert, ['a', 1]))).numAffectedRows).toBe(1n)
    expect((await c.executeQuery(q(insert, ['a', 1]))).numAffectedRows).toBe(0n)
    expect((await c.executeQuery(q(insert, ['b', 1]))).numAffectedRows).toBe(1n)
    expect((await c.executeQuery(q('UPDATE kv SET v = v + $1 WHERE v >= $2', [1, 1]))).numAffectedRows).toBe(2n)
    expect((await c.executeQuery(q('DELETE FROM kv WHERE k = $1 RETURNING v', ['a']))).rows).toEqual([{ v: 2 }])
    expect((await c.executeQuery(q('SELECT k FROM kv WHERE v = $1', [2]))).numAffectedRows).toBeUndefined()
  })

  it('an error mid-transaction: the unique violation surfaces with its code and constraint, ROLLBACK undoes the earlier statements', async () => {
    const c = await acquire()
    await c.executeQuery(q('BEGIN ISOLATION LEVEL READ COMMITTED'))
    await c.executeQuery(q('INSERT INTO kv (k, v) VALUES ($1, $2)', ['x', 1]))
    const err = await c.executeQuery(q('INSERT INTO kv (k, v) VALUES ($1, $2)', ['x', 2])).catch((e: unknown) => e as { code?: string; constraint?: string })
    expect(err).toMatchObject({ code: '23505', constraint: 'kv_pkey' })
    // The transaction is aborted: PostgreSQL refuses everything until ROLLBACK.
    expect(await c.executeQuery(q('SELECT $1::int AS one', [1])).catch((e: { code?: string }) => e.code)).toBe('25P02')
    await c.executeQuery(q('ROLLBACK'))
    expect(await committed('x')).toBe(0)
    // The same statements, prepared on this connection by the failed run, work on the next one.
    await c.executeQuery(q('INSERT INTO kv (k, v) VALUES ($1, $2)', ['x', 3]))
    expect(await committed('x')).toBe(1)
  })

  it('a statement whose first run failed (the table was missing) is prepared again once it can be', async () => {
    const c = await acquire()
    const text = 'SELECT n FROM later WHERE n = $1'
    expect(await c.executeQuery(q(text, [1])).catch((e: { code?: string }) => e.code)).toBe('42P01')
    await other.query('CREATE TABLE later (n int)')
    await other.query('INSERT INTO later VALUES (1)')
    expect((await c.executeQuery(q(text, [1]))).rows).toEqual([{ n: 1 }])
    // Failing on its first execution (Parse went through): closed and parsed again, not "already exists".
    const insert = 'INSERT INTO kv (k, v) VALUES ($1, $2) RETURNING k'
    await c.executeQuery(q(insert, ['dup', 1]))
    const fresh = await acquire()
    await expect(fresh.executeQuery(q(insert, ['dup', 1]))).rejects.toMatchObject({ code: '23505' })
    expect((await fresh.executeQuery(q(insert, ['dup2', 1]))).rows).toEqual([{ k: 'dup2' }])
  })

  it('a BEGIN that fails (sent with the first statement) fails that statement, which does not run; the connection stays usable', async () => {
    const c = await acquire()
    await c.executeQuery(q('BEGIN ISOLATION LEVEL NONSENSE'))
    await expect(c.executeQuery(q('INSERT INTO kv (k, v) VALUES ($1, $2)', ['nb', 1]))).rejects.toMatchObject({ code: '42601' })
    await c.executeQuery(q('ROLLBACK'))
    expect(await committed('nb')).toBe(0)
    // Outside any transaction again: this commits on its own.
    await c.executeQuery(q('INSERT INTO kv (k, v) VALUES ($1, $2)', ['nb', 1]))
    expect(await committed('nb')).toBe(1)
  })

  it('BEGIN goes out with the first statement: statements run inside the transaction, invisible until COMMIT; an empty transaction sends nothing', async () => {
    const c = await acquire()
    await c.executeQuery(q('BEGIN ISOLATION LEVEL READ COMMITTED'))
    await c.executeQuery(q('COMMIT'))
    await c.executeQuery(q('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY'))
    await c.executeQuery(q('ROLLBACK'))
    await c.executeQuery(q('BEGIN ISOLATION LEVEL READ COMMITTED'))
    // Several at once on the connection (a Promise.all inside a transaction): queued in order, all inside it.
    const [level, inserted] = await Promise.all([
      c.executeQuery<{ level: string }>(q('SELECT current_setting($1) AS level', ['transaction_isolation'])),
      c.executeQuery(q('INSERT INTO kv (k, v) VALUES ($1, $2)', ['t', 1])),
      c.executeQuery(q('UPDATE kv SET note = $1 WHERE k = $2', ['n', 't'])),
    ])
    expect(level.rows).toEqual([{ level: 'read committed' }])
    // The same new statement twice at once: parsed once, both answered.
    const twice = 'SELECT k, $1::int AS n FROM kv WHERE k = $2'
    const both = await Promise.all([1, 2].map((n) => c.executeQuery(q(twice, [n, 't']))))
    expect(both.map((r) => r.rows)).toEqual([[{ k: 't', n: 1 }], [{ k: 't', n: 2 }]])
    expect(inserted.numAffectedRows).toBe(1n)
    expect(await committed('t')).toBe(0)
    await c.executeQuery(q('COMMIT'))
    expect(await committed('t')).toBe(1)
    // A read transaction: its isolation level holds for the statements sent with and after BEGIN.
    await c.executeQuery(q('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY'))
    expect((await c.executeQuery(q('SELECT current_setting($1) AS level', ['transaction_isolation']))).rows).toEqual([{ level: 'repeatable read' }])
    await expect(c.executeQuery(q('INSERT INTO kv (k, v) VALUES ($1, $2)', ['ro', 1]))).rejects.toMatchObject({ code: '25006' })
    await c.executeQuery(q('ROLLBACK'))
  })

  it('cancels a statement past the statement timeout (57014) and rolls its transaction back', async () => {
    const c = await acquire()
    await c.executeQuery(q('BEGIN ISOLATION LEVEL READ COMMITTED'))
    await c.executeQuery(q('INSERT INTO kv (k, v) VALUES ($1, $2)', ['slow', 1]))
    await expect(c.executeQuery(q('SELECT pg_sleep($1)', [2]))).rejects.toMatchObject({ code: '57014' })
    await c.executeQuery(q('ROLLBACK'))
    expect(await committed('slow')).toBe(0)
    expect((await c.executeQuery(q('SELECT $1::int AS ok', [1]))).rows).toEqual([{ ok: 1 }])
  })

  it('a connection lost mid-statement fails the statement and is not given out again', async () => {
    const c = await acquire()
    const pid = (await c.executeQuery<{ pid: number }>(q('SELECT pg_backend_pid() AS pid'))).rows[0]?.pid
    const sleeping = c.executeQuery(q('SELECT pg_sleep($1)', [0.2])).catch((e: { code?: string }) => e.code)
    await new Promise((resolve) => setTimeout(resolve, 50))
    await other.query('SELECT pg_terminate_backend($1)', [pid])
    // PostgreSQL says why (57P01) before it closes the connection; the process lives on.
    expect(await sleeping).toBe('57P01')
    await new Promise((resolve) => setTimeout(resolve, 50))
    await expect(c.executeQuery(q('SELECT $1::int AS one', [1]))).rejects.toThrow(/not queryable/)
    await driver.releaseConnection(held.pop() as DatabaseConnection)
    const pids = await Promise.all([acquire(), acquire()].map(async (next) => (await (await next).executeQuery<{ pid: number }>(q('SELECT pg_backend_pid() AS pid'))).rows[0]?.pid))
    expect(pids).not.toContain(pid)
  })
})
