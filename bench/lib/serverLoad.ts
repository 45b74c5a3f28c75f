import { randomUUID } from 'node:crypto'
import { mkdirSync, rmSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import autocannon, { type Client, type Result } from 'autocannon'
import Database from 'better-sqlite3'
import { Kysely, SqliteDialect, sql } from 'kysely'
import { defaultActivity, type ActivityConfig } from '../../src/core/activity'
import { API_BASE, Code, PATHS } from '../../src/core/contract'
import { formatCst } from '../../src/core/windows'
import { DEFAULTS, TMP } from './config'
import { openPostgres } from '../../server/db/postgres/connection'
import { createTestSchema, type TestSchema } from '../../tests/server/pgTestSchema'
import { processCpuMs, startServer, type RunningServer } from './proc'
import type { Row, Section } from './report'

/** A per-connection cookie jar: name → value, updated from every Set-Cookie. */
export type Jar = Map<string, string>

/** Apply Set-Cookie header values to a jar (an empty value or Max-Age=0 deletes). */
export function applySetCookies(jar: Jar, setCookies: readonly string[]): void {
  for (const line of setCookies) {
    const [pair = '', ...attrs] = line.split(';')
    const eq = pair.indexOf('=')
    if (eq <= 0) continue
    const name = pair.slice(0, eq).trim()
    const value = pair.slice(eq + 1).trim()
    const expired = attrs.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a))
    if (value === '' || expired) jar.delete(name)
    else jar.set(name, value)
  }
}

/** The Cookie header for a jar. */
export const cookieHeader = (jar: Jar): string => [...jar].map(([k, v]) => `${k}=${v}`).join('; ')

/** The Set-Cookie values in a raw header list [name, value, name, value...]. */
export function setCookiesOf(raw: readonly string[]): string[] {
  const out: string[] = []
  for (let i = 0; i + 1 < raw.length; i += 2) if ((raw[i] as string).toLowerCase() === 'set-cookie') out.push(raw[i + 1] as string)
  return out
}

/** The bench activity: a wheel open ±1 day, unlimited plays, one prize with a small stock. */
export function benchActivity(now: number, stock: number, chance: number): ActivityConfig {
  const day = 24 * 60 * 60 * 1000
  return {
    ...defaultActivity(11),
    active_title: '压测活动',
    active_time: [{ start: formatCst(now - day), end: formatCst(now + day) }],
    prize: [{ id: 1, type: 'virtual', sum: stock, name: '压测奖品', money: 0, max: 0, min: 0, img: '', info: '', chance, claim_fields: [] }],
    max_play: 0,
    max_eplay: 0,
  }
}

/**
 * Env for the bench's server (names from server/config.ts): its own database, a marketer key of our own
 * (MARKETER_KEY) to create the bench activities, and the rate checks lifted, since one IP plays for everyone.
 */
export function benchServerEnv(dir: string): Record<string, string> {
  return {
    DB_PATH: join(dir, 'lottery.db'),
    MARKETER_KEY: `mk_bench_${randomUUID().replace(/-/g, '')}`,
    RATE_PARTICIPANT: '1000000',
    RATE_IP: '1000000',
    RATE_ENTRY: '1000000',
    RATE_NEW_PARTICIPANTS: '1000000',
    RATE_WINS: '1000000',
  }
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: { code?: number; data?: unknown; msg?: string }; setCookies: string[] }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
  const json = (await res.json().catch(() => ({}))) as { code?: number; data?: unknown; msg?: string }
  return { status: res.status, json, setCookies: res.headers.getSetCookie() }
}

/** Create an activity through Activity/add; returns its code. */
export async function addActivity(base: string, key: string, config: ActivityConfig): Promise<string> {
  const r = await post(`${base}${API_BASE}${PATHS.add}`, { auth: key, ...config }, { 'x-marketer-key': key })
  const code = (r.json.data as { code?: string } | undefined)?.code
  if (r.json.code !== Code.OK || !code) throw new Error(`Activity/add answered ${r.status} ${JSON.stringify(r.json).slice(0, 300)}`)
  return code
}

