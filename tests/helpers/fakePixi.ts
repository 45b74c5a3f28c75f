/**
 * A stand-in for pixi.js's Application, enough for the stage's lifecycle:
 * tests control when init settles and whether WebGL fails.
 * Use: vi.mock('pixi.js', () => import('<path>/helpers/fakePixi')).
 */
type TickFn = (ticker: FakeTicker) => void

export class FakeTicker {
  started = false
  autoStart = false
  deltaMS = 16
  readonly fns = new Set<TickFn>()
  add(fn: TickFn): this {
    this.fns.add(fn)
    return this
  }
  remove(fn: TickFn, _context?: unknown): this {
    this.fns.delete(fn)
    return this
  }
  start(): void {
    this.started = true
  }
  stop(): void {
    this.started = false
  }
  /** Run one frame of `ms` milliseconds. */
  tick(ms = 16): void {
    this.deltaMS = ms
    for (const fn of [...this.fns]) fn(this)
  }
}

/** Pixi's process-wide tickers: the system one runs from the start (its scheduler and event hover check listen). */
export const Ticker = { system: Object.assign(new FakeTicker(), { started: true, autoStart: true }) }

export interface InitOptions {
  width: number
  height: number
  resolution: number
  autoDensity: boolean
  antialias: boolean
  backgroundAlpha: number
  preference: string[]
  autoStart: boolean
}

/** Knobs shared by every FakeApplication. */
export const fake = {
  instances: [] as Application[],
  /** Init fails when it would pick WebGL (like a driver that refuses a context). */
  webglFails: false,
  /** isWebGLSupported() says no (WebGL disabled, no context at all). */
  webglAbsent: false,
  /** While set, init waits for `release()`. */
  hold: false,
  waiting: [] as (() => void)[],
  release(): void {
    for (const go of this.waiting.splice(0)) go()
  },
  reset(): void {
    this.instances = []
    this.webglFails = false
    this.webglAbsent = false
    this.hold = false
    this.waiting = []
  },
}

/** Pixi's environment adapter: what the stage wraps once WebGL is known absent. */
const browserAdapter = { createCanvas: (width = 1, height = 1) => Object.assign(document.createElement('canvas'), { width, height }) }
export const DOMAdapter = {
  current: browserAdapter as { createCanvas(width?: number, height?: number): HTMLCanvasElement },
  get() {
    return this.current
  },
  set(adapter: { createCanvas(width?: number, height?: number): HTMLCanvasElement }) {
    this.current = adapter
  },
  reset() {
    this.current = browserAdapter
  },
}

/** Pixi's probe: whether a WebGL context can be created. */
export function isWebGLSupported(): boolean {
  return !fake.webglAbsent
}

/** The part of Pixi's RenderGroup the stage reads to decide whether to draw; `render()` clears it. */
export class FakeRenderGroup {
  structureDidChange = true
  childrenRenderablesToUpdate = { index: 0 }
  childrenToUpdate: Record<number, { index: number }> = {}
  renderGroupChildren: FakeRenderGroup[] = []
  clear(): void {
    this.structureDidChange = false
    this.childrenRenderablesToUpdate.index = 0
    for (const depth in this.childrenToUpdate) this.childrenToUpdate[depth]!.index = 0
    for (const child of this.renderGroupChildren) child.clear()
  }
}

export class Application {
  readonly canvas: HTMLCanvasElement = document.createElement('canvas')
  readonly ticker = new FakeTicker()
  readonly stage = {
    renderGroup: new FakeRenderGroup(),
    children: [] as unknown[],
    addChild: (child: unknown) => {
      this.stage.renderGroup.structureDidChange = true
      this.stage.children.push(child)
    },
    removeChild: (child: unknown) => {
      this.stage.renderGroup.structureDidChange = true
      this.stage.children = this.stage.children.filter((c) => c !== child)
    },
  }
  /** Frames drawn. The real Application adds this to its ticker on init; the stage must take it off. */
  renders = 0
  readonly render = (): void => {
    this.renders += 1
    this.stage.renderGroup.clear()
  }
  readonly screen = { width: 0, height: 0 }
  readonly renderer = {
    name: '',
    resize: (width: number, height: number) => {
      this.screen.width = width
      this.screen.height = height
    },
  }
  options: InitOptions | null = null
  destroyed = false
  destroyArgs: unknown[] = []

  constructor() {
    fake.instances.push(this)
  }

  async init(options: InitOptions): Promise<void> {
    this.options = options
    if (fake.hold) await new Promise<void>((go) => fake.waiting.push(go))
    const name = options.preference[0]!
    if (name === 'webgl' && fake.webglFails) throw new Error('WebGL context could not be created')
    this.renderer.name = name
    this.screen.width = options.width
    this.screen.height = options.height
    this.ticker.add(this.render)
    if (options.autoStart) this.ticker.start()
  }

  destroy(...args: unknown[]): void {
    this.destroyed = true
    this.destroyArgs = args
    // Pixi's own callback goes with the app; any other left on the ticker is the caller's leak.
    this.ticker.remove(this.render)
    this.canvas.remove()
  }
}

