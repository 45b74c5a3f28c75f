import { describe, expect, it } from 'vitest'
import { cryptoRandom, seededRandom } from '../../../src/core/random'

describe('seededRandom', () => {
  it('repeats for the same seed and differs for another', () => {
    const a = seededRandom(42)
    const b = seededRandom(42)
    const c = seededRandom(43)
    const seqA = Array.from({ length: 5 }, a)
    expect(Array.from({ length: 5 }, b)).toEqual(seqA)
    expect(Array.from({ length: 5 }, c)).not.toEqual(seqA)
  })

  it('stays in [0, 1)', () => {
    const r = seededRandom(7)
    for (let i = 0; i < 10_000; i++) {
      const v = r()
      expect(v >= 0 && v < 1).toBe(true)
    }
  })
})

describe('cryptoRandom', () => {
  it('stays in [0, 1) and varies', () => {
    const values = new Set<number>()
    for (let i = 0; i < 1000; i++) {
      const v = cryptoRandom()
      expect(v >= 0 && v < 1).toBe(true)
      values.add(v)
    }
    expect(values.size).toBeGreaterThan(990)
  })
})
