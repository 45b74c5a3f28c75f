import { describe, expect, it } from 'vitest'
import { splitGraphemes } from '../../../src/games/shared/graphemes'

const segmenter = new Intl.Segmenter()
const icu = (text: string): string[] => Array.from(segmenter.segment(text), (s) => s.segment)

/** Every code point the fast path takes (see SIMPLE in graphemes.ts). */
function simpleCodePoints(): number[] {
  const ranges: [number, number][] = [
    [0x09, 0x0a], [0x20, 0x7e], [0xa0, 0x2ff], [0x2000, 0x200b], [0x200e, 0x20cf], [0x2100, 0x2bff], [0x3000, 0x3029], [0x3030, 0x3098],
    [0x309b, 0x30ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xff00, 0xff9d], [0xffa0, 0xffef],
  ]
  const out: number[] = []
  for (const [from, to] of ranges) for (let c = from; c <= to; c++) out.push(c)
  return out
}

describe('splitGraphemes (Pixi text measuring)', () => {
  it('splits as ICU does where it takes the fast path: no code point of it joins a neighbour', () => {
    const points = simpleCodePoints()
    // Each beside letters, ideographs and each other (a sample of pairs: every point, next to a random one).
    let seed = 7
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646
    for (const c of points) {
      const ch = String.fromCharCode(c)
      const other = String.fromCharCode(points[Math.floor(random() * points.length)]!)
      for (const text of [`a${ch}b`, `中${ch}文`, `${ch}${other}`, `${other}${ch}`]) {
        const got = splitGraphemes(text)
        if (got.length !== icu(text).length) expect(got, `U+${c.toString(16)} in ${JSON.stringify(text)}`).toEqual(icu(text))
      }
    }
  })

  it('text with joining code points goes to ICU: emoji with modifiers and joiners, combining marks, CR LF, keycaps', () => {
    for (const text of ['幸运👨‍👩‍👧大奖', '❤️🎁', '👍🏽x', 'e\u0301', 'a\r\nb', '1\ufe0f\u20e3', '🇨🇳', 'ｶﾞ', '가\u11a8']) {
      expect(splitGraphemes(text), JSON.stringify(text)).toEqual(icu(text))
    }
  })

  it('keeps the usual labels as their characters', () => {
    expect(splitGraphemes('一等奖 iPhone 15')).toEqual([...'一等奖 iPhone 15'])
    expect(splitGraphemes('谢谢参与')).toEqual(['谢', '谢', '参', '与'])
    expect(splitGraphemes('')).toEqual([])
  })
})
