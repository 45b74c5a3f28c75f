import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AwardWinData, CheckData, IndexData, UserlistData } from '../../src/core/contract'
import { Code, PATHS, codeToOutcome, outcomeFromAward } from '../../src/core/contract'
import { formatCst } from '../../src/core/windows'
import type { TestServer } from './helpers'
import { Client, HOUR, MARKETER_KEY, T0, addActivity, config, makeServer, prize } from './helpers'

let s: TestServer
beforeEach(() => {
  s = makeServer()
})
afterEach(() => s.close())

/** A single-prize list. */
const sure = (fields: Partial<Parameters<typeof prize>[0]>) => [prize({ id: 1, name: '奖品', chance: 100, ...fields })]

async function player(code: string): Promise<Client> {
  const c = new Client(s.app)
  await c.enter(code)
  return c
}

describe('windows and status', () => {
  it('refuses before the first window with its start, and after the last', async () => {
    await addActivity(s.app, 'w', config({ active_time: [{ start: formatCst(T0 + HOUR), end: formatCst(T0 + 2 * HOUR) }] }))
    const c = await player('w')
    const early = await c.award('w')
    expect(early.body).toMatchObject({ status: 0, code: Code.NOT_STARTED, data: { starts_at: T0 + HOUR } })
    expect(outcomeFromAward(early.body)).toEqual({ kind: 'not_started', startsAt: T0 + HOUR })
    s.clock.now = T0 + 3 * HOUR
    await c.enter('w') // the token expired meanwhile
    expect((await c.award('w')).body.code).toBe(Code.GAME_OVER)
  })

  it('refuses a closed activity (status 0) as game over, and an unknown one', async () => {
    await addActivity(s.app, 'closed', config({ status: 0 }))
    const c = await player('closed')
    expect((await c.award('closed')).body.code).toBe(Code.GAME_OVER)
    const unknown = await c.award('nope')
    expect(unknown.http).toBe(404)
    expect(codeToOutcome(unknown.body.code)).toBe('game_over')
  })
})

describe('limits', () => {
  it('max_play caps the plays in all', async () => {
    await addActivity(s.app, 'mp', config({ max_play: 3, prize: sure({ chance: 0 }) }))
    const c = await player('mp')
    const codes = []
    for (let i = 0; i < 4; i++) codes.push((await c.award('mp')).body.code)
    expect(codes).toEqual([Code.NO_AWARD, Code.NO_AWARD, Code.NO_AWARD, Code.NO_TIMES])
  })

  it('max_eplay caps the plays per window, and the next window opens new ones', async () => {
    const windows = [
      { start: formatCst(T0 - HOUR), end: formatCst(T0 + HOUR) },
      { start: formatCst(T0 + 2 * HOUR), end: formatCst(T0 + 3 * HOUR) },
    ]
    await addActivity(s.app, 'me', config({ max_eplay: 2, active_time: windows, prize: sure({ chance: 0 }) }))
    const c = await player('me')
    expect((await c.award<{ plays_left: number }>('me')).body.data.plays_left).toBe(1)
    await c.award('me')
    expect((await c.award('me')).body.code).toBe(Code.NO_TIMES)
    s.clock.now = T0 + 2.5 * HOUR
    await c.enter('me')
    expect((await c.award('me')).body.code).toBe(Code.NO_AWARD)
    const state = (await c.enter('me')).body.data as IndexData
    expect(state.state).toMatchObject({ plays: 3, plays_left: 1, window: { phase: 'open', index: 1 } })
  })

  it('one win per window: then have_award, until the next window', async () => {
    const windows = [
      { start: formatCst(T0 - HOUR), end: formatCst(T0 + HOUR) },
      { start: formatCst(T0 + 2 * HOUR), end: formatCst(T0 + 3 * HOUR) },
    ]
    await addActivity(s.app, 'one', config({ active_time: windows, prize: sure({ chance: 100, sum: 100 }) }))
    const c = await player('one')
    expect((await c.award('one')).body.code).toBe(Code.OK)
    const again = await c.award('one')
    expect(again.body.code).toBe(Code.HAVE_AWARD)
    expect(outcomeFromAward(again.body)).toEqual({ kind: 'have_award' })
    s.clock.now = T0 + 2.5 * HOUR
    await c.enter('one')
    expect((await c.award('one')).body.code).toBe(Code.OK)
  })

  it('an empty pool does not win', async () => {
    await addActivity(s.app, 'stock', config({ prize: sure({ chance: 100, sum: 1 }) }))
    expect((await (await player('stock')).award('stock')).body.code).toBe(Code.OK)
    expect((await (await player('stock')).award('stock')).body.code).toBe(Code.NO_AWARD)
  })
})

