/**
 * Which falling packet a tap lands on. Pure: points and boxes in CSS px.
 * Thumbs are wide and packets move, so each box is grown by a slop; a tap
 * inside a packet beats a tap that only reaches one through the slop.
 */

/** A rotated box, centred at (x, y). A Packet from spawn.ts is one. */
export interface HitBox {
  active: boolean
  x: number
  y: number
  halfWidth: number
  halfHeight: number
  /** Radians, about the centre. */
  rotation: number
  /** Draw order: higher is in front. */
  z: number
}

/**
 * The index of the box hit at (px, py), or -1. Among boxes the point is inside,
 * the frontmost (highest z; on a tie the later one, drawn last) wins; otherwise
 * the nearest box whose edge is within `slop` CSS px on each side.
 */
export function hitTest(px: number, py: number, boxes: readonly HitBox[], slop: number): number {
  let best = -1
  let bestDistance = Infinity
  let bestZ = -Infinity
  for (let i = 0; i < boxes.length; i++) {
    const b = boxes[i]
    if (!b?.active) continue
    // Into the box's own axes.
    const cos = Math.cos(b.rotation)
    const sin = Math.sin(b.rotation)
    const dx = px - b.x
    const dy = py - b.y
    const lx = dx * cos + dy * sin
    const ly = -dx * sin + dy * cos
    const outX = Math.max(0, Math.abs(lx) - b.halfWidth)
    const outY = Math.max(0, Math.abs(ly) - b.halfHeight)
    if (outX > slop || outY > slop) continue
    const distance = Math.hypot(outX, outY)
    const better = distance < bestDistance || (distance === bestDistance && b.z >= bestZ)
    if (better) {
      best = i
      bestDistance = distance
      bestZ = b.z
    }
  }
  return best
}
