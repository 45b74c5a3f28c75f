import * as v from 'valibot'
import { MULTI_DRAW_LIMITS } from './campaign'
import { REQUEST_ID_RE, type FieldError, type SameShape } from './contract'
import { TEL_RE, USER_INFO_LIMITS, textProblem, type UserInfo } from './userInfo'

/**
 * The request schemas of core/contract's API (checked by server/ and, for the info form, by the participant's
 * client before sending), the fields they share and the Chinese messages of a missing or mistyped field.
 * Apart from core/contract so the participant's page loads them with the info form (vite.config.ts's `form`
 * chunk), not before the game: most participants never fill it in.
 */

/** A message for a field that is missing or of the wrong type. */
export function typeMessage(field: string, label: string, expected: string) {
  return (issue: { input: unknown }) =>
    issue.input === undefined || issue.input === null ? `缺少${label}（${field}）` : `${label}（${field}）必须是${expected}`
}

/** Chinese names of the request fields, for messages. */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  code: '活动编码',
  auth: '授权',
  name: '姓名',
  tel: '手机号',
  address: '地址',
  other_info: '其他信息',
  request_id: '请求编号',
  awardcode: '核销码',
  ref: '邀请码',
  threshold: '库存预警比例',
  before: '分页时间',
  count: '连抽次数',
  values: '表单',
  courier: '快递公司',
  tracking: '快递单号',
}

/** The message of an object schema: a missing key, or input that is not an object at all. */
export function objectMessage(issue: { expected: string | null }): string {
  const key = (issue.expected ?? '').replace(/^"|"$/g, '')
  return key in FIELD_LABELS ? `缺少${FIELD_LABELS[key]}（${key}）` : '请求参数应为对象'
}

/** Activity codes: what the links carry (`/game/lottery/index/code/{code}`). */
const ACTIVITY_CODE_RE = /^[A-Za-z0-9_-]{1,32}$/
/** Redemption codes (核销码): digits only. */
const AWARD_CODE_RE = /^\d{6,20}$/

export const codeField = v.pipe(
  v.string(typeMessage('code', '活动编码', '字符串')),
  v.regex(ACTIVITY_CODE_RE, '活动编码（code）格式不正确'),
)
export const authField = v.optional(
  v.pipe(v.string(typeMessage('auth', '授权', '字符串')), v.maxLength(2048, '授权（auth）过长')),
)
export const awardCodeField = v.pipe(
  v.string(typeMessage('awardcode', '核销码', '字符串')),
  v.regex(AWARD_CODE_RE, '核销码（awardcode）格式不正确'),
)

/** Participant text that staff and winners lists show: see textProblem. */
export const cleanText = (label: string) =>
  v.rawCheck<string>(({ dataset, addIssue }) => {
    const problem = dataset.typed ? textProblem(dataset.value) : null
    if (problem) addIssue({ message: `${label}${problem}` })
  })

/** valibot issues → FieldError[] (the first issue per path). */
export function toFieldErrors(issues: readonly v.BaseIssue<unknown>[]): FieldError[] {
  const seen = new Set<string>()
  const out: FieldError[] = []
  for (const issue of issues) {
    const path = v.getDotPath(issue) ?? ''
    if (seen.has(path)) continue
    seen.add(path)
    out.push({ path, message: issue.message })
  }
  return out
}

/**
 * Activity/index (GET query or POST body): `auth` is the host ticket (active_type 2) or a marketer key;
 * `ref` the sharer's referral id from the page's link (`wechat` activities, max_share).
 */
export const IndexRequestSchema = v.object(
  {
    code: codeField,
    auth: authField,
    ref: v.optional(v.pipe(v.string(typeMessage('ref', '邀请码', '字符串')), v.maxLength(64, '邀请码（ref）过长'))),
  },
  objectMessage,
)
/** Activity/prize and info/userlist. */
export const CodeRequestSchema = v.object({ code: codeField }, objectMessage)
/** Activity/award: `request_id` makes retries safe (the same id returns the stored result). */
export const AwardRequestSchema = v.object({
  code: codeField,
  request_id: v.pipe(
    v.string(typeMessage('request_id', '请求编号', '字符串')),
    v.regex(REQUEST_ID_RE, '请求编号（request_id）须为 8–64 位字母、数字、- 或 _'),
  ),
}, objectMessage)
/** info/check. */
export const CheckRequestSchema = v.object({ code: codeField, awardcode: awardCodeField }, objectMessage)
/** info/redeem (marketer key in `auth` or the X-Marketer-Key header). */
export const RedeemRequestSchema = v.object({ code: codeField, awardcode: awardCodeField, auth: authField }, objectMessage)
/** Activity/list (marketer key in `auth` or the X-Marketer-Key header). */
export const ListRequestSchema = v.object({ auth: authField }, objectMessage)
/** Activity/add: these plus every ActivityConfig field (checked by core/validation). A missing `code` creates an activity. */
export const AddRequestSchema = v.object({ code: v.optional(codeField), auth: authField }, objectMessage)

