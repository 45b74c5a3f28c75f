import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { IndexData } from '../../src/core/contract'
import { Code, PATHS } from '../../src/core/contract'
import { AnonymousCaps } from '../../server/rateLimit'
import { RATE_DEFAULTS } from '../../server/context'
import type { TestServer } from '../server/helpers'
import { Client, HOUR, addActivity, claimsOf, config, makeServer, prize } from '../server/helpers'
import { rowCount } from './db'
import { listen } from './loopback'

/** Issue 11, finding 1: entering (Activity/index) must cost the server nothing; participants are those who did something. */

let s: TestServer
beforeEach(async () => {
  s = makeServer()
  await addActivity(s.app, 'act', config({ virtual: 0, prize: [prize({ id: 1, name: '保温杯', chance: 100 })] }))
})
afterEach(() => s.close())

const shown = async (c: Client) => ((await c.enter('act')).body.data as IndexData).state.participants

describe('a cross-site GET of Activity/index (what an <img> sends: no cookies)', () => {
  it('writes no token, no chain and does not raise the participant count', async () => {
    const server = await listen(s.app)
    try {
      for (let i = 0; i < 20; i++) {
        const res = await fetch(server.url(`${PATHS.index}?code=act`))
        expect(res.status).toBe(200)
      }
    } finally {
      await server.close()
    }
    expect(await rowCount(s, 'tokens')).toBe(0)
    expect(await rowCount(s, 'token_chains')).toBe(0)
    expect(await shown(new Client(s.app))).toBe(0)
  })

  // Needs the route wiring (the index route stops calling store.ensureParticipant); flip to `it` once wired.
  it('creates no participant row', async () => {
    await new Client(s.app).call(PATHS.index, { code: 'act' }, { method: 'GET' })
    expect(await rowCount(s, 'participants')).toBe(0)
  })
})

describe('the stateless initial token', () => {
  it('starts its chain on its first exchange, and one initial token never makes two chains', async () => {
    const c = new Client(s.app)
    await c.enter('act')
    const initial = c.token
    expect(claimsOf(initial).cid).toBe(claimsOf(initial).jti)
    expect((await c.call(PATHS.prize, { code: 'act' })).body.code).toBe(Code.OK)
    expect(await rowCount(s, 'token_chains')).toBe(1)
    // The same initial token again: the grace case (a lost answer), on the same chain.
    c.token = initial
    expect((await c.call(PATHS.prize, { code: 'act' })).body.code).toBe(Code.OK)
    expect(claimsOf(c.token).cid).toBe(claimsOf(initial).jti)
    expect(await rowCount(s, 'token_chains')).toBe(1)
    // And a third time: reuse, the chain is revoked.
    c.token = initial
    expect((await c.call(PATHS.prize, { code: 'act' })).body.code).toBe(Code.TOKEN_REUSED)
    expect(await rowCount(s, 'token_chains', 'revoked_at IS NOT NULL')).toBe(1)
  })
})

describe('the participant count', () => {
  it('counts those who played or filled the form, once each, not those who only looked', async () => {
    const looker = new Client(s.app)
    await looker.enter('act')
    await looker.call(PATHS.prize, { code: 'act' })
    expect(await shown(new Client(s.app))).toBe(0)

    const player = new Client(s.app)
    await player.enter('act')
    await player.award('act')
    await player.award('act')
    expect(await shown(new Client(s.app))).toBe(1)

    const filler = new Client(s.app)
    await filler.enter('act')
    const form = { code: 'act', name: '张三', tel: '13800138000', address: '北京', other_info: '' }
    expect((await filler.call(PATHS.user, form)).body.code).toBe(Code.OK)
    expect((await filler.call(PATHS.user, form)).body.code).toBe(Code.OK)
    await filler.award('act')
    expect(await shown(new Client(s.app))).toBe(2)
  })
})

