import { afterEach, describe, expect, it } from 'vitest'
import { Code, PATHS } from '../../src/core/contract'
import type { TestServer } from './helpers'
import { Client, addActivity, config, makeServer } from './helpers'

/** Activity/index writes a token row per call: it answers 429 past the per-IP rule, as the award does. */

let s: TestServer | null = null
afterEach(async () => {
  await s?.close()
  s = null
})

/** Enter `code` as a fresh participant from the client IP `ip` (behind a trusted proxy). */
function enterFrom(server: TestServer, code: string, ip: string) {
  return new Client(server.app).call(PATHS.index, { code }, { headers: { 'x-forwarded-for': ip } })
}

describe('Activity/index rate check', () => {
  it('answers 429 (RATE_LIMITED) past the per-IP rate, sets no token, and lets the IP in again after the window', async () => {
    s = makeServer({ trustProxy: true, rate: { entry: { limit: 3, windowMs: 1000 } } })
    await addActivity(s.app, 'idx', config())
    const answers = []
    for (let i = 0; i < 4; i++) answers.push(await enterFrom(s, 'idx', '203.0.113.7'))
    expect(answers.map((a) => a.http)).toEqual([200, 200, 200, 429])
    const refused = answers[3]!
    expect(refused.body).toMatchObject({ status: 0, code: Code.RATE_LIMITED })
    expect(refused.headers.getSetCookie()).toEqual([])

    // Another IP is counted apart.
    expect((await enterFrom(s, 'idx', '198.51.100.9')).http).toBe(200)
    // The window slides on.
    s.clock.now += 1001
    expect((await enterFrom(s, 'idx', '203.0.113.7')).body.code).toBe(Code.OK)
  })

  it('counts entries apart from plays: entering does not use up the award budget', async () => {
    s = makeServer({ trustProxy: true, rate: { ip: { limit: 2, windowMs: 1000 }, entry: { limit: 2, windowMs: 1000 } } })
    await addActivity(s.app, 'sep', config())
    const ip = { 'x-forwarded-for': '203.0.113.8' }
    const a = new Client(s.app)
    const b = new Client(s.app)
    expect((await a.call(PATHS.index, { code: 'sep' }, { headers: ip })).http).toBe(200)
    expect((await b.call(PATHS.index, { code: 'sep' }, { headers: ip })).http).toBe(200)
    // Both entries used the IP's entry budget; its plays are still all there.
    const play = (c: Client) => c.call(PATHS.award, { code: 'sep', request_id: `req-${Math.random().toString(36).slice(2)}-0001` }, { headers: ip })
    expect((await play(a)).http).toBe(200)
    expect((await play(b)).http).toBe(200)
  })

  it('an unknown code is a 404 and does not use up the budget', async () => {
    s = makeServer({ trustProxy: true, rate: { entry: { limit: 1, windowMs: 1000 } } })
    await addActivity(s.app, 'one', config())
    expect((await enterFrom(s, 'nope', '203.0.113.9')).body.code).toBe(Code.ACTIVITY_NOT_FOUND)
    expect((await enterFrom(s, 'nope', '203.0.113.9')).body.code).toBe(Code.ACTIVITY_NOT_FOUND)
    expect((await enterFrom(s, 'one', '203.0.113.9')).body.code).toBe(Code.OK)
    expect((await enterFrom(s, 'one', '203.0.113.9')).body.code).toBe(Code.RATE_LIMITED)
  })
})
