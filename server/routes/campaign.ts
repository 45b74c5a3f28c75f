import { Hono } from 'hono'
import type { Deps } from '../context'
import { CheckRequestSchema, ClaimRequestSchema, CodeRequestSchema } from '../../src/core/contract'
import { Code } from '../../src/core/contract'
import { withSession } from '../auth/session'
import { claimWin, myRecords, receiveWin } from '../domain/campaign'
import { loadActivity, validate } from '../middleware'

/**
 * The participant's records and claims (issue 13, CAMPAIGN_PATHS under /info):
 * records, claim, received. Each needs the rotating token and answers about
 * the caller's own wins only. Activity/multi lives with award (routes/activity).
 */
export function campaignRoutes(deps: Deps): Hono {
  const app = new Hono()
  const { store } = deps
  const knownActivity = loadActivity(store)

  app.post('/records', validate(CodeRequestSchema), knownActivity, (c) =>
    withSession(c, deps, c.var.activity, (s) => ({ code: Code.OK, data: myRecords(store, s.activityId, s.pid) })),
  )

  app.post('/claim', validate(ClaimRequestSchema), knownActivity, (c) => {
    const input = c.req.valid('json')
    return withSession(c, deps, c.var.activity, (s) => claimWin(store, s.activityId, s.pid, input.awardcode, input.values, s.now))
  })

  app.post('/received', validate(CheckRequestSchema), knownActivity, (c) => {
    const input = c.req.valid('json')
    return withSession(c, deps, c.var.activity, (s) => receiveWin(store, s.activityId, s.pid, input.awardcode, s.now))
  })

  return app
}

