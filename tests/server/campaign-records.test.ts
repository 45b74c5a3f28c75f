import * as v from 'valibot'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ClaimField, MyRecords, WinRecord } from '../../src/core/campaign'
import type { ActivityConfig } from '../../src/core/activity'
import type { AwardWinData, IndexData } from '../../src/core/contract'
import { CAMPAIGN_PATHS } from '../../src/core/campaign'
import { API_BASE, Code, MARKETER_HEADER, PATHS } from '../../src/core/contract'
import { MyRecordsSchema, WinRecordDataSchema } from '../../src/core/campaignSchemas'
import { OPS_PATHS } from '../../src/core/ops'
import { formatCst } from '../../src/core/windows'
import type { TestServer } from './helpers'
import { Client, HOUR, MARKETER_KEY, T0, addActivity, config, makeServer, prize } from './helpers'

/** My records, claim forms per prize, shipping and receipt (issue 13). */

let s: TestServer
beforeEach(() => {
  // One player sends many calls at one frozen instant: reads and forms unlimited here (tests/security checks rates).
  const lifted = { limit: 1_000_000, windowMs: 1000 }
  s = makeServer({ rate: { read: lifted, form: lifted } })
})
afterEach(() => s.close())

const ADDRESS_FORM: ClaimField[] = [
  { key: 'name', kind: 'name', label: '收件人', required: true },
  { key: 'tel', kind: 'tel', label: '手机号', required: true },
  { key: 'addr', kind: 'address', label: '收货地址', required: true },
  { key: 'size', kind: 'choice', label: '尺码', required: false, options: ['S', 'M', 'L'] },
  { key: 'note', kind: 'text', label: '备注', required: false, max: 20 },
]
const ADDRESS = { province: '浙江省', city: '杭州市', district: '上城区', street: '富春路 701 号' }
const GOOD = { name: '张三', tel: '13800138000', addr: ADDRESS, size: 'M' }

/** Two 场次: T0's (an hour either side) and the next day's. */
const WINDOWS = [
  { start: formatCst(T0 - HOUR), end: formatCst(T0 + HOUR) },
  { start: formatCst(T0 + 24 * HOUR), end: formatCst(T0 + 26 * HOUR) },
]

function shippingConfig(fields: Partial<ActivityConfig> = {}): ActivityConfig {
  return config({
    active_time: WINDOWS,
    prize: [prize({ id: 1, name: '保温杯', type: 'physical', chance: 100, sum: 10, claim_fields: ADDRESS_FORM })],
    ...fields,
  })
}

async function player(code: string): Promise<Client> {
  const c = new Client(s.app)
  await c.enter(code)
  return c
}

async function win(c: Client, code: string): Promise<string> {
  const answer = await c.award<AwardWinData>(code)
  if (answer.body.code !== Code.OK) throw new Error(`no win: ${JSON.stringify(answer.body)}`)
  return answer.body.data.secret
}

const records = (c: Client, code: string) => c.call<MyRecords>(CAMPAIGN_PATHS.records, { code })
const claim = (c: Client, code: string, awardcode: string, values: unknown) =>
  c.call<WinRecord>(CAMPAIGN_PATHS.claim, { code, awardcode, values })
const received = (c: Client, code: string, awardcode: string) => c.call<WinRecord>(CAMPAIGN_PATHS.received, { code, awardcode })
const marketer = () => new Client(s.app)
function ship(code: string, awardcode: string, courier = '顺丰速运', tracking = 'SF1234567890', auth: string | null = MARKETER_KEY) {
  return marketer().call<WinRecord>(OPS_PATHS.ship, { code, awardcode, courier, tracking, ...(auth === null ? {} : { auth }) })
}

