import { NO_PRIZE_LABEL } from '../../core/activity'
import { OUTCOME_HEADLINES, OUTCOME_LABELS } from '../../core/outcome'

/**
 * Every wording the games draw for an outcome, in one place (the page's result
 * dialog shows the full tips text; the canvas only a few short lines). The
 * outcomes' names are core's, so the canvas and the dialog say the same.
 */
export const OUTCOME_TEXT = {
  /** Above a prize. */
  won: '恭喜获得',
  /** Above a red packet's amount. */
  wonMoney: '恭喜发财 · 红包到手',
  /** After an amount in yuan. */
  yuan: '元',
  /** Under a prize that is not money. */
  claim: '请按提示领取奖品',
  /** Above a miss. */
  lost: OUTCOME_HEADLINES.no_award,
  /** A miss. */
  noPrize: NO_PRIZE_LABEL,
  /** Under a miss. */
  cheer: '好运马上就来',
  nextTime: '下次好运',
  haveAward: OUTCOME_LABELS.have_award,
  haveAwardDetail: '把好运留给别人吧',
  noTimes: OUTCOME_HEADLINES.no_times,
  gameOver: OUTCOME_HEADLINES.game_over,
  notStarted: OUTCOME_HEADLINES.not_started,
} as const
