import { Container, Graphics, Point, Rectangle, RenderTexture, Sprite, Texture } from 'pixi.js'
import type { FederatedPointerEvent, Renderer, Text } from 'pixi.js'
import type { Outcome } from '../../core/outcome'
import { easeOutBack, easeOutQuad, lerp } from '../shared/easing'
import type { Easing } from '../shared/easing'
import { Emitter } from '../shared/Emitter'
import type { AbortInfo, GameEvents, GameSetup, GameState, LotteryGame } from '../shared/Game'
import { fitText } from '../shared/textFit'
import type { FitResult } from '../shared/textFit'
import { cjkText, measureWith } from '../shared/textStyle'
import { ACCENTS, PALETTE } from '../shared/palette'
import { bakeCoating, bakeFrame, bakePrizePanel } from './art'
import { CoverageGrid, stampsBetween } from './coverage'
import type { Box, CardParts } from './layout'
import { cardParts, fitCard } from './layout'
import { resultLines } from './result'

/** Tunables of the scratch card. */
export const SCRATCH_DEFAULTS = {
  /** Coverage grid columns (cells across the scratch window). */
  gridCols: 32,
  /** Coverage grid rows. */
  gridRows: 20,
  /** Share of grid cells, 0–1, that must be scratched off before the card reveals itself. */
  threshold: 0.5,
  /** Brush radius, CSS px (about a fingertip). */
  brushRadius: 18,
  /** Distance between interpolated stamps as a fraction of the brush radius; capped at 0.5 so no gap shows. */
  spacingRatio: 0.4,
  /** Coating fade-out once revealed, ms. */
  revealFadeMs: 400,
  /** Fresh coating fade-in after abort(), ms. */
  abortFadeMs: 300,
  /** Card width / height. */
  aspect: 1.6,
  /** Empty space around the card, CSS px. */
  margin: 12,
  /** Largest card width, CSS px. */
  maxWidth: 440,
  /** Least time between two `tick` events while scratching, ms (sound/haptics hook). */
  tickIntervalMs: 100,
  /** Period of the “开奖中…” pulse, ms. */
  pulseMs: 1200,
  /** Title above the window. */
  title: '刮开有奖',
  /** Hint printed on the coating. */
  hint: '刮一刮 赢大奖',
  /** Shown under the coating until the outcome is known. */
  pendingText: '开奖中…',
}
export type ScratchDefaults = typeof SCRATCH_DEFAULTS

const measureHeadline = measureWith({ weight: 'bold', letterSpacing: 2 })

/**
 * One line if it fits at ≥ 70% of the preferred size; else two lines of about
 * equal width (never a lone character on the second line).
 */
function fitHeadline(text: string, maxWidth: number, size: number, minSize: number): FitResult {
  const one = fitText(text, { maxWidth, maxLines: 1, size, minSize: Math.max(minSize, Math.round(size * 0.7)) }, measureHeadline)
  if (one.lines.length === 1 && !one.lines[0]!.endsWith('…')) return one
  const twoSize = Math.max(minSize, Math.round(size * 0.8))
  const balanced = Math.min(maxWidth, (measureHeadline(text, twoSize) / 2) * 1.15)
  const two = fitText(text, { maxWidth: balanced, maxLines: 2, size: twoSize, minSize }, measureHeadline)
  return two.lines.some((l) => l.endsWith('…')) ? fitText(text, { maxWidth, maxLines: 2, size: twoSize, minSize }, measureHeadline) : two
}

/** The logical size the card is laid out in before the host's first resize(), CSS px. */
const INITIAL_AREA = { width: 390, height: 300 }

interface Tween {
  elapsed: number
  /** ms */
  duration: number
  ease: Easing
  step: (progress: number) => void
  done: () => void
}

/**
 * 刮刮卡: a silver coating over the result. The first touch asks the host for a
 * play; the result is drawn under the coating only once `reveal()` gives it;
 * past the coverage threshold the coating fades away and `settled` fires.
 */
export class ScratchCardGame implements LotteryGame {
  readonly view = new Container()
  readonly events = new Emitter<GameEvents>()

  private readonly config: ScratchDefaults
  private _state: GameState = 'idle'
  private renderer: Renderer | null = null

