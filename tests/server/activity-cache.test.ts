import { sql } from 'kysely'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Code } from '../../src/core/contract'
import { ACTIVITY_KEEP_MS } from '../../server/db/queries'
import { Client, MARKETER_KEY, T0, addActivity, config, makeServer, prize, type TestServer } from './helpers'
import { OPS_PATHS } from '../../src/core/ops'
import { PATHS } from '../../src/core/contract'

/**
 * The route's activity (store.cachedActivity, server/middleware.ts) is kept ACTIVITY_KEEP_MS per code:
 * this process's saves show at once, another process's (`side`, behind the store's back) within that
 * time, and a draw always plays the configuration in force in its own transaction.
 */

let server: TestServer | undefined
afterEach(async () => {
  vi.useRealTimers()
  await server?.close()
  server = undefined
})

/** Rewrite the stored configuration of `code` as another process would (a raw UPDATE through `side`). */
async function editBehindItsBack(s: TestServer, code: string, edit: (config: Record<string, any>) => void): Promise<void> {
  const { rows } = await sql<{ config: string }>`SELECT config FROM activities WHERE code = ${code}`.execute(s.side)
  const stored = JSON.parse(rows[0]?.config as string) as Record<string, any>
  edit(stored)
  await sql`UPDATE activities SET config = ${JSON.stringify(stored)} WHERE code = ${code}`.execute(s.side)
}

describe('the route activity kept per code (cachedActivity)', () => {
  it("shows this process's saves at once, another process's within ACTIVITY_KEEP_MS", async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: T0 })
    const s = (server = makeServer())
    await addActivity(s.app, 'keep', config({ active_title: '第一版' }))
    expect((await s.store.cachedActivity('keep'))?.config.active_title).toBe('第一版')

    // Saved here (Activity/add): the next request sees it.
    await addActivity(s.app, 'keep', config({ active_title: '第二版' }))
    expect((await s.store.cachedActivity('keep'))?.config.active_title).toBe('第二版')

    // Saved by another process: kept until ACTIVITY_KEEP_MS has passed, then read again.
    await editBehindItsBack(s, 'keep', (c) => (c.active_title = '第三版'))
    vi.setSystemTime(T0 + ACTIVITY_KEEP_MS - 1)
    expect((await s.store.cachedActivity('keep'))?.config.active_title).toBe('第二版')
    vi.setSystemTime(T0 + ACTIVITY_KEEP_MS + 1)
    expect((await s.store.cachedActivity('keep'))?.config.active_title).toBe('第三版')

    // Closing it (the studio's switch, store.ops) drops what was kept.
    const id = (await s.store.activityByCode('keep'))?.id as number
    await s.store.ops.setStatus(id, 0, T0)
    expect((await s.store.cachedActivity('keep'))?.config.status).toBe(0)
  })

  it('drops the kept copy when a draft is published (Activity/publish, store.ops)', async () => {
    const s = (server = makeServer())
    await addActivity(s.app, 'draft', config())
    const id = (await s.store.activityByCode('draft'))?.id as number
    await sql`UPDATE activities SET published_at = NULL WHERE id = ${id}`.execute(s.side)
    expect((await s.store.cachedActivity('draft'))?.publishedAt).toBeNull()
    expect(await s.store.ops.publish(id, T0)).toBe(true)
    expect((await s.store.cachedActivity('draft'))?.publishedAt).toBe(T0)
  })

  it('keeps no unknown code: an activity created elsewhere right after a miss is found at once', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: T0 })
    const s = (server = makeServer())
    await addActivity(s.app, 'first', config())
    expect(await s.store.cachedActivity('later')).toBeNull()
    await sql`INSERT INTO activities (code, config, next_prize_id, created_at, updated_at, published_at)
      SELECT 'later', config, next_prize_id, created_at, updated_at, published_at FROM activities WHERE code = 'first'`.execute(s.side)
    expect((await s.store.cachedActivity('later'))?.code).toBe('later')
  })

  it("draws on the configuration in force, not the route's kept copy", async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: T0 })
    const s = (server = makeServer())
    await addActivity(s.app, 'odds', config({ max_eplay: 0, max_play: 0, prize: [prize({ id: 1, name: '杯', chance: 0 })] }))
    const c = new Client(s.app)
    await c.enter('odds')
    expect((await c.award('odds')).body.code).toBe(Code.NO_AWARD)
    // Another process makes the prize certain: the route still holds the old copy, the draw does not.
    await editBehindItsBack(s, 'odds', (cfg) => (cfg.prize[0].chance = 100))
    expect((await s.store.cachedActivity('odds'))?.config.prize[0]?.chance).toBe(0)
    expect((await c.award('odds')).body.code).toBe(Code.OK)
  })

  it("gives marketers the activity as saved now: another process's save shows in their view and tools at once", async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: T0 })
    const s = (server = makeServer())
    await addActivity(s.app, 'shop', config({ active_title: '旧标题' }))
    const marketer = new Client(s.app)
    await s.store.cachedActivity('shop')
    await editBehindItsBack(s, 'shop', (c) => (c.active_title = '新标题'))
    // Participants' calls may still see the kept copy for up to ACTIVITY_KEEP_MS…
    expect((await s.store.cachedActivity('shop'))?.config.active_title).toBe('旧标题')
    // …the marketer's preview and the studio's tools never do.
    const view = await marketer.call<{ view: string; active_title: string }>(PATHS.index, { code: 'shop', auth: MARKETER_KEY })
    expect(view.body.data).toMatchObject({ view: 'marketer', active_title: '新标题' })
    const copy = await marketer.call<{ code: string }>(OPS_PATHS.duplicate, { code: 'shop' }, { headers: { 'x-marketer-key': MARKETER_KEY } })
    expect(copy.body.code).toBe(Code.OK)
    expect((await s.store.activityByCode(copy.body.data.code))?.config.active_title).toContain('新标题')
  })
})

