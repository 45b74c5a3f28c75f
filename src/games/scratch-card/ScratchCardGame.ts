import { Container, Point, Rectangle, Sprite, Texture } from 'pixi.js'
import type { FederatedPointerEvent, Renderer } from 'pixi.js'
import type { Outcome } from '../../core/outcome'
import { easeOutBack, easeOutQuad, lerp } from '../shared/easing'
import { Emitter } from '../shared/Emitter'
import { yieldToMain } from '../startup'
import type { AbortInfo, GameEvents, GameSetup, GameState, LotteryGame } from '../shared/Game'
import { Phase } from '../shared/Phase'
import { TapGuard } from '../shared/TapGuard'
import { briskTunables, type PlayPace } from '../shared/pace'
import { bakeCoating, bakeFrameSteps } from './art'
import { CoverageGrid, stampsBetween } from './coverage'
import { SCRATCH_BRISK, SCRATCH_DEFAULTS } from './defaults'
import type { ScratchDefaults } from './defaults'
import type { Box, CardParts } from './layout'
import { cardParts, fitCard } from './layout'
import { PrizeWindow } from './PrizeWindow'
import { ScratchCoating } from './ScratchCoating'

/** The logical size the card is laid out in before the host's first resize(), CSS px. */
const INITIAL_AREA = { width: 390, height: 300 }

/**
 * 刮刮卡: a silver coating over the result. The first touch asks the host for a
 * play; the result is drawn under the coating only once `reveal()` gives it;
 * past the coverage threshold the coating fades away and `settled` fires.
 */
export class ScratchCardGame implements LotteryGame {
  readonly view = new Container()
  readonly events = new Emitter<GameEvents>()

  private readonly own: ScratchDefaults
  private readonly brisk: ScratchDefaults
  /** The tunables of the play running: the game's own, or brisk ones for a multi-draw's. */
  private config: ScratchDefaults
  /** A multi-draw's card: it reveals itself once the outcome is known, no finger needed. */
  private selfReveal = false
  private _state: GameState = 'idle'
  private renderer: Renderer | null = null

  // Scene, back to front.
  private readonly card = new Container()
  private readonly frame = new Sprite()
  private readonly under: PrizeWindow
  private readonly coating: ScratchCoating
  /** A fresh coating fading in over the scratched one on abort(). */
  private readonly cover = new Sprite()

  // Per size, rebuilt on real size changes only.
  private area = INITIAL_AREA
  private box: Box = { x: 0, y: 0, width: 0, height: 0 }
  private builtKey = ''
  /** The scratch window's size, CSS px (stamps outside it are skipped). */
  private coatingSize = { width: 0, height: 0 }
  private frameTexture: Texture | null = null

  // Play state.
  private readonly grid: CoverageGrid
  private readonly guard = new TapGuard()
  private frames = 0
  private outcome: Outcome | null = null
  private abortInfo: AbortInfo = { message: '' }
  /** The finger that scratches: one at a time. */
  private stroke: number | null = null
  private last: { x: number; y: number } | null = null
  private readonly local = new Point()
  private sinceTick = Infinity
  private scratchedSinceTick = false
  /** The coating's fade: out once revealed, a fresh one in after abort(). */
  private readonly fade = new Phase<'none' | 'reveal' | 'abort'>('none')
  private fadeFrom = 1
  /** The headline's pop as the coating fades out. */
  private readonly pop = new Phase<'none' | 'pop'>('none')
  private pulse = 0

  constructor(options: Partial<ScratchDefaults> = {}) {
    this.own = { ...SCRATCH_DEFAULTS, ...options }
    this.brisk = briskTunables(this.own, SCRATCH_BRISK)
    this.config = this.own
    this.grid = new CoverageGrid(this.config.gridCols, this.config.gridRows, 1, 1)
    this.coating = new ScratchCoating(this.grid, this.config.brushRadius)
    this.under = new PrizeWindow(this.config.pendingText)

    this.view.addChild(this.card)
    this.card.addChild(this.frame, this.under, this.coating, this.cover)
    this.cover.visible = false
    this.cover.eventMode = 'none'

    // The whole card is the touch surface (a finger often lands on the frame or the title
    // first): a stroke scratches wherever it crosses the coating. Moves are followed over
    // the whole canvas so a stroke may leave and come back.
    this.card.eventMode = 'static'
    this.card.cursor = 'pointer'
    this.card.on('pointerdown', this.onPointerDown)
    this.card.on('globalpointermove', this.onPointerMove)
    this.card.on('pointerup', this.onPointerUp)
    this.card.on('pointerupoutside', this.onPointerUp)
    this.card.on('pointercancel', this.onPointerUp)
    this.layout()
  }

  get state(): GameState {
    return this._state
  }

  /** Share of the coverage grid scratched off, 0–1 (for tests). */
  get coverage(): number {
    return this.grid.coverage
  }

