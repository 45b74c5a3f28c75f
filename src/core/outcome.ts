import type { PrizeType, TipKey, Tips } from './activity'
import { resolveTips } from './activity'

/**
 * What a play ended in. Decided by the draw (server, or the local engine in
 * preview); the games animate to it and the page picks its text from it.
 */
export type Outcome =
  | WinOutcome
  | { kind: 'no_award' }
  /** Already won in this window (one win per 场次). */
  | { kind: 'have_award' }
  /** max_play or max_eplay used up. */
  | { kind: 'no_times' }
  /** Closed (status 0) or after the last window. */
  | { kind: 'game_over' }
  /** Before the first window, or between windows; `startsAt` = next window's start (epoch ms). */
  | { kind: 'not_started'; startsAt: number | null }

export interface WinOutcome {
  kind: 'win'
  /** Prize id (Prize.id) in the activity's configuration. */
  prizeId: number
  prizeName: string
  prizeType: PrizeType
  /** Red packets: the amount won, integer cents. 0 for other prizes. */
  amountCents: number
  /** 核销码, digits only; '' in preview. */
  secret: string
}

export type OutcomeKind = Outcome['kind']

/**
 * What one draw answers (the server's award, or the preview's LocalDraw): an
 * outcome, or award code 201 — nothing drawn, the info form comes first.
 */
export type DrawResult = { outcome: Outcome } | { needInfo: true }

/** What the marketer calls each outcome that is not a win (studio, preview tools, tips fields). */
export const OUTCOME_LABELS: Readonly<Record<Exclude<OutcomeKind, 'win'>, string>> = {
  no_award: '未中奖',
  have_award: '本场已中奖',
  no_times: '次数用完',
  game_over: '活动结束',
  not_started: '未开始',
}

/** The result dialog's headline, as the participant reads it, for each outcome that is not a win. */
export const OUTCOME_HEADLINES: Readonly<Record<Exclude<OutcomeKind, 'win'>, string>> = {
  no_award: '很遗憾',
  have_award: '已经中过奖啦',
  no_times: '机会用完啦',
  game_over: '活动已结束',
  not_started: '活动未开始',
}

/** The studio's name for each tips field: its outcome's label; `default` is the fallback text. */
export const TIP_LABELS: Readonly<Record<TipKey, string>> = {
  no_award: OUTCOME_LABELS.no_award,
  have_award: OUTCOME_LABELS.have_award,
  no_times: OUTCOME_LABELS.no_times,
  game_over: OUTCOME_LABELS.game_over,
  default: '默认提示',
}

/** The tips key whose text is shown for an outcome that is not a win. */
export function tipKeyFor(kind: Exclude<OutcomeKind, 'win'>): keyof Tips {
  switch (kind) {
    case 'no_award':
      return 'no_award'
    case 'have_award':
      return 'have_award'
    case 'no_times':
      return 'no_times'
    case 'game_over':
      return 'game_over'
    case 'not_started':
      return 'default'
  }
}

/**
 * The text the result dialog shows for an outcome: the marketer's tip, or the
 * seed's default when it is empty. A win has no tip; the dialog shows the prize.
 * Not started has no tip of its own in seed 002: it shows `default` (the
 * dialog's headline and countdown say that it has not started).
 */
export function tipsTextFor(outcome: Outcome, tips: Partial<Tips> | undefined): string {
  const all = resolveTips(tips)
  if (outcome.kind === 'win') return all.default
  return all[tipKeyFor(outcome.kind)]
}
