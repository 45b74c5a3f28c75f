import { describe, expect, it } from 'vitest'
import { LocalDraw, forcedBatchPresets } from '../../../src/core/localDraw'
import { batchFromMulti, landingsOf, refusalOutcome } from '../../../src/core/multiDraw'
import { IN_FIRST, makeConfig, makePrize } from '../../helpers/activity'
import { always } from '../../helpers/random'

const LOSE = always(0.99)
const WIN_FIRST = always(0)

describe('LocalDraw.playMany (the preview’s 连抽)', () => {
  it('draws N under the same limits as N single plays, and stops at the first refusal', () => {
    const local = new LocalDraw(makeConfig({ max_play: 2 }), { random: LOSE, now: () => IN_FIRST })
    const batch = local.playMany(3)
    expect(batch.outcomes).toEqual([{ kind: 'no_award' }, { kind: 'no_award' }])
    expect(batch.stopped?.outcome).toEqual({ kind: 'no_times' })
    expect(local.chancesLeft()).toBe(0)
  })

  it('a win ends the batch at 本场已中奖 (one win per 场次) and takes stock like a single win', () => {
    const config = makeConfig({ prize: [makePrize(1, { sum: 1, chance: 100 })] })
    const local = new LocalDraw(config, { random: WIN_FIRST, now: () => IN_FIRST })
    const batch = local.playMany(3)
    expect(batch.outcomes).toHaveLength(1)
    expect(batch.outcomes[0]?.kind).toBe('win')
    expect(batch.stopped?.outcome).toEqual({ kind: 'have_award' })
  })

  it('follows a forced list draw by draw, once', () => {
    const config = makeConfig({ prize: [makePrize(1, { sum: 5, chance: 0 }), makePrize(2, { sum: 5, chance: 0 })] })
    const local = new LocalDraw(config, { random: LOSE, now: () => IN_FIRST })
    const presets = forcedBatchPresets(config.prize)
    local.forceBatch(presets.find((p) => p.label.includes(config.prize[1]!.name))!.batch)
    const first = local.playMany(3)
    expect(first.outcomes[0]).toMatchObject({ kind: 'win', prizeId: 2 })
    expect(first.stopped?.outcome).toEqual({ kind: 'have_award' })
    local.forceBatch(presets.at(-1)!.batch)
    const second = local.playMany(3)
    expect(second.outcomes).toEqual([{ kind: 'no_award' }])
    expect(second.stopped?.outcome).toEqual({ kind: 'no_times' })
    // Used once: the next batch is drawn by the rules (have_award: one win per 场次).
    expect(local.playMany(3).stopped?.outcome).toEqual({ kind: 'have_award' })
    expect(() => local.forceBatch([{ kind: 'win', prizeId: 99 }])).toThrow(RangeError)
  })
})

describe('multiDraw: the server’s answer as the page shows it', () => {
  it('maps results and the refusal', () => {
    const batch = batchFromMulti({
      results: [
        { code: 200, win: { prize_id: 3, prize_name: '帆布袋', prize_type: 'physical', money: '0.00', secret: '998877', amount_cents: 0 } },
      ],
      stopped: { code: 1002, msg: '本场已中奖' },
      plays_left: 4,
    })
    expect(batch.outcomes).toEqual([{ kind: 'win', prizeId: 3, prizeName: '帆布袋', prizeType: 'physical', amountCents: 0, secret: '998877' }])
    expect(batch.stopped).toEqual({ outcome: { kind: 'have_award' }, msg: '本场已中奖' })
    expect(landingsOf(batch)).toEqual(batch.outcomes)
    expect(landingsOf({ outcomes: [], stopped: { outcome: { kind: 'game_over' }, msg: '' } })).toEqual([{ kind: 'game_over' }])
    expect(refusalOutcome(4029)).toBeNull()
    expect(refusalOutcome(1004)).toEqual({ kind: 'not_started', startsAt: null })
  })
})
