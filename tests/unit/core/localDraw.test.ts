import { describe, expect, it } from 'vitest'
import type { DrawResult, Outcome } from '../../../src/core/outcome'
import { LocalDraw } from '../../../src/core/localDraw'
import { seededRandom } from '../../../src/core/random'
import { IN_FIRST, IN_SECOND, cst, makeConfig, makePrize } from '../../helpers/activity'
import { always } from '../../helpers/random'

/** The outcome of a play that is not the info form. */
function outcomeOf(result: DrawResult): Outcome {
  if (!('outcome' in result)) throw new Error('expected an outcome, got need_info')
  return result.outcome
}

const LOSE = always(0.99)
const WIN_FIRST = always(0)

describe('LocalDraw: limits and windows', () => {
  it('counts plays against max_play and reports chances left', () => {
    const local = new LocalDraw(makeConfig({ max_play: 2 }), { random: LOSE, now: () => IN_FIRST })
    expect(local.chancesLeft()).toBe(2)
    expect(outcomeOf(local.play())).toEqual({ kind: 'no_award' })
    expect(local.chancesLeft()).toBe(1)
    expect(outcomeOf(local.play())).toEqual({ kind: 'no_award' })
    expect(local.chancesLeft()).toBe(0)
    expect(outcomeOf(local.play())).toEqual({ kind: 'no_times' })
    expect(local.chancesLeft()).toBe(0)
  })

  it('null chances when unlimited', () => {
    expect(new LocalDraw(makeConfig(), { now: () => IN_FIRST }).chancesLeft()).toBeNull()
  })

  it('max_eplay resets in the next window; max_play does not', () => {
    let now = IN_FIRST
    const local = new LocalDraw(makeConfig({ max_play: 3, max_eplay: 2 }), { random: LOSE, now: () => now })
    local.play()
    local.play()
    expect(outcomeOf(local.play())).toEqual({ kind: 'no_times' })
    now = IN_SECOND
    expect(local.chancesLeft()).toBe(1)
    expect(outcomeOf(local.play())).toEqual({ kind: 'no_award' })
    expect(outcomeOf(local.play())).toEqual({ kind: 'no_times' })
  })

  it('outside a window only max_play limits the chances left (as the server)', () => {
    const local = new LocalDraw(makeConfig({ max_play: 5, max_eplay: 3 }), { random: LOSE, now: () => cst('2025-06-02 12:00') })
    expect(local.chancesLeft()).toBe(5)
    expect(new LocalDraw(makeConfig({ max_eplay: 3 }), { now: () => cst('2025-06-02 12:00') }).chancesLeft()).toBeNull()
  })

  it('one win per window: have_award until the next window', () => {
    let now = IN_FIRST
    const local = new LocalDraw(makeConfig(), { random: WIN_FIRST, now: () => now })
    expect(outcomeOf(local.play())).toMatchObject({ kind: 'win', prizeId: 1 })
    expect(outcomeOf(local.play())).toEqual({ kind: 'have_award' })
    now = IN_SECOND
    expect(outcomeOf(local.play())).toMatchObject({ kind: 'win', prizeId: 1 })
  })

  it('runs out of stock', () => {
    let now = IN_FIRST
    const config = makeConfig({ prize: [makePrize(1, { sum: 1, chance: 100 })] })
    const local = new LocalDraw(config, { random: WIN_FIRST, now: () => now })
    expect(outcomeOf(local.play()).kind).toBe('win')
    now = IN_SECOND
    expect(outcomeOf(local.play())).toEqual({ kind: 'no_award' })
  })

  it('reports not_started and game_over from the clock', () => {
    let now = cst('2025-05-01 00:00')
    const local = new LocalDraw(makeConfig(), { random: LOSE, now: () => now })
    expect(outcomeOf(local.play())).toEqual({ kind: 'not_started', startsAt: cst('2025-06-01 00:00') })
    now = cst('2025-07-01 00:00')
    expect(outcomeOf(local.play())).toEqual({ kind: 'game_over' })
  })

  it('reset restores stock and counters', () => {
    const config = makeConfig({ max_play: 1, prize: [makePrize(1, { sum: 1, chance: 100 })] })
    const local = new LocalDraw(config, { random: WIN_FIRST, now: () => IN_FIRST })
    expect(outcomeOf(local.play()).kind).toBe('win')
    expect(outcomeOf(local.play())).toEqual({ kind: 'no_times' })
    local.reset()
    expect(local.chancesLeft()).toBe(1)
    expect(outcomeOf(local.play()).kind).toBe('win')
  })
})