  // Scene, back to front.
  private readonly card = new Container()
  private readonly frame = new Sprite()
  private readonly under = new Container()
  private readonly panel = new Sprite()
  private readonly coating = new Sprite()
  /** A fresh coating fading in over the scratched one on abort(). */
  private readonly cover = new Sprite()
  private texts: { pending: Text; eyebrow: Text; headline: Text; detail: Text } | null = null

  // Drawing helpers, never on stage: rendered into the coating's RenderTexture.
  private readonly brush = new Graphics()
  /** The brush's parent: Pixi applies a blend mode to children, not to the root of a render. */
  private readonly stamps = new Container()
  private readonly painter = new Sprite()

  // Per size, rebuilt on real size changes only.
  private area = INITIAL_AREA
  private box: Box = { x: 0, y: 0, width: 0, height: 0 }
  private parts: CardParts | null = null
  private builtKey = ''
  private frameTexture: Texture | null = null
  private panelTexture: Texture | null = null
  private coatingTexture: Texture | null = null
  private coatingRT: RenderTexture | null = null

  // Play state.
  private readonly grid: CoverageGrid
  private outcome: Outcome | null = null
  private activePointer: number | null = null
  private last: { x: number; y: number } | null = null
  private readonly local = new Point()
  /** Stamps waiting for the next update(): x0, y0, x1, y1, … in window-local CSS px. */
  private readonly pending: number[] = []
  private sinceTick = Infinity
  private scratchedSinceTick = false
  private fadingOut = false
  private tween: Tween | null = null
  private pop: Tween | null = null
  private pulse = 0
  /** The GPU dropped the coating's pixels (WebGL context loss): repaint it from the grid. */
  private coatingLost = false
  /** Drew into the coating's RenderTexture since the last update(). */
  private painted = false
  private readonly contextRunner = { contextChange: (): void => void (this.coatingLost = true) }

  constructor(options: Partial<ScratchDefaults> = {}) {
    this.config = { ...SCRATCH_DEFAULTS, ...options }
    this.grid = new CoverageGrid(this.config.gridCols, this.config.gridRows, 1, 1)

    this.view.addChild(this.card)
    this.card.addChild(this.frame, this.under, this.coating, this.cover)
    this.under.addChild(this.panel)
    this.brush.blendMode = 'erase'
    this.stamps.addChild(this.brush)
    this.cover.visible = false
    this.cover.eventMode = 'none'

    // The coating is the touch surface; moves are followed over the whole canvas so a stroke may leave and come back.
    this.coating.eventMode = 'static'
    this.coating.cursor = 'pointer'
    this.coating.on('pointerdown', this.onPointerDown)
    this.coating.on('globalpointermove', this.onPointerMove)
    this.coating.on('pointerup', this.onPointerUp)
    this.coating.on('pointerupoutside', this.onPointerUp)
    this.coating.on('pointercancel', this.onPointerUp)
    this.layout()
  }

  get state(): GameState {
    return this._state
  }

  /** Share of the coverage grid scratched off, 0–1 (for tests and the harness). */
  get coverage(): number {
    return this.grid.coverage
  }

  async prepare(_setup: GameSetup, renderer: Renderer): Promise<void> {
    this.renderer = renderer
    renderer.runners.contextChange.add(this.contextRunner)
    this.layout()
  }

  play(): void {
    if (this._state !== 'idle') return
    this._state = 'playing'
    this.outcome = null
    this.showPending()
  }

  reveal(outcome: Outcome): void {
    if (this._state !== 'playing') return
    this.outcome = outcome
    this._state = 'revealing'
    this.showResult(outcome)
    // The threshold is checked in update(): if it was reached while waiting, the fade starts on the next frame.
  }

  abort(info: AbortInfo): void {
    if (this._state === 'aborting') return
    if (this._state !== 'playing' && this._state !== 'revealing') {
      this.events.emit('aborted', info)
      return
    }
    this._state = 'aborting'
    this.endStroke()
    this.pending.length = 0
    this.fadingOut = false
    this.cover.texture = this.coatingTexture ?? Texture.EMPTY
    this.cover.alpha = 0
    this.cover.visible = true
    this.tween = {
      elapsed: 0,
      duration: this.config.abortFadeMs,
      ease: easeOutQuad,
      step: (p) => (this.cover.alpha = p),
      done: () => {
        this.freshCoating()
        this.showPending()
        this._state = 'idle'
        this.events.emit('aborted', info)
      },
    }
  }

