import type { DatabaseConnection } from 'kysely'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { postgresPool } from '../../server/db/postgres/connection'
import { NamedStatementsDriver, NotRun } from '../../server/db/postgres/driver'
import { createTestSchema, driverTestKit, pgTitle, rawQuery, testDatabaseUrl, type TestSchema } from './pgTestSchema'

/**
 * The driver's batches (server/db/postgres/driver.ts) on a real server: statements issued on one
 * connection without waiting for each other go out together (one write, one Sync, one round trip), each
 * answered with its own result; a failure rejects the ones after it as not run. Round trips are counted
 * where they leave the driver (pg's client.query, one per batch). Needs TEST_DATABASE_URL.
 */

const BASE = testDatabaseUrl()

const q = rawQuery

describe.skipIf(!BASE)(pgTitle('PostgreSQL driver batches'), () => {
  let schema: TestSchema
  let driver: NamedStatementsDriver
  let other: pg.Client
  const held: DatabaseConnection[] = []
  /** Batches sent (round trips) and the statements in each. */
  const batches: number[] = []
  const warnings: string[] = []
  const onWarning = (w: Error) => warnings.push(w.message)

  const { acquire, committed } = driverTestKit(() => driver, () => other, held)

  beforeAll(async () => {
    schema = await createTestSchema(BASE as string)
    const pool = postgresPool(schema.url, { poolMax: 2, statementTimeoutMs: 2000 })
    const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>
    const counting = new WeakSet<pg.PoolClient>()
    pool.connect = (async () => {
      const client = await connect()
      if (!counting.has(client)) {
        counting.add(client)
        const query = client.query.bind(client) as (config: unknown) => unknown
        client.query = ((config: { statements?: number }) => {
          batches.push(config.statements ?? 1)
          return query(config)
        }) as typeof client.query
      }
      return client
    }) as typeof pool.connect
    driver = new NamedStatementsDriver(pool)
    await driver.init()
    other = new pg.Client({ connectionString: BASE as string })
    await other.connect()
    await other.query(`SET search_path = ${schema.schema}`)
    await other.query('CREATE TABLE kv (k text PRIMARY KEY, v bigint, note text)')
    process.on('warning', onWarning)
  })

  afterEach(async () => {
    for (const c of held.splice(0)) await driver.releaseConnection(c)
    await other.query('TRUNCATE kv')
    batches.length = 0
  })

  afterAll(async () => {
    process.off('warning', onWarning)
    await driver?.destroy()
    await other?.end()
    await schema?.drop()
  })

  it('statements issued together go out as one batch, each answered with its own result, in order', async () => {
    const c = await acquire()
    batches.length = 0
    await c.executeQuery(q('BEGIN ISOLATION LEVEL READ COMMITTED'))
    const results = await Promise.all([
      c.executeQuery(q('INSERT INTO kv (k, v) VALUES ($1, $2), ($3, $4)', ['a', 1, 'b', 2])),
      c.executeQuery(q('SELECT k, v FROM kv ORDER BY k')),
      c.executeQuery(q('UPDATE kv SET v = v * $1 WHERE k = $2 RETURNING v', [10, 'b'])),
      c.executeQuery(q('INSERT INTO kv (k, v) VALUES ($1, $2) ON CONFLICT (k) DO NOTHING', ['a', 3])),
      c.executeQuery(q('SELECT count(*) AS n FROM kv WHERE v > $1', [1])),
      c.executeQuery(q('COMMIT')),
    ])
    // BEGIN, the five statements and COMMIT: one round trip.
    expect(batches).toEqual([6])
    expect(results.map((r) => [r.rows, r.numAffectedRows])).toEqual([
      [[], 2n],
      [[{ k: 'a', v: 1 }, { k: 'b', v: 2 }], undefined],
      [[{ v: 20 }], 1n],
      [[], 0n],
      [[{ n: 1 }], undefined],
      [[], undefined],
    ])
    expect(await committed('b')).toBe(1)
    // Issued a few promise turns apart within one turn of the event loop: still one batch.
    batches.length = 0
    const first = c.executeQuery(q('SELECT $1::int AS one', [1]))
    await Promise.resolve()
    await null
    const second = c.executeQuery(q('SELECT $1::int AS two', [2]))
    expect([(await first).rows, (await second).rows]).toEqual([[{ one: 1 }], [{ two: 2 }]])
    expect(batches).toEqual([2])
    // Issued while a batch is out: they wait for its answer and go out together after it.
    batches.length = 0
    const slow = c.executeQuery(q('SELECT pg_sleep($1) AS s', [0.05]))
    await new Promise((resolve) => setTimeout(resolve, 10))
    const later = [3, 4, 5].map((n) => c.executeQuery(q('SELECT $1::int AS n', [n])))
    await slow
    expect((await Promise.all(later)).map((r) => r.rows[0])).toEqual([{ n: 3 }, { n: 4 }, { n: 5 }])
    expect(batches).toEqual([1, 3])
    // A lone statement is a batch of its own; pg's client never holds a queue of ours.
    expect(warnings.filter((w) => /already executing/.test(w))).toEqual([])
  })

  it('a statement failing mid-batch rejects with its error, the ones after it as not run; ROLLBACK undoes the earlier ones', async () => {
    const c = await acquire()
    await c.executeQuery(q('INSERT INTO kv (k, v) VALUES ($1, $2)', ['taken', 1]))
    batches.length = 0
    await c.executeQuery(q('BEGIN ISOLATION LEVEL READ COMMITTED'))
    const settled = await Promise.allSettled([
      c.executeQuery(q('INSERT INTO kv (k, v) VALUES ($1, $2)', ['m1', 1])),
      c.executeQuery(q('INSERT INTO kv (k, v) VALUES ($1, $2)', ['taken', 2])),
      c.executeQuery(q('INSERT INTO kv (k, v) VALUES ($1, $2) RETURNING k', ['m3', 3])),
      c.executeQuery(q('COMMIT')),
    ])
    expect(batches).toEqual([4])
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected'])
    expect((settled[1] as PromiseRejectedResult).reason).toMatchObject({ code: '23505', constraint: 'kv_pkey' })
    for (const later of settled.slice(2)) {
      const reason = (later as PromiseRejectedResult).reason as NotRun
      expect(reason).toBeInstanceOf(NotRun)
      expect(reason.message).toMatch(/not run.*duplicate key/)
      expect(reason.cause).toBe((settled[1] as PromiseRejectedResult).reason)
    }
    // COMMIT did not run: the transaction is still open, aborted, until ROLLBACK.
    expect(await c.executeQuery(q('SELECT $1::int AS one', [1])).catch((e: { code?: string }) => e.code)).toBe('25P02')
    await c.executeQuery(q('ROLLBACK'))
    expect([await committed('m1'), await committed('m3')]).toEqual([0, 0])
    // The connection goes on; the statement whose first run was skipped is prepared when it runs.
    expect((await c.executeQuery(q('INSERT INTO kv (k, v) VALUES ($1, $2) RETURNING k', ['m3', 3]))).rows).toEqual([{ k: 'm3' }])
    expect(await committed('m3')).toBe(1)
  })

  it('a COMMIT sent after a statement failed (another batch) is an error, never a success', async () => {
    const c = await acquire()
    await c.executeQuery(q('INSERT INTO kv (k, v) VALUES ($1, $2)', ['taken', 1]))
    await c.executeQuery(q('BEGIN ISOLATION LEVEL READ COMMITTED'))
    await c.executeQuery(q('INSERT INTO kv (k, v) VALUES ($1, $2)', ['c1', 1]))
    await expect(c.executeQuery(q('INSERT INTO kv (k, v) VALUES ($1, $2)', ['taken', 1]))).rejects.toMatchObject({ code: '23505' })
    // PostgreSQL answers this COMMIT with ROLLBACK.
    await expect(c.executeQuery(q('COMMIT'))).rejects.toThrow(/rolled the transaction back/)
    expect(await committed('c1')).toBe(0)
    expect((await c.executeQuery(q('SELECT $1::int AS ok', [1]))).rows).toEqual([{ ok: 1 }])
  })

  it('outside a transaction a failed batch commits nothing: the statements before the failure are not run either', async () => {
    const c = await acquire()
    await c.executeQuery(q('INSERT INTO kv (k, v) VALUES ($1, $2)', ['taken', 1]))
    const settled = await Promise.allSettled([
      c.executeQuery(q('INSERT INTO kv (k, v) VALUES ($1, $2)', ['o1', 1])),
      c.executeQuery(q('INSERT INTO kv (k, v) VALUES ($1, $2)', ['taken', 2])),
    ])
    expect((settled[0] as PromiseRejectedResult).reason).toBeInstanceOf(NotRun)
    expect((settled[1] as PromiseRejectedResult).reason).toMatchObject({ code: '23505' })
    // The batch was one implicit transaction, rolled back whole.
    expect(await committed('o1')).toBe(0)
    expect((await c.executeQuery(q('SELECT $1::int AS ok', [1]))).rows).toEqual([{ ok: 1 }])
  })

  it('prepared statements after a failed batch: one whose Parse was skipped, and one parsed then failed, both run next time', async () => {
    const c = await acquire()
    const fresh = 'SELECT k FROM kv WHERE k = $1 AND v >= $2'
    const failing = 'INSERT INTO kv (k, v) VALUES ($1, $2) RETURNING v'
    await c.executeQuery(q(failing, ['p', 1]))
    const other2 = await acquire()
    // On a connection where neither is prepared: `failing` parses, then fails (duplicate); `fresh` is skipped.
    const settled = await Promise.allSettled([other2.executeQuery(q(failing, ['p', 2])), other2.executeQuery(q(fresh, ['p', 0]))])
    expect((settled[0] as PromiseRejectedResult).reason).toMatchObject({ code: '23505' })
    expect((settled[1] as PromiseRejectedResult).reason).toBeInstanceOf(NotRun)
    // Both again on the same connection: closed and parsed anew, not "already exists" nor "does not exist".
    const [inserted, read] = await Promise.all([other2.executeQuery(q(failing, ['p2', 5])), other2.executeQuery(q(fresh, ['p2', 0]))])
    expect([inserted.rows, read.rows]).toEqual([[{ v: 5 }], [{ k: 'p2' }]])
    // And once more, from their kept shapes (no Describe).
    const again = await Promise.all([other2.executeQuery(q(failing, ['p3', 6])), other2.executeQuery(q(fresh, ['p3', 0]))])
    expect(again.map((r) => r.rows)).toEqual([[{ v: 6 }], [{ k: 'p3' }]])
  })

  it('a connection lost mid-batch fails every statement of the batch and of the queue, and is not given out again', async () => {
    const c = await acquire()
    const pid = (await c.executeQuery<{ pid: number }>(q('SELECT pg_backend_pid() AS pid'))).rows[0]?.pid
    await c.executeQuery(q('BEGIN ISOLATION LEVEL READ COMMITTED'))
    const batch = [
      c.executeQuery(q('INSERT INTO kv (k, v) VALUES ($1, $2)', ['lost', 1])),
      c.executeQuery(q('SELECT pg_sleep($1)', [0.3])),
      c.executeQuery(q('SELECT $1::int AS after', [1])),
    ].map((p) => p.then(() => 'ok', (e: { code?: string; message?: string }) => e.code ?? e.message))
    await new Promise((resolve) => setTimeout(resolve, 50))
    const queued = c.executeQuery(q('SELECT $1::int AS queued', [1])).then(() => 'ok', (e: Error) => e.message)
    await other.query('SELECT pg_terminate_backend($1)', [pid])
    expect(await Promise.all(batch)).toEqual(['57P01', '57P01', '57P01'])
    expect(await queued).toMatch(/not queryable|terminat|closed/)
    expect(await committed('lost')).toBe(0)
    await driver.releaseConnection(held.pop() as DatabaseConnection)
    const pids = await Promise.all([acquire(), acquire()].map(async (next) => (await (await next).executeQuery<{ pid: number }>(q('SELECT pg_backend_pid() AS pid'))).rows[0]?.pid))
    expect(pids).not.toContain(pid)
  })

  it('a value the type parser refuses fails its own statement only; the rest of the batch is answered', async () => {
    const c = await acquire()
    const [big, fine] = await Promise.allSettled([
      c.executeQuery(q('SELECT $1::bigint AS x', ['9007199254740993'])),
      c.executeQuery(q('SELECT $1::int AS y', [2])),
    ])
    expect((big as PromiseRejectedResult).reason).toBeInstanceOf(RangeError)
    expect((fine as PromiseFulfilledResult<{ rows: unknown[] }>).value.rows).toEqual([{ y: 2 }])
  })
})
