import { serve, type ServerType } from '@hono/node-server'
import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import type { AppDeps } from '../../server/context'
import type { TestServer } from '../server/helpers'
import { answerParseErrors } from '../../server/transport'
import { makeServer } from '../server/helpers'

/**
 * The security suite's server: the real app on a temp database behind a real
 * loopback port (real HTTP, real headers, real cookies), plus a fingerprint of
 * every table so a test can prove that a refused request wrote nothing.
 */
export interface LiveServer extends TestServer {
  /** http://127.0.0.1:port */
  origin: string
  /** A hash of every row of every table (read through a second connection). */
  fingerprint(): string
  stop(): Promise<void>
}

export async function startLive(deps: Partial<AppDeps> = {}): Promise<LiveServer> {
  const t = makeServer(deps)
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  answerParseErrors(server)
  const { port } = server.address() as AddressInfo
  const reader = new Database(`${t.dir}/test.db`, { readonly: true, fileMustExist: true })
  const tables = (reader.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map(
    (r) => r.name,
  )
  return {
    ...t,
    origin: `http://127.0.0.1:${port}`,
    fingerprint() {
      const hash = createHash('sha256')
      for (const table of tables) hash.update(table).update(JSON.stringify(reader.prepare(`SELECT * FROM "${table}"`).all()))
      return hash.digest('hex')
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          reader.close()
          t.close()
          resolve()
        })
        ;(server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.()
      }),
  }
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