/** Enter an activity as a new participant (Activity/index): the cookies it sets. */
export async function enter(base: string, code: string): Promise<Jar> {
  const r = await post(`${base}${API_BASE}${PATHS.index}`, { code })
  const jar: Jar = new Map()
  applySetCookies(jar, r.setCookies)
  if (!jar.has('jwt')) throw new Error(`Activity/index set no jwt cookie (${r.status} ${JSON.stringify(r.json).slice(0, 200)})`)
  return jar
}

/** The envelope's "code": the first "code" key in the body, as the envelope ({status, code, msg, data}) is written before its data. */
export const CODE_FIELD = /"code"\s*:\s*(-?\d+)/

/** One autocannon run and what the server answered. */
export interface AwardRun {
  /** Which server setup ran (SERVER_SETUPS). */
  setup: ServerSetupId
  connections: number
  code: string
  result: Pick<Result, 'duration' | 'errors' | 'timeouts' | 'non2xx'> & {
    rps: number
    total: number
    latency: { p50: number; p90: number; p99: number; max: number; average: number }
  }
  /**
   * CPU used during the run, ms: the server (every process of it), PostgreSQL's backends serving it (null on
   * SQLite, or when they are not on this machine), and this process (the load generator).
   */
  cpu: { serverMs: number | null; databaseMs: number | null; generatorMs: number }
  /** The machine's 1-min load average when the run ended: other work competing for the two cores. */
  loadAvg: number
  /** Answers by envelope code (200 win, 202 no win, 1002 already won, 4029 rate limited, 2xxx token...). */
  codes: Record<string, number>
}

/**
 * Award load. Each connection plays for its own few participants in turn (entered through Activity/index
 * before the clock starts), so most plays are real draws rather than "already won this window" answers:
 * every participant follows its own rotating cookie chain (the cookies of its previous response go with its
 * next request) and each award carries a fresh request_id.
 */
export async function awardRun(
  server: RunningServer,
  code: string,
  connections: number,
  durationS: number,
  setup: ServerSetupId = 'sqlite-1',
  databaseCpu: () => Promise<Map<number, number> | null> = async () => null,
): Promise<AwardRun> {
  const base = server.url
  const perConnection = Math.max(DEFAULTS.serverMinParticipantsPerConnection, Math.ceil(DEFAULTS.serverParticipants / connections))
  const jars: Jar[] = []
  const total = perConnection * connections
  for (let i = 0; i < total; i += 25) {
    const batch = Math.min(25, total - i)
    jars.push(...(await Promise.all(Array.from({ length: batch }, () => enter(base, code)))))
  }
  const codes: Record<string, number> = {}
  let nextClient = 0
  const serverCpu0 = server.cpuMs()
  const databaseCpu0 = await databaseCpu()
  const generatorCpu0 = process.cpuUsage()
  const headersFor = (jar: Jar) => ({ 'content-type': 'application/json', cookie: cookieHeader(jar) })
  const result = await autocannon({
    url: base,
    connections,
    duration: durationS,
    pipelining: 1,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: `${API_BASE}${PATHS.award}`,
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ code, request_id: randomUUID() }) }),
        onResponse: (status, body) => {
          // The envelope's code by pattern, not JSON.parse: the generator shares the two cores with the server.
          const key = CODE_FIELD.exec(body)?.[1] ?? `http ${status}`
          codes[key] = (codes[key] ?? 0) + 1
        },
      },
    ],
    setupClient: (client: Client) => {
      const own = jars.slice(nextClient * perConnection, (nextClient + 1) * perConnection)
      nextClient++
      let turn = 0
      client.setHeaders(headersFor(own[0] as Jar))
      // Pipelining 1: a response's headers arrive before the connection's next request is built.
      client.on('headers', ({ headers }) => {
        applySetCookies(own[turn] as Jar, setCookiesOf(headers))
        turn = (turn + 1) % own.length
        client.setHeaders(headersFor(own[turn] as Jar))
      })
    },
  })
  const serverCpu1 = server.cpuMs()
  const databaseCpu1 = await databaseCpu()
  const generatorCpu = process.cpuUsage(generatorCpu0)
  // Per backend: what it used since the start (a backend that connected during the run started at 0).
  const databaseMs = databaseCpu1 === null ? null : [...databaseCpu1].reduce((sum, [pid, ms]) => sum + ms - (databaseCpu0?.get(pid) ?? 0), 0)
  return {
    setup,
    connections,
    code,
    cpu: {
      serverMs: serverCpu0 === null || serverCpu1 === null ? null : serverCpu1 - serverCpu0,
      databaseMs,
      generatorMs: (generatorCpu.user + generatorCpu.system) / 1000,
    },
    loadAvg: loadavg()[0] ?? 0,
    result: {
      duration: result.duration,
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      rps: result.requests.average,
      total: result.requests.total,
      latency: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, average: result.latency.average },
    },
    codes,
  }
}

