import { createAdaptorServer } from '@hono/node-server'
import type { ServerType } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_BASE, Code, PATHS } from '../../src/core/contract'
import type { TestServer } from './helpers'
import { addActivity, config, makeServer, prize } from './helpers'

/** Over a real port: many participants, each with their own cookie jar, all playing at once. */

const PLAYERS = 1000
const STOCK = 10

let s: TestServer
let server: ServerType
let origin: string

beforeAll(async () => {
  // The clock is real here: requests really overlap in time.
  s = makeServer({ now: Date.now, rate: { ip: { limit: 1_000_000, windowMs: 1000 } } })
  const now = Date.now()
  const { formatCst } = await import('../../src/core/windows')
  await addActivity(
    s.app,
    'rush',
    config({
      active_time: [{ start: formatCst(now - 3600_000), end: formatCst(now + 3600_000) }],
      prize: [prize({ id: 1, name: '限量奖品', chance: 100, sum: STOCK })],
    }),
  )
  server = createAdaptorServer({ fetch: s.app.fetch })
  // A backlog above the default 511, so all the connections opened at once are queued, not reset.
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: PLAYERS * 2 }, resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  s.close()
})

/** One browser's cookies (name=value), taken from Set-Cookie. */
function remember(jar: Map<string, string>, res: Response): void {
  for (const line of res.headers.getSetCookie()) {
    const pair = line.split(';')[0] ?? ''
    const eq = pair.indexOf('=')
    if (eq > 0) jar.set(pair.slice(0, eq), pair.slice(eq + 1))
  }
}

async function post(jar: Map<string, string>, path: string, body: unknown): Promise<{ code: number }> {
  const res = await fetch(`${origin}${API_BASE}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    body: JSON.stringify(body),
  })
  remember(jar, res)
  return (await res.json()) as { code: number }
}

describe(`${PLAYERS} concurrent awards against a stock of ${STOCK}`, () => {
  it('gives exactly the stock, never more', { timeout: 60_000 }, async () => {
    const jars = Array.from({ length: PLAYERS }, () => new Map<string, string>())
    const entered = await Promise.all(jars.map((jar) => post(jar, PATHS.index, { code: 'rush' })))
    expect(entered.every((r) => r.code === Code.OK)).toBe(true)

    const results = await Promise.all(jars.map((jar, i) => post(jar, PATHS.award, { code: 'rush', request_id: `rush-${i}-0000` })))
    const codes = new Map<number, number>()
    for (const r of results) codes.set(r.code, (codes.get(r.code) ?? 0) + 1)
    expect(codes.get(Code.OK)).toBe(STOCK)
    expect(codes.get(Code.NO_AWARD)).toBe(PLAYERS - STOCK)

    const activity = s.store.activityByCode('rush')
    expect(activity).not.toBeNull()
    const [row] = s.store.stockRows(activity?.id ?? 0)
    expect(row).toMatchObject({ remaining: 0, won: STOCK })
    expect(s.store.winCounts(activity?.id ?? 0).wins).toBe(STOCK)
  })
})
