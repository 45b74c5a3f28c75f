import type { ActInfo, ActiveType, ActivityConfig, Identity, Prize, PrizeType, Template, TimeWindow, Tips } from './activity'
import { ACTIVE_TYPES, IDENTITIES, PRIZE_TYPES, TEMPLATES, TIP_KEYS } from './activity'
import { defaultActivity, impliedIdentity } from './blankActivity'
import type { ClaimField, ClaimFieldKind, Guide, Guides } from './campaign'
import {
  CLAIM_FIELD_KINDS,
  CLAIM_KEY_RE,
  CLAIM_LIMITS,
  CLAIM_TEXT_DEFAULT_MAX,
  GUIDE_LIMITS,
  GUIDE_REASONS,
  MULTI_DRAW_LIMITS,
} from './campaign'
import { chanceTenths, isRandomRedPacket } from './draw'
import { textProblem } from './userInfo'
import { parseCst } from './windows'

/**
 * Validation of an activity configuration (Activity/add, the studio form).
 * Structural part: coerce what PHP-ish clients send ('10' for 10) and refuse
 * the rest; rule part: the `check*` helpers below, which the studio form also
 * calls for inline messages. Messages are Chinese, for the marketer.
 */

/** One problem: `path` is dotted ('prize.2.chance', 'active_time.1.start', 'max_play'; '' for the whole input). */
export interface FieldError {
  path: string
  message: string
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] }

/** The caps. Lengths count characters (code points). */
export const LIMITS = {
  titleMax: 60,
  prizeNameMax: 40,
  /** More segments would make the wheel unreadable. */
  prizesMax: 12,
  /** One window a day for a year. */
  windowsMax: 366,
  ruleMax: 2000,
  tipMax: 100,
  shareMax: 200,
  imgMax: 1000,
  prizeInfoMax: 200,
  actinfoNameMax: 60,
  actinfoTelMax: 30,
  actinfoAddressMax: 200,
  actinfoDescMax: 500,
  /** max_play, max_eplay, max_share, virtual. */
  countMax: 1_000_000,
  /** A prize's stock. */
  stockMax: 10_000_000,
  /** Yuan, any money field. */
  moneyMax: 1_000_000,
  /** The background music's URL. */
  bgmMax: 1000,
} as const

// ——— Rule helpers (typed values in, message or null out) ———

/** Characters, not UTF-16 units: an emoji counts as one. */
function charCount(text: string): number {
  let n = 0
  for (const _ of text) n += 1
  return n
}

function decimalsOk(value: number, decimals: number): boolean {
  const scaled = value * 10 ** decimals
  return Math.abs(scaled - Math.round(scaled)) < 1e-6
}

/** '' (none) or an absolute http(s) URL: what the page may hand to an <audio> element. */
export function checkMediaUrl(text: string, label: string): string | null {
  if (text === '') return null
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return `${label}应为 http:// 或 https:// 开头的网址`
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? null : `${label}应为 http:// 或 https:// 开头的网址`
}

/** Text no longer than `max` characters. */
export function checkLength(text: string, max: number, label: string): string | null {
  return charCount(text) > max ? `${label}最多 ${max} 个字` : null
}

/** Activity title: 1–60 characters (trimmed). */
export function checkTitle(title: string): string | null {
  if (title.trim() === '') return '请填写活动标题'
  return checkLength(title.trim(), LIMITS.titleMax, '活动标题')
}

/** Prize name: 1–40 characters (trimmed). */
export function checkPrizeName(name: string): string | null {
  if (name.trim() === '') return '请填写奖品名称'
  return checkLength(name.trim(), LIMITS.prizeNameMax, '奖品名称')
}

/** A whole number in [0, max]. */
export function checkCount(n: number, label: string, max: number = LIMITS.countMax): string | null {
  if (!Number.isFinite(n)) return `${label}应为数字`
  if (!Number.isInteger(n)) return `${label}应为整数`
  if (n < 0) return `${label}不能小于 0`
  if (n > max) return `${label}不能大于 ${max}`
  return null
}

/** Percent in [0, 100] with at most one decimal. */
export function checkChance(chance: number): string | null {
  if (!Number.isFinite(chance)) return '中奖概率应为数字'
  if (chance < 0 || chance > 100) return '中奖概率应在 0–100% 之间'
  if (!decimalsOk(chance, 1)) return '中奖概率最多 1 位小数'
  return null
}

