/**
 * The activity configuration, with seed 002's field names (`Activity/add`).
 * Framework-free: imported by the SPA and by server/.
 *
 * Units: money fields are yuan as entered by the marketer (at most 2 decimals);
 * the draw converts them to integer cents (see money.ts). `chance` is a percent
 * with at most one decimal. Times are 'YYYY-MM-DD HH:mm' in China Standard Time
 * (UTC+8), the seed's format, whatever the viewer's own time zone.
 */

import type { CampaignConfigFields, CampaignPrizeFields, ClaimField, Guides } from './campaign'

/** 10 刮刮卡 scratch card, 11 大转盘 wheel, 12 红包 red packet. */
export const TEMPLATES = [10, 11, 12] as const
export type Template = (typeof TEMPLATES)[number]
export const TEMPLATE_NAMES: Record<Template, string> = { 10: '刮刮卡', 11: '大转盘', 12: '红包' }

/** 1 普通活动 (anyone), 2 奖励活动 (only participants with a host-signed `auth`). */
export const ACTIVE_TYPES = [1, 2] as const
export type ActiveType = (typeof ACTIVE_TYPES)[number]

/**
 * Who a participant is: `wechat` a WeChat web sign-in (limits per person),
 * `ticket` the host's signed ticket (goes with active_type 2), `anonymous` a
 * cookie id (limits per browser: demos and tests).
 */
export type Identity = 'wechat' | 'ticket' | 'anonymous'
export const IDENTITIES: readonly Identity[] = ['wechat', 'ticket', 'anonymous']
export const IDENTITY_NAMES: Record<Identity, string> = { wechat: '微信登录', ticket: '主办方授权', anonymous: '匿名（按浏览器）' }

/**
 * physical 实物, virtual 虚拟 (coupon, code), points 积分,
 * redpacket 红包 (fixed: sum>0 & money>0; random: sum=0, money total, min, max).
 */
export const PRIZE_TYPES = ['physical', 'virtual', 'points', 'redpacket'] as const
export type PrizeType = (typeof PRIZE_TYPES)[number]
export const PRIZE_TYPE_NAMES: Record<PrizeType, string> = {
  physical: '实物',
  virtual: '虚拟',
  points: '积分',
  redpacket: '红包',
}

/** One 场次: a window in which the activity is open. */
export interface TimeWindow {
  /** 'YYYY-MM-DD HH:mm', UTC+8 */
  start: string
  /** 'YYYY-MM-DD HH:mm', UTC+8, inclusive to the minute's end */
  end: string
}

export interface Prize {
  /** Stable id within the activity (assigned on save; the index in previews). */
  id: number
  type: PrizeType
  /** Stock: how many can be won. 0 for a random red packet (its stock is `money`). */
  sum: number
  name: string
  /** Yuan. Fixed red packet: each win pays this; random red packet: the total. */
  money: number
  /** Yuan, random red packet: largest single amount. */
  max: number
  /** Yuan, random red packet: smallest single amount. */
  min: number
  /** Image URL (from img/add), or '' for the built-in art. */
  img: string
  /** Other notes shown with the prize (how to claim, etc.). */
  info: string
  /** Percent, 0–100, at most one decimal. */
  chance: number
  // ——— campaign features (issue 13, core/campaign.ts) ———
  /** What the winner of this prize fills after winning ([] none). */
  claim_fields: ClaimField[]
}

/** A random red packet: `sum` 0, its stock is the remaining total in cents. */
export function isRandomRedPacket(prize: Pick<Prize, 'type' | 'sum'>): boolean {
  return prize.type === 'redpacket' && prize.sum === 0
}

/** The marketer's texts for each outcome; '' means the seed's default text. */
export interface Tips {
  have_award: string
  no_times: string
  no_award: string
  game_over: string
  default: string
}
export type TipKey = keyof Tips

