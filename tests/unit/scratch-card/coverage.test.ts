import { describe, expect, it } from 'vitest'
import { CoverageGrid, stampsBetween } from '../../../src/games/scratch-card/coverage'

describe('stampsBetween', () => {
  it('returns nothing when the pointer did not move', () => {
    expect(stampsBetween({ x: 5, y: 5 }, { x: 5, y: 5 }, 4)).toEqual([])
  })

  it('ends exactly on the new sample and excludes the previous one', () => {
    const s = stampsBetween({ x: 0, y: 0 }, { x: 10, y: 0 }, 4)
    expect(s.at(-1)).toEqual({ x: 10, y: 0 })
    expect(s[0]!.x).toBeGreaterThan(0)
  })

  it('never leaves a gap wider than the spacing, even for a long fast stroke', () => {
    const a = { x: 3, y: 7 }
    const b = { x: 303, y: 187 }
    const spacing = 5
    const s = stampsBetween(a, b, spacing)
    let prev = a
    for (const p of s) {
      expect(Math.hypot(p.x - prev.x, p.y - prev.y)).toBeLessThanOrEqual(spacing + 1e-9)
      prev = p
    }
    // Not more stamps than needed either: the work is proportional to the stroke length.
    expect(s.length).toBe(Math.ceil(Math.hypot(300, 180) / spacing))
  })

  it('keeps stamps on the segment', () => {
    for (const p of stampsBetween({ x: 0, y: 0 }, { x: -20, y: 40 }, 3)) {
      expect(p.y).toBeCloseTo(-2 * p.x, 9)
    }
  })

  it('refuses a non-positive spacing (it would loop forever)', () => {
    expect(() => stampsBetween({ x: 0, y: 0 }, { x: 1, y: 1 }, 0)).toThrow(RangeError)
  })
})

describe('CoverageGrid', () => {
  it('starts covered', () => {
    const g = new CoverageGrid(32, 20, 320, 200)
    expect(g.coverage).toBe(0)
    expect(g.reached(0.5)).toBe(false)
  })

  it('marks the cells whose centre lies in the circle', () => {
    // 10×10 px cells; a circle of radius 10 at (50, 50) covers centres (45|55, 45|55) and not (35, 45).
    const g = new CoverageGrid(10, 10, 100, 100)
    expect(g.markCircle(50, 50, 10)).toBe(4)
    expect(g.isCleared(4, 4) && g.isCleared(5, 4) && g.isCleared(4, 5) && g.isCleared(5, 5)).toBe(true)
    expect(g.isCleared(3, 4)).toBe(false)
    expect(g.coverage).toBeCloseTo(4 / 100)
  })

  it('counts a cell once however often it is stamped', () => {
    const g = new CoverageGrid(10, 10, 100, 100)
    g.markCircle(50, 50, 10)
    expect(g.markCircle(50, 50, 10)).toBe(0)
    expect(g.coverage).toBeCloseTo(0.04)
  })

  it('marks the cell under a brush smaller than a cell', () => {
    const g = new CoverageGrid(4, 4, 100, 100)
    expect(g.markCircle(10, 10, 1)).toBe(1)
    expect(g.isCleared(0, 0)).toBe(true)
  })

  it('ignores the parts of a stamp outside the card', () => {
    const g = new CoverageGrid(10, 10, 100, 100)
    expect(g.markCircle(-5, -5, 15)).toBe(1)
    expect(g.markCircle(500, 500, 30)).toBe(0)
    expect(g.coverage).toBeCloseTo(0.01)
  })

  it('reaches the threshold after scratching half of the card with interpolated strokes', () => {
    const g = new CoverageGrid(32, 20, 320, 200)
    const r = 16
    // Horizontal zig-zag over the top half, sampled sparsely like a fast finger.
    let prev = { x: 0, y: 8 }
    for (let y = 8; y <= 100; y += 24) {
      for (const target of [{ x: 320, y }, { x: 0, y: y + 12 }]) {
        for (const p of stampsBetween(prev, target, r / 2)) g.markCircle(p.x, p.y, r)
        prev = target
      }
    }
    expect(g.coverage).toBeGreaterThanOrEqual(0.5)
    expect(g.reached(0.5)).toBe(true)
    expect(g.coverage).toBeLessThan(0.7)
  })

  it('a sparse stroke without interpolation leaves cells covered that an interpolated one clears', () => {
    const sparse = new CoverageGrid(32, 20, 320, 200)
    const dense = new CoverageGrid(32, 20, 320, 200)
    const a = { x: 10, y: 100 }
    const b = { x: 310, y: 100 }
    sparse.markCircle(a.x, a.y, 10)
    sparse.markCircle(b.x, b.y, 10)
    dense.markCircle(a.x, a.y, 10)
    for (const p of stampsBetween(a, b, 5)) dense.markCircle(p.x, p.y, 10)
    for (let c = 0; c < 32; c++) expect(dense.isCleared(c, 9) || dense.isCleared(c, 10)).toBe(true)
    expect(dense.coverage).toBeGreaterThan(sparse.coverage * 5)
  })

  it('keeps cleared cells when the card is resized, and scales stamps to the new size', () => {
    const g = new CoverageGrid(10, 10, 100, 100)
    g.markCircle(5, 5, 1)
    g.setSize(200, 200)
    expect(g.isCleared(0, 0)).toBe(true)
    g.markCircle(195, 195, 1)
    expect(g.isCleared(9, 9)).toBe(true)
  })

  it('reset covers every cell again', () => {
    const g = new CoverageGrid(8, 5, 80, 50)
    for (let x = 0; x <= 80; x += 5) for (let y = 0; y <= 50; y += 5) g.markCircle(x, y, 10)
    expect(g.coverage).toBe(1)
    g.reset()
    expect(g.coverage).toBe(0)
    expect(g.isCleared(0, 0)).toBe(false)
  })

  it('refuses a grid without cells', () => {
    expect(() => new CoverageGrid(0, 20, 100, 100)).toThrow(RangeError)
    expect(() => new CoverageGrid(2.5, 20, 100, 100)).toThrow(RangeError)
  })
})
