import * as v from 'valibot'
import { cleanText, codeField, objectMessage, toFieldErrors, typeMessage, type FieldError, type SameShape } from './contract'
import { TEL_RE, USER_INFO_LIMITS, type UserInfo } from './userInfo'

/**
 * Activity/user's seed form (name, tel, address, other_info), checked by the server and, before sending, by the
 * participant's client. Apart from core/contract so the participant's page loads it with the form (vite.config.ts's
 * `form` chunk), not before the game: most participants never fill it in.
 */
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
