import { describe, expect, it } from 'vitest'
import { NO_PRIZE_LABEL } from '../../../src/core/activity'
import type { GamePrize } from '../../../src/games/shared/Game'
import { buildSegments } from '../../../src/games/wheel/segments'

const prizes = (n: number): GamePrize[] =>
  Array.from({ length: n }, (_, i) => ({ id: 100 + i, name: `奖品${i}`, type: 'virtual', money: 0, img: '' }))

describe('buildSegments', () => {
  it.each([0, 1, 2, 3, 4, 5, 6, 7, 9, 12])('%i prizes: even count ≥ 6, each prize exactly once, indices in order', (n) => {
    const segments = buildSegments(prizes(n))
    expect(segments.length % 2).toBe(0)
    expect(segments.length).toBeGreaterThanOrEqual(6)
    expect(segments.map((s) => s.index)).toEqual(segments.map((_, i) => i))
    const ids = segments.map((s) => s.prizeId).filter((id) => id !== null)
    expect(ids.sort()).toEqual(prizes(n).map((p) => p.id))
    expect(segments.some((s) => s.prizeId === null)).toBe(true)
    for (const s of segments.filter((x) => x.prizeId === null)) expect(s.label).toBe(NO_PRIZE_LABEL)
  })

  it('alternates prize and 谢谢参与 when there are up to 6 prizes', () => {
    for (const n of [3, 4, 5, 6]) {
      const kinds = buildSegments(prizes(n)).map((s) => (s.prizeId === null ? 'N' : 'P'))
      expect(kinds.join('')).toBe('PN'.repeat(n))
    }
  })

  it('spreads few prizes evenly, never two side by side', () => {
    expect(buildSegments(prizes(1)).map((s) => (s.prizeId === null ? 'N' : 'P')).join('')).toBe('PNNNNN')
    expect(buildSegments(prizes(2)).map((s) => (s.prizeId === null ? 'N' : 'P')).join('')).toBe('PNNPNN')
  })

  it('keeps the wheel readable with many prizes: half as many 谢谢参与', () => {
    const segments = buildSegments(prizes(9))
    expect(segments.filter((s) => s.prizeId === null)).toHaveLength(5)
    expect(segments).toHaveLength(14)
  })

  it('alternates colours so neighbours always differ', () => {
    const segments = buildSegments(prizes(5))
    segments.forEach((s, i) => expect(s.fill).not.toBe(segments[(i + 1) % segments.length]!.fill))
  })

  it('keeps the prize fields and labels a nameless prize as no prize text', () => {
    const [s] = buildSegments([{ id: 7, name: '  电影票 ', type: 'virtual', money: 0, img: 'a.png' }])
    expect(s).toMatchObject({ label: '电影票', prizeId: 7, prizeType: 'virtual', img: 'a.png' })
  })
})
