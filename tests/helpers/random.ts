import type { Random } from '../../src/core/random'

/** Test randoms; for a seeded stream use core's seededRandom. */

/** A Random that always returns `value`. */
export function always(value: number): Random {
  return () => value
}

/** A Random that returns the given values in turn, then throws (so a test sees any extra draw). */
export function scripted(...values: number[]): Random {
  let i = 0
  return () => {
    const v = values[i++]
    if (v === undefined) throw new Error('scripted random exhausted')
    return v
  }
}
