import Database from 'better-sqlite3'
import { sql } from 'kysely'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AddData, MarketerIndexData } from '../../../src/core/contract'
import type { ActivityOverview } from '../../../src/core/ops'
import { Code, PATHS } from '../../../src/core/contract'
import { OPS_PATHS } from '../../../src/core/ops'
import { openSqliteStore } from '../../../server/db/connection'
import { ON_POSTGRES, sqliteOnly } from '../testDb'
import type { TestServer } from '../helpers'
import { Client, MARKETER_KEY, T0, addActivity, config, makeServer, prize } from '../helpers'
import { marketer, winner } from './helpers'

let s: TestServer
beforeEach(() => {
  s = makeServer()
})
afterEach(() => s.close())

const sure = [prize({ id: 1, name: '保温杯', chance: 100, sum: 5 })]

describe('close and reopen', () => {
  it('a closed activity still loads (the page says 已关闭) but refuses plays; reopened, it plays again', async () => {
    await addActivity(s.app, 'shop', config({ prize: sure }))
    const c = new Client(s.app)
    await c.enter('shop')
    const closed = await marketer<ActivityOverview>(s.app, OPS_PATHS.close, { code: 'shop' })
    expect(closed.body.data).toMatchObject({ code: 'shop', status: 0, state: 'closed' })
    expect((await c.award('shop')).body.code).toBe(Code.GAME_OVER)
    const entered = await c.enter('shop')
    expect(entered.body.data).toMatchObject({ status: 0 })
    const reopened = await marketer<ActivityOverview>(s.app, OPS_PATHS.reopen, { code: 'shop' })
    expect(reopened.body.data).toMatchObject({ status: 1, state: 'running' })
    expect((await c.award('shop')).body.code).toBe(Code.OK)
  })

  it('refuses no key, a bad code and an unknown activity', async () => {
    expect((await new Client(s.app).call(OPS_PATHS.close, { code: 'shop' })).body.code).toBe(Code.MARKETER_DENIED)
    expect((await marketer(s.app, OPS_PATHS.close, { code: 'nope' })).body.code).toBe(Code.ACTIVITY_NOT_FOUND)
    const odd = await marketer(s.app, OPS_PATHS.reopen, { code: ['shop'] })
    expect(odd.body).toMatchObject({ code: Code.BAD_REQUEST, msg: '请求参数不正确：活动编码（code）必须是字符串' })
  })
})