/** The chances must add up to at most 100% (summed in tenths, so 33.3 × 3 is exact). */
export function checkChanceSum(prizes: readonly Pick<Prize, 'chance'>[]): string | null {
  const tenths = prizes.reduce((acc, p) => acc + (Number.isFinite(p.chance) ? chanceTenths(p.chance) : 0), 0)
  return tenths > 1000 ? `中奖概率合计 ${tenths / 10}% 超过 100%` : null
}

/** Yuan: ≥ 0, at most two decimals, at most LIMITS.moneyMax. */
export function checkMoney(yuan: number, label = '金额'): string | null {
  if (!Number.isFinite(yuan)) return `${label}应为数字`
  if (yuan < 0) return `${label}不能小于 0`
  if (yuan > LIMITS.moneyMax) return `${label}不能大于 ${LIMITS.moneyMax} 元`
  if (!decimalsOk(yuan, 2)) return `${label}最多 2 位小数`
  return null
}

/**
 * A red packet is fixed (sum > 0: each win pays `money` > 0) or random
 * (sum = 0: `money` total > 0, 0 < min ≤ max ≤ money). Paths are the field names.
 */
export function checkRedPacket(prize: Pick<Prize, 'sum' | 'money' | 'min' | 'max'>): FieldError[] {
  const errors: FieldError[] = []
  if (prize.sum > 0) {
    if (!(prize.money > 0)) errors.push({ path: 'money', message: '定额红包的单个金额须大于 0' })
    return errors
  }
  if (!(prize.money > 0)) errors.push({ path: 'money', message: '随机红包的总金额须大于 0' })
  if (!(prize.min > 0)) errors.push({ path: 'min', message: '随机红包的最小金额须大于 0' })
  if (!(prize.max > 0)) errors.push({ path: 'max', message: '随机红包的最大金额须大于 0' })
  if (prize.min > 0 && prize.max > 0 && prize.min > prize.max) {
    errors.push({ path: 'min', message: '最小金额不能大于最大金额' })
  }
  if (prize.money > 0 && prize.max > prize.money) errors.push({ path: 'max', message: '最大金额不能超过总金额' })
  return errors
}

/** Each window parseable with start < end; windows ordered by start and not overlapping. Paths 'active_time.i.start|end'. */
export function checkWindows(windows: readonly TimeWindow[]): FieldError[] {
  const errors: FieldError[] = []
  let previousEnd: number | null = null
  for (const [i, w] of windows.entries()) {
    const start = parseCst(w.start)
    const end = parseCst(w.end)
    if (start === null) errors.push({ path: `active_time.${i}.start`, message: '开始时间格式应为 YYYY-MM-DD HH:mm' })
    if (end === null) errors.push({ path: `active_time.${i}.end`, message: '结束时间格式应为 YYYY-MM-DD HH:mm' })
    if (start === null || end === null) continue
    if (start >= end) errors.push({ path: `active_time.${i}.end`, message: `第 ${i + 1} 场的结束时间须晚于开始时间` })
    // The previous end minute is included, so the next window starts at least one minute later.
    if (previousEnd !== null && start <= previousEnd) {
      errors.push({ path: `active_time.${i}.start`, message: `第 ${i + 1} 场须在第 ${i} 场结束之后开始` })
    }
    previousEnd = Math.max(end, previousEnd ?? end)
  }
  return errors
}

// ——— Structural reading ———

type Raw = Record<string, unknown>

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Absent for our purposes: PHP forms send '' for an empty field. */
function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === ''
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/

/** A number, or a numeric string ('10', '8.88'); null for anything else ('abc', '1e3', true, NaN). */
function asNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value === 'string' && DECIMAL.test(value.trim())) return Number(value.trim())
  return null
}

/** Collects errors under a path prefix while reading one object. */
class Reader {
  constructor(
    private readonly raw: Raw,
    private readonly prefix: string,
    readonly errors: FieldError[],
  ) {}

  path(key: string): string {
    return this.prefix ? `${this.prefix}.${key}` : key
  }

  fail(key: string, message: string | null): void {
    if (message !== null) this.errors.push({ path: this.path(key), message })
  }

