/**
 * Pure wheel motion: which segment is under the pointer, where to land, and the
 * ease-out that lands there starting at the current speed.
 *
 * Angles are degrees, clockwise; `rotation` is the wheel's rotation (it spins
 * forward, i.e. increasing). The pointer is fixed at the top; segment i covers
 * [i·w, (i+1)·w) in wheel coordinates, w = 360 / count.
 */
import type { Outcome } from '../../core/outcome'
import { START_SLOPE, easeOutCubic } from '../shared/easing'
import type { Segment } from './segments'

/** Positive remainder. */
export function mod(a: number, n: number): number {
  return ((a % n) + n) % n
}

/** Index of the segment under the pointer when the wheel is at `rotation`. */
export function segmentUnderPointer(rotation: number, count: number): number {
  const w = 360 / count
  return Math.min(count - 1, Math.floor(mod(-rotation, 360) / w))
}

/** Where inside its segment the pointer is at `rotation`: 0 at the leading border, 1 at the trailing one. */
export function positionInSegment(rotation: number, count: number): number {
  const w = 360 / count
  const a = mod(-rotation, 360) / w
  return a - Math.floor(a)
}

/**
 * The segment to land on: the won prize's segment, or a random 谢谢参与 segment
 * for every other outcome. A win whose prize is not on the wheel (config changed
 * under us) lands on a no-prize segment rather than on a wrong prize.
 */
export function targetSegment(segments: readonly Segment[], outcome: Outcome, random: () => number): number {
  if (outcome.kind === 'win') {
    const won = segments.find((s) => s.prizeId === outcome.prizeId)
    if (won) return won.index
  }
  const blanks = segments.filter((s) => s.prizeId === null)
  const pool = blanks.length > 0 ? blanks : segments
  return pool[Math.min(pool.length - 1, Math.floor(random() * pool.length))]!.index
}

export interface LandingInput {
  /** Current rotation, degrees. */
  rotation: number
  /** Current speed, degrees per ms (> 0). */
  speed: number
  segmentCount: number
  segmentIndex: number
  /** Travel at least this far before stopping, degrees. */
  minDistance: number
  /** The stop is uniformly random within the middle `innerFraction` of the segment (0–1). */
  innerFraction: number
  /** Uniform [0, 1). */
  random: () => number
}

/** An ease-out from `from` to `to` (degrees) lasting `durationMs`, whose start speed is the input speed. */
export interface LandingPlan {
  from: number
  to: number
  distance: number
  durationMs: number
  /** Where in the segment the stop is, 0–1 (for tests and debugging). */
  fraction: number
}

/**
 * Plan the landing. With easeOutCubic, d(t) = D·(1 − (1 − t/T)³) starts at
 * speed 3D/T, so matching the current speed v gives T = 3D/v: no jolt at hand-off.
 */
export function planLanding(input: LandingInput): LandingPlan {
  const { rotation, speed, segmentCount, segmentIndex, minDistance, innerFraction, random } = input
  if (!(speed > 0)) throw new RangeError('landing needs a positive speed')
  const w = 360 / segmentCount
  const margin = (1 - innerFraction) / 2
  const fraction = margin + random() * innerFraction
  // The pointer reads wheel angle mod(−rotation): stop where that is (index + fraction)·w.
  const residue = mod(-(segmentIndex + fraction) * w, 360)
  const earliest = rotation + minDistance
  const to = earliest + mod(residue - earliest, 360)
  const distance = to - rotation
  return { from: rotation, to, distance, durationMs: (START_SLOPE.easeOutCubic * distance) / speed, fraction }
}

/** Rotation `elapsedMs` into the plan; exactly `to` once it is over. */
export function landingAngle(plan: LandingPlan, elapsedMs: number): number {
  if (elapsedMs >= plan.durationMs) return plan.to
  return plan.from + plan.distance * easeOutCubic(elapsedMs / plan.durationMs)
}

/** Speed `elapsedMs` into the plan, degrees per ms (the derivative of landingAngle). */
export function landingSpeed(plan: LandingPlan, elapsedMs: number): number {
  if (elapsedMs >= plan.durationMs) return 0
  const u = 1 - Math.max(0, elapsedMs) / plan.durationMs
  return ((START_SLOPE.easeOutCubic * plan.distance) / plan.durationMs) * u * u
}

/**
 * A graceful stop after an error: the nearest 谢谢参与 centre at least
 * `minDistance` ahead, so the wheel never rests on a prize it did not win.
 */
export function planNeutralStop(
  rotation: number,
  speed: number,
  segments: readonly Segment[],
  minDistance: number,
): LandingPlan {
  const blanks = segments.filter((s) => s.prizeId === null)
  const pool = blanks.length > 0 ? blanks : segments
  let best: LandingPlan | null = null
  for (const s of pool) {
    const plan = planLanding({
      rotation,
      speed,
      segmentCount: segments.length,
      segmentIndex: s.index,
      minDistance,
      innerFraction: 0,
      random: () => 0,
    })
    if (!best || plan.distance < best.distance) best = plan
  }
  return best!
}
