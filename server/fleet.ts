import { Redis, type ChainableCommander } from 'ioredis'
import { randomId } from './auth/hmac'

/**
 * What the processes of one deployment share besides the database: the rate
 * checks' hit counts and WeChat's account token and JS-SDK ticket. Without
 * REDIS_URL there is no fleet and each process keeps its own (docs/DEPLOY.md
 * lists each one's bound). With it, Redis holds them.
 *
 * The rate checks stay synchronous for their callers: a process decides on its
 * own hits plus the other processes' hits as last fetched, records its hits
 * in Redis and refreshes the count of every key it checked: one pipelined
 * round trip per event-loop turn for all the keys touched in it. The fleet
 * can therefore pass a limit by what the other processes admit during one
 * round trip (well under a millisecond on a LAN), and a process's first check
 * of a key is decided before it has fetched the others' count: a limit of
 * 10/s across 4 processes stays within a few hits of 10, never 40.
 */
export interface Fleet {
  /** A sliding window shared by every process under `name` (one per limiter: limiters of one rule are told apart by order of creation, the same in every process). */
  window(name: string, windowMs: number, ownCount: (key: string, now: number) => number): FleetWindow
  cache: FleetCache
  /** Resolves once every write and refresh sent so far has been answered (tests, shutdown). */
  settle(): Promise<void>
  close(): Promise<void>
}

export interface FleetWindow {
  /** Hits of the other processes for `key` in the window ending at `now`, as last fetched; schedules a refresh. */
  others(key: string, now: number): number
  /** Record one of this process's hits at `now` (epoch ms). */
  record(key: string, now: number): void
}

/** A value with its expiry (epoch ms), shared by the fleet. */
export interface Shared {
  value: string
  expiresAt: number
}

export interface FleetCache {
  get(key: string): Promise<Shared | null>
  set(key: string, value: Shared): Promise<void>
  delete(key: string): Promise<void>
  /** True when this process may refresh `key` now (held `ttlMs`); the others wait for its value. */
  lock(key: string, ttlMs: number): Promise<boolean>
}

/** Sweep a window's idle keys after this many refreshes, so memory follows active clients only. */
const SWEEP_EVERY = 10_000
/** How long a cache call waits for the connection, ms. */
const READY_WAIT_MS = 2000