describe('my records', () => {
  it('lists every play with its 场次 and outcome, and every win with its status', async () => {
    await addActivity(
      s.app,
      'rec',
      config({
        active_time: WINDOWS,
        prize: [prize({ id: 1, name: '保温杯', type: 'physical', chance: 100, sum: 10, claim_fields: ADDRESS_FORM })],
      }),
    )
    const c = await player('rec')
    const first = await win(c, 'rec')
    expect((await c.award('rec')).body.code).toBe(Code.HAVE_AWARD) // refused: not a play
    s.clock.now = T0 + 25 * HOUR
    await c.enter('rec')
    const second = await win(c, 'rec')

    const answer = await records(c, 'rec')
    expect(answer.body.code).toBe(Code.OK)
    const data = v.parse(MyRecordsSchema, answer.body.data)
    expect(data.plays).toEqual([
      { time: T0 + 25 * HOUR, window: WINDOWS[1]?.start, outcome: 'win', prize_name: '保温杯' },
      { time: T0, window: WINDOWS[0]?.start, outcome: 'win', prize_name: '保温杯' },
    ])
    expect(data.wins.map((w) => [w.awardcode, w.status, w.claim_editable, w.claim])).toEqual([
      [second, 'to_ship', true, null],
      [first, 'to_ship', true, null],
    ])
    expect(data.wins[0]?.claim_fields).toEqual(ADDRESS_FORM)
  })

  it('shows no-win plays, and unredeemed / redeemed for prizes that are not shipped', async () => {
    await addActivity(s.app, 'v', config({ active_time: WINDOWS, max_eplay: 5, prize: [prize({ id: 1, name: '券', type: 'virtual', chance: 100, sum: 10 })] }))
    const c = await player('v')
    const code = await win(c, 'v')
    expect((await records(c, 'v')).body.data.wins[0]).toMatchObject({ status: 'unredeemed', awardcode: code, claim_editable: false })
    await marketer().call(PATHS.redeem, { code: 'v', awardcode: code, auth: MARKETER_KEY })
    expect((await records(c, 'v')).body.data.wins[0]).toMatchObject({ status: 'redeemed', awardcode: '' })

    await addActivity(s.app, 'none', config({ prize: [prize({ id: 1, name: '券', chance: 0 })] }))
    const d = await player('none')
    await d.award('none')
    expect((await records(d, 'none')).body.data).toEqual({
      plays: [{ time: T0, window: formatCst(T0 - HOUR), outcome: 'no_award', prize_name: null }],
      wins: [],
    })
  })

  it("another participant's cookie sees nothing of them", async () => {
    await addActivity(s.app, 'mine', shippingConfig())
    const owner = await player('mine')
    const code = await win(owner, 'mine')
    const other = await player('mine')
    expect((await records(other, 'mine')).body.data).toEqual({ plays: [], wins: [] })
    // Nor can they fill, correct or confirm the owner's prize with its code.
    expect((await claim(other, 'mine', code, GOOD)).body.code).toBe(Code.AWARD_NOT_FOUND)
    await ship('mine', code)
    expect((await received(other, 'mine', code)).body.code).toBe(Code.AWARD_NOT_FOUND)
    expect((await records(owner, 'mine')).body.data.wins[0]).toMatchObject({ status: 'shipped', claim: null })
  })

  it('needs the token of this activity', async () => {
    await addActivity(s.app, 'a1', shippingConfig())
    await addActivity(s.app, 'a2', shippingConfig())
    expect((await records(new Client(s.app), 'a1')).body.code).toBe(Code.TOKEN_MISSING)
    const c = await player('a1')
    expect((await records(c, 'a2')).body.code).toBe(Code.TOKEN_WRONG_ACTIVITY)
  })
})

