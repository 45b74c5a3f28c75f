import { Hono } from 'hono'
import type { Deps } from '../context'
import type { MarketerEnv } from '../auth/marketer'
import { Code } from '../../src/core/contract'
import { REDEMPTIONS_PAGE, RedemptionsRequestSchema, StatsRequestSchema } from '../../src/core/ops'
import { requireMarketer } from '../auth/marketer'
import { redemptionEntry } from '../domain/staff'
import { activityStats } from '../domain/stats'
import { send } from '../http'
import { loadActivity, validate } from '../middleware'

/** stats/summary (ActivityStats) and stats/redemptions (the redemption log), marketer key; POST JSON. */
export function statsRoutes(deps: Deps): Hono<MarketerEnv> {
  const app = new Hono<MarketerEnv>()
  const { store } = deps
  // The key before the activity: without one, a caller learns nothing about which codes exist.
  app.use('*', requireMarketer(deps))

  app.post('/summary', validate(StatsRequestSchema), loadActivity(store), async (c) => {
    const now = deps.now()
    // Views are counted in memory: written first, so the numbers are this moment's.
    await deps.views.flush(now)
    const data = await store.read((tx) => activityStats(tx, c.var.activity, now, c.req.valid('json').threshold))
    return send(c, { code: Code.OK, data })
  })

  app.post('/redemptions', validate(RedemptionsRequestSchema), loadActivity(store), async (c) => {
    const before = c.req.valid('json').before ?? Number.MAX_SAFE_INTEGER
    const rows = await store.ops.redemptions(c.var.activity.id, before, REDEMPTIONS_PAGE)
    return send(c, { code: Code.OK, data: rows.map(redemptionEntry) })
  })

  return app
}
