/** A tiny typed event emitter: event names and payloads checked by the compiler. */
export class Emitter<Events extends Record<string, unknown>> {
  private handlers: { [K in keyof Events]?: Set<(payload: Events[K]) => void> } = {}

  /** Subscribe; returns the function that unsubscribes. */
  on<K extends keyof Events>(event: K, handler: (payload: Events[K]) => void): () => void {
    const set = (this.handlers[event] ??= new Set())
    set.add(handler)
    return () => this.off(event, handler)
  }

  off<K extends keyof Events>(event: K, handler: (payload: Events[K]) => void): void {
    this.handlers[event]?.delete(handler)
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const set = this.handlers[event]
    if (!set || set.size === 0) return
    // One handler (the usual case; the wheel's tick comes many times a second): no copy.
    if (set.size === 1) {
      for (const handler of set) return handler(payload)
    }
    // Copy first: a handler may (un)subscribe while we iterate.
    for (const handler of [...set]) handler(payload)
  }

  /** Drop every handler (on destroy). */
  clear(): void {
    this.handlers = {}
  }
}
