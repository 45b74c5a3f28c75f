import { vi } from 'vitest'

/**
 * Net DOM listener count per event type on document, window and every canvas
 * (adds minus removes), from now until vi.restoreAllMocks(): a leak shows as a
 * count above 0.
 */
export function trackListeners(): Map<string, number> {
  const net = new Map<string, number>()
  for (const target of [document, window, HTMLCanvasElement.prototype] as EventTarget[]) {
    const add = target.addEventListener
    const remove = target.removeEventListener
    vi.spyOn(target, 'addEventListener').mockImplementation(function (this: EventTarget, type, fn, opts) {
      net.set(type, (net.get(type) ?? 0) + 1)
      add.call(this, type, fn, opts)
    })
    vi.spyOn(target, 'removeEventListener').mockImplementation(function (this: EventTarget, type, fn, opts) {
      net.set(type, (net.get(type) ?? 0) - 1)
      remove.call(this, type, fn, opts)
    })
  }
  return net
}
