/** Every tunable of the scratch card, with its unit. Override any of them with a Partial in the constructor. */
export const SCRATCH_DEFAULTS = {
  /** Coverage grid columns (cells across the scratch window). */
  gridCols: 32,
  /** Coverage grid rows. */
  gridRows: 20,
  /** Share of grid cells, 0–1, that must be scratched off before the card reveals itself. */
  threshold: 0.5,
  /** Brush radius, CSS px (about a fingertip). */
  brushRadius: 18,
  /** Distance between interpolated stamps as a fraction of the brush radius; capped at 0.5 so no gap shows. */
  spacingRatio: 0.4,
  /** Coating fade-out once revealed, ms. */
  revealFadeMs: 400,
  /** The headline's pop outlasts the fade by this much, ms. */
  popExtraMs: 200,
  /** The headline pops in from this fraction of its size. */
  popFrom: 0.85,
  /** Fresh coating fade-in after abort(), ms. */
  abortFadeMs: 300,
  /** Card width / height. */
  aspect: 1.6,
  /** Empty space around the card, CSS px. */
  margin: 12,
  /** Largest card width, CSS px. */
  maxWidth: 440,
  /** Least time between two `tick` events while scratching, ms (sound/haptics hook). */
  tickIntervalMs: 100,
  /** Period of the “开奖中…” pulse, ms. */
  pulseMs: 1200,
  /** Title above the window. */
  title: '刮开有奖',
  /** Hint printed on the coating. */
  hint: '刮一刮 赢大奖',
  /** Shown under the coating until the outcome is known. */
  pendingText: '开奖中…',
}

export type ScratchDefaults = typeof SCRATCH_DEFAULTS

/** prefers-reduced-motion: the coating goes in a blink once revealed, and the headline does not pop. */
export const SCRATCH_REDUCED_MOTION: Partial<ScratchDefaults> = {
  revealFadeMs: 120,
  popExtraMs: 0,
  popFrom: 1,
  abortFadeMs: 120,
}

/** One card of a multi-draw (连抽): it reveals itself (no scratching N cards by hand) with a short fade and pop. */
export const SCRATCH_BRISK: Partial<ScratchDefaults> = {
  revealFadeMs: 360,
  popExtraMs: 240,
}
