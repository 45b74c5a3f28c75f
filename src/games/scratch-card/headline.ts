import { fitText } from '../shared/textFit'
import type { FitResult } from '../shared/textFit'
import { measureWith } from '../shared/textStyle'

const measureHeadline = measureWith({ weight: 'bold', letterSpacing: 2 })

/**
 * One line if it fits at ≥ 70% of the preferred size; else two lines of about
 * equal width (never a lone character on the second line).
 */
export function fitHeadline(text: string, maxWidth: number, size: number, minSize: number): FitResult {
  const one = fitText(text, { maxWidth, maxLines: 1, size, minSize: Math.max(minSize, Math.round(size * 0.7)) }, measureHeadline)
  if (one.lines.length === 1 && !one.lines[0]!.endsWith('…')) return one
  const twoSize = Math.max(minSize, Math.round(size * 0.8))
  const balanced = Math.min(maxWidth, (measureHeadline(text, twoSize) / 2) * 1.15)
  const two = fitText(text, { maxWidth: balanced, maxLines: 2, size: twoSize, minSize }, measureHeadline)
  return two.lines.some((l) => l.endsWith('…')) ? fitText(text, { maxWidth, maxLines: 2, size: twoSize, minSize }, measureHeadline) : two
}
