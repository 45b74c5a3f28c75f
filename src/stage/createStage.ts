// Registers Text rendering with the renderer: Pixi adds it only when the text module is
// imported, and the games (which use Text) load after the Application is created.
import 'pixi.js/text'
// …and BitmapText (the red packet's amount digits), for the same reason.
import 'pixi.js/text-bitmap'
import 'pixi.js/unsafe-eval'
// The one extension of Pixi's default set (pixi.js/browser) the games use: pointer events (taps, the scratch).
// The stage asks Pixi not to import that set (skipExtensionImports): its accessibility layer is never used (the page
// gives the game its names, live region and a real play button in the DOM), nor are filters or DOM containers, and
// all of them would be evaluated with the renderer, in the page's start-up.
import 'pixi.js/events'
import { Application, DOMAdapter, Ticker, isWebGLSupported } from 'pixi.js'
import type { RenderGroup, Renderer } from 'pixi.js'
import type { LotteryGame } from '../games/shared/Game'
import { yieldToMain } from '../games/startup'

/** 'auto' tries WebGL and falls back to Pixi's canvas renderer; the others force one. */
export type RendererPreference = 'auto' | 'webgl' | 'canvas'

/** The renderer actually running. */
export type RendererName = 'webgl' | 'canvas'

export interface StageOptions {
  /** Which renderer to use; 'auto' = WebGL, else canvas. */
  renderer: RendererPreference
  /** Upper bound of the backing store's device pixels per CSS px (phones at 3× render at 2×). */
  maxResolution: number
  /** Multisample edges (WebGL); cheap at this size. */
  antialias: boolean
  /** Cancels a creation still in flight: the app is destroyed once its init settles and never attached. */
  signal?: AbortSignal
}

export const STAGE_DEFAULTS: Readonly<Omit<StageOptions, 'signal'>> = Object.freeze({
  renderer: 'auto',
  maxResolution: 2,
  antialias: true,
})

/** A Pixi application owned by one host element. Create one per mount; a destroyed stage is never reused. */
export interface Stage {
  readonly app: Application
  readonly renderer: Renderer
  readonly rendererName: RendererName
  readonly canvas: HTMLCanvasElement
  /** True while the page is hidden or the WebGL context lost: nothing is drawn. (A still game's sleep is no pause.) */
  readonly paused: boolean
  /** Logical size, CSS px. */
  readonly width: number
  readonly height: number
  /** Show a game: its view joins the stage, the ticker drives its `update`, it gets the current size. Replaces (detaches) any previous game. */
  attach(game: LotteryGame): void
  /** Take the current game off the stage without destroying it (its owner does). */
  detach(): void
  /** The game changed outside a frame (a play started, its art was rebuilt): animate again from the next frame. */
  wake(): void
  /** Tear everything down, in reverse order of construction. Idempotent. */
  destroy(): void
}

/** Thrown (as the promise's rejection) when `signal` aborted the creation. */
export class StageAbortedError extends Error {
  constructor() {
    super('stage creation aborted')
    this.name = 'AbortError'
  }
}

/**
 * Create a Pixi application inside `parent`: WebGL preferred, Pixi's canvas
 * renderer when WebGL is missing or fails to start; sized to the parent; ticker
 * paused while the page is hidden; WebGL context loss survived.
 */
export async function createStage(parent: HTMLElement, options: Partial<StageOptions> = {}): Promise<Stage> {
  const opts = { ...STAGE_DEFAULTS, ...options }
  const app = await initApp(parent, opts)
  quietSystemTicker()
  if (!opts.signal?.aborted) {
    // Pixi builds its batcher's shader programs (GLSL and WGSL text, for the canvas renderer too, which probes a WebGL
    // context there) at the first render: here, in a task of its own with nothing to draw, not in the game's first bake.
    await yieldToMain()
    if (!opts.signal?.aborted) app.render()
  }
  if (opts.signal?.aborted) {
    app.destroy({ removeView: true }, { children: true, texture: true, textureSource: true })
    throw new StageAbortedError()
  }
  return new PixiStage(parent, app)
}

