import type { ActivityStatus, Counts } from '../core/ops'

/** The studio's words and colours for running a campaign, in one place. */

/** Each state's tag colour (a Vant tag type). */
export const STATUS_TAG: Readonly<Record<ActivityStatus, 'default' | 'primary' | 'success' | 'warning' | 'danger'>> = {
  draft: 'default',
  scheduled: 'primary',
  running: 'success',
  ended: 'warning',
  closed: 'danger',
}

/** The counts shown beside an activity, in reading order. */
export const COUNT_LABELS: readonly (readonly [keyof Counts, string])[] = [
  ['views', '浏览'],
  ['participants', '参与人数'],
  ['plays', '抽奖次数'],
  ['wins', '中奖'],
  ['forms', '填写信息'],
  ['redeemed', '核销'],
]

/** A share as a percentage with one decimal, '—' when there is nothing to divide by. */
export function percentText(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : '—'
}

/** A chart bucket's length in words: 每 5 分钟, 每小时, 每天. */
export function bucketText(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000))
  if (minutes % 1440 === 0) return minutes === 1440 ? '每天' : `每 ${minutes / 1440} 天`
  if (minutes % 60 === 0) return minutes === 60 ? '每小时' : `每 ${minutes / 60} 小时`
  return `每 ${minutes} 分钟`
}
