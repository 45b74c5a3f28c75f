import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ActivityOverview, ActivityStats } from '../../../src/core/ops'
import { Code, PATHS } from '../../../src/core/contract'
import { OPS_PATHS, STAFF_HEADER } from '../../../src/core/ops'
import { formatCst } from '../../../src/core/windows'
import { bucketFor, days, series } from '../../../server/domain/stats'
import type { TestServer } from '../helpers'
import { Client, HOUR, MARKETER_KEY, MINUTE, T0, addActivity, config, makeServer, prize } from '../helpers'
import { fillForm, marketer, staffKey } from './helpers'

/**
 * A scripted campaign with known views, plays, wins, forms and redemptions over
 * two 场次 on two days (UTC+8), and the exact numbers stats/summary must give.
 */

const DAY = 24 * HOUR
const W1 = { start: formatCst(T0 - HOUR), end: formatCst(T0 + HOUR) } // 2030-06-15 11:00–13:00
const W2 = { start: formatCst(T0 + DAY), end: formatCst(T0 + DAY + HOUR) } // 2030-06-16 12:00–13:00
/** The draw's random number: 0.1 wins 保温杯 (30%), 0.4 wins 优惠券 (the next 30%), 0.9 wins nothing. */
const A = 0.1
const B = 0.4
const LOSE = 0.9

let s: TestServer
const next = { random: LOSE }
beforeEach(() => {
  s = makeServer({ random: () => next.random })
})
afterEach(() => s.close())

async function play(c: Client, r: number): Promise<string | null> {
  next.random = r
  const answer = await c.award<{ secret: string }>('camp')
  expect([Code.OK, Code.NO_AWARD]).toContain(answer.body.code)
  return answer.body.code === Code.OK ? answer.body.data.secret : null
}

async function runCampaign() {
  await addActivity(s.app, 'camp', config({
    active_time: [W1, W2],
    prize: [
      prize({ id: 1, name: '保温杯', chance: 30, sum: 10 }),
      prize({ id: 2, name: '优惠券', type: 'virtual', chance: 30, sum: 2 }),
    ],
  }))
  const staff = await staffKey(s.app, ['camp'], '收银台')
  const [p1, p2, p3, p4, p5, visitor] = Array.from({ length: 6 }, () => new Client(s.app))
  // Day 1, 场次 1: six page views; the marketer's preview is not one.
  for (const c of [p1, p2, p3, p4, p5, visitor]) await c!.enter('camp')
  await new Client(s.app).call(PATHS.index, { code: 'camp', auth: MARKETER_KEY })
  const a1 = await play(p1!, A)
  await fillForm(p1!, 'camp', { name: '王一', tel: '13800000001' })
  await play(p2!, LOSE)
  s.clock.now = T0 + MINUTE
  await play(p2!, LOSE)
  s.clock.now = T0 + 2 * MINUTE
  const b3 = await play(p3!, B)
  await fillForm(p3!, 'camp', { name: '张三', tel: '13800000003' })
  await play(p4!, B)
  s.clock.now = T0 + 3 * MINUTE
  await fillForm(p5!, 'camp', { name: '只填表', tel: '13800000005' }) // a form, no play
  s.clock.now = T0 + 10 * MINUTE
  await new Client(s.app).call(OPS_PATHS.staffRedeem, { code: 'camp', awardcode: a1 }, { headers: { [STAFF_HEADER]: staff } })
  // Day 2, 场次 2: two more views, three plays (one win), a redemption by the marketer.
  s.clock.now = T0 + DAY + 5 * MINUTE
  await p1!.enter('camp')
  await p2!.enter('camp')
  await play(p1!, A)
  await play(p2!, LOSE)
  await marketer(s.app, PATHS.redeem, { code: 'camp', awardcode: b3 })
  s.clock.now = T0 + DAY + 10 * MINUTE
}

