import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { enableAutoUnmount, flushPromises } from '@vue/test-utils'
import GameView from '../../../src/views/GameView.vue'
import { DEFAULT_TIPS } from '../../../src/core/activity'
import { Code } from '../../../src/core/contract'
import { formatCst } from '../../../src/core/windows'
import { ApiError, API_ERROR_MESSAGES } from '../../../src/api/errors'
import type { AwardReply } from '../../../src/api/client'
import { useActivityStore } from '../../../src/stores/activity'
import { useParticipantStore } from '../../../src/stores/participant'
import { gameCanvasCalls, resetGameCanvasCalls } from '../../helpers/GameCanvasStub'
import { bodyQuery, dt, fillUserForm, freshPinia, later, mountWithApp, submitUserForm, WAIT } from '../../helpers/mount'
import { fakeApi, indexData, myPrize, refusalReply, resetFakeApi, winReply } from './fakeApi'

vi.mock('../../../src/components/GameCanvas.vue', async () => ({
  default: (await import('../../helpers/GameCanvasStub')).GameCanvasStub,
}))
vi.mock('../../../src/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/api')>()),
  api: (await import('./fakeApi')).fakeApi,
}))

enableAutoUnmount(afterEach)
beforeEach(() => {
  resetGameCanvasCalls()
  resetFakeApi()
})
afterEach(() => vi.useRealTimers())

const PATH = '/game/lottery/index/code/act-1'

async function mountGame(path = PATH) {
  const pinia = freshPinia()
  const mounted = await mountWithApp(GameView, { path, pinia })
  await flushPromises()
  return mounted
}

async function untilResult() {
  // The result dialog is a lazy component: its first import is transformed on the spot, which takes seconds on a busy machine.
  await vi.waitFor(() => expect(bodyQuery(dt('result'))).not.toBeNull(), { timeout: 10_000 })
}

