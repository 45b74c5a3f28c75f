import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { effectScope, type EffectScope } from 'vue'
import type { Outcome } from '../../src/core/outcome'
import type { DrawResult } from '../../src/core/outcome'
import { DRAW_ERROR_MESSAGE, usePlayFlow, type GameHandle, type PlayFlowOptions } from '../../src/composables/usePlayFlow'

const NO_AWARD: Outcome = { kind: 'no_award' }
const WIN: Outcome = { kind: 'win', prizeId: 1, prizeName: '保温杯', prizeType: 'physical', amountCents: 0, secret: '' }
const INFO = { name: '张三', tel: '13812345678', address: '', other_info: '' }

/** A promise the test resolves or rejects when it wants. */
function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)))
  return { promise, resolve, reject }
}

function fakeGame() {
  return {
    play: vi.fn<GameHandle['play']>(),
    reveal: vi.fn<GameHandle['reveal']>(),
    abort: vi.fn<GameHandle['abort']>(),
    reset: vi.fn<GameHandle['reset']>(),
  }
}

let scope: EffectScope | undefined
afterEach(() => scope?.stop())

function setup(overrides: Partial<PlayFlowOptions> = {}) {
  const game = fakeGame()
  const draws: ReturnType<typeof deferred<DrawResult>>[] = []
  const drawOnce = vi.fn(() => {
    const d = deferred<DrawResult>()
    draws.push(d)
    return d.promise
  })
  const submitInfo = vi.fn(() => Promise.resolve())
  const notify = vi.fn()
  scope = effectScope()
  const flow = scope.run(() => usePlayFlow({ drawOnce, submitInfo, notify, game: () => game, ...overrides }))!
  return { flow, game, drawOnce, draws, submitInfo, notify }
}

