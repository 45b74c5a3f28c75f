import { afterEach, describe, expect, it, vi } from 'vitest'
import { whenIdle, yieldToMain } from '../../src/games/startup'

describe('start-up helpers', () => {
  afterEach(() => {
    vi.useRealTimers()
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
})
