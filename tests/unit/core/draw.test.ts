import { describe, expect, it } from 'vitest'
import type { ActivityConfig } from '../../../src/core/activity'
import type { DrawInput, ParticipantCounters } from '../../../src/core/draw'
import { draw, initialStock, randomPacketCents } from '../../../src/core/draw'
import { seededRandom } from '../../../src/core/random'
import { IN_FIRST, cst, makeConfig, makePrize } from '../../helpers/activity'
import { scripted } from '../../helpers/random'

const FRESH: ParticipantCounters = { plays: 0, playsInWindow: 0, winsInWindow: 0 }

function input(config: ActivityConfig, fields: Partial<DrawInput> = {}): DrawInput {
  return { config, now: IN_FIRST, participant: FRESH, stock: initialStock(config), ...fields }
}

const noRandom = () => {
  throw new Error('a refusal must not draw')
}

describe('draw: refusals, in the seed order', () => {
  // Every limit is hit at once; each row lifts the one before to show the next check.
  const config = makeConfig({ max_play: 3, max_eplay: 2 })
  const exhausted: ParticipantCounters = { plays: 3, playsInWindow: 2, winsInWindow: 1 }

  it('status 0 → game_over, before anything else', () => {
    const d = draw(input({ ...config, status: 0 }, { participant: exhausted }), noRandom)
    expect(d.outcome).toEqual({ kind: 'game_over' })
    expect(d.consumesPlay).toBe(false)
    expect(d.win).toBeNull()
  })

  it('after the last window → game_over', () => {
    const d = draw(input(config, { now: cst('2025-06-04 00:00'), participant: exhausted }), noRandom)
    expect(d.outcome).toEqual({ kind: 'game_over' })
    expect(d.window).toEqual({ phase: 'after' })
    expect(d.consumesPlay).toBe(false)
  })

  it('no windows at all → game_over', () => {
    expect(draw(input({ ...config, active_time: [] }), noRandom).outcome).toEqual({ kind: 'game_over' })
  })

  it('before the first window → not_started with its start', () => {
    const d = draw(input(config, { now: cst('2025-05-31 23:59'), participant: exhausted }), noRandom)
    expect(d.outcome).toEqual({ kind: 'not_started', startsAt: cst('2025-06-01 00:00') })
    expect(d.consumesPlay).toBe(false)
  })

  it('between windows → not_started with the next start', () => {
    const d = draw(input(config, { now: cst('2025-06-02 08:00'), participant: exhausted }), noRandom)
    expect(d.outcome).toEqual({ kind: 'not_started', startsAt: cst('2025-06-03 00:00') })
  })

  it('max_play used up → no_times (before have_award)', () => {
    const d = draw(input(config, { participant: exhausted }), noRandom)
    expect(d.outcome).toEqual({ kind: 'no_times' })
    expect(d.consumesPlay).toBe(false)
  })

  it('max_eplay used up in this window → no_times', () => {
    const d = draw(input(config, { participant: { plays: 2, playsInWindow: 2, winsInWindow: 1 } }), noRandom)
    expect(d.outcome).toEqual({ kind: 'no_times' })
  })

  it('already won in this window → have_award', () => {
    const d = draw(input(config, { participant: { plays: 1, playsInWindow: 1, winsInWindow: 1 } }), noRandom)
    expect(d.outcome).toEqual({ kind: 'have_award' })
    expect(d.consumesPlay).toBe(false)
  })

  it('0 limits mean unlimited', () => {
    const open = makeConfig({ max_play: 0, max_eplay: 0 })
    const d = draw(input(open, { participant: { plays: 999, playsInWindow: 999, winsInWindow: 0 } }), scripted(0))
    expect(d.outcome.kind).toBe('win')
  })

  it('chances over 100% → no_award without drawing, and the play counts', () => {
    const over = makeConfig({ prize: [makePrize(1, { chance: 60 }), makePrize(2, { chance: 40.1 })] })
    const d = draw(input(over), noRandom)
    expect(d.outcome).toEqual({ kind: 'no_award' })
    expect(d.consumesPlay).toBe(true)
    expect(d.win).toBeNull()
  })
})