  async prepare(_setup: GameSetup, renderer: Renderer): Promise<void> {
    this.coating.attach(renderer)
    this.renderer = renderer
    // The art one piece per task (start-up in short tasks). A resize meanwhile bakes it all at once, for its
    // size; the pieces left here then stop (layoutSteps).
    const steps = this.layoutSteps()
    do {
      await yieldToMain()
      // Closed, not left half-way: a texture being baked is destroyed.
      if (this.view.destroyed) return void steps.return()
    } while (!steps.next().done)
  }

  play(pace: PlayPace = 'normal'): void {
    if (this._state !== 'idle') return
    this.config = pace === 'brisk' ? this.brisk : this.own
    this.selfReveal = pace === 'brisk'
    this.guard.lock()
    this._state = 'playing'
    this.outcome = null
    this.under.showPending()
  }

  reveal(outcome: Outcome): void {
    if (this._state !== 'playing') return
    this.outcome = outcome
    this._state = 'revealing'
    this.under.showResult(outcome)
    if (this.selfReveal) {
      this.startRevealFade()
      return
    }
    // The threshold is checked in update(): if it was reached while waiting, the fade starts on the next frame.
  }

  abort(info: AbortInfo): void {
    if (this._state === 'aborting') return
    if (this._state !== 'playing' && this._state !== 'revealing') {
      this.events.emit('aborted', info)
      return
    }
    this._state = 'aborting'
    this.abortInfo = info
    this.endStroke()
    this.coating.dropStamps()
    this.cover.texture = this.coating.art
    this.cover.alpha = 0
    this.cover.visible = true
    this.fade.to('abort')
  }

  reset(): void {
    this.fade.to('none')
    this.pop.to('none')
    this.endStroke()
    this.coating.dropStamps()
    this.toIdle()
  }

  resize(width: number, height: number): void {
    this.area = { width, height }
    this.layout()
  }

  update(deltaMs: number): boolean {
    const c = this.config
    this.guard.frame(++this.frames)
    const painted = this.coating.update()

    this.sinceTick += deltaMs
    if (this.scratchedSinceTick && this.sinceTick >= c.tickIntervalMs) {
      this.scratchedSinceTick = false
      this.sinceTick = 0
      this.events.emit('tick', { kind: 'scratch' })
    }

    if (this._state === 'revealing' && this.fade.is === 'none' && this.grid.reached(c.threshold)) this.startRevealFade()

    // '开奖中…' pulses only while a play waits for its outcome; under an untouched coating nobody sees it.
    const pending = this.under.pending
    if (this._state === 'playing' && pending?.visible) {
      this.pulse = (this.pulse + deltaMs) % c.pulseMs
      pending.alpha = 0.55 + 0.45 * Math.cos((this.pulse / c.pulseMs) * Math.PI * 2)
    }
    this.stepPop(deltaMs)
    this.stepFade(deltaMs)
    return painted
  }

  stillFor(): number {
    // Moving: a play (its strokes are drawn a frame at a time, '开奖中…' pulses), a fade, the headline's pop, a finger
    // still down, a tap waiting for a later frame to re-arm. Otherwise nothing changes until a touch or a call wakes it.
    if (this._state !== 'idle' && this._state !== 'settled') return 0
    if (this.fade.is !== 'none' || this.pop.is !== 'none' || this.stroke !== null || this.guard.state === 'pending') return 0
    return Infinity
  }

  destroy(): void {
    this.fade.to('none')
    this.pop.to('none')
    this.cover.texture = Texture.EMPTY
    this.frame.texture = Texture.EMPTY
    this.frameTexture?.destroy(true)
    this.frameTexture = null
    this.card.removeAllListeners()
    // The coating and the prize window (children) free their textures with the view.
    this.view.destroy({ children: true })
    this.events.clear()
    this.renderer = null
  }

  // ——— pointer ———

  private readonly onPointerDown = (e: FederatedPointerEvent): void => {
    // One finger scratches; others are ignored until it lifts. A new primary pointer
    // means the old one is gone without an up (Pixi does not forward pointercancel).
    if (this.stroke !== null && e.pointerId !== this.stroke && !e.isPrimary) return
    this.endStroke()
    // The host calls play() inside this emit when a play is allowed.
    if (this._state === 'idle' && this.guard.tap(e.pointerId, this.frames)) this.events.emit('request', { template: 10 })
    if (!this.accepting()) return
    this.stroke = e.pointerId
    const p = e.getLocalPosition(this.coating, this.local)
    this.last = { x: p.x, y: p.y }
    this.stamp(p.x, p.y)
  }

  private readonly onPointerMove = (e: FederatedPointerEvent): void => {
    if (e.pointerId !== this.stroke || this.last === null) return
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
    this.guard.lift(e.pointerId)
    if (e.pointerId === this.stroke) this.endStroke()
  }

  private accepting(): boolean {
    return (this._state === 'playing' || this._state === 'revealing') && this.fade.is !== 'reveal'
  }

