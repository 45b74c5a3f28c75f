import { createAdaptorServer } from '@hono/node-server'
import type { ServerType } from '@hono/node-server'
import { Agent, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_BASE, Code, PATHS } from '../../src/core/contract'
import { formatCst } from '../../src/core/windows'
import type { TestServer } from './helpers'
import { Client, addActivity, config, makeServer, prize } from './helpers'

/**
 * A stock test over a real port: many participants, each with their own
 * cookie jar, all sending their award at once, and the stock is given out
 * exactly. Not a race test: better-sqlite3 is synchronous and the server runs
 * in one thread, so each award's transaction runs whole before the next
 * starts and requests cannot interleave inside one.
 */

const PLAYERS = 1000
const STOCK = 10

let s: TestServer
let server: ServerType
let origin: string
/** One socket per player, all opened at once. */
const agent = new Agent({ keepAlive: false, maxSockets: Infinity })

beforeAll(async () => {
  // The clock is real here: requests really overlap in time.
  // One loopback IP stands for every player: the per-IP checks and the anonymous caps are lifted.
  const lifted = { limit: 1_000_000, windowMs: 1000 }
  s = makeServer({ now: Date.now, rate: { ip: lifted, entry: lifted, newParticipant: lifted, wins: lifted } })
  const now = Date.now()
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
  agent.destroy()
  await new Promise((resolve) => server.close(resolve))
  await s.close()
})

/** POST over the real socket (node:http: lighter than fetch when a thousand are in flight). */
function post(cookie: string, path: string, body: unknown): Promise<{ code: number }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${origin}${API_BASE}${path}`,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', cookie } },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { code: number }))
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(JSON.stringify(body))
  })
}

describe(`a stock of ${STOCK} among ${PLAYERS} players awarding at once`, () => {
  it('gives exactly the stock, never more', { timeout: 60_000 }, async () => {
    // Entering is not under test here: done in-process, each player keeping their own cookies.
    const players: Client[] = []
    for (let i = 0; i < PLAYERS; i++) {
      const player = new Client(s.app)
      await player.enter('rush')
      players.push(player)
    }
    const results = await Promise.all(
      players.map((player, i) => post(player.cookieHeader(), PATHS.award, { code: 'rush', request_id: `rush-${i}-0000` })),
    )
    const codes = new Map<number, number>()
    for (const r of results) codes.set(r.code, (codes.get(r.code) ?? 0) + 1)
    expect(codes.get(Code.OK)).toBe(STOCK)
    expect(codes.get(Code.NO_AWARD)).toBe(PLAYERS - STOCK)

    const activity = await s.store.activityByCode('rush')
    expect(activity).not.toBeNull()
    const [row] = await s.store.stockRows(activity?.id ?? 0)
    expect(row).toMatchObject({ remaining: 0, won: STOCK })
    expect((await s.store.winCounts(activity?.id ?? 0)).wins).toBe(STOCK)
  })
})
