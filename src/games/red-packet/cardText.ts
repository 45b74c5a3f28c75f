import { formatYuan } from '../../core/money'
import type { Outcome } from '../../core/outcome'
import { OUTCOME_TEXT as T } from '../shared/outcomeText'

/** What the card that rises out of an opened packet says. */
export interface CardLines {
  /** The small line on top. */
  label: string
  /** The amount in yuan ('8.88') under a '¥', or null: then `main` is shown instead. */
  amount: string | null
  /** The prize name or 谢谢参与, in red ('' when `amount` is shown). */
  main: string
  /** The small line at the bottom. */
  caption: string
  win: boolean
}

/** The card's lines for an outcome. */
export function cardLines(outcome: Outcome): CardLines {
  if (outcome.kind !== 'win') return { label: T.lost, amount: null, main: T.noPrize, caption: T.nextTime, win: false }
  if (outcome.amountCents > 0) {
    return { label: T.wonMoney, amount: formatYuan(outcome.amountCents), main: '', caption: outcome.prizeName, win: true }
  }
  return { label: T.won, amount: null, main: outcome.prizeName, caption: T.claim, win: true }
}
