import type { Fleet, FleetWindow } from './fleet'

/**
 * Sliding-window rate check (a log of hit times per key). Kept in this process's
 * memory; with REDIS_URL (a `fleet` on the rule) the other processes' hits count
 * too, as last fetched from Redis (server/fleet.ts: the bound of that sharing).
 */
export interface RateRule {
  /** Hits allowed per window. */
  limit: number
  /** Window length, ms. */
  windowMs: number
  /** Shared by the processes of a deployment under this name (resolveDeps sets it when Redis is configured). */
  fleet?: { fleet: Fleet; name: string }
}

export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>()
  private calls = 0
  private readonly shared: FleetWindow | null

  constructor(private readonly rule: RateRule) {
    this.shared = rule.fleet ? rule.fleet.fleet.window(rule.fleet.name, rule.windowMs, (key, now) => this.count(key, now)) : null
  }

  /** Record a hit for `key` at `now` (epoch ms); false when it goes over the limit (the hit is not counted). */
  hit(key: string, now: number): boolean {
    if (!this.allows(key, now)) return false
    this.add(key, now)
    return true
  }

  /** True when one more hit for `key` at `now` would be within the limit (nothing recorded). */
  allows(key: string, now: number): boolean {
    return this.live(key, now).length + this.others(key, now) < this.rule.limit
  }

  /** Record a hit for `key` at `now`, whatever the limit (for events known only afterwards, like a win). */
  add(key: string, now: number): void {
    const log = this.live(key, now)
    log.push(now)
    this.hits.set(key, log)
    this.shared?.record(key, now)
  }

  /** Hits of the other processes (0 without a fleet). */
  private others(key: string, now: number): number {
    return this.shared ? this.shared.others(key, now) : 0
  }

  /** This process's hits of `key` inside the window ending at `now`. */
  private count(key: string, now: number): number {
    const since = now - this.rule.windowMs
    return this.hits.get(key)?.filter((t) => t > since).length ?? 0
  }

  /** The hits of `key` still inside the window ending at `now`. */
  private live(key: string, now: number): number[] {
    if (++this.calls % 10_000 === 0) this.sweep(now)
    const since = now - this.rule.windowMs
    const log = this.hits.get(key) ?? []
    while (log.length > 0 && (log[0] as number) <= since) log.shift()
    return log
  }

  /** True when `key` has used up its window at `now` (nothing is recorded). */
  full(key: string, now: number): boolean {
    return this.count(key, now) + this.others(key, now) >= this.rule.limit
  }

  /** Drop keys idle for a whole window, so memory follows active clients only. */
  private sweep(now: number): void {
    const since = now - this.rule.windowMs
    for (const [key, log] of this.hits) if ((log[log.length - 1] ?? 0) <= since) this.hits.delete(key)
  }
}

/**
 * The network a client IP stands for: an IPv6 subscriber is given a whole /64,
 * so its addresses count as one; IPv4-mapped IPv6 is the IPv4 address.
 */
export function networkOf(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)
  if (mapped) return mapped[1] as string
  if (!ip.includes(':')) return ip
  const [head = '', tail = ''] = ip.split('::')
  const left = head === '' ? [] : head.split(':')
  const right = ip.includes('::') && tail !== '' ? tail.split(':') : []
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
  return `${groups.slice(0, 4).map((g) => g.toLowerCase().replace(/^0+(?=.)/, '')).join(':')}::/64`
}

/**
 * Caps on anonymous participants per client network and activity: one IP can
 * mint any number of anonymous participants (each a fresh cookie), and with
 * them play past max_play. Host-ticket users ('u:') are vouched for by the
 * host and not capped. Per process, or shared through Redis (see SlidingWindowLimiter).
 */
export class AnonymousCaps {
  private readonly newcomers: SlidingWindowLimiter
  private readonly wins: SlidingWindowLimiter

  constructor(rules: { newParticipant: RateRule; wins: RateRule }) {
    this.newcomers = new SlidingWindowLimiter(rules.newParticipant)
    this.wins = new SlidingWindowLimiter(rules.wins)
  }

  /** Admit a state-changing call of `pid`; `isNew` when it has no participant row yet (it is counted then). False = over the cap. */
  admit(ip: string, activityId: number, pid: string, isNew: boolean, now: number): boolean {
    if (!isNew || !pid.startsWith('a:')) return true
    return this.newcomers.hit(`${activityId}/${networkOf(ip)}`, now)
  }

  /** False when anonymous participants of this network already won the cap's worth in the window: refuse the play. */
  mayWin(ip: string, activityId: number, pid: string, now: number): boolean {
    return !pid.startsWith('a:') || this.wins.allows(`${activityId}/${networkOf(ip)}`, now)
  }

  /** Count a win of `pid` (call after the play, when it won). */
  won(ip: string, activityId: number, pid: string, now: number): void {
    if (pid.startsWith('a:')) this.wins.add(`${activityId}/${networkOf(ip)}`, now)
  }
}
