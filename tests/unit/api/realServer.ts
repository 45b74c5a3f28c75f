import { serve, type ServerType } from '@hono/node-server'
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ActivityConfig } from '../../../src/core/activity'
import { DAY_MS, formatCst } from '../../../src/core/windows'
import { createApp } from '../../../server/app'
import { saveActivity } from '../../../server/domain/activities'
import { openTestDb } from '../../server/testDb'
import type { Store } from '../../../server/db/queries'
import { makeConfig, makePrize } from '../../helpers/activity'

/**
 * The REAL API server (server/app.ts) on a temp database (either engine: tests/server/testDb.ts) and a real loopback
 * port, for the client tests: real HTTP, real rotating cookies. The clock is
 * injectable (`clock.now`), every request is recorded, and `hold` can delay a
 * request before the app sees it.
 */

export interface RecordedRequest {
  path: string
  body: Record<string, unknown>
}

export interface TestServer {
  baseURL: string
  store: Store
  /** The server's clock, epoch ms; tests move it. */
  clock: { now: number }
  /** Every request in arrival order. */
  requests: RecordedRequest[]
  /** Most requests the app was working on at one time. */
  maxInFlight: number
  /**
   * Delay before the app sees a request: ms (default 5 ms so overlapping calls
   * would show), or a promise the test settles to let it through.
   */
  hold: (req: RecordedRequest) => number | Promise<void>
  /** Resolves once no request is in flight (a held one included). */
  idle(): Promise<void>
  close(): Promise<void>
}

/** An open wheel activity (one window around `now`), tunable. */
export function openActivity(now: number, fields: Partial<ActivityConfig> = {}): ActivityConfig {
  return makeConfig({
    active_title: '测试转盘',
    active_time: [{ start: formatCst(now - DAY_MS), end: formatCst(now + 10 * DAY_MS) }],
    max_play: 5,
    max_eplay: 5,
    prize: [makePrize(1, { name: '保温杯', chance: 100, sum: 100 })],
    ...fields,
  })
}

export async function startTestServer(activities: Record<string, ActivityConfig>): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'lottery-client-'))
  // DATABASE_ENGINE=postgres: a schema of its own on TEST_DATABASE_URL, dropped on close.
  const db = openTestDb(dir)
  const store = db.store
  const clock = { now: Date.now() }
  for (const [code, config] of Object.entries(activities)) await saveActivity(store, code, config, config.prize, clock.now)
  const app = createApp({
    store,
    jwtSecret: 'test-jwt-secret-0123456789',
    ticketSecret: 'test-ticket-secret-0123456789',
    uploadDir: join(dir, 'uploads'),
    now: () => clock.now,
    rate: { participant: { limit: 1000, windowMs: 1000 }, ip: { limit: 1000, windowMs: 1000 } },
  })

  let inFlight = 0
  let idleWaiters: (() => void)[] = []
  const state: TestServer = {
    baseURL: '',
    store,
    clock,
    requests: [],
    maxInFlight: 0,
    hold: () => 5,
    idle: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))),
    close: async () => {},
  }
  const server: ServerType = await new Promise((resolve) => {
    const s = serve(
      {
        hostname: '127.0.0.1',
        port: 0,
        fetch: async (request: Request, env: unknown) => {
          inFlight++
          state.maxInFlight = Math.max(state.maxInFlight, inFlight)
          try {
            const text = await request.clone().text()
            const recorded = { path: new URL(request.url).pathname, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }
            state.requests.push(recorded)
            const hold = state.hold(recorded)
            await (typeof hold === 'number' ? new Promise((r) => setTimeout(r, hold)) : hold)
            return await app.fetch(request, env)
          } finally {
            inFlight--
            if (inFlight === 0) {
              for (const resolve of idleWaiters) resolve()
              idleWaiters = []
            }
          }
        },
      },
      () => resolve(s),
    )
  })
  const { port } = server.address() as AddressInfo
  state.baseURL = `http://127.0.0.1:${port}/lottery`
  state.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => {
        void db.close().then(() => {
          rmSync(dir, { recursive: true, force: true })
          resolve()
        })
      })
      // Keep-alive sockets would hold close() open.
      ;(server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.()
    })
  return state
}

/** Sees one answer on its way to the client: return it (or another Response), or throw to lose it. */
export type Interceptor = (path: string, response: Response) => Response | Promise<Response>

/** A browser's network for the client in Node: a cookie jar, and places to lose or rewrite answers. */
export interface TestNet {
  /** Give this to createApiClient({ fetch }). */
  fetch: typeof fetch
  /** The cookies held, by name. */
  jar: Map<string, string>
  /** Run before the jar sees the answer: throwing here loses the answer AND its Set-Cookie (lost on the way). */
  beforeJar: Interceptor[]
  /** Run after the jar kept the cookies: rewrite what the client reads. */
  afterJar: Interceptor[]
}

/** A fetch with a cookie jar: sends the cookies it holds, keeps what Set-Cookie says. `path` is relative to /lottery. */
export function testNet(): TestNet {
  const jar = new Map<string, string>()
  const net: TestNet = {
    jar,
    beforeJar: [],
    afterJar: [],
    fetch: async (input, init) => {
      const headers = new Headers(init?.headers)
      if (jar.size > 0) headers.set('Cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '))
      const url = new URL(input instanceof Request ? input.url : String(input))
      const path = url.pathname.replace(/^\/lottery/, '')
      let response = await fetch(url, { ...init, headers })
      for (const intercept of net.beforeJar) response = await intercept(path, response)
      for (const line of response.headers.getSetCookie()) {
        const [pair = ''] = line.split(';')
        const eq = pair.indexOf('=')
        if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim())
      }
      for (const intercept of net.afterJar) response = await intercept(path, response)
      return response
    },
  }
  return net
}

/** An envelope (or any body) as a JSON answer with `status`. */
export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}