describe('forged origins', () => {
  it('a page of another origin can neither draw, claim, confirm nor ship, and nothing is written', async () => {
    await addActivity(s.app, 'csrf', shippingConfig({ multi_draw: [3] }))
    const c = await player('csrf')
    const code = await win(c, 'csrf')
    const forged = { headers: { origin: 'https://evil.example.com', 'sec-fetch-site': 'cross-site' } }
    const before = await records(c, 'csrf')
    const calls: [string, Record<string, unknown>][] = [
      [CAMPAIGN_PATHS.multi, { code: 'csrf', request_id: 'forged-multi-01', count: 3 }],
      [CAMPAIGN_PATHS.records, { code: 'csrf' }],
      [CAMPAIGN_PATHS.claim, { code: 'csrf', awardcode: code, values: GOOD }],
      [CAMPAIGN_PATHS.received, { code: 'csrf', awardcode: code }],
      [OPS_PATHS.ship, { code: 'csrf', awardcode: code, courier: '顺丰', tracking: 'SF1', auth: MARKETER_KEY }],
    ]
    for (const [path, body] of calls) {
      const answer = await c.call(path, body, forged)
      expect(answer.http, path).toBe(403)
      expect(answer.body.code, path).toBe(Code.ORIGIN_DENIED)
    }
    const after = await records(c, 'csrf')
    expect(after.body.data).toEqual(before.body.data)
  })
})