describe('per-IP caps for anonymous participants (per process)', () => {
  const T = 1_000_000
  it('admits RATE_NEW_PARTICIPANTS newcomers per IP per activity an hour; known ones and host users always', () => {
    const caps = new AnonymousCaps(RATE_DEFAULTS)
    const limit = RATE_DEFAULTS.newParticipant.limit
    for (let i = 0; i < limit; i++) expect(caps.admit('1.2.3.4', 1, `a:${i}`, true, T)).toBe(true)
    expect(caps.admit('1.2.3.4', 1, 'a:extra', true, T)).toBe(false)
    expect(caps.admit('1.2.3.4', 1, 'a:0', false, T)).toBe(true)
    expect(caps.admit('1.2.3.4', 1, 'u:host', true, T)).toBe(true)
    expect(caps.admit('1.2.3.4', 2, 'a:extra', true, T)).toBe(true)
    expect(caps.admit('5.6.7.8', 1, 'a:extra', true, T)).toBe(true)
    expect(caps.admit('1.2.3.4', 1, 'a:extra', true, T + HOUR + 1)).toBe(true)
  })

  it('keys IPv6 by its /64 (one subscriber holds the whole prefix) and IPv4-mapped addresses as IPv4', () => {
    const caps = new AnonymousCaps({ ...RATE_DEFAULTS, newParticipant: { limit: 1, windowMs: HOUR } })
    expect(caps.admit('2001:db8:1:2::1', 1, 'a:x', true, T)).toBe(true)
    expect(caps.admit('2001:db8:1:2:ffff::9', 1, 'a:y', true, T)).toBe(false)
    expect(caps.admit('2001:db8:1:3::1', 1, 'a:y', true, T)).toBe(true)
    expect(caps.admit('::ffff:10.0.0.1', 1, 'a:x', true, T)).toBe(true)
    expect(caps.admit('10.0.0.1', 1, 'a:y', true, T)).toBe(false)
  })

  it('stops anonymous wins from one IP at RATE_WINS per activity an hour', () => {
    const caps = new AnonymousCaps(RATE_DEFAULTS)
    const limit = RATE_DEFAULTS.wins.limit
    for (let i = 0; i < limit; i++) {
      expect(caps.mayWin('1.2.3.4', 1, `a:${i}`, T)).toBe(true)
      caps.won('1.2.3.4', 1, `a:${i}`, T)
    }
    expect(caps.mayWin('1.2.3.4', 1, 'a:new', T)).toBe(false)
    expect(caps.mayWin('1.2.3.4', 1, 'u:host', T)).toBe(true)
    expect(caps.mayWin('1.2.3.4', 2, 'a:new', T)).toBe(true)
    expect(caps.mayWin('1.2.3.4', 1, 'a:new', T + HOUR + 1)).toBe(true)
  })
})

describe('the anonymous caps at the API', () => {
  it('refuse the newcomer over RATE_NEW_PARTICIPANTS and the play over RATE_WINS (HTTP 429, 4029)', async () => {
    const capped = makeServer({ rate: { newParticipant: { limit: 2, windowMs: HOUR }, wins: { limit: 1, windowMs: HOUR } } })
    try {
      await addActivity(capped.app, 'act', config({ max_play: 5, prize: [prize({ id: 1, name: '保温杯', chance: 100 })] }))
      const first = new Client(capped.app)
      await first.enter('act')
      expect((await first.award('act')).body.code).toBe(Code.OK)
      const second = new Client(capped.app)
      await second.enter('act')
      const overWins = await second.award('act')
      expect(overWins.http).toBe(429)
      expect(overWins.body.code).toBe(Code.RATE_LIMITED)
      const form = { code: 'act', name: '张三', tel: '13800138000', address: '', other_info: '' }
      expect((await second.call(PATHS.user, form)).body.code).toBe(Code.OK)
      const third = new Client(capped.app)
      await third.enter('act')
      expect((await third.call(PATHS.user, form)).body.code).toBe(Code.RATE_LIMITED)
    } finally {
      capped.close()
    }
  })
})