  reset(): void {
    this.tween = null
    this.pop = null
    this.fadingOut = false
    this.endStroke()
    this.pending.length = 0
    this.outcome = null
    this.freshCoating()
    this.showPending()
    this._state = 'idle'
  }

  resize(width: number, height: number): void {
    this.area = { width, height }
    this.layout()
  }

  update(deltaMs: number): boolean {
    if (this.coatingLost) this.repaintFromGrid()
    this.flushStamps()

    this.sinceTick += deltaMs
    if (this.scratchedSinceTick && this.sinceTick >= this.config.tickIntervalMs) {
      this.scratchedSinceTick = false
      this.sinceTick = 0
      this.events.emit('tick', { kind: 'scratch' })
    }

    if (this._state === 'revealing' && !this.fadingOut && this.grid.reached(this.config.threshold)) this.startRevealFade()

    // '开奖中…' pulses only while a play waits for its outcome; under an untouched coating nobody sees it.
    if (this._state === 'playing' && this.texts?.pending.visible) {
      this.pulse = (this.pulse + deltaMs) % this.config.pulseMs
      this.texts.pending.alpha = 0.55 + 0.45 * Math.cos((this.pulse / this.config.pulseMs) * Math.PI * 2)
    }
    this.pop = this.advance(this.pop, deltaMs)
    this.tween = this.advance(this.tween, deltaMs)
    const painted = this.painted
    this.painted = false
    return painted
  }

  /**
   * Every drawing into the coating's RenderTexture goes through here: the stage's
   * change tracking cannot see it, so update() asks for a frame.
   */
  private paintCoatingRT(options: { container: Container; target: RenderTexture; clear: boolean; clearColor?: [number, number, number, number] }): void {
    this.renderer?.render(options)
    this.painted = true
  }

  destroy(): void {
    this.tween = null
    this.pop = null
    this.renderer?.runners.contextChange.remove(this.contextRunner)
    this.coating.texture = Texture.EMPTY
    this.coatingRT?.destroy(true)
    this.coatingRT = null
    this.cover.texture = Texture.EMPTY
    this.painter.texture = Texture.EMPTY
    this.frame.texture = Texture.EMPTY
    this.panel.texture = Texture.EMPTY
    this.destroyTextures()
    this.coating.removeAllListeners()
    this.texts = null
    this.stamps.destroy({ children: true })
    this.painter.destroy()
    this.view.destroy({ children: true })
    this.events.clear()
    this.renderer = null
  }

  // ——— pointer ———

  private readonly onPointerDown = (e: FederatedPointerEvent): void => {
    // One finger scratches; others are ignored until it lifts. A new primary pointer
    // means the old one is gone without an up (Pixi does not forward pointercancel).
    if (this.activePointer !== null && e.pointerId !== this.activePointer && !e.isPrimary) return
    this.endStroke()
    if (this._state === 'idle') this.events.emit('request', { template: 10 })
    // The host called play() synchronously if the play was allowed.
    if (!this.accepting()) return
    this.activePointer = e.pointerId
    const p = e.getLocalPosition(this.coating, this.local)
    this.last = { x: p.x, y: p.y }
    this.stamp(p.x, p.y)
  }

  private readonly onPointerMove = (e: FederatedPointerEvent): void => {
    if (e.pointerId !== this.activePointer || this.last === null) return
    if (!this.accepting()) {
      this.endStroke()
      return
    }
    const p = e.getLocalPosition(this.coating, this.local)
    const spacing = this.config.brushRadius * Math.min(this.config.spacingRatio, 0.5)
    for (const s of stampsBetween(this.last, p, spacing)) this.stamp(s.x, s.y)
    this.last = { x: p.x, y: p.y }
  }

  private readonly onPointerUp = (e: FederatedPointerEvent): void => {
    if (e.pointerId === this.activePointer) this.endStroke()
  }

  private accepting(): boolean {
    return (this._state === 'playing' || this._state === 'revealing') && !this.fadingOut
  }

  private endStroke(): void {
    this.activePointer = null
    this.last = null
  }

  /** Mark the grid now (cheap), draw later: stamps are rendered once per frame in update(). */
  private stamp(x: number, y: number): void {
    this.pending.push(x, y)
    this.grid.markCircle(x, y, this.config.brushRadius)
    this.scratchedSinceTick = true
  }

