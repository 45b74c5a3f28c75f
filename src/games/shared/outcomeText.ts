import { NO_PRIZE_LABEL } from '../../core/activity'

/**
 * Every wording the games draw for an outcome, in one place (the page's result
 * dialog shows the full tips text; the canvas only a few short lines).
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
  lost: '很遗憾',
  /** A miss. */
  noPrize: NO_PRIZE_LABEL,
  /** Under a miss. */
  cheer: '好运马上就来',
  nextTime: '下次好运',
  haveAward: '本场已中奖',
  haveAwardDetail: '把好运留给别人吧',
  noTimes: '次数已用完',
  gameOver: '活动已结束',
  notStarted: '活动未开始',
} as const
