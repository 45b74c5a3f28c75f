import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Code, PATHS } from '../../src/core/contract'
import type { TestServer } from '../server/helpers'
import { Client, addActivity, config, makeServer } from '../server/helpers'

/** Issue 11, finding 6: the grace accepts a lost answer once, never a second holder. */

let s: TestServer
beforeEach(async () => {
  s = makeServer()
  await addActivity(s.app, 'act', config())
})
afterEach(() => s.close())

const prizeCall = (c: Client) => c.call(PATHS.prize, { code: 'act' })

describe('the grace', () => {
  it('does not let two holders of one token alternate on the chain', async () => {
    const owner = new Client(s.app)
    await owner.enter('act')
    await prizeCall(owner)
    const thief = new Client(s.app)
    thief.token = owner.token
    await prizeCall(owner)
    // Both now hold the same chain behind one grace window; each exchanges in turn, a second apart.
    const codes: number[] = []
    for (let i = 0; i < 30; i++) {
      s.clock.now += 1000
      codes.push((await prizeCall(i % 2 === 0 ? thief : owner)).body.code)
    }
    expect(codes.slice(0, 3)).toEqual([Code.OK, Code.TOKEN_REUSED, Code.TOKEN_REVOKED])
    expect(codes.filter((code) => code === Code.OK)).toHaveLength(1)
  })

  /** A participant whose last answer was lost: they still hold its predecessor. */
  async function afterLostAnswer(): Promise<Client> {
    const c = new Client(s.app)
    await c.enter('act')
    await prizeCall(c)
    const before = c.token
    await prizeCall(c) // answer lost
    c.token = before
    s.clock.now += 2000
    return c
  }

  it('still recovers a lost answer, once', async () => {
    const c = await afterLostAnswer()
    expect((await prizeCall(c)).body.code).toBe(Code.OK)
    expect((await prizeCall(c)).body.code).toBe(Code.OK)
  })

  it('refuses the same predecessor a second time even within the grace (a second lost answer re-enters)', async () => {
    const c = await afterLostAnswer()
    const before = c.token
    expect((await prizeCall(c)).body.code).toBe(Code.OK) // answer lost again
    c.token = before
    expect((await prizeCall(c)).body.code).toBe(Code.TOKEN_REUSED)
  })
})