describe('usePlayFlow', () => {
  it('locks from the tap until the result is closed, and starts the animation at once', async () => {
    const { flow, game, draws } = setup()
    expect(flow.tap()).toBe(true)
    expect(game.play).toHaveBeenCalledTimes(1)
    expect(flow.phase).toBe('requesting')
    expect(flow.locked).toBe(true)

    draws[0]!.resolve({ outcome: NO_AWARD })
    await flushPromises()
    expect(game.reveal).toHaveBeenCalledWith(NO_AWARD)
    expect(flow.phase).toBe('revealing')
    expect(flow.showResult).toBe(false)
    expect(flow.locked).toBe(true)

    flow.onSettled()
    expect(flow.phase).toBe('result')
    expect(flow.showResult).toBe(true)
    expect(flow.outcome).toEqual(NO_AWARD)
    expect(flow.locked).toBe(true)

    flow.closeResult()
    expect(game.reset).toHaveBeenCalledTimes(1)
    expect(flow.phase).toBe('idle')
    expect(flow.locked).toBe(false)
  })

  it('plays once for a double tap (button and game request alike)', async () => {
    const { flow, game, drawOnce, draws } = setup()
    expect(flow.tap()).toBe(true)
    expect(flow.tap()).toBe(false)
    draws[0]!.resolve({ outcome: WIN })
    await flushPromises()
    expect(flow.tap()).toBe(false)
    flow.onSettled()
    expect(flow.tap()).toBe(false)
    expect(drawOnce).toHaveBeenCalledTimes(1)
    expect(game.play).toHaveBeenCalledTimes(1)

    flow.closeResult()
    expect(flow.tap()).toBe(true)
    expect(drawOnce).toHaveBeenCalledTimes(2)
  })

  it('shows the info form on needInfo, then goes on with the same play without a second tap', async () => {
    const { flow, game, drawOnce, draws, submitInfo } = setup()
    flow.tap()
    draws[0]!.resolve({ needInfo: true })
    await flushPromises()
    expect(flow.phase).toBe('info')
    expect(flow.showInfo).toBe(true)
    expect(flow.locked).toBe(true)
    expect(flow.tap()).toBe(false)
    expect(game.reveal).not.toHaveBeenCalled()

    const sent = flow.submitInfo(INFO)
    await flushPromises()
    expect(submitInfo).toHaveBeenCalledWith(INFO)
    expect(drawOnce).toHaveBeenCalledTimes(2)
    expect(flow.showInfo).toBe(false)
    draws[1]!.resolve({ outcome: WIN })
    await sent
    expect(game.play).toHaveBeenCalledTimes(1)
    expect(game.reveal).toHaveBeenCalledWith(WIN)
    flow.onSettled()
    expect(flow.showResult).toBe(true)
  })

  it('keeps the form open when sending it fails', async () => {
    const { flow, draws, drawOnce, notify } = setup({ submitInfo: () => Promise.reject(new Error('offline')) })
    flow.tap()
    draws[0]!.resolve({ needInfo: true })
    await flushPromises()
    await flow.submitInfo(INFO)
    expect(flow.phase).toBe('info')
    expect(flow.submittingInfo).toBe(false)
    expect(drawOnce).toHaveBeenCalledTimes(1)
    expect(notify).toHaveBeenCalledWith('提交失败，请重试')
  })

  it('aborts gracefully when the form is closed without sending', async () => {
    const { flow, game, draws } = setup()
    flow.tap()
    draws[0]!.resolve({ needInfo: true })
    await flushPromises()
    flow.cancelInfo()
    expect(game.abort).toHaveBeenCalledTimes(1)
    expect(flow.phase).toBe('aborting')
    flow.onAborted()
    expect(flow.phase).toBe('idle')
  })

  it('on a draw error: aborts the game, tells the participant, unlocks once the game has come to rest', async () => {
    const { flow, game, draws, notify, drawOnce } = setup()
    flow.tap()
    draws[0]!.reject(new Error('Network Error'))
    await flushPromises()
    expect(game.abort).toHaveBeenCalledWith({ message: DRAW_ERROR_MESSAGE })
    expect(notify).toHaveBeenCalledWith('网络不好，请重试')
    expect(game.reveal).not.toHaveBeenCalled()
    expect(flow.tap()).toBe(false)

    flow.onAborted()
    expect(flow.locked).toBe(false)
    expect(flow.tap()).toBe(true)
    expect(drawOnce).toHaveBeenCalledTimes(2)
  })

  it('shows the result without animation when no game can animate', async () => {
    const { flow, draws } = setup({ game: () => null })
    flow.tap()
    draws[0]!.resolve({ outcome: WIN })
    await flushPromises()
    expect(flow.phase).toBe('result')
    flow.closeResult()
    expect(flow.phase).toBe('idle')
  })

  it('leaves out a game that refuses to play, and still shows the result', async () => {
    const { flow, game, draws } = setup()
    game.play.mockReturnValue(false)
    flow.tap()
    draws[0]!.resolve({ outcome: WIN })
    await flushPromises()
    expect(game.reveal).not.toHaveBeenCalled()
    expect(flow.phase).toBe('result')
  })

  it('ignores settled and aborted events that do not belong to its phase', async () => {
    const { flow, draws } = setup()
    flow.onSettled()
    flow.onAborted()
    expect(flow.phase).toBe('idle')
    flow.tap()
    flow.onSettled()
    expect(flow.phase).toBe('requesting')
    draws[0]!.resolve({ outcome: NO_AWARD })
    await flushPromises()
    flow.onAborted()
    expect(flow.phase).toBe('revealing')
  })

  it('respects canPlay and reports each outcome', async () => {
    let allowed = false
    const onOutcome = vi.fn()
    const { flow, draws, drawOnce } = setup({ canPlay: () => allowed, onOutcome })
    expect(flow.tap()).toBe(false)
    expect(drawOnce).not.toHaveBeenCalled()
    allowed = true
    flow.tap()
    draws[0]!.resolve({ outcome: NO_AWARD })
    await flushPromises()
    expect(onOutcome).toHaveBeenCalledWith(NO_AWARD)
  })

  it('does nothing with a late answer after the page is gone', async () => {
    const { flow, game, draws } = setup()
    flow.tap()
    scope!.stop()
    draws[0]!.resolve({ outcome: WIN })
    await flushPromises()
    expect(game.reveal).not.toHaveBeenCalled()
  })

  describe('a landing or stop that never ends', () => {
    afterEach(() => vi.useRealTimers())

    /** Under fake timers, a play whose draw failed: the game is stopping (aborting). */
    async function failedPlay() {
      vi.useFakeTimers()
      const started = setup({ animationTimeoutMs: 5000 })
      started.flow.tap()
      started.draws[0]!.reject(new Error('offline'))
      await flushPromises()
      return started
    }

    it('shows the result anyway after the timeout', async () => {
      vi.useFakeTimers()
      const { flow, draws } = setup({ animationTimeoutMs: 5000 })
      flow.tap()
      draws[0]!.resolve({ outcome: WIN })
      await flushPromises()
      expect(flow.phase).toBe('revealing')
      vi.advanceTimersByTime(4999)
      expect(flow.phase).toBe('revealing')
      vi.advanceTimersByTime(1)
      expect(flow.phase).toBe('result')
    })

    it('waits as long as it takes when the landing is the participant\'s (scratching)', async () => {
      vi.useFakeTimers()
      const { flow, draws } = setup({ animationTimeoutMs: 5000, revealWaitsForPlayer: () => true })
      flow.tap()
      draws[0]!.resolve({ outcome: WIN })
      await flushPromises()
      vi.advanceTimersByTime(60_000)
      expect(flow.phase).toBe('revealing')
    })

    it('puts a game whose stop never ends at rest, so the next play animates again', async () => {
      const { flow, game } = await failedPlay()
      expect(flow.phase).toBe('aborting')
      vi.advanceTimersByTime(5000)
      expect(game.reset).toHaveBeenCalledTimes(1)
      expect(flow.phase).toBe('idle')
      expect(flow.tap()).toBe(true)
      expect(game.play).toHaveBeenCalledTimes(2)
    })

    it('is cancelled by the game ending in time', async () => {
      const { flow, game } = await failedPlay()
      flow.onAborted()
      vi.advanceTimersByTime(5000)
      expect(game.reset).not.toHaveBeenCalled()
    })
  })
})
