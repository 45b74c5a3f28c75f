import Database from 'better-sqlite3'
import { Kysely, SqliteDialect, sql } from 'kysely'
import { randomUUID } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Code } from '../../src/core/contract'
import type { RunningServer } from '../../bench/lib/proc'
import { startServer } from '../../bench/lib/proc'
import type { Jar } from '../../bench/lib/serverLoad'
import { addActivity, benchActivity, benchServerEnv, enter } from '../../bench/lib/serverLoad'
import { openPostgres } from '../../server/db/postgres/connection'
import { createTestSchema, NO_PG_REASON, testDatabaseUrl, type TestSchema } from './pgTestSchema'
import { award, type Answer } from './httpAward'

/**
 * Real server processes (server/index.ts) sharing one PostgreSQL database (DATABASE_URL=postgres…?schema=…),
 * nothing else: 1,000 participants at once, each entering on one process and playing on the other, on a
 * stock of 10 → exactly 10 winners, every round; WORKERS=2 the same through one port; kill -9 of one process
 * mid-load → every answered win stored, and retries with the same request ids on the survivor lose no chance
 * and win nothing twice. The database alone keeps these (the stock decrement, the request-id key, the token CAS).
 *
 * Skipped, saying why, without TEST_DATABASE_URL or while the server does not run on a postgres URL.
 * MULTIPROCESS_ENGINE=sqlite runs the same scenario on one SQLite file (to tell the test's logic from the engine's).
 */

const PLAYERS = 1000
const STOCK = 10
const ROUNDS = 2

const ENGINE = process.env.MULTIPROCESS_ENGINE === 'sqlite' ? 'sqlite' : 'postgres'
const BASE = testDatabaseUrl()

/** Where the servers keep their data and how this test reads it. */
interface Target {
  env: Record<string, string>
  db: Kysely<any>
  close(): Promise<void>
}

/** A fresh database for a group of servers: a schema of its own on PostgreSQL, a file in a temp dir on SQLite. */
async function newTarget(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'lottery-pgmulti-'))
  // DB_PATH too: a server that ignores DATABASE_URL then writes there, which the probe below detects.
  const env = benchServerEnv(dir)
  if (ENGINE === 'sqlite') {
    let db: Kysely<any> | null = null
    return {
      env,
      get db() {
        // Opened once the servers created the file.
        db ??= new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(env.DB_PATH as string, { readonly: true, fileMustExist: true }) }) })
        return db
      },
      async close() {
        await db?.destroy()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  }
  const schema: TestSchema = await createTestSchema(BASE as string)
  const db = await openPostgres(schema.url, { poolMax: 2 })
  return {
    env: { ...env, DATABASE_URL: schema.url, PG_POOL_MAX: '8' },
    db,
    async close() {
      await db.destroy()
      await schema.drop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Does a server started on a postgres DATABASE_URL keep its data there? null when it does, else why not. */
async function probePostgres(): Promise<string | null> {
  if (ENGINE === 'sqlite') return null
  if (!BASE) return NO_PG_REASON
  const target = await newTarget()
  let server: RunningServer | null = null
  try {
    server = await startServer(target.env, 60_000)
    const { rows } = await sql<{ t: string | null }>`SELECT to_regclass('schema_version')::text AS t`.execute(target.db)
    if (rows[0]?.t) return null
    return existsSync(target.env.DB_PATH as string)
      ? 'the server does not use DATABASE_URL=postgres://… yet: it started on SQLite at DB_PATH (the wiring step of issue 15)'
      : 'the server started but created no tables in its PostgreSQL schema'
  } catch (error) {
    const lines = String((error as Error).message).trim().split('\n')
    return `the server refused DATABASE_URL=postgres://…: ${lines.slice(-3).join(' / ').slice(0, 300)}`
  } finally {
    await server?.stop()
    await target.close()
  }
}

const skipReason = await probePostgres()
const title = (name: string) => (skipReason ? `${name} (skipped: ${skipReason})` : name)


/** What the database holds for an activity: its wins' secrets, its stock, its participants' plays. */
async function stored(db: Kysely<any>, code: string) {
  const id = (await sql<{ id: number }>`SELECT id FROM activities WHERE code = ${code}`.execute(db)).rows[0]?.id
  const secrets = (await sql<{ secret: string }>`SELECT secret FROM wins WHERE activity_id = ${id}`.execute(db)).rows.map((r) => r.secret).sort()
  const stock = (await sql<{ remaining: number; won: number }>`SELECT remaining, won FROM prize_stock WHERE activity_id = ${id}`.execute(db)).rows[0]
  const plays = (await sql<{ plays: number; most: number; n: number }>`SELECT SUM(plays) AS plays, MAX(plays) AS most, COUNT(*) AS n FROM participants WHERE activity_id = ${id}`.execute(db)).rows[0]
  // SQLite's SUM is an integer already; PostgreSQL's is NUMERIC, parsed to a number by the pool.
  return { secrets, stock, plays: plays ? { plays: Number(plays.plays), most: Number(plays.most), n: Number(plays.n) } : null }
}

function tally(answers: Answer[]): Record<string, number> {
  const byCode: Record<string, number> = {}
  for (const r of answers) byCode[String(r.code ?? `http ${r.status}`)] = (byCode[String(r.code ?? `http ${r.status}`)] ?? 0) + 1
  return byCode
}

/** PLAYERS participants at once, each entering on one server and playing on the next: index → token → award. */
async function crowd(servers: RunningServer[], code: string): Promise<Answer[]> {
  return Promise.all(
    Array.from({ length: PLAYERS }, async (_, i) => {
      const jar = await enter((servers[i % servers.length] as RunningServer).url, code)
      return award((servers[(i + 1) % servers.length] as RunningServer).url, code, jar, randomUUID())
    }),
  )
}

describe.skipIf(skipReason)(title(`${PLAYERS} participants across two server processes on one ${ENGINE} database`), () => {
  let target: Target
  let servers: RunningServer[] = []

  beforeAll(async () => {
    target = await newTarget()
    // Started at the same moment: they migrate and settle their secrets once between them.
    servers = await Promise.all([startServer(target.env), startServer(target.env)])
  }, 120_000)

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()))
    await target?.close()
  })

  it('started together, they migrated once and share one JWT secret: a token from one is good at the other', async () => {
    const [a, b] = servers as [RunningServer, RunningServer]
    const code = await addActivity(a.url, target.env.MARKETER_KEY as string, benchActivity(Date.now(), 5, 0))
    const jar = await enter(a.url, code)
    expect(await award(b.url, code, jar, randomUUID())).toMatchObject({ status: 200, code: Code.NO_AWARD })
    const versions = ENGINE === 'postgres' ? sql`SELECT version FROM schema_version GROUP BY version HAVING COUNT(*) > 1` : sql`SELECT id FROM migrations GROUP BY id HAVING COUNT(*) > 1`
    expect((await versions.execute(target.db)).rows).toEqual([])
  })

  for (let round = 1; round <= ROUNDS; round++) {
    it(`round ${round}: ${PLAYERS} awards at once on a stock of ${STOCK} → exactly ${STOCK} winners, every answered win stored, no 5xx`, async () => {
      const [a] = servers as [RunningServer]
      const code = await addActivity(a.url, target.env.MARKETER_KEY as string, benchActivity(Date.now(), STOCK, 100))
      const answers = await crowd(servers, code)
      expect(answers.filter((r) => r.status >= 500)).toEqual([])
      expect(tally(answers)).toEqual({ [Code.OK]: STOCK, [Code.NO_AWARD]: PLAYERS - STOCK })
      const db = await stored(target.db, code)
      expect(db.secrets).toEqual(answers.filter((r) => r.code === Code.OK).map((r) => String(r.data?.secret)).sort())
      expect(db.stock).toEqual({ remaining: 0, won: STOCK })
      expect(db.plays).toEqual({ plays: PLAYERS, most: 1, n: PLAYERS })
    }, 180_000)
  }
})

