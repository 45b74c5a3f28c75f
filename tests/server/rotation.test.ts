import { sign, verify } from 'hono/jwt'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { IndexData } from '../../src/core/contract'
import { Code, PATHS } from '../../src/core/contract'
import { signTicket } from '../../server/auth/ticket'
import type { TestServer } from './helpers'
import { Client, JWT_SECRET, MINUTE, TICKET_SECRET, addActivity, claimsOf, config, makeServer, prize } from './helpers'

let s: TestServer
beforeEach(async () => {
  s = makeServer()
  await addActivity(s.app, 'act-a', config())
  await addActivity(s.app, 'act-b', config())
})
afterEach(() => s.close())

/** A call that needs the token and changes nothing. */
const prizeCall = (c: Client, code = 'act-a') => c.call(PATHS.prize, { code })

/** A new participant who has entered activity act-a through its index (and holds its token). */
async function entered(): Promise<Client> {
  const c = new Client(s.app)
  await c.enter('act-a')
  return c
}

describe('the initial token (Activity/index)', () => {
  it('is an httpOnly, SameSite=Lax cookie scoped to /lottery, with the claims PRODUCT.md lists', async () => {
    const c = new Client(s.app)
    const answer = await c.enter('act-a')
    const line = answer.headers.getSetCookie().find((l) => l.startsWith('jwt='))
    expect(line).toMatch(/HttpOnly/)
    expect(line).toMatch(/SameSite=Lax/)
    expect(line).toMatch(/Path=\/lottery/)
    expect(line).not.toMatch(/Secure/)
    const claims = claimsOf(c.token)
    expect(claims).toMatchObject({ path: 'index', sub: expect.stringMatching(/^a:/) })
    expect(typeof claims.act).toBe('number')
    expect(typeof claims.jti).toBe('string')
    expect(typeof claims.cid).toBe('string')
    expect((claims.exp as number) - (claims.iat as number)).toBe(30 * 60)
    // A standard HS256 JWT: any library verifies it with the secret.
    await expect(verify(c.token, JWT_SECRET, { alg: 'HS256', exp: false, iat: false })).resolves.toMatchObject({ jti: claims.jti })
  })

  it('sets Secure when configured', async () => {
    const secure = makeServer({ cookieSecure: true })
    try {
      await addActivity(secure.app, 'act-a', config())
      const answer = await new Client(secure.app).enter('act-a')
      expect(answer.headers.getSetCookie().every((l) => /Secure/.test(l))).toBe(true)
    } finally {
      secure.close()
    }
  })

  it('keeps the same participant across re-entries in one browser, and a new one in another', async () => {
    const c = await entered()
    const first = claimsOf(c.token).sub
    await c.enter('act-a')
    expect(claimsOf(c.token).sub).toBe(first)
    const other = new Client(s.app)
    await other.enter('act-a')
    expect(claimsOf(other.token).sub).not.toBe(first)
  })
})

