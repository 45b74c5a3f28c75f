import { describe, expect, it } from 'vitest'
import { cardLines } from '../../../src/games/red-packet/cardText'

describe('cardLines', () => {
  it('shows a red packet as ¥ and its amount, the prize name under it', () => {
    const lines = cardLines({ kind: 'win', prizeId: 1, prizeName: '现金红包', prizeType: 'redpacket', amountCents: 888, secret: '' })
    expect(lines).toMatchObject({ amount: '8.88', caption: '现金红包', win: true })
  })

  it('shows any other prize by name, with how to claim it', () => {
    const lines = cardLines({ kind: 'win', prizeId: 2, prizeName: '保温杯', prizeType: 'physical', amountCents: 0, secret: '1' })
    expect(lines).toMatchObject({ amount: null, main: '保温杯', win: true })
  })

  it('shows 谢谢参与 for every outcome that is not a win', () => {
    for (const outcome of [{ kind: 'no_award' }, { kind: 'no_times' }, { kind: 'not_started', startsAt: null }] as const) {
      expect(cardLines(outcome)).toMatchObject({ amount: null, main: '谢谢参与', win: false })
    }
  })
})
