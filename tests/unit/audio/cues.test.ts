import { describe, expect, it } from 'vitest'
import { CUES, RECIPES, RENDER_BLOCK, cueSeconds, renderCue, renderCueSteps } from '../../../src/audio/cues'

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

  it('renders in steps of a block of samples each, to the same samples', () => {
    for (const cue of CUES) {
      const steps = renderCueSteps(cue, 22050, seeded())
      let pauses = 0
      let step = steps.next()
      while (!step.done) {
        pauses++
        step = steps.next()
      }
      const whole = renderCue(cue, 22050, seeded())
      expect(step.value, cue).toEqual(whole)
      // Each voice and the limiter pause once per block they fill.
      const voiceSamples = RECIPES[cue].reduce((n, v) => n + Math.floor(v.dur * 22050), 0)
      expect(pauses, cue).toBeGreaterThanOrEqual(Math.floor((voiceSamples + whole.length) / RENDER_BLOCK) - RECIPES[cue].length - 1)
    }
  })
})