describe('award', () => {
  it('a win carries the seed fields and a 12-digit code; the outcome helper reads it', async () => {
    await addActivity(s.app, 'win', config({ prize: sure({ chance: 100, type: 'virtual', name: '代金券', money: 20 }) }))
    const c = await player('win')
    const answer = await c.award<AwardWinData>('win')
    expect(answer.body).toMatchObject({ status: 1, code: Code.OK })
    expect(answer.body.data).toMatchObject({ prize_id: 1, prize_name: '代金券', prize_type: 'virtual', money: '20.00', amount_cents: 0 })
    expect(answer.body.data.secret).toMatch(/^[1-9]\d{11}$/)
    expect(outcomeFromAward(answer.body)).toMatchObject({ kind: 'win', prizeId: 1, secret: answer.body.data.secret })
  })

  it('a fixed red packet pays its money in cents', async () => {
    await addActivity(s.app, 'fixed', config({ template: 12, prize: sure({ chance: 100, type: 'redpacket', money: 8.88, sum: 5 }) }))
    const answer = await (await player('fixed')).award<AwardWinData>('fixed')
    expect(answer.body.data).toMatchObject({ money: '8.88', amount_cents: 888, prize_type: 'redpacket' })
  })

  it('random red packets pay within [min, max] from what is left of the total, never more', async () => {
    await addActivity(
      s.app,
      'rand',
      config({ template: 12, prize: sure({ chance: 100, type: 'redpacket', sum: 0, money: 1, min: 0.3, max: 0.5 }) }),
    )
    const amounts: number[] = []
    for (let i = 0; i < 6; i++) {
      const answer = await (await player('rand')).award<AwardWinData>('rand')
      if (answer.body.code === Code.OK) amounts.push(answer.body.data.amount_cents)
    }
    expect(amounts.length).toBeGreaterThanOrEqual(2)
    for (const cents of amounts) expect(cents).toBeGreaterThanOrEqual(30)
    for (const cents of amounts) expect(cents).toBeLessThanOrEqual(50)
    const total = amounts.reduce((a, b) => a + b, 0)
    expect(total).toBeLessThanOrEqual(100)
    expect(100 - total).toBeLessThan(30) // stopped only when the rest cannot pay the minimum
  })

  it('asks for the form first (201) when need_info is set, then plays', async () => {
    await addActivity(s.app, 'form', config({ actinfo: { need_info: true }, prize: sure({ chance: 0 }) }))
    const c = await player('form')
    const first = await c.award('form')
    expect(first.body).toMatchObject({ status: 0, code: Code.NEED_INFO })
    expect(outcomeFromAward(first.body)).toBeNull()
    const filled = await c.call(PATHS.user, { code: 'form', name: '张三', tel: '13800138000', address: '杭州' })
    expect(filled.body).toMatchObject({ status: 1, data: { user_filled: true } })
    expect((await c.award('form')).body.code).toBe(Code.NO_AWARD)
    expect(((await c.enter('form')).body.data as IndexData).state.user_filled).toBe(true)
  })

  it('repeating a request id returns the stored result and consumes nothing', async () => {
    await addActivity(s.app, 'idem', config({ max_play: 5, prize: sure({ chance: 100, sum: 3 }) }))
    const c = await player('idem')
    const first = await c.award<AwardWinData>('idem', 'request-0001')
    const again = await c.award<AwardWinData>('idem', 'request-0001')
    expect(again.body).toEqual(first.body)
    const state = ((await c.enter('idem')).body.data as IndexData).state
    expect(state.plays).toBe(1)
    expect(state.my_prizes).toHaveLength(1)
    const view = await c.call<{ stock: { remaining: number }[] }>(PATHS.index, { code: 'idem', auth: MARKETER_KEY })
    expect(view.body.data.stock[0]?.remaining).toBe(2)
  })

  it('answers 429 past the per-participant rate, without consuming the token', async () => {
    const limited = makeServer({ rate: { participant: { limit: 2, windowMs: 1000 } } })
    try {
      await addActivity(limited.app, 'rate', config({ prize: sure({ chance: 0 }) }))
      const c = new Client(limited.app)
      await c.enter('rate')
      await c.award('rate')
      await c.award('rate')
      const token = c.token
      const refused = await c.award('rate')
      expect(refused.http).toBe(429)
      expect(refused.body).toMatchObject({ status: 0, code: Code.RATE_LIMITED })
      expect(c.token).toBe(token)
      limited.clock.now += 1001
      expect((await c.award('rate')).body.code).toBe(Code.NO_AWARD)
    } finally {
      await limited.close()
    }
  })

  it('answers 429 past the per-IP rate', async () => {
    const limited = makeServer({ rate: { ip: { limit: 3, windowMs: 1000 } } })
    try {
      await addActivity(limited.app, 'ip', config({ prize: sure({ chance: 0 }) }))
      const players = []
      for (let i = 0; i < 4; i++) {
        const c = new Client(limited.app)
        await c.enter('ip')
        players.push(c)
      }
      const codes = []
      for (const c of players) codes.push((await c.award('ip')).http)
      expect(codes).toEqual([200, 200, 200, 429])
    } finally {
      await limited.close()
    }
  })
})