  /** A number (or numeric string); `fallback` when absent, an error when absent and no fallback. null = reported. */
  number(key: string, label: string, fallback?: number): number | null {
    const value = this.raw[key]
    if (isAbsent(value)) {
      if (fallback === undefined) this.fail(key, `请填写${label}`)
      return fallback ?? null
    }
    const n = asNumber(value)
    if (n === null) this.fail(key, `${label}应为数字`)
    return n
  }

  /** A whole number in [0, max]. */
  count(key: string, label: string, max: number, fallback?: number): number | null {
    const n = this.number(key, label, fallback)
    if (n === null) return null
    const message = checkCount(n, label, max)
    this.fail(key, message)
    return message === null ? n : null
  }

  /** One of the allowed integers; `message` names them. */
  choice<T extends number>(key: string, label: string, allowed: readonly T[], message: string, fallback?: T): T | null {
    const n = this.number(key, label, fallback)
    if (n === null) return null
    if (!(allowed as readonly number[]).includes(n)) {
      this.fail(key, message)
      return null
    }
    return n as T
  }

  /** Yuan, as checkMoney. */
  money(key: string, label: string): number | null {
    const n = this.number(key, label, 0)
    if (n === null) return null
    const message = checkMoney(n, label)
    this.fail(key, message)
    return message === null ? n : null
  }

  /** A string (numbers accepted and stringified), at most `max` characters; '' when absent. */
  text(key: string, label: string, max: number): string | null {
    const value = this.raw[key]
    if (value === undefined || value === null) return ''
    const s = typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : null
    if (s === null) {
      this.fail(key, `${label}应为文字`)
      return null
    }
    // Line breaks and tabs are the marketer's layout (rules, notes); other controls, direction
    // overrides and broken surrogates would garble the page, the share card and the export.
    const problem = textProblem(s.replace(/[\r\n\t]/g, ' '))
    const message = problem === null ? checkLength(s, max, label) : `${label}${problem}`
    this.fail(key, message)
    return message === null ? s : null
  }
}

/** Prize ids stay small: ids near 2^53 round together in JSON and two prizes would share one stock row. */
export const MAX_PRIZE_ID = 1_000_000

/**
 * Validate one prize. Paths are `prize.{index}.field`; a missing id becomes index+1.
 * A red packet without a name gets one ('8.88元红包', '随机红包').
 */
export function validatePrize(input: unknown, index = 0): ValidationResult<Prize> {
  const prefix = `prize.${index}`
  if (!isRecord(input)) return { ok: false, errors: [{ path: prefix, message: `第 ${index + 1} 个奖品应为对象` }] }
  const r = new Reader(input, prefix, [])

  const rawType = input.type
  const type = PRIZE_TYPES.find((t) => t === rawType) ?? null
  if (type === null) {
    r.fail('type', isAbsent(rawType) ? '请选择奖品类型' : '奖品类型应为 physical（实物）、virtual（虚拟）、points（积分）或 redpacket（红包）')
  }
  const id = r.count('id', '奖品编号', MAX_PRIZE_ID, index + 1)
  if (id === 0) r.fail('id', '奖品编号须大于 0')
  const isPacket = type === 'redpacket'
  const sum = r.count('sum', '奖品数量', LIMITS.stockMax, isPacket ? 0 : undefined)
  const money = r.money('money', isPacket && sum === 0 ? '总金额' : '金额')
  const max = r.money('max', '最大金额')
  const min = r.money('min', '最小金额')
  const chance = r.number('chance', '中奖概率', 0)
  if (chance !== null) r.fail('chance', checkChance(chance))
  const img = r.text('img', '奖品图片地址', LIMITS.imgMax)
  const info = r.text('info', '其他说明', LIMITS.prizeInfoMax)

  let name = r.text('name', '奖品名称', LIMITS.prizeNameMax)
  if (name !== null) {
    name = name.trim()
    if (isPacket && name === '' && sum !== null && money !== null) {
      name = sum > 0 ? `${money}元红包` : '随机红包'
    }
    r.fail('name', checkPrizeName(name))
  }
  if (isPacket && sum !== null && money !== null && min !== null && max !== null) {
    for (const e of checkRedPacket({ sum, money, min, max })) r.fail(e.path, e.message)
  }
  const claimFields = readClaimFields(input.claim_fields, `${prefix}.claim_fields`, r.errors)

  if (r.errors.length > 0) return { ok: false, errors: r.errors }
  // Every field was read and checked above; nulls only come with an error.
  return {
    ok: true,
    value: {
      id: id as number,
      type: type as PrizeType,
      sum: sum as number,
      name: name as string,
      money: money as number,
      max: max as number,
      min: min as number,
      img: img as string,
      info: info as string,
      chance: chance as number,
      claim_fields: claimFields,
    },
  }
}

