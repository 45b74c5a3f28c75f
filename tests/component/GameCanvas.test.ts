import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import GameCanvas from '../../src/components/GameCanvas.vue'
import type { Template } from '../../src/core/activity'
import type { Outcome } from '../../src/core/outcome'
import { Emitter } from '../../src/games/shared/Emitter'
import type { GameEvents, GamePrize, GameSetup, LotteryGame } from '../../src/games/shared/Game'
import { fake } from '../helpers/fakePixi'
import { trackListeners } from '../helpers/listeners'
import { WAIT } from '../helpers/mount'

// The real stage on a fake Pixi Application; a fake game behind the game interface.
vi.mock('pixi.js', () => import('../helpers/fakePixi'))
vi.mock('pixi.js/text', () => ({}))
vi.mock('../../src/games', () => ({ loadGame: vi.fn(async (template: Template) => new FakeGame(template)) }))

class FakeGame implements LotteryGame {
  static all: FakeGame[] = []
  readonly view = { destroyed: false } as unknown as LotteryGame['view']
  readonly events = new Emitter<GameEvents>()
  state: LotteryGame['state'] = 'idle'
  calls: string[] = []
  prepared: GameSetup[] = []
  destroyed = false
  constructor(readonly template: Template) {
    FakeGame.all.push(this)
  }
  async prepare(setup: GameSetup): Promise<void> {
    this.prepared.push(setup)
  }
  play(): void {
    this.calls.push('play')
  }
  reveal(outcome: Outcome): void {
    this.calls.push(`reveal:${outcome.kind}`)
  }
  abort(): void {
    this.calls.push('abort')
  }
  reset(): void {
    this.calls.push('reset')
  }
  resize(): void {}
  update(): boolean {
    return false
  }
  destroy(): void {
    this.destroyed = true
  }
}

const prizes: GamePrize[] = [{ id: 1, name: '一等奖', type: 'physical', money: 0, img: '' }]
const setup = (template: Template = 11, list = prizes): GameSetup => ({ template, title: '测试', prizes: list })

type Exposed = {
  play(): boolean
  reveal(o: Outcome): void
  abort(i: { message: string }): void
  reset(): void
  state: string
}

