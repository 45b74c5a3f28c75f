/** Every tunable of the wheel, with its unit. Override any of them with a Partial in the constructor. */
export const WHEEL_DEFAULTS = {
  /** Cruise speed while waiting for the outcome, degrees per ms (1 = ~2.8 turns/s). */
  cruiseSpeed: 1.0,
  /** Time to reach the cruise speed from rest, ms. */
  accelMs: 450,
  /** The landing starts no earlier than this long after play(), ms: a fast draw still shows a spin. */
  minSpinMs: 900,
  /** Full extra turns before landing on the outcome, turns. */
  minTurns: 2,
  /** Landing point: a random spot inside the middle fraction of the segment (0–1), never near a border. */
  innerFraction: 0.7,
  /** After abort(): the deceleration lasts at least this long, ms (never an abrupt freeze). */
  abortMinMs: 1200,
  /** Below this speed (deg/ms) a landing plan uses it instead: a plan from rest would never end. */
  minPlanSpeed: 0.25,
  /** Celebration after landing before `settled`, ms. */
  celebrateMs: 900,
  /** Pointer wobble when a border passes it, degrees. */
  pointerKickDeg: 14,
  /** Pointer wobble decay time constant, ms. */
  pointerDecayMs: 90,
  /** Bulbs alternate every this many ms at rest, ms. */
  bulbIdleMs: 420,
  /** Bulbs alternate every this many ms while spinning or celebrating, ms. */
  bulbFastMs: 110,
  /** Number of bulbs on the rim. */
  bulbCount: 18,
  /** Least number of segments; padded with 谢谢参与 to an even count, alternating. */
  minSegments: 6,
  /** The wheel's diameter as a fraction of the smaller side of the stage. */
  fill: 0.94,
}

export type WheelDefaults = typeof WHEEL_DEFAULTS

/**
 * prefers-reduced-motion: a brief turn that still lands on the outcome — no extra
 * full turns, a short run-up, a short celebration, bulbs at their idle pace.
 */
export const WHEEL_REDUCED_MOTION: Partial<WheelDefaults> = {
  accelMs: 120,
  minSpinMs: 200,
  minTurns: 0,
  abortMinMs: 400,
  celebrateMs: 300,
  bulbFastMs: 420,
}

/** One draw of a multi-draw (连抽): a short run-up, one extra turn, a short celebration — N landings in a few seconds. */
export const WHEEL_BRISK: Partial<WheelDefaults> = {
  accelMs: 150,
  minSpinMs: 350,
  minTurns: 1,
  celebrateMs: 300,
}