describe('rotation', () => {
  it('answers every call with a fresh token', async () => {
    const c = await entered()
    const seen = new Set([c.token])
    for (let i = 0; i < 5; i++) {
      const answer = await prizeCall(c)
      expect(answer.body.code).toBe(Code.OK)
      expect(seen.has(c.token)).toBe(false)
      seen.add(c.token)
    }
  })

  it('accepts the predecessor within the grace (a lost response), and the chain goes on', async () => {
    const c = await entered()
    const t0 = c.token
    await prizeCall(c) // its answer (t1) is "lost"
    c.token = t0
    s.clock.now += 5000
    const retry = await prizeCall(c)
    expect(retry.body.code).toBe(Code.OK)
    expect(c.token).not.toBe(t0)
    expect((await prizeCall(c)).body.code).toBe(Code.OK)
  })

  it('refuses a reuse outside the grace and revokes the whole chain', async () => {
    const c = await entered()
    const t0 = c.token
    await prizeCall(c)
    const current = c.token
    s.clock.now += 11_000
    c.token = t0
    const reuse = await prizeCall(c)
    expect(reuse.http).toBe(401)
    expect(reuse.body).toMatchObject({ status: 0, code: Code.TOKEN_REUSED })
    // The newest token of that chain is dead too (a thief and the owner both lose it).
    c.token = current
    const after = await prizeCall(c)
    expect(after.body.code).toBe(Code.TOKEN_REVOKED)
    // Re-entering through the index starts a new chain.
    await c.enter('act-a')
    expect((await prizeCall(c)).body.code).toBe(Code.OK)
  })

  it('refuses a token two generations old even within the grace', async () => {
    const c = await entered()
    const t0 = c.token
    await prizeCall(c)
    await prizeCall(c)
    c.token = t0
    expect((await prizeCall(c)).body.code).toBe(Code.TOKEN_REUSED)
  })

  it('refuses the predecessor a second time once its grace replacement was used', async () => {
    const c = await entered()
    const t0 = c.token
    await prizeCall(c)
    c.token = t0
    await prizeCall(c) // grace: t0 → t2, t1 superseded
    await prizeCall(c) // t2 → t3
    c.token = t0
    expect((await prizeCall(c)).body.code).toBe(Code.TOKEN_REUSED)
  })

  it('expires after 30 minutes without a call, with its own code; the index gives a new chain for the same participant', async () => {
    const c = await entered()
    const sub = claimsOf(c.token).sub
    s.clock.now += 29 * MINUTE
    expect((await prizeCall(c)).body.code).toBe(Code.OK) // each call renews for 30 minutes
    s.clock.now += 30 * MINUTE + 1000
    const expired = await prizeCall(c)
    expect(expired.http).toBe(401)
    expect(expired.body.code).toBe(Code.TOKEN_EXPIRED)
    await c.enter('act-a')
    expect(claimsOf(c.token).sub).toBe(sub)
  })

  it('refuses a token of another activity', async () => {
    const c = await entered()
    const wrong = await prizeCall(c, 'act-b')
    expect(wrong.body.code).toBe(Code.TOKEN_WRONG_ACTIVITY)
    expect(wrong.http).toBe(401)
  })

  it('refuses a missing, a malformed, a forged and a wrong-path token', async () => {
    const c = new Client(s.app)
    expect((await prizeCall(c)).body.code).toBe(Code.TOKEN_MISSING)
    c.token = 'not.a.jwt'
    expect((await prizeCall(c)).body.code).toBe(Code.TOKEN_INVALID)
    await c.enter('act-a')
    const claims = claimsOf(c.token)
    c.token = await sign(claims, 'another-secret-another-secret', 'HS256')
    expect((await prizeCall(c)).body.code).toBe(Code.TOKEN_INVALID)
    c.token = await sign({ ...claims, path: 'award' }, JWT_SECRET, 'HS256')
    expect((await prizeCall(c)).body.code).toBe(Code.TOKEN_INVALID)
    c.token = await sign({ ...claims, jti: 'never-issued' }, JWT_SECRET, 'HS256')
    expect((await prizeCall(c)).body.code).toBe(Code.TOKEN_INVALID)
  })
})