describe('GameView (live)', () => {
  it('shows a clear page for an unknown code, with a way home', async () => {
    fakeApi.index.mockRejectedValue(new ApiError('refused', '活动不存在', { code: Code.ACTIVITY_NOT_FOUND, httpStatus: 404 }))
    const { wrapper } = await mountGame('/game/lottery/index/code/nope')
    expect(fakeApi.index).toHaveBeenCalledWith('nope', undefined, undefined)
    expect(wrapper.find(dt('not-found')).text()).toContain('活动不存在')
    expect(wrapper.find('a[href="/"]').exists()).toBe(true)
  })

  it('shows WeChat’s entry state in place of the game, and sends a share link’s ref with the entry', async () => {
    fakeApi.index.mockRejectedValue(new ApiError('refused', '暂未开通', { code: Code.WECHAT_UNAVAILABLE, data: null }))
    const { wrapper } = await mountGame(`${PATH}?ref=abcdefghijklmnopqrstuvwx`)
    expect(fakeApi.index).toHaveBeenCalledWith('act-1', undefined, 'abcdefghijklmnopqrstuvwx')
    await vi.waitFor(() => expect(wrapper.find(dt('wechat-unavailable')).exists()).toBe(true), WAIT)
    expect(wrapper.find(dt('game-page')).exists()).toBe(false)
  })

  it('shows the activity: title, the game, prizes, merchant info, participants, chances, winners', async () => {
    fakeApi.index.mockResolvedValue(indexData(11, {}, { plays_left: 3, participants: 1234 }))
    fakeApi.userlist.mockResolvedValue([{ wxname: '王**', headimgurl: '', money: '0.00', name: '精美保温杯', createtime: 1 }])
    const { wrapper } = await mountGame(`${PATH}?renderer=canvas`)
    expect(wrapper.find(dt('title')).text()).toBe(indexData().active_title)
    expect(wrapper.find(dt('game-canvas')).attributes('data-renderer')).toBe('canvas')
    expect(wrapper.find(dt('game-canvas')).attributes('data-template')).toBe('11')
    expect(wrapper.findAll(dt('prize'))).toHaveLength(indexData().prize.length)
    expect(wrapper.find(dt('merchant-info')).text()).toContain('鲜果时光')
    expect(wrapper.find(dt('participants')).text()).toContain('1,234')
    expect(wrapper.find(dt('chances')).text()).toContain('3')
    expect(wrapper.find(dt('marquee')).text()).toContain('恭喜 王** 获得 精美保温杯')
  })

  it('plays: the game starts at once, lands on the server outcome, and the dialog shows the prize and its code', async () => {
    fakeApi.index.mockResolvedValue(indexData())
    let answer!: (reply: AwardReply) => void
    fakeApi.award.mockReturnValue(new Promise((resolve) => (answer = resolve)))
    const { wrapper } = await mountGame()
    await wrapper.find(dt('play')).trigger('click')
    expect(gameCanvasCalls.play).toHaveBeenCalledTimes(1)
    expect(fakeApi.award).toHaveBeenCalledWith('act-1', expect.stringMatching(/^[0-9a-f]{32}$/))
    answer(winReply('987654321098', 2))
    await untilResult()
    expect(gameCanvasCalls.reveal).toHaveBeenCalledWith(expect.objectContaining({ kind: 'win', secret: '987654321098' }))
    expect(bodyQuery(dt('secret'))!.textContent).toBe('987654321098')
    expect(bodyQuery(dt('view-my-prize'))).not.toBeNull()
    expect(wrapper.find(dt('chances')).text()).toContain('2')
    expect(wrapper.find(dt('open-my-prize')).text()).toContain('1')
  })

  it('shows the seed default text when the tip is empty', async () => {
    fakeApi.index.mockResolvedValue(indexData(10))
    fakeApi.award.mockResolvedValue(refusalReply('no_award', Code.NO_AWARD, 2))
    const { wrapper } = await mountGame()
    await wrapper.find(dt('play')).trigger('click')
    await untilResult()
    expect(bodyQuery(dt('tips'))!.textContent).toBe(DEFAULT_TIPS.no_award)
  })

  it('answers at once, without a spin, when no chances are left: the no_times text', async () => {
    fakeApi.index.mockResolvedValue(indexData(11, {}, { plays_left: 0 }))
    fakeApi.award.mockResolvedValue(refusalReply('no_times', Code.NO_TIMES, 0))
    const { wrapper } = await mountGame()
    await wrapper.find(dt('play')).trigger('click')
    await untilResult()
    expect(gameCanvasCalls.play).not.toHaveBeenCalled()
    expect(bodyQuery(dt('tips'))!.textContent).toBe(indexData().tips.no_times)
  })

  it('on 201 opens the info form, sends it, and the SAME play resumes without a second tap', async () => {
    fakeApi.index.mockResolvedValue(indexData())
    fakeApi.award.mockResolvedValueOnce({ kind: 'need_info', msg: '请先填写您的信息' }).mockResolvedValueOnce(winReply())
    const { wrapper } = await mountGame()
    await wrapper.find(dt('play')).trigger('click')
    await vi.waitFor(() => expect(bodyQuery(dt('user-form'))).not.toBeNull(), WAIT)
    await fillUserForm({ name: '张三', tel: '13812345678' })
    await submitUserForm()
    await untilResult()
    expect(fakeApi.user).toHaveBeenCalledWith('act-1', { name: '张三', tel: '13812345678', address: '', other_info: '' })
    expect(gameCanvasCalls.play).toHaveBeenCalledTimes(1)
    expect(fakeApi.award).toHaveBeenCalledTimes(2)
    expect(fakeApi.award.mock.calls[1]![1]).toBe(fakeApi.award.mock.calls[0]![1])
  })

  it('a failed award: the game rests gracefully, “网络异常，请重试” shows, and the retry repeats the same request id', async () => {
    fakeApi.index.mockResolvedValue(indexData())
    fakeApi.award.mockRejectedValueOnce(new ApiError('network', API_ERROR_MESSAGES.network)).mockResolvedValueOnce(winReply())
    const { wrapper } = await mountGame()
    await wrapper.find(dt('play')).trigger('click')
    await vi.waitFor(() => expect(gameCanvasCalls.abort).toHaveBeenCalledWith({ message: '网络异常，请重试' }), WAIT)
    await later()
    expect(wrapper.find(dt('play-error')).text()).toBe('网络异常，请重试')
    expect(wrapper.find(dt('play')).attributes('disabled')).toBeUndefined()

    await wrapper.find(dt('play')).trigger('click')
    await untilResult()
    expect(fakeApi.award.mock.calls[1]![1]).toBe(fakeApi.award.mock.calls[0]![1])
    expect(wrapper.find(dt('play-error')).exists()).toBe(false)
  })

  it('a slow award shows “请稍候…”', async () => {
    fakeApi.index.mockResolvedValue(indexData())
    let answer!: (reply: AwardReply) => void
    fakeApi.award.mockReturnValue(new Promise((resolve) => (answer = resolve)))
    const { wrapper } = await mountGame()
    vi.useFakeTimers()
    await wrapper.find(dt('play')).trigger('click')
    await vi.advanceTimersByTimeAsync(1000)
    expect(wrapper.find(dt('slow')).exists()).toBe(false)
    await vi.advanceTimersByTimeAsync(700)
    expect(wrapper.find(dt('slow')).text()).toBe('请稍候…')
    answer(winReply())
    await vi.advanceTimersByTimeAsync(10)
    expect(wrapper.find(dt('slow')).exists()).toBe(false)
  })

  it('before a window: a countdown and no play; after the last: game over', async () => {
    const hour = 60 * 60 * 1000
    const later2h = [{ start: formatCst(Date.now() + 2 * hour), end: formatCst(Date.now() + 30 * hour) }]
    fakeApi.index.mockResolvedValue(indexData(11, { active_time: later2h }))
    const { wrapper } = await mountGame()
    expect(wrapper.find(dt('window-notice')).text()).toContain('距活动开始还有')
    expect(wrapper.find(dt('countdown')).text()).toMatch(/^0[12]:\d\d:\d\d$/)
    expect(wrapper.find(dt('play')).attributes('disabled')).toBeDefined()
    expect(wrapper.find(dt('play')).text()).toBe('活动未开始')

    // The window ends: the page asks the server again (and follows what it says).
    const endedTimes = [{ start: '2020-01-01 00:00', end: '2020-01-02 00:00' }]
    const ended = indexData(11, { active_time: endedTimes })
    // The server's answer differs (its own tip), so the page is seen to show what the server said.
    const fromServer = indexData(11, { active_time: endedTimes, tips: { ...ended.tips, game_over: '服务器：本期已结束' } })
    fakeApi.index.mockResolvedValue(fromServer)
    useActivityStore().applyIndex('act-1', ended)
    await flushPromises()
    expect(fakeApi.index).toHaveBeenCalledTimes(2)
    expect(wrapper.find(dt('window-notice')).text()).toContain('活动已结束')
    expect(wrapper.find(dt('window-notice')).text()).toContain('服务器：本期已结束')
    // No chances line once it is over: a count means nothing then.
    expect(wrapper.find(dt('chances')).exists()).toBe(false)
  })

  it('a closed activity says so and does not play', async () => {
    fakeApi.index.mockResolvedValue(indexData(12, { status: 0 }))
    const { wrapper } = await mountGame()
    expect(wrapper.find(dt('window-notice')).text()).toContain('活动已关闭')
    expect(wrapper.find(dt('chances')).exists()).toBe(false)
    gameCanvasCalls.request()
    await later()
    expect(fakeApi.award).not.toHaveBeenCalled()
  })

  it('the clock’s tick moves the header’s countdown alone: the page (and the game in it) does not re-render', async () => {
    const hour = 60 * 60 * 1000
    const open = [{ start: formatCst(Date.now() - hour), end: formatCst(Date.now() + 30 * hour) }]
    fakeApi.index.mockResolvedValue(indexData(11, { active_time: open }))
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'Date'] })
    const { wrapper } = await mountGame()
    await vi.advanceTimersByTimeAsync(0)
    const page = wrapper.findComponent({ name: 'ActivityPage' }).vm.$
    const view = page.parent!
    expect((view.type as { __name?: string }).__name).toBe('GameView')
    // The start-up's late renders (the dialogs mounted at idle) first: a second in which neither tree changed,
    // though the clock ticked in it. Were the clock to re-render them, they would never settle.
    let trees = [view.subTree, page.subTree]
    for (let tick = 0; tick < 5; tick++) {
      await vi.advanceTimersByTimeAsync(1000)
      if (view.subTree === trees[0] && page.subTree === trees[1]) break
      trees = [view.subTree, page.subTree]
    }
    const countdown = wrapper.find(dt('window')).text()
    await vi.advanceTimersByTimeAsync(1000)
    expect(wrapper.find(dt('window')).text()).not.toBe(countdown)
    // A render makes a new tree: the same one means the page was left alone.
    expect(view.subTree).toBe(trees[0])
    expect(page.subTree).toBe(trees[1])
  })

  it('refreshes the winners every 30 s, but not while the page is hidden', async () => {
    fakeApi.index.mockResolvedValue(indexData())
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'Date'] })
    await mountGame()
    await vi.advanceTimersByTimeAsync(0)
    expect(fakeApi.userlist).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(30_000)
    expect(fakeApi.userlist).toHaveBeenCalledTimes(2)
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true })
    try {
      await vi.advanceTimersByTimeAsync(60_000)
      expect(fakeApi.userlist).toHaveBeenCalledTimes(2)
    } finally {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => false })
    }
    document.dispatchEvent(new Event('visibilitychange'))
    await vi.advanceTimersByTimeAsync(0)
    expect(fakeApi.userlist).toHaveBeenCalledTimes(3)
  })

  it('my prizes count comes from the index state', async () => {
    fakeApi.index.mockResolvedValue(indexData(11, {}, { my_prizes: [myPrize('111122223333'), myPrize('444455556666')] }))
    const { wrapper } = await mountGame()
    expect(wrapper.find(dt('open-my-prize')).text()).toContain('2')
    expect(useParticipantStore().myPrizes).toHaveLength(2)
  })

  it('a failed re-entry shows the start-over dialog', async () => {
    fakeApi.index.mockResolvedValue(indexData())
    await mountGame()
    useActivityStore().setFatal('登录已失效，请从活动首页重新进入')
    await flushPromises()
    await vi.waitFor(() => expect(document.body.textContent).toContain('登录已失效，请从活动首页重新进入'), WAIT)
  })
})