/** What the database holds for an activity after the runs. */
export interface OversellCheck {
  setup: ServerSetupId
  code: string
  stock: number
  /** Rows in `wins`. */
  winsInDb: number
  /** prize_stock: configured stock minus remaining. */
  stockTaken: number
  /** prize_stock.won */
  wonCounter: number
  /** 200 answers the load generator saw. */
  winsAnswered: number
  oversold: number
  ok: boolean
}

/** Count the winners in the database and compare with the stock (the same SQL on both engines). */
export async function oversellCheck(db: Kysely<any>, setup: ServerSetupId, code: string, stock: number, winsAnswered: number): Promise<OversellCheck> {
  const activity = (await sql<{ id: number }>`SELECT id FROM activities WHERE code = ${code}`.execute(db)).rows[0]
  if (!activity) throw new Error(`activity ${code} not in the database`)
  const wins = (await sql<{ n: number }>`SELECT COUNT(*) AS n FROM wins WHERE activity_id = ${activity.id}`.execute(db)).rows[0]
  const row = (await sql<{ remaining: number; won: number }>`SELECT COALESCE(SUM(remaining), 0) AS remaining, COALESCE(SUM(won), 0) AS won FROM prize_stock WHERE activity_id = ${activity.id}`.execute(db)).rows[0]
  const winsInDb = Number(wins?.n ?? 0)
  const remaining = Number(row?.remaining ?? 0)
  const won = Number(row?.won ?? 0)
  const stockTaken = stock - remaining
  const oversold = Math.max(0, winsInDb - stock)
  return { setup, code, stock, winsInDb, stockTaken, wonCounter: won, winsAnswered, oversold, ok: oversold === 0 && winsInDb === stockTaken && winsInDb === won && remaining >= 0 }
}

export type ServerSetupId = 'sqlite-1' | 'pg-1' | 'pg-2'

/** The matrix: SQLite in one process; PostgreSQL in one and in two (WORKERS=2). */
export const SERVER_SETUPS: readonly { id: ServerSetupId; label: string; engine: 'sqlite' | 'postgres'; workers: number }[] = [
  { id: 'sqlite-1', label: 'SQLite ×1', engine: 'sqlite', workers: 1 },
  { id: 'pg-1', label: 'PostgreSQL ×1', engine: 'postgres', workers: 1 },
  { id: 'pg-2', label: 'PostgreSQL ×2', engine: 'postgres', workers: 2 },
]

export interface ServerBench {
  runs: AwardRun[]
  checks: OversellCheck[]
  /** Setups that could not run, and why (n/a in the tables). */
  skipped: Partial<Record<ServerSetupId, string>>
  serverEnv: Record<string, string>
}

