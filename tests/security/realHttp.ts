import { serve, type ServerType } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import type { AppDeps } from '../../server/context'
import type { TestServer } from '../server/helpers'
import { API_BASE } from '../../src/core/contract'
import { makeServer } from '../server/helpers'

/** The app of tests/server/helpers on a real loopback port: headers and origins as a browser would send them. */
export interface HttpServer extends TestServer {
  /** http://127.0.0.1:<port> */
  origin: string
  /** Call `path` (relative to /lottery); answers with the parsed body. */
  post(path: string, body: string, headers?: Record<string, string>): Promise<{ status: number; body: { code: number }; headers: Headers }>
  stop(): Promise<void>
}

export async function listen(deps: Partial<AppDeps> = {}): Promise<HttpServer> {
  const s = makeServer(deps)
  const server: ServerType = await new Promise((resolve) => {
    const started = serve({ fetch: s.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(started))
  })
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    ...s,
    origin,
    async post(path, body, headers = {}) {
      const res = await fetch(`${origin}${API_BASE}${path}`, { method: 'POST', body, headers })
      return { status: res.status, body: (await res.json()) as { code: number }, headers: res.headers }
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        // Its database closed (on PostgreSQL, its schema dropped) before the test goes on.
        server.close(() => void s.close().then(resolve, reject))
        ;(server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.()
      }),
  }
}
