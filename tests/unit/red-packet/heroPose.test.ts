import { describe, expect, it } from 'vitest'
import { RED_PACKET_DEFAULTS as O } from '../../../src/games/red-packet/defaults'
import { heroPose } from '../../../src/games/red-packet/heroPose'
import type { HeroStage } from '../../../src/games/red-packet/heroPose'

const stage = (over: Partial<HeroStage> = {}): HeroStage => ({
  width: 390,
  height: 700,
  heroScale: 0.9,
  openY: 400,
  from: { x: 40, y: 100, rotation: 0.3, scale: 0.2 },
  open: false,
  ...over,
})
const held = { x: 195, y: 700 * O.heldY }

describe('heroPose', () => {
  it('flies from the tapped packet to the held spot, upright and full size', () => {
    const s = stage()
    const start = heroPose('fly', 0, s, O)
    for (const key of ['x', 'y', 'rotation', 'scale'] as const) expect(start[key]).toBeCloseTo(s.from[key])
    const end = heroPose('fly', O.flyMs, s, O)
    expect(end.x).toBeCloseTo(held.x)
    expect(end.y).toBeCloseTo(held.y)
    expect(end.rotation).toBeCloseTo(0)
    expect(end.scale).toBeCloseTo(s.heroScale)
    // Past the end it stays there (the phase may overrun by a frame).
    expect(heroPose('fly', O.flyMs * 2, s, O)).toEqual(end)
  })

  it('wobbles in place while waiting, never past shakeAngle', () => {
    for (let ms = 0; ms < 3000; ms += 7) {
      const p = heroPose('wait', ms, stage(), O)
      expect([p.x, p.y]).toEqual([held.x, held.y])
      expect(Math.abs(p.rotation)).toBeLessThanOrEqual(O.shakeAngle)
      expect(p.scale).toBeLessThanOrEqual(0.9 * (1 + O.shakeSwell) + 1e-9)
    }
  })

  it('rises from the held spot to the opened centre while opening, then stays', () => {
    const s = stage()
    expect(heroPose('open', 0, s, O).y).toBeCloseTo(held.y)
    expect(heroPose('open', O.openMs, s, O).y).toBeCloseTo(s.openY)
    for (const phase of ['card', 'hold', 'done'] as const) expect(heroPose(phase, 123, s, O)).toEqual({ x: 195, y: 400, rotation: 0, scale: 0.9, alpha: 1 })
  })

  it('a closed packet fades out where it is; an opened one drops away, opaque', () => {
    const from = { x: 195, y: 300, rotation: 0.1, scale: 0.9 }
    const closed = heroPose('abort', O.abortMs, stage({ from }), O)
    expect(closed.alpha).toBeCloseTo(0)
    expect(closed.y).toBeCloseTo(300 + O.fadeDrop)
    expect(closed.scale).toBeCloseTo(0.9 * O.fadeScale)
    const opened = heroPose('leave', O.resetMs, stage({ from, open: true }), O)
    expect(opened.alpha).toBe(1)
    expect(opened.y).toBeCloseTo(300 + 700 * O.leaveDrop)
    expect(opened.rotation).toBeCloseTo(0)
    expect(heroPose('leave', 0, stage({ from, open: true }), O)).toEqual({ ...from, alpha: 1 })
  })
})
