import { describe, expect, it } from 'vitest'
import { resultLines } from '../../../src/games/scratch-card/result'

describe('resultLines', () => {
  it('shows the amount of a red packet in yuan', () => {
    const r = resultLines({ kind: 'win', prizeId: 1, prizeName: '现金红包', prizeType: 'redpacket', amountCents: 1288, secret: '' })
    expect(r).toEqual({ eyebrow: '恭喜获得', headline: '12.88元', detail: '现金红包', win: true })
  })

  it('shows the prize name of other prizes', () => {
    const r = resultLines({ kind: 'win', prizeId: 2, prizeName: '保温杯', prizeType: 'physical', amountCents: 0, secret: '1234' })
    expect(r.headline).toBe('保温杯')
    expect(r.win).toBe(true)
  })

  it('shows 谢谢参与 for no win, and a short neutral line for the other outcomes', () => {
    expect(resultLines({ kind: 'no_award' }).headline).toBe('谢谢参与')
    for (const kind of ['have_award', 'no_times', 'game_over'] as const) {
      const r = resultLines({ kind })
      expect(r.win).toBe(false)
      expect(r.headline.length).toBeGreaterThan(0)
    }
    expect(resultLines({ kind: 'not_started', startsAt: null }).win).toBe(false)
  })
})
