import type { Store } from '../db/queries'

/** How often counted page views are written, ms. */
export const VIEW_FLUSH_MS = 5000
const MINUTE_MS = 60_000

/**
 * Page views (Activity/index answered to a participant), counted in memory per
 * activity and minute and written as one upsert per (activity, minute) at most
 * every VIEW_FLUSH_MS — never a row, nor a write, per view, so a crowd (or a
 * flood) of entries costs the database a few statements a second. Statistics
 * flush first, so they are exact for this process; a crash loses at most the
 * last few seconds of views. Processes behind a balancer each add their own.
 */
export class ViewCounter {
  private readonly pending = new Map<number, Map<number, number>>()
  private lastFlush = 0
  /** The latest flush being written: statistics wait for it. */
  private writing: Promise<void> = Promise.resolve()

  constructor(
    private readonly store: Store,
    private readonly logError: (err: unknown) => void,
  ) {}

  /** One page view of the activity at `now` (epoch ms); a due flush is written in the background (errors to `logError`). */
  hit(activityId: number, now: number): void {
    const minute = now - (now % MINUTE_MS)
    let minutes = this.pending.get(activityId)
    if (!minutes) this.pending.set(activityId, (minutes = new Map()))
    minutes.set(minute, (minutes.get(minute) ?? 0) + 1)
    if (now - this.lastFlush >= VIEW_FLUSH_MS) this.flush(now).catch(this.logError)
  }

  /** Write what was counted (in one transaction, after any flush still being written). */
  flush(now: number): Promise<void> {
    this.lastFlush = now
    if (this.pending.size === 0) return this.writing
    const rows: [number, number, number][] = []
    for (const [activityId, minutes] of this.pending) for (const [minute, n] of minutes) rows.push([activityId, minute, n])
    this.pending.clear()
    this.writing = this.writing.catch(() => {}).then(() => this.store.ops.addViews(rows))
    return this.writing
  }
}
