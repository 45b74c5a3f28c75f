import { describe, expect, it } from 'vitest'
import type { HitBox } from '../../../src/games/red-packet/hit'
import { hitTest } from '../../../src/games/red-packet/hit'

function box(x: number, y: number, z = 0, rotation = 0, active = true): HitBox {
  return { active, x, y, halfWidth: 20, halfHeight: 30, rotation, z }
}

describe('hitTest', () => {
  it('hits inside a packet and misses far away', () => {
    const boxes = [box(100, 100)]
    expect(hitTest(100, 100, boxes, 12)).toBe(0)
    expect(hitTest(119, 129, boxes, 12)).toBe(0)
    expect(hitTest(300, 300, boxes, 12)).toBe(-1)
  })

  it('grows every side by the slop, and not further', () => {
    const boxes = [box(100, 100)]
    // Right edge at 120, bottom at 130, left 80, top 70.
    expect(hitTest(132, 100, boxes, 12)).toBe(0)
    expect(hitTest(132.5, 100, boxes, 12)).toBe(-1)
    expect(hitTest(68, 100, boxes, 12)).toBe(0)
    expect(hitTest(67.5, 100, boxes, 12)).toBe(-1)
    expect(hitTest(100, 142, boxes, 12)).toBe(0)
    expect(hitTest(100, 58, boxes, 12)).toBe(0)
    expect(hitTest(100, 57.5, boxes, 12)).toBe(-1)
    // The corner of the slop box still counts.
    expect(hitTest(132, 142, boxes, 12)).toBe(0)
    // Without slop only the packet itself.
    expect(hitTest(121, 100, boxes, 0)).toBe(-1)
    expect(hitTest(120, 100, boxes, 0)).toBe(0)
  })

  it('ignores free pool slots', () => {
    expect(hitTest(100, 100, [box(100, 100, 1, 0, false)], 12)).toBe(-1)
  })

  it('overlapping packets: the one in front wins', () => {
    const back = box(100, 100, 0.2)
    const front = box(110, 105, 0.9)
    expect(hitTest(105, 102, [back, front], 12)).toBe(1)
    expect(hitTest(105, 102, [front, back], 12)).toBe(0)
  })

  it('equal depth: the one drawn last wins', () => {
    expect(hitTest(105, 100, [box(100, 100, 0.5), box(110, 100, 0.5)], 12)).toBe(1)
  })

  it('a direct hit beats a nearer-in-front packet reached only through the slop', () => {
    const behind = box(100, 100, 0.1)
    const frontNearby = box(145, 100, 0.9) // left edge at 125
    expect(hitTest(118, 100, [behind, frontNearby], 12)).toBe(0)
  })

  it('between two packets, within the slop of both, the nearer wins', () => {
    const left = box(100, 100, 0.9) // right edge 120
    const right = box(150, 100, 0.1) // left edge 130
    expect(hitTest(122, 100, [left, right], 12)).toBe(0)
    expect(hitTest(128, 100, [left, right], 12)).toBe(1)
  })

  it('follows the packet tilt', () => {
    const tilted = [box(100, 100, 0, Math.PI / 2)] // now 60 wide, 40 tall
    expect(hitTest(128, 100, tilted, 0)).toBe(0)
    expect(hitTest(100, 128, tilted, 0)).toBe(-1)
  })
})
