/**
 * Sliding-window rate check (a log of hit times per key). Kept in memory: it
 * protects one process; a fleet would move it to a shared store.
 */
export interface RateRule {
  /** Hits allowed per window. */
  limit: number
  /** Window length, ms. */
  windowMs: number
}

export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>()
  private calls = 0

  constructor(private readonly rule: RateRule) {}

  /** Record a hit for `key` at `now` (epoch ms); false when it goes over the limit (the hit is not counted). */
  hit(key: string, now: number): boolean {
    if (++this.calls % 10_000 === 0) this.sweep(now)
    const since = now - this.rule.windowMs
    const log = this.hits.get(key) ?? []
    while (log.length > 0 && (log[0] as number) <= since) log.shift()
    if (log.length >= this.rule.limit) {
      this.hits.set(key, log)
      return false
    }
    log.push(now)
    this.hits.set(key, log)
    return true
  }

  /** True when `key` has used up its window at `now` (nothing is recorded). */
  full(key: string, now: number): boolean {
    const since = now - this.rule.windowMs
    return (this.hits.get(key)?.filter((t) => t > since).length ?? 0) >= this.rule.limit
  }

  /** Drop keys idle for a whole window, so memory follows active clients only. */
  private sweep(now: number): void {
    const since = now - this.rule.windowMs
    for (const [key, log] of this.hits) if ((log[log.length - 1] ?? 0) <= since) this.hits.delete(key)
  }
}