  private flushStamps(): void {
    const rt = this.coatingRT
    if (this.pending.length === 0 || !rt || !this.renderer) return
    const r = this.config.brushRadius
    this.brush.clear()
    for (let i = 0; i < this.pending.length; i += 2) this.brush.circle(this.pending[i]!, this.pending[i + 1]!, r)
    this.brush.fill(0xffffff)
    this.pending.length = 0
    this.paintCoatingRT({ container: this.stamps, target: rt, clear: false })
  }

  // ——— reveal, abort ———

  private startRevealFade(): void {
    const outcome = this.outcome
    if (!outcome) return
    this.fadingOut = true
    this.endStroke()
    const from = this.coating.alpha
    this.tween = {
      elapsed: 0,
      duration: this.config.revealFadeMs,
      ease: easeOutQuad,
      step: (p) => (this.coating.alpha = lerp(from, 0, p)),
      done: () => {
        this.coating.visible = false
        this.fadingOut = false
        this._state = 'settled'
        this.events.emit('settled', { outcome })
      },
    }
    const headline = this.texts?.headline
    if (headline) {
      const base = headline.scale.x
      this.pop = {
        elapsed: 0,
        duration: this.config.revealFadeMs + 200,
        ease: easeOutBack,
        step: (p) => headline.scale.set(base * lerp(0.85, 1, p)),
        done: () => headline.scale.set(base),
      }
    }
  }

  private advance(tween: Tween | null, deltaMs: number): Tween | null {
    if (!tween) return null
    tween.elapsed += deltaMs
    const t = Math.min(1, tween.elapsed / Math.max(1, tween.duration))
    tween.step(tween.ease(t))
    if (t < 1) return tween
    tween.done()
    return null
  }

  /** A whole new coating over the window, nothing scratched. */
  private freshCoating(): void {
    this.grid.reset()
    this.coating.alpha = 1
    this.coating.visible = true
    this.cover.visible = false
    this.paintCoating()
  }

  private paintCoating(): void {
    const rt = this.coatingRT
    if (!rt || !this.renderer || !this.coatingTexture) return
    this.painter.texture = this.coatingTexture
    this.painter.position.set(0, 0)
    this.painter.scale.set(1)
    this.paintCoatingRT({ container: this.painter, target: rt, clear: true, clearColor: [0, 0, 0, 0] })
  }

  /** After a context loss the RenderTexture is blank: paint a fresh coating and erase the cleared cells. */
  private repaintFromGrid(): void {
    this.coatingLost = false
    const rt = this.coatingRT
    if (!rt || !this.renderer) return
    this.paintCoating()
    const { gridCols, gridRows } = this.config
    const cw = rt.width / gridCols
    const ch = rt.height / gridRows
    this.brush.clear()
    for (let r = 0; r < gridRows; r++) {
      for (let c = 0; c < gridCols; c++) if (this.grid.isCleared(c, r)) this.brush.rect(c * cw, r * ch, cw, ch)
    }
    this.brush.fill(0xffffff)
    this.paintCoatingRT({ container: this.stamps, target: rt, clear: false })
  }

  // ——— under the coating ———

  private showPending(): void {
    const t = this.texts
    if (!t) return
    t.pending.visible = true
    t.eyebrow.visible = t.headline.visible = t.detail.visible = false
  }

  private showResult(outcome: Outcome): void {
    const t = this.texts
    const win = this.parts?.scratch
    if (!t || !win) return
    const lines = resultLines(outcome)
    const color = lines.win ? ACCENTS.prizeRed : PALETTE.goldDeep
    const fit = fitHeadline(lines.headline, win.width * 0.86, Math.round(win.height * (lines.win ? 0.26 : 0.22)), Math.round(win.height * 0.11))
    this.replaceText('headline', fit.lines.join('\n'), { size: fit.size, color, letterSpacing: 2 })
    this.replaceText('eyebrow', lines.eyebrow, { size: Math.round(win.height * 0.11), color: PALETTE.goldDeep, letterSpacing: 4 })
    this.replaceText('detail', lines.detail, { size: Math.round(win.height * 0.1), color: PALETTE.goldDeep })

    const { eyebrow, headline, detail } = this.texts!
    t.pending.visible = false
    eyebrow.visible = lines.eyebrow !== ''
    detail.visible = lines.detail !== ''
    headline.visible = true
    // Stack the visible lines around the window's centre.
    const gap = win.height * 0.04
    const stack = [eyebrow, headline, detail].filter((x) => x.visible)
    const total = stack.reduce((sum, x) => sum + x.height, 0) + gap * (stack.length - 1)
    let y = win.height / 2 - total / 2
    for (const x of stack) {
      x.position.set(win.width / 2, y + x.height / 2)
      y += x.height + gap
    }
  }

