import * as v from 'valibot'
import type {
  ActivityOverview,
  ActivityStats,
  ActivityStatus,
  Counts,
  FunnelStep,
  KeyRole,
  RedemptionEntry,
  StaffActivity,
  StaffWin,
} from '../core/ops'
import { ACTIVITY_STATUS_NAMES, FUNNEL_LABELS } from '../core/ops'
import { TEMPLATES } from '../core/activity'

/**
 * Run-time checks of core/ops's answers on the client side (the studio and the
 * staff page read them; a broken answer must be an error, never a crash).
 * Each schema is typed as its contract interface, so the two cannot drift apart.
 */

const num = v.number()
const status = v.picklist(Object.keys(ACTIVITY_STATUS_NAMES) as ActivityStatus[])
const role = v.picklist<KeyRole[]>(['marketer', 'staff'])

const countsEntries = { views: num, participants: num, plays: num, wins: num, forms: num, redeemed: num }
const CountsSchema: v.GenericSchema<Counts> = v.object(countsEntries)

export const ActivityOverviewSchema: v.GenericSchema<ActivityOverview> = v.object({
  code: v.string(),
  active_title: v.string(),
  template: v.picklist(TEMPLATES),
  status: v.picklist([0, 1] as const),
  state: status,
  updated_at: num,
  counts: CountsSchema,
})
export const ActivityOverviewListSchema = v.array(ActivityOverviewSchema)

export const ActivityStatsSchema: v.GenericSchema<ActivityStats> = v.object({
  code: v.string(),
  state: status,
  generated_at: num,
  threshold: num,
  totals: CountsSchema,
  funnel: v.array(v.object({ step: v.picklist(Object.keys(FUNNEL_LABELS) as FunnelStep[]), count: num })),
  prizes: v.array(
    v.object({
      id: num,
      name: v.string(),
      type: v.string(),
      stock: num,
      won: num,
      remaining: num,
      redeemed: num,
      alert: v.nullable(v.picklist(['low', 'out'] as const)),
    }),
  ),
  windows: v.array(v.object({ start: v.string(), end: v.string(), ...countsEntries })),
  days: v.array(v.object({ day: v.string(), ...countsEntries })),
  series: v.object({ bucket_ms: num, points: v.array(v.object({ t: num, plays: num, wins: num })) }),
})

export const RedemptionListSchema: v.GenericSchema<RedemptionEntry[]> = v.array(
  v.object({ awardcode: v.string(), prize_name: v.string(), redeemed_at: num, by: v.object({ label: v.string(), role }) }),
)

export const StaffActivityListSchema: v.GenericSchema<StaffActivity[]> = v.array(
  v.object({ code: v.string(), active_title: v.string(), state: status }),
)

export const StaffWinSchema: v.GenericSchema<StaffWin> = v.object({
  code: v.string(),
  active_title: v.string(),
  awardcode: v.string(),
  prize: v.object({ id: num, name: v.string(), type: v.string(), info: v.string() }),
  winner: v.string(),
  won_at: num,
  redeemed_at: v.nullable(num),
  redeemed_by: v.nullable(v.string()),
})
