import Database from 'better-sqlite3'
import { Kysely, PostgresDialect } from 'kysely'
import type pg from 'pg'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CAMPAIGN_PATHS } from '../../src/core/campaign'
import { Code } from '../../src/core/contract'
import type { Store } from '../../server/db/queries'
import { hashKey } from '../../server/auth/marketer'
import { postgresStore, sqliteStore } from '../../server/db/connection'
import { migrate } from '../../server/db/migrations'
import { postgresOptionsFromEnv, postgresPool } from '../../server/db/postgres/connection'
import { migratePostgres } from '../../server/db/postgres/migrations'
import { Client, MARKETER_KEY, T0, addActivity, config, prize, testApp } from './helpers'
import { createTestSchema, testDatabaseUrl } from './pgTestSchema'
import { ON_POSTGRES } from './testDb'

/**
 * Statements per participant call, counted where they reach the database (SQLite's trace of every
 * statement run; on PostgreSQL the driver's batches, each one round trip holding one or more statements).
 * Each statement is a fixed cost on either engine, each round trip on PostgreSQL another, so the award
 * path's counts are budgets: a change that adds a statement, or sends apart statements that went
 * together (pipelining, server/db/postgres/driver.ts), fails here. Counts are deterministic (no timing).
 * The statement budgets hold on both engines.
 */

interface Counted {
  app: ReturnType<typeof testApp>
  store: Store
  /** Statements run since the last reset. */
  statements: string[]
  /** PostgreSQL: round trips (batches sent) since the last reset. */
  roundTrips: { n: number }
  close(): Promise<void>
}

const clock = { now: T0 }