// ——— Campaign features (issue 13, core/campaign.ts): absent = off ———

/** 连抽 choices: distinct whole numbers 2–10, at most two, kept ascending. */
function readMultiDraw(input: unknown, errors: FieldError[]): number[] {
  if (isAbsent(input)) return []
  if (!Array.isArray(input)) {
    errors.push({ path: 'multi_draw', message: '连抽次数应为列表' })
    return []
  }
  const { min, max, choices } = MULTI_DRAW_LIMITS
  if (input.length > choices) {
    errors.push({ path: 'multi_draw', message: `连抽最多设置 ${choices} 种` })
    return []
  }
  const out: number[] = []
  for (const [i, item] of input.entries()) {
    const n = asNumber(item)
    if (n === null || !Number.isInteger(n) || n < min || n > max) {
      errors.push({ path: `multi_draw.${i}`, message: `连抽次数应为 ${min}–${max} 的整数` })
    } else if (out.includes(n)) errors.push({ path: `multi_draw.${i}`, message: `连抽次数 ${n} 重复` })
    else out.push(n)
  }
  return out.sort((a, b) => a - b)
}

/** A required short text of at most `max` characters, trimmed, without hidden characters. */
function shortText(value: unknown, label: string, max: number): { text: string } | { error: string } {
  if (typeof value !== 'string' || value.trim() === '') return { error: `请填写${label}` }
  const text = value.trim()
  const problem = checkLength(text, max, label) ?? textProblem(text)
  return problem === null ? { text } : { error: problem.startsWith(label) ? problem : `${label}${problem}` }
}

function readClaimField(input: unknown, path: string, errors: FieldError[]): ClaimField | null {
  if (!isRecord(input)) {
    errors.push({ path, message: '表单项应为对象' })
    return null
  }
  const before = errors.length
  const r = new Reader(input, path, errors)
  const key = typeof input.key === 'string' ? input.key : ''
  if (!CLAIM_KEY_RE.test(key)) r.fail('key', '字段标识应为小写字母开头的 1–20 位小写字母、数字或下划线')
  const kind = CLAIM_FIELD_KINDS.find((k) => k === input.kind)
  if (kind === undefined) r.fail('kind', '表单项类型应为 name、tel、address、text 或 choice')
  const label = shortText(input.label, '表单项名称', CLAIM_LIMITS.label)
  if ('error' in label) r.fail('label', label.error)
  const rawRequired = input.required
  let required = false
  if (rawRequired === true || rawRequired === 1 || rawRequired === '1') required = true
  else if (!(isAbsent(rawRequired) || rawRequired === false || rawRequired === 0 || rawRequired === '0')) {
    r.fail('required', '是否必填应为是或否')
  }
  const field: ClaimField = { key, kind: kind as ClaimFieldKind, label: 'text' in label ? label.text : '', required }
  if (kind === 'choice') field.options = readOptions(input.options, r)
  if (kind === 'text') {
    const max = r.count('max', '最多字数', CLAIM_LIMITS.text, CLAIM_TEXT_DEFAULT_MAX)
    if (max === 0) r.fail('max', '最多字数须大于 0')
    field.max = max ?? CLAIM_TEXT_DEFAULT_MAX
  }
  return errors.length > before ? null : field
}

function readOptions(input: unknown, r: Reader): string[] {
  if (!Array.isArray(input) || input.length < 2 || input.length > CLAIM_LIMITS.options) {
    r.fail('options', `选项应有 2–${CLAIM_LIMITS.options} 个`)
    return []
  }
  const out: string[] = []
  for (const [i, item] of input.entries()) {
    const option = shortText(item, '选项', CLAIM_LIMITS.option)
    if ('error' in option) r.fail(`options.${i}`, option.error)
    else if (out.includes(option.text)) r.fail(`options.${i}`, `选项「${option.text}」重复`)
    else out.push(option.text)
  }
  return out
}