  private endStroke(): void {
    this.stroke = null
    this.last = null
  }

  /** Mark the grid now (cheap), draw later: the coating renders its stamps once per frame. */
  private stamp(x: number, y: number): void {
    // On the frame or the title band: nothing to erase (the stroke goes on and scratches once it reaches the coating).
    const r = this.config.brushRadius
    const win = this.coatingSize
    if (x <= -r || y <= -r || x >= win.width + r || y >= win.height + r) return
    this.coating.stamp(x, y)
    this.grid.markCircle(x, y, this.config.brushRadius)
    this.scratchedSinceTick = true
  }

  // ——— reveal, abort ———

  private startRevealFade(): void {
    if (!this.outcome) return
    this.fadeFrom = this.coating.alpha
    this.fade.to('reveal')
    this.endStroke()
    this.pop.to('pop')
  }

  private stepFade(deltaMs: number): void {
    const { fade, config: c } = this
    if (fade.is === 'none') return
    fade.advance(deltaMs)
    if (fade.is === 'reveal') {
      this.coating.alpha = lerp(this.fadeFrom, 0, fade.progress(c.revealFadeMs, easeOutQuad))
      if (!fade.over(c.revealFadeMs) || !this.outcome) return
      fade.to('none')
      this.coating.visible = false
      this._state = 'settled'
      this.events.emit('settled', { outcome: this.outcome })
    } else {
      this.cover.alpha = fade.progress(c.abortFadeMs, easeOutQuad)
      if (!fade.over(c.abortFadeMs)) return
      fade.to('none')
      this.toIdle()
      this.events.emit('aborted', this.abortInfo)
    }
  }

  private stepPop(deltaMs: number): void {
    const headline = this.under.headline
    if (this.pop.is === 'none') return
    // Nothing to pop (no headline): over at once, or the card would never be still.
    if (!headline) return void this.pop.to('none')
    this.pop.advance(deltaMs)
    const duration = this.config.revealFadeMs + this.config.popExtraMs
    headline.scale.set(lerp(this.config.popFrom, 1, this.pop.progress(duration, easeOutBack)))
    if (this.pop.over(duration)) this.pop.to('none')
  }

  /** A fresh card, nothing scratched, ready for a play. */
  private toIdle(): void {
    this.outcome = null
    this.grid.reset()
    this.coating.alpha = 1
    this.coating.visible = true
    this.cover.visible = false
    this.coating.paintFresh()
    this.under.showPending()
    this._state = 'idle'
    this.guard.reset()
  }

  // ——— size ———

  /** Place the card and size the grid (pure geometry); re-bake only when the pixel size really changed. */
  private layout(): void {
    for (const _ of this.layoutSteps());
  }

  /** layout(), paused (yield) between its bakes, where the caller may give the main thread back. */
  private *layoutSteps(): Generator<void, void, void> {
    const { aspect, margin, maxWidth } = this.config
    this.box = fitCard(this.area.width, this.area.height, { aspect, margin, maxWidth })
    this.card.position.set(this.box.x, this.box.y)
    const parts = cardParts(this.box.width, this.box.height)
    const win = parts.scratch
    for (const s of [this.under, this.coating, this.cover]) s.position.set(win.x, win.y)
    this.card.hitArea = new Rectangle(0, 0, this.box.width, this.box.height)
    this.coatingSize = { width: win.width, height: win.height }
    this.grid.setSize(win.width, win.height)

    const renderer = this.renderer
    if (!renderer) return
    const key = `${this.box.width}x${this.box.height}@${renderer.resolution}`
    if (key === this.builtKey) return
    this.builtKey = key
    yield* this.build(renderer, parts, key)
  }

  /**
   * (Re)bake every texture for the current size; a scratched coating keeps its scratches. Pauses (yield) between
   * the frame, the coating and the prize window; stops there if a newer layout (another size) has built since.
   */
  private *build(renderer: Renderer, parts: CardParts, key: string): Generator<void, void, void> {
    const { width, height } = this.box
    const resolution = renderer.resolution
    const win = parts.scratch
    const { title, hint } = this.config
    const frame = yield* bakeFrameSteps(renderer, width, height, parts, title, resolution)
    // A newer layout (another size) built meanwhile, or the game is gone: this frame is stale.
    if (this.builtKey !== key || this.view.destroyed) return frame.destroy(true)
    const oldFrame = this.frameTexture
    this.frameTexture = frame
    this.frame.texture = frame
    oldFrame?.destroy(true)
    yield
    if (this.builtKey !== key || this.view.destroyed) return
    this.coating.rebuild(bakeCoating(renderer, win.width, win.height, parts.scratchRadius, hint, resolution), win.width, win.height, resolution)
    if (this.cover.visible) this.cover.texture = this.coating.art
    yield
    if (this.builtKey !== key || this.view.destroyed) return
    this.under.rebuild(renderer, win, parts.scratchRadius, this.outcome)
  }
}
