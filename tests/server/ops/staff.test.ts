import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { KeyInfo } from '../../../src/core/marketerKeys'
import type { RedemptionEntry, StaffActivity, StaffWin } from '../../../src/core/ops'
import { Code, MARKETER_HEADER, PATHS } from '../../../src/core/contract'
import { KEY_PATHS } from '../../../src/core/marketerKeys'
import { OPS_PATHS, STAFF_HEADER } from '../../../src/core/ops'
import type { TestServer } from '../helpers'
import { Client, MARKETER_KEY, MINUTE, T0, addActivity, config, makeServer, prize } from '../helpers'
import { fillForm, marketer, staffKey, winner } from './helpers'

let s: TestServer
beforeEach(async () => {
  s = makeServer()
  const prizes = [prize({ id: 1, name: '保温杯', chance: 100, sum: 50, info: '到店领取' })]
  await addActivity(s.app, 'shop', config({ prize: prizes }))
  await addActivity(s.app, 'other', config({ active_title: '另一个活动', prize: prizes }))
})
afterEach(() => s.close())

const staff = <T = unknown>(key: string, path: string, body: Record<string, unknown> = {}) =>
  new Client(s.app).call<T>(path, body, { headers: { [STAFF_HEADER]: key } })

describe('staff keys (keys/create role)', () => {
  it('creates sk_ keys with their activities, listed with role; a marketer key stays mk_ and unscoped', async () => {
    const key = await staffKey(s.app, ['shop'])
    expect(key).toMatch(/^sk_[A-Za-z0-9_-]{32}$/)
    const list = await marketer<KeyInfo[]>(s.app, KEY_PATHS.list)
    const row = list.body.data.find((k) => k.prefix === key.slice(0, 9))
    expect(row).toMatchObject({ role: 'staff', activities: ['shop'], label: '门店 A' })
    expect(list.body.data.find((k) => k.current)).toMatchObject({ role: 'marketer', activities: [] })
  })

  it('refuses odd input with 4000 and a clear message', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ label: 'x', role: 'admin' }, /marketer 或 staff/],
      [{ label: 'x', role: 'staff', activities: ['nope'] }, /没有编码为 nope 的活动/],
      [{ label: 'x', role: 'staff', activities: 'shop' }, /活动编码列表/],
      [{ label: 'x', role: 'staff', activities: ['a b'] }, /活动编码格式不正确/],
      [{ label: 'x', role: 'staff', activities: Array.from({ length: 101 }, (_, i) => `a${i}`) }, /最多 100 个/],
      [{ label: 'x', role: 'marketer', activities: ['shop'] }, /不能限定活动/],
    ]
    for (const [body, message] of cases) {
      const answer = await marketer(s.app, KEY_PATHS.create, body)
      expect(answer.body.code, JSON.stringify(body)).toBe(Code.BAD_REQUEST)
      expect(answer.body.msg).toMatch(message)
    }
  })
})

