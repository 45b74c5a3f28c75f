/** Pure layout of the scratch card: where it sits in the canvas and where its parts sit in it. CSS px. */

/** An axis-aligned box, CSS px. */
export interface Box {
  x: number
  y: number
  width: number
  height: number
}

export interface FitOptions {
  /** Card width / height. */
  aspect: number
  /** Empty space kept on every side of the card, CSS px. */
  margin: number
  /** Largest card width, CSS px (a desktop window must not get a poster-sized card). */
  maxWidth: number
}

/**
 * The largest card of the given aspect that fits the area minus margins, centred,
 * in whole CSS px (so textures and the coverage grid map onto whole pixels).
 */
export function fitCard(areaWidth: number, areaHeight: number, options: FitOptions): Box {
  const { aspect, margin, maxWidth } = options
  const availW = Math.max(0, areaWidth - 2 * margin)
  const availH = Math.max(0, areaHeight - 2 * margin)
  const width = Math.max(1, Math.floor(Math.min(availW, availH * aspect, maxWidth)))
  const height = Math.max(1, Math.floor(width / aspect))
  return {
    x: Math.round((areaWidth - width) / 2),
    y: Math.round((areaHeight - height) / 2),
    width,
    height,
  }
}

/** The card's parts, in card-local CSS px. */
export interface CardParts {
  /** Corner radius of the outer frame. */
  radius: number
  /** The band at the top holding the title. */
  title: Box
  /** The scratch window (coating and, under it, the result). */
  scratch: Box
  /** Corner radius of the scratch window. */
  scratchRadius: number
}

/**
 * Split a card into its title band and scratch window. Proportional to the card
 * width so the art looks the same on every phone.
 */
export function cardParts(width: number, height: number): CardParts {
  const pad = Math.round(width * 0.06)
  const titleH = Math.round(height * 0.2)
  const top = pad + titleH
  return {
    radius: Math.round(width * 0.05),
    title: { x: pad, y: pad, width: width - 2 * pad, height: titleH },
    scratch: { x: pad, y: top, width: width - 2 * pad, height: height - top - pad },
    scratchRadius: Math.round(width * 0.03),
  }
}

/** Font sizes under the coating, fractions of the scratch window's height. */
export const WINDOW_TYPE = {
  /** 开奖中… */
  pending: 0.15,
  /** The headline of a win, and of anything else. */
  headlineWin: 0.26,
  headline: 0.22,
  /** Nothing smaller than this. */
  minimum: 0.11,
  eyebrow: 0.11,
  detail: 0.1,
  /** Between two lines. */
  gap: 0.04,
  /** The headline's widest line, fraction of the window's width. */
  headlineWidth: 0.86,
}

/** Centre y of each line, stacked around the middle of a window `height` tall with `gap` between them. */
export function stackCentred(heights: readonly number[], gap: number, height: number): number[] {
  const total = heights.reduce((sum, h) => sum + h, 0) + gap * Math.max(0, heights.length - 1)
  let y = height / 2 - total / 2
  return heights.map((h) => {
    const centre = y + h / 2
    y += h + gap
    return centre
  })
}
