/**
 * The festive red and gold the games draw with, as Pixi colour numbers.
 *
 * PALETTE mirrors the page's theme tokens in src/styles/theme.css: key `goldLight`
 * is `--lt-gold-light`, and so on (tests/unit/wheel/palette.test.ts keeps them equal).
 * ACCENTS are the few shades only the canvas uses; the page has no token for them.
 */
export const PALETTE = {
  /** Deep crimson: outer rims, shadows. */
  redDeep: 0x9e0b0f,
  /** Main festive red. */
  red: 0xd9261c,
  /** Lighter red for gradients and alternating segments. */
  redLight: 0xf04a34,
  /** Deep gold: strokes on gold, text on cream. */
  goldDeep: 0xb8741a,
  /** Main gold. */
  gold: 0xf7b733,
  /** Light gold / champagne highlights. */
  goldLight: 0xffe08a,
  /** Cream, for light segments and cards. */
  cream: 0xfff6e0,
  /** Slightly darker cream for alternating light segments. */
  creamDeep: 0xffe9bd,
  /** Text colour on red. */
  textOnRed: 0xfff7d6,
} as const

export const ACCENTS = {
  /** Warm pink-red for highlights on red. */
  redGlow: 0xff7a5c,
  /** Bright red for the prize on cream and gold (louder than the page's --lt-text). */
  prizeRed: 0xc41a12,
  /** Neutral white: highlights, and the untinted tint. */
  white: 0xffffff,
  /** Shadow colour (used with low alpha); the page's --lt-card-shadow is the same rgb. */
  shadow: 0x4a0004,
} as const

/** Gold from light to deep, with the main gold at `mid` (0–1): the stops of every gold gradient. */
export function goldStops(mid = 0.5): { offset: number; color: number }[] {
  return [
    { offset: 0, color: PALETTE.goldLight },
    { offset: mid, color: PALETTE.gold },
    { offset: 1, color: PALETTE.goldDeep },
  ]
}
