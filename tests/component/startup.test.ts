import { afterEach, describe, expect, it, vi } from 'vitest'
import { IDLE_WAIT_MS, afterFrame, whenIdle, yieldToMain } from '../../src/games/startup'

describe('start-up helpers', () => {
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  it('yieldToMain continues in a later task, not in the current microtasks', async () => {
    let yielded = false
    const done = yieldToMain().then(() => (yielded = true))
    for (let i = 0; i < 10; i++) await Promise.resolve()
    expect(yielded).toBe(false)
    await done
    expect(yielded).toBe(true)
  })

  it('whenIdle resolves without requestIdleCallback (Safari) in the next task', async () => {
    vi.useFakeTimers()
    let done = false
    void whenIdle().then(() => (done = true))
    await Promise.resolve()
    expect(done).toBe(false)
    await vi.advanceTimersByTimeAsync(0)
    expect(done).toBe(true)
  })

  it('afterFrame resolves in a task after the next frame, not in the frame itself', async () => {
    const frames: FrameRequestCallback[] = []
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => frames.push(cb))
    let done = false
    void afterFrame().then(() => (done = true))
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(done).toBe(false)
    expect(frames).toHaveLength(1)
    frames[0]?.(0)
    for (let i = 0; i < 10; i++) await Promise.resolve()
    expect(done).toBe(false)
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(done).toBe(true)
  })

  it('afterFrame resolves after IDLE_WAIT_MS where no frame comes (a hidden page)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] })
    vi.stubGlobal('requestAnimationFrame', () => 0)
    let done = false
    void afterFrame().then(() => (done = true))
    await vi.advanceTimersByTimeAsync(IDLE_WAIT_MS - 1)
    expect(done).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    vi.useRealTimers()
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(done).toBe(true)
  })
})
