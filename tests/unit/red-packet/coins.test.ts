import { describe, expect, it } from 'vitest'
import { seededRandom } from '../../../src/core/random'
import { CoinBurst } from '../../../src/games/red-packet/coins'

describe('CoinBurst', () => {
  it('throws every pooled coin upwards and to both sides, and retires them all', () => {
    const burst = new CoinBurst(40, seededRandom(9))
    const pool = burst.coins
    burst.burst(200, 300, 1, 1000)
    expect(burst.coins).toBe(pool)
    expect(pool.every((c) => c.active && c.vy < 0)).toBe(true)
    expect(pool.some((c) => c.vx < 0)).toBe(true)
    expect(pool.some((c) => c.vx > 0)).toBe(true)
    for (let t = 0; t < 1000; t += 16) burst.step(16, 0.0016)
    expect(pool.every((c) => !c.active)).toBe(true)
  })

  it('falls under gravity', () => {
    const burst = new CoinBurst(1, seededRandom(1))
    burst.burst(0, 0, 1, 5000)
    const coin = burst.coins[0]!
    const vy = coin.vy
    burst.step(100, 0.002)
    expect(coin.vy).toBeCloseTo(vy + 0.2, 9)
  })

  it('clear() retires every coin at once', () => {
    const burst = new CoinBurst(5, seededRandom(2))
    burst.burst(0, 0, 1, 1000)
    burst.clear()
    expect(burst.coins.some((c) => c.active)).toBe(false)
  })
})
