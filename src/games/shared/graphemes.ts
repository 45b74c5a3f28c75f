/**
 * Split text into what a reader sees as characters (grapheme clusters), for Pixi's text measuring and letter
 * spacing (vite.config.ts puts this in place of CanvasTextMetrics.graphemeSegmenter).
 *
 * Pixi builds an `Intl.Segmenter` when its text module is evaluated: ICU's break rules load then, 19–41 ms of the
 * main thread in a fresh Chromium page, in the middle of every game page's start-up. Our labels are Chinese, Latin
 * letters and digits, where every code point is a character of its own; only text with a joining code point
 * (a combining mark, an emoji's modifier or joiner, a variation selector, a CR before LF...) needs the segmenter,
 * and it is built then, once.
 */

/**
 * Text made only of code points that never join their neighbours into one character: ASCII but CR, Latin-1 and
 * Latin Extended up to the spacing modifiers (combining marks start at U+0300), general punctuation and symbols but
 * ZWNJ / ZWJ and the combining marks for symbols (U+20D0–20FF, the keycap among them), CJK punctuation, kana and
 * ideographs but the ideographic tone marks and kana voicing marks, Hangul syllables (not the conjoining jamo),
 * fullwidth forms but the halfwidth voicing marks.
 */
const SIMPLE = /^[\t\n\u0020-\u007e\u00a0-\u02ff\u2000-\u200b\u200e-\u20cf\u2100-\u2bff\u3000-\u3029\u3030-\u3098\u309b-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff\uff00-\uff9d\uffa0-\uffef]*$/

let segmenter: { segment(text: string): Iterable<{ segment: string }> } | false | null = null

export function splitGraphemes(text: string): string[] {
  if (SIMPLE.test(text)) return text.split('')
  if (segmenter === null) {
    const Segmenter = (Intl as { Segmenter?: new () => NonNullable<typeof segmenter> }).Segmenter
    segmenter = typeof Segmenter === 'function' ? new Segmenter() : false
  }
  if (!segmenter) return Array.from(text)
  const out: string[] = []
  for (const part of segmenter.segment(text)) out.push(part.segment)
  return out
}
