import { describe, expect, it } from 'vitest'
import { cardParts, fitCard, stackCentred } from '../../../src/games/scratch-card/layout'

const opts = { aspect: 1.6, margin: 12, maxWidth: 420 }

describe('fitCard', () => {
  it('fills a phone-wide area, keeping the aspect and the margins, centred', () => {
    const b = fitCard(390, 400, opts)
    expect(b.width).toBe(366)
    expect(b.height).toBe(Math.floor(366 / 1.6))
    expect(b.x).toBe(12)
    expect(b.y).toBe(Math.round((400 - b.height) / 2))
  })

  it('is limited by the height in a short, wide area', () => {
    const b = fitCard(800, 224, opts)
    expect(b.height).toBe(200)
    expect(b.width).toBe(320)
    expect(b.x).toBe(240)
  })

  it('never exceeds the maximum width', () => {
    expect(fitCard(2000, 2000, opts).width).toBe(420)
  })

  it('always yields whole pixels and at least 1×1', () => {
    const b = fitCard(333.3, 211.7, opts)
    for (const v of [b.x, b.y, b.width, b.height]) expect(Number.isInteger(v)).toBe(true)
    const tiny = fitCard(0, 0, opts)
    expect(tiny.width).toBeGreaterThanOrEqual(1)
    expect(tiny.height).toBeGreaterThanOrEqual(1)
  })
})

describe('cardParts', () => {
  it('puts the title band above the scratch window, both inside the card', () => {
    const w = 366
    const h = 228
    const p = cardParts(w, h)
    expect(p.title.y + p.title.height).toBeLessThanOrEqual(p.scratch.y)
    expect(p.scratch.x).toBeGreaterThan(0)
    expect(p.scratch.x + p.scratch.width).toBeLessThan(w)
    expect(p.scratch.y + p.scratch.height).toBeLessThan(h)
    // The scratch window is most of the card.
    expect(p.scratch.width * p.scratch.height).toBeGreaterThan(0.5 * w * h)
  })
})

describe('stackCentred', () => {
  it('centres the lines together in the window, gaps between them', () => {
    expect(stackCentred([20, 40, 20], 5, 200)).toEqual([65, 100, 135])
    expect(stackCentred([30], 5, 100)).toEqual([50])
  })
})