// ——— campaign features (issue 13, core/campaign.ts): requests ———

const requestIdField = v.pipe(
  v.string(typeMessage('request_id', '请求编号', '字符串')),
  v.regex(REQUEST_ID_RE, '请求编号（request_id）须为 8–64 位字母、数字、- 或 _'),
)
/** Activity/multi: `count` must be one of the activity's multi_draw choices (checked by the server). A number sent as text ('3') reads as 3. */
export const MultiRequestSchema = v.object(
  {
    code: codeField,
    request_id: requestIdField,
    count: v.pipe(
      v.union(
        [v.number(), v.pipe(v.string(), v.regex(/^\d{1,2}$/), v.transform(Number))],
        typeMessage('count', '连抽次数', '整数'),
      ),
      v.integer('连抽次数（count）须为整数'),
      v.minValue(MULTI_DRAW_LIMITS.min, `连抽次数（count）须为 ${MULTI_DRAW_LIMITS.min}–${MULTI_DRAW_LIMITS.max}`),
      v.maxValue(MULTI_DRAW_LIMITS.max, `连抽次数（count）须为 ${MULTI_DRAW_LIMITS.min}–${MULTI_DRAW_LIMITS.max}`),
    ),
  },
  objectMessage,
)
/** Activity/user's body as first read: the seed's four fields (UserRequestSchema) or `values` for an activity with its own form. */
export const UserEntrySchema = v.looseObject({ code: codeField }, objectMessage)
/** info/claim: `values` is checked against the win's form by core/claimValues's readClaimValues (paths `values.<key>`). */
export const ClaimRequestSchema = v.object({ code: codeField, awardcode: awardCodeField, values: v.unknown() }, objectMessage)
/** Shipment fields' limits. */
export const SHIP_LIMITS = { courier: 20, tracking: 40 } as const
/** info/ship (marketer key in `auth` or the X-Marketer-Key header). */
export const ShipRequestSchema = v.object(
  {
    code: codeField,
    awardcode: awardCodeField,
    auth: authField,
    courier: v.pipe(
      v.string(typeMessage('courier', '快递公司', '字符串')),
      v.trim(),
      v.nonEmpty('请填写快递公司（courier）'),
      v.maxGraphemes(SHIP_LIMITS.courier, `快递公司（courier）最多 ${SHIP_LIMITS.courier} 个字`),
      cleanText('快递公司（courier）'),
    ),
    tracking: v.pipe(
      v.string(typeMessage('tracking', '快递单号', '字符串')),
      v.trim(),
      v.regex(/^[A-Za-z0-9-]{1,40}$/, `快递单号（tracking）须为 1–${SHIP_LIMITS.tracking} 位字母、数字或 -`),
    ),
  },
  objectMessage,
)

/** Activity/user's seed form (name, tel, address, other_info). */
export const UserRequestSchema = v.object({
  code: codeField,
  name: v.pipe(
    v.string(typeMessage('name', '姓名', '字符串')),
    v.trim(),
    v.nonEmpty('请填写姓名（name）'),
    v.maxGraphemes(USER_INFO_LIMITS.nameMax, `姓名（name）最多 ${USER_INFO_LIMITS.nameMax} 个字`),
    cleanText('姓名（name）'),
  ),
  tel: v.pipe(v.string(typeMessage('tel', '手机号', '字符串')), v.trim(), v.regex(TEL_RE, '请填写正确的手机号（tel）')),
  address: v.optional(
    v.pipe(v.string(typeMessage('address', '地址', '字符串')), v.trim(), v.maxGraphemes(USER_INFO_LIMITS.addressMax, `地址（address）最多 ${USER_INFO_LIMITS.addressMax} 个字`), cleanText('地址（address）')),
    '',
  ),
  other_info: v.optional(
    v.pipe(
      v.string(typeMessage('other_info', '其他信息', '字符串')),
      v.trim(),
      v.maxGraphemes(USER_INFO_LIMITS.otherInfoMax, `其他信息（other_info）最多 ${USER_INFO_LIMITS.otherInfoMax} 个字`),
      cleanText('其他信息（other_info）'),
    ),
    '',
  ),
}, objectMessage)

export type UserRequest = v.InferInput<typeof UserRequestSchema>
// userInfo.ts describes the form; a schema that drifts from it no longer compiles.
true satisfies SameShape<Omit<v.InferOutput<typeof UserRequestSchema>, 'code'>, UserInfo>

/** The form's request as sent (trimmed), or the field errors (the first per field) when it breaks a rule. */
export function checkUserRequest(input: UserRequest): { ok: true; body: v.InferOutput<typeof UserRequestSchema> } | { ok: false; fieldErrors: FieldError[] } {
  const result = v.safeParse(UserRequestSchema, input)
  return result.success ? { ok: true, body: result.output } : { ok: false, fieldErrors: toFieldErrors(result.issues) }
}
