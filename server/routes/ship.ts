import { Hono } from 'hono'
import type { Deps } from '../context'
import { ShipRequestSchema } from '../../src/core/requests'
import { requireMarketer } from '../auth/marketer'
import { shipWin } from '../domain/campaign'
import { send } from '../http'
import { loadActivity, validate } from '../middleware'

/** info/ship (OPS_PATHS.ship, issue 13): the marketer marks a physical win shipped, with courier and tracking. */
export function shipRoutes(deps: Deps): Hono {
  const app = new Hono()
  const { store } = deps
  // The key before the activity: without one, a caller learns nothing about which codes exist.
  app.post('/ship', requireMarketer(deps), validate(ShipRequestSchema), loadActivity(store), async (c) => {
    const input = c.req.valid('json')
    const activityId = c.var.activity.id
    const now = deps.now()
    return send(c, await store.transaction((tx) => shipWin(tx, activityId, input.awardcode, input.courier, input.tracking, now)))
  })
  return app
}
