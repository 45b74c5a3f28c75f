import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount } from '@vue/test-utils'
import ActivityPage from '../../src/components/ActivityPage.vue'
import type { PagePlayOptions } from '../../src/composables/usePlayFlow'
import type { DrawResult } from '../../src/core/outcome'
import { gameCanvasCalls, resetGameCanvasCalls } from '../helpers/GameCanvasStub'
import { makeConfig } from '../helpers/activity'
import { bodyQuery, dt, mountWithApp } from '../helpers/mount'

vi.mock('../../src/components/GameCanvas.vue', async () => ({
  default: (await import('../helpers/GameCanvasStub')).GameCanvasStub,
}))

enableAutoUnmount(afterEach)
beforeEach(resetGameCanvasCalls)

const NO_AWARD: DrawResult = { outcome: { kind: 'no_award' } }

async function mountPage(play: Partial<PagePlayOptions>, props: { blockedText?: string } = {}) {
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
    await vi.waitFor(() => expect(bodyQuery(dt('result'))).not.toBeNull())
    expect(gameCanvasCalls.play).toHaveBeenCalledTimes(1)
    expect(gameCanvasCalls.reveal).toHaveBeenCalledWith(NO_AWARD.outcome)
    expect(options.drawOnce).toHaveBeenCalledTimes(1)
  })

  it('a play the page says may not animate shows its result without the game', async () => {
    const { wrapper } = await mountPage({ animate: () => false })
    await wrapper.find(dt('play')).trigger('click')
    await vi.waitFor(() => expect(bodyQuery(dt('result'))).not.toBeNull())
    expect(gameCanvasCalls.play).not.toHaveBeenCalled()
    expect(gameCanvasCalls.reveal).not.toHaveBeenCalled()
  })

  it('a tap on the game while plays are blocked says why and draws nothing', async () => {
    const { options } = await mountPage({ canPlay: () => false }, { blockedText: '活动未开始' })
    gameCanvasCalls.request()
    await vi.waitFor(() => expect(document.body.textContent).toContain('活动未开始'))
    expect(options.drawOnce).not.toHaveBeenCalled()
  })
})