describe('stats/summary on a scripted campaign', () => {
  it('gives the exact totals, funnel, stock alerts, 场次, days and series', async () => {
    await runCampaign()
    const answer = await marketer<ActivityStats>(s.app, OPS_PATHS.stats, { code: 'camp' })
    expect(answer.body.code).toBe(Code.OK)
    const stats = answer.body.data
    expect(stats).toMatchObject({ code: 'camp', state: 'running', generated_at: T0 + DAY + 10 * MINUTE, threshold: 0.1 })
    expect(stats.totals).toEqual({ views: 8, participants: 4, plays: 7, wins: 4, forms: 3, redeemed: 2 })
    expect(stats.funnel).toEqual([
      { step: 'viewed', count: 8 },
      { step: 'played', count: 4 },
      { step: 'won', count: 3 },
      { step: 'filled', count: 3 },
      { step: 'redeemed', count: 2 },
    ])
    expect(stats.prizes).toEqual([
      { id: 1, name: '保温杯', type: 'physical', stock: 10, won: 2, remaining: 8, redeemed: 1, alert: null },
      { id: 2, name: '优惠券', type: 'virtual', stock: 2, won: 2, remaining: 0, redeemed: 1, alert: 'out' },
    ])
    expect(stats.windows).toEqual([
      { ...W1, views: 6, participants: 4, plays: 5, wins: 3, forms: 3, redeemed: 2 },
      { ...W2, views: 2, participants: 2, plays: 2, wins: 1, forms: 0, redeemed: 0 },
    ])
    expect(stats.days).toEqual([
      { day: '2030-06-15', views: 6, participants: 4, plays: 5, wins: 3, forms: 3, redeemed: 1 },
      { day: '2030-06-16', views: 2, participants: 0, plays: 2, wins: 1, forms: 0, redeemed: 1 },
    ])
    // 25 h 10 min from the first 场次's start to now: 10-minute buckets, 151 points.
    expect(stats.series.bucket_ms).toBe(10 * MINUTE)
    expect(stats.series.points).toHaveLength(151)
    expect(stats.series.points[0]?.t).toBe(T0 - HOUR)
    expect(stats.series.points.filter((p) => p.plays > 0)).toEqual([
      { t: T0, plays: 5, wins: 3 },
      { t: T0 + DAY, plays: 2, wins: 1 },
    ])

    // The list shows the same numbers.
    const list = await marketer<ActivityOverview[]>(s.app, PATHS.list)
    expect(list.body.data).toEqual([
      { code: 'camp', active_title: '测试活动', template: 11, status: 1, state: 'running', updated_at: T0, counts: stats.totals },
    ])
  })

  it('takes the alert threshold per request, and refuses an odd one', async () => {
    await runCampaign()
    const high = await marketer<ActivityStats>(s.app, OPS_PATHS.stats, { code: 'camp', threshold: 0.9 })
    expect(high.body.data.prizes.map((p) => p.alert)).toEqual(['low', 'out'])
    for (const threshold of [2, -0.1, '0.5', null]) {
      const odd = await marketer(s.app, OPS_PATHS.stats, { code: 'camp', threshold })
      expect(odd.body.code, String(threshold)).toBe(Code.BAD_REQUEST)
      expect(odd.body.msg).toMatch(/库存预警比例（threshold）/)
    }
    expect((await marketer(s.app, OPS_PATHS.stats, { code: 'nope' })).body.code).toBe(Code.ACTIVITY_NOT_FOUND)
    expect((await new Client(s.app).call(OPS_PATHS.stats, { code: 'camp' })).body.code).toBe(Code.MARKETER_DENIED)
  })

  it('a new activity has zeros, an empty series and no days', async () => {
    await addActivity(s.app, 'fresh', config({ active_time: [{ start: formatCst(T0 + HOUR), end: formatCst(T0 + 2 * HOUR) }] }))
    const stats = (await marketer<ActivityStats>(s.app, OPS_PATHS.stats, { code: 'fresh' })).body.data
    expect(stats.state).toBe('scheduled')
    expect(stats.totals).toEqual({ views: 0, participants: 0, plays: 0, wins: 0, forms: 0, redeemed: 0 })
    expect(stats.days).toEqual([])
    expect(stats.series.points).toEqual([])
  })
})

describe('the pure parts', () => {
  it('picks the smallest bucket that keeps a series at 200 points or fewer', () => {
    expect(bucketFor(3 * HOUR)).toBe(MINUTE)
    expect(bucketFor(200 * MINUTE)).toBe(MINUTE)
    expect(bucketFor(201 * MINUTE)).toBe(5 * MINUTE)
    expect(bucketFor(30 * DAY)).toBe(6 * HOUR)
    expect(bucketFor(365 * DAY)).toBe(2 * DAY)
    const cfg = config({ active_time: [{ start: formatCst(T0), end: formatCst(T0 + 30 * DAY) }] })
    const long = series(cfg, [{ minute: T0 + 5 * DAY, views: 0, plays: 3, wins: 1 }], T0 + 60 * DAY)
    expect(long.points.length).toBeLessThanOrEqual(200)
    expect(long.points.reduce((n, p) => n + p.plays, 0)).toBe(3)
  })

  it('counts days in UTC+8 and fills the days between', () => {
    // 2030-06-15 23:59 and 2030-06-16 00:00 (UTC+8) are two days; 06-17 has nothing.
    const midnight = Date.UTC(2030, 5, 15, 16, 0)
    const out = days(
      [
        { minute: midnight - MINUTE, views: 1, plays: 1, wins: 0 },
        { minute: midnight, views: 2, plays: 0, wins: 0 },
        { minute: midnight + 2 * DAY, views: 4, plays: 0, wins: 0 },
      ],
      [],
      [],
      [],
    )
    expect(out.map((d) => [d.day, d.views])).toEqual([
      ['2030-06-15', 1],
      ['2030-06-16', 2],
      ['2030-06-17', 0],
      ['2030-06-18', 4],
    ])
  })
})
