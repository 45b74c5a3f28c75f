import type { TimeWindow } from './activity'

/**
 * The activity's 场次 (time windows). Times are 'YYYY-MM-DD HH:mm' in China
 * Standard Time (UTC+8, no daylight saving), whatever the host's time zone, so
 * all arithmetic goes through UTC and a fixed offset, never the local clock.
 */

const CST_OFFSET_MS = 8 * 60 * 60 * 1000
export const MINUTE_MS = 60 * 1000
export const DAY_MS = 24 * 60 * MINUTE_MS
const PATTERN = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/
/** Campaign years accepted: Date.UTC reads 0–99 as 1900–1999, and nothing runs outside this century. */
const YEARS = { min: 2000, max: 2099 }

/** Where `now` stands relative to the windows. 'before' covers both before the first window and between two. */
export type WindowState =
  | { phase: 'open'; index: number; endsAt: number }
  | { phase: 'before'; nextIndex: number; startsAt: number }
  | { phase: 'after' }

/** 'YYYY-MM-DD HH:mm' (UTC+8) → epoch ms, or null when malformed, not a real date (2024-02-30) or outside 2000–2099. */
export function parseCst(s: string): number | null {
  const m = PATTERN.exec(s)
  if (!m) return null
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number]
  if (year < YEARS.min || year > YEARS.max || month < 1 || month > 12 || hour > 23 || minute > 59 || day < 1) return null
  const utc = Date.UTC(year, month - 1, day, hour, minute)
  // Date.UTC rolls 02-30 over to 03-01; a real date survives the round trip.
  if (new Date(utc).getUTCDate() !== day) return null
  return utc - CST_OFFSET_MS
}

/** Epoch ms → 'YYYY-MM-DD HH:mm' in UTC+8 (seconds dropped). */
export function formatCst(ms: number): string {
  const d = new Date(ms + CST_OFFSET_MS)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}

type Bounds = { start: number; endsAt: number } | null

/** Each window's bounds as last parsed, with the texts they came from (a studio edits its windows in place). */
const parsedBounds = new WeakMap<TimeWindow, { start: string; end: string; bounds: Bounds }>()

/** A window's bounds in epoch ms: [start, endsAt), the end minute included; null if a time is malformed. */
export function windowBounds(window: TimeWindow): Bounds {
  // Parsed once per window: an award asks for them several times, with the server's cached configuration.
  const kept = parsedBounds.get(window)
  if (kept && kept.start === window.start && kept.end === window.end) return kept.bounds
  const start = parseCst(window.start)
  const end = parseCst(window.end)
  const bounds = start === null || end === null ? null : Object.freeze({ start, endsAt: end + MINUTE_MS })
  parsedBounds.set(window, { start: window.start, end: window.end, bounds })
  return bounds
}

/**
 * The window state at `now`. Windows with malformed times are ignored; indexes
 * refer to the given list. No windows at all means the activity is never open ('after').
 */
export function windowAt(windows: readonly TimeWindow[], now: number): WindowState {
  let next: { index: number; start: number } | null = null
  for (const [index, window] of windows.entries()) {
    const bounds = windowBounds(window)
    if (!bounds) continue
    if (bounds.start <= now && now < bounds.endsAt) return { phase: 'open', index, endsAt: bounds.endsAt }
    if (bounds.start > now && (next === null || bounds.start < next.start)) next = { index, start: bounds.start }
  }
  return next ? { phase: 'before', nextIndex: next.index, startsAt: next.start } : { phase: 'after' }
}

/** Whether two states are the same window (or the same gap before one, or both after the last): phase and bounds. */
export function sameWindow(a: WindowState, b: WindowState): boolean {
  switch (a.phase) {
    case 'open':
      return b.phase === 'open' && a.index === b.index && a.endsAt === b.endsAt
    case 'before':
      return b.phase === 'before' && a.nextIndex === b.nextIndex && a.startsAt === b.startsAt
    case 'after':
      return b.phase === 'after'
  }
}

/** 00:00 (UTC+8) of the day `now` falls in, epoch ms. */
export function startOfCstDay(now: number): number {
  return Math.floor((now + CST_OFFSET_MS) / DAY_MS) * DAY_MS - CST_OFFSET_MS
}

/** A window `days` long from `start` (epoch ms), its end the last minute before `start + days`. */
export function windowOfDays(start: number, days: number): TimeWindow {
  return { start: formatCst(start), end: formatCst(start + days * DAY_MS - MINUTE_MS) }
}

/** Where the activity stands, as the page words it (header, notice, play button). */
export interface WindowNotice {
  /** A play may start (open status, inside a window). */
  open: boolean
  /** '第 2 场进行中 · 距结束', '距活动开始', '距第 2 场开始', '活动已结束', '活动已关闭'. */
  label: string
  /** Ms left on the countdown the label introduces, or null when none runs. */
  countdownMs: number | null
  /** Why a play cannot start now, short (button, toast); '' when open. */
  blocked: string
}

/** The page's words for `state` at `now` (epoch ms); `windowCount` numbers the 场次 only when there are several. */
export function windowNotice(state: WindowState, status: 0 | 1, windowCount: number, now: number): WindowNotice {
  if (status === 0) return { open: false, label: '活动已关闭', countdownMs: null, blocked: '活动已关闭' }
  switch (state.phase) {
    case 'open': {
      const label = windowCount > 1 ? `第 ${state.index + 1} 场进行中 · 距结束` : '活动进行中 · 距结束'
      return { open: true, label, countdownMs: Math.max(0, state.endsAt - now), blocked: '' }
    }
    case 'before': {
      const first = state.nextIndex === 0
      return {
        open: false,
        label: first ? '距活动开始' : `距第 ${state.nextIndex + 1} 场开始`,
        countdownMs: Math.max(0, state.startsAt - now),
        blocked: first ? '活动未开始' : '下一场未开始',
      }
    }
    case 'after':
      return { open: false, label: '活动已结束', countdownMs: null, blocked: '活动已结束' }
  }
}
