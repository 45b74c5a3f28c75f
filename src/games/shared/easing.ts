/**
 * Easing curves on normalised time t ∈ [0, 1] → progress ∈ [0, 1] (except
 * easeOutBack, which overshoots). Pure; shared by every game's tweens.
 */
export type Easing = (t: number) => number

const clamp01 = (t: number): number => (t <= 0 ? 0 : t >= 1 ? 1 : t)

export const linear: Easing = (t) => clamp01(t)
export const easeOutQuad: Easing = (t) => 1 - (1 - clamp01(t)) ** 2
export const easeInCubic: Easing = (t) => clamp01(t) ** 3
/** Start slope 3: a hand-off from speed v over distance D lasts T = 3D/v. */
export const easeOutCubic: Easing = (t) => 1 - (1 - clamp01(t)) ** 3
/** Start slope 4: a hand-off from speed v over distance D lasts T = 4D/v. */
export const easeOutQuart: Easing = (t) => 1 - (1 - clamp01(t)) ** 4
export const easeInOutCubic: Easing = (t) => {
  const x = clamp01(t)
  return x < 0.5 ? 4 * x ** 3 : 1 - (-2 * x + 2) ** 3 / 2
}
export const easeInOutSine: Easing = (t) => -(Math.cos(Math.PI * clamp01(t)) - 1) / 2
/** Overshoots by ~10% then settles: pops and bounces. */
export const easeOutBack: Easing = (t) => {
  const c1 = 1.70158
  const c3 = c1 + 1
  const x = clamp01(t) - 1
  return 1 + c3 * x ** 3 + c1 * x ** 2
}

/** The slope at t = 0 of the ease-outs above, for velocity-matched hand-offs. */
export const START_SLOPE = { easeOutQuad: 2, easeOutCubic: 3, easeOutQuart: 4 } as const

/** Linear interpolation. */
export function lerp(a: number, b: number, t: number): number {
  return a + (b - a) * t
}
