import { formatYuan } from '../../core/money'
import type { Outcome } from '../../core/outcome'
import { OUTCOME_TEXT as T } from '../shared/outcomeText'

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
        return { eyebrow: T.won, headline: `${formatYuan(outcome.amountCents)}${T.yuan}`, detail: outcome.prizeName, win: true }
      }
      return { eyebrow: T.won, headline: outcome.prizeName, detail: '', win: true }
    case 'no_award':
      return { eyebrow: '', headline: T.noPrize, detail: T.cheer, win: false }
    case 'have_award':
      return { eyebrow: '', headline: T.haveAward, detail: T.haveAwardDetail, win: false }
    case 'no_times':
      return { eyebrow: '', headline: T.noTimes, detail: '', win: false }
    case 'game_over':
      return { eyebrow: '', headline: T.gameOver, detail: '', win: false }
    case 'not_started':
      return { eyebrow: '', headline: T.notStarted, detail: '', win: false }
  }
}
