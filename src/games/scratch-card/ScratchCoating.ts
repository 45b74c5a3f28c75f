import { Container, Graphics, RenderTexture, Sprite, Texture } from 'pixi.js'
import type { DestroyOptions, Renderer } from 'pixi.js'
import { ACCENTS } from '../shared/palette'
import type { CoverageGrid } from './coverage'

/**
 * The scratchable coating: a sprite showing a RenderTexture that holds the
 * coating art, erased by brush stamps. It owns the RenderTexture, the art and
 * the helpers it paints with, and repaints itself after a WebGL context loss.
 */
export class ScratchCoating extends Sprite {
  // Drawing helpers, never on stage: rendered into the RenderTexture.
  private readonly brush = new Graphics()
  /** The brush's parent: Pixi applies a blend mode to children, not to the root of a render. */
  private readonly stamps = new Container()
  private readonly painter = new Sprite()
  private renderer: Renderer | null = null
  private target: RenderTexture | null = null
  private artTexture: Texture | null = null
  /** Stamps waiting for the next update(): x0, y0, x1, y1, … in coating-local CSS px. */
  private readonly pending: number[] = []
  /** The GPU dropped the RenderTexture's pixels (WebGL context loss): repaint it from the grid. */
  private lost = false
  /** Drew into the RenderTexture since the last update(). */
  private painted = false
  private readonly contextRunner = { contextChange: (): void => void (this.lost = true) }

  constructor(
    /** The coverage the game keeps; read to repaint after a context loss. */
    private readonly grid: CoverageGrid,
    /** Brush radius, CSS px. */
    private readonly brushRadius: number,
  ) {
    super()
    this.brush.blendMode = 'erase'
    this.stamps.addChild(this.brush)
  }

  /** The untouched coating art (a fresh coating fades in with it on abort()). */
  get art(): Texture {
    return this.artTexture ?? Texture.EMPTY
  }

  /** Paint with this renderer from now on. */
  attach(renderer: Renderer): void {
    this.renderer = renderer
    renderer.runners.contextChange.add(this.contextRunner)
  }

  /** A new size: new art, a new RenderTexture; the scratches so far carry over, stretched. */
  rebuild(art: Texture, width: number, height: number, resolution: number): void {
    const oldArt = this.artTexture
    const oldTarget = this.target
    this.artTexture = art
    const target = RenderTexture.create({ width, height, resolution, antialias: true })
    this.target = target
    if (oldTarget && this.grid.coverage > 0) {
      this.painter.texture = oldTarget
      this.painter.scale.set(width / oldTarget.width, height / oldTarget.height)
      this.paint(this.painter, true)
      this.painter.scale.set(1)
    } else {
      this.paintFresh()
    }
    this.painter.texture = Texture.EMPTY
    this.texture = target
    oldTarget?.destroy(true)
    oldArt?.destroy(true)
  }

  /** Mark a stamp to erase on the next update() (drawn once per frame, however many moves came in). */
  stamp(x: number, y: number): void {
    this.pending.push(x, y)
  }

  /** Forget the stamps not drawn yet. */
  dropStamps(): void {
    this.pending.length = 0
  }

  /** A whole, unscratched coating. */
  paintFresh(): void {
    if (!this.artTexture) return
    this.painter.texture = this.artTexture
    this.painter.position.set(0, 0)
    this.painter.scale.set(1)
    this.paint(this.painter, true)
  }

  /** Draw what is due; true when it drew into the RenderTexture (the stage's change tracking cannot see that). */
  update(): boolean {
    if (this.lost) this.repaintFromGrid()
    if (this.pending.length > 0) {
      const r = this.brushRadius
      this.brush.clear()
      for (let i = 0; i < this.pending.length; i += 2) this.brush.circle(this.pending[i]!, this.pending[i + 1]!, r)
      this.brush.fill(ACCENTS.white)
      this.pending.length = 0
      this.paint(this.stamps, false)
    }
    const painted = this.painted
    this.painted = false
    return painted
  }

  override destroy(options?: DestroyOptions): void {
    this.renderer?.runners.contextChange.remove(this.contextRunner)
    this.renderer = null
    this.texture = Texture.EMPTY
    this.painter.texture = Texture.EMPTY
    this.target?.destroy(true)
    this.artTexture?.destroy(true)
    this.target = this.artTexture = null
    this.stamps.destroy({ children: true })
    this.painter.destroy()
    super.destroy(options)
  }

  /** After a context loss the RenderTexture is blank: paint a fresh coating and erase the cleared cells. */
  private repaintFromGrid(): void {
    this.lost = false
    const target = this.target
    if (!target) return
    this.paintFresh()
    const { cols, rows } = this.grid
    const cw = target.width / cols
    const ch = target.height / rows
    this.brush.clear()
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) if (this.grid.isCleared(c, r)) this.brush.rect(c * cw, r * ch, cw, ch)
    }
    this.brush.fill(ACCENTS.white)
    this.paint(this.stamps, false)
  }

  /** Every drawing into the RenderTexture goes through here. */
  private paint(container: Container, clear: boolean): void {
    if (!this.renderer || !this.target) return
    this.renderer.render({ container, target: this.target, clear, ...(clear ? { clearColor: [0, 0, 0, 0] as [number, number, number, number] } : {}) })
    this.painted = true
  }
}
