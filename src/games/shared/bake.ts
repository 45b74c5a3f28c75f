import { Container, Matrix, Rectangle, RendererType, RenderTexture, Sprite } from 'pixi.js'
import type { Renderer, Texture } from 'pixi.js'

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

/** One baked texture and what it was drawn from (in order, the first over a cleared texture), kept to draw it again. */
interface Baked {
  targets: Container[]
  texture: RenderTexture
  transform: Matrix
  mipmaps: boolean
}

const CLEAR: [number, number, number, number] = [0, 0, 0, 0]

/** Per WebGL renderer, the baked textures to draw again when a lost context comes back. */
const bakedBy = new WeakMap<Renderer, Set<Baked>>()

function draw(renderer: Renderer, baked: Baked, from = 0): void {
  for (let i = from; i < baked.targets.length; i++) {
    const container = baked.targets[i] as Container
    renderer.render({ container, target: baked.texture, transform: baked.transform, clearColor: CLEAR, clear: i === 0 })
  }
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
  const baked = start(renderer, target, options)
  draw(renderer, baked)
  return finish(renderer, baked)
}

/** Longest stretch of bakeSteps() drawing before it pauses, ms: well under a long task's 50 ms on a slow phone (×4 there). */
export const BAKE_SLICE_MS = 4

/**
 * bakeTexture() for art too costly to build and draw in one task (the wheel's face, with a label per segment; the
 * scratch card's frame): the pieces are built in turn and drawn into one texture, so the result costs what one bake
 * costs to show. The first piece sets the frame (its local bounds, unless options.frame); the others must lie inside
 * it. Yields whenever BAKE_SLICE_MS have passed (the caller gives the main thread back there) and returns the texture;
 * closed early (return()), it keeps nothing. The canvas renderer draws each piece as it is built; WebGL draws them
 * together at the end, in one pass (a pass per piece would cost a multisample resolve each).
 */
export function* bakeSteps(renderer: Renderer, pieces: readonly (() => Container)[], options: BakeOptions): Generator<void, Texture, void> {
  const [first, ...rest] = pieces
  if (!first) throw new Error('bakeSteps: no pieces')
  const webgl = renderer.type === RendererType.WEBGL
  let slice = performance.now()
  const baked = start(renderer, first(), options)
  let finished = false
  try {
    if (!webgl) draw(renderer, baked)
    for (const piece of rest) {
      if (performance.now() - slice > BAKE_SLICE_MS) {
        yield
        slice = performance.now()
      }
      baked.targets.push(piece())
      if (webgl) continue
      draw(renderer, baked, baked.targets.length - 1)
      // A canvas keeps what was drawn: the piece is not needed again.
      baked.targets.pop()?.destroy({ children: true })
    }
    if (webgl) {
      const all = new Container()
      all.addChild(...baked.targets)
      baked.targets = [all]
      draw(renderer, baked)
    }
    finished = true
    return finish(renderer, baked)
  } finally {
    if (!finished) {
      for (const target of baked.targets) target.destroy({ children: true })
      baked.texture.destroy(true)
    }
  }
}

/** bakeSteps() run to its end, awaiting `pause` at each of its pauses; `pause` returns true to give up, and then nothing is kept and the result is null. */
export async function bakePieces(renderer: Renderer, pieces: readonly (() => Container)[], options: BakeOptions, pause: () => Promise<boolean>): Promise<Texture | null> {
  const steps = bakeSteps(renderer, pieces, options)
  let step = steps.next()
  while (!step.done) {
    if (await pause()) {
      // Closing the generator runs its clean-up (the half-drawn texture and the pieces are destroyed).
      steps.return(undefined as never)
      return null
    }
    step = steps.next()
  }
  return step.value
}

/** A blank texture for `target`'s art (frame: options.frame or its local bounds), not drawn yet. */
function start(renderer: Renderer, target: Container, options: BakeOptions): Baked {
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
  return { targets: [target], texture, transform: new Matrix().translate(-frame.x, -frame.y), mipmaps }
}

/** Keep what a WebGL texture was drawn from, to draw it again after a context loss; free it otherwise. */
function finish(renderer: Renderer, baked: Baked): Texture {
  const free = () => baked.targets.forEach((target) => target.destroy({ children: true }))
  if (renderer.type !== RendererType.WEBGL) {
    free()
    return baked.texture
  }
  const all = bakedOf(renderer)
  all.add(baked)
  baked.texture.once('destroy', () => {
    all.delete(baked)
    free()
  })
  return baked.texture
}

/** A baked texture's pixels in a canvas element of their own, and where that canvas goes (design px, around the art's origin). */
export interface CanvasArt {
  canvas: HTMLCanvasElement
  frame: Rectangle
}

/**
 * A baked texture as a canvas element of its own, for art the browser's compositor moves (the wheel's turning face: a
 * style transform per frame instead of a redraw). The canvas renderer's baked texture is a canvas already: it is
 * handed over as it is. Under WebGL the texture is drawn on the stage's own canvas and copied from there with
 * drawImage in the same task: a copy between two GPU surfaces where the 2D canvas is accelerated, never readPixels (a
 * wait for the whole GPU pipeline; seconds under software WebGL); then `scene` is drawn again, so the stage's canvas
 * shows its own picture when the task ends. Either way the texture can be destroyed afterwards; the canvas stays.
 */
export function copyToCanvas(renderer: Renderer, texture: Texture, scene: Container): CanvasArt {
  const source = texture.source
  const anchor = texture.defaultAnchor ?? { x: 0, y: 0 }
  const frame = new Rectangle(-anchor.x * texture.width, -anchor.y * texture.height, texture.width, texture.height)
  if (renderer.type !== RendererType.WEBGL && isCanvas(source.resource)) return { canvas: source.resource, frame }
  const canvas = document.createElement('canvas')
  canvas.width = source.pixelWidth
  canvas.height = source.pixelHeight
  const view = renderer.canvas as HTMLCanvasElement
  // Whole pixels, 1:1, unless the art is larger than the stage's canvas (then scaled down to fit: not at the sizes we bake).
  const fit = Math.min(1, view.width / source.pixelWidth, view.height / source.pixelHeight)
  const sprite = new Sprite(texture)
  sprite.anchor.set(0)
  sprite.scale.set((source.resolution * fit) / renderer.resolution)
  renderer.render({ container: sprite, clearColor: CLEAR, clear: true })
  canvas.getContext('2d')?.drawImage(view, 0, 0, Math.round(source.pixelWidth * fit), Math.round(source.pixelHeight * fit), 0, 0, canvas.width, canvas.height)
  sprite.destroy()
  renderer.render({ container: scene })
  return { canvas, frame }
}

function isCanvas(resource: unknown): resource is HTMLCanvasElement {
  return typeof HTMLCanvasElement === 'function' && resource instanceof HTMLCanvasElement
}
