/**
 * Running a campaign (issue 12): statistics, exports, staff redemption and
 * activity management. The shapes the server answers with and the studio and
 * the staff page read. Framework-free: imported by the SPA and by server/.
 *
 * Every call is POST JSON in seed 002's envelope under API_BASE. Marketer calls
 * carry the marketer key (X-Marketer-Key header or body `auth`); staff calls
 * carry a staff key (STAFF_HEADER or body `auth`), which can do nothing else.
 */

import * as v from 'valibot'
import type { ActivityConfig } from './activity'
import { authField, awardCodeField, codeField, objectMessage } from './requests'
import { windowBounds } from './windows'

export const OPS_PATHS = {
  /** Marketer: `{code, threshold?}` → ActivityStats (`threshold`: the stock alert's share, 0–1, default 0.1). */
  stats: '/stats/summary',
  /** Marketer: `{code, before?}` → RedemptionEntry[], newest first, 100 at a time (`before`: a redeemed_at to page back from). */
  redemptions: '/stats/redemptions',
  /** Marketer: `{code}` → a CSV file (UTF-8 with BOM, streamed), one row per win. */
  exportWinners: '/export/winners',
  /** Marketer: `{code}` → a CSV file, one row per participant. */
  exportParticipants: '/export/participants',
  /** Marketer: `{code}` → ActivityOverview; participants can no longer play (config.status 0). */
  close: '/Activity/close',
  /** Marketer: `{code}` → ActivityOverview (config.status 1). */
  reopen: '/Activity/reopen',
  /** Marketer: `{code}` → ActivityOverview of a new draft with the same configuration (fresh stock, no plays). */
  duplicate: '/Activity/duplicate',
  /** Marketer: `{code}` → ActivityOverview; a draft becomes playable. */
  publish: '/Activity/publish',
  /** Marketer: `{code, awardcode, courier, tracking}` → the win marked shipped (physical prizes; see core/campaign). */
  ship: '/info/ship',
  /** Staff: `{}` → StaffActivity[] the key may redeem for. */
  staffActivities: '/staff/activities',
  /** Staff: `{code, awardcode}` → StaffWin (nothing changes). */
  staffLookup: '/staff/lookup',
  /** Staff: `{code, awardcode}` → StaffWin with redeemed_at; a second time 1011 ALREADY_REDEEMED with the first redemption's StaffWin. */
  staffRedeem: '/staff/redeem',
} as const

/** The header that carries a staff key. */
export const STAFF_HEADER = 'x-staff-key'

/** What a key may do: a marketer manages everything; staff only redeem prizes of their activities. */
export type KeyRole = 'marketer' | 'staff'

/**
 * An activity's status as the studio shows it: a draft is not playable yet;
 * closed is the marketer's switch (config.status 0); otherwise the 场次 decide.
 */
export type ActivityStatus = 'draft' | 'scheduled' | 'running' | 'ended' | 'closed'
export const ACTIVITY_STATUS_NAMES: Readonly<Record<ActivityStatus, string>> = {
  draft: '草稿',
  scheduled: '未开始',
  running: '进行中',
  ended: '已结束',
  closed: '已关闭',
}

/** The counts every statistic is made of. */
export interface Counts {
  /** Page views (Activity/index answered). */
  views: number
  /** Distinct participants who played at least once. */
  participants: number
  plays: number
  wins: number
  /** Info / claim forms filled. */
  forms: number
  redeemed: number
}

/** A row of Activity/list: its seed-era fields (`status` is config.status, 1 open / 0 closed) plus `state` and the key numbers. */
export interface ActivityOverview {
  code: string
  active_title: string
  template: number
  status: 0 | 1
  state: ActivityStatus
  updated_at: number
  counts: Counts
}

export interface PrizeStats {
  id: number
  name: string
  type: string
  /** Configured stock (count, or cents for a random red packet). */
  stock: number
  won: number
  remaining: number
  redeemed: number
  /** 'low' below the threshold share of stock, 'out' at 0, else null. */
  alert: 'low' | 'out' | null
}