/** Init an Application with the preferred renderer, then with canvas if that failed. */
async function initApp(parent: HTMLElement, opts: Omit<StageOptions, 'signal'>): Promise<Application> {
  const base = {
    width: Math.max(1, parent.clientWidth),
    height: Math.max(1, parent.clientHeight),
    resolution: Math.min(globalThis.devicePixelRatio || 1, opts.maxResolution),
    autoDensity: true,
    antialias: opts.antialias,
    backgroundAlpha: 0,
    // The ticker starts once the stage is attached (and the page is visible).
    autoStart: false,
    sharedTicker: false,
    // The extensions come from the imports above (see there).
    skipExtensionImports: true,
    // No texture / renderable garbage collection: the games own their textures and free them themselves, and the
    // collector's clock is what keeps Pixi's system ticker running (see quietSystemTicker).
    gcActive: false,
  }
  // Whether WebGL starts at all, asked in a task of its own (Pixi caches the answer and asks it again in init):
  // the probe creates a context, which is a wait on the GPU process, and the renderer's start-up that follows is
  // long enough alone (Lighthouse's Total Blocking Time). Without WebGL Pixi goes straight to canvas.
  const webgl = opts.renderer === 'webgl' || (opts.renderer === 'auto' && isWebGLSupported())
  if (opts.renderer === 'auto' && !webgl) webglKnownAbsent()
  await yieldToMain()
  if (webgl) {
    const app = new Application()
    try {
      // Never WebGPU: too young on the WebViews we target; canvas is the fallback.
      await app.init({ ...base, preference: opts.renderer === 'webgl' ? ['webgl'] : ['webgl', 'canvas'] })
      return app
    } catch (error) {
      safeDestroy(app)
      if (opts.renderer === 'webgl') throw error
    }
  }
  const app = new Application()
  try {
    await app.init({ ...base, preference: ['canvas'] })
  } catch (error) {
    safeDestroy(app)
    throw error
  }
  return app
}

/**
 * Without WebGL, Pixi's canvas renderer still builds its batcher's GL shader programs, and asks a test WebGL context for
 * the shader precision there: a second context creation, on a device where the probe has just seen the first fail.
 * Pixi's canvases are given that answer (no WebGL context) instead of trying again; 2D contexts are untouched. Only
 * once the probe said no, so for good. (Profiled in Lighthouse, the warm-up frame's long wait was the first clearRect
 * on the game's canvas, not this creation: this saves a failed creation, not that wait.)
 */
const withoutWebGL = new WeakSet<object>()
function webglKnownAbsent(): void {
  const adapter = DOMAdapter.get()
  // Once: every stage after the first would wrap the wrapper again.
  if (withoutWebGL.has(adapter)) return
  const wrapped: typeof adapter = {
    ...adapter,
    createCanvas(width, height) {
      const canvas = adapter.createCanvas(width, height)
      const getContext = canvas.getContext.bind(canvas) as (id: string, options?: unknown) => unknown
      canvas.getContext = ((id: string, options?: unknown) => (/webgl/i.test(id) ? null : getContext(id, options))) as typeof canvas.getContext
      return canvas
    },
  }
  withoutWebGL.add(wrapped)
  DOMAdapter.set(wrapped)
}

/**
 * Pixi's system ticker runs its own requestAnimationFrame loop for as long as anything listens to it: the
 * renderer's scheduler (only the garbage collector's timers, switched off above) and the event system's hover
 * check (re-sends a still mouse's position as objects move under it: no use to a touch page, and nothing here
 * changes under a resting cursor). Left running it doubles every frame's animation-frame work during a play
 * and keeps a still page drawing frames: stopped, and kept from restarting when a later stage registers.
 */
