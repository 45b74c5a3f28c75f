import Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Code } from '../../src/core/contract'
import type { RunningServer } from '../../bench/lib/proc'
import { startServer } from '../../bench/lib/proc'
import type { Jar } from '../../bench/lib/serverLoad'
import { addActivity, benchActivity, benchServerEnv, enter } from '../../bench/lib/serverLoad'
import { ON_POSTGRES, sqliteOnly } from './testDb'
import { award } from './httpAward'

/**
 * Two real server processes (server/index.ts) on one SQLite file, started at the same
 * moment: they migrate and settle their secrets once between them, and awards racing
 * across both never answer 5xx (write transactions take the lock first, BEGIN IMMEDIATE,
 * and wait for it: busy_timeout), never give out more than the stock, and every win
 * answered is in the database.
 */

const PLAYERS = 300
const SHARED_FILE = 'processes sharing one SQLite file; tests/server/pg-multiprocess.test.ts runs them on PostgreSQL'
const STOCK = 10

let dir: string
let env: Record<string, string>
let servers: RunningServer[] = []

beforeAll(async () => {
  if (ON_POSTGRES) return
  dir = mkdtempSync(join(tmpdir(), 'lottery-multi-'))
  env = benchServerEnv(dir)
  servers = await Promise.all([startServer(env), startServer(env)])
}, 120_000)

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()))
  if (dir) rmSync(dir, { recursive: true, force: true })
})


function readDb<T>(read: (db: Database.Database) => T): T {
  return readDbAt(env.DB_PATH as string, read)
}

function readDbAt<T>(path: string, read: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true, fileMustExist: true })
  try {
    return read(db)
  } finally {
    db.close()
  }
}

describe.skipIf(ON_POSTGRES)(sqliteOnly('two server processes on one SQLite file', SHARED_FILE), () => {
  it('started together, they share one schema and one JWT secret: a token from one is good at the other', async () => {
    const [a, b] = servers as [RunningServer, RunningServer]
    const code = await addActivity(a.url, env.MARKETER_KEY as string, benchActivity(Date.now(), 5, 0))
    const jar = await enter(a.url, code)
    const answer = await award(b.url, code, jar, randomUUID())
    expect(answer).toMatchObject({ status: 200, code: Code.NO_AWARD })
    const migrations = readDb((db) => db.prepare('SELECT id, COUNT(*) AS n FROM migrations GROUP BY id HAVING n > 1').all())
    expect(migrations).toEqual([])
  })

  it(`${PLAYERS} awards at once across both: no 5xx, exactly the stock won, every answered win stored`, async () => {
    const [a, b] = servers as [RunningServer, RunningServer]
    const code = await addActivity(a.url, env.MARKETER_KEY as string, benchActivity(Date.now(), STOCK, 100))
    const jars: Jar[] = []
    for (let i = 0; i < PLAYERS; i += 50) {
      jars.push(...(await Promise.all(Array.from({ length: Math.min(50, PLAYERS - i) }, (_, k) => enter((i + k) % 2 ? a.url : b.url, code)))))
    }
    // Each plays on the other process than the one it entered on.
    const answers = await Promise.all(jars.map((jar, i) => award(i % 2 ? b.url : a.url, code, jar, randomUUID())))
    expect(answers.filter((r) => r.status >= 500)).toEqual([])
    const byCode = new Map<number | undefined, number>()
    for (const r of answers) byCode.set(r.code, (byCode.get(r.code) ?? 0) + 1)
    expect(Object.fromEntries(byCode)).toEqual({ [Code.OK]: STOCK, [Code.NO_AWARD]: PLAYERS - STOCK })
    const stored = readDb((db) => {
      const id = (db.prepare('SELECT id FROM activities WHERE code = ?').get(code) as { id: number }).id
      return {
        secrets: (db.prepare('SELECT secret FROM wins WHERE activity_id = ?').pluck().all(id) as string[]).sort(),
        stock: db.prepare('SELECT remaining, won FROM prize_stock WHERE activity_id = ?').get(id),
      }
    })
    const answered = answers.filter((r) => r.code === Code.OK).map((r) => String(r.data?.secret)).sort()
    expect(stored.secrets).toEqual(answered)
    expect(stored.stock).toEqual({ remaining: 0, won: STOCK })
  }, 60_000)

  it('the same award sent to both processes at once plays once and both get the same answer', async () => {
    const [a, b] = servers as [RunningServer, RunningServer]
    const code = await addActivity(a.url, env.MARKETER_KEY as string, benchActivity(Date.now(), 1000, 50))
    const jars = await Promise.all(Array.from({ length: 40 }, () => enter(a.url, code)))
    const pairs = await Promise.all(
      jars.map(async (jar) => {
        const requestId = randomUUID()
        // Both carry the same token: one exchanges it, the other is its grace (a lost response retried).
        const twin = new Map(jar)
        return Promise.all([award(a.url, code, jar, requestId), award(b.url, code, twin, requestId)])
      }),
    )
    for (const [first, second] of pairs) {
      expect(first.status).toBe(200)
      expect(second).toEqual(first)
    }
    const plays = readDb((db) => {
      const id = (db.prepare('SELECT id FROM activities WHERE code = ?').get(code) as { id: number }).id
      return db.prepare('SELECT SUM(plays) AS plays, COUNT(*) AS n FROM participants WHERE activity_id = ?').get(id)
    })
    expect(plays).toEqual({ plays: 40, n: 40 })
  }, 60_000)
})