describe('roles: one role per endpoint', () => {
  const marketerPaths = [
    PATHS.add,
    PATHS.list,
    PATHS.settings,
    PATHS.redeem,
    ...Object.values(KEY_PATHS),
    OPS_PATHS.stats,
    OPS_PATHS.redemptions,
    OPS_PATHS.exportWinners,
    OPS_PATHS.exportParticipants,
    OPS_PATHS.close,
    OPS_PATHS.reopen,
    OPS_PATHS.duplicate,
    OPS_PATHS.publish,
  ]

  it('a staff key is refused by every marketer endpoint (2020), in the header or in auth', async () => {
    // Many refusals in a row: the key-guessing brake is lifted for this test (it has its own below).
    await s.close()
    s = makeServer({ rate: { keyFailures: { limit: 1000, windowMs: MINUTE } } })
    await addActivity(s.app, 'shop', config({ prize: [prize({ id: 1, name: '保温杯', chance: 100 })] }))
    const key = await staffKey(s.app)
    const { secret } = await winner(s.app, 'shop')
    const body = { code: 'shop', awardcode: secret, label: 'x', id: 1 }
    for (const path of marketerPaths) {
      const inAuth = await new Client(s.app).call(path, { ...body, auth: key })
      expect(inAuth.body.code, path).toBe(Code.MARKETER_DENIED)
      const inHeader = await new Client(s.app).call(path, body, { headers: { [MARKETER_HEADER]: key } })
      expect(inHeader.body.code, path).toBe(Code.MARKETER_DENIED)
    }
    const upload = await s.app.request('/lottery/img/add', { method: 'POST', headers: { [MARKETER_HEADER]: key } })
    expect(((await upload.json()) as { code: number }).code).toBe(Code.MARKETER_DENIED)
    // The marketer's view of an activity is not theirs either.
    const view = await new Client(s.app).call(PATHS.index, { code: 'shop' }, { headers: { [MARKETER_HEADER]: key } })
    expect(view.body.code).toBe(Code.MARKETER_DENIED)
    // Nothing was redeemed on the way.
    const log = await marketer<RedemptionEntry[]>(s.app, OPS_PATHS.redemptions, { code: 'shop' })
    expect(log.body.data).toEqual([])
  })

  it('a marketer key is refused by the staff endpoints (2021), and so are no key and a revoked one', async () => {
    const { secret } = await winner(s.app, 'shop')
    for (const path of [OPS_PATHS.staffActivities, OPS_PATHS.staffLookup, OPS_PATHS.staffRedeem]) {
      const body = { code: 'shop', awardcode: secret }
      expect((await staff(MARKETER_KEY, path, body)).body.code, path).toBe(Code.STAFF_DENIED)
      expect((await new Client(s.app).call(path, { ...body, auth: MARKETER_KEY })).body.code, path).toBe(Code.STAFF_DENIED)
      expect((await new Client(s.app).call(path, body)).http, path).toBe(403)
    }
    const key = await staffKey(s.app)
    const list = await marketer<KeyInfo[]>(s.app, KEY_PATHS.list)
    const id = list.body.data.find((k) => k.role === 'staff')?.id
    expect((await marketer(s.app, KEY_PATHS.revoke, { id })).body.code).toBe(Code.OK)
    expect((await staff(key, OPS_PATHS.staffActivities)).body.code).toBe(Code.STAFF_DENIED)
  })
})