function quietSystemTicker(): void {
  Ticker.system.autoStart = false
  Ticker.system.stop()
}

/** A half-initialised Application may throw while destroying; it has nothing left to leak that we could reach. */
function safeDestroy(app: Application): void {
  try {
    app.destroy({ removeView: true })
  } catch {
    // ignored on purpose: see above
  }
}

/** A still game sleeps only when it stays still at least this long, ms: shorter, the next frame comes first anyway. */
const MIN_SLEEP_MS = 50
/** The longest sleep, ms: a bound on the game time a wake-up hands over at once. */
const MAX_SLEEP_MS = 1000
const WAKE_LISTENER: AddEventListenerOptions = { capture: true, passive: true }

class PixiStage implements Stage {
  readonly app: Application
  readonly rendererName: RendererName
  private game: LotteryGame | null = null
  private hidden = document.hidden
  private contextLost = false
  private destroyed = false
  private needsFrame = true
  /** While the game is still (see LotteryGame.stillFor): the timer that wakes the ticker, and when it went to sleep. */
  private wakeTimer: ReturnType<typeof setTimeout> | null = null
  private asleepSince: number | null = null
  private readonly observer: ResizeObserver | null

  constructor(
    private readonly parent: HTMLElement,
    app: Application,
  ) {
    this.app = app
    this.rendererName = app.renderer.name === 'canvas' ? 'canvas' : 'webgl'
    parent.appendChild(app.canvas)
    app.canvas.style.display = 'block'
    document.addEventListener('visibilitychange', this.onVisibility)
    app.canvas.addEventListener('webglcontextlost', this.onContextLost)
    app.canvas.addEventListener('webglcontextrestored', this.onContextRestored)
    // A finger on the game (the wheel's button sinks under it) wakes a still stage; Pixi's handlers change the scene.
    app.canvas.addEventListener('pointerdown', this.onWake, WAKE_LISTENER)
    window.addEventListener('pointerup', this.onWake, WAKE_LISTENER)
    window.addEventListener('pointercancel', this.onWake, WAKE_LISTENER)
    if (typeof ResizeObserver === 'function') {
      this.observer = new ResizeObserver(this.onResize)
      this.observer.observe(parent)
    } else {
      this.observer = null
      window.addEventListener('resize', this.onResize)
    }
    // Draw on demand: the Application renders on every tick by default; onTick renders only what changed.
    app.ticker.remove(app.render, app)
    app.ticker.add(this.onTick)
    this.syncTicker()
  }

  get renderer(): Renderer {
    return this.app.renderer
  }

  get canvas(): HTMLCanvasElement {
    return this.app.canvas
  }

  get paused(): boolean {
    return this.hidden || this.contextLost
  }


  get width(): number {
    return this.app.screen.width
  }

  get height(): number {
    return this.app.screen.height
  }

  attach(game: LotteryGame): void {
    this.detach()
    this.game = game
    this.app.stage.addChild(game.view)
    game.resize(this.width, this.height)
    this.needsFrame = true
    this.wake()
  }

  wake(): void {
    if (this.wakeTimer === null) return
    clearTimeout(this.wakeTimer)
    this.wakeTimer = null
    this.syncTicker()
  }

