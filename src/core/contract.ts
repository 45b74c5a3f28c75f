import * as v from 'valibot'
import type { ActivityConfig, Identity } from './activity'
import { ACTIVE_TYPES, IDENTITIES, PRIZE_TYPES, TEMPLATES } from './activity'
import { CLAIM_FIELD_KINDS, GUIDE_REASONS, type GuideReason } from './campaign'
import type { Outcome, OutcomeKind } from './outcome'
import type { FieldError } from './validation'

/**
 * The one contract between the SPA and server/ (seed 002's API): paths, the
 * envelope, the codes, request and response shapes, and valibot schemas that
 * check them at run time on both sides. Framework-free: no Node, DOM or axios.
 *
 * Wire names follow the seed (snake_case, `status`/`msg`); money on the wire is
 * a yuan string with two decimals, plus integer cents where a sum is needed.
 */

/** Where the API is mounted; every path below is relative to it. */
export const API_BASE = '/lottery'

/** Endpoint paths under API_BASE. */
/** The header that carries a marketer key (uploads: the only place it may be). */
export const MARKETER_HEADER = 'x-marketer-key'

export const PATHS = {
  /** Marketer: create or update an activity (auth = marketer key). */
  add: '/Activity/add',
  /** Marketer: every activity, most recently saved first. */
  list: '/Activity/list',
  /** Marketer: what this server can do that the studio's defaults depend on (WeChat sign-in configured). */
  settings: '/Activity/settings',
  /** Load an activity; issues the first token (GET or POST). */
  index: '/Activity/index',
  /** The prize list (GET or POST). */
  prize: '/Activity/prize',
  /** The participant's info form. */
  user: '/Activity/user',
  /** Play once. */
  award: '/Activity/award',
  /** A won prize with its 核销 code, for its winner only. */
  check: '/info/check',
  /** The latest 10 winners, masked (GET or POST). */
  userlist: '/info/userlist',
  /** Marketer: mark a won prize redeemed, once. */
  redeem: '/info/redeem',
  /** Marketer: upload an image (multipart `file`). */
  imgAdd: '/img/add',
  /** Uploaded images are served under this prefix: `${API_BASE}/img/{sha256}.{png|jpg|webp}`. */
  img: '/img',
} as const

/** Every response body, success or not. */
export interface Envelope<T> {
  /** 1 success, 0 refused (seed 002). */
  status: 0 | 1
  /** What happened, one of `Code`. */
  code: number
  /** A Chinese message fit to show. */
  msg: string
  data: T
}

/**
 * Response codes. 2xx: the call did its job (`status` 1, except 201 which asks
 * for the form first); 1xxx: a play refused for a business reason (HTTP 200,
 * the client shows the matching tip); 2xxx: identity (token, ticket, marketer
 * key); 4xxx: bad input; 5000: a server bug.
 */
