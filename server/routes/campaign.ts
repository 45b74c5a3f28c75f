import { Hono } from 'hono'
import type { Deps } from '../context'
import type { Store } from '../db/queries'
import { CheckRequestSchema, ClaimRequestSchema, CodeRequestSchema } from '../../src/core/requests'
import { Code } from '../../src/core/contract'
import type { Reply } from '../http'
import type { Session } from '../auth/session'
import { withSession } from '../auth/session'
import { checkClaim, checkReceived, myRecords, receiveWin, storeClaim } from '../domain/campaign'
import { loadKeptActivity, validate } from '../middleware'

/**
 * The participant's records and claims (issue 13, CAMPAIGN_PATHS under /info):
 * records, claim, received. Each needs the rotating token and answers about
 * the caller's own wins only. Activity/multi lives with award (routes/activity).
 */
export function campaignRoutes(deps: Deps): Hono {
  const app = new Hono()
  const { store } = deps
  const knownActivity = loadKeptActivity(store)

  app.post('/records', validate(CodeRequestSchema), knownActivity, (c) =>
    withSession(c, deps, c.var.activity, async (s, tx) => ({ code: Code.OK, data: await myRecords(tx, s.activityId, s.pid) })),
  )

  // The checks run before the token is exchanged, so a refusal writes nothing; inside the transaction
  // they run again with the write, under the participant's row lock (the guarded UPDATE decides the rest).
  app.post('/claim', validate(ClaimRequestSchema), knownActivity, (c) => {
    const input = c.req.valid('json')
    const check = (s: Session, db: Store) => checkClaim(db, s.activityId, s.pid, input.awardcode, input.values)
    return withSession(
      c,
      deps,
      c.var.activity,
      async (s, tx) => {
        await tx.lockParticipant(s.activityId, s.pid, s.now)
        const checked = await check(s, tx)
        return 'refusal' in checked ? checked.refusal : storeClaim(tx, s.activityId, checked.win, checked.claim, s.now)
      },
      { precheck: async (s) => refusalOf(await check(s, store)) },
    )
  })

  app.post('/received', validate(CheckRequestSchema), knownActivity, (c) => {
    const input = c.req.valid('json')
    const check = (s: Session, db: Store) => checkReceived(db, s.activityId, s.pid, input.awardcode)
    return withSession(
      c,
      deps,
      c.var.activity,
      async (s, tx) => {
        const checked = await check(s, tx)
        return 'refusal' in checked ? checked.refusal : receiveWin(tx, s.activityId, checked.win, s.now)
      },
      { precheck: async (s) => refusalOf(await check(s, store)) },
    )
  })

  return app
}

/** A check's refusal for withSession's precheck, or null to go on. */
function refusalOf(checked: { refusal: Reply } | { win: unknown }): Reply | null {
  return 'refusal' in checked ? checked.refusal : null
}
