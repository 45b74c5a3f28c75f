import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

/** The theme's text colours against the backgrounds they are set on meet WCAG AA (4.5:1 for body text). */

const theme = readFileSync(new URL('../../../src/styles/theme.css', import.meta.url), 'utf8')
const token = (name: string): string => {
  const m = new RegExp(`--${name}:\\s*(#[0-9a-f]{6})`, 'i').exec(theme)
  if (!m) throw new Error(`no --${name}`)
  return m[1]!
}

/** WCAG 2.x relative luminance of an sRGB #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi! + 0.05) / (lo! + 0.05)
}

describe('theme contrast', () => {
  it.each([
    ['lt-text-on-red', 'lt-red'],
    ['lt-text', 'lt-cream'],
    ['lt-text', 'lt-cream-deep'],
    ['lt-text-soft', 'lt-cream'],
  ])('--%s on --%s is at least 4.5:1', (fg, bg) => {
    expect(contrast(token(fg), token(bg))).toBeGreaterThanOrEqual(4.5)
  })
})
