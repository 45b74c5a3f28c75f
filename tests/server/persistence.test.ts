import Database from 'better-sqlite3'
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { AwardWinData, CheckData, IndexData, MarketerIndexData } from '../../src/core/contract'
import { API_BASE, Code, PATHS } from '../../src/core/contract'
import { formatCst } from '../../src/core/windows'
import { config, prize } from './helpers'
import { ON_POSTGRES, sqliteOnly } from './testDb'

/**
 * The real process (`npx tsx server/index.ts`), killed with SIGKILL mid-way and
 * restarted on the same database file: every acknowledged win is still there,
 * stock agrees with the wins, and tokens and participants survive.
 */

const dir = mkdtempSync(join(tmpdir(), 'lottery-persist-'))
const dbPath = join(dir, 'lottery.db')
const KEY = 'mk_persist_key_0123456789'
const env = {
  ...process.env,
  DB_PATH: dbPath,
  PORT: '0',
  HOST: '127.0.0.1',
  MARKETER_KEY: KEY,
  STATIC_DIR: join(dir, 'no-build'),
  RATE_IP: '100000',
}

interface Running {
  child: ChildProcess
  origin: string
}
const running: ChildProcess[] = []

/** Start the server in its own process group (npx → tsx → node) and wait for its address. */
function start(): Promise<Running> {
  const child = spawn('npx', ['tsx', 'server/index.ts'], { cwd: process.cwd(), env, detached: true, stdio: 'pipe' })
  running.push(child)
  return new Promise((resolve, reject) => {
    let out = ''
    const onData = (chunk: Buffer) => {
      out += chunk.toString()
      const match = /listening on (http:\/\/\S+)/.exec(out)
      if (match?.[1]) resolve({ child, origin: match[1] })
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.on('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${out}`)))
  })
}

/** SIGKILL the whole group: no shutdown hook, no flush, like a crash. */
function crash(run: Running): Promise<void> {
  return new Promise((resolve) => {
    run.child.once('exit', () => resolve())
    process.kill(-(run.child.pid as number), 'SIGKILL')
  })
}

class Browser {
  readonly jar = new Map<string, string>()
  constructor(public origin: string) {}
  async post<T>(path: string, body: Record<string, unknown>): Promise<{ code: number; data: T }> {
    const res = await fetch(`${this.origin}${API_BASE}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ') },
      body: JSON.stringify(body),
    })
    for (const line of res.headers.getSetCookie()) {
      const pair = line.split(';')[0] ?? ''
      const eq = pair.indexOf('=')
      if (eq > 0) this.jar.set(pair.slice(0, eq), pair.slice(eq + 1))
    }
    return (await res.json()) as { code: number; data: T }
  }
}

afterAll(() => {
  for (const child of running) {
    if (child.exitCode === null && child.signalCode === null) process.kill(-(child.pid as number), 'SIGKILL')
  }
  rmSync(dir, { recursive: true, force: true })
})

describe.skipIf(ON_POSTGRES)(sqliteOnly('persistence across a crash', 'the SQLite file after kill -9; tests/server/pg-multiprocess.test.ts kills a server on PostgreSQL'), () => {
  it('keeps every win, consistent stock, tokens and participants', { timeout: 120_000 }, async () => {
    const now = Date.now()
    const open = [{ start: formatCst(now - 3600_000), end: formatCst(now + 3600_000) }]
    let run = await start()
    const marketer = new Browser(run.origin)
    const add = (code: string, sum: number, chance: number) =>
      marketer.post(PATHS.add, { ...config({ active_time: open, prize: [prize({ id: 1, name: '奖品', chance, sum })] }), code, auth: KEY })
    expect((await add('persist', 5, 100)).code).toBe(Code.OK)
    expect((await add('burst', 1000, 50)).code).toBe(Code.OK)

    // Eight players against a stock of five, one after another.
    const players = Array.from({ length: 8 }, () => new Browser(run.origin))
    const secrets = new Map<Browser, string>()
    for (const p of players) {
      await p.post(PATHS.index, { code: 'persist' })
      const answer = await p.post<AwardWinData>(PATHS.award, { code: 'persist', request_id: 'persist-0001' })
      if (answer.code === Code.OK) secrets.set(p, answer.data.secret)
    }
    expect(secrets.size).toBe(5)

    // Then a burst, and the crash while it is in flight.
    const burst = Array.from({ length: 60 }, () => new Browser(run.origin))
    for (const p of burst) await p.post(PATHS.index, { code: 'burst' })
    const acknowledged: string[] = []
    let answered = 0
    const crashed = new Promise<void>((resolve) => {
      for (const [i, p] of burst.entries()) {
        p.post<AwardWinData>(PATHS.award, { code: 'burst', request_id: `burst-${i}-0001` }).then(
          (answer) => {
            if (answer.code === Code.OK) acknowledged.push(answer.data.secret)
            if (++answered === 15) void crash(run).then(resolve)
          },
          () => undefined, // cut off by the crash
        )
      }
    })
    await crashed

    run = await start()
    for (const p of [marketer, ...players]) p.origin = run.origin

    const view = await marketer.post<MarketerIndexData>(PATHS.index, { code: 'persist', auth: KEY })
    expect(view.data.stock).toEqual([{ prize_id: 1, remaining: 0, won: 5, paid_cents: 0 }])
    expect(view.data.counts).toMatchObject({ participants: 8, plays: 8, wins: 5 })

    for (const [p, secret] of secrets) {
      // The token from before the crash still rotates (secret and chain are in the database)…
      const check = await p.post<CheckData>(PATHS.check, { code: 'persist', awardcode: secret })
      expect(check).toMatchObject({ code: Code.OK, data: { prizecode: secret } })
      // …and re-entering finds the same participant with their prize.
      const again = await p.post<IndexData>(PATHS.index, { code: 'persist' })
      expect(again.data.state.my_prizes.map((w) => w.awardcode)).toEqual([secret])
      expect(again.data.state.plays).toBe(1)
    }

    // Every acknowledged win of the burst is on disk, and stock agrees with the wins.
    const db = new Database(dbPath, { readonly: true })
    try {
      const found = db.prepare('SELECT secret FROM wins').pluck().all() as string[]
      expect(acknowledged.length).toBeGreaterThan(0)
      for (const secret of acknowledged) expect(found).toContain(secret)
      const rows = db
        .prepare(
          `SELECT a.code, s.remaining, s.won, (SELECT COUNT(*) FROM wins w WHERE w.activity_id = s.activity_id AND w.prize_id = s.prize_id) AS wins
           FROM prize_stock s JOIN activities a ON a.id = s.activity_id WHERE a.code IN ('persist', 'burst')`,
        )
        .all() as { code: string; remaining: number; won: number; wins: number }[]
      for (const row of rows) {
        expect(row.won).toBe(row.wins)
        expect(row.remaining + row.won).toBe(row.code === 'persist' ? 5 : 1000)
      }
      const plays = db.prepare(`SELECT COUNT(*) FROM award_requests r JOIN activities a ON a.id = r.activity_id WHERE a.code = 'burst'`).pluck().get()
      const counted = db.prepare(`SELECT SUM(plays) FROM participants p JOIN activities a ON a.id = p.activity_id WHERE a.code = 'burst'`).pluck().get()
      expect(counted).toBe(plays)
    } finally {
      db.close()
    }
  })
})