/** Connect to Redis at `url` (keys under `prefix`); failures are logged (at most once a minute) and the processes fall back to their own counts. */
export function connectFleet(url: string, logError: (err: unknown) => void, prefix = 'lottery:'): Fleet {
  // No offline queue: while Redis is unreachable, commands fail at once instead of piling up.
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false })
  let lastLogged = 0
  const report = (err: unknown): void => {
    if (Date.now() - lastLogged < 60_000) return
    lastLogged = Date.now()
    logError(new Error(`redis: ${err instanceof Error ? err.message : String(err)} (rate checks fall back to this process's own counts)`))
  }
  redis.on('error', report)
  let closed = false
  /** Cache calls wait for the connection a moment (a process just started); rate checks never wait. */
  const ready = (): Promise<void> =>
    redis.status === 'ready'
      ? Promise.resolve()
      : new Promise((resolve) => {
          const done = () => {
            clearTimeout(timer)
            redis.off('ready', done)
            resolve()
          }
          const timer = setTimeout(done, READY_WAIT_MS)
          redis.once('ready', done)
        })

  const processId = randomId(8)
  let seq = 0
  const ordinals = new Map<string, number>()
  const inFlight = new Set<Promise<unknown>>()

  interface Pending {
    /** The latest clock reading of the calls since the last flush (the limiter's clock, epoch ms). */
    now: number
    adds: number[]
  }

  /** Each window's part of the next round trip: queues its commands, returns how to read their answers. */
  type Collect = (pipeline: ChainableCommander) => (results: [Error | null, unknown][], at: number) => number
  const windows: Collect[] = []
  let scheduled = false
  /** One pipelined round trip for every window's keys touched since the last one. */
  const flush = (): void => {
    scheduled = false
    const pipeline = redis.pipeline()
    const readers = windows.map((collect) => collect(pipeline))
    if (closed || redis.status !== 'ready' || pipeline.length === 0) return
    const sent = pipeline.exec().then(
      (results) => {
        let at = 0
        for (const read of readers) at = read(results ?? [], at)
      },
      (err: unknown) => report(err),
    )
    inFlight.add(sent)
    void sent.finally(() => inFlight.delete(sent))
  }
  const schedule = (): void => {
    if (scheduled) return
    scheduled = true
    setImmediate(flush)
  }

  function window(name: string, windowMs: number, ownCount: (key: string, now: number) => number): FleetWindow {
    const n = (ordinals.get(name) ?? 0) + 1
    ordinals.set(name, n)
    const space = `${prefix}rate:${name}#${n}:`
    /** Per key: the other processes' hits as last fetched, and when (Date.now()); keys idle for a window are dropped. */
    const totals = new Map<string, { n: number; at: number }>()
    let fetched = 0
    const pending = new Map<string, Pending>()

    windows.push((pipeline) => {
      const batch = [...pending]
      pending.clear()
      // Our own count when the totals are read: what we subtract from them.
      const own = new Map<string, number>()
      for (const [key, p] of batch) {
        const k = space + key
        pipeline.zremrangebyscore(k, '-inf', p.now - windowMs)
        if (p.adds.length > 0) {
          pipeline.zadd(k, ...p.adds.flatMap((t) => [t, `${processId}:${++seq}`]))
          pipeline.pexpire(k, windowMs)
        }
        pipeline.zcard(k)
        own.set(key, ownCount(key, p.now))
      }
      if ((fetched += batch.length) >= SWEEP_EVERY) {
        fetched = 0
        const idle = Date.now() - windowMs
        for (const [key, t] of totals) if (t.at < idle) totals.delete(key)
      }
      return (results, at) => {
        let i = at
        for (const [key, p] of batch) {
          i += p.adds.length > 0 ? 3 : 1
          const [err, total] = results[i] ?? [null, 0]
          i++
          if (err) report(err)
          else totals.set(key, { n: Math.max(0, Number(total) - (own.get(key) ?? 0)), at: Date.now() })
        }
        return i
      }
    })
    const touch = (key: string, now: number): Pending => {
      let p = pending.get(key)
      if (!p) pending.set(key, (p = { now, adds: [] }))
      p.now = Math.max(p.now, now)
      schedule()
      return p
    }
    return {
      others(key, now) {
        touch(key, now)
        return totals.get(key)?.n ?? 0
      },
      record(key, now) {
        touch(key, now).adds.push(now)
      },
    }
  }

  const cache: FleetCache = {
    async get(key) {
      await ready()
      const raw = await redis.get(`${prefix}cache:${key}`)
      if (raw === null) return null
      const parsed = JSON.parse(raw) as Partial<Shared>
      return typeof parsed.value === 'string' && typeof parsed.expiresAt === 'number' ? { value: parsed.value, expiresAt: parsed.expiresAt } : null
    },
    async set(key, value) {
      await ready()
      const ttl = Math.max(1, value.expiresAt - Date.now())
      await redis.set(`${prefix}cache:${key}`, JSON.stringify(value), 'PX', ttl)
    },
    async delete(key) {
      await ready()
      await redis.del(`${prefix}cache:${key}`)
    },
    async lock(key, ttlMs) {
      await ready()
      return (await redis.set(`${prefix}lock:${key}`, processId, 'PX', ttlMs, 'NX')) === 'OK'
    },
  }

  return {
    window,
    cache,
    async settle() {
      // A flush scheduled this turn runs first (setImmediate), then its round trip is awaited.
      await new Promise((resolve) => setImmediate(resolve))
      await Promise.all([...inFlight])
    },
    async close() {
      closed = true
      await Promise.all([...inFlight])
      redis.disconnect()
    },
  }
}
