import * as v from 'valibot'
import { ActivityConfigSchema, int } from './contract'

/**
 * Run-time checks of the marketer's answers (the studio reads them): apart from core/contract, which
 * the participant's page downloads, so that page goes without them. core/contract re-exports their types.
 */

/** Stock per prize: `remaining` is a count, or cents for a random red packet. */
export const PrizeStockSchema = v.object({ prize_id: int, remaining: int, won: int, paid_cents: int })

/** Activity/index with a marketer key: the full configuration with stock and counts. No token is issued. */
export const MarketerIndexDataSchema = v.object({
  ...ActivityConfigSchema.entries,
  view: v.literal('marketer'),
  code: v.string(),
  stock: v.array(PrizeStockSchema),
  counts: v.object({ participants: int, plays: int, wins: int, redeemed: int }),
  server_time: int,
})

/** Activity/add: the saved configuration, prize ids assigned. */
export const AddDataSchema = v.object({ code: v.string(), config: ActivityConfigSchema })
/** Activity/settings: `wechat` when the server has WeChat credentials (new activities then default to WeChat sign-in). */
export const SettingsDataSchema = v.object({ wechat: v.boolean() })

export type MarketerIndexData = v.InferOutput<typeof MarketerIndexDataSchema>
export type PrizeStock = v.InferOutput<typeof PrizeStockSchema>
export type AddData = v.InferOutput<typeof AddDataSchema>
export type SettingsData = v.InferOutput<typeof SettingsDataSchema>
