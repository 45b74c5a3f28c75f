import { describe, expect, it } from 'vitest'
import { CUES, RECIPES, cueSeconds, renderCue } from '../../../src/audio/cues'

const seeded = (seed = 1) => () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646

describe('cues', () => {
  it('renders every cue as short, audible, unclipped samples', () => {
    for (const cue of CUES) {
      const samples = renderCue(cue, 44100, seeded())
      expect(samples.length).toBe(Math.ceil(cueSeconds(cue) * 44100))
      let peak = 0
      for (const s of samples) peak = Math.max(peak, Math.abs(s))
      expect(peak, cue).toBeGreaterThan(0.05)
      expect(peak, cue).toBeLessThan(1)
      expect(Number.isFinite(samples.reduce((a, b) => a + b, 0))).toBe(true)
    }
  })

  it('keeps the repeated cues short (a tick must end before the next segment passes)', () => {
    expect(cueSeconds('segment')).toBeLessThanOrEqual(0.05)
    expect(cueSeconds('scratch')).toBeLessThanOrEqual(0.1)
    expect(cueSeconds('win')).toBeLessThan(1)
  })

  it('fades each cue out to silence (no click at the end)', () => {
    for (const cue of CUES) {
      const samples = renderCue(cue, 22050, seeded())
      const tail = samples.slice(-16)
      for (const s of tail) expect(Math.abs(s), cue).toBeLessThan(0.01)
    }
  })

  it('the win rises and the no-win falls', () => {
    const pitches = (cue: 'win' | 'lose') => RECIPES[cue].map((v) => v.to ?? v.freq)
    const win = pitches('win')
    const lose = pitches('lose')
    expect(win[win.length - 1]).toBeGreaterThan(win[0]!)
    expect(lose[lose.length - 1]).toBeLessThan(lose[0]!)
  })
})
