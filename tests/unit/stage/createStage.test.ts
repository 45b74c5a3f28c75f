// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Emitter } from '../../../src/games/shared/Emitter'
import type { GameEvents, LotteryGame } from '../../../src/games/shared/Game'
import { createStage } from '../../../src/stage/createStage'
import { DOMAdapter, FakeRenderGroup, fake } from '../../helpers/fakePixi'
import type { Application } from '../../helpers/fakePixi'
import { trackListeners } from '../../helpers/listeners'

vi.mock('pixi.js', () => import('../../helpers/fakePixi'))
vi.mock('pixi.js/text', () => ({}))

function fakeGame(): LotteryGame & { updates: number[]; sizes: [number, number][]; paints: boolean } {
  const updates: number[] = []
  const sizes: [number, number][] = []
  return {
    view: { destroyed: false } as unknown as LotteryGame['view'],
    events: new Emitter<GameEvents>(),
    state: 'idle',
    updates,
    sizes,
    prepare: async () => {},
    play: () => {},
    reveal: () => {},
    abort: () => {},
    reset: () => {},
    resize: (w, h) => void sizes.push([w, h]),
    paints: false,
    update(ms) {
      updates.push(ms)
      return this.paints
    },
    destroy: () => {},
  }
}

let parent: HTMLElement
let hidden = false

beforeEach(() => {
  fake.reset()
  DOMAdapter.reset()
  hidden = false
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden })
  parent = document.createElement('div')
  Object.defineProperty(parent, 'clientWidth', { configurable: true, get: () => 390 })
  Object.defineProperty(parent, 'clientHeight', { configurable: true, get: () => 390 })
  document.body.appendChild(parent)
})

afterEach(() => {
  vi.restoreAllMocks()
  parent.remove()
})

const onlyApp = (): Application => {
  expect(fake.instances).toHaveLength(1)
  return fake.instances[0]!
}

