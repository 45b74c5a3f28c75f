import { describe, expect, it } from 'vitest'
import type { Random } from '../../../src/core/random'
import { draw } from '../../../src/core/draw'
import { seededRandom } from '../../../src/core/random'
import { IN_FIRST, makeConfig, makePrize } from '../../helpers/activity'

/**
 * Does the draw honour the configured chances? 100k draws, chi-square against
 * the expected counts per prize plus the no-win bucket.
 */

const CHANCES = [0.5, 10, 25.5, 30] // no win: 34%
const DRAWS = 100_000
/** Chi-square critical value for 4 degrees of freedom (5 buckets) at p = 0.001. */
const CRITICAL_DF4_P001 = 18.467

const config = makeConfig({
  prize: CHANCES.map((chance, i) => makePrize(i + 1, { chance, sum: DRAWS })),
})

/** Observed counts per bucket: index 0..3 the prizes, 4 no win. */
function observe(random: Random): number[] {
  const counts = [0, 0, 0, 0, 0]
  // Stock is ample and never applied, so every draw sees the same pools.
  const stock = new Map(config.prize.map((p) => [p.id, p.sum]))
  const participant = { plays: 0, playsInWindow: 0, winsInWindow: 0 }
  for (let i = 0; i < DRAWS; i++) {
    const { outcome } = draw({ config, now: IN_FIRST, participant, stock }, random)
    const bucket = outcome.kind === 'win' ? outcome.prizeId - 1 : 4
    counts[bucket] = (counts[bucket] ?? 0) + 1
  }
  return counts
}

function chiSquare(observed: number[]): number {
  const probabilities = [...CHANCES.map((c) => c / 100), 1 - CHANCES.reduce((a, b) => a + b, 0) / 100]
  return probabilities.reduce((acc, p, i) => {
    const expected = p * DRAWS
    const diff = (observed[i] ?? 0) - expected
    return acc + (diff * diff) / expected
  }, 0)
}

describe('draw statistics', () => {
  it.each([1, 2, 3])('matches the configured chances (seed %i)', (seed) => {
    const observed = observe(seededRandom(seed))
    expect(observed.reduce((a, b) => a + b, 0)).toBe(DRAWS)
    expect(chiSquare(observed)).toBeLessThan(CRITICAL_DF4_P001)
  })

  it('catches a random that never reaches the rarest pool', () => {
    const base = seededRandom(1)
    const skipsFirstTenths = () => 0.005 + base() * 0.995
    expect(chiSquare(observe(skipsFirstTenths))).toBeGreaterThan(CRITICAL_DF4_P001)
  })

  it('catches a slightly skewed random', () => {
    const base = seededRandom(1)
    const skewed = () => base() ** 1.05
    expect(chiSquare(observe(skewed))).toBeGreaterThan(CRITICAL_DF4_P001)
  })
})
