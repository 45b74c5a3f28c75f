import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { IndexData } from '../../src/core/contract'
import { Code, PATHS } from '../../src/core/contract'
import { TOKEN_DEFAULTS } from '../../server/auth/tokens'
import { boot } from '../../server/boot'
import { loadConfig } from '../../server/config'
import { RETENTION_DEFAULTS, retentionFor } from '../../server/context'
import type { TestServer } from '../server/helpers'
import { Client, MINUTE, T0, addActivity, config, makeServer, prize } from '../server/helpers'
import { freshDatabaseUrl } from '../server/testDb'
import { rowCount } from './db'

/** Issue 11, finding 8: every growing table has a lifetime, and a purge that never breaks a possible retry. */

let s: TestServer
beforeEach(async () => {
  s = makeServer()
  await addActivity(s.app, 'act', config({ max_play: 3, prize: [prize({ id: 1, name: '保温杯', chance: 100 })] }))
})
afterEach(() => s.close())

const BOUND = TOKEN_DEFAULTS.ttlMs + TOKEN_DEFAULTS.graceMs

describe('stored award answers', () => {
  it('live at least the token TTL + grace, whatever is configured', () => {
    expect(retentionFor(TOKEN_DEFAULTS, { awardRequestsMs: 1000 }).awardRequestsMs).toBe(BOUND)
    expect(retentionFor(TOKEN_DEFAULTS).awardRequestsMs).toBe(RETENTION_DEFAULTS.awardRequestsMs)
    expect(RETENTION_DEFAULTS.awardRequestsMs).toBeGreaterThan(BOUND)
  })

  it('answer a retry just inside the bound with the stored play, and are gone past it', async () => {
    const retention = retentionFor(TOKEN_DEFAULTS, { awardRequestsMs: 0 })
    const c = new Client(s.app)
    await c.enter('act')
    const won = await c.award<{ secret: string }>('act', 'req-lost-0001')
    expect(won.body.code).toBe(Code.OK)

    s.clock.now = T0 + BOUND - 1
    await s.store.purge(s.clock.now, retention)
    // The answer was lost; the token has expired meanwhile: the client re-enters and retries with the same id.
    await c.enter('act')
    const retry = await c.award<{ secret: string }>('act', 'req-lost-0001')
    expect(retry.body).toEqual(won.body)
    expect(((await c.enter('act')).body.data as IndexData).state.plays).toBe(1)

    s.clock.now = T0 + BOUND + 1
    await s.store.purge(s.clock.now, retention)
    expect(await rowCount(s, 'award_requests')).toBe(0)
  })
})

describe('tokens and chains', () => {
  it('are purged once expired past the margin; a live chain keeps working', async () => {
    const retention = retentionFor(TOKEN_DEFAULTS, { tokensAfterExpiryMs: 5 * MINUTE })
    const old = new Client(s.app)
    await old.enter('act')
    await old.call(PATHS.prize, { code: 'act' })
    await old.call(PATHS.prize, { code: 'act' })

    s.clock.now = T0 + 20 * MINUTE
    const live = new Client(s.app)
    await live.enter('act')
    await live.call(PATHS.prize, { code: 'act' })
    expect(await rowCount(s, 'token_chains')).toBe(2)

    // The old chain expired at T0 + 30 min; the live one moves on.
    s.clock.now = T0 + 30 * MINUTE + retention.tokensAfterExpiryMs + 1
    expect((await live.call(PATHS.prize, { code: 'act' })).body.code).toBe(Code.OK)
    await s.store.purge(s.clock.now, retention)
    expect(await rowCount(s, 'token_chains')).toBe(1)
    expect(await rowCount(s, 'tokens', `expires_at <= ${T0 + 30 * MINUTE}`)).toBe(0)
    expect((await live.call(PATHS.prize, { code: 'act' })).body.code).toBe(Code.OK)
    expect((await old.call(PATHS.prize, { code: 'act' })).body.code).toBe(Code.TOKEN_EXPIRED)
  })
})

describe('participants who never did anything', () => {
  it('are purged after their retention; those who played or filled the form stay', async () => {
    const retention = retentionFor(TOKEN_DEFAULTS)
    const idle = { pid: 'a:idle' }
    const activityId = (await s.store.activityByCode('act'))?.id ?? 0
    await s.store.ensureParticipant(activityId, idle.pid, T0)
    const player = new Client(s.app)
    await player.enter('act')
    await player.award('act')
    s.clock.now = T0 + retention.idleParticipantsMs + 1
    await s.store.purge(s.clock.now, retention)
    expect(await rowCount(s, 'participants', `pid = '${idle.pid}'`)).toBe(0)
    expect(await rowCount(s, 'participants', 'plays = 1')).toBe(1)
  })
})

describe('the purge', () => {
  it('works in batches and says when there is more', async () => {
    const activityId = (await s.store.activityByCode('act'))?.id ?? 0
    for (let i = 0; i < 5; i++) await s.store.ensureParticipant(activityId, `a:idle-${i}`, T0)
    const retention = { ...retentionFor(TOKEN_DEFAULTS), idleParticipantsMs: 0 }
    expect(await s.store.purge(T0 + 1, retention, 3)).toMatchObject({ participants: 3, more: true })
    expect(await s.store.purge(T0 + 1, retention, 3)).toMatchObject({ participants: 2, more: false })
  })

  it('runs on a timer started by boot', async () => {
    const fresh = await freshDatabaseUrl()
    const booted = await boot({ ...loadConfig({ DATABASE_URL: fresh.url }), retention: { ...RETENTION_DEFAULTS, everyMs: 20 } })
    try {
      const id = (await booted.store.ops.listActivities())[0]?.id
      await booted.store.ensureParticipant(id ?? 0, 'a:long-gone', Date.now() - 2 * RETENTION_DEFAULTS.idleParticipantsMs)
      expect(await booted.store.participant(id ?? 0, 'a:long-gone')).not.toBeNull()
      await vi.waitFor(async () => expect(await booted.store.participant(id ?? 0, 'a:long-gone')).toBeNull(), { timeout: 5000, interval: 20 })
    } finally {
      await booted.close()
      await fresh.drop()
    }
  })
})

