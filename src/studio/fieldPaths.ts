import type { FieldError } from '../core/contract'
import { TIP_LABELS } from '../core/outcome'

/**
 * Field error paths ('prize.2.chance', 'active_time.0.start', 'tips.no_award')
 * as the core validation and the server both name them, mapped onto the form.
 */

/** path → the first message for it. */
export type ErrorMap = Readonly<Record<string, string>>

/** The first message per path; earlier lists win (local validation before the server's). */
export function toErrorMap(...lists: readonly (readonly FieldError[])[]): ErrorMap {
  const map: Record<string, string> = {}
  for (const list of lists) {
    for (const { path, message } of list) {
      if (!(path in map)) map[path] = message
    }
  }
  return map
}

/** The form section a path belongs to: its first segment ('prize.2.chance' → 'prize'). */
export function sectionOf(path: string): string {
  const dot = path.indexOf('.')
  return dot < 0 ? path : path.slice(0, dot)
}

/**
 * Messages at `prefix` itself or below it whose exact path no visible field
 * shows — e.g. a whole-window overlap at 'active_time.1', or 'prize.0.min'
 * while the red packet is in fixed mode — so no error is ever invisible.
 */
export function leftoverErrors(errors: ErrorMap, prefix: string, shown: readonly string[]): string[] {
  return Object.entries(errors)
    .filter(([path]) => (path === prefix || path.startsWith(`${prefix}.`)) && !shown.includes(path))
    .map(([, message]) => message)
}

/** The value at a dotted path, or undefined when the path leads nowhere. */
export function valueAt(root: unknown, path: string): unknown {
  let node = root
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<string, unknown>)[key]
  }
  return node
}

const SECTION_LABELS: Record<string, string> = {
  active_title: '活动标题',
  active_type: '活动类型',
  template: '游戏模板',
  virtual: '虚拟人数',
  active_time: '活动场次',
  prize: '奖品',
  tips: '提示语',
  rule: '活动规则',
  max_play: '总抽奖次数',
  max_eplay: '每场抽奖次数',
  max_share: '每场分享次数',
  status: '活动状态',
  isshare: '允许分享',
  share_title: '分享标题',
  share_desc: '分享描述',
  share_link: '分享链接',
  actinfo: '商家信息',
}

const FIELD_LABELS: Record<string, string> = {
  start: '开始时间',
  end: '结束时间',
  type: '类型',
  name: '名称',
  sum: '数量',
  money: '金额',
  min: '最小金额',
  max: '最大金额',
  img: '图片',
  info: '说明',
  chance: '中奖概率',
  ...TIP_LABELS,
  tel: '电话',
  address: '地址',
  desc: '介绍',
  need_info: '填写信息',
}

/** A readable place for an error list: 'prize.2.chance' → '奖品 3 · 中奖概率'. */
export function labelForPath(path: string): string {
  const [section = '', ...rest] = path.split('.')
  const parts = [SECTION_LABELS[section] ?? section]
  for (const key of rest) {
    if (/^\d+$/.test(key)) parts[parts.length - 1] += ` ${Number(key) + 1}`
    else parts.push(FIELD_LABELS[key] ?? key)
  }
  return parts.filter(Boolean).join(' · ')
}