export const Code = {
  OK: 200,
  /** Seed 002: the activity needs the user form (Activity/user) before playing. */
  NEED_INFO: 201,
  /** The play happened and won nothing (a chance was used). */
  NO_AWARD: 202,

  NO_TIMES: 1001,
  HAVE_AWARD: 1002,
  GAME_OVER: 1003,
  NOT_STARTED: 1004,
  ACTIVITY_NOT_FOUND: 1005,
  /** A draft (a duplicated activity not yet published): participants cannot enter it. */
  ACTIVITY_DRAFT: 1006,
  AWARD_NOT_FOUND: 1010,
  ALREADY_REDEEMED: 1011,
  /** staff/lookup, staff/redeem: the code is a prize of another activity than the one named. */
  AWARD_OTHER_ACTIVITY: 1012,
  // ——— campaign features (issue 13, core/campaign.ts) ———
  /** info/claim after the prize was shipped: the form can no longer change. */
  CLAIM_CLOSED: 1020,
  /** info/received before the prize was shipped. */
  NOT_SHIPPED: 1021,
  /** info/ship of a prize that is not physical. */
  NOT_SHIPPABLE: 1022,
  /** info/ship after the winner confirmed receipt. */
  ALREADY_RECEIVED: 1023,

  /** No `jwt` cookie: enter through Activity/index. */
  TOKEN_MISSING: 2001,
  TOKEN_INVALID: 2002,
  TOKEN_EXPIRED: 2003,
  /** The chain was revoked (after a reuse). */
  TOKEN_REVOKED: 2004,
  /** A token already exchanged, outside the grace: refused, and the chain is revoked. */
  TOKEN_REUSED: 2005,
  TOKEN_WRONG_ACTIVITY: 2006,
  /** active_type 2 without a host ticket. */
  TICKET_REQUIRED: 2010,
  TICKET_INVALID: 2011,
  TICKET_EXPIRED: 2012,
  MARKETER_DENIED: 2020,
  /** No live staff key on a staff endpoint (a marketer key is not one either). */
  STAFF_DENIED: 2021,
  /** A live staff key, but the activity is not one of those it may redeem for. */
  STAFF_SCOPE: 2022,
  /** A call from a page of an origin the server does not allow (cross-site request forgery). */
  ORIGIN_DENIED: 2030,
  /** A `wechat` activity and no signed-in person: data.authorize is where to sign in (server/wechat). */
  WECHAT_SIGNIN: 2040,
  /** A WeChat snapshot page (朋友圈): the visitor may look, not play, until they open the full page. */
  WECHAT_SNAPSHOT: 2041,
  /** A `wechat` activity on a server without WeChat credentials. */
  WECHAT_UNAVAILABLE: 2042,

  BAD_REQUEST: 4000,
  /** Activity/add: the configuration breaks the rules; data.errors lists the fields. */
  INVALID_CONFIG: 4001,
  NOT_FOUND: 4004,
  PAYLOAD_TOO_LARGE: 4013,
  /** The request line or headers are too large (e.g. a pile of cookies): answered by the HTTP layer. */
  HEADERS_TOO_LARGE: 4031,
  UNSUPPORTED_MEDIA: 4015,
  RATE_LIMITED: 4029,
  INTERNAL: 5000,
} as const

type CodeName = keyof typeof Code
export type CodeValue = (typeof Code)[CodeName]

/** Per code: the HTTP status the server answers with and the default message. */
export const CODE_INFO: Readonly<Record<CodeValue, { http: number; msg: string }>> = {
  200: { http: 200, msg: '成功' },
  201: { http: 200, msg: '请先填写您的信息' },
  202: { http: 200, msg: '未中奖' },
  1001: { http: 200, msg: '抽奖次数已用完' },
  1002: { http: 200, msg: '本场已经中过奖了' },
  1003: { http: 200, msg: '活动已结束' },
  1004: { http: 200, msg: '活动尚未开始' },
  1005: { http: 404, msg: '活动不存在' },
  1006: { http: 404, msg: '活动尚未发布' },
  1010: { http: 404, msg: '没有找到这个奖品' },
  1011: { http: 200, msg: '该奖品已核销' },
  1012: { http: 200, msg: '该核销码不属于本活动' },
  1020: { http: 409, msg: '奖品已发货，信息不能再修改' },
  1021: { http: 409, msg: '奖品尚未发货' },
  1022: { http: 409, msg: '只有实物奖品需要发货' },
  1023: { http: 409, msg: '中奖者已确认收货' },
  2001: { http: 401, msg: '请从活动首页进入' },
  2002: { http: 401, msg: '身份校验失败，请从活动首页重新进入' },
  2003: { http: 401, msg: '登录已过期，请从活动首页重新进入' },
  2004: { http: 401, msg: '登录已失效，请从活动首页重新进入' },
  2005: { http: 401, msg: '检测到重复使用的凭证，请从活动首页重新进入' },
  2006: { http: 401, msg: '凭证不属于本活动，请从活动首页重新进入' },
  2010: { http: 403, msg: '本活动仅限特定用户参与，请从主办方入口进入' },
  2011: { http: 403, msg: '授权无效，请从主办方入口重新进入' },
  2012: { http: 403, msg: '授权已过期，请从主办方入口重新进入' },
  2020: { http: 403, msg: '商家密钥无效' },
  2021: { http: 403, msg: '核销员密钥无效' },
  2022: { http: 403, msg: '该核销员密钥不能核销本活动的奖品' },
  2030: { http: 403, msg: '请求来源不被允许' },
  2040: { http: 401, msg: '请使用微信登录后参与' },
  2041: { http: 403, msg: '当前为朋友圈快照页，仅可浏览，请点击右下角「使用完整服务」后参与' },
  2042: { http: 503, msg: '本活动需要微信登录，暂不可用' },
  4000: { http: 400, msg: '请求参数不正确' },
  4001: { http: 400, msg: '活动配置不正确' },
  4004: { http: 404, msg: '接口不存在' },
  4013: { http: 413, msg: '请求内容过大' },
  4015: { http: 415, msg: '不支持的内容类型' },
  4031: { http: 431, msg: '请求头过大，请清除本站 Cookie 后重试' },
  4029: { http: 429, msg: '操作太频繁，请稍后再试' },
  5000: { http: 500, msg: '服务器开小差了，请稍后再试' },
}