describe('prizes after the draw', () => {
  it('info/check shows the code to its winner only, and not after redemption', async () => {
    await addActivity(s.app, 'chk', config({ prize: sure({ chance: 100, name: '保温杯', info: '到店领取' }) }))
    const winner = await player('chk')
    const { secret } = (await winner.award<AwardWinData>('chk')).body.data
    const mine = await winner.call<CheckData>(PATHS.check, { code: 'chk', awardcode: secret })
    expect(mine.body).toMatchObject({ status: 1, data: { prizecode: secret, name: '保温杯', info: '到店领取', status: 2, redeemed: false } })

    const stranger = await player('chk')
    const theirs = await stranger.call(PATHS.check, { code: 'chk', awardcode: secret })
    expect(theirs.body.code).toBe(Code.AWARD_NOT_FOUND)

    const staff = new Client(s.app)
    const redeemed = await staff.call(PATHS.redeem, { code: 'chk', awardcode: secret, auth: MARKETER_KEY })
    expect(redeemed.body).toMatchObject({ status: 1, data: { prizeid: 1, redeemed_at: s.clock.now } })
    const twice = await staff.call(PATHS.redeem, { code: 'chk', awardcode: secret, auth: MARKETER_KEY })
    expect(twice.body.code).toBe(Code.ALREADY_REDEEMED)

    const after = await winner.call<CheckData>(PATHS.check, { code: 'chk', awardcode: secret })
    expect(after.body).toMatchObject({ status: 0, code: Code.ALREADY_REDEEMED, data: { prizecode: '', status: 1, redeemed: true } })
    const state = ((await winner.enter('chk')).body.data as IndexData).state
    expect(state.my_prizes[0]).toMatchObject({ awardcode: '', redeemed: true })
  })

  it('virtual prizes count as claimed', async () => {
    await addActivity(s.app, 'virt', config({ prize: sure({ chance: 100, type: 'points', name: '积分100' }) }))
    const c = await player('virt')
    const { secret } = (await c.award<AwardWinData>('virt')).body.data
    expect((await c.call<CheckData>(PATHS.check, { code: 'virt', awardcode: secret })).body.data.status).toBe(1)
  })

  it('info/userlist: the latest 10 winners, names masked, no phone numbers', async () => {
    await addActivity(s.app, 'ul', config({ prize: sure({ chance: 100, sum: 100 }) }))
    const names = ['张三', '李小明', '欧阳娜娜', 'Bob']
    for (let i = 0; i < 12; i++) {
      const c = await player('ul')
      const name = names[i % names.length] as string
      await c.call(PATHS.user, { code: 'ul', name, tel: '13900139000' })
      await c.award('ul')
      s.clock.now += 1000
    }
    await (await player('ul')).award('ul') // an anonymous winner
    const list = await (await player('ul')).call<UserlistData>(PATHS.userlist, { code: 'ul' }, { method: 'GET' })
    expect(list.body.data).toHaveLength(10)
    expect(list.body.data[0]?.wxname).toBe('匿名用户')
    const masked = new Set(list.body.data.map((w) => w.wxname))
    expect([...masked].sort()).toEqual(['B**', '匿名用户', '张*', '李**', '欧***'].sort())
    expect(JSON.stringify(list.body)).not.toContain('139')
  })
})