describe.skipIf(skipReason)(title(`WORKERS=2: one port, two cluster workers on one ${ENGINE} database`), () => {
  let target: Target
  let clustered: RunningServer

  beforeAll(async () => {
    target = await newTarget()
    clustered = await startServer({ ...target.env, WORKERS: '2' })
  }, 120_000)

  afterAll(async () => {
    await clustered?.stop()
    await target?.close()
  })

  it(`${PLAYERS} awards at once through both workers → exactly ${STOCK} winners`, async () => {
    const code = await addActivity(clustered.url, target.env.MARKETER_KEY as string, benchActivity(Date.now(), STOCK, 100))
    const answers = await crowd([clustered], code)
    expect(answers.filter((r) => r.status >= 500)).toEqual([])
    expect(tally(answers)).toEqual({ [Code.OK]: STOCK, [Code.NO_AWARD]: PLAYERS - STOCK })
    expect((await stored(target.db, code)).stock).toEqual({ remaining: 0, won: STOCK })
    const workers = new Set([...clustered.output().matchAll(/\[lottery\] worker (\d+) listening/g)].map((m) => m[1]))
    expect(workers.size).toBe(2)
  }, 180_000)
})

describe.skipIf(skipReason)(title(`kill -9 of one of two processes on one ${ENGINE} database in the middle of the load`), () => {
  it('every answered win is in the database, and retries on the survivor with the same request ids lose no chance and win nothing twice', async () => {
    const target = await newTarget()
    const [a, b] = await Promise.all([startServer(target.env), startServer(target.env)])
    const players = 400
    const stock = 40
    try {
      const code = await addActivity(a.url, target.env.MARKETER_KEY as string, benchActivity(Date.now(), stock, 50))
      const jars: Jar[] = []
      for (let i = 0; i < players; i += 50) jars.push(...(await Promise.all(Array.from({ length: 50 }, () => enter(a.url, code)))))
      const requestIds = jars.map(() => randomUUID())
      // Half play on B, which dies once it has answered twenty of them, the rest in flight.
      let answeredByB = 0
      let killed: Promise<void> | null = null
      const answers = await Promise.all(
        jars.map((jar, i) =>
          award(i % 2 ? b.url : a.url, code, jar, requestIds[i] as string).then(
            (r) => {
              if (i % 2 && ++answeredByB === 20) killed = b.kill()
              return r
            },
            () => null,
          ),
        ),
      )
      await killed
      expect(answers.filter((r) => r === null).length).toBeGreaterThan(0)
      // A lost answer is retried on the survivor with the same request id and the cookies the client holds.
      const final = await Promise.all(answers.map((r, i) => (r && r.status < 500 ? r : award(a.url, code, jars[i] as Jar, requestIds[i] as string))))
      expect(final.filter((r) => r.status !== 200)).toEqual([])
      expect(final.every((r) => r.code === Code.OK || r.code === Code.NO_AWARD)).toBe(true)
      const db = await stored(target.db, code)
      expect(db.secrets).toEqual(final.filter((r) => r.code === Code.OK).map((r) => String(r.data?.secret)).sort())
      expect(db.secrets.length).toBeLessThanOrEqual(stock)
      expect(db.stock?.won).toBe(db.secrets.length)
      // One request id each: one play each, whether B answered it, died before, or after committing it.
      expect(db.plays).toEqual({ plays: players, most: 1, n: players })
    } finally {
      await Promise.all([a.stop(), b.stop()])
      await target.close()
    }
  }, 180_000)
})
