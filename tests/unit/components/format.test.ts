import { describe, expect, it } from 'vitest'
import { countText } from '../../../src/components/format'

describe('countText', () => {
  it('groups thousands as en-US does', () => {
    for (const n of [0, 7, 999, 1000, 12345, 999999, 1000000, 1234567890]) expect(countText(n)).toBe(n.toLocaleString('en-US'))
  })

  it('shows whole, non-negative counts', () => {
    expect(countText(1234.9)).toBe('1,234')
    expect(countText(-5)).toBe('0')
  })
})
