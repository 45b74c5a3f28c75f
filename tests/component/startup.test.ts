import { afterEach, describe, expect, it, vi } from 'vitest'
import { whenIdle, withCpuCanvases, yieldToMain } from '../../src/games/startup'

/** What getContext was asked for, per call, while `run` ran. */
function recordContexts() {
  const native = HTMLCanvasElement.prototype.getContext
  const asked: unknown[] = []
  HTMLCanvasElement.prototype.getContext = function (_type: string, options?: unknown) {
    asked.push(options)
    return null
  } as HTMLCanvasElement['getContext']
  return { asked, restore: () => (HTMLCanvasElement.prototype.getContext = native) }
}

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

  it('withCpuCanvases gives 2D contexts willReadFrequently only while loading, and restores getContext even on failure', async () => {
    const { asked, restore } = recordContexts()
    try {
      const patched = HTMLCanvasElement.prototype.getContext
      const canvas = document.createElement('canvas')
      await withCpuCanvases(async () => {
        canvas.getContext('2d', { alpha: false })
        canvas.getContext('webgl')
      })
      canvas.getContext('2d')
      expect(asked).toEqual([{ alpha: false, willReadFrequently: true }, undefined, undefined])
      expect(HTMLCanvasElement.prototype.getContext).toBe(patched)
      await expect(withCpuCanvases(() => Promise.reject(new Error('chunk failed')))).rejects.toThrow('chunk failed')
      expect(HTMLCanvasElement.prototype.getContext).toBe(patched)
    } finally {
      restore()
    }
  })
})
