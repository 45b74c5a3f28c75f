import * as v from 'valibot'
import { PRIZE_TYPES } from '../core/activity'
import { ClaimFieldSchema } from '../core/contract'
import { type MultiDrawData, type MyRecords, type WinRecord } from '../core/campaign'

/**
 * Run-time checks of the campaign answers (core/campaign.ts) as the participant's
 * client reads them: a malformed answer is refused before the page shows it.
 */

const int = v.pipe(v.number(), v.integer())
const yuan = v.pipe(v.string(), v.regex(/^-?\d+\.\d{2}$/))
const prizeType = v.picklist(PRIZE_TYPES)

const WinSchema = v.object({
  prize_id: int,
  prize_name: v.string(),
  prize_type: prizeType,
  money: yuan,
  secret: v.pipe(v.string(), v.regex(/^\d+$/)),
  amount_cents: int,
})

export const MultiDrawDataSchema = v.object({
  results: v.array(v.union([v.object({ code: v.literal(200), win: WinSchema }), v.object({ code: v.literal(202), win: v.null() })])),
  stopped: v.nullable(v.object({ code: int, msg: v.string() })),
  plays_left: v.nullable(int),
}) satisfies v.GenericSchema<unknown, MultiDrawData>

const AddressSchema = v.object({ province: v.string(), city: v.string(), district: v.string(), street: v.string() })

export const WinRecordSchema = v.object({
  awardcode: v.string(),
  prize_id: int,
  prize_name: v.string(),
  prize_type: prizeType,
  money: yuan,
  won_at: int,
  status: v.picklist(['unredeemed', 'redeemed', 'to_ship', 'shipped', 'received']),
  courier: v.nullable(v.string()),
  tracking: v.nullable(v.string()),
  claim_fields: v.array(ClaimFieldSchema),
  claim: v.nullable(v.record(v.string(), v.union([v.string(), AddressSchema]))),
  claim_editable: v.boolean(),
}) satisfies v.GenericSchema<unknown, WinRecord>

export const MyRecordsSchema = v.object({
  plays: v.array(
    v.object({ time: int, window: v.string(), outcome: v.picklist(['win', 'no_award']), prize_name: v.nullable(v.string()) }),
  ),
  wins: v.array(WinRecordSchema),
}) satisfies v.GenericSchema<unknown, MyRecords>
