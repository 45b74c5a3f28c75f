import type { ActivityStats, Counts, PrizeStats } from '../../src/core/ops'
import type { ActivityRow, MinuteCount, MinuteRow, Store } from '../db/queries'
import { isRandomRedPacket } from '../../src/core/draw'
import { toCents } from '../../src/core/money'
import { activityStatus } from '../../src/core/ops'
import { DAY_MS, MINUTE_MS, formatCst, startOfCstDay, windowBounds } from '../../src/core/windows'

/**
 * stats/summary: an activity's numbers, read at request time from counters
 * and indexed rows (the award path writes nothing for them). Totals are the
 * authoritative counts; per day and over time come from the per-minute rows
 * (views; plays and wins from the plays log, migration 11), per 场次 from the
 * participants' window counters.
 */

/** Most points a series has: the bucket grows until the campaign fits. */
export const SERIES_MAX_POINTS = 200
/** Bucket sizes a series may use, ms (a minute up to a week). */
const BUCKETS = [1, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080].map((m) => m * MINUTE_MS)
/** Most days listed (the latest): a day row per day of a long campaign, never an unbounded list. */
const MAX_DAYS = 1000
const CST_OFFSET_MS = 8 * 60 * 60 * 1000

const zero = (): Counts => ({ views: 0, participants: 0, plays: 0, wins: 0, forms: 0, redeemed: 0 })

/** The smallest bucket that puts [start, end) in at most SERIES_MAX_POINTS points. */
export function bucketFor(spanMs: number): number {
  return BUCKETS.find((b) => Math.ceil(spanMs / b) <= SERIES_MAX_POINTS) ?? (BUCKETS[BUCKETS.length - 1] as number)
}

/** The start of the bucket `t` falls in, buckets aligned on UTC+8 midnights. */
function bucketStart(t: number, bucket: number): number {
  return Math.floor((t + CST_OFFSET_MS) / bucket) * bucket - CST_OFFSET_MS
}

/** 'YYYY-MM-DD' (UTC+8) of the day `t` falls in. */
export function cstDay(t: number): string {
  return formatCst(t).slice(0, 10)
}

/** Plays and wins over time: from the first 场次 (or play) to now or the last 场次's end, whichever is first. */
export function series(config: ActivityRow['config'], minutes: readonly MinuteRow[], now: number): ActivityStats['series'] {
  const bounds = config.active_time.map(windowBounds).filter((b) => b !== null)
  const played = minutes.filter((m) => m.plays > 0)
  const starts = [...bounds.map((b) => b.start), ...played.slice(0, 1).map((m) => m.minute)]
  if (starts.length === 0) return { bucket_ms: MINUTE_MS, points: [] }
  const start = Math.min(...starts)
  const lastEnd = bounds.length > 0 ? Math.max(...bounds.map((b) => b.endsAt)) : start
  const lastPlay = played.length > 0 ? (played[played.length - 1] as MinuteRow).minute + MINUTE_MS : start
  const end = Math.max(Math.min(now, lastEnd), lastPlay)
  if (end <= start) return { bucket_ms: MINUTE_MS, points: [] }
  const bucket = bucketFor(end - bucketStart(start, MINUTE_MS))
  const first = bucketStart(start, bucket)
  const points: { t: number; plays: number; wins: number }[] = []
  for (let t = first; t < end; t += bucket) points.push({ t, plays: 0, wins: 0 })
  for (const m of minutes) {
    const point = points[Math.floor((m.minute - first) / bucket)]
    if (!point) continue
    point.plays += m.plays
    point.wins += m.wins
  }
  return { bucket_ms: bucket, points }
}

