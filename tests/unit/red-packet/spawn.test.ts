import { describe, expect, it } from 'vitest'
import { seededRandom } from '../../../src/core/random'
import { RED_PACKET_DEFAULTS } from '../../../src/games/red-packet/defaults'
import { MAX_STEP_MS, Rain } from '../../../src/games/red-packet/spawn'

const W = 390
const H = 700
const FRAME = 1000 / 60

function run(rain: Rain, ms: number, onFrame?: () => void): void {
  for (let t = 0; t < ms; t += FRAME) {
    rain.step(FRAME, W, H)
    onFrame?.()
  }
}

describe('Rain', () => {
  it('never holds more packets than its pool, and the pool never grows', () => {
    const rain = new Rain({ ...RED_PACKET_DEFAULTS, spawnIntervalMs: 20 }, seededRandom(1))
    const pool = rain.packets
    let most = 0
    run(rain, 20_000, () => {
      most = Math.max(most, rain.activeCount())
    })
    expect(rain.packets).toBe(pool)
    expect(rain.packets).toHaveLength(RED_PACKET_DEFAULTS.poolSize)
    // With a spawn every 20 ms the pool is saturated, and stays capped.
    expect(most).toBe(RED_PACKET_DEFAULTS.poolSize)
  })

  it('recycles packets that leave the bottom and reuses their slots', () => {
    const rain = new Rain(RED_PACKET_DEFAULTS, seededRandom(2))
    const first = rain.packets[rain.spawn(W, -1)]!
    const slot = rain.packets.indexOf(first)
    // Long enough for the slowest packet to cross the screen.
    const crossMs = (H + 200) / (RED_PACKET_DEFAULTS.minSpeed * 0.9)
    let freed = false
    for (let t = 0; t < crossMs && !freed; t += FRAME) {
      rain.step(FRAME, W, H, 1, false)
      freed = !first.active
    }
    expect(freed).toBe(true)
    expect(first.y - first.halfHeight).toBeGreaterThan(H)
    expect(rain.spawn(W, -1)).toBe(slot)
    expect(first.active).toBe(true)
    expect(first.y).toBeLessThan(0)
  })

  it('spawns above the top, inside the width, within the configured speeds and sizes', () => {
    const d = RED_PACKET_DEFAULTS
    const rain = new Rain({ ...d, spawnIntervalMs: 50 }, seededRandom(3))
    for (let n = 0; n < 500; n++) {
      const p = rain.packets[rain.spawn(W, -1)]
      if (!p) {
        rain.fill(0, W, H)
        continue
      }
      expect(p.y + p.halfHeight).toBeLessThan(0)
      expect(p.x - p.halfWidth).toBeGreaterThanOrEqual(0)
      expect(p.x + p.halfWidth).toBeLessThanOrEqual(W)
      expect(p.vy).toBeGreaterThanOrEqual(d.minSpeed * 0.9)
      expect(p.vy).toBeLessThanOrEqual(d.maxSpeed * 1.1)
      expect(p.scale).toBeGreaterThanOrEqual(d.minScale)
      expect(p.scale).toBeLessThanOrEqual(d.maxScale)
      expect(Math.abs(p.rotation)).toBeLessThanOrEqual(d.maxTilt)
    }
  })

  it('moves packets by speed × time, slowed by the speed factor, and clamps stalls', () => {
    const rain = new Rain(RED_PACKET_DEFAULTS, seededRandom(4))
    const p = rain.packets[rain.spawn(W, 100)]!
    const y0 = p.y
    rain.step(10, W, H, 1, false)
    expect(p.y - y0).toBeCloseTo(p.vy * 10, 9)
    const y1 = p.y
    rain.step(10, W, H, 0.25, false)
    expect(p.y - y1).toBeCloseTo(p.vy * 2.5, 9)
    const y2 = p.y
    rain.step(5000, W, H, 1, false)
    expect(p.y - y2).toBeCloseTo(p.vy * MAX_STEP_MS, 9)
  })

  it('is deterministic for a seed', () => {
    const snapshot = (seed: number): string => {
      const rain = new Rain(RED_PACKET_DEFAULTS, seededRandom(seed))
      rain.fill(RED_PACKET_DEFAULTS.prefillCount, W, H)
      run(rain, 3000)
      return JSON.stringify(rain.packets)
    }
    expect(snapshot(42)).toBe(snapshot(42))
    expect(snapshot(42)).not.toBe(snapshot(43))
  })

  it('fill() starts a round with packets spread down the screen', () => {
    const rain = new Rain(RED_PACKET_DEFAULTS, seededRandom(5))
    rain.fill(6, W, H)
    const ys = rain.packets.filter((p) => p.active).map((p) => p.y)
    expect(ys).toHaveLength(6)
    expect(Math.min(...ys)).toBeLessThan(H / 6)
    expect(Math.max(...ys)).toBeGreaterThan((H * 5) / 6)
    // A second fill frees the old round first.
    rain.fill(3, W, H)
    expect(rain.activeCount()).toBe(3)
  })

  it('release() frees a slot and stops spawning when asked', () => {
    const rain = new Rain(RED_PACKET_DEFAULTS, seededRandom(6))
    rain.fill(4, W, H)
    const index = rain.packets.findIndex((p) => p.active)
    rain.release(index)
    expect(rain.packets[index]!.active).toBe(false)
    expect(rain.activeCount()).toBe(3)
    rain.step(FRAME, W, H, 1, false)
    rain.step(RED_PACKET_DEFAULTS.spawnIntervalMs, W, H, 1, false)
    expect(rain.activeCount()).toBeLessThanOrEqual(3)
  })

  it('does not spawn two packets in a row in the same lane', () => {
    const rain = new Rain({ ...RED_PACKET_DEFAULTS, poolSize: 2, swayAmplitude: 0 }, seededRandom(7))
    const laneWidth = RED_PACKET_DEFAULTS.packetWidth * 1.1
    for (let n = 0; n < 200; n++) {
      rain.fill(0, W, H)
      // fill() forgets the last lane; spawn twice in one round.
      const a = rain.packets[rain.spawn(W, -1)]!.baseX
      const b = rain.packets[rain.spawn(W, -1)]!.baseX
      expect(Math.abs(a - b)).toBeGreaterThan(laneWidth * 0.4)
    }
  })
})
