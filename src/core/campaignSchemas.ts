import * as v from 'valibot'
import type { AddressValue, ClaimValues, MultiDrawData, MyRecords } from './campaign'
import { AwardWinDataSchema, ClaimFieldSchema, int, yuan, type SameShape } from './contract'

/**
 * Run-time checks of the campaign features' answers (issue 13, core/campaign.ts): 连抽, 我的记录 and
 * claim forms. Apart from core/contract so the participant's first download goes without them: the
 * client fetches them with the first such call (api/client.ts). They use no valibot function the page itself
 * does without (valibot is one module, bundled whole where the page needs it): no omit, record or union.
 */

// A win as Activity/award describes it, without the plays left (the batch says those once).
const { plays_left: _playsLeft, ...drawWinEntries } = AwardWinDataSchema.entries

/** Activity/multi, code 200. */
export const MultiDrawDataSchema = v.object({
  results: v.array(
    v.object({
      code: v.picklist([200, 202]),
      win: v.nullable(v.object(drawWinEntries)),
    }),
  ),
  stopped: v.nullable(v.object({ code: int, msg: v.string() })),
  plays_left: v.nullable(int),
})
const ADDRESS_PARTS = ['province', 'city', 'district', 'street'] as const
function isAddressValue(value: unknown): value is AddressValue {
  return typeof value === 'object' && value !== null && ADDRESS_PARTS.every((part) => typeof (value as Record<string, unknown>)[part] === 'string')
}
/** A claim's answers: per field key, a text or an address. */
const ClaimValuesSchema = v.custom<ClaimValues>(
  (input) =>
    typeof input === 'object' &&
    input !== null &&
    !Array.isArray(input) &&
    Object.values(input).every((value) => typeof value === 'string' || isAddressValue(value)),
)
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
  claim: v.nullable(ClaimValuesSchema),
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