describe('LocalDraw: forced outcomes', () => {
  const packet = makePrize(2, { type: 'redpacket', name: '随机红包', sum: 0, money: 200, min: 0.5, max: 20, chance: 10 })
  const fixed = makePrize(3, { type: 'redpacket', name: '8.88元红包', sum: 5, money: 8.88, chance: 10 })
  const config = () => makeConfig({ max_play: 5, prize: [makePrize(1), packet, fixed] })

  it.each(['no_award', 'have_award', 'no_times', 'game_over'] as const)('forces %s for the next play only', (kind) => {
    const local = new LocalDraw(config(), { random: WIN_FIRST, now: () => IN_FIRST })
    local.force({ kind })
    expect(outcomeOf(local.play())).toEqual({ kind })
    expect(outcomeOf(local.play())).toMatchObject({ kind: 'win', prizeId: 1 })
  })

  it('forced no_award uses a play; forced refusals do not', () => {
    const local = new LocalDraw(config(), { random: LOSE, now: () => IN_FIRST })
    local.force({ kind: 'no_times' })
    local.play()
    expect(local.chancesLeft()).toBe(5)
    local.force({ kind: 'no_award' })
    local.play()
    expect(local.chancesLeft()).toBe(4)
  })

  it('forces not_started with the next start when there is one', () => {
    const local = new LocalDraw(config(), { now: () => IN_FIRST })
    local.force({ kind: 'not_started' })
    expect(outcomeOf(local.play())).toEqual({ kind: 'not_started', startsAt: null })
    const early = new LocalDraw(config(), { now: () => cst('2025-05-01 00:00') })
    early.force({ kind: 'not_started' })
    expect(outcomeOf(early.play())).toEqual({ kind: 'not_started', startsAt: cst('2025-06-01 00:00') })
  })

  it('forces need_info without using a play', () => {
    const local = new LocalDraw(config(), { random: LOSE, now: () => IN_FIRST })
    local.force({ kind: 'need_info' })
    expect(local.play()).toEqual({ needInfo: true })
    expect(local.chancesLeft()).toBe(5)
    expect(outcomeOf(local.play())).toEqual({ kind: 'no_award' })
  })

  it('forces a win of a chosen prize, which then counts as this window’s win', () => {
    const local = new LocalDraw(config(), { random: LOSE, now: () => IN_FIRST })
    local.force({ kind: 'win', prizeId: 3 })
    expect(outcomeOf(local.play())).toEqual({
      kind: 'win',
      prizeId: 3,
      prizeName: '8.88元红包',
      prizeType: 'redpacket',
      amountCents: 888,
      secret: '',
    })
    expect(local.chancesLeft()).toBe(4)
    expect(outcomeOf(local.play())).toEqual({ kind: 'have_award' })
  })

  it('a forced random red packet gets a valid amount', () => {
    const random = seededRandom(9)
    for (let i = 0; i < 50; i++) {
      const local = new LocalDraw(config(), { random, now: () => IN_FIRST })
      local.force({ kind: 'win', prizeId: 2 })
      const outcome = outcomeOf(local.play())
      if (outcome.kind !== 'win') throw new Error('expected a win')
      expect(outcome.amountCents).toBeGreaterThanOrEqual(50)
      expect(outcome.amountCents).toBeLessThanOrEqual(2000)
    }
  })

  it('forces a win even when the window is closed (a preview of the screen)', () => {
    const local = new LocalDraw(config(), { now: () => cst('2030-01-01 00:00') })
    local.force({ kind: 'win', prizeId: 1 })
    expect(outcomeOf(local.play())).toMatchObject({ kind: 'win', prizeId: 1 })
  })

  it('force(null) cancels; reset cancels; an unknown prize throws', () => {
    const local = new LocalDraw(config(), { random: LOSE, now: () => IN_FIRST })
    local.force({ kind: 'game_over' })
    local.force(null)
    expect(outcomeOf(local.play())).toEqual({ kind: 'no_award' })
    local.force({ kind: 'game_over' })
    local.reset()
    expect(outcomeOf(local.play())).toEqual({ kind: 'no_award' })
    expect(() => local.force({ kind: 'win', prizeId: 99 })).toThrow(RangeError)
  })
})
