import { Matrix, Rectangle, RendererType, RenderTexture } from 'pixi.js'
import type { Container, Renderer, Texture } from 'pixi.js'

/** Texture resolution for baked art: sharp on 3× phone screens (CSS px × 3). */
export const BAKE_RESOLUTION = 3

export interface BakeOptions {
  /** Pixels per CSS px of the baked texture (default BAKE_RESOLUTION). */
  resolution?: number
  /** Region in the target's local coordinates (default: its local bounds). */
  frame?: Rectangle
  /** Build mipmaps (WebGL), for art shown smaller than baked or rotating (default false). */
  mipmaps?: boolean
}

/** One baked texture and what it was drawn from, kept to draw it again. */
interface Baked {
  target: Container
  texture: RenderTexture
  transform: Matrix
  mipmaps: boolean
}

const CLEAR: [number, number, number, number] = [0, 0, 0, 0]

/** Per WebGL renderer, the baked textures to draw again when a lost context comes back. */
const bakedBy = new WeakMap<Renderer, Set<Baked>>()

function draw(renderer: Renderer, baked: Baked): void {
  renderer.render({ container: baked.target, target: baked.texture, transform: baked.transform, clearColor: CLEAR })
  if (baked.mipmaps) baked.texture.source.updateMipmaps()
}

/**
 * The renderer's set of baked textures. A RenderTexture lives only on the GPU: after a WebGL context
 * loss Pixi gives it a fresh, blank texture, so on restore every one is drawn again from its target.
 * Pixi's own systems are on the contextChange runner before this (they were added at the renderer's
 * init), so the restored context is ready when it runs.
 */
function bakedOf(renderer: Renderer): Set<Baked> {
  let baked = bakedBy.get(renderer)
  if (!baked) {
    const set = new Set<Baked>()
    baked = set
    bakedBy.set(renderer, set)
    renderer.runners.contextChange.add({ contextChange: () => set.forEach((b) => draw(renderer, b)) })
  }
  return baked
}

/**
 * Render a display object ONCE into a texture, for art that would be costly to redraw every frame:
 * a RenderTexture, drawn by the GPU, never read back to the CPU (readPixels stalls the page for as
 * long as the GPU needs to finish; seconds under software WebGL). Works with the canvas renderer too,
 * where the texture is a canvas. Under WebGL the target is kept (until the texture is destroyed) to
 * draw the texture again after a context loss; otherwise it is destroyed at once.
 * The texture's default anchor keeps the target's origin: a Sprite of it placed at (x, y) covers
 * what the target drew at (x, y). Whatever the target draws (images, gradients) must outlive the texture.
 */
export function bakeTexture(renderer: Renderer, target: Container, options: BakeOptions = {}): Texture {
  const resolution = options.resolution ?? BAKE_RESOLUTION
  const bounds = target.getLocalBounds()
  const frame = options.frame ?? new Rectangle(bounds.x, bounds.y, Math.max(1, bounds.width), Math.max(1, bounds.height))
  const mipmaps = options.mipmaps ?? false
  // Whole device pixels, as WebGL allocates them (the sprite then shows the art at its exact size).
  const texture = RenderTexture.create({
    width: Math.max(1, Math.ceil(frame.width * resolution)) / resolution,
    height: Math.max(1, Math.ceil(frame.height * resolution)) / resolution,
    resolution,
    antialias: true,
    autoGenerateMipmaps: mipmaps,
    textureOptions: { defaultAnchor: { x: -frame.x / frame.width, y: -frame.y / frame.height } },
  })
  const baked: Baked = { target, texture, transform: new Matrix().translate(-frame.x, -frame.y), mipmaps }
  draw(renderer, baked)
  if (renderer.type !== RendererType.WEBGL) {
    target.destroy({ children: true })
    return texture
  }
  const all = bakedOf(renderer)
  all.add(baked)
  texture.once('destroy', () => {
    all.delete(baked)
    target.destroy({ children: true })
  })
  return texture
}
