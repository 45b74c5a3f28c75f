import { CanvasSource, Rectangle, Texture } from 'pixi.js'
import type { Container, Renderer } from 'pixi.js'

/** Texture resolution for baked art: sharp on 3× phone screens (CSS px × 3). */
export const BAKE_RESOLUTION = 3

export interface BakeOptions {
  /** Pixels per CSS px of the baked texture (default BAKE_RESOLUTION). */
  resolution?: number
  /** Region in the target's local coordinates (default: its local bounds). */
  frame?: Rectangle
  /** Destroy the target after baking (default true: it was only a drawing). */
  destroyTarget?: boolean
  /** Build mipmaps (WebGL), for art shown smaller than baked or rotating (default false). */
  mipmaps?: boolean
}

/**
 * Render a display object ONCE into a texture, for art that would be costly to
 * redraw every frame. The pixels land in a canvas (not a RenderTexture) because
 * a RenderTexture lives only on the GPU and is blank after a WebGL context loss,
 * while Pixi re-uploads canvas sources by itself. Works with the canvas renderer.
 * The texture's default anchor keeps the target's origin: a Sprite of it placed
 * at (x, y) covers what the target drew at (x, y).
 */
export function bakeTexture(renderer: Renderer, target: Container, options: BakeOptions = {}): Texture {
  const resolution = options.resolution ?? BAKE_RESOLUTION
  const bounds = target.getLocalBounds()
  const frame = options.frame ?? new Rectangle(bounds.x, bounds.y, Math.max(1, bounds.width), Math.max(1, bounds.height))
  const canvas = renderer.extract.canvas({ target, frame, resolution, antialias: true, clearColor: [0, 0, 0, 0] })
  if (options.destroyTarget ?? true) target.destroy({ children: true })
  return new Texture({
    source: new CanvasSource({ resource: canvas, resolution, autoGenerateMipmaps: options.mipmaps ?? false }),
    defaultAnchor: { x: -frame.x / frame.width, y: -frame.y / frame.height },
  })
}