describe('marketer', () => {
  it('index with the key gives stock and counts and starts no chain', async () => {
    await addActivity(s.app, 'mk', config({ prize: sure({ chance: 100, sum: 4 }) }))
    await (await player('mk')).award('mk')
    const view = await new Client(s.app).call(PATHS.index, { code: 'mk' }, { headers: { 'x-marketer-key': MARKETER_KEY } })
    expect(view.body.data).toMatchObject({
      view: 'marketer',
      stock: [{ prize_id: 1, remaining: 3, won: 1 }],
      counts: { participants: 1, plays: 1, wins: 1, redeemed: 0 },
    })
    expect(view.headers.getSetCookie()).toEqual([])
    const denied = await new Client(s.app).call(PATHS.index, { code: 'mk' }, { headers: { 'x-marketer-key': 'wrong' } })
    expect(denied.body.code).toBe(Code.MARKETER_DENIED)
  })

  it('participants never see stock', async () => {
    await addActivity(s.app, 'pv', config())
    const data = (await (await player('pv')).enter('pv')).body.data as Record<string, unknown>
    expect(data.view).toBe('participant')
    expect(data).not.toHaveProperty('stock')
    expect(JSON.stringify(data)).not.toContain('remaining')
  })

  it('editing prizes swaps them atomically: kept ids keep what they gave, new ones get new ids, dropped ones cannot win', async () => {
    const saved = await addActivity(s.app, 'edit', config({ prize: sure({ chance: 100, sum: 5, name: '旧奖品' }) }))
    expect(saved.config.prize[0]?.id).toBe(1)
    await (await player('edit')).award('edit')

    const edited = await addActivity(s.app, 'edit', {
      ...config(),
      prize: [
        { id: 1, type: 'physical', name: '旧奖品', sum: 3, chance: 0 },
        { type: 'physical', name: '新奖品', sum: 2, chance: 100 },
      ],
    })
    expect(edited.config.prize.map((p) => p.id)).toEqual([1, 2])
    const view = await new Client(s.app).call<{ stock: unknown[] }>(PATHS.index, { code: 'edit', auth: MARKETER_KEY })
    expect(view.body.data.stock).toEqual([
      { prize_id: 1, remaining: 2, won: 1, paid_cents: 0 },
      { prize_id: 2, remaining: 2, won: 0, paid_cents: 0 },
    ])

    // Without ids the marketer means new prizes: the old one is retired.
    const replaced = await addActivity(s.app, 'edit', { ...config(), prize: [{ type: 'physical', name: '全新', sum: 1, chance: 100 }] })
    expect(replaced.config.prize.map((p) => p.id)).toEqual([3])
    const win = await (await player('edit')).award<AwardWinData>('edit')
    expect(win.body.data).toMatchObject({ prize_id: 3, prize_name: '全新' })
  })

  it('lists the activities, most recently saved first', async () => {
    await addActivity(s.app, 'first', config({ active_title: '第一个' }))
    s.clock.now += 1000
    await addActivity(s.app, 'second', config({ active_title: '第二个', template: 10 }))
    const list = await new Client(s.app).call(PATHS.list, { auth: MARKETER_KEY })
    const counts = { views: 0, participants: 0, plays: 0, wins: 0, forms: 0, redeemed: 0 }
    expect(list.body.data).toEqual([
      { code: 'second', active_title: '第二个', template: 10, status: 1, state: 'running', updated_at: T0 + 1000, counts },
      { code: 'first', active_title: '第一个', template: 11, status: 1, state: 'running', updated_at: T0, counts },
    ])
    expect((await new Client(s.app).call(PATHS.list, {})).body.code).toBe(Code.MARKETER_DENIED)
  })

  it('a new activity without a code gets one', async () => {
    const c = new Client(s.app)
    const answer = await c.call<{ code: string }>(PATHS.add, { ...config(), auth: MARKETER_KEY })
    expect(answer.body.data.code).toMatch(/^[a-z0-9]{8}$/)
    await c.enter(answer.body.data.code)
  })
})
