import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount } from '@vue/test-utils'
import ActivityPage from '../../src/components/ActivityPage.vue'
import type { PagePlayOptions } from '../../src/composables/usePlayFlow'
import type { DrawResult } from '../../src/core/outcome'
import { gameCanvasCalls, resetGameCanvasCalls } from '../helpers/GameCanvasStub'
import { makeConfig } from '../helpers/activity'
import { bodyQuery, dt, mountWithApp, WAIT } from '../helpers/mount'

vi.mock('../../src/components/GameCanvas.vue', async () => ({
  default: (await import('../helpers/GameCanvasStub')).GameCanvasStub,
}))

enableAutoUnmount(afterEach)
beforeEach(resetGameCanvasCalls)

const NO_AWARD: DrawResult = { outcome: { kind: 'no_award' } }

async function mountPage(play: Partial<PagePlayOptions>, props: { blockedText?: string; config?: ReturnType<typeof makeConfig> } = {}) {
  const options: PagePlayOptions = { drawOnce: vi.fn(async () => NO_AWARD), submitInfo: vi.fn(async () => {}), ...play }
  const { wrapper } = await mountWithApp(ActivityPage, {
    path: '/preview/wheel?renderer=canvas',
    props: { config: makeConfig(), play: options, infoForm: { render: () => null }, winners: [], ...props },
  })
  return { wrapper, options }
}

describe('ActivityPage', () => {
  it('plays through the game once the stage is ready, with the renderer from the address', async () => {
    const { wrapper, options } = await mountPage({})
    expect(wrapper.find(dt('game-canvas')).attributes('data-renderer')).toBe('canvas')
    await wrapper.find(dt('play')).trigger('click')
    await vi.waitFor(() => expect(bodyQuery(dt('result'))).not.toBeNull(), WAIT)
    expect(gameCanvasCalls.play).toHaveBeenCalledTimes(1)
    expect(gameCanvasCalls.reveal).toHaveBeenCalledWith(NO_AWARD.outcome)
    expect(options.drawOnce).toHaveBeenCalledTimes(1)
  })

  it('a play the page says may not animate shows its result without the game', async () => {
    const { wrapper } = await mountPage({ animate: () => false })
    await wrapper.find(dt('play')).trigger('click')
    await vi.waitFor(() => expect(bodyQuery(dt('result'))).not.toBeNull(), WAIT)
    expect(gameCanvasCalls.play).not.toHaveBeenCalled()
    expect(gameCanvasCalls.reveal).not.toHaveBeenCalled()
  })

  it('a tap on the game while plays are blocked says why and draws nothing', async () => {
    const { options } = await mountPage({ canPlay: () => false }, { blockedText: '活动未开始' })
    gameCanvasCalls.request()
    await vi.waitFor(() => expect(document.body.textContent).toContain('活动未开始'), WAIT)
    expect(options.drawOnce).not.toHaveBeenCalled()
  })

  // A click the keyboard made (Enter or Space on the button) has detail 0; a finger's or a mouse's has 1.
  const press = (detail: number) => new MouseEvent('click', { bubbles: true, cancelable: true, detail })

  it('a scratch card played from the keyboard shows its result at once: nothing to scratch with keys', async () => {
    const { wrapper } = await mountPage({}, { config: makeConfig({ template: 10 }) })
    wrapper.find(dt('play')).element.dispatchEvent(press(0))
    await vi.waitFor(() => expect(bodyQuery(dt('result'))).not.toBeNull(), WAIT)
    expect(gameCanvasCalls.play).not.toHaveBeenCalled()
  })

  it('a scratch card tapped, and a wheel played from the keyboard, still animate', async () => {
    const scratch = await mountPage({}, { config: makeConfig({ template: 10 }) })
    scratch.wrapper.find(dt('play')).element.dispatchEvent(press(1))
    await vi.waitFor(() => expect(gameCanvasCalls.play).toHaveBeenCalledTimes(1), WAIT)
    scratch.wrapper.unmount()
    const wheel = await mountPage({})
    wheel.wrapper.find(dt('play')).element.dispatchEvent(press(0))
    await vi.waitFor(() => expect(gameCanvasCalls.play).toHaveBeenCalledTimes(2), WAIT)
  })
})
