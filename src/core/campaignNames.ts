import type { ClaimFieldKind, GuideReason, WinStatus } from './campaign'

/**
 * The campaign features' words for the studio and 我的记录 (core/campaign.ts has the shapes): apart from
 * campaign.ts, which the live page downloads, so that page goes without them.
 */

/** A claim field's kind, as the studio names it (and a new field's label). */
export const CLAIM_FIELD_KIND_NAMES: Readonly<Record<ClaimFieldKind, string>> = {
  name: '姓名',
  tel: '手机号',
  address: '收货地址',
  text: '自定义文本',
  choice: '自定义选项',
}

/** A win's delivery status, as 我的记录 shows it. */
export const WIN_STATUS_NAMES: Readonly<Record<WinStatus, string>> = {
  unredeemed: '待核销',
  redeemed: '已核销',
  to_ship: '待发货',
  shipped: '已发货',
  received: '已收货',
}

/** Why a participant cannot play, as the studio names each guide. */
export const GUIDE_REASON_NAMES: Readonly<Record<GuideReason, string>> = {
  signin: '未登录',
  not_in_group: '非指定用户',
  no_times: '次数用完',
  not_started: '未开始',
  ended: '已结束',
  have_award: '本场已中奖',
}
