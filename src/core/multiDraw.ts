import type { MultiDrawData } from './campaign'
import { Code, codeToOutcome } from './contract'
import type { Outcome, WinOutcome } from './outcome'

/**
 * A multi-draw (连抽) as the page shows it, from the server's answer
 * (Activity/multi) or the preview's local draws: the outcome of each draw made,
 * and the refusal that ended the batch early.
 */
export interface BatchResult {
  /** Each draw made, in order: a win (with its 核销码) or no_award. */
  outcomes: (WinOutcome | { kind: 'no_award' })[]
  /** Why the batch ended before its count: the refusal's outcome (null for one the page has no words for) and message. */
  stopped: { outcome: Outcome | null; msg: string } | null
}

/** What one multi-draw answers: the batch, or code 201 — nothing drawn, the info form comes first. */
export type BatchDrawResult = { batch: BatchResult } | { needInfo: true }

/** The server's words for a refusal → the outcome it means (1001 no_times, 1002 have_award, 1003 game_over, 1004 not_started). */
export function refusalOutcome(code: number): Outcome | null {
  const kind = codeToOutcome(code)
  if (kind === null || kind === 'win' || kind === 'no_award') return null
  return kind === 'not_started' ? { kind, startsAt: null } : { kind }
}

/** Activity/multi's data → the batch. */
export function batchFromMulti(data: MultiDrawData): BatchResult {
  const outcomes = data.results.map((r): BatchResult['outcomes'][number] =>
    r.code === Code.OK && r.win
      ? {
          kind: 'win',
          prizeId: r.win.prize_id,
          prizeName: r.win.prize_name,
          prizeType: r.win.prize_type as WinOutcome['prizeType'],
          amountCents: r.win.amount_cents,
          secret: r.win.secret,
        }
      : { kind: 'no_award' },
  )
  const stopped = data.stopped ? { outcome: refusalOutcome(data.stopped.code), msg: data.stopped.msg } : null
  return { outcomes, stopped }
}

/**
 * The outcomes a game lands on in turn: each draw made; a batch refused at its
 * first draw lands once, on the refusal (as a single play would).
 */
export function landingsOf(batch: BatchResult): Outcome[] {
  if (batch.outcomes.length > 0) return batch.outcomes
  return batch.stopped?.outcome ? [batch.stopped.outcome] : []
}
