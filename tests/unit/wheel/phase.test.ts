import { describe, expect, it } from 'vitest'
import { Phase } from '../../../src/games/shared/Phase'
import { easeOutQuad } from '../../../src/games/shared/easing'

describe('Phase', () => {
  it('times the phase it is in, from 0 again on every change', () => {
    const phase = new Phase<'a' | 'b'>('a')
    phase.advance(120)
    expect([phase.is, phase.ms, phase.over(120), phase.over(121)]).toEqual(['a', 120, true, false])
    phase.to('a')
    expect(phase.ms).toBe(0)
    phase.to('b')
    phase.advance(50)
    expect(phase.progress(200)).toBe(0.25)
    expect(phase.progress(200, easeOutQuad)).toBeCloseTo(easeOutQuad(0.25))
    phase.advance(500)
    expect(phase.progress(200)).toBe(1)
  })
})