  detach(): void {
    if (!this.game) return
    if (!this.game.view.destroyed) this.app.stage.removeChild(this.game.view)
    this.game = null
  }

  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    this.app.ticker.remove(this.onTick)
    if (this.wakeTimer !== null) clearTimeout(this.wakeTimer)
    this.wakeTimer = null
    this.app.canvas.removeEventListener('pointerdown', this.onWake, WAKE_LISTENER)
    window.removeEventListener('pointerup', this.onWake, WAKE_LISTENER)
    window.removeEventListener('pointercancel', this.onWake, WAKE_LISTENER)
    if (this.observer) this.observer.disconnect()
    else window.removeEventListener('resize', this.onResize)
    this.app.canvas.removeEventListener('webglcontextrestored', this.onContextRestored)
    this.app.canvas.removeEventListener('webglcontextlost', this.onContextLost)
    document.removeEventListener('visibilitychange', this.onVisibility)
    this.detach()
    this.app.canvas.remove()
    this.app.destroy({ removeView: true }, { children: true, texture: true, textureSource: true })
  }

  /**
   * A frame is drawn only when the game changed the scene (or painted into a
   * texture): a game at rest costs a timer callback, not a render, and the GPU
   * and the compositor stay idle — on a phone that is battery; under software
   * WebGL, the difference between 2 and 40 frames a second for the whole page.
   */
  private readonly onTick = (ticker: Ticker): void => {
    const game = this.game
    // Back from a sleep, a game still at rest moves its clock on by the time it slept (Pixi's restarted ticker would
    // say one frame). One woken by a change (a play: no longer still) starts it from now, with one frame: the time
    // slept is not the spin's, which would jump ahead by it.
    const slept = this.asleepSince === null ? null : performance.now() - this.asleepSince
    this.asleepSince = null
    const resting = slept !== null && (game?.stillFor?.() ?? 0) > 0
    const painted = game?.update(resting ? Math.min(slept, MAX_SLEEP_MS) : ticker.deltaMS) ?? false
    const group = this.app.stage.renderGroup
    if (painted || this.needsFrame || !group || sceneChanged(group)) {
      this.needsFrame = false
      this.app.render()
    }
    // Nothing will move for a while: no animation frames (each one costs the page a frame's work
    // even when nothing is drawn) until then, or until a finger, a play or a resize wakes it.
    const still = game?.stillFor?.() ?? 0
    if (still >= MIN_SLEEP_MS) this.sleep(Math.min(still, MAX_SLEEP_MS))
  }

  private sleep(ms: number): void {
    this.asleepSince = performance.now()
    this.wakeTimer = setTimeout(this.onWake, ms)
    this.app.ticker.stop()
  }

  private readonly onWake = (): void => {
    this.wake()
  }

  private readonly onVisibility = (): void => {
    this.hidden = document.hidden
    this.needsFrame = true
    this.wake()
    this.syncTicker()
  }

  // Pixi itself prevents the default (so the context can come back) and
  // re-uploads every texture that has a CPU-side source on restore; the games'
  // baked RenderTextures are drawn again by shared/bake.ts, and the scratch
  // coating repaints itself. We only stop rendering into a dead context meanwhile.
  private readonly onContextLost = (event: Event): void => {
    event.preventDefault()
    this.contextLost = true
    this.syncTicker()
  }

  private readonly onContextRestored = (): void => {
    this.contextLost = false
    this.needsFrame = true
    this.wake()
    this.syncTicker()
  }

  private readonly onResize = (): void => {
    const width = Math.max(1, this.parent.clientWidth)
    const height = Math.max(1, this.parent.clientHeight)
    if (width === this.width && height === this.height) return
    this.app.renderer.resize(width, height)
    this.game?.resize(width, height)
    this.needsFrame = true
    this.wake()
  }

  private syncTicker(): void {
    const run = !this.hidden && !this.contextLost && this.wakeTimer === null
    if (run && !this.app.ticker.started) this.app.ticker.start()
    else if (!run && this.app.ticker.started) this.app.ticker.stop()
  }
}

/**
 * Whether anything under this render group changed since it was last drawn,
 * read from the bookkeeping Pixi keeps for its own incremental updates: every
 * edit of a display object (transform, alpha, visibility, tint, texture, text,
 * children) lands in one of these lists until the next render.
 */
function sceneChanged(group: RenderGroup): boolean {
  if (group.structureDidChange || group.childrenRenderablesToUpdate.index > 0) return true
  for (const depth in group.childrenToUpdate) if ((group.childrenToUpdate[depth]?.index ?? 0) > 0) return true
  return group.renderGroupChildren.some(sceneChanged)
}