describe('staff redemption', () => {
  it('lists the activities of its scope, looks a code up, redeems it once; a second time is 1011 with the first time and who', async () => {
    const key = await staffKey(s.app, ['shop'], '收银台 1')
    const { client, secret } = await winner(s.app, 'shop')
    await fillForm(client, 'shop', { name: '王小明', tel: '13800138000' })

    const activities = await staff<StaffActivity[]>(key, OPS_PATHS.staffActivities)
    expect(activities.body.data).toEqual([{ code: 'shop', active_title: '测试活动', state: 'running' }])

    const looked = await staff<StaffWin>(key, OPS_PATHS.staffLookup, { code: 'shop', awardcode: secret })
    expect(looked.body.code).toBe(Code.OK)
    expect(looked.body.data).toEqual({
      code: 'shop',
      active_title: '测试活动',
      awardcode: secret,
      prize: { id: 1, name: '保温杯', type: 'physical', info: '到店领取' },
      winner: '王**',
      won_at: T0,
      redeemed_at: null,
      redeemed_by: null,
    })
    expect(JSON.stringify(looked.body)).not.toContain('13800138000')

    const first = await staff<StaffWin>(key, OPS_PATHS.staffRedeem, { code: 'shop', awardcode: secret })
    expect(first.body).toMatchObject({ status: 1, code: Code.OK, data: { redeemed_at: T0, redeemed_by: '收银台 1' } })
    s.clock.now = T0 + 5 * MINUTE
    const again = await staff<StaffWin>(key, OPS_PATHS.staffRedeem, { code: 'shop', awardcode: secret })
    expect(again.body).toMatchObject({ status: 0, code: Code.ALREADY_REDEEMED, msg: '该奖品已核销', data: { redeemed_at: T0, redeemed_by: '收银台 1' } })
    // The participant sees it redeemed too.
    expect((await client.call(PATHS.check, { code: 'shop', awardcode: secret })).body.code).toBe(Code.ALREADY_REDEEMED)
  })

  it('refuses a code of another activity (1012), an activity outside its scope (2022) and an unknown code (1010)', async () => {
    const key = await staffKey(s.app, ['shop'])
    const elsewhere = await winner(s.app, 'other')
    const wrong = await staff(key, OPS_PATHS.staffRedeem, { code: 'shop', awardcode: elsewhere.secret })
    expect(wrong.body).toMatchObject({ code: Code.AWARD_OTHER_ACTIVITY, msg: '该核销码不属于本活动' })
    const outside = await staff(key, OPS_PATHS.staffRedeem, { code: 'other', awardcode: elsewhere.secret })
    expect(outside.body).toMatchObject({ code: Code.STAFF_SCOPE, msg: '该核销员密钥不能核销本活动的奖品' })
    expect((await staff(key, OPS_PATHS.staffLookup, { code: 'shop', awardcode: '999999999999' })).body.code).toBe(Code.AWARD_NOT_FOUND)
    expect((await staff(key, OPS_PATHS.staffLookup, { code: 'gone', awardcode: '999999999999' })).body.code).toBe(Code.ACTIVITY_NOT_FOUND)
    // Nothing was redeemed by the refusals.
    const check = await elsewhere.client.call<{ redeemed: boolean }>(PATHS.check, { code: 'other', awardcode: elsewhere.secret })
    expect(check.body.data.redeemed).toBe(false)
    // A key for all activities redeems it.
    const all = await staffKey(s.app, [])
    expect((await staff(all, OPS_PATHS.staffRedeem, { code: 'other', awardcode: elsewhere.secret })).body.code).toBe(Code.OK)
  })

  it('two taps at once: one 200, one 1011', async () => {
    const key = await staffKey(s.app)
    const { secret } = await winner(s.app, 'shop')
    const body = { code: 'shop', awardcode: secret }
    const answers = await Promise.all([staff(key, OPS_PATHS.staffRedeem, body), staff(key, OPS_PATHS.staffRedeem, body)])
    expect(answers.map((a) => a.body.code).sort((x, y) => x - y)).toEqual([Code.OK, Code.ALREADY_REDEEMED])
  })

  it('info/redeem by a marketer records who; the log lists each redemption, newest first, masked, by page', async () => {
    const key = await staffKey(s.app, [], '门店 B')
    const a = await winner(s.app, 'shop')
    const b = await winner(s.app, 'shop')
    expect((await marketer(s.app, PATHS.redeem, { code: 'shop', awardcode: a.secret })).body.code).toBe(Code.OK)
    s.clock.now = T0 + MINUTE
    expect((await staff(key, OPS_PATHS.staffRedeem, { code: 'shop', awardcode: b.secret })).body.code).toBe(Code.OK)
    const log = await marketer<RedemptionEntry[]>(s.app, OPS_PATHS.redemptions, { code: 'shop' })
    expect(log.body.data).toEqual([
      { awardcode: `${b.secret.slice(0, 4)}****${b.secret.slice(8)}`, prize_name: '保温杯', redeemed_at: T0 + MINUTE, by: { label: '门店 B', role: 'staff' } },
      { awardcode: `${a.secret.slice(0, 4)}****${a.secret.slice(8)}`, prize_name: '保温杯', redeemed_at: T0, by: { label: 'test', role: 'marketer' } },
    ])
    const older = await marketer<RedemptionEntry[]>(s.app, OPS_PATHS.redemptions, { code: 'shop', before: T0 + MINUTE })
    expect(older.body.data.map((e) => e.redeemed_at)).toEqual([T0])
    const bad = await marketer(s.app, OPS_PATHS.redemptions, { code: 'shop', before: 'yesterday' })
    expect(bad.body).toMatchObject({ code: Code.BAD_REQUEST, msg: '请求参数不正确：分页时间（before）应为数字' })
  })
})

