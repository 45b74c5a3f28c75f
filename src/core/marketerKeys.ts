import * as v from 'valibot'

/**
 * Marketer key management (keys/list, keys/create, keys/revoke): paths and the
 * shapes on the wire, shared by the server and the studio. Calls are POST with
 * the key in `auth` or the X-Marketer-Key header, like every marketer call.
 */

export const KEY_PATHS = {
  list: '/keys/list',
  create: '/keys/create',
  revoke: '/keys/revoke',
} as const

/** Where a key came from: MARKETER_KEY, the first-start demo key, or created (studio or CLI). */
export const KEY_SOURCES = ['env', 'demo', 'created'] as const

const auth = v.optional(v.pipe(v.string('auth 应为字符串'), v.maxLength(2048, '授权（auth）过长')))

export const KeyListRequestSchema = v.object({ auth })
/** The roles a key may have (see core/ops KeyRole). */
export const KEY_ROLES = ['marketer', 'staff'] as const
/** Most activities a staff key may be limited to. */
export const STAFF_ACTIVITIES_MAX = 100

export const KeyCreateRequestSchema = v.object({
  auth,
  label: v.pipe(v.string('密钥名称（label）应为字符串'), v.trim(), v.minLength(1, '请填写密钥名称'), v.maxLength(40, '密钥名称不能超过 40 个字')),
  /** marketer (default): manages everything; staff: redeems prizes only (key 'sk_…'). */
  role: v.optional(v.picklist(KEY_ROLES, '密钥角色（role）应为 marketer 或 staff'), 'marketer'),
  /** Staff keys: the activity codes it may redeem for; [] (default) = every activity. */
  activities: v.optional(
    v.pipe(
      v.array(
        v.pipe(v.string('活动编码应为字符串'), v.regex(/^[A-Za-z0-9_-]{1,32}$/, '活动编码格式不正确')),
        '可核销的活动（activities）应为活动编码列表',
      ),
      v.maxLength(STAFF_ACTIVITIES_MAX, `可核销的活动（activities）最多 ${STAFF_ACTIVITIES_MAX} 个`),
    ),
    [],
  ),
})
export const KeyRevokeRequestSchema = v.object({
  auth,
  id: v.pipe(v.number('密钥编号（id）应为数字'), v.integer('密钥编号（id）应为整数'), v.minValue(1, '密钥编号（id）应为正整数')),
})

/** A key as listed: never the key itself (only its hash is kept). */
export const KeyInfoSchema = v.object({
  id: v.number(),
  /** The key's first characters ('' for MARKETER_KEY and keys made before they were kept). */
  prefix: v.string(),
  label: v.string(),
  source: v.picklist(KEY_SOURCES),
  created_at: v.number(),
  expires_at: v.nullable(v.number()),
  last_used_at: v.nullable(v.number()),
  revoked_at: v.nullable(v.number()),
  /** The key this call was made with. */
  current: v.boolean(),
  role: v.picklist(KEY_ROLES),
  /** Staff keys: the activity codes it may redeem for ([] = every activity); always [] for a marketer key. */
  activities: v.array(v.string()),
})
export const KeyListDataSchema = v.array(KeyInfoSchema)
/** keys/create: the new key in clear, this once. */
export const KeyCreatedDataSchema = v.object({ key: v.string(), info: KeyInfoSchema })
export const KeyRevokedDataSchema = v.object({ id: v.number(), revoked_at: v.number() })

export type KeyInfo = v.InferOutput<typeof KeyInfoSchema>
export type KeyCreatedData = v.InferOutput<typeof KeyCreatedDataSchema>