/**
 * A claim form (a prize's, or the before-play form): at most 10 fields, keys
 * unique, at most one address. Exported for the studio's per-prize editor;
 * paths start with `path`.
 */
export function readClaimFields(input: unknown, path: string, errors: FieldError[]): ClaimField[] {
  if (isAbsent(input)) return []
  if (!Array.isArray(input)) {
    errors.push({ path, message: '表单应为列表' })
    return []
  }
  if (input.length > CLAIM_LIMITS.fields) {
    errors.push({ path, message: `表单最多 ${CLAIM_LIMITS.fields} 项（当前 ${input.length} 项）` })
    return []
  }
  const fields: ClaimField[] = []
  for (const [i, item] of input.entries()) {
    const field = readClaimField(item, `${path}.${i}`, errors)
    if (field === null) continue
    if (fields.some((f) => f.key === field.key)) errors.push({ path: `${path}.${i}.key`, message: `字段标识 ${field.key} 重复` })
    else if (field.kind === 'address' && fields.some((f) => f.kind === 'address')) {
      errors.push({ path: `${path}.${i}.kind`, message: '表单最多一个收货地址' })
    } else fields.push(field)
  }
  return fields
}

/** A guide's link: https, or '' for a button that just closes. */
export function checkGuideLink(link: string): string | null {
  if (link === '') return null
  if (checkLength(link, GUIDE_LIMITS.link, '链接') !== null) return `链接最多 ${GUIDE_LIMITS.link} 个字符`
  if (!/^https:\/\/[^\s<>"'`\\]+$/.test(link)) return '链接须以 https:// 开头，且不含空格'
  try {
    return new URL(link).protocol === 'https:' ? null : '链接须以 https:// 开头'
  } catch {
    return '链接格式不正确'
  }
}

function readGuide(input: unknown, path: string, errors: FieldError[]): Guide | null {
  if (!isRecord(input)) {
    errors.push({ path, message: '引导应为对象' })
    return null
  }
  const before = errors.length
  const r = new Reader(input, path, errors)
  const message = shortText(input.message, '引导语', GUIDE_LIMITS.message)
  if ('error' in message) r.fail('message', message.error)
  let button: Guide['button']
  if (!isAbsent(input.button)) {
    if (!isRecord(input.button)) r.fail('button', '按钮应为对象')
    else {
      const b = new Reader(input.button, r.path('button'), errors)
      const text = shortText(input.button.text, '按钮文字', GUIDE_LIMITS.button)
      if ('error' in text) b.fail('text', text.error)
      const rawLink = input.button.link ?? ''
      const link = typeof rawLink === 'string' ? rawLink.trim() : null
      if (link === null) b.fail('link', '链接应为文字')
      else b.fail('link', checkGuideLink(link))
      if ('text' in text && link !== null) button = { text: text.text, link }
    }
  }
  if (errors.length > before || !('text' in message)) return null
  return button ? { message: message.text, button } : { message: message.text }
}

/** Guides by reason; only GUIDE_REASONS' keys. */
function readGuides(input: unknown, errors: FieldError[]): Guides {
  if (isAbsent(input)) return {}
  if (!isRecord(input)) {
    errors.push({ path: 'guides', message: '引导应为对象' })
    return {}
  }
  const guides: Guides = {}
  for (const [reason, value] of Object.entries(input)) {
    const known = GUIDE_REASONS.find((g) => g === reason)
    if (known === undefined) {
      errors.push({ path: `guides.${reason.slice(0, 40)}`, message: `没有「${reason.slice(0, 40)}」这种情形` })
      continue
    }
    if (isAbsent(value)) continue
    const guide = readGuide(value, `guides.${known}`, errors)
    if (guide) guides[known] = guide
  }
  return guides
}

function readWindows(input: unknown, errors: FieldError[]): TimeWindow[] {
  if (isAbsent(input)) {
    errors.push({ path: 'active_time', message: '请至少设置一个活动场次' })
    return []
  }
  if (!Array.isArray(input)) {
    errors.push({ path: 'active_time', message: '活动时间应为场次列表' })
    return []
  }
  if (input.length === 0) errors.push({ path: 'active_time', message: '请至少设置一个活动场次' })
  if (input.length > LIMITS.windowsMax) {
    errors.push({ path: 'active_time', message: `活动场次最多 ${LIMITS.windowsMax} 个（当前 ${input.length} 个）` })
    return []
  }
  const windows: TimeWindow[] = []
  let shapeOk = true
  for (const [i, item] of input.entries()) {
    if (!isRecord(item)) {
      errors.push({ path: `active_time.${i}`, message: `第 ${i + 1} 场应包含开始和结束时间` })
      shapeOk = false
      continue
    }
    const start = typeof item.start === 'string' ? item.start.trim() : ''
    const end = typeof item.end === 'string' ? item.end.trim() : ''
    windows.push({ start, end })
  }
  if (shapeOk) errors.push(...checkWindows(windows))
  return windows
}

function readPrizes(input: unknown, errors: FieldError[]): Prize[] {
  if (isAbsent(input)) {
    errors.push({ path: 'prize', message: '请至少添加一个奖品' })
    return []
  }
  if (!Array.isArray(input)) {
    errors.push({ path: 'prize', message: '奖品应为列表' })
    return []
  }
  if (input.length === 0) errors.push({ path: 'prize', message: '请至少添加一个奖品' })
  if (input.length > LIMITS.prizesMax) {
    errors.push({ path: 'prize', message: `奖品最多 ${LIMITS.prizesMax} 个（当前 ${input.length} 个）` })
    return []
  }
  const prizes: Prize[] = []
  const seen = new Set<number>()
  for (const [i, item] of input.entries()) {
    const result = validatePrize(item, i)
    if (!result.ok) {
      errors.push(...result.errors)
      continue
    }
    const { id } = result.value
    if (seen.has(id)) errors.push({ path: `prize.${i}.id`, message: `奖品编号 ${id} 重复` })
    seen.add(id)
    prizes.push(result.value)
  }
  // Only meaningful once every chance read cleanly.
  if (prizes.length === input.length) {
    const message = checkChanceSum(prizes)
    if (message) errors.push({ path: 'prize', message })
  }
  return prizes
}

function readTips(input: unknown, errors: FieldError[]): Tips {
  const tips: Tips = defaultActivity().tips
  if (isAbsent(input)) return tips
  if (!isRecord(input)) {
    errors.push({ path: 'tips', message: '提示语应为对象' })
    return tips
  }
  const r = new Reader(input, 'tips', errors)
  for (const key of TIP_KEYS) tips[key] = r.text(key, '提示语', LIMITS.tipMax) ?? ''
  return tips
}

function readActInfo(input: unknown, errors: FieldError[]): ActInfo {
  if (isAbsent(input)) return {}
  if (!isRecord(input)) {
    errors.push({ path: 'actinfo', message: '商家信息应为对象' })
    return {}
  }
  const r = new Reader(input, 'actinfo', errors)
  const info: ActInfo = {}
  const fields = [
    ['name', '商家名称', LIMITS.actinfoNameMax],
    ['tel', '联系电话', LIMITS.actinfoTelMax],
    ['address', '地址', LIMITS.actinfoAddressMax],
    ['desc', '其他说明', LIMITS.actinfoDescMax],
  ] as const
  for (const [key, label, max] of fields) {
    const text = r.text(key, label, max)
    if (text) info[key] = text
  }
  const needInfo = input.need_info
  if (!isAbsent(needInfo)) {
    if (needInfo === true || needInfo === 1 || needInfo === '1') info.need_info = true
    else if (needInfo === false || needInfo === 0 || needInfo === '0') info.need_info = false
    else r.fail('need_info', '是否需要填写信息应为是或否')
  }
  return info
}

/**
 * The identity mode. A reward activity (active_type 2) only accepts the host's
 * ticket, so its mode is `ticket` whatever was sent; `ticket` on active_type 1
 * is refused. Absent on active_type 1: `fallback` (the server's default).
 */
function readIdentity(input: Raw, activeType: ActiveType | null, fallback: Identity, r: Reader): Identity | null {
  const raw = input.identity
  const identity = isAbsent(raw) ? fallback : IDENTITIES.find((i) => i === raw)
  if (identity === undefined) {
    r.fail('identity', '身份方式应为 wechat（微信登录）、ticket（主办方授权）或 anonymous（匿名）')
    return null
  }
  if (activeType === 2) return 'ticket'
  if (identity !== 'ticket') return identity
  if (isAbsent(raw)) return impliedIdentity(1)
  r.fail('identity', '主办方授权仅用于奖励活动（活动类型 2）')
  return null
}

export interface ValidateOptions {
  /** The identity of an activity that names none (active_type 1): `wechat` when the server can sign in with WeChat. Default `anonymous`. */
  defaultIdentity?: Identity
}

/**
 * Validate and normalize an activity configuration: numeric strings become
 * numbers, absent optional fields take their defaults, unknown fields are
 * dropped, prize ids are filled in. Never throws.
 */
export function validateActivity(input: unknown, options: ValidateOptions = {}): ValidationResult<ActivityConfig> {
  if (!isRecord(input)) return { ok: false, errors: [{ path: '', message: '活动配置应为对象' }] }
  const errors: FieldError[] = []
  const r = new Reader(input, '', errors)

  let title = r.text('active_title', '活动标题', Number.MAX_SAFE_INTEGER)
  if (title !== null) {
    title = title.trim()
    r.fail('active_title', checkTitle(title))
  }
  const activeType = r.choice<ActiveType>('active_type', '活动类型', ACTIVE_TYPES, '活动类型应为 1（普通活动）或 2（奖励活动）', 1)
  const identity = readIdentity(input, activeType, options.defaultIdentity ?? 'anonymous', r)
  const template = r.choice<Template>('template', '活动模板', TEMPLATES, '活动模板应为 10（刮刮卡）、11（大转盘）或 12（红包）')
  const virtual = r.count('virtual', '虚拟人数', LIMITS.countMax, 0)
  const activeTime = readWindows(input.active_time, errors)
  const prize = readPrizes(input.prize, errors)
  const tips = readTips(input.tips, errors)
  const rule = r.text('rule', '活动规则', LIMITS.ruleMax)
  const maxPlay = r.count('max_play', '最多可玩次数', LIMITS.countMax, 0)
  const maxEplay = r.count('max_eplay', '每场最多可玩次数', LIMITS.countMax, 0)
  const maxShare = r.count('max_share', '每场最多分享次数', LIMITS.countMax, 0)
  const status = r.choice<0 | 1>('status', '活动状态', [0, 1], '活动状态应为 1（开启）或 0（关闭）', 1)
  const isshare = r.choice<0 | 1>('isshare', '是否允许分享', [0, 1], '是否允许分享应为 1（允许）或 0（不允许）', 1)
  const shareTitle = r.text('share_title', '分享标题', LIMITS.shareMax)
  const shareDesc = r.text('share_desc', '分享描述', LIMITS.shareMax)
  const shareLink = r.text('share_link', '分享链接', LIMITS.shareMax)
  const shareImg = r.text('share_img', '分享图片地址', LIMITS.imgMax)
  const actinfo = readActInfo(input.actinfo, errors)
  const multiDraw = readMultiDraw(input.multi_draw, errors)
  const claimFields = readClaimFields(input.claim_fields, 'claim_fields', errors)
  const guides = readGuides(input.guides, errors)
  let bgm = r.text('bgm', '背景音乐地址', LIMITS.bgmMax)
  if (bgm !== null) {
    bgm = bgm.trim()
    r.fail('bgm', checkMediaUrl(bgm, '背景音乐地址'))
  }

  if (errors.length > 0) return { ok: false, errors }
  // Every field was read and checked above; nulls only come with an error.
  return {
    ok: true,
    value: {
      active_title: title as string,
      active_type: activeType as ActiveType,
      identity: identity as Identity,
      template: template as Template,
      virtual: virtual as number,
      active_time: activeTime,
      prize,
      tips,
      rule: rule as string,
      max_play: maxPlay as number,
      max_eplay: maxEplay as number,
      max_share: maxShare as number,
      status: status as 0 | 1,
      isshare: isshare as 0 | 1,
      share_title: shareTitle as string,
      share_desc: shareDesc as string,
      share_link: shareLink as string,
      share_img: shareImg as string,
      actinfo,
      multi_draw: multiDraw,
      claim_fields: claimFields,
      guides,
      bgm: bgm as string,
    },
  }
}
