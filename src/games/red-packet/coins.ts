/**
 * Coins bursting out of a winning packet: a fixed pool of particles as pure
 * state (CSS px, ms). The game mirrors them into pooled sprites.
 */
import type { Random } from '../../core/random'

export interface Coin {
  active: boolean
  x: number
  y: number
  /** Velocity, CSS px/ms. */
  vx: number
  vy: number
  /** Coin-flip angle, radians (the sprite's width follows its cosine). */
  flip: number
  /** Flip speed, radians/ms. */
  flipSpeed: number
  /** Age and life span, ms. */
  age: number
  life: number
  scale: number
}

export class CoinBurst {
  readonly coins: readonly Coin[]
  private readonly random: Random

  constructor(count: number, random: Random) {
    this.random = random
    const coins: Coin[] = []
    for (let i = 0; i < count; i++) {
      coins.push({ active: false, x: 0, y: 0, vx: 0, vy: 0, flip: 0, flipSpeed: 0, age: 0, life: 1, scale: 1 })
    }
    this.coins = coins
  }

  /** Throw every coin out of (x, y), up and to both sides, at up to `speed` CSS px/ms, living about `lifeMs`. */
  burst(x: number, y: number, speed: number, lifeMs: number): void {
    const r = this.random
    for (const c of this.coins) {
      // Two fans, up-left and up-right (15°–75° off vertical): out past the packet's sides.
      const side = r() < 0.5 ? -1 : 1
      const angle = -Math.PI / 2 + side * (0.26 + 1.05 * r())
      const v = speed * (0.55 + 0.45 * r())
      c.active = true
      c.x = x + (r() - 0.5) * 60
      c.y = y
      c.vx = Math.cos(angle) * v
      c.vy = Math.sin(angle) * v
      c.flip = r() * Math.PI * 2
      c.flipSpeed = 0.008 + 0.012 * r()
      c.age = 0
      c.life = lifeMs * (0.7 + 0.3 * r())
      c.scale = 0.6 + 0.6 * r()
    }
  }

  /** Advance by dtMs under `gravity` CSS px/ms²; coins retire at the end of their life. */
  step(dtMs: number, gravity: number): void {
    for (const c of this.coins) {
      if (!c.active) continue
      c.age += dtMs
      if (c.age >= c.life) {
        c.active = false
        continue
      }
      c.vy += gravity * dtMs
      c.x += c.vx * dtMs
      c.y += c.vy * dtMs
      c.flip += c.flipSpeed * dtMs
    }
  }

  /** Retire every coin at once. */
  clear(): void {
    for (const c of this.coins) c.active = false
  }
}
