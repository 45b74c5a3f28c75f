import { afterEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import type { VueWrapper } from '@vue/test-utils'
import PreviewPane from '../../../src/studio/PreviewPane.vue'
import { flushPromises, mountWith, signedInStore, TIMEOUT_MS } from './setup'

vi.mock('../../../src/api/studio', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/api/studio')>()),
  listActivities: vi.fn(async () => []),
}))

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  vi.useRealTimers()
})

function frameOf(w: VueWrapper): HTMLIFrameElement {
  return w.get('iframe').element as HTMLIFrameElement
}

/**
 * A spy on what the studio posts into the preview iframe. happy-dom does not
 * load iframe pages, so the frame gets a stand-in window to spy on.
 */
function spyOnFrame(w: VueWrapper) {
  const target = { postMessage: (_message: unknown, _targetOrigin: string) => {} }
  Object.defineProperty(frameOf(w), 'contentWindow', { configurable: true, get: () => target })
  return vi.spyOn(target, 'postMessage')
}

describe('studio preview', { timeout: TIMEOUT_MS }, () => {
  it('loads the preview route of the template in embed mode', async () => {
    const { pinia, store } = signedInStore(11)
    wrapper = mountWith(pinia, PreviewPane)
    await flushPromises()
    expect(frameOf(wrapper).getAttribute('src')).toBe('/preview/wheel?embed=1')

    await wrapper.get('[data-test="preview-template-10"]').trigger('click')
    expect(store.draft.template).toBe(10)
    expect(frameOf(wrapper).getAttribute('src')).toBe('/preview/scratch?embed=1')
  })

  it.each([
    ['force-no_award', { kind: 'no_award' }],
    ['force-have_award', { kind: 'have_award' }],
    ['force-no_times', { kind: 'no_times' }],
    ['force-game_over', { kind: 'game_over' }],
    ['force-not_started', { kind: 'not_started' }],
    ['force-need_info', { kind: 'need_info' }],
    ['force-win-3', { kind: 'win', prizeId: 3 }],
    ['force-random', null],
  ])('%s posts the force message to the iframe with this origin as the target', async (button, outcome) => {
    const { pinia } = signedInStore(11)
    wrapper = mountWith(pinia, PreviewPane)
    await flushPromises()
    const post = spyOnFrame(wrapper)

    await wrapper.get(`[data-test="${button}"]`).trigger('click')

    expect(post).toHaveBeenCalledWith({ type: 'lottery-preview:force', outcome }, window.location.origin)
    for (const [, targetOrigin] of post.mock.calls) expect(targetOrigin).not.toBe('*')
  })

  it('按概率抽奖 also clears a forced 连抽 list, not only the next single draw', async () => {
    const { pinia } = signedInStore(11)
    wrapper = mountWith(pinia, PreviewPane)
    await flushPromises()
    const post = spyOnFrame(wrapper)

    await wrapper.get('[data-test="force-random"]').trigger('click')

    expect(post).toHaveBeenCalledWith({ type: 'lottery-preview:force', outcome: null }, window.location.origin)
    expect(post).toHaveBeenCalledWith({ type: 'lottery-preview:force-batch', batch: null }, window.location.origin)
  })

  it('offers a win button per prize, named after it', async () => {
    const { pinia, store } = signedInStore(11)
    wrapper = mountWith(pinia, PreviewPane)
    await flushPromises()
    const names = store.draft.prize.map((p) => p.name)
    const labels = store.draft.prize.map((p) => wrapper!.get(`[data-test="force-win-${p.id}"]`).text())
    expect(labels).toEqual(names)
  })

  it('sends the edited configuration once typing pauses, and again when the preview says it is ready', async () => {
    vi.useFakeTimers()
    const { pinia, store } = signedInStore(11)
    wrapper = mountWith(pinia, PreviewPane)
    await nextTick()
    const post = spyOnFrame(wrapper)

    store.draft.active_title = '新'
    await nextTick()
    store.draft.active_title = '新标题'
    await nextTick()
    expect(post).not.toHaveBeenCalled()

    vi.advanceTimersByTime(250)
    expect(post).toHaveBeenCalledTimes(1)
    const [message, targetOrigin] = post.mock.calls[0]!
    expect(targetOrigin).toBe(window.location.origin)
    expect(message).toMatchObject({ type: 'lottery-preview:config', config: { active_title: '新标题', template: 11 } })
    // A plain object, not a reactive proxy (which postMessage cannot clone).
    expect(structuredClone(message)).toEqual(message)

    window.dispatchEvent(
      new MessageEvent('message', { data: { type: 'lottery-preview:ready' }, origin: window.location.origin, source: frameOf(wrapper).contentWindow }),
    )
    expect(post).toHaveBeenCalledTimes(2)
  })

  it('ignores messages from another origin or another window', async () => {
    const { pinia } = signedInStore(11)
    wrapper = mountWith(pinia, PreviewPane)
    await flushPromises()
    const post = spyOnFrame(wrapper)
    const source = frameOf(wrapper).contentWindow

    window.dispatchEvent(new MessageEvent('message', { data: { type: 'lottery-preview:ready' }, origin: 'https://evil.example', source }))
    window.dispatchEvent(new MessageEvent('message', { data: { type: 'lottery-preview:ready' }, origin: window.location.origin, source: window }))
    expect(post).not.toHaveBeenCalled()

    window.dispatchEvent(
      new MessageEvent('message', {
        data: { type: 'lottery-preview:invalid', errors: [{ path: 'prize', message: 'x' }] },
        origin: window.location.origin,
        source,
      }),
    )
    await nextTick()
    expect(wrapper.get('[data-test="preview-refused"]').text()).toContain('1 处问题')
  })
})