/** Merchant / activity info shown on the page. All optional. */
export interface ActInfo {
  /** 商家名称 */
  name?: string
  /** 联系电话 */
  tel?: string
  /** 地址 */
  address?: string
  /** 其他说明 */
  desc?: string
  /** Ask for the user form (Activity/user) before the first play: award answers 201. */
  need_info?: boolean
}

export interface ActivityConfig {
  active_title: string
  active_type: ActiveType
  /** How participants are identified (see Identity). */
  identity: Identity
  template: Template
  /** Added to the real participant count on the page. */
  virtual: number
  /** The 场次; ordered, non-overlapping. Empty = never open. */
  active_time: TimeWindow[]
  prize: Prize[]
  tips: Tips
  /** Rules text, shown as plain text (newlines kept). */
  rule: string
  /** Plays per participant in all; 0 = unlimited. */
  max_play: number
  /** Plays per participant per window; 0 = unlimited. */
  max_eplay: number
  /**
   * Referrals per participant per window: each new WeChat-signed-in person who
   * enters through the participant's share link gives them one more play, up to
   * this many; 0 = off. (WeChat forbids promising plays for the share itself.)
   */
  max_share: number
  /** 1 open, 0 closed. */
  status: 0 | 1
  /** 1 sharing allowed, 0 not. */
  isshare: 0 | 1
  share_title: string
  share_desc: string
  share_link: string
  /** Share card image URL ('' = the page's default). */
  share_img: string
  actinfo: ActInfo
  // ——— campaign features (issue 13, core/campaign.ts); absent in older configurations = off ———
  /** 连抽 choices, e.g. [3, 10]; [] off. */
  multi_draw: number[]
  /** The before-play form (actinfo.need_info); [] = seed 002's four fields. */
  claim_fields: ClaimField[]
  /** A guide per reason a participant cannot play; {} none. */
  guides: Guides
  /**
   * Background music: an http(s) URL of an audio file, looped from the participant's first tap,
   * following the page's mute button; '' = none (the default).
   */
  bgm: string
}

/** Seed 002's default texts, used wherever a tip is left empty. */
export const DEFAULT_TIPS: Readonly<Tips> = Object.freeze({
  have_award: '今天已经获奖过咯~不要贪心哦！',
  no_times: '可次数已用完了！',
  no_award: '居然没有中奖？不如休息一下赞个手气！',
  game_over: '本场活动已结束，请等待下一场活动',
  default: '谢谢！',
})

/** The tips' keys, in seed order. */
export const TIP_KEYS = Object.keys(DEFAULT_TIPS) as TipKey[]

/** The label of the no-win segments / cards. */
export const NO_PRIZE_LABEL = '谢谢参与'

/** A configuration as an older version may have stored it. */
export type StoredConfig = Omit<ActivityConfig, keyof CampaignConfigFields | 'prize' | 'bgm'> &
  Partial<CampaignConfigFields> & { bgm?: string; prize: (Omit<Prize, 'claim_fields'> & Partial<CampaignPrizeFields>)[] }

/**
 * A stored configuration saved before a field existed, with that field at its
 * default ("off"): the campaign fields of issue 13, background music.
 */
export function upgradeConfig(stored: StoredConfig): ActivityConfig {
  return {
    ...stored,
    multi_draw: stored.multi_draw ?? [],
    claim_fields: stored.claim_fields ?? [],
    guides: stored.guides ?? {},
    bgm: stored.bgm ?? '',
    // `?.`: the earliest test fixtures stored configurations without prizes.
    prize: stored.prize?.map((p) => ({ ...p, claim_fields: p.claim_fields ?? [] })) ?? [],
  }
}

/** The tips with every empty text replaced by the seed's default. */
export function resolveTips(tips: Partial<Tips> | undefined): Tips {
  const out = { ...DEFAULT_TIPS }
  for (const key of TIP_KEYS) {
    const text = tips?.[key]
    if (typeof text === 'string' && text.trim() !== '') out[key] = text
  }
  return out
}
