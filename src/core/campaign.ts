/**
 * Campaign features participants expect (issue 13): multi-draw (连抽, seed 004),
 * my records with delivery status (seed 001), claim forms configured per prize
 * (seed 003), and a guide when not eligible (seed 004). Shapes and limits shared
 * by server/, the participant's page and the studio. Framework-free.
 *
 * The seed's contract is unchanged for clients that use none of this: new
 * configuration fields default to "off", new calls have their own paths.
 */

import type { PrizeType } from './activity'

export const CAMPAIGN_PATHS = {
  /** Token: `{code, request_id, count}` → MultiDrawData. Up to `count` single draws in one transaction, idempotent by request_id. */
  multi: '/Activity/multi',
  /** Token: `{code}` → MyRecords. */
  records: '/info/records',
  /** Token: `{code, awardcode, values}` → WinRecord; fills or corrects a win's claim form (until shipped). */
  claim: '/info/claim',
  /** Token: `{code, awardcode}` → WinRecord; the winner confirms a shipped prize arrived. */
  received: '/info/received',
} as const

// ------------------------------------------------------------ multi-draw

/** Each multi-draw choice is 2–10 draws; at most two choices (e.g. [3, 10]). */
export const MULTI_DRAW_LIMITS = { min: 2, max: 10, choices: 2 } as const

/**
 * One draw of a multi-draw: `code` is what a single Activity/award would have
 * answered (200 win with `win`, 202 no win). The batch stops at the first
 * refusal (1001 no chances, 1002 won this 场次, 1003/1004 closed…), which is
 * `stopped`; the draws before it stand. Stock, limits and probabilities are
 * exactly those of the same number of single draws.
 */
export interface MultiDrawResult {
  code: 200 | 202
  win: null | {
    prize_id: number
    prize_name: string
    prize_type: PrizeType
    money: string
    secret: string
    amount_cents: number
  }
}
export interface MultiDrawData {
  results: MultiDrawResult[]
  /** The refusal that ended the batch early, else null. */
  stopped: null | { code: number; msg: string }
  plays_left: number | null
}

// ------------------------------------------------------------ claim forms

/** name / tel / address are the standard fields; text and choice are the marketer's own (never an ID number). */
export const CLAIM_FIELD_KINDS = ['name', 'tel', 'address', 'text', 'choice'] as const
export type ClaimFieldKind = (typeof CLAIM_FIELD_KINDS)[number]

export interface ClaimField {
  /** Stable key within the form: /^[a-z][a-z0-9_]{0,19}$/. */
  key: string
  kind: ClaimFieldKind
  /** Shown to the participant; 1–20 characters. */
  label: string
  required: boolean
  /** choice: 2–10 options, each 1–20 characters, distinct. */
  options?: string[]
  /** text: the longest answer, 1–200 characters (default 100). */
  max?: number
}

export const CLAIM_LIMITS = { fields: 10, label: 20, options: 10, option: 20, text: 200, street: 100 } as const

/** An address: province/city/district names (from the region picker's data) + street. */
export interface AddressValue {
  province: string
  city: string
  district: string
  street: string
}

/** A filled form: field key → text (name, tel, text, choice) or address. */
export type ClaimValues = Record<string, string | AddressValue>

/** The key of a claim field. */
export const CLAIM_KEY_RE = /^[a-z][a-z0-9_]{0,19}$/
/** A text answer's longest length when the field sets none. */
export const CLAIM_TEXT_DEFAULT_MAX = 100
/** An address's province / city / district names: at most this many characters each. */
export const ADDRESS_PART_MAX = 20
// ------------------------------------------------------------ my records

export type WinStatus = 'unredeemed' | 'redeemed' | 'to_ship' | 'shipped' | 'received'

export interface PlayRecord {
  /** epoch ms */
  time: number
  /** The 场次's start, 'YYYY-MM-DD HH:mm' (UTC+8). */
  window: string
  outcome: 'win' | 'no_award'
  prize_name: string | null
}

export interface WinRecord {
  /** '' once redeemed (a redeemed code is never shown again). */
  awardcode: string
  prize_id: number
  prize_name: string
  prize_type: string
  money: string
  won_at: number
  status: WinStatus
  /** Physical prizes, once shipped. */
  courier: string | null
  tracking: string | null
  /** The prize's claim form and what the winner sent (null: not filled yet). */
  claim_fields: ClaimField[]
  claim: ClaimValues | null
  /** True while the winner may still fill or correct the form (until shipped). */
  claim_editable: boolean
}

export interface MyRecords {
  /** Newest first, at most 100. */
  plays: PlayRecord[]
  /** Newest first. */
  wins: WinRecord[]
}

// ------------------------------------------------------------ not eligible

/** Why a participant cannot play, each with its own optional guide. */
export const GUIDE_REASONS = ['signin', 'not_in_group', 'no_times', 'not_started', 'ended', 'have_award'] as const
export type GuideReason = (typeof GUIDE_REASONS)[number]

/** A message and optionally a button (e.g. 关注公众号, 去下单, 明天再来) that opens `link` (https, or '' for a plain close). */
export interface Guide {
  message: string
  button?: { text: string; link: string }
}
export const GUIDE_LIMITS = { message: 100, button: 12, link: 500 } as const
/** The guides of an activity, by reason. */
export type Guides = Partial<Record<GuideReason, Guide>>

/**
 * The reason behind a code the page receives (Activity/index or award), or
 * null when the code is not a "cannot play" one. Numbers rather than
 * contract.ts's Code, so the page's form does not pull valibot in.
 */
export function guideReasonOf(code: number): GuideReason | null {
  switch (code) {
    case 2040: // WECHAT_SIGNIN
      return 'signin'
    case 2010: // TICKET_REQUIRED
    case 2011: // TICKET_INVALID
    case 2012: // TICKET_EXPIRED
      return 'not_in_group'
    case 1001: // NO_TIMES
      return 'no_times'
    case 1004: // NOT_STARTED
      return 'not_started'
    case 1003: // GAME_OVER
      return 'ended'
    case 1002: // HAVE_AWARD
      return 'have_award'
    default:
      return null
  }
}

/**
 * The configuration fields this adds (all optional on the wire; the defaults are "off"):
 * - ActivityConfig.multi_draw: number[]   — [] off
 * - ActivityConfig.claim_fields: ClaimField[] — the form asked before playing when
 *   actinfo.need_info is set; [] = seed 002's form (name, tel, address, other_info)
 * - ActivityConfig.guides: Partial<Record<GuideReason, Guide>> — {} none
 * - Prize.claim_fields: ClaimField[] — what the winner of this prize fills after
 *   winning ([] none; the studio suggests name + tel + address for a physical prize)
 */
export interface CampaignConfigFields {
  multi_draw: number[]
  claim_fields: ClaimField[]
  guides: Guides
}
export interface CampaignPrizeFields {
  claim_fields: ClaimField[]
}