describe('the redemption log pages without skipping a millisecond', () => {
  it('a page ends with every redemption of its last millisecond, so paging on with `before` loses none', async () => {
    // 110 wins written through the store (the per-network caps would refuse 110 new people), then
    // 95 redemptions a millisecond apart and 15 in one older millisecond: the first page's 100th row is in it.
    const activity = (await s.store.activityByCode('shop'))!
    for (let i = 0; i < 110; i++) {
      const win = { activityId: activity.id, pid: `a:page${i}`, prizeId: 1, prizeName: '保温杯', prizeType: 'physical' as const, prizeInfo: '' }
      const id = (await s.store.insertWin({ ...win, moneyCents: 0, secret: String(100_000_000_000 + i), windowStart: i, now: T0 })) as number
      expect(await s.store.redeem(id, i < 15 ? T0 + MINUTE : T0 + 2 * MINUTE + i)).toBe(true)
    }
    const first = (await marketer<RedemptionEntry[]>(s.app, OPS_PATHS.redemptions, { code: 'shop' })).body.data
    const last = first[first.length - 1]!.redeemed_at
    const rest = (await marketer<RedemptionEntry[]>(s.app, OPS_PATHS.redemptions, { code: 'shop', before: last })).body.data
    expect(first.length + rest.length).toBe(110)
    expect(new Set([...first, ...rest].map((e) => e.awardcode)).size).toBe(110)
  })
})

describe('attacks', () => {
  it('odd input: 4000 with a clear message, a huge body 4013', async () => {
    const key = await staffKey(s.app)
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ code: 'shop' }, /缺少核销码/],
      [{ code: 'shop', awardcode: 123456789012 }, /核销码（awardcode）必须是字符串/],
      [{ code: 'shop', awardcode: '1'.repeat(21) }, /核销码（awardcode）格式不正确/],
      [{ code: 'shop', awardcode: "1' OR 1=1 --" }, /核销码（awardcode）格式不正确/],
      [{ code: '../etc', awardcode: '123456789012' }, /活动编码（code）格式不正确/],
    ]
    for (const [body, message] of cases) {
      const answer = await staff(key, OPS_PATHS.staffRedeem, body)
      expect(answer.body.code, JSON.stringify(body)).toBe(Code.BAD_REQUEST)
      expect(answer.body.msg).toMatch(message)
    }
    const huge = await new Client(s.app).raw(OPS_PATHS.staffRedeem, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [STAFF_HEADER]: key },
      body: JSON.stringify({ code: 'shop', awardcode: '1'.repeat(100_000) }),
    })
    expect(huge.status).toBe(413)
    const long = await staff('sk_' + 'x'.repeat(5000), OPS_PATHS.staffActivities)
    expect(long.body.code).toBe(Code.STAFF_DENIED)
  })

  it('guessing staff keys is braked like marketer keys: after 10 refusals even a good key gets 429', async () => {
    const key = await staffKey(s.app)
    for (let i = 0; i < 10; i++) {
      expect((await staff(`sk_guess${i}`, OPS_PATHS.staffActivities)).body.code).toBe(Code.STAFF_DENIED)
    }
    const blocked = await staff(key, OPS_PATHS.staffActivities)
    expect(blocked.body.code).toBe(Code.RATE_LIMITED)
  })

  it('a staff key looks codes up at a counter pace (RATE_STAFF per minute), not a scan of the code space', async () => {
    await s.close()
    s = makeServer({ rate: { staff: { limit: 3, windowMs: MINUTE } } })
    await addActivity(s.app, 'shop', config())
    const key = await staffKey(s.app)
    const codes = []
    for (let i = 0; i < 4; i++) codes.push((await staff(key, OPS_PATHS.staffLookup, { code: 'shop', awardcode: `10000000000${i}` })).body.code)
    expect(codes).toEqual([Code.AWARD_NOT_FOUND, Code.AWARD_NOT_FOUND, Code.AWARD_NOT_FOUND, Code.RATE_LIMITED])
    s.clock.now += MINUTE
    expect((await staff(key, OPS_PATHS.staffLookup, { code: 'shop', awardcode: '100000000009' })).body.code).toBe(Code.AWARD_NOT_FOUND)
  })
})
