/**
 * The festive palette every game draws with (red and gold, 新春 style).
 * Numbers for Pixi; `css()` for the few places that need a CSS colour string.
 */
export const THEME = {
  /** Deep crimson: outer rims, shadows. */
  redDeep: 0x9e0b0f,
  /** Main festive red. */
  red: 0xd9261c,
  /** Lighter red for gradients and alternating segments. */
  redLight: 0xf04a34,
  /** Warm pink-red for highlights on red. */
  redGlow: 0xff7a5c,
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
  /** Text colour on cream/gold. */
  textOnLight: 0xc41a12,
  /** Text colour on red. */
  textOnRed: 0xfff3c4,
  /** Neutral white. */
  white: 0xffffff,
  /** Shadow colour (used with low alpha). */
  shadow: 0x4a0004,
} as const

export type ThemeColor = keyof typeof THEME

/** '#rrggbb' for a Pixi colour number. */
export function css(color: number): string {
  return `#${color.toString(16).padStart(6, '0')}`
}
