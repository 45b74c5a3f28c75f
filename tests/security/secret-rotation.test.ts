import { createHmac } from 'node:crypto'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { IndexData } from '../../src/core/contract'
import { Code, PATHS } from '../../src/core/contract'
import type { AppDeps } from '../../server/context'
import { createApp } from '../../server/app'
import { loadConfig } from '../../server/config'
import type { TestServer } from '../server/helpers'
import { Client, HOUR, JWT_SECRET, T0, TICKET_SECRET, addActivity, claimsOf, config, makeServer, prize } from '../server/helpers'

/** Issue 11, finding 5: rotating JWT_SECRET must not cut participants off from their prizes. */

const NEW_SECRET = 'rotated-jwt-secret-fedcba9876543210'

let s: TestServer
beforeEach(async () => {
  s = makeServer()
  await addActivity(s.app, 'act', config({ max_play: 1, prize: [prize({ id: 1, name: '保温杯', chance: 100 })] }))
})
afterEach(() => s.close())

/** The same database served with another key ring (a restart after the operator rotated JWT_SECRET). */
function restartedWith(deps: Partial<AppDeps>) {
  return createApp({
    store: s.store,
    jwtSecret: NEW_SECRET,
    ticketSecret: TICKET_SECRET,
    uploadDir: join(s.dir, 'uploads'),
    now: () => s.clock.now,
    ...deps,
  })
}

/** A winner with max_play 1: their browser (cookies), participant id and prize code. */
async function winner() {
  const c = new Client(s.app)
  await c.enter('act')
  const won = await c.award<{ secret: string }>('act')
  expect(won.body.code).toBe(Code.OK)
  return { jar: new Map(c.jar), sub: claimsOf(c.token).sub, secret: won.body.data.secret }
}

/** After the restart, the same browser re-enters: same participant, prize still there, no second play. */
async function expectSameParticipant(app: ReturnType<typeof createApp>, before: Awaited<ReturnType<typeof winner>>) {
  const c = new Client(app)
  for (const [k, v] of before.jar) c.jar.set(k, v)
  const entered = await c.enter('act')
  expect(claimsOf(c.token).sub).toBe(before.sub)
  const state = (entered.body.data as IndexData).state
  expect(state.plays).toBe(1)
  expect(state.my_prizes.map((p) => p.awardcode)).toEqual([before.secret])
  expect((await c.award('act')).body.code).toBe(Code.NO_TIMES)
}

describe('rotating JWT_SECRET', () => {
  it('keeps old tokens valid while the old secret is in the ring, and the participant keeps their prize', async () => {
    const before = await winner()
    const app = restartedWith({ jwtPrevious: [{ secret: JWT_SECRET, until: T0 + HOUR }] })
    const c = new Client(app)
    for (const [k, v] of before.jar) c.jar.set(k, v)
    expect((await c.call(PATHS.prize, { code: 'act' })).body.code).toBe(Code.OK)
    // New tokens are signed with the newest secret.
    const renewed = c.token
    expect((await c.call(PATHS.prize, { code: 'act' })).body.code).toBe(Code.OK)
    expect(renewed).not.toBe(before.jar.get('jwt'))
    await expectSameParticipant(app, before)
  })

  it('refuses an old token once its secret passed its date, and the participant still keeps their prize', async () => {
    const before = await winner()
    const app = restartedWith({ jwtPrevious: [{ secret: JWT_SECRET, until: T0 + HOUR }] })
    s.clock.now = T0 + HOUR
    const c = new Client(app)
    for (const [k, v] of before.jar) c.jar.set(k, v)
    expect((await c.call(PATHS.prize, { code: 'act' })).body.code).toBe(Code.TOKEN_INVALID)
    await expectSameParticipant(app, before)
  })

  it('keeps the participant when the old secret is dropped entirely', async () => {
    const before = await winner()
    const app = restartedWith({})
    const c = new Client(app)
    for (const [k, v] of before.jar) c.jar.set(k, v)
    expect((await c.call(PATHS.prize, { code: 'act' })).body.code).toBe(Code.TOKEN_INVALID)
    await expectSameParticipant(app, before)
  })

  it('still reads a pid cookie signed with the old secret (from before the change), and rewrites it', async () => {
    const pid = 'a:AbCdEfGhIjKlMnOpQrStUv'
    const legacy = `${pid}.${createHmac('sha256', JWT_SECRET).update(`pid:${pid}`).digest('base64url')}`
    const c = new Client(restartedWith({}))
    // As the browser holds it: Hono's setCookie URL-encodes the value.
    c.jar.set('pid', encodeURIComponent(legacy))
    await c.enter('act')
    expect(claimsOf(c.token).sub).toBe(pid)
    expect(decodeURIComponent(c.jar.get('pid') ?? '')).toBe(pid)
  })

  it('makes a fresh random participant for a malformed pid cookie', async () => {
    const c = new Client(s.app)
    c.jar.set('pid', 'u:host-42')
    await c.enter('act')
    expect(claimsOf(c.token).sub).toMatch(/^a:[A-Za-z0-9_-]{22}$/)
  })
})

describe('JWT_SECRET_PREVIOUS', () => {
  const env = (previous: string) => ({ JWT_SECRET: NEW_SECRET, JWT_SECRET_PREVIOUS: previous })

  it('lists old secrets with the date they verify through (end of that day, UTC+8)', () => {
    const cfg = loadConfig(env(`${JWT_SECRET}:2030-06-15, another-old-secret-0123:2030-07-01`))
    expect(cfg.jwtPrevious).toEqual([
      { secret: JWT_SECRET, until: Date.UTC(2030, 5, 15, 16) },
      { secret: 'another-old-secret-0123', until: Date.UTC(2030, 6, 1, 16) },
    ])
    expect(loadConfig({ JWT_SECRET: NEW_SECRET }).jwtPrevious).toEqual([])
  })

  it('refuses a bad list with the variable named', () => {
    expect(() => loadConfig(env(JWT_SECRET))).toThrow(/JWT_SECRET_PREVIOUS.*secret:YYYY-MM-DD.*entry 1/)
    // The message never echoes a secret.
    expect(() => loadConfig(env(JWT_SECRET))).not.toThrow(/test-jwt/)
    expect(() => loadConfig(env(`${JWT_SECRET}:2030-02-30`))).toThrow(/JWT_SECRET_PREVIOUS.*2030-02-30/)
    expect(() => loadConfig(env('short:2030-01-01'))).toThrow(/JWT_SECRET_PREVIOUS.*16 characters/)
    expect(() => loadConfig(env(`${NEW_SECRET}:2030-01-01`))).toThrow(/JWT_SECRET_PREVIOUS: entry 1 is JWT_SECRET itself/)
    expect(() => loadConfig({ JWT_SECRET_PREVIOUS: `${JWT_SECRET}:2030-01-01` })).toThrow(/JWT_SECRET_PREVIOUS needs JWT_SECRET/)
  })
})