/** The PostgreSQL the bench may use: BENCH_DATABASE_URL, else TEST_DATABASE_URL. */
export function benchDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string | null {
  return env.BENCH_DATABASE_URL?.trim() || env.TEST_DATABASE_URL?.trim() || null
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]'])

/**
 * CPU time of the PostgreSQL backends whose application_name is `app` (the bench's server names its
 * connections so), pid → ms; null when PostgreSQL is on another machine (its pids are not ours to read).
 */
function backendCpu(db: Kysely<any>, app: string, host: string): () => Promise<Map<number, number> | null> {
  if (!LOCAL_HOSTS.has(host)) return async () => null
  return async () => {
    const { rows } = await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity WHERE application_name = ${app}`.execute(db)
    const out = new Map<number, number>()
    for (const { pid } of rows) {
      const ms = processCpuMs(pid)
      if (ms !== null) out.set(pid, ms)
    }
    return out
  }
}

/** Run one setup at each connection count; a reason instead when it cannot run. */
async function benchSetup(
  setup: (typeof SERVER_SETUPS)[number],
  connectionCounts: readonly number[],
  durationS: number,
  log: (line: string) => void,
): Promise<{ runs: AwardRun[]; checks: OversellCheck[]; env: Record<string, string> } | string> {
  const dir = join(TMP, `server-bench-${setup.id}`)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const env: Record<string, string> = { ...benchServerEnv(dir), WORKERS: String(setup.workers) }
  let schema: TestSchema | null = null
  let reader: Kysely<any> | null = null
  let databaseCpu: () => Promise<Map<number, number> | null> = async () => null
  if (setup.engine === 'postgres') {
    const url = benchDatabaseUrl()
    if (!url) return 'no BENCH_DATABASE_URL or TEST_DATABASE_URL'
    schema = await createTestSchema(url)
    const app = `lottery_bench_${schema.schema}`
    const serverUrl = new URL(schema.url)
    serverUrl.searchParams.set('application_name', app)
    env.DATABASE_URL = serverUrl.toString()
    reader = await openPostgres(schema.url, { poolMax: 1, applicationName: 'lottery_bench_reader' })
    databaseCpu = backendCpu(reader, app, serverUrl.hostname)
  }
  const runs: AwardRun[] = []
  try {
    let server: RunningServer
    try {
      server = await startServer(env)
    } catch (error) {
      return `the server refused DATABASE_URL=postgres://…: ${String((error as Error).message).split('\n').slice(-2).join(' ').slice(0, 200)}`
    }
    try {
      if (reader) {
        const { rows } = await sql<{ t: string | null }>`SELECT to_regclass('schema_version')::text AS t`.execute(reader)
        // A server that ignores DATABASE_URL runs on DB_PATH: its figures would be SQLite's.
        if (!rows[0]?.t) return 'server ignores DATABASE_URL=postgres (ran on SQLite at DB_PATH)'
      }
      for (const connections of connectionCounts) {
        // A fresh activity per run, so each run starts with the full stock.
        const code = await addActivity(server.url, env.MARKETER_KEY as string, benchActivity(Date.now(), DEFAULTS.serverStock, DEFAULTS.serverChance))
        const run = await awardRun(server, code, connections, durationS, setup.id, databaseCpu)
        runs.push(run)
        log(`  ${setup.label}, ${connections} connections: ${run.result.rps.toFixed(0)} req/s, p50 ${run.result.latency.p50} ms, p99 ${run.result.latency.p99} ms, codes ${JSON.stringify(run.codes)}`)
      }
    } finally {
      await server.stop()
    }
    // SQLite: read once the server has stopped (the file is whole, its WAL checkpointed).
    reader ??= new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(env.DB_PATH as string, { readonly: true, fileMustExist: true }) }) })
    const checks: OversellCheck[] = []
    for (const run of runs) checks.push(await oversellCheck(reader, setup.id, run.code, DEFAULTS.serverStock, run.codes[String(Code.OK)] ?? 0))
    return { runs, checks, env }
  } finally {
    await reader?.destroy()
    await schema?.drop()
  }
}

