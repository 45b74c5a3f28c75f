import * as v from 'valibot'
import type { MultiDrawData, MyRecords } from './campaign'
import { AwardWinDataSchema, ClaimFieldSchema, int, yuan, type SameShape } from './contract'

/**
 * Run-time checks of the campaign features' answers (issue 13, core/campaign.ts): 连抽, 我的记录 and
 * claim forms. Apart from core/contract so the participant's first download goes without them: the
 * client fetches them with the first such call (api/client.ts).
 */

/** Activity/multi, code 200. */
export const MultiDrawDataSchema = v.object({
  results: v.array(
    v.object({
      code: v.picklist([200, 202]),
      win: v.nullable(v.omit(AwardWinDataSchema, ['plays_left'])),
    }),
  ),
  stopped: v.nullable(v.object({ code: int, msg: v.string() })),
  plays_left: v.nullable(int),
})
const AddressValueSchema = v.object({ province: v.string(), city: v.string(), district: v.string(), street: v.string() })
const WinRecordSchema = v.object({
  awardcode: v.string(),
  prize_id: int,
  prize_name: v.string(),
  prize_type: v.string(),
  money: yuan,
  won_at: int,
  status: v.picklist(['unredeemed', 'redeemed', 'to_ship', 'shipped', 'received']),
  courier: v.nullable(v.string()),
  tracking: v.nullable(v.string()),
  claim_fields: v.array(ClaimFieldSchema),
  claim: v.nullable(v.record(v.string(), v.union([v.string(), AddressValueSchema]))),
  claim_editable: v.boolean(),
})
/** info/records. */
export const MyRecordsSchema = v.object({
  plays: v.array(
    v.object({ time: int, window: v.string(), outcome: v.picklist(['win', 'no_award']), prize_name: v.nullable(v.string()) }),
  ),
  wins: v.array(WinRecordSchema),
})
/** info/claim, info/received and info/ship: the win as my records shows it. */
export const WinRecordDataSchema = WinRecordSchema
// core/campaign.ts describes these; a schema that drifts from it no longer compiles.
true satisfies SameShape<v.InferOutput<typeof MultiDrawDataSchema>, MultiDrawData>
true satisfies SameShape<v.InferOutput<typeof MyRecordsSchema>, MyRecords>
