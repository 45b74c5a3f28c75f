/**
 * Winners' names as the public list shows them (info/userlist, the preview's
 * marquee): one rule for the server and the page.
 */

/** Shown for a winner who never gave a name. */
export const ANONYMOUS_NAME = '匿名用户'

/** At most this many stars: a huge name cannot make a huge answer. */
const MAX_STARS = 3

/**
 * What cannot be shown safely: controls (NUL…), format characters (U+202E bidi
 * overrides, zero-width joiners), lone surrogates and combining marks (a mark
 * stacked on the kept character could smear over the stars).
 */
const UNSHOWABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{M}]/gu

/**
 * The first character kept, one star per other character, at most three:
 * '张三' → '张*', '李小明' → '李**', '欧阳娜娜' → '欧***', a 20-character name → 'X***'.
 * A name with nothing showable reads '匿名用户'.
 */
export function maskName(name: string | null | undefined): string {
  const chars = Array.from((name ?? '').replace(UNSHOWABLE, '').trim())
  if (chars.length === 0) return ANONYMOUS_NAME
  return chars[0] + '*'.repeat(Math.min(MAX_STARS, Math.max(1, chars.length - 1)))
}
