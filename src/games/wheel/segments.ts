import { NO_PRIZE_LABEL } from '../../core/activity'
import type { PrizeType } from '../../core/activity'
import type { GamePrize } from '../shared/Game'
import { ACCENTS, PALETTE } from '../shared/palette'

/** One slice of the wheel. Segment i spans [i·w, (i+1)·w) degrees clockwise from the pointer at rest, w = 360/count. */
export interface Segment {
  index: number
  label: string
  /** The prize this segment wins, or null for 谢谢参与. */
  prizeId: number | null
  prizeType: PrizeType | null
  /** Prize image URL or ''. */
  img: string
  /** Fill colour (alternates by index so neighbours always differ). */
  fill: number
  /** Label colour readable on `fill`. */
  text: number
}

/** Most prizes for which each prize is paired with its own 谢谢参与; above it, half as many no-prize segments. */
const PAIRED_MAX = 6

/**
 * The wheel's segments: every prize once, spread evenly, with 谢谢参与 segments in
 * between; an even count ≥ minSegments so the colours alternate all the way round.
 */
export function buildSegments(prizes: readonly GamePrize[], minSegments = 6): Segment[] {
  const p = prizes.length
  const blanks = p <= PAIRED_MAX ? Math.max(p, minSegments - p) : Math.ceil(p / 2)
  let count = p + blanks
  if (count % 2 === 1) count += 1
  const prizeAt = new Map<number, GamePrize>()
  prizes.forEach((prize, i) => prizeAt.set(Math.round((i * count) / p), prize))
  return Array.from({ length: count }, (_, index) => {
    const prize = prizeAt.get(index)
    const light = index % 2 === 0
    return {
      index,
      label: prize ? prize.name.trim() || NO_PRIZE_LABEL : NO_PRIZE_LABEL,
      prizeId: prize ? prize.id : null,
      prizeType: prize ? prize.type : null,
      img: prize ? prize.img : '',
      fill: light ? PALETTE.cream : PALETTE.redLight,
      text: light ? ACCENTS.prizeRed : PALETTE.textOnRed,
    }
  })
}
