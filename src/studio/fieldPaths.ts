import { TIP_LABELS } from '../core/outcome'

/** Readable names for field error paths, for the studio's error list. */

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
