// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { keyframes, type LayerState, type Track } from '../../../src/games/wheel/layers'

const look = (over: Partial<LayerState>): LayerState => ({ faceDeg: 0, highlightDeg: 0, highlightAlpha: 0, evenAlpha: 1, oddAlpha: 0.25, pointerDeg: 0, pressed: false, busy: true, ...over })
const times = (n: number, step = 10) => Array.from({ length: n }, (_, i) => 1000 + i * step)
const rotate = (deg: number) => `rotate(${deg}deg)`

describe('the keyframes the compositor plays', () => {
  it('a step track keeps only its changes, each held until the next', () => {
    const track: Track = { property: 'opacity', value: (l) => l.evenAlpha, format: String, discrete: true }
    const looks = [1, 1, 1, 0.25, 0.25, 1, 1].map((evenAlpha) => look({ evenAlpha }))
    expect(keyframes(track, times(7), looks)).toEqual([
      { offset: 0, opacity: '1', easing: 'steps(1, end)' },
      { offset: 0.5, opacity: '0.25', easing: 'steps(1, end)' },
      { offset: 5 / 6, opacity: '1', easing: 'steps(1, end)' },
      { offset: 1, opacity: '1' },
    ])
  })

  it('a steady turn is two keyframes; a slowing one keeps enough to stay within the tolerance', () => {
    const track: Track = { property: 'transform', value: (l) => l.faceDeg, format: rotate, tolerance: 0.05 }
    const steady = times(60).map((t) => look({ faceDeg: (t - 1000) * 1 }))
    expect(keyframes(track, times(60), steady)).toHaveLength(2)
    // An ease-out over 59 steps: more keyframes, and straight lines between them within 0.05° of every sample.
    const at = times(60)
    const slowing = at.map((t) => look({ faceDeg: 720 * (1 - (1 - (t - 1000) / 590) ** 3) }))
    const frames = keyframes(track, at, slowing)
    expect(frames.length).toBeGreaterThan(2)
    expect(frames.length).toBeLessThan(60)
    const kept = frames.map((f) => ({ t: 1000 + (f.offset as number) * 590, v: Number(/rotate\((.*)deg\)/.exec(String(f.transform))?.[1]) }))
    for (const [i, t] of at.entries()) {
      const j = kept.findIndex((k) => k.t >= t - 1e-6)
      const b = kept[j] as { t: number; v: number }
      const a = kept[Math.max(0, j - 1)] as { t: number; v: number }
      const line = b.t === a.t ? b.v : a.v + ((b.v - a.v) * (t - a.t)) / (b.t - a.t)
      expect(Math.abs(line - (slowing[i] as LayerState).faceDeg)).toBeLessThanOrEqual(0.05 + 1e-9)
    }
  })

  it('an angle the state wraps by a whole turn is unwrapped: the wheel never turns back', () => {
    const track: Track = { property: 'transform', value: (l) => l.faceDeg, format: rotate, tolerance: 0.05, wraps: true }
    const looks = [700, 710, 719.5, 0].map((faceDeg) => look({ faceDeg }))
    const frames = keyframes(track, times(4), looks)
    expect(frames[frames.length - 1]?.transform).toBe(rotate(720))
  })
})