describe('draw: pools', () => {
  const config = makeConfig({
    prize: [makePrize(1, { chance: 10 }), makePrize(2, { chance: 0 }), makePrize(3, { chance: 20.5 })],
  })

  it.each([
    [0, 1],
    [0.0999, 1], // r = 99
    [0.1, 3], // r = 100: the 0% prize has an empty range
    [0.3049, 3], // r = 304
    [0.305, null], // r = 305: no pool
    [0.9999, null],
  ])('random %s lands on prize %s', (value, prizeId) => {
    const d = draw(input(config), scripted(value))
    if (prizeId === null) {
      expect(d.outcome).toEqual({ kind: 'no_award' })
      expect(d.consumesPlay).toBe(true)
    } else {
      expect(d.outcome).toEqual({
        kind: 'win',
        prizeId,
        prizeName: `奖品${prizeId}`,
        prizeType: 'physical',
        amountCents: 0,
        secret: '',
      })
      expect(d.win).toEqual({ prizeId, amountCents: 0, stockDelta: 1 })
      expect(d.consumesPlay).toBe(true)
      expect(d.window).toMatchObject({ phase: 'open', index: 0 })
    }
  })

  it('an empty pool is a loss, never redirected to another pool', () => {
    const stock = new Map([
      [1, 0],
      [3, 5],
    ])
    const d = draw(input(config, { stock }), scripted(0.05))
    expect(d.outcome).toEqual({ kind: 'no_award' })
    expect(d.win).toBeNull()
  })

  it('a prize missing from the stock map has no stock', () => {
    expect(draw(input(config, { stock: new Map() }), scripted(0)).outcome.kind).toBe('no_award')
  })

  it('100% means everyone wins', () => {
    const all = makeConfig({ prize: [makePrize(1, { chance: 33.3 }), makePrize(2, { chance: 66.7 })] })
    expect(draw(input(all), scripted(0.99999)).outcome).toMatchObject({ kind: 'win', prizeId: 2 })
  })
})

describe('draw: red packets', () => {
  const fixed = makePrize(1, { type: 'redpacket', name: '8.88元红包', sum: 3, money: 8.88, chance: 50 })
  const random = makePrize(2, { type: 'redpacket', name: '随机红包', sum: 0, money: 200, min: 0.5, max: 20, chance: 50 })
  const config = makeConfig({ prize: [fixed, random] })

  it('starts with a count for fixed packets and the total in cents for random ones', () => {
    expect(initialStock(config)).toEqual(
      new Map([
        [1, 3],
        [2, 20000],
      ]),
    )
  })

  it('a fixed packet pays its money and uses one from stock', () => {
    const d = draw(input(config), scripted(0.1))
    expect(d.outcome).toMatchObject({ kind: 'win', prizeId: 1, prizeType: 'redpacket', amountCents: 888 })
    expect(d.win).toEqual({ prizeId: 1, amountCents: 888, stockDelta: 1 })
  })

  it('a random packet pays min..max inclusive, and uses its amount from stock', () => {
    expect(draw(input(config), scripted(0.6, 0)).win).toEqual({ prizeId: 2, amountCents: 50, stockDelta: 50 })
    expect(draw(input(config), scripted(0.6, 0.999999)).win).toEqual({ prizeId: 2, amountCents: 2000, stockDelta: 2000 })
  })

  it('a random packet never pays more than what is left', () => {
    const stock = new Map([
      [1, 3],
      [2, 120],
    ])
    expect(draw(input(config, { stock }), scripted(0.6, 0.999999)).win?.amountCents).toBe(120)
  })

  it('a random packet whose remainder is below min is empty', () => {
    const stock = new Map([
      [1, 3],
      [2, 49],
    ])
    expect(draw(input(config, { stock }), scripted(0.6)).outcome).toEqual({ kind: 'no_award' })
  })

  it('drains a random packet within [min, max] and never beyond its total', () => {
    const only = makeConfig({ prize: [{ ...random, chance: 100 }] })
    const stock = initialStock(only)
    const rnd = seededRandom(2024)
    let paid = 0
    let wins = 0
    for (let i = 0; i < 10_000; i++) {
      const d = draw(input(only, { stock }), rnd)
      if (!d.win) break
      expect(d.win.amountCents).toBeGreaterThanOrEqual(50)
      expect(d.win.amountCents).toBeLessThanOrEqual(2000)
      expect(d.win.amountCents).toBeLessThanOrEqual(stock.get(2) as number)
      stock.set(2, (stock.get(2) as number) - d.win.stockDelta)
      paid += d.win.amountCents
      wins += 1
    }
    expect(stock.get(2)).toBeLessThan(50)
    expect(paid + (stock.get(2) as number)).toBe(20000)
    expect(wins).toBeGreaterThan(10)
  })

  it('randomPacketCents covers the whole range', () => {
    const seen = new Set<number>()
    const rnd = seededRandom(1)
    for (let i = 0; i < 2000; i++) seen.add(randomPacketCents({ min: 0.01, max: 0.05 }, 1000, rnd) as number)
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5])
    expect(randomPacketCents({ min: 0.5, max: 20 }, 10, rnd)).toBeNull()
  })
})
