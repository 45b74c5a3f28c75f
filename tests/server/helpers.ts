import type { Hono } from 'hono'
import type { Kysely } from 'kysely'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ActivityConfig, Prize } from '../../src/core/activity'
import type { Envelope } from '../../src/core/contract'
import type { AppDeps } from '../../server/context'
import type { Store } from '../../server/db/queries'
import { defaultActivity } from '../../src/core/blankActivity'
import { API_BASE, PATHS } from '../../src/core/contract'
import { formatCst } from '../../src/core/windows'
import { createApp } from '../../server/app'
import { hashKey } from '../../server/auth/marketer'
import { openTestDb } from './testDb'

/** Shared by the server tests: a temp database (either engine: testDb.ts), the app with an injectable clock, cookie-jar clients. */

export const JWT_SECRET = 'test-jwt-secret-0123456789abcdef'
export const TICKET_SECRET = 'test-ticket-secret-0123456789abcdef'
export const MARKETER_KEY = 'mk_test_key_0123456789'
export const MINUTE = 60 * 1000
export const HOUR = 60 * MINUTE

/** 2030-06-15 12:00 (UTC+8): a fixed, comfortably future clock. */
export const T0 = Date.UTC(2030, 5, 15, 4, 0)

export interface TestServer {
  app: Hono
  store: Store
  /** A temp directory of its own (uploads; the SQLite file). */
  dir: string
  /** A second connection on the server's database (testDb.ts): reads beside the app, writes behind its back. */
  side: Kysely<any>
  /** The app's clock (epoch ms); move it to travel in time. */
  clock: { now: number }
  close(): Promise<void>
}

/** The app on `store` with the tests' secrets, uploads under `dir`, time from `clock`; an unexpected error fails the test. */
export function testApp(store: Store, dir: string, clock: { now: number }, deps: Partial<AppDeps> = {}): Hono {
  return createApp({
    store,
    jwtSecret: JWT_SECRET,
    ticketSecret: TICKET_SECRET,
    uploadDir: join(dir, 'uploads'),
    now: () => clock.now,
    logError: (err) => {
      throw err
    },
    ...deps,
  })
}

/** A fresh app on its own database (a file, or a schema on PostgreSQL). */
export function makeServer(deps: Partial<AppDeps> = {}): TestServer {
  const dir = mkdtempSync(join(tmpdir(), 'lottery-test-'))
  // The key is stored before any request's query runs.
  const db = openTestDb(dir, (store) => store.addMarketerKey(hashKey(MARKETER_KEY), 'test', T0))
  const store = db.store
  const clock = { now: T0 }
  const app = testApp(store, dir, clock, deps)
  return {
    app,
    store,
    dir,
    side: db.side,
    clock,
    async close() {
      await db.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export interface Answer<T = unknown> {
  http: number
  body: Envelope<T>
  headers: Headers
}

/** A browser: a cookie jar over `app.request` (cookie paths are all /lottery here, so one jar is enough). */
export class Client {
  readonly jar = new Map<string, string>()

  constructor(private readonly app: Hono) {}

  /** Call `path` (relative to /lottery) with a JSON body, or a GET query when `method` is GET. */
  async call<T = unknown>(
    path: string,
    body: Record<string, unknown> = {},
    init: { method?: 'GET' | 'POST'; headers?: Record<string, string> } = {},
  ): Promise<Answer<T>> {
    const method = init.method ?? 'POST'
    const query = method === 'GET' ? `?${new URLSearchParams(body as Record<string, string>)}` : ''
    const res = await this.app.request(`${API_BASE}${path}${query}`, {
      method,
      headers: { ...(method === 'POST' ? { 'content-type': 'application/json' } : {}), cookie: this.cookieHeader(), ...init.headers },
      body: method === 'POST' ? JSON.stringify(body) : undefined,
    })
    this.absorb(res.headers)
    return { http: res.status, body: (await res.json()) as Envelope<T>, headers: res.headers }
  }

  /** Raw request (for malformed bodies), still with the cookies. */
  async raw(path: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers)
    if (!headers.has('cookie')) headers.set('cookie', this.cookieHeader())
    const res = await this.app.request(`${API_BASE}${path}`, { ...init, headers })
    this.absorb(res.headers)
    return res
  }

  cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  /** The current `jwt` cookie value. */
  get token(): string {
    return this.jar.get('jwt') ?? ''
  }

  set token(value: string) {
    this.jar.set('jwt', value)
  }

  absorb(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair] = line.split(';')
      const eq = pair?.indexOf('=') ?? -1
      if (!pair || eq < 0) continue
      this.jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim())
    }
  }

  /** Enter an activity (Activity/index); throws unless it answers 200. */
  async enter(code: string, auth?: string): Promise<Answer> {
    const answer = await this.call(PATHS.index, auth === undefined ? { code } : { code, auth })
    if (answer.body.code !== 200) throw new Error(`enter ${code}: ${JSON.stringify(answer.body)}`)
    return answer
  }

  private seq = 0
  /** Play once with a fresh request id. */
  award<T = unknown>(code: string, requestId = `req-${Date.now()}-${++this.seq}-${Math.random().toString(36).slice(2)}`) {
    return this.call<T>(PATHS.award, { code, request_id: requestId })
  }
}

/** A prize with defaults; without an `id` the server assigns one (typed as Prize for the config helpers). */
export function prize(fields: Partial<Prize> & Pick<Prize, 'name' | 'chance'>): Prize {
  return { type: 'physical', sum: 10, money: 0, max: 0, min: 0, img: '', info: '', ...fields } as Prize
}

/** A valid configuration open from an hour before T0 to a day after, with the given overrides. */
export function config(overrides: Partial<ActivityConfig> = {}): ActivityConfig {
  return {
    ...defaultActivity(11),
    active_title: '测试活动',
    active_time: [{ start: formatCst(T0 - HOUR), end: formatCst(T0 + 24 * HOUR) }],
    prize: [prize({ id: 1, name: '保温杯', chance: 50 })],
    ...overrides,
  }
}

/** Save an activity through Activity/add (marketer key); returns the saved configuration. */
export async function addActivity(app: Hono, code: string, cfg: Partial<ActivityConfig> | Record<string, unknown>) {
  const client = new Client(app)
  const answer = await client.call<{ code: string; config: ActivityConfig }>(PATHS.add, { ...cfg, code, auth: MARKETER_KEY })
  if (answer.body.code !== 200) throw new Error(`add ${code}: ${JSON.stringify(answer.body)}`)
  return answer.body.data
}

/** The claims of a JWT, unchecked. */
export function claimsOf(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? ''
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>
}