async function countedServer(): Promise<Counted> {
  const statements: string[] = []
  const roundTrips = { n: 0 }
  const dir = mkdtempSync(join(tmpdir(), 'lottery-count-'))
  let store: Store
  let done: () => Promise<void>
  if (!ON_POSTGRES) {
    // The group commit's savepoints (server/db/sql.ts) are not the call's statements: SQLite's, one per transaction.
    const groupCommit = /^(SAVEPOINT|RELEASE|ROLLBACK TO) tx$/
    const raw = new Database(join(dir, 'test.db'), {
      verbose: (text) => void (groupCommit.test(String(text)) || statements.push(String(text))),
    })
    raw.pragma('journal_mode = WAL')
    migrate(raw)
    store = sqliteStore(raw)
    done = () => store.close()
  } else {
    const schema = await createTestSchema(testDatabaseUrl() as string)
    const pool = postgresPool(schema.url, postgresOptionsFromEnv())
    await migratePostgres(new Kysely<any>({ dialect: new PostgresDialect({ pool }) }))
    // Every query a pooled client sends is one round trip: the driver's batch of `statements`.
    const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>
    const counting = new WeakSet<pg.PoolClient>()
    pool.connect = (async () => {
      const client = await connect()
      if (counting.has(client)) return client
      counting.add(client)
      const query = client.query.bind(client) as (config: { statements?: number }) => Promise<unknown>
      client.query = ((config: { statements?: number }) => {
        roundTrips.n++
        for (let i = 0; i < (config.statements ?? 1); i++) statements.push(`statement ${roundTrips.n}.${i + 1}`)
        return query(config)
      }) as typeof client.query
      return client
    }) as typeof pool.connect
    store = postgresStore(pool)
    done = async () => {
      await store.close()
      await schema.drop()
    }
  }
  await store.addMarketerKey(hashKey(MARKETER_KEY), 'test', T0)
  const app = testApp(store, dir, clock)
  return {
    app,
    store,
    statements,
    roundTrips,
    async close() {
      await done()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

let server: Counted | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

/**
 * Statements `call` ran, and the round trips they took on PostgreSQL. `code`: the activity the call names, kept
 * beforehand (store.cachedActivity) as a busy activity's is, so the count never depends on how long the test
 * took since its last call (a cold copy adds the activity's read: one statement, on PostgreSQL one round trip).
 */
async function count(s: Counted, code: string, call: () => Promise<unknown>): Promise<{ n: number; trips: number; statements: string[] }> {
  await s.store.cachedActivity(code)
  s.statements.length = 0
  s.roundTrips.n = 0
  await call()
  const statements = [...s.statements]
  return { n: statements.length, trips: s.roundTrips.n, statements }
}

describe('statements per participant call (round trips on PostgreSQL)', () => {
  it('an award, a win, a 连抽 and an entry stay within their budgets', async () => {
    const s = (server = await countedServer())
    await addActivity(s.app, 'lose', config({ max_eplay: 0, max_play: 0, prize: [prize({ id: 1, name: '杯', chance: 0 })] }))
    await addActivity(s.app, 'win', config({ max_eplay: 0, max_play: 0, prize: [prize({ id: 1, name: '杯', chance: 100 })] }))
    await addActivity(s.app, 'multi', config({ max_eplay: 0, max_play: 0, multi_draw: [5], prize: [prize({ id: 1, name: '杯', chance: 0 })] }))
    // The first entry also writes the page views counted so far (in the background): let it pass uncounted,
    // however slow the machine (until no statement has arrived for 100 ms).
    await new Client(s.app).enter('win')
    for (let seen = -1; seen !== s.statements.length; ) {
      seen = s.statements.length
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const c = new Client(s.app)
    const entered = await count(s, 'lose', () => c.enter('lose'))
    const first = await count(s, 'lose', async () => expect((await c.award('lose')).body.code).toBe(Code.NO_AWARD))
    const again = await count(s, 'lose', async () => expect((await c.award('lose')).body.code).toBe(Code.NO_AWARD))
    const w = new Client(s.app)
    await w.enter('win')
    await w.award('win').then((a) => expect(a.body.code).toBe(Code.OK))
    w.jar.delete('pid')
    await w.enter('win')
    const win = await count(s, 'win', async () => expect((await w.award('win')).body.code).toBe(Code.OK))
    const m = new Client(s.app)
    await m.enter('multi')
    await m.award('multi')
    const multi = await count(s, 'multi', async () => {
      expect((await m.call(CAMPAIGN_PATHS.multi, { code: 'multi', request_id: 'batch-0001', count: 5 })).body.code).toBe(Code.OK)
    })
    const report = { entered, first, again, win, multi }
    console.log(Object.entries(report).map(([k, v]) => `${k}: ${v.n}${ON_POSTGRES ? ` in ${v.trips} round trips` : ''}`).join(', '))
    if (process.env.SHOW_STATEMENTS) for (const [k, v] of Object.entries(report)) console.log(k, v.statements)
    // A budget's failure names what ran.
    const within = (call: { n: number; statements: string[] }, budget: number) => expect(call.n, call.statements.join('\n')).toBeLessThanOrEqual(budget)
    const tripsWithin = (call: { trips: number; statements: string[] }, budget: number) => expect(call.trips, call.statements.join('\n')).toBeLessThanOrEqual(budget)
    // Before this budget: 8, 24, 20, 26 and 58 on SQLite (PostgreSQL one more per award: the row lock).
    // An entry: 5 with its activity kept, one more when it reads it.
    within(entered, 5)
    // The route's activity is kept (count()): a call reads it only in its transaction.
    // A chain's first award, a newcomer's: BEGIN, the token chain created and exchanged (2),
    // the lock of the participant's row (none yet) with the read, then the lock creating the row with the
    // read again; the play (plays, window counter, plays log), the stored answer, COMMIT.
    within(first, 12)
    // The next: BEGIN, the token's compare-and-set and its successor, the row lock and the
    // read (configuration, stock, counters, stored answer), the play (3), the stored answer, COMMIT.
    within(again, 10)
    // A win (a newcomer's first award here) adds the stock decrement and the win (its claim form in the same insert).
    within(win, 14)
    // 5 draws: one read and 3 writes each (the first draw's read is the batch's), plays left, the answer.
    within(multi, 30)
    if (ON_POSTGRES) {
      // Before pipelining, one round trip per statement (BEGIN rode with the first): 12, 12, 14 and 30;
      // before the route's activity was kept, one more each (on a connection of its own).
      // An award: BEGIN with the token's compare-and-set
      // and its successor, the participant's row lock and the read; the play's writes, the stored answer
      // and COMMIT. A newcomer's lock (it creates the row) waits for the exchange and the caps, and a
      // chain's first exchange takes one more (the chain is created first).
      tripsWithin(first, 4)
      tripsWithin(again, 2)
      // A win: the stock decrement alone (its row count decides), then the win (its id and code answer)
      // with the play count.
      tripsWithin(win, 6)
      // 5 draws: each later draw's read goes out with the previous draw's writes.
      tripsWithin(multi, 11)
    }
  })
})