describe.skipIf(ON_POSTGRES)(sqliteOnly('WORKERS=2: one port, two cluster workers on one SQLite file', SHARED_FILE), () => {
  let clustered: RunningServer
  let clusterEnv: Record<string, string>
  let clusterDir: string

  beforeAll(async () => {
    clusterDir = mkdtempSync(join(tmpdir(), 'lottery-cluster-'))
    clusterEnv = { ...benchServerEnv(clusterDir), WORKERS: '2' }
    clustered = await startServer(clusterEnv)
  }, 120_000)

  afterAll(async () => {
    await clustered.stop()
    rmSync(clusterDir, { recursive: true, force: true })
  })

  it('serves racing awards on both workers: no 5xx, exactly the stock won', async () => {
    const code = await addActivity(clustered.url, clusterEnv.MARKETER_KEY as string, benchActivity(Date.now(), STOCK, 100))
    const jars: Jar[] = []
    for (let i = 0; i < 200; i += 50) jars.push(...(await Promise.all(Array.from({ length: 50 }, () => enter(clustered.url, code)))))
    const answers = await Promise.all(jars.map((jar) => award(clustered.url, code, jar, randomUUID())))
    expect(answers.filter((r) => r.status >= 500)).toEqual([])
    expect(answers.filter((r) => r.code === Code.OK)).toHaveLength(STOCK)
    const workers = new Set([...clustered.output().matchAll(/\[lottery\] worker (\d+) listening/g)].map((m) => m[1]))
    expect(workers.size).toBe(2)
    // The primary booted alone before forking: one banner, one demo key.
    expect(clustered.output().match(/demo marketer key/g)).toHaveLength(1)
  }, 60_000)
})

describe.skipIf(ON_POSTGRES)(sqliteOnly('kill -9 of one of two processes in the middle of the load', SHARED_FILE), () => {
  it('every answered win is in the database, and retries on the survivor with the same request ids lose no chance and win nothing twice', async () => {
    const crashDir = mkdtempSync(join(tmpdir(), 'lottery-crash-'))
    const crashEnv = benchServerEnv(crashDir)
    const [a, b] = await Promise.all([startServer(crashEnv), startServer(crashEnv)])
    try {
      const code = await addActivity(a.url, crashEnv.MARKETER_KEY as string, benchActivity(Date.now(), 40, 50))
      const jars: Jar[] = []
      for (let i = 0; i < 200; i += 50) jars.push(...(await Promise.all(Array.from({ length: 50 }, () => enter(a.url, code)))))
      const requestIds = jars.map(() => randomUUID())
      // Half the participants play on B, which dies once it has answered ten of them, the rest in flight.
      let answeredByB = 0
      let killed: Promise<void> | null = null
      const first = jars.map((jar, i) =>
        award(i % 2 ? b.url : a.url, code, jar, requestIds[i] as string).then(
          (r) => {
            if (i % 2 && ++answeredByB === 10) killed = b.kill()
            return r
          },
          () => null,
        ),
      )
      const answers = await Promise.all(first)
      await killed
      expect(answers.filter((r) => r === null).length).toBeGreaterThan(0)
      // A lost answer is retried on the survivor with the same request id and the cookies the client holds.
      const final = await Promise.all(answers.map((r, i) => (r && r.status < 500 ? r : award(a.url, code, jars[i] as Jar, requestIds[i] as string))))
      expect(final.filter((r) => r.status !== 200)).toEqual([])
      expect(final.every((r) => r.code === Code.OK || r.code === Code.NO_AWARD)).toBe(true)
      const stored = readDbAt(crashEnv.DB_PATH as string, (db) => {
        const id = (db.prepare('SELECT id FROM activities WHERE code = ?').get(code) as { id: number }).id
        return {
          secrets: (db.prepare('SELECT secret FROM wins WHERE activity_id = ?').pluck().all(id) as string[]).sort(),
          plays: db.prepare('SELECT SUM(plays) AS plays, MAX(plays) AS most FROM participants WHERE activity_id = ?').get(id),
        }
      })
      const answered = final.filter((r) => r.code === Code.OK).map((r) => String(r.data?.secret)).sort()
      expect(stored.secrets).toEqual(answered)
      expect(stored.secrets.length).toBeLessThanOrEqual(40)
      // One request id each: one play each, whether B answered it, died before, or after committing it.
      expect(stored.plays).toEqual({ plays: 200, most: 1 })
    } finally {
      await Promise.all([a.stop(), b.stop()])
      rmSync(crashDir, { recursive: true, force: true })
    }
  }, 120_000)
})
