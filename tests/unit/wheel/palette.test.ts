import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { PALETTE } from '../../../src/games/shared/palette'

const css = readFileSync(new URL('../../../src/styles/theme.css', import.meta.url), 'utf8')

/** `goldLight` → the value of `--lt-gold-light` in theme.css, as a number. */
function token(key: string): number | undefined {
  const name = `--lt-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`
  const match = new RegExp(`${name}:\\s*#([0-9a-f]{6})\\s*;`, 'i').exec(css)
  return match ? Number.parseInt(match[1]!, 16) : undefined
}

describe('PALETTE', () => {
  it.each(Object.entries(PALETTE))('%s equals its theme.css token', (key, color) => {
    expect(token(key)?.toString(16)).toBe(color.toString(16))
  })
})