/** True for codes after which the client must call Activity/index again (the token chain is gone). */
export function mustReenter(code: number): boolean {
  return code >= 2001 && code <= 2006
}

/**
 * The outcome kind an award code stands for, so the page can pick its tips
 * string; null for codes that are not a play's result (errors, 201).
 * An unknown activity reads as game over (seed: “没有这个活动数据” → no win).
 */
export function codeToOutcome(code: number): OutcomeKind | null {
  switch (code) {
    case Code.OK:
      return 'win'
    case Code.NO_AWARD:
      return 'no_award'
    case Code.NO_TIMES:
      return 'no_times'
    case Code.HAVE_AWARD:
      return 'have_award'
    case Code.GAME_OVER:
    case Code.ACTIVITY_NOT_FOUND:
      return 'game_over'
    case Code.NOT_STARTED:
      return 'not_started'
    default:
      return null
  }
}

// ---------------------------------------------------------------- requests

export type { FieldError }

/** Client request ids for award idempotency (a UUID fits). */
export const REQUEST_ID_RE = /^[A-Za-z0-9_-]{8,64}$/

// The request schemas are in ./requests: on the participant's page only the info form checks a request.

// ---------------------------------------------------------------- responses

/** An integer; money in yuan with two decimals. */
export const int = v.pipe(v.number(), v.integer())
export const yuan = v.pipe(v.string(), v.regex(/^-?\d+\.\d{2}$/))
const prizeType = v.picklist(PRIZE_TYPES)

export const FieldErrorSchema = v.object({ path: v.string(), message: v.string() })
/** data of 4000 / 4001. */
export const ErrorsDataSchema = v.object({ errors: v.array(FieldErrorSchema) })

/** The window at the server's clock, epoch ms. */
export const WindowViewSchema = v.variant('phase', [
  v.object({ phase: v.literal('open'), index: int, ends_at: int }),
  v.object({ phase: v.literal('before'), next_index: int, starts_at: int }),
  v.object({ phase: v.literal('after') }),
])

// ——— campaign features (issue 13): configuration shapes; absent in an older answer = off ———
export const ClaimFieldSchema = v.object({
  key: v.string(),
  kind: v.picklist(CLAIM_FIELD_KINDS),
  label: v.string(),
  required: v.boolean(),
  options: v.optional(v.array(v.string())),
  max: v.optional(int),
})
const GuideSchema = v.object({
  message: v.string(),
  button: v.optional(v.object({ text: v.string(), link: v.string() })),
})
const GuidesSchema = v.partial(
  v.object(Object.fromEntries(GUIDE_REASONS.map((r) => [r, GuideSchema])) as Record<GuideReason, typeof GuideSchema>),
)
const claimFieldsField = v.optional(v.array(ClaimFieldSchema), () => [])

