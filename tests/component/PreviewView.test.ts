import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, flushPromises } from '@vue/test-utils'
import PreviewView from '../../src/views/PreviewView.vue'
import { DEFAULT_TIPS } from '../../src/core/activity'
import { demoForTemplate } from '../../src/core/demo'
import { usePreviewStore } from '../../src/stores/preview'
import { gameCanvasCalls, resetGameCanvasCalls } from '../helpers/GameCanvasStub'
import { bodyQuery, dt, fillUserForm, freshPinia, later, mountWithApp, submitUserForm, WAIT } from '../helpers/mount'

// The stage is replaced by a stub with the same props, events and exposed methods: pixi.js is never loaded.
vi.mock('../../src/components/GameCanvas.vue', async () => ({
  default: (await import('../helpers/GameCanvasStub')).GameCanvasStub,
}))

enableAutoUnmount(afterEach)
beforeEach(resetGameCanvasCalls)

async function mountPreview(path: string) {
  const pinia = freshPinia()
  const store = usePreviewStore()
  store.options.drawLatencyMs = 0
  store.options.infoLatencyMs = 0
  const mounted = await mountWithApp(PreviewView, { path, pinia })
  return { ...mounted, store }
}

/** Wait until the stub has been asked to land, then until the dialog shows. */
async function untilResult() {
  await vi.waitFor(() => expect(bodyQuery(dt('result'))).not.toBeNull(), WAIT)
}

function send(data: unknown, origin = window.location.origin) {
  window.dispatchEvent(new MessageEvent('message', { data, origin }))
}