describe('claim forms per prize', () => {
  it('filled after a win, corrected until shipped, then refused; shipped and received show in records', async () => {
    await addActivity(s.app, 'ship', shippingConfig())
    const c = await player('ship')
    const code = await win(c, 'ship')

    const filled = await claim(c, 'ship', code, { ...GOOD, name: ' 张三 ', note: '' })
    expect(filled.body.code).toBe(Code.OK)
    expect(v.parse(WinRecordDataSchema, filled.body.data)).toMatchObject({
      status: 'to_ship',
      claim: { name: '张三', tel: '13800138000', addr: ADDRESS, size: 'M' },
      claim_editable: true,
    })
    const corrected = await claim(c, 'ship', code, { ...GOOD, addr: { ...ADDRESS, street: '解放路 1 号' } })
    expect(corrected.body.data.claim?.addr).toEqual({ ...ADDRESS, street: '解放路 1 号' })

    expect((await received(c, 'ship', code)).body).toMatchObject({ code: Code.NOT_SHIPPED, data: { status: 'to_ship' } })
    const shipped = await ship('ship', code)
    expect(shipped.body).toMatchObject({ code: Code.OK, data: { status: 'shipped', courier: '顺丰速运', tracking: 'SF1234567890', claim_editable: false } })

    const late = await claim(c, 'ship', code, GOOD)
    expect(late.http).toBe(409)
    expect(late.body).toMatchObject({ status: 0, code: Code.CLAIM_CLOSED, data: { status: 'shipped' } })
    expect(late.body.data.claim?.addr).toEqual({ ...ADDRESS, street: '解放路 1 号' })

    // The marketer may correct the tracking number until the winner confirms receipt.
    expect((await ship('ship', code, '中通快递', 'ZT-0001')).body.data).toMatchObject({ courier: '中通快递', tracking: 'ZT-0001' })
    expect((await received(c, 'ship', code)).body).toMatchObject({ code: Code.OK, data: { status: 'received' } })
    expect((await received(c, 'ship', code)).body).toMatchObject({ code: Code.OK, data: { status: 'received' } })
    expect((await ship('ship', code)).body.code).toBe(Code.ALREADY_RECEIVED)

    const mine = (await records(c, 'ship')).body.data.wins[0]
    expect(mine).toMatchObject({ status: 'received', courier: '中通快递', tracking: 'ZT-0001', claim_editable: false })

    // The marketer's export reads the same.
    const exported = await s.app.request(`${API_BASE}${OPS_PATHS.exportWinners}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [MARKETER_HEADER]: MARKETER_KEY },
      body: JSON.stringify({ code: 'ship' }),
    })
    const csv = await exported.text()
    expect(csv).toContain(code)
    expect(csv).toContain('解放路 1 号')
    expect(csv).toContain('中通快递,ZT-0001')
  })

  const cases: [string, unknown, string][] = [
    ['a required name left empty', { ...GOOD, name: '' }, 'values.name'],
    ['a name over 20', { ...GOOD, name: '名'.repeat(21) }, 'values.name'],
    ['a name with hidden characters', { ...GOOD, name: '张\u200b三' }, 'values.name'],
    ['a tel that is not a mobile number', { ...GOOD, tel: '0571-88886666' }, 'values.tel'],
    ['a tel as a number', { ...GOOD, tel: 13800138000 }, 'values.tel'],
    ['an address as one line', { ...GOOD, addr: '杭州市上城区' }, 'values.addr'],
    ['an address without its city', { ...GOOD, addr: { ...ADDRESS, city: '' } }, 'values.addr.city'],
    ['a street over 100', { ...GOOD, addr: { ...ADDRESS, street: '路'.repeat(101) } }, 'values.addr.street'],
    ['a district over 20', { ...GOOD, addr: { ...ADDRESS, district: '区'.repeat(21) } }, 'values.addr.district'],
    ['a choice not offered', { ...GOOD, size: 'XXL' }, 'values.size'],
    ['a text over its max', { ...GOOD, note: '字'.repeat(21) }, 'values.note'],
    ['an unknown field (an ID number)', { ...GOOD, idcard: '110101199001011234' }, 'values.idcard'],
    ['values as a string', 'name=张三', 'values'],
    ['values missing', undefined, 'values'],
    ['values as a list', [GOOD], 'values'],
  ]
  it.each(cases)('refuses %s with a clear 400 at its field, keeping what was there', async (_name, values, path) => {
    await addActivity(s.app, 'bad', shippingConfig())
    const c = await player('bad')
    const code = await win(c, 'bad')
    await claim(c, 'bad', code, GOOD)
    const token = c.token
    const answer = await claim(c, 'bad', code, values)
    expect(c.token).toBe(token) // refused before the token is exchanged
    expect(answer.http).toBe(400)
    expect(answer.body.code).toBe(Code.BAD_REQUEST)
    expect((answer.body.data as unknown as { errors: { path: string }[] }).errors[0]?.path).toBe(path)
    expect((await records(c, 'bad')).body.data.wins[0]?.claim).toEqual(GOOD)
  })

  it('refuses a prize without a form, an unknown or malformed code, and a redeemed prize', async () => {
    await addActivity(
      s.app,
      'odd',
      config({ active_time: WINDOWS, prize: [prize({ id: 1, name: '券', type: 'virtual', chance: 100, sum: 10 })] }),
    )
    const c = await player('odd')
    const code = await win(c, 'odd')
    expect((await claim(c, 'odd', code, {})).body).toMatchObject({ code: Code.BAD_REQUEST, data: { errors: [{ path: 'awardcode' }] } })
    expect((await claim(c, 'odd', '123456789012', GOOD)).body.code).toBe(Code.AWARD_NOT_FOUND)
    for (const awardcode of ['', 'abc', 12, null, '1'.repeat(100)]) {
      const answer = await c.call(CAMPAIGN_PATHS.claim, { code: 'odd', awardcode, values: GOOD })
      expect(answer.http).toBe(400)
      expect(answer.body.code).toBe(Code.BAD_REQUEST)
    }
    expect((await received(c, 'odd', 'x')).http).toBe(400)

    await addActivity(s.app, 'pick', shippingConfig())
    const d = await player('pick')
    const picked = await win(d, 'pick')
    await marketer().call(PATHS.redeem, { code: 'pick', awardcode: picked, auth: MARKETER_KEY })
    expect((await claim(d, 'pick', picked, GOOD)).body.code).toBe(Code.ALREADY_REDEEMED)
    expect((await ship('pick', picked)).body.code).toBe(Code.ALREADY_REDEEMED)
  })

  it('a win keeps the form its prize had when won', async () => {
    await addActivity(s.app, 'keep', shippingConfig())
    const c = await player('keep')
    const code = await win(c, 'keep')
    await addActivity(s.app, 'keep', shippingConfig({ prize: [prize({ id: 1, name: '保温杯', type: 'physical', chance: 100, sum: 10, claim_fields: [] })] }))
    expect((await claim(c, 'keep', code, GOOD)).body.code).toBe(Code.OK)
  })
})

describe('info/ship (marketer)', () => {
  it('needs a marketer key, before anything about the code is said', async () => {
    await addActivity(s.app, 'key', shippingConfig())
    const c = await player('key')
    const code = await win(c, 'key')
    for (const auth of [null, 'wrong-key-0123456789']) {
      const answer = await ship('key', code, '顺丰', 'SF1', auth)
      expect(answer.body.code).toBe(Code.MARKETER_DENIED)
    }
    // A participant's token is not a key.
    expect((await c.call(OPS_PATHS.ship, { code: 'key', awardcode: code, courier: '顺丰', tracking: 'SF1' })).body.code).toBe(Code.MARKETER_DENIED)
    expect((await records(c, 'key')).body.data.wins[0]?.status).toBe('to_ship')
  })

  it.each([
    ['an empty courier', { courier: ' ' }, 'courier'],
    ['a courier over 20', { courier: '快'.repeat(21) }, 'courier'],
    ['a courier with control characters', { courier: '顺丰\u202e' }, 'courier'],
    ['a tracking number with spaces', { tracking: 'SF 123' }, 'tracking'],
    ['a tracking number over 40', { tracking: 'A'.repeat(41) }, 'tracking'],
    ['a tracking number with markup', { tracking: '<b>1</b>' }, 'tracking'],
    ['a tracking number as a number', { tracking: 123 }, 'tracking'],
    ['no tracking number', { tracking: undefined }, 'tracking'],
  ])('refuses %s with a clear 400', async (_name, fields, path) => {
    await addActivity(s.app, 'bad', shippingConfig())
    const c = await player('bad')
    const code = await win(c, 'bad')
    const answer = await marketer().call(OPS_PATHS.ship, { code: 'bad', awardcode: code, courier: '顺丰', tracking: 'SF1', auth: MARKETER_KEY, ...fields })
    expect(answer.http).toBe(400)
    expect(answer.body).toMatchObject({ code: Code.BAD_REQUEST, data: { errors: [{ path }] } })
    expect((await records(c, 'bad')).body.data.wins[0]?.status).toBe('to_ship')
  })

  it('a physical prize without an address form waits to be redeemed (picked up), and may still be shipped', async () => {
    await addActivity(s.app, 'pickup', config({ prize: [prize({ id: 1, name: '帆布袋', type: 'physical', chance: 100 })] }))
    const c = await player('pickup')
    const code = await win(c, 'pickup')
    expect((await records(c, 'pickup')).body.data.wins[0]).toMatchObject({ status: 'unredeemed', claim_fields: [], claim_editable: false })
    expect((await ship('pickup', code)).body.data).toMatchObject({ status: 'shipped' })
  })

  it('refuses prizes that are not physical and unknown codes', async () => {
    await addActivity(s.app, 'virt', config({ prize: [prize({ id: 1, name: '券', type: 'virtual', chance: 100 })] }))
    const c = await player('virt')
    const code = await win(c, 'virt')
    expect((await ship('virt', code)).body).toMatchObject({ code: Code.NOT_SHIPPABLE, data: { status: 'unredeemed' } })
    expect((await ship('virt', '999999999999')).body.code).toBe(Code.AWARD_NOT_FOUND)
    expect((await ship('nope', code)).body.code).toBe(Code.ACTIVITY_NOT_FOUND)
  })
})

describe('the before-play form and the seed contract', () => {
  const FORM: ClaimField[] = [
    { key: 'name', kind: 'name', label: '姓名', required: true },
    { key: 'tel', kind: 'tel', label: '手机号', required: true },
    { key: 'shop', kind: 'choice', label: '门店', required: true, options: ['万象城店', '西湖店'] },
  ]

  it('an activity with its own form takes `values`, checked field by field; the seed fields alone are refused', async () => {
    await addActivity(s.app, 'own', config({ actinfo: { need_info: true }, claim_fields: FORM, prize: [prize({ id: 1, name: '杯', chance: 100 })] }))
    const c = await player('own')
    expect((await c.award('own')).body.code).toBe(Code.NEED_INFO)
    const token = c.token
    const seedOnly = await c.call(PATHS.user, { code: 'own', name: '张三', tel: '13800138000' })
    expect(seedOnly.body).toMatchObject({ code: Code.BAD_REQUEST, data: { errors: [{ path: 'values' }] } })
    const bad = await c.call(PATHS.user, { code: 'own', values: { name: '张三', tel: '13800138000', shop: '总店' } })
    expect(bad.body).toMatchObject({ code: Code.BAD_REQUEST, data: { errors: [{ path: 'values.shop' }] } })
    expect(c.token).toBe(token) // refused before the token is exchanged
    const ok = await c.call(PATHS.user, { code: 'own', values: { name: '张三', tel: '13800138000', shop: '西湖店' } })
    expect(ok.body).toMatchObject({ code: Code.OK, data: { user_filled: true } })
    expect((await c.award('own')).body.code).toBe(Code.OK)
    // The winners list reads the name from the form, masked as before.
    const list = await c.call<{ name: string; wxname: string }[]>(PATHS.userlist, { code: 'own' })
    expect(list.body.data[0]?.wxname).toBe('张*')
  })

  it('an old-style configuration saves, reads and plays exactly as before', async () => {
    const old = {
      active_title: '老活动',
      active_type: 1,
      template: 11,
      active_time: [{ start: formatCst(T0 - HOUR), end: formatCst(T0 + HOUR) }],
      prize: [{ type: 'physical', sum: 5, name: '杯', chance: 100 }],
      actinfo: { need_info: true },
    }
    const saved = await addActivity(s.app, 'old', old)
    expect(saved.config).toMatchObject({ multi_draw: [], claim_fields: [], guides: {} })
    const c = await player('old')
    expect((await c.award('old')).body.code).toBe(Code.NEED_INFO)
    const filled = await c.call(PATHS.user, { code: 'old', name: '张三', tel: '13800138000', address: '杭州', other_info: '' })
    expect(filled.body).toMatchObject({ status: 1, code: Code.OK, data: { user_filled: true } })
    const won = await c.award<AwardWinData>('old')
    expect(won.body.code).toBe(Code.OK)
    expect(Object.keys(won.body.data).sort()).toEqual(['amount_cents', 'money', 'plays_left', 'prize_id', 'prize_name', 'prize_type', 'secret'])
    // The seed's user form keeps its own field errors, in Chinese.
    const d = await player('old')
    expect((await d.call(PATHS.user, { code: 'old', name: '', tel: '1' })).body.data).toMatchObject({ errors: [{ path: 'name' }, { path: 'tel' }] })
    expect((await d.call(PATHS.user, { name: '张三' })).body.data).toEqual({ errors: [{ path: 'code', message: '缺少活动编码（code）' }] })
  })

  it('a configuration stored before these fields existed reads with them off', async () => {
    await addActivity(s.app, 'stored', config())
    const row = await s.store.activityByCode('stored')
    const { multi_draw: _m, claim_fields: _c, guides: _g, ...older } = row?.config as ActivityConfig
    const prizes = older.prize.map(({ claim_fields: _f, ...p }) => p)
    await s.store.updateActivity(row?.id as number, { ...older, prize: prizes } as unknown as ActivityConfig, 2, T0)
    const index = (await new Client(s.app).enter('stored')).body.data as IndexData
    expect(index).toMatchObject({ multi_draw: [], claim_fields: [], guides: {} })
    expect(index.prize[0]?.claim_fields).toEqual([])
  })

  it('Activity/index gives the participant the guides and multi-draw choices', async () => {
    const guides = { no_times: { message: '明天再来', button: { text: '去下单', link: 'https://shop.example.com/' } }, signin: { message: '登录后参与' } }
    await addActivity(s.app, 'g', config({ multi_draw: [3], guides }))
    const index = (await new Client(s.app).enter('g')).body.data as IndexData
    expect(index.guides).toEqual(guides)
    expect(index.multi_draw).toEqual([3])
  })
})
