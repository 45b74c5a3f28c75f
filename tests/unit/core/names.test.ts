import { describe, expect, it } from 'vitest'
import { ANONYMOUS_NAME, maskName } from '../../../src/core/names'

describe('maskName', () => {
  it('keeps the first character and stars the rest, at most three stars', () => {
    expect(maskName('张')).toBe('张*')
    expect(maskName('张三')).toBe('张*')
    expect(maskName('王小明')).toBe('王**')
    expect(maskName('欧阳娜娜')).toBe('欧***')
    expect(maskName('Bob')).toBe('B**')
    expect(maskName('x'.repeat(100_000))).toBe('x***')
  })

  it('counts code points, not UTF-16 units', () => {
    expect(maskName('😀😀')).toBe('😀*')
  })

  it('reads an empty or missing name as anonymous', () => {
    expect(maskName('')).toBe(ANONYMOUS_NAME)
    expect(maskName('   ')).toBe(ANONYMOUS_NAME)
    expect(maskName(null)).toBe(ANONYMOUS_NAME)
    expect(maskName(undefined)).toBe(ANONYMOUS_NAME)
  })

  it('drops controls, format characters, lone surrogates and combining marks', () => {
    expect(maskName('\u0000王小明')).toBe('王**')
    expect(maskName('\u202E王小明')).toBe('王**')
    expect(maskName('\uD800李四')).toBe('李*')
    expect(maskName('e\u0301\u0301\u0301\u0301x')).toBe('e*')
    expect(maskName('\u200B\u0000\u202E\u0301')).toBe(ANONYMOUS_NAME)
  })
})