/** Each setup on a fresh database (a fresh PostgreSQL schema): the award load at each connection count, then the oversell check. */
export async function benchServer(connectionCounts: readonly number[] = DEFAULTS.serverConnections, durationS = DEFAULTS.serverDurationS, log: (line: string) => void = () => {}): Promise<ServerBench> {
  const bench: ServerBench = { runs: [], checks: [], skipped: {}, serverEnv: {} }
  for (const setup of SERVER_SETUPS) {
    let result: Awaited<ReturnType<typeof benchSetup>>
    try {
      result = await benchSetup(setup, connectionCounts, durationS, log)
    } catch (error) {
      result = `failed: ${String((error as Error).message).slice(0, 200)}`
    }
    if (typeof result === 'string') {
      bench.skipped[setup.id] = result
      log(`  ${setup.label}: n/a (${result})`)
      continue
    }
    bench.runs.push(...result.runs)
    bench.checks.push(...result.checks)
    if (setup.id === 'sqlite-1') bench.serverEnv = { ...result.env, MARKETER_KEY: '(generated per run)' }
  }
  return bench
}

/** The server section: one column per setup and connection count; a setup that could not run is n/a (why). */
export function serverSection(bench: ServerBench, connectionCounts: readonly number[] = DEFAULTS.serverConnections): Section {
  const cells = SERVER_SETUPS.flatMap((setup) =>
    connectionCounts.map((connections) => {
      const i = bench.runs.findIndex((r) => r.setup === setup.id && r.connections === connections)
      return { column: `${setup.label} · ${connections} conn`, run: bench.runs[i], check: bench.checks.find((c) => c.code === bench.runs[i]?.code), why: bench.skipped[setup.id] ?? 'not run' }
    }),
  )
  const columns = cells.map((c) => c.column)
  const row = (metric: string, unit: string, pick: (r: AwardRun, check: OversellCheck | undefined) => number | null, how: string): Row => {
    const na: Record<string, string> = {}
    for (const c of cells) if (!c.run) na[c.column] = c.why
    return { metric, unit, how, values: Object.fromEntries(cells.map((c) => [c.column, c.run ? pick(c.run, c.check) : null])), ...(Object.keys(na).length ? { na } : {}) }
  }
  const perAward = (ms: number | null, r: AwardRun) => (ms === null || r.result.total === 0 ? null : ms / r.result.total)
  const drawn = (r: AwardRun) => (r.codes[String(Code.OK)] ?? 0) + (r.codes[String(Code.NO_AWARD)] ?? 0)
  const howRun =
    `autocannon ${DEFAULTS.serverDurationS} s per run, pipelining 1, in the bench process, against server/index.ts (tsx, NODE_ENV=production) on 127.0.0.1, per setup: a fresh SQLite file (SQLite ×1), or a fresh schema on BENCH_DATABASE_URL / TEST_DATABASE_URL in one process (PostgreSQL ×1) or WORKERS=2 (PostgreSQL ×2: the primary and two workers sharing the port); ` +
    `POST ${API_BASE}${PATHS.award} {code, request_id: fresh UUID}; each connection plays in turn for its own participants (≥ ${DEFAULTS.serverMinParticipantsPerConnection}, ${DEFAULTS.serverParticipants} in all when connections allow), entered via Activity/index beforehand; each participant sends the cookies of its previous response (rotating jwt). ` +
    `Bench activity: one prize, stock ${DEFAULTS.serverStock}, chance ${DEFAULTS.serverChance} %, unlimited plays; rate checks lifted (RATE_PARTICIPANT, RATE_IP, RATE_ENTRY = 10⁶/s; RATE_NEW_PARTICIPANTS, RATE_WINS = 10⁶/h): one loopback IP stands for every participant.`
  return {
    id: 'server',
    title: 'Server: Activity/award under load',
    columns,
    rows: [
      row('Award throughput', 'req/s', (r) => r.result.rps, howRun),
      row('Latency p50', 'ms', (r) => r.result.latency.p50, 'autocannon latency histogram (request written → response complete).'),
      row('Latency p99', 'ms', (r) => r.result.latency.p99, 'Same histogram, p99.'),
      row('Server CPU per award', 'ms', (r) => perAward(r.cpu.serverMs, r), 'Server CPU time (user + system, /proc/<pid>/stat, summed over its processes: with WORKERS the primary and every worker) during the run divided by the responses: what one award costs the server.'),
      row('PostgreSQL CPU per award', 'ms', (r) => perAward(r.cpu.databaseMs, r), 'CPU time of the PostgreSQL backends serving the server (pg_stat_activity by application_name, /proc/<pid>/stat) during the run divided by the responses; n/a on SQLite (its work is inside the server process) or when PostgreSQL is on another machine.'),
      row('Server + PostgreSQL CPU per award', 'ms', (r) => (r.cpu.serverMs === null ? null : perAward(r.cpu.serverMs + (r.cpu.databaseMs ?? 0), r)), 'The two rows above together: what one award costs the machine, comparable across engines.'),
      row('Server CPU use', '%', (r) => (r.cpu.serverMs === null ? null : r.cpu.serverMs / (r.result.duration * 10)), 'Server CPU time over the run\'s wall time (100 % = one core; each Node process runs the app on one thread).'),
      row('Awards/s one server core could serve', 'req/s', (r) => (r.cpu.serverMs === null || r.cpu.serverMs === 0 ? null : (1000 * r.result.total) / r.cpu.serverMs), 'Responses per second of server CPU time (1000 / CPU per award): the ceiling of a single-threaded server with a whole core to itself, whatever else ran on the machine (PostgreSQL\'s own CPU not included).'),
      row('Load generator CPU use', '%', (r) => r.cpu.generatorMs / (r.result.duration * 10), 'The bench process (autocannon) CPU time over the run: it shares the machine\'s cores with the server.'),
      row('Machine load after the run', 'load', (r) => r.loadAvg, '1-min load average when the run ended (2 cores): above 2, other work competed with the server and the generator.'),
      row('Requests', 'count', (r) => r.result.total, 'Responses received during the run.'),
      row('Draws (200 win, 202 no win)', 'count', drawn, 'Answers that went through the draw.'),
      row('Already won this window (1002)', 'count', (r) => r.codes[String(Code.HAVE_AWARD)] ?? 0, 'Plays refused because the participant already won in this 场次 (one win per window).'),
      row('Refused: rate limited (4029)', 'count', (r) => r.codes[String(Code.RATE_LIMITED)] ?? 0, 'Answers with code 4029.'),
      row('Refused: token (2001–2006)', 'count', (r) => Object.entries(r.codes).filter(([k]) => Number(k) >= 2001 && Number(k) <= 2006).reduce((a, [, n]) => a + n, 0), 'Answers asking to re-enter (chain broken): should be 0.'),
      row('Errors (incl. timeouts)', 'count', (r) => r.result.errors, 'autocannon errors: socket errors and requests unanswered after 10 s.'),
      row('  of which timeouts', 'count', (r) => r.result.timeouts, 'Requests unanswered after 10 s.'),
      row('Wins answered (200)', 'count', (r) => r.codes[String(Code.OK)] ?? 0, 'Code 200 answers seen by the load generator.'),
      row('Winners in the DB', 'count', (_r, check) => check?.winsInDb ?? null, 'SELECT COUNT(*) FROM wins for the run\'s activity, after the server stopped.'),
      row('Stock taken', 'count', (_r, check) => check?.stockTaken ?? null, `Configured stock (${DEFAULTS.serverStock}) minus prize_stock.remaining.`),
      row('Oversold', 'count', (_r, check) => check?.oversold ?? null, 'Winners in the DB beyond the stock (must be 0); the check also requires winners = stock taken = prize_stock.won.'),
    ],
  }
}
