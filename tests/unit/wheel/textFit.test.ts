import { describe, expect, it } from 'vitest'
import { fitText, wrapLines } from '../../../src/games/shared/textFit'
import type { MeasureText } from '../../../src/games/shared/textFit'

/** A CJK character is 1 em, a Latin character or digit half an em. */
const measure: MeasureText = (text, size) => [...text].reduce((w, ch) => w + (/[\x20-\x7e]/.test(ch) ? 0.5 : 1) * size, 0)

describe('fitText', () => {
  it('keeps a short label on one line at the preferred size', () => {
    expect(fitText('一等奖', { maxWidth: 60, maxLines: 2, size: 16, minSize: 10 }, measure)).toEqual({ lines: ['一等奖'], size: 16 })
  })

  it('shrinks a little before wrapping', () => {
    // 4 chars × 15 = 60 fits at 15 px
    expect(fitText('谢谢参与', { maxWidth: 60, maxLines: 2, size: 16, minSize: 10 }, measure)).toEqual({ lines: ['谢谢参与'], size: 15 })
  })

  it('wraps into balanced lines rather than leaving one character alone', () => {
    const fit = fitText('谢谢参与', { maxWidth: 50, maxLines: 2, size: 16, minSize: 10 }, measure)
    expect(fit).toEqual({ lines: ['谢谢', '参与'], size: 16 })
  })

  it('keeps Latin words and numbers whole', () => {
    const fit = fitText('iPhone 16 Pro', { maxWidth: 60, maxLines: 2, size: 16, minSize: 10 }, measure)
    expect(fit.lines.join('|')).not.toMatch(/iPh\||Pr\|/)
    for (const line of fit.lines) expect(measure(line, fit.size)).toBeLessThanOrEqual(60)
  })

  it('never exceeds the box, and cuts with … when even the smallest size is too big', () => {
    const box = { maxWidth: 50, maxLines: 2, size: 16, minSize: 10 }
    const fit = fitText('这是一个非常非常非常长的奖品名称一二三四五', box, measure)
    expect(fit.size).toBe(10)
    expect(fit.lines).toHaveLength(2)
    expect(fit.lines[1]!.endsWith('…')).toBe(true)
    for (const line of fit.lines) expect(measure(line, fit.size)).toBeLessThanOrEqual(50)
  })
})

describe('wrapLines', () => {
  it('returns null when more lines are needed', () => {
    expect(wrapLines('一二三四五六', 20, 2, 10, measure)).toBeNull()
    expect(wrapLines('一二三四', 20, 2, 10, measure)).toEqual(['一二', '三四'])
  })
})