describe('host tickets (active_type 2)', () => {
  beforeEach(async () => {
    await addActivity(s.app, 'reward', config({ active_type: 2 }))
  })
  const inAnHour = () => Math.floor((s.clock.now + 60 * MINUTE) / 1000)

  it('requires a ticket', async () => {
    const answer = await new Client(s.app).call(PATHS.index, { code: 'reward' })
    expect(answer.http).toBe(403)
    expect(answer.body.code).toBe(Code.TICKET_REQUIRED)
  })

  it('carries the marketer\'s not-in-group guide with a refused entry, and nothing when none is configured', async () => {
    expect((await new Client(s.app).call(PATHS.index, { code: 'reward' })).body.data).toBeNull()
    const guide = { message: '本活动仅限会员参与', button: { text: '成为会员', link: 'https://shop.example.com/vip' } }
    await addActivity(s.app, 'reward', config({ active_type: 2, guides: { not_in_group: guide } }))
    const missing = await new Client(s.app).call(PATHS.index, { code: 'reward' })
    expect(missing.body).toMatchObject({ code: Code.TICKET_REQUIRED, data: { guide } })
    const forged = signTicket('u1', inAnHour(), 'wrong-secret-wrong-secret')
    const refused = await new Client(s.app).call(PATHS.index, { code: 'reward', auth: forged })
    expect(refused.body).toMatchObject({ code: Code.TICKET_INVALID, data: { guide } })
  })

  it('refuses a forged or expired ticket with distinct codes', async () => {
    const forged = signTicket('u1', inAnHour(), 'wrong-secret-wrong-secret')
    expect((await new Client(s.app).call(PATHS.index, { code: 'reward', auth: forged })).body.code).toBe(Code.TICKET_INVALID)
    expect((await new Client(s.app).call(PATHS.index, { code: 'reward', auth: 'garbage' })).body.code).toBe(Code.TICKET_INVALID)
    const expired = signTicket('u1', Math.floor(s.clock.now / 1000) - 1, TICKET_SECRET)
    expect((await new Client(s.app).call(PATHS.index, { code: 'reward', auth: expired })).body.code).toBe(Code.TICKET_EXPIRED)
  })

  it('makes the host user the participant, the same on any device', async () => {
    const phone = new Client(s.app)
    await phone.enter('reward', signTicket('host-42', inAnHour(), TICKET_SECRET))
    expect(claimsOf(phone.token).sub).toBe('u:host-42')
    await phone.award('reward')
    const laptop = new Client(s.app)
    const answer = await laptop.enter('reward', signTicket('host-42', inAnHour(), TICKET_SECRET))
    expect((answer.body.data as IndexData).state.plays).toBe(1)
  })

  it('refuses anonymous chains after an activity becomes reward-only', async () => {
    const c = await entered()
    await addActivity(s.app, 'act-a', config({ active_type: 2 }))
    expect((await prizeCall(c)).body.code).toBe(Code.TICKET_REQUIRED)
  })
})

/**
 * Activity/award sends a known participant's row lock and the play's read with the token's exchange (one
 * round trip on PostgreSQL, routes/activity.ts): whatever the exchange answers, they must change nothing.
 */
describe('the award\'s lock and read sent with the exchange', () => {
  const stateOf = async (c: Client) => {
    const id = (await s.store.activityByCode('act-a'))?.id as number
    return s.store.participant(id, claimsOf(c.token).sub as string)
  }

  it('a reused token plays nothing and writes nothing for a participant who has played', async () => {
    const c = await entered()
    await addActivity(s.app, 'act-a', config({ max_eplay: 0, max_play: 0, prize: [prize({ id: 1, name: '杯', chance: 0 })] }))
    expect((await c.award('act-a')).body.code).toBe(Code.NO_AWARD)
    const t1 = c.token
    expect((await c.award('act-a')).body.code).toBe(Code.NO_AWARD)
    const before = await stateOf(c)
    expect(before?.plays).toBe(2)
    s.clock.now += 11_000
    c.token = t1
    const reuse = await c.award('act-a', 'req-reused')
    expect(reuse.body.code).toBe(Code.TOKEN_REUSED)
    expect(await stateOf(c)).toEqual(before)
    // Nor was an answer kept for that request id: re-entering, it plays.
    await c.enter('act-a')
    expect((await c.award('act-a', 'req-reused')).body.code).toBe(Code.NO_AWARD)
    expect((await stateOf(c))?.plays).toBe(3)
  })

  it('a lost answer retried within the grace plays once more on the lock and read sent with the refused exchange', async () => {
    const c = await entered()
    await addActivity(s.app, 'act-a', config({ max_eplay: 0, max_play: 0, prize: [prize({ id: 1, name: '杯', chance: 0 })] }))
    expect((await c.award('act-a')).body.code).toBe(Code.NO_AWARD)
    const t1 = c.token
    expect((await c.award('act-a')).body.code).toBe(Code.NO_AWARD) // its answer (t2) is "lost"
    c.token = t1
    s.clock.now += 5000
    expect((await c.award('act-a')).body.code).toBe(Code.NO_AWARD)
    expect((await stateOf(c))?.plays).toBe(3)
    expect((await c.award('act-a')).body.code).toBe(Code.NO_AWARD)
  })

  it('a replayed token of a participant without a row creates none', async () => {
    const c = await entered()
    const t0 = c.token
    await prizeCall(c) // exchanged, no participant row
    s.clock.now += 11_000
    c.token = t0
    expect((await c.award('act-a')).body.code).toBe(Code.TOKEN_REUSED)
    expect(await stateOf(c)).toBeNull()
  })
})
