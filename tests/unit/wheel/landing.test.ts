import { describe, expect, it } from 'vitest'
import type { Outcome } from '../../../src/core/outcome'
import { seededRandom } from '../../../src/core/random'
import type { GamePrize } from '../../../src/games/shared/Game'
import {
  landingAngle,
  landingSpeed,
  mod,
  planLanding,
  planNeutralStop,
  positionInSegment,
  segmentUnderPointer,
  targetSegment,
} from '../../../src/games/wheel/landing'
import { buildSegments } from '../../../src/games/wheel/segments'

const prize = (id: number, name = `奖品${id}`): GamePrize => ({ id, name, type: 'physical', money: 0, img: '' })

describe('segmentUnderPointer', () => {
  it('reads the segment at the top for a wheel at rest and as it turns clockwise', () => {
    expect(segmentUnderPointer(0, 8)).toBe(0)
    // Turning the wheel clockwise by a bit brings the LAST segment under the pointer.
    expect(segmentUnderPointer(1, 8)).toBe(7)
    expect(segmentUnderPointer(-1, 8)).toBe(0)
    expect(segmentUnderPointer(-46, 8)).toBe(1)
    expect(segmentUnderPointer(360 * 5 - 50, 8)).toBe(1)
  })
})

describe('planLanding', () => {
  it('stops inside the target segment, away from its borders, for many random draws', () => {
    const random = seededRandom(42)
    for (let i = 0; i < 5000; i++) {
      const count = 6 + 2 * Math.floor(random() * 6)
      const segmentIndex = Math.floor(random() * count)
      const plan = planLanding({
        rotation: (random() - 0.5) * 1e5,
        speed: 0.2 + random() * 2,
        segmentCount: count,
        segmentIndex,
        minDistance: 720,
        innerFraction: 0.7,
        random,
      })
      expect(segmentUnderPointer(plan.to, count)).toBe(segmentIndex)
      const pos = positionInSegment(plan.to, count)
      expect(pos).toBeGreaterThanOrEqual(0.15 - 1e-9)
      expect(pos).toBeLessThanOrEqual(0.85 + 1e-9)
      expect(Math.abs(pos - plan.fraction)).toBeLessThan(1e-6)
      expect(plan.distance).toBeGreaterThanOrEqual(720)
      expect(plan.distance).toBeLessThan(720 + 360)
      expect(plan.durationMs).toBeGreaterThan(0)
      expect(landingAngle(plan, plan.durationMs)).toBe(plan.to)
    }
  })

  it('covers the whole middle of the segment, not one spot', () => {
    const random = seededRandom(7)
    const fractions = Array.from({ length: 400 }, () =>
      planLanding({ rotation: 0, speed: 1, segmentCount: 8, segmentIndex: 3, minDistance: 720, innerFraction: 0.7, random }).fraction,
    )
    expect(Math.min(...fractions)).toBeLessThan(0.2)
    expect(Math.max(...fractions)).toBeGreaterThan(0.8)
  })

  it('starts at the cruise speed (no jolt at the hand-off) and ends at rest', () => {
    const speed = 1.2
    const plan = planLanding({ rotation: 123, speed, segmentCount: 10, segmentIndex: 4, minDistance: 720, innerFraction: 0.7, random: seededRandom(1) })
    const h = 1e-3
    const numericStart = (landingAngle(plan, h) - landingAngle(plan, 0)) / h
    expect(numericStart).toBeCloseTo(speed, 3)
    expect(landingSpeed(plan, 0)).toBeCloseTo(speed, 10)
    const end = plan.durationMs
    expect((landingAngle(plan, end) - landingAngle(plan, end - h)) / h).toBeCloseTo(0, 3)
    expect(landingSpeed(plan, end)).toBe(0)
    // T = 3D/v for easeOutCubic
    expect(plan.durationMs).toBeCloseTo((3 * plan.distance) / speed, 9)
  })

  it('only ever moves forward and never overshoots', () => {
    const plan = planLanding({ rotation: 10, speed: 1, segmentCount: 8, segmentIndex: 2, minDistance: 720, innerFraction: 0.7, random: seededRandom(3) })
    let last = plan.from
    for (let t = 0; t <= plan.durationMs + 50; t += 7) {
      const a = landingAngle(plan, t)
      expect(a).toBeGreaterThanOrEqual(last)
      expect(a).toBeLessThanOrEqual(plan.to)
      last = a
    }
  })

  it('refuses a plan from rest', () => {
    expect(() =>
      planLanding({ rotation: 0, speed: 0, segmentCount: 8, segmentIndex: 0, minDistance: 0, innerFraction: 0.7, random: () => 0.5 }),
    ).toThrow(RangeError)
  })
})

describe('targetSegment', () => {
  const segments = buildSegments([prize(11), prize(12), prize(13)])
  const win = (prizeId: number): Outcome => ({ kind: 'win', prizeId, prizeName: '', prizeType: 'physical', amountCents: 0, secret: '' })

  it('picks the won prize segment', () => {
    for (const id of [11, 12, 13]) {
      const index = targetSegment(segments, win(id), Math.random)
      expect(segments[index]!.prizeId).toBe(id)
    }
  })

  it('picks a 谢谢参与 segment for every other outcome, and for a prize not on the wheel', () => {
    const random = seededRandom(9)
    const outcomes: Outcome[] = [{ kind: 'no_award' }, { kind: 'have_award' }, { kind: 'no_times' }, { kind: 'game_over' }, win(99)]
    const seen = new Set<number>()
    for (const outcome of outcomes) {
      for (let i = 0; i < 50; i++) {
        const index = targetSegment(segments, outcome, random)
        expect(segments[index]!.prizeId).toBeNull()
        seen.add(index)
      }
    }
    expect(seen.size).toBe(segments.filter((s) => s.prizeId === null).length)
  })
})

describe('planNeutralStop', () => {
  it('comes to rest at the centre of the nearest 谢谢参与 segment at least minDistance ahead', () => {
    const segments = buildSegments([prize(1), prize(2), prize(3), prize(4)])
    const random = seededRandom(5)
    for (let i = 0; i < 500; i++) {
      const rotation = random() * 3600
      const plan = planNeutralStop(rotation, 1, segments, 400)
      const index = segmentUnderPointer(plan.to, segments.length)
      expect(segments[index]!.prizeId).toBeNull()
      expect(positionInSegment(plan.to, segments.length)).toBeCloseTo(0.5, 6)
      expect(plan.distance).toBeGreaterThanOrEqual(400)
      // nearest: no other blank segment centre lies between minDistance and the chosen stop
      const w = 360 / segments.length
      expect(plan.distance).toBeLessThan(400 + 2 * w + 1e-9)
      expect(landingSpeed(plan, 0)).toBeCloseTo(1, 9)
    }
  })
})

it('mod is always non-negative', () => {
  expect(mod(-1, 360)).toBe(359)
  expect(mod(721, 360)).toBe(1)
})