/** Per day (UTC+8), from the first day with anything to the last, days between included. */
export function days(
  minutes: readonly MinuteRow[],
  participants: readonly MinuteCount[],
  forms: readonly MinuteCount[],
  redeemed: readonly MinuteCount[],
): ActivityStats['days'] {
  const byDay = new Map<number, Counts>()
  const at = (minute: number): Counts => {
    const day = startOfCstDay(minute)
    let counts = byDay.get(day)
    if (!counts) byDay.set(day, (counts = zero()))
    return counts
  }
  for (const m of minutes) {
    const counts = at(m.minute)
    counts.views += m.views
    counts.plays += m.plays
    counts.wins += m.wins
  }
  for (const m of participants) at(m.minute).participants += m.n
  for (const m of forms) at(m.minute).forms += m.n
  for (const m of redeemed) at(m.minute).redeemed += m.n
  if (byDay.size === 0) return []
  const keys = [...byDay.keys()]
  const last = Math.max(...keys)
  const first = Math.max(Math.min(...keys), last - (MAX_DAYS - 1) * DAY_MS)
  const out: ActivityStats['days'] = []
  // Days are 24 h in UTC+8 (no daylight saving): whole-day steps stay on midnights.
  for (let day = first; day <= last; day += DAY_MS) out.push({ day: cstDay(day), ...(byDay.get(day) ?? zero()) })
  return out
}

/** Sum of per-minute counts within [start, end). */
function within<T extends { minute: number }>(rows: readonly T[], start: number, end: number, value: (row: T) => number): number {
  let sum = 0
  for (const row of rows) if (row.minute >= start && row.minute < end) sum += value(row)
  return sum
}

/** Stock per configured prize with its alert: 'out' at 0, 'low' below `threshold` of the configured stock. */
export async function prizeStats(store: Store, activity: ActivityRow, threshold: number): Promise<PrizeStats[]> {
  const stock = new Map((await store.stockRows(activity.id)).map((row) => [row.prize_id, row]))
  const redeemed = await store.ops.redeemedByPrize(activity.id)
  return activity.config.prize.map((prize) => {
    const row = stock.get(prize.id)
    const configured = isRandomRedPacket(prize) ? toCents(prize.money) : prize.sum
    const remaining = row?.remaining ?? 0
    const alert = remaining === 0 ? 'out' : remaining < threshold * configured ? 'low' : null
    return {
      id: prize.id,
      name: prize.name,
      type: prize.type,
      stock: configured,
      won: row?.won ?? 0,
      remaining,
      redeemed: redeemed.get(prize.id) ?? 0,
      alert,
    }
  })
}

export async function activityStats(store: Store, activity: ActivityRow, now: number, threshold: number): Promise<ActivityStats> {
  const id = activity.id
  const { config } = activity
  const totals = await store.ops.counts(id)
  const people = await store.ops.funnelPeople(id)
  const minutes = await store.ops.minutes(id)
  const forms = await store.ops.formMinutes(id)
  const byWindow = await store.ops.byWindow(id)
  const redeemedByWindow = await store.ops.redeemedByWindow(id)
  const prizes = await prizeStats(store, activity, threshold)
  const newParticipants = await store.ops.newParticipantMinutes(id)
  const redeemMinutes = await store.ops.redeemMinutes(id)
  return {
    code: activity.code,
    state: activityStatus(config, activity.publishedAt !== null, now),
    generated_at: now,
    threshold,
    totals,
    funnel: [
      { step: 'viewed', count: totals.views },
      { step: 'played', count: totals.participants },
      { step: 'won', count: people.winners },
      { step: 'filled', count: totals.forms },
      { step: 'redeemed', count: people.redeemers },
    ],
    prizes,
    windows: config.active_time.map((window) => {
      const bounds = windowBounds(window)
      if (!bounds) return { ...window, ...zero() }
      const counters = byWindow.get(bounds.start)
      return {
        start: window.start,
        end: window.end,
        views: within(minutes, bounds.start, bounds.endsAt, (m) => m.views),
        participants: counters?.participants ?? 0,
        plays: counters?.plays ?? 0,
        wins: counters?.wins ?? 0,
        forms: within(forms, bounds.start, bounds.endsAt, (m) => m.n),
        redeemed: redeemedByWindow.get(bounds.start) ?? 0,
      }
    }),
    days: days(minutes, newParticipants, forms, redeemMinutes),
    series: series(config, minutes, now),
  }
}