export type FunnelStep = 'viewed' | 'played' | 'won' | 'filled' | 'redeemed'
export const FUNNEL_LABELS: Readonly<Record<FunnelStep, string>> = {
  viewed: '浏览',
  played: '参与',
  won: '中奖',
  filled: '填写信息',
  redeemed: '核销',
}

export interface ActivityStats {
  code: string
  state: ActivityStatus
  /** Server time of this snapshot, epoch ms (the studio polls). */
  generated_at: number
  /** Stock alert threshold, a share of stock (0.1 by default). */
  threshold: number
  totals: Counts
  /** People at each step, in FunnelStep order. */
  funnel: { step: FunnelStep; count: number }[]
  prizes: PrizeStats[]
  /** Per 场次, in configuration order. */
  windows: ({ start: string; end: string } & Counts)[]
  /** Per day (UTC+8, 'YYYY-MM-DD'), oldest first. */
  days: ({ day: string } & Counts)[]
  /** Plays and wins over time, buckets of `bucket_ms` starting at `t` (epoch ms), oldest first. */
  series: { bucket_ms: number; points: { t: number; plays: number; wins: number }[] }
}

export interface RedemptionEntry {
  /** The 核销码 with its middle masked (123456****7890). */
  awardcode: string
  prize_name: string
  redeemed_at: number
  /** Who redeemed it: the key's label and role. */
  by: { label: string; role: KeyRole }
}

export interface StaffActivity {
  code: string
  active_title: string
  state: ActivityStatus
}

/** A win as the staff page shows it (the winner's name masked, no phone). */
export interface StaffWin {
  code: string
  active_title: string
  awardcode: string
  prize: { id: number; name: string; type: string; info: string }
  winner: string
  won_at: number
  redeemed_at: number | null
  redeemed_by: string | null
}

// ---------------------------------------------------------------- rules and requests

/** The stock alert's default threshold: a prize is low below this share of its stock. */
export const STOCK_ALERT_THRESHOLD = 0.1
/** stats/redemptions answers this many entries at a time. */
export const REDEMPTIONS_PAGE = 100

/**
 * An activity's status at `now` (epoch ms): a draft until published; closed by
 * the marketer's switch; otherwise before its first 场次 scheduled, after its
 * last ended (no valid 场次: ended, it can never open), running in between (a
 * gap between two 场次 included).
 */
export function activityStatus(
  config: Pick<ActivityConfig, 'status' | 'active_time'>,
  published: boolean,
  now: number,
): ActivityStatus {
  if (!published) return 'draft'
  if (config.status === 0) return 'closed'
  const bounds = config.active_time.map(windowBounds).filter((b) => b !== null)
  if (bounds.length === 0) return 'ended'
  if (now < Math.min(...bounds.map((b) => b.start))) return 'scheduled'
  if (now >= Math.max(...bounds.map((b) => b.endsAt))) return 'ended'
  return 'running'
}

/** Activity/close, reopen, duplicate, publish, export/*: the activity, by a marketer. */
export const OpsCodeRequestSchema = v.object({ code: codeField, auth: authField }, objectMessage)
/** stats/summary. */
export const StatsRequestSchema = v.object(
  {
    code: codeField,
    auth: authField,
    threshold: v.optional(
      v.pipe(
        v.number('库存预警比例（threshold）应为数字'),
        v.minValue(0, '库存预警比例（threshold）应在 0 到 1 之间'),
        v.maxValue(1, '库存预警比例（threshold）应在 0 到 1 之间'),
      ),
      STOCK_ALERT_THRESHOLD,
    ),
  },
  objectMessage,
)
/** stats/redemptions. */
export const RedemptionsRequestSchema = v.object(
  {
    code: codeField,
    auth: authField,
    before: v.optional(
      v.pipe(
        v.number('分页时间（before）应为数字'),
        v.integer('分页时间（before）应为整数'),
        v.minValue(0, '分页时间（before）不能为负'),
      ),
    ),
  },
  objectMessage,
)
/** staff/activities. */
export const StaffActivitiesRequestSchema = v.object({ auth: authField }, objectMessage)
/** staff/lookup, staff/redeem. */
export const StaffCodeRequestSchema = v.object({ code: codeField, awardcode: awardCodeField, auth: authField }, objectMessage)