beforeEach(() => {
  fake.reset()
  FakeGame.all = []
})
afterEach(() => {
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

/** Wait out the lazy imports and init: until the root leaves the loading state. */
async function settle(wrapper: { attributes(name: string): string | undefined }): Promise<void> {
  await vi.waitFor(() => expect(wrapper.attributes('data-state')).not.toBe('loading'), WAIT)
  await flushPromises()
}

async function mountReady(props: Record<string, unknown> = {}) {
  const wrapper = mount(GameCanvas, { props: { setup: setup(), ...props }, attachTo: document.body })
  await settle(wrapper)
  return wrapper
}

/** Mounted and ready, with the exposed API and the one game it drives. */
async function mountDriven() {
  const wrapper = await mountReady()
  return { wrapper, api: wrapper.vm as unknown as Exposed, game: FakeGame.all[0]! }
}

describe('GameCanvas', () => {
  it('shows the skeleton while loading, then the canvas, with state and renderer on the root', async () => {
    const wrapper = mount(GameCanvas, { props: { setup: setup() }, attachTo: document.body })
    expect(wrapper.attributes('data-state')).toBe('loading')
    expect(wrapper.find('.game-canvas__skeleton').exists()).toBe(true)
    expect(wrapper.attributes('role')).toBe('img')
    expect(wrapper.attributes('aria-label')).toBe('大转盘游戏')
    await settle(wrapper)
    expect(wrapper.attributes('data-state')).toBe('ready')
    expect(wrapper.attributes('data-renderer')).toBe('webgl')
    expect(wrapper.find('.game-canvas__skeleton').exists()).toBe(false)
    expect(wrapper.findAll('canvas')).toHaveLength(1)
    expect(wrapper.emitted('ready')).toEqual([[{ renderer: 'webgl' }]])
    expect(FakeGame.all[0]!.prepared).toEqual([setup()])
    wrapper.unmount()
  })

  it('passes the renderer choice through to the stage', async () => {
    const wrapper = await mountReady({ renderer: 'canvas' })
    expect(fake.instances[0]!.options?.preference).toEqual(['canvas'])
    expect(wrapper.attributes('data-renderer')).toBe('canvas')
    wrapper.unmount()
  })

  it('forwards the game events and drives the game through the exposed API', async () => {
    const { wrapper, api, game } = await mountDriven()
    game.events.emit('request', { template: 11 })
    expect(wrapper.emitted('request')).toEqual([[{ template: 11 }]])

    expect(api.play()).toBe(true)
    expect(api.play()).toBe(false) // no second play while one runs
    await nextTick()
    expect(wrapper.attributes('data-state')).toBe('playing')
    api.reveal({ kind: 'no_award' })
    await nextTick()
    expect(wrapper.attributes('data-state')).toBe('revealing')
    game.events.emit('settled', { outcome: { kind: 'no_award' } })
    await nextTick()
    expect(wrapper.attributes('data-state')).toBe('settled')
    expect(api.state).toBe('settled')
    expect(wrapper.emitted('settled')).toEqual([[{ outcome: { kind: 'no_award' } }]])
    api.reset()
    api.play()
    api.abort({ message: '网络错误' })
    await nextTick()
    expect(wrapper.attributes('data-state')).toBe('aborting')
    game.events.emit('aborted', { message: '网络错误' })
    await nextTick()
    expect(wrapper.attributes('data-state')).toBe('ready')
    expect(wrapper.emitted('aborted')).toEqual([[{ message: '网络错误' }]])
    expect(game.calls).toEqual(['play', 'reveal:no_award', 'reset', 'play', 'abort'])
    wrapper.unmount()
  })

  it('recreates the game when the template changes, on the same stage', async () => {
    const wrapper = await mountReady()
    await wrapper.setProps({ setup: setup(12) })
    await settle(wrapper)
    expect(FakeGame.all.map((g) => g.template)).toEqual([11, 12])
    expect(FakeGame.all[0]!.destroyed).toBe(true)
    expect(fake.instances).toHaveLength(1)
    expect(wrapper.attributes('aria-label')).toBe('红包游戏')
    expect(wrapper.attributes('data-state')).toBe('ready')
    wrapper.unmount()
  })

  it('prepares again when the prizes change, after the play in progress', async () => {
    const { wrapper, api, game } = await mountDriven()
    const more = [...prizes, { id: 2, name: '二等奖', type: 'virtual' as const, money: 0, img: '' }]
    await wrapper.setProps({ setup: setup(11, more) })
    await flushPromises()
    expect(game.prepared).toHaveLength(2)

    api.play()
    await wrapper.setProps({ setup: setup(11, prizes) })
    await flushPromises()
    expect(game.prepared).toHaveLength(2) // not mid-play
    game.events.emit('settled', { outcome: { kind: 'no_award' } })
    api.reset()
    await flushPromises()
    expect(game.prepared).toHaveLength(3)
    expect(game.prepared[2]!.prizes).toEqual(prizes)
    wrapper.unmount()
  })

  it('unmount destroys the game, then the stage: no canvas left', async () => {
    const wrapper = await mountReady()
    wrapper.unmount()
    expect(FakeGame.all[0]!.destroyed).toBe(true)
    expect(fake.instances[0]!.destroyed).toBe(true)
    expect(document.querySelectorAll('canvas')).toHaveLength(0)
  })

  it('unmount before Pixi finished starting: the app is destroyed when init settles, never attached', async () => {
    fake.hold = true
    const wrapper = mount(GameCanvas, { props: { setup: setup() }, attachTo: document.body })
    await vi.waitFor(() => expect(fake.waiting).toHaveLength(1), WAIT)
    wrapper.unmount()
    fake.release()
    await flushPromises()
    expect(fake.instances[0]!.destroyed).toBe(true)
    expect(document.querySelectorAll('canvas')).toHaveLength(0)
    expect(FakeGame.all).toHaveLength(0)
    expect(wrapper.emitted('error')).toBeUndefined()
  })

  it('reports a failure to start as an error state and event', async () => {
    fake.webglFails = true
    const wrapper = await mountReady({ renderer: 'webgl' })
    expect(wrapper.attributes('data-state')).toBe('error')
    expect(wrapper.emitted('error')).toHaveLength(1)
    expect(wrapper.text()).toContain('游戏加载失败')
    wrapper.unmount()
  })

  it('20 mount/unmount cycles leak no canvas, listener or ticker callback', async () => {
    const net = trackListeners()
    for (let i = 0; i < 20; i++) {
      // half of them unmount in the middle of starting
      fake.hold = i % 2 === 1
      const wrapper = mount(GameCanvas, { props: { setup: setup() }, attachTo: document.body })
      if (fake.hold) await vi.waitFor(() => expect(fake.waiting).toHaveLength(1), WAIT)
      else await settle(wrapper)
      wrapper.unmount()
      fake.release()
      await flushPromises()
    }
    expect(fake.instances).toHaveLength(20)
    expect(fake.instances.every((app) => app.destroyed)).toBe(true)
    expect(fake.instances.every((app) => app.ticker.fns.size === 0)).toBe(true)
    expect(FakeGame.all.every((g) => g.destroyed)).toBe(true)
    expect(document.querySelectorAll('canvas')).toHaveLength(0)
    expect(net.get('visibilitychange')).toBe(0)
    for (const [type, count] of net) expect([type, count]).toEqual([type, 0])
  })
})
