/**
 * Reading a filled claim form (core/campaign.ts's ClaimField[]): the one check the
 * page's form runs before sending and the server runs on what arrives. Its own
 * module so that the participant's first download (which needs campaign.ts's
 * shapes through the contract) does not carry it: only the form's lazy chunk does.
 */

import type { AddressValue, ClaimField, ClaimValues } from './campaign'
import { CLAIM_LIMITS, ADDRESS_PART_MAX, CLAIM_TEXT_DEFAULT_MAX } from './campaign'
import { TEL_RE, USER_INFO_LIMITS, textProblem } from './userInfo'
import type { FieldError, ValidationResult } from './validation'

const ADDRESS_PARTS = [
  ['province', '省份'],
  ['city', '城市'],
  ['district', '区县'],
] as const

/** Characters, not UTF-16 units. */
function chars(text: string): number {
  let n = 0
  for (const _ of text) n += 1
  return n
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Why a trimmed text answer cannot be stored (too long, hidden characters), or null. */
function textAnswerProblem(text: string, label: string, max: number): string | null {
  if (chars(text) > max) return `${label}最多 ${max} 个字`
  const problem = textProblem(text)
  return problem ? `${label}${problem}` : null
}

/** One text-kind answer (name, tel, text, choice), trimmed: '' when left empty; an error message when it cannot be stored. */
function readTextAnswer(field: ClaimField, raw: unknown): { value: string } | { error: string } {
  if (raw === undefined || raw === null) return { value: '' }
  if (typeof raw !== 'string') return { error: `${field.label}应为文字` }
  const text = raw.trim()
  if (text === '') return { value: '' }
  switch (field.kind) {
    case 'name': {
      const problem = textAnswerProblem(text, field.label, USER_INFO_LIMITS.nameMax)
      return problem ? { error: problem } : { value: text }
    }
    case 'tel':
      return TEL_RE.test(text) ? { value: text } : { error: `请填写正确的${field.label}` }
    case 'choice':
      return field.options?.includes(text) ? { value: text } : { error: `请从选项中选择${field.label}` }
    default: {
      const problem = textAnswerProblem(text, field.label, field.max ?? CLAIM_TEXT_DEFAULT_MAX)
      return problem ? { error: problem } : { value: text }
    }
  }
}

/** An address answer: null when left empty (every part blank); errors per part (paths relative to the field). */
function readAddress(field: ClaimField, raw: unknown): { value: AddressValue | null } | { errors: FieldError[] } {
  if (raw === undefined || raw === null || raw === '') return { value: null }
  if (!isRecord(raw)) return { errors: [{ path: '', message: `${field.label}应包含省、市、区和详细地址` }] }
  const parts: Record<string, string> = {}
  const errors: FieldError[] = []
  for (const key of ['province', 'city', 'district', 'street'] as const) {
    const value = raw[key]
    if (value !== undefined && value !== null && typeof value !== 'string') {
      errors.push({ path: key, message: `${field.label}的${key === 'street' ? '详细地址' : '省市区'}应为文字` })
      continue
    }
    parts[key] = (value ?? '').trim()
  }
  if (errors.length > 0) return { errors }
  if (Object.values(parts).every((p) => p === '')) return { value: null }
  for (const [key, name] of ADDRESS_PARTS) {
    const text = parts[key] ?? ''
    const problem = text === '' ? `请选择${name}` : textAnswerProblem(text, name, ADDRESS_PART_MAX)
    if (problem) errors.push({ path: key, message: problem })
  }
  const street = parts.street ?? ''
  const streetProblem = street === '' ? '请填写详细地址' : textAnswerProblem(street, '详细地址', CLAIM_LIMITS.street)
  if (streetProblem) errors.push({ path: 'street', message: streetProblem })
  if (errors.length > 0) return { errors }
  return { value: { province: parts.province ?? '', city: parts.city ?? '', district: parts.district ?? '', street } }
}

/**
 * Read a filled claim form against its fields: answers trimmed, empty optional
 * answers left out. Refused: a required field left empty, an answer of the
 * wrong kind (tel not a mobile number, choice not one of the options, text too
 * long or with hidden characters, an address missing a part), keys the form
 * does not have. Paths are `prefix.key` (`prefix.key.street` for an address
 * part; `prefix` alone when `values` is not an object). Shared by the page's
 * form and the server.
 */
export function readClaimValues(fields: readonly ClaimField[], values: unknown, prefix = ''): ValidationResult<ClaimValues> {
  const at = (path: string) => [prefix, path].filter((p) => p !== '').join('.')
  if (!isRecord(values)) return { ok: false, errors: [{ path: prefix, message: '请填写表单' }] }
  const errors: FieldError[] = []
  const known = new Set(fields.map((f) => f.key))
  // One message is enough: a flood of unknown keys is not worth a message each.
  const unknown = Object.keys(values).find((key) => !known.has(key))
  if (unknown !== undefined) errors.push({ path: at(unknown), message: '表单中没有这一项' })
  const out: ClaimValues = {}
  for (const field of fields) {
    const raw = Object.prototype.hasOwnProperty.call(values, field.key) ? values[field.key] : undefined
    if (field.kind === 'address') {
      const read = readAddress(field, raw)
      if ('errors' in read) {
        for (const e of read.errors) errors.push({ path: at(e.path === '' ? field.key : `${field.key}.${e.path}`), message: e.message })
      } else if (read.value !== null) out[field.key] = read.value
      else if (field.required) errors.push({ path: at(field.key), message: `请填写${field.label}` })
      continue
    }
    const read = readTextAnswer(field, raw)
    if ('error' in read) errors.push({ path: at(field.key), message: read.error })
    else if (read.value !== '') out[field.key] = read.value
    else if (field.required) errors.push({ path: at(field.key), message: `请填写${field.label}` })
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: out }
}

/** The problems of a filled claim form ([] when it can be sent): see readClaimValues. */
export function claimValuesProblems(fields: readonly ClaimField[], values: unknown, prefix = ''): FieldError[] {
  const read = readClaimValues(fields, values, prefix)
  return read.ok ? [] : read.errors
}
