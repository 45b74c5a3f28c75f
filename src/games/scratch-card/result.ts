import { NO_PRIZE_LABEL } from '../../core/activity'
import { formatYuan } from '../../core/money'
import type { Outcome } from '../../core/outcome'

/** What the scratch window shows once the outcome is known (the dialog shows the full tips text). */
export interface ResultLines {
  /** Small line above the headline ('' for none). */
  eyebrow: string
  /** The big line: the prize, the amount or 谢谢参与. */
  headline: string
  /** Small line below ('' for none). */
  detail: string
  win: boolean
}

/** The lines drawn under the coating for an outcome. */
export function resultLines(outcome: Outcome): ResultLines {
  switch (outcome.kind) {
    case 'win':
      if (outcome.prizeType === 'redpacket' && outcome.amountCents > 0) {
        return { eyebrow: '恭喜获得', headline: `${formatYuan(outcome.amountCents)}元`, detail: outcome.prizeName, win: true }
      }
      return { eyebrow: '恭喜获得', headline: outcome.prizeName, detail: '', win: true }
    case 'no_award':
      return { eyebrow: '', headline: NO_PRIZE_LABEL, detail: '好运马上就来', win: false }
    case 'have_award':
      return { eyebrow: '', headline: '本场已中奖', detail: '把好运留给别人吧', win: false }
    case 'no_times':
      return { eyebrow: '', headline: '次数已用完', detail: '', win: false }
    case 'game_over':
      return { eyebrow: '', headline: '活动已结束', detail: '', win: false }
    case 'not_started':
      return { eyebrow: '', headline: '活动未开始', detail: '', win: false }
  }
}