  private replaceText(key: 'eyebrow' | 'headline' | 'detail', text: string, style: Parameters<typeof cjkText>[1]): void {
    const texts = this.texts
    if (!texts) return
    const old = texts[key]
    const next = cjkText(text, style, this.renderer?.resolution ?? 2)
    this.under.addChildAt(next, this.under.getChildIndex(old))
    old.destroy()
    texts[key] = next
  }

  // ——— size ———

  /** Place the card and size the grid (pure geometry); re-bake only when the pixel size really changed. */
  private layout(): void {
    const { aspect, margin, maxWidth } = this.config
    this.box = fitCard(this.area.width, this.area.height, { aspect, margin, maxWidth })
    this.card.position.set(this.box.x, this.box.y)
    const parts = cardParts(this.box.width, this.box.height)
    this.parts = parts
    const win = parts.scratch
    for (const s of [this.under, this.coating, this.cover]) s.position.set(win.x, win.y)
    this.coating.hitArea = new Rectangle(0, 0, win.width, win.height)
    this.grid.setSize(win.width, win.height)

    const renderer = this.renderer
    if (!renderer) return
    const key = `${this.box.width}x${this.box.height}@${renderer.resolution}`
    if (key === this.builtKey) return
    this.builtKey = key
    this.build(renderer, parts)
  }

  /** (Re)bake every texture for the current size; a scratched coating keeps its scratches. */
  private build(renderer: Renderer, parts: CardParts): void {
    const { width, height } = this.box
    const resolution = renderer.resolution
    const win = parts.scratch
    const { title, hint, pendingText } = this.config

    const oldFrame = this.frameTexture
    const oldPanel = this.panelTexture
    const oldCoating = this.coatingTexture
    const oldRT = this.coatingRT

    this.frameTexture = bakeFrame(renderer, width, height, parts, title, resolution)
    this.panelTexture = bakePrizePanel(renderer, win.width, win.height, parts.scratchRadius, resolution)
    this.coatingTexture = bakeCoating(renderer, win.width, win.height, parts.scratchRadius, hint, resolution)
    this.frame.texture = this.frameTexture
    this.panel.texture = this.panelTexture
    if (this.cover.visible) this.cover.texture = this.coatingTexture

    const rt = RenderTexture.create({ width: win.width, height: win.height, resolution, antialias: true })
    this.coatingRT = rt
    if (oldRT && this.grid.coverage > 0) {
      // Carry the scratches over, stretched to the new size.
      this.painter.texture = oldRT
      this.painter.scale.set(win.width / oldRT.width, win.height / oldRT.height)
      this.paintCoatingRT({ container: this.painter, target: rt, clear: true, clearColor: [0, 0, 0, 0] })
      this.painter.scale.set(1)
    } else {
      this.paintCoating()
    }
    this.painter.texture = Texture.EMPTY
    this.coating.texture = rt
    oldRT?.destroy(true)
    oldCoating?.destroy(true)
    oldPanel?.destroy(true)
    oldFrame?.destroy(true)

    // Texts are sized from the window: recreate them, then show what was shown.
    const old = this.texts
    const res = resolution
    const pending = cjkText(pendingText, { size: Math.round(win.height * 0.15), color: PALETTE.goldDeep, letterSpacing: 4 }, res)
    pending.position.set(win.width / 2, win.height / 2)
    const blank = (): Text => cjkText('', { size: 12 }, res)
    this.texts = { pending, eyebrow: blank(), headline: blank(), detail: blank() }
    this.under.addChild(pending, this.texts.eyebrow, this.texts.headline, this.texts.detail)
    if (old) for (const t of Object.values(old)) t.destroy()
    if (this.outcome) this.showResult(this.outcome)
    else this.showPending()
  }

  private destroyTextures(): void {
    this.coatingTexture?.destroy(true)
    this.panelTexture?.destroy(true)
    this.frameTexture?.destroy(true)
    this.coatingTexture = this.panelTexture = this.frameTexture = null
  }
}
