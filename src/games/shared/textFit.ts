/**
 * Pure text layout for short labels (prize names) in a box: wrap Chinese at any
 * character, keep Latin words and numbers whole, shrink the font until it fits.
 * The width measure is injected so this runs without a canvas (and is unit-tested).
 */

/** Width in px of `text` at font size `size`. */
export type MeasureText = (text: string, size: number) => number

export interface FitOptions {
  /** Box width, CSS px. */
  maxWidth: number
  /** At most this many lines. */
  maxLines: number
  /** Preferred font size, CSS px. */
  size: number
  /** Smallest font size allowed, CSS px; below it the last line is cut with '…'. */
  minSize: number
}

export interface FitResult {
  lines: string[]
  size: number
}

/** Break units: one CJK character, or a run of Latin letters/digits/punctuation. */
function tokens(text: string): string[] {
  return text.match(/[A-Za-z0-9.,%¥$+\-_/:]+|\s+|./gu) ?? []
}

/** Greedy wrap into lines no wider than maxWidth; null if it needs more than maxLines. */
export function wrapLines(text: string, maxWidth: number, maxLines: number, size: number, measure: MeasureText): string[] | null {
  const lines: string[] = []
  let line = ''
  for (const token of tokens(text.trim())) {
    const candidate = line + token
    if (line === '' || measure(candidate, size) <= maxWidth) {
      line = line === '' ? token.trimStart() : candidate
      continue
    }
    lines.push(line.trimEnd())
    line = token.trimStart()
  }
  if (line !== '') lines.push(line.trimEnd())
  // A single token wider than the box (a long number) does not fit at this size.
  if (lines.length > maxLines || lines.some((l) => measure(l, size) > maxWidth)) return null
  return lines
}

/** How many px a label may shrink to stay on one line before it wraps instead. */
const ONE_LINE_SHRINK = 3

/**
 * Fit a label: one line if it fits at most ONE_LINE_SHRINK px below `size`;
 * else the largest size ≥ minSize at which it wraps into maxLines lines of
 * balanced length (谢谢参与 → 谢谢/参与, not 谢谢参/与); else minSize, cut with '…'.
 */
export function fitText(text: string, options: FitOptions, measure: MeasureText): FitResult {
  const { maxWidth, maxLines, size, minSize } = options
  for (let s = size; s >= Math.max(minSize, size - ONE_LINE_SHRINK); s -= 1) {
    const lines = wrapLines(text, maxWidth, 1, s, measure)
    if (lines) return { lines, size: s }
  }
  for (let s = size; s >= minSize; s -= 1) {
    const lines = wrapLines(text, maxWidth, maxLines, s, measure)
    if (lines) return { lines: balance(text, lines.length, maxWidth, s, measure), size: s }
  }
  return { lines: truncate(text, maxWidth, maxLines, minSize, measure), size: minSize }
}

/** The narrowest wrap (binary search on the width) that still needs no more than `count` lines. */
function balance(text: string, count: number, maxWidth: number, size: number, measure: MeasureText): string[] {
  let lo = 0
  let hi = maxWidth
  let best = wrapLines(text, maxWidth, count, size, measure) ?? [text]
  while (hi - lo > 0.5) {
    const mid = (lo + hi) / 2
    const lines = wrapLines(text, mid, count, size, measure)
    if (lines) {
      best = lines
      hi = mid
    } else lo = mid
  }
  return best
}

function truncate(text: string, maxWidth: number, maxLines: number, size: number, measure: MeasureText): string[] {
  const lines: string[] = []
  let line = ''
  for (const ch of [...text.trim()]) {
    if (measure(line + ch, size) <= maxWidth) {
      line += ch
      continue
    }
    lines.push(line)
    line = ch
    if (lines.length === maxLines) break
  }
  if (lines.length < maxLines) lines.push(line)
  else {
    let last = lines[maxLines - 1] ?? ''
    while (last.length > 0 && measure(last + '…', size) > maxWidth) last = [...last].slice(0, -1).join('')
    lines[maxLines - 1] = last + '…'
  }
  return lines
}
