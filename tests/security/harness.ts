import { serve, type ServerType } from '@hono/node-server'
import { sql } from 'kysely'
import { createHash } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import type { AppDeps } from '../../server/context'
import type { TestServer } from '../server/helpers'
import { answerParseErrors } from '../../server/transport'
import { makeServer } from '../server/helpers'
import { ON_POSTGRES } from '../server/testDb'

/**
 * The security suite's server: the real app on a temp database behind a real
 * loopback port (real HTTP, real headers, real cookies), plus a fingerprint of
 * every table so a test can prove that a refused request wrote nothing.
 */
export interface LiveServer extends TestServer {
  /** http://127.0.0.1:port */
  origin: string
  /** A hash of every row of every table (read through a second connection). */
  fingerprint(): Promise<string>
  /** Waits until the database has stopped changing (a background write, such as the first entry's page views, has landed). */
  settled(): Promise<void>
  stop(): Promise<void>
}

export async function startLive(deps: Partial<AppDeps> = {}): Promise<LiveServer> {
  const t = makeServer(deps)
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  answerParseErrors(server)
  const { port } = server.address() as AddressInfo
  const tables = ON_POSTGRES
    ? (await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = current_schema() ORDER BY table_name`.execute(t.side)).rows.map((r) => r.name)
    : (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`.execute(t.side)).rows.map((r) => r.name)
  // PostgreSQL: every table's rows in one round trip, ordered by content (an update that changes nothing may move a row).
  const pgRows = sql.join(
    tables.map((table) => sql`SELECT ${sql.lit(table)} AS t, COALESCE(string_agg(x::text, E'\n' ORDER BY x::text), '') AS rows FROM ${sql.id(table)} x`),
    sql` UNION ALL `,
  )
  const live: LiveServer = {
    ...t,
    origin: `http://127.0.0.1:${port}`,
    async fingerprint() {
      const hash = createHash('sha256')
      if (ON_POSTGRES) {
        for (const row of (await sql<{ t: string; rows: string }>`${pgRows} ORDER BY 1`.execute(t.side)).rows) hash.update(row.t).update(row.rows)
      } else {
        for (const table of tables) hash.update(table).update(JSON.stringify((await sql`SELECT * FROM ${sql.id(table)}`.execute(t.side)).rows))
      }
      return hash.digest('hex')
    },
    async settled() {
      let last = await live.fingerprint()
      for (let i = 0; i < 50; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100))
        const now = await live.fingerprint()
        if (now === last) return
        last = now
      }
      throw new Error('the database kept changing for 5 s')
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => void t.close().then(resolve))
        ;(server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.()
      }),
  }
  return live
}

/** A browser on the live server: keeps cookies, sends same-origin fetch metadata like a page of ours would. */
export class Browser {
  readonly jar = new Map<string, string>()
  constructor(readonly origin: string) {}

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers)
    if (this.jar.size > 0 && !headers.has('cookie')) headers.set('cookie', [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '))
    if (!headers.has('origin') && (init.method ?? 'GET') !== 'GET') headers.set('origin', this.origin)
    if (!headers.has('sec-fetch-site')) headers.set('sec-fetch-site', 'same-origin')
    const res = await fetch(`${this.origin}/lottery${path}`, { ...init, headers })
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';')
      const eq = pair.indexOf('=')
      if (eq > 0) this.jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim())
    }
    return res
  }

  post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return this.fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })
  }

  async json<T = { code: number; data: unknown }>(path: string, body: unknown): Promise<T> {
    return (await (await this.post(path, body)).json()) as T
  }
}
