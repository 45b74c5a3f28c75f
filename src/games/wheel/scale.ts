import { BAKE_RESOLUTION } from '../shared/bake'
import { WHEEL_RADIUS } from './art'

/** The layout box: the rim plus its shadow, design px. */
const LAYOUT_RADIUS = WHEEL_RADIUS + 10

/**
 * Texture pixels per design px for the wheel's baked art: the density it is shown at on
 * this stage (its scale × the renderer's resolution, in quarter steps), between 1 and
 * BAKE_RESOLUTION. A 3× bake shown at 2× costs 2.25× the memory and the read-back of
 * baking, and aliases while it spins, for no visible detail.
 */
export function wheelBakeDensity(screen: { width: number; height: number } | undefined, resolution: number | undefined, fill: number): number {
  if (!screen || !resolution || screen.width <= 1 || screen.height <= 1) return BAKE_RESOLUTION
  const scale = wheelScale(screen.width, screen.height, fill)
  return Math.min(BAKE_RESOLUTION, Math.max(1, Math.ceil(resolution * scale * 4) / 4))
}

/** The wheel's scale on a stage of this size: `fill` of the smaller side across its layout box. */
export function wheelScale(width: number, height: number, fill: number): number {
  return (Math.min(width, height) * fill) / (2 * LAYOUT_RADIUS)
}