export const PrizeSchema = v.object({
  id: int,
  type: prizeType,
  sum: int,
  name: v.string(),
  money: v.number(),
  max: v.number(),
  min: v.number(),
  img: v.string(),
  info: v.string(),
  chance: v.number(),
  claim_fields: claimFieldsField,
})

const tipsSchema = v.object({
  have_award: v.string(),
  no_times: v.string(),
  no_award: v.string(),
  game_over: v.string(),
  default: v.string(),
})

/** The seed's configuration fields, as Activity/index and Activity/add return them. */
export const ActivityConfigSchema = v.object({
  active_title: v.string(),
  active_type: v.picklist(ACTIVE_TYPES),
  identity: v.picklist(IDENTITIES as readonly Identity[] as [Identity, ...Identity[]]),
  template: v.picklist(TEMPLATES),
  virtual: int,
  active_time: v.array(v.object({ start: v.string(), end: v.string() })),
  prize: v.array(PrizeSchema),
  tips: tipsSchema,
  rule: v.string(),
  max_play: int,
  max_eplay: int,
  max_share: int,
  status: v.picklist([0, 1]),
  isshare: v.picklist([0, 1]),
  share_title: v.string(),
  share_desc: v.string(),
  share_link: v.string(),
  share_img: v.string(),
  actinfo: v.object({
    name: v.optional(v.string()),
    tel: v.optional(v.string()),
    address: v.optional(v.string()),
    desc: v.optional(v.string()),
    need_info: v.optional(v.boolean()),
  }),
  multi_draw: v.optional(v.array(int), () => []),
  claim_fields: claimFieldsField,
  guides: v.optional(GuidesSchema, () => ({})),
  // Activities saved before the field have none: no music.
  bgm: v.optional(v.string(), ''),
})

/** Whether two types are each assignable to the other. */
export type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
// activity.ts and validation.ts describe these (requests.ts checks userInfo.ts's); a schema that drifts from them no longer compiles.
true satisfies SameShape<v.InferOutput<typeof ActivityConfigSchema>, ActivityConfig>
true satisfies SameShape<v.InferOutput<typeof FieldErrorSchema>, FieldError>

/** One of the participant's own wins. `awardcode` is '' once redeemed. */
export const MyPrizeSchema = v.object({
  prize_id: int,
  name: v.string(),
  type: prizeType,
  money: yuan,
  awardcode: v.string(),
  redeemed: v.boolean(),
  createtime: int,
})

/** Where the participant stands, as of `server_time`. */
export const ParticipantStateSchema = v.object({
  plays: int,
  /** null = unlimited. Counts both limits (max_play and, in an open window, max_eplay). */
  plays_left: v.nullable(int),
  window: WindowViewSchema,
  won_in_window: v.boolean(),
  user_filled: v.boolean(),
  /** Real participants + `virtual`. */
  participants: int,
  my_prizes: v.array(MyPrizeSchema),
})

/** Activity/index for a participant: the configuration (no stock), their state, the server clock (epoch ms). */
export const IndexDataSchema = v.object({
  ...ActivityConfigSchema.entries,
  view: v.literal('participant'),
  code: v.string(),
  state: ParticipantStateSchema,
  server_time: int,
})

/** Activity/prize. */
export const PrizeListDataSchema = v.array(PrizeSchema)