describe('createStage', () => {
  it('creates one WebGL-first app sized to the parent, transparent, at most 2× resolution', async () => {
    vi.stubGlobal('devicePixelRatio', 3)
    const stage = await createStage(parent)
    const app = onlyApp()
    expect(app.options).toMatchObject({
      width: 390,
      height: 390,
      resolution: 2,
      autoDensity: true,
      antialias: true,
      backgroundAlpha: 0,
      preference: ['webgl', 'canvas'],
    })
    expect(stage.rendererName).toBe('webgl')
    expect(parent.querySelectorAll('canvas')).toHaveLength(1)
    expect(app.ticker.started).toBe(true)
    stage.destroy()
    vi.unstubAllGlobals()
  })

  it('stops Pixi’s system ticker (its own animation frames) and keeps it stopped; no garbage collector needs it', async () => {
    const { Ticker } = await import('../../helpers/fakePixi')
    Ticker.system.started = true
    Ticker.system.autoStart = true
    const stage = await createStage(parent)
    expect(Ticker.system.started).toBe(false)
    expect(Ticker.system.autoStart).toBe(false)
    expect(onlyApp().options).toMatchObject({ gcActive: false })
    stage.destroy()
  })

  it('uses the device ratio when it is below the cap', async () => {
    vi.stubGlobal('devicePixelRatio', 1.5)
    await createStage(parent)
    expect(onlyApp().options?.resolution).toBe(1.5)
    vi.unstubAllGlobals()
  })

  it('falls back to the canvas renderer when WebGL fails to start, destroying the failed app', async () => {
    fake.webglFails = true
    const stage = await createStage(parent)
    expect(fake.instances).toHaveLength(2)
    expect(fake.instances[0]!.destroyed).toBe(true)
    expect(fake.instances[1]!.options?.preference).toEqual(['canvas'])
    expect(stage.rendererName).toBe('canvas')
    expect(parent.querySelectorAll('canvas')).toHaveLength(1)
  })

  it('goes straight to the canvas renderer when WebGL is absent, without a WebGL attempt', async () => {
    fake.webglAbsent = true
    const stage = await createStage(parent)
    expect(onlyApp().options?.preference).toEqual(['canvas'])
    expect(stage.rendererName).toBe('canvas')
  })

  it('once WebGL is known absent, Pixi\'s canvases answer a WebGL context with null without trying again; 2D untouched', async () => {
    const original = DOMAdapter.get()
    await createStage(parent)
    expect(DOMAdapter.get()).toBe(original)
    fake.webglAbsent = true
    await createStage(parent)
    const wrapped = DOMAdapter.get()
    expect(wrapped).not.toBe(original)
    // A second stage keeps the one wrapper.
    await createStage(parent)
    expect(DOMAdapter.get()).toBe(wrapped)
    const tried = vi.spyOn(HTMLCanvasElement.prototype, 'getContext')
    const canvas = DOMAdapter.get().createCanvas(4, 2)
    expect([canvas.width, canvas.height]).toEqual([4, 2])
    expect(canvas.getContext('webgl')).toBeNull()
    expect(canvas.getContext('webgl2')).toBeNull()
    expect(tried).not.toHaveBeenCalled()
    canvas.getContext('2d')
    expect(tried).toHaveBeenCalledWith('2d', undefined)
    tried.mockRestore()
  })

  it('can be forced to the canvas renderer', async () => {
    const stage = await createStage(parent, { renderer: 'canvas' })
    expect(onlyApp().options?.preference).toEqual(['canvas'])
    expect(stage.rendererName).toBe('canvas')
  })

  it('forced WebGL fails loudly rather than silently switching', async () => {
    fake.webglFails = true
    await expect(createStage(parent, { renderer: 'webgl' })).rejects.toThrow(/WebGL/)
    expect(fake.instances[0]!.destroyed).toBe(true)
    expect(parent.querySelector('canvas')).toBeNull()
  })

  it('drives the attached game from one ticker callback and sizes it', async () => {
    const stage = await createStage(parent)
    const app = onlyApp()
    const game = fakeGame()
    stage.attach(game)
    expect(game.sizes).toEqual([[390, 390]])
    expect(app.stage.children).toContain(game.view)
    // Only the stage's own callback: Pixi's render-every-tick is taken off.
    expect(app.ticker.fns.size).toBe(1)
    app.ticker.tick(16)
    app.ticker.tick(33)
    expect(game.updates).toEqual([16, 33])
    stage.detach()
    app.ticker.tick(16)
    expect(game.updates).toEqual([16, 33])
    expect(app.stage.children).not.toContain(game.view)
  })

  it('draws a frame only when the scene changed, the game painted, or the size changed', async () => {
    const stage = await createStage(parent)
    const app = onlyApp()
    // One frame of the empty stage during the creation: Pixi's batcher is built then, not in the game's first bake.
    expect(app.renders).toBe(1)
    const drawn = () => app.renders - 1
    const game = fakeGame()
    stage.attach(game)
    app.ticker.tick(16)
    expect(drawn()).toBe(1)
    // Nothing changed: no frame.
    app.ticker.tick(16)
    app.ticker.tick(16)
    expect(drawn()).toBe(1)
    // A display object moved (Pixi queued it for its transform update).
    app.stage.renderGroup.childrenToUpdate[2] = { index: 1 }
    app.ticker.tick(16)
    expect(drawn()).toBe(2)
    // A sprite's texture or a text changed, in a nested render group.
    const nested = new FakeRenderGroup()
    nested.structureDidChange = false
    app.stage.renderGroup.renderGroupChildren.push(nested)
    nested.childrenRenderablesToUpdate.index = 1
    app.ticker.tick(16)
    expect(drawn()).toBe(3)
    // The game painted into a texture the scene does not track.
    game.paints = true
    app.ticker.tick(16)
    expect(drawn()).toBe(4)
    game.paints = false
    app.ticker.tick(16)
    expect(drawn()).toBe(4)
  })

  it('a still game costs no frames: the ticker sleeps until the game moves again or something wakes it', async () => {
    vi.useFakeTimers()
    try {
      const stage = await createStage(parent)
      const app = onlyApp()
      let still = 0
      const game = Object.assign(fakeGame(), { stillFor: () => still })
      stage.attach(game)
      app.ticker.tick(16)
      expect(app.ticker.started).toBe(true)
      // Still for less than a few frames: not worth a sleep.
      still = 30
      app.ticker.tick(16)
      expect(app.ticker.started).toBe(true)
      still = 300
      app.ticker.tick(16)
      expect(app.ticker.started).toBe(false)
      expect(stage.paused).toBe(false)
      vi.advanceTimersByTime(299)
      expect(app.ticker.started).toBe(false)
      vi.advanceTimersByTime(1)
      expect(app.ticker.started).toBe(true)
      // The game, still at rest, moves its clock on by the time it slept, not by one frame (and sleeps again).
      app.ticker.tick(16)
      expect(game.updates.at(-1)).toBe(300)
      expect(app.ticker.started).toBe(false)
      still = 0
      stage.wake()
      app.ticker.tick(16)
      expect(game.updates.at(-1)).toBe(16)

      // Woken early: by a finger on the canvas, by the host (a play), by a resize.
      still = Infinity
      app.ticker.tick(16)
      expect(app.ticker.started).toBe(false)
      vi.advanceTimersByTime(40)
      app.canvas.dispatchEvent(new Event('pointerdown'))
      expect(app.ticker.started).toBe(true)
      app.ticker.tick(16)
      expect(game.updates.at(-1)).toBe(40)
      expect(app.ticker.started).toBe(false)
      stage.wake()
      expect(app.ticker.started).toBe(true)

      // Hidden while asleep: no wake-up timer runs meanwhile; visible again, it ticks.
      app.ticker.tick(16)
      expect(app.ticker.started).toBe(false)
      hidden = true
      document.dispatchEvent(new Event('visibilitychange'))
      expect(vi.getTimerCount()).toBe(0)
      hidden = false
      document.dispatchEvent(new Event('visibilitychange'))
      expect(app.ticker.started).toBe(true)
      // Woken by a play (the game moves now): its first frame is one frame, not the time it slept.
      still = 300
      app.ticker.tick(16)
      expect(app.ticker.started).toBe(false)
      vi.advanceTimersByTime(250)
      still = 0
      stage.wake()
      app.ticker.tick(16)
      expect(game.updates.at(-1)).toBe(16)
      stage.destroy()
      expect(vi.getTimerCount()).toBe(0)
    } finally {
      vi.useRealTimers()
    }
  })

  it('pauses the ticker while the page is hidden and resumes after', async () => {
    const stage = await createStage(parent)
    const app = onlyApp()
    hidden = true
    document.dispatchEvent(new Event('visibilitychange'))
    expect(app.ticker.started).toBe(false)
    expect(stage.paused).toBe(true)
    hidden = false
    document.dispatchEvent(new Event('visibilitychange'))
    expect(app.ticker.started).toBe(true)
  })

  it('starts paused when created in a hidden page', async () => {
    hidden = true
    const stage = await createStage(parent)
    expect(stage.paused).toBe(true)
  })

  it('survives a WebGL context loss: default prevented, rendering paused until restored', async () => {
    const stage = await createStage(parent)
    const app = onlyApp()
    const lost = new Event('webglcontextlost', { cancelable: true })
    app.canvas.dispatchEvent(lost)
    expect(lost.defaultPrevented).toBe(true)
    expect(stage.paused).toBe(true)
    app.canvas.dispatchEvent(new Event('webglcontextrestored'))
    expect(stage.paused).toBe(false)
    // hidden and lost are independent reasons to pause
    app.canvas.dispatchEvent(new Event('webglcontextlost', { cancelable: true }))
    hidden = true
    document.dispatchEvent(new Event('visibilitychange'))
    app.canvas.dispatchEvent(new Event('webglcontextrestored'))
    expect(stage.paused).toBe(true)
  })

  it('destroy removes every listener, the ticker callback and the canvas, then destroys the app; twice is harmless', async () => {
    const net = trackListeners()
    const stage = await createStage(parent)
    const app = onlyApp()
    stage.attach(fakeGame())
    stage.destroy()
    stage.destroy()
    expect(net.has('visibilitychange') && net.has('webglcontextlost') && net.has('webglcontextrestored')).toBe(true)
    for (const [type, count] of net) expect([type, count]).toEqual([type, 0])
    expect(app.ticker.fns.size).toBe(0)
    expect(parent.querySelector('canvas')).toBeNull()
    expect(app.destroyed).toBe(true)
    expect(app.destroyArgs[0]).toMatchObject({ removeView: true })
    expect(app.destroyArgs[1]).toMatchObject({ texture: true, textureSource: true })
    expect(app.stage.children).toHaveLength(0)
  })

  it('destroy before init resolves: the app is destroyed once init settles and never attached', async () => {
    fake.hold = true
    const controller = new AbortController()
    const pending = createStage(parent, { signal: controller.signal })
    // The init is under way (after the WebGL probe's task).
    await vi.waitFor(() => expect(fake.waiting).toHaveLength(1))
    controller.abort()
    expect(fake.instances[0]!.destroyed).toBe(false)
    fake.release()
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
    expect(fake.instances[0]!.destroyed).toBe(true)
    expect(parent.querySelector('canvas')).toBeNull()
  })
})
