import { describe, expect, it } from 'vitest'
import { RED_PACKET_DEFAULTS, RED_PACKET_REDUCED_MOTION } from '../../../src/games/red-packet/defaults'
import { Rain } from '../../../src/games/red-packet/spawn'

const opts = { ...RED_PACKET_DEFAULTS, ...RED_PACKET_REDUCED_MOTION }

describe('red packet, reduced motion', () => {
  it('opens on its outcome in well under a second, without coins', () => {
    const open = opts.flyMs + opts.openMs + opts.cardMs + opts.settleDelayMs
    const full = RED_PACKET_DEFAULTS.flyMs + RED_PACKET_DEFAULTS.openMs + RED_PACKET_DEFAULTS.cardMs + RED_PACKET_DEFAULTS.settleDelayMs
    expect(open).toBeLessThan(800)
    expect(open * 2).toBeLessThan(full)
    expect(opts.coinCount).toBe(0)
  })

  it('has no rain: the packets stay where they were dealt', () => {
    const rain = new Rain(opts, () => 0.5)
    rain.fill(opts.prefillCount, 390, 520)
    const before = rain.packets.filter((p) => p.active).map((p) => [p.x, p.y])
    for (let i = 0; i < 100; i++) rain.step(16, 390, 520, opts.rainSpeed)
    expect(rain.packets.filter((p) => p.active).map((p) => [p.x, p.y])).toEqual(before)
    expect(before.length).toBe(opts.prefillCount)
  })
})
