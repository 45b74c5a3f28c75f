import { describe, expect, it } from 'vitest'
import { formatYuan, toCents, wireYuanText, yuanText } from '../../../src/core/money'

describe('toCents', () => {
  it.each([
    [0, 0],
    [8.88, 888],
    [0.29, 29], // 0.29*100 = 28.999999999999996
    [1.005, 101], // 1.005*100 = 100.49999999999999
    [0.07, 7],
    [19.99, 1999],
    [200, 20000],
    [0.5, 50],
    [1234567.89, 123456789],
    [-8.88, -888],
  ])('%s yuan → %s cents', (yuan, cents) => {
    expect(toCents(yuan)).toBe(cents)
  })

  it('refuses non-finite amounts', () => {
    expect(() => toCents(Number.NaN)).toThrow(RangeError)
    expect(() => toCents(Number.POSITIVE_INFINITY)).toThrow(RangeError)
  })
})

describe('formatYuan', () => {
  it.each([
    [888, '8.88'],
    [5, '0.05'],
    [50, '0.50'],
    [0, '0.00'],
    [20000, '200.00'],
    [-120, '-1.20'],
  ])('%s cents → %s', (cents, text) => {
    expect(formatYuan(cents)).toBe(text)
  })

  it('round-trips every cent up to 10 yuan', () => {
    for (let c = 0; c <= 1000; c++) expect(toCents(Number(formatYuan(c)))).toBe(c)
  })
})

describe('yuanText and wireYuanText', () => {
  it('prefix ¥; a wire 0.00 reads as no amount', () => {
    expect(yuanText(888)).toBe('¥8.88')
    expect(wireYuanText('8.88')).toBe('¥8.88')
    expect(wireYuanText('0.00')).toBe('')
  })
})
