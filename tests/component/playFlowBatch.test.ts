import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { effectScope, type EffectScope } from 'vue'
import type { BatchDrawResult, BatchResult } from '../../src/core/multiDraw'
import type { WinOutcome } from '../../src/core/outcome'
import { BATCH_PAUSE_MS, DRAW_ERROR_MESSAGE, usePlayFlow, type GameHandle, type PlayFlowOptions } from '../../src/composables/usePlayFlow'

/** The play flow's multi-draw (连抽): one request, the game landing on each outcome in turn, then the list. */

const WIN: WinOutcome = { kind: 'win', prizeId: 1, prizeName: '保温杯', prizeType: 'physical', amountCents: 0, secret: '123456' }
const MISS = { kind: 'no_award' } as const

function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)))
  return { promise, resolve, reject }
}

let scope: EffectScope | undefined
afterEach(() => {
  scope?.stop()
  vi.useRealTimers()
})

function setup(overrides: Partial<PlayFlowOptions> = {}) {
  const game = { play: vi.fn<GameHandle['play']>(), reveal: vi.fn<GameHandle['reveal']>(), abort: vi.fn<GameHandle['abort']>(), reset: vi.fn<GameHandle['reset']>() }
  const batches: ReturnType<typeof deferred<BatchDrawResult>>[] = []
  const drawMany = vi.fn((_count: number) => {
    const d = deferred<BatchDrawResult>()
    batches.push(d)
    return d.promise
  })
  const notify = vi.fn()
  scope = effectScope()
  const flow = scope.run(() =>
    usePlayFlow({ drawOnce: vi.fn(), drawMany, submitInfo: vi.fn(() => Promise.resolve()), notify, game: () => game, ...overrides }),
  )!
  return { flow, game, drawMany, batches, notify }
}

const batch = (b: BatchResult): BatchDrawResult => ({ batch: b })

describe('usePlayFlow: 连抽', () => {
  it('sends one request, lands on each outcome in turn at the brisk pace, then shows the list', async () => {
    vi.useFakeTimers()
    const { flow, game, drawMany, batches } = setup()
    expect(flow.tapMany(3)).toBe(true)
    expect(drawMany).toHaveBeenCalledWith(3)
    expect(game.play).toHaveBeenCalledWith('brisk')
    // Locked: neither a single play nor a second batch starts meanwhile.
    expect(flow.tap()).toBe(false)
    expect(flow.tapMany(3)).toBe(false)

    batches[0]!.resolve(batch({ outcomes: [MISS, WIN, MISS], stopped: null }))
    await flushPromises()
    expect(game.reveal).toHaveBeenLastCalledWith(MISS)
    expect(flow.batch?.landed).toBe(0)

    flow.onSettled()
    expect(flow.phase).toBe('revealing')
    // A pause on each landing, then the next draw lands.
    vi.advanceTimersByTime(BATCH_PAUSE_MS - 1)
    expect(game.reveal).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(1)
    expect(game.reset).toHaveBeenCalledTimes(1)
    expect(game.play).toHaveBeenLastCalledWith('brisk')
    expect(game.reveal).toHaveBeenLastCalledWith(WIN)
    expect(flow.batch?.landed).toBe(1)

    flow.onSettled()
    vi.advanceTimersByTime(BATCH_PAUSE_MS)
    expect(game.reveal).toHaveBeenLastCalledWith(MISS)
    expect(flow.showBatchResult).toBe(false)
    flow.onSettled()
    expect(flow.phase).toBe('result')
    expect(flow.showBatchResult).toBe(true)
    expect(flow.showResult).toBe(false)
    expect(game.reveal).toHaveBeenCalledTimes(3)
    expect(drawMany).toHaveBeenCalledTimes(1)

    flow.closeResult()
    expect(flow.locked).toBe(false)
  })

  it('a batch refused at its first draw lands once, on the refusal', async () => {
    const { flow, game, batches } = setup()
    flow.tapMany(3)
    batches[0]!.resolve(batch({ outcomes: [], stopped: { outcome: { kind: 'no_times' }, msg: '可次数已用完了！' } }))
    await flushPromises()
    expect(game.reveal).toHaveBeenCalledWith({ kind: 'no_times' })
    flow.onSettled()
    expect(flow.showBatchResult).toBe(true)
  })

  it('without animation (stage loading) the list shows at once', async () => {
    const { flow, batches } = setup({ game: () => null })
    flow.tapMany(3)
    batches[0]!.resolve(batch({ outcomes: [MISS, MISS, MISS], stopped: null }))
    await flushPromises()
    expect(flow.showBatchResult).toBe(true)
  })

  it('a failed request comes to rest and says so; the next 连抽 may go again', async () => {
    const { flow, game, batches, notify } = setup()
    flow.tapMany(3)
    batches[0]!.reject(new Error('offline'))
    await flushPromises()
    expect(notify).toHaveBeenCalledWith(DRAW_ERROR_MESSAGE)
    expect(game.abort).toHaveBeenCalled()
    flow.onAborted()
    expect(flow.tapMany(3)).toBe(true)
  })

  it('201 opens the info form; once sent, the SAME batch goes on', async () => {
    const { flow, drawMany, batches } = setup()
    flow.tapMany(3)
    batches[0]!.resolve({ needInfo: true })
    await flushPromises()
    expect(flow.showInfo).toBe(true)
    void flow.submitInfo({ values: { name: '张三' } })
    await flushPromises()
    expect(drawMany).toHaveBeenCalledTimes(2)
    expect(drawMany).toHaveBeenLastCalledWith(3)
  })

  it('does nothing where the page offers no multi-draw', () => {
    const { flow } = setup({ drawMany: undefined })
    expect(flow.tapMany(3)).toBe(false)
    expect(flow.locked).toBe(false)
  })
})