describe('PreviewView', () => {
  it('shows the template demo with the preview ribbon and passes the renderer through', async () => {
    const { wrapper } = await mountPreview('/preview/wheel?renderer=canvas')
    expect(wrapper.find(dt('ribbon')).text()).toBe('预览模式 · 不会保存')
    expect(wrapper.find(dt('title')).text()).toBe(demoForTemplate(11).active_title)
    const canvas = wrapper.find(dt('game-canvas'))
    expect(canvas.attributes('data-template')).toBe('11')
    expect(canvas.attributes('data-renderer')).toBe('canvas')
    // Below the first screen: rendered a task after the rest (ActivityPage).
    await vi.waitFor(() => expect(wrapper.findAll(dt('prize'))).toHaveLength(demoForTemplate(11).prize.length), WAIT)
  })

  it('plays a forced no-win to the dialog with the custom tips text', async () => {
    const { wrapper, store } = await mountPreview('/preview/wheel')
    store.force({ kind: 'no_award' })
    await wrapper.find(dt('play')).trigger('click')
    expect(gameCanvasCalls.play).toHaveBeenCalledTimes(1)
    await untilResult()
    expect(gameCanvasCalls.reveal).toHaveBeenCalledWith({ kind: 'no_award' })
    expect(bodyQuery(dt('tips'))!.textContent).toBe(demoForTemplate(11).tips.no_award)
  })

  it('shows the seed default tip when the demo has none (scratch card)', async () => {
    const { store } = await mountPreview('/preview/scratch')
    store.force({ kind: 'no_times' })
    gameCanvasCalls.request() // the participant touched the card
    await untilResult()
    expect(bodyQuery(dt('tips'))!.textContent).toBe(DEFAULT_TIPS.no_times)
  })

  it('shows a forced red packet win with its amount, and counts the chance', async () => {
    const { wrapper, store } = await mountPreview('/preview/redpacket')
    const before = store.chancesLeft
    store.force({ kind: 'win', prizeId: 1 })
    await wrapper.find(dt('play')).trigger('click')
    await untilResult()
    expect(bodyQuery(dt('amount'))!.textContent).toBe('¥8.88')
    expect(bodyQuery(dt('prize-name'))!.textContent).toBe('8.88元红包')
    expect(store.chancesLeft).toBe((before ?? 0) - 1)
  })

  it('stays locked while the game lands: a second tap does not draw again', async () => {
    const { wrapper, store } = await mountPreview('/preview/wheel')
    gameCanvasCalls.autoSettle = false
    store.force({ kind: 'no_award' })
    await wrapper.find(dt('play')).trigger('click')
    await vi.waitFor(() => expect(gameCanvasCalls.reveal).toHaveBeenCalledTimes(1), WAIT)
    expect(wrapper.find(dt('play')).attributes('disabled')).toBeDefined()
    gameCanvasCalls.request()
    await wrapper.find(dt('play')).trigger('click')
    await later()
    expect(gameCanvasCalls.play).toHaveBeenCalledTimes(1)
    expect(bodyQuery(dt('result'))).toBeNull()
    gameCanvasCalls.settle()
    await untilResult()
  })

  it('asks for the info form on a forced need_info, then lands without a second tap', async () => {
    const { wrapper, store } = await mountPreview('/preview/wheel')
    store.force({ kind: 'need_info' })
    await wrapper.find(dt('play')).trigger('click')
    await vi.waitFor(() => expect(bodyQuery(dt('user-form'))).not.toBeNull(), WAIT)
    await fillUserForm({ name: '张三', tel: '13812345678' })
    await submitUserForm()
    await untilResult()
    expect(gameCanvasCalls.play).toHaveBeenCalledTimes(1)
    expect(gameCanvasCalls.reveal).toHaveBeenCalledTimes(1)
  })

  it('takes a configuration from the studio (same origin) and shows it', async () => {
    const { wrapper } = await mountPreview('/preview/wheel')
    const config = { ...demoForTemplate(11), active_title: '工作室的活动', tips: { ...demoForTemplate(11).tips, no_award: '工作室提示' } }
    send({ type: 'lottery-preview:config', config })
    await flushPromises()
    expect(wrapper.find(dt('title')).text()).toBe('工作室的活动')
    send({ type: 'lottery-preview:force', outcome: { kind: 'no_award' } })
    await wrapper.find(dt('play')).trigger('click')
    await untilResult()
    expect(bodyQuery(dt('tips'))!.textContent).toBe('工作室提示')
  })

  it('ignores messages from another origin', async () => {
    const { wrapper, store } = await mountPreview('/preview/wheel')
    send({ type: 'lottery-preview:config', config: { ...demoForTemplate(11), active_title: '钓鱼活动' } }, 'https://evil.example')
    send({ type: 'lottery-preview:force', outcome: { kind: 'game_over' } }, 'https://evil.example')
    await flushPromises()
    expect(wrapper.find(dt('title')).text()).toBe(demoForTemplate(11).active_title)
    expect(store.custom).toBeNull()
    expect(store.forced).toBeNull()
  })

  it('shows validation errors in a banner instead of crashing, keeping the last good config', async () => {
    const { wrapper } = await mountPreview('/preview/wheel')
    const bad = { ...demoForTemplate(11), prize: demoForTemplate(11).prize.map((p) => ({ ...p, chance: 60 })) }
    send({ type: 'lottery-preview:config', config: bad })
    await flushPromises()
    expect(wrapper.find(dt('errors')).exists()).toBe(true)
    expect(wrapper.find(dt('title')).text()).toBe(demoForTemplate(11).active_title)
  })

  it('keeps the studio configuration when the template is switched', async () => {
    const { wrapper, router, store } = await mountPreview('/preview/wheel')
    send({ type: 'lottery-preview:config', config: { ...demoForTemplate(11), active_title: '同一份配置' } })
    await flushPromises()
    await router.push('/preview/redpacket')
    // App.vue keys views by path; here we mount the view again as the router would.
    const again = await mountWithApp(PreviewView, { path: '/preview/redpacket', pinia: wrapper.vm.$pinia })
    expect(store.template).toBe(12)
    expect(again.wrapper.find(dt('title')).text()).toBe('同一份配置')
    expect(again.wrapper.find(dt('game-canvas')).attributes('data-template')).toBe('12')
  })
})