/** Activity/award, code 200. `money` is yuan, `amount_cents` the same in cents (0 unless a red packet). */
export const AwardWinDataSchema = v.object({
  prize_id: int,
  prize_name: v.string(),
  prize_type: prizeType,
  money: yuan,
  secret: v.pipe(v.string(), v.regex(/^\d+$/)),
  amount_cents: int,
  plays_left: v.nullable(int),
})
/** Activity/award, code 202 (and 1001–1003 carry it too). */
export const AwardPlayDataSchema = v.object({ plays_left: v.nullable(int) })
/** Activity/award, code 1004: the next window's start (epoch ms), if any. */
export const NotStartedDataSchema = v.object({ starts_at: v.nullable(int) })

/** info/check (and 1011, without the code). `status`: 1 claimed, 2 not yet (virtual prizes count as claimed). */
export const CheckDataSchema = v.object({
  prizeid: int,
  name: v.string(),
  type: prizeType,
  money: yuan,
  prizecode: v.string(),
  info: v.string(),
  status: v.picklist([1, 2]),
  redeemed: v.boolean(),
  createtime: int,
})

/** info/userlist: names masked by the server, no phone numbers; `createtime` in Unix seconds. */
export const UserlistDataSchema = v.array(
  v.object({ wxname: v.string(), headimgurl: v.string(), money: yuan, name: v.string(), createtime: int }),
)

/** Activity/user. */
export const UserDataSchema = v.object({ user_filled: v.literal(true) })

export type WindowView = v.InferOutput<typeof WindowViewSchema>
export type ParticipantState = v.InferOutput<typeof ParticipantStateSchema>
export type MyPrize = v.InferOutput<typeof MyPrizeSchema>
export type IndexData = v.InferOutput<typeof IndexDataSchema>
export type AwardWinData = v.InferOutput<typeof AwardWinDataSchema>
export type CheckData = v.InferOutput<typeof CheckDataSchema>
export type UserlistData = v.InferOutput<typeof UserlistDataSchema>
export type UserData = v.InferOutput<typeof UserDataSchema>

// The marketer's answers (the studio reads them) are checked in marketerSchemas.ts, apart from the participant's download.
export type { AddData, MarketerIndexData, PrizeStock, SettingsData } from './marketerSchemas'

/** The envelope around any data schema. */
function envelopeSchema<const T extends v.GenericSchema>(data: T) {
  return v.object({ status: v.picklist([0, 1]), code: int, msg: v.string(), data })
}

/** The envelope with data left unchecked: read `code` first, then check data with the schema for that code. */
export const AnyEnvelopeSchema = envelopeSchema(v.unknown())

/** The data schema of each award code (others carry null). */
export const AWARD_DATA_SCHEMAS = {
  [Code.OK]: AwardWinDataSchema,
  [Code.NO_AWARD]: AwardPlayDataSchema,
  [Code.NO_TIMES]: AwardPlayDataSchema,
  [Code.HAVE_AWARD]: AwardPlayDataSchema,
  [Code.GAME_OVER]: AwardPlayDataSchema,
  [Code.NOT_STARTED]: NotStartedDataSchema,
} as const

/**
 * An award response → the Outcome the game lands on, or null when the body is
 * not a play's result (201, token, rate or input errors: the caller handles the code).
 * Throws nothing: data that fails its schema also gives null.
 */
export function outcomeFromAward(body: unknown): Outcome | null {
  const env = v.safeParse(AnyEnvelopeSchema, body)
  if (!env.success) return null
  const { code, data } = env.output
  switch (code) {
    case Code.OK: {
      const win = v.safeParse(AwardWinDataSchema, data)
      if (!win.success) return null
      const w = win.output
      return {
        kind: 'win',
        prizeId: w.prize_id,
        prizeName: w.prize_name,
        prizeType: w.prize_type,
        amountCents: w.amount_cents,
        secret: w.secret,
      }
    }
    case Code.NOT_STARTED: {
      const ns = v.safeParse(NotStartedDataSchema, data)
      return { kind: 'not_started', startsAt: ns.success ? ns.output.starts_at : null }
    }
    default: {
      const kind = codeToOutcome(code)
      if (kind === null || kind === 'win' || kind === 'not_started') return null
      return { kind }
    }
  }
}