describe('duplicate and publish', () => {
  it('copies the configuration as a draft with full stock and no plays; a draft refuses participants until published', async () => {
    await addActivity(s.app, 'shop', config({ active_title: '夏日抽奖', prize: sure }))
    await winner(s.app, 'shop')
    s.clock.now = T0 + 1000
    const copy = await marketer<ActivityOverview>(s.app, OPS_PATHS.duplicate, { code: 'shop' })
    expect(copy.body.code).toBe(Code.OK)
    const draft = copy.body.data
    expect(draft).toEqual({
      code: expect.stringMatching(/^[a-z0-9]{8}$/),
      active_title: '夏日抽奖（副本）',
      template: 11,
      status: 1,
      state: 'draft',
      updated_at: T0 + 1000,
      counts: { views: 0, participants: 0, plays: 0, wins: 0, forms: 0, redeemed: 0 },
    })
    // The marketer previews it: the same prizes, full stock.
    const view = await new Client(s.app).call<MarketerIndexData>(PATHS.index, { code: draft.code, auth: MARKETER_KEY })
    expect(view.body.data.prize.map((p) => [p.id, p.name])).toEqual([[1, '保温杯']])
    expect(view.body.data.stock).toEqual([{ prize_id: 1, remaining: 5, won: 0, paid_cents: 0 }])
    // A participant cannot enter it, and no view is counted.
    const refused = await new Client(s.app).call(PATHS.index, { code: draft.code })
    expect(refused.http).toBe(404)
    expect(refused.body).toMatchObject({ code: Code.ACTIVITY_DRAFT, msg: '活动尚未发布' })
    // The studio saves it (Activity/add): still a draft.
    const saved = await new Client(s.app).call<AddData>(PATHS.add, { ...config({ prize: sure }), code: draft.code, auth: MARKETER_KEY })
    expect(saved.body.code).toBe(Code.OK)
    expect((await new Client(s.app).call(PATHS.index, { code: draft.code })).body.code).toBe(Code.ACTIVITY_DRAFT)

    const published = await marketer<ActivityOverview>(s.app, OPS_PATHS.publish, { code: draft.code })
    expect(published.body.data).toMatchObject({ state: 'running' })
    await winner(s.app, draft.code)
    // Publishing again changes nothing; the original kept its own numbers.
    expect((await marketer<ActivityOverview>(s.app, OPS_PATHS.publish, { code: draft.code })).body.data.state).toBe('running')
    const list = await marketer<ActivityOverview[]>(s.app, PATHS.list)
    expect(list.body.data.map((a) => [a.code, a.state, a.counts.wins])).toEqual([
      [draft.code, 'running', 1],
      ['shop', 'running', 1],
    ])
  })

  it.skipIf(ON_POSTGRES)(sqliteOnly('activities saved before drafts existed stay playable (migration 8 publishes them)', "SQLite's migration 8 on an older file; PostgreSQL's schema starts at that version"), async () => {
    const path = join(s.dir, 'old.db')
    const old = openSqliteStore(path)
    await old.insertActivity('legacy', config(), 2, T0)
    await old.close()
    // Back to before migration 8, then open again: it runs on the existing activity.
    const raw = new Database(path)
    raw.exec(`DELETE FROM migrations WHERE id = 8; DROP INDEX wins_redeemed; DROP TABLE activity_minutes;
      ALTER TABLE wins DROP COLUMN redeemed_by; ALTER TABLE activities DROP COLUMN published_at;
      ALTER TABLE marketer_keys DROP COLUMN role; ALTER TABLE marketer_keys DROP COLUMN activities;`)
    raw.close()
    const store = openSqliteStore(path)
    expect((await store.activityByCode('legacy'))?.publishedAt).toBe(T0)
    await store.close()
  })
})

describe('editing a running activity’s prizes', () => {
  it('no play ever wins a prize that is not in the configuration at that moment', async () => {
    await s.close()
    const lifted = { limit: 1_000_000, windowMs: 1000 }
    s = makeServer({ rate: { ip: lifted, entry: lifted, newParticipant: lifted, wins: lifted, participant: lifted } })
    // Each save replaces the prize with a new one (no id sent: a fresh id), so prize ids rise with every version.
    const version = (n: number) => config({ prize: [{ type: 'physical', name: `第 ${n} 版`, sum: 1000, chance: 100 } as never] })
    const first = await addActivity(s.app, 'live', version(0))
    const names = new Map<number, string>([[first.config.prize[0]!.id, '第 0 版']])
    const players = await Promise.all(
      Array.from({ length: 120 }, async () => {
        const c = new Client(s.app)
        await c.enter('live')
        return c
      }),
    )
    // Plays and saves interleave (each waits on its own body reads): 12 waves of 10 plays launched with an edit.
    const answers: Awaited<ReturnType<Client['award']>>[] = []
    for (let wave = 0; wave < 12; wave++) {
      const plays = players.slice(wave * 10, wave * 10 + 10).map((c) => c.award('live'))
      const edit = addActivity(s.app, 'live', version(wave + 1)).then((saved) => {
        names.set(saved.config.prize[0]!.id, `第 ${wave + 1} 版`)
      })
      answers.push(...(await Promise.all(plays)))
      await edit
    }
    // Every play won (a draw on a configuration already replaced would find its prize retired and lose).
    for (const answer of answers) expect(answer.body.code).toBe(Code.OK)
    // The wins in commit order: each one's prize was the configured one when it was drawn, so ids never go back.
    const { rows: wins } = await sql<{ prize_id: number; prize_name: string }>`SELECT prize_id, prize_name FROM wins ORDER BY id`.execute(s.side)
    expect(wins).toHaveLength(120)
    for (const [i, win] of wins.entries()) {
      expect(names.get(win.prize_id)).toBe(win.prize_name)
      if (i > 0) expect(win.prize_id).toBeGreaterThanOrEqual(wins[i - 1]!.prize_id)
    }
    // The edits really landed between plays: wins of more than one version.
    expect(new Set(wins.map((w) => w.prize_id)).size).toBeGreaterThan(1)
  })
})
