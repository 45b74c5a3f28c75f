import { Hono } from 'hono'
import type { MiddlewareHandler } from 'hono'
import type { StaffActivity } from '../../src/core/ops'
import type { Deps } from '../context'
import type { StaffEnv } from '../auth/marketer'
import type { MarketerKeyRow } from '../db/queries'
import { Code } from '../../src/core/contract'
import { StaffActivitiesRequestSchema, StaffCodeRequestSchema, activityStatus } from '../../src/core/ops'
import { requireStaff, staffMayRedeem } from '../auth/marketer'
import { lookup, redeem } from '../domain/staff'
import { fail, send } from '../http'
import { loadActivity, validate } from '../middleware'
import { SlidingWindowLimiter } from '../rateLimit'

/**
 * staff/*: activities, lookup, redeem (a staff key only: X-Staff-Key or `auth`;
 * a marketer key is refused, 2021 — marketers redeem through info/redeem).
 * An activity outside the key's list answers 2022; a code of another activity 1012.
 */
export function staffRoutes(deps: Deps): Hono<StaffEnv> {
  const app = new Hono<StaffEnv>()
  const { store } = deps
  const perKey = new SlidingWindowLimiter(deps.rate.staff)
  app.use('*', requireStaff(deps))

  /** Every call counts against the key's rate: a leaked key neither scans codes nor loops the activity list. */
  const overRate = (key: MarketerKeyRow) => !perKey.hit(String(key.id), deps.now())
  const paced: MiddlewareHandler<StaffEnv> = async (c, next) => {
    if (overRate(c.var.staffKey)) return fail(c, Code.RATE_LIMITED)
    await next()
  }

  /** After loadActivity: the activity is one the key may redeem for, within the key's rate. */
  const inScope: MiddlewareHandler<StaffEnv & { Variables: { activity: { code: string } } }> = async (c, next) => {
    if (!staffMayRedeem(c.var.staffKey, c.var.activity.code)) return fail(c, Code.STAFF_SCOPE)
    if (overRate(c.var.staffKey)) return fail(c, Code.RATE_LIMITED)
    await next()
  }

  app.post('/activities', validate(StaffActivitiesRequestSchema), paced, async (c) => {
    const now = deps.now()
    const data: StaffActivity[] = (await store.ops.listActivities())
      .filter((row) => row.published_at !== null && staffMayRedeem(c.var.staffKey, row.code))
      .map((row) => ({ code: row.code, active_title: row.config.active_title, state: activityStatus(row.config, true, now) }))
    return send(c, { code: Code.OK, data })
  })

  app.post('/lookup', validate(StaffCodeRequestSchema), loadActivity(store), inScope, async (c) =>
    send(c, await lookup(store, c.var.activity, c.req.valid('json').awardcode)),
  )

  app.post('/redeem', validate(StaffCodeRequestSchema), loadActivity(store), inScope, async (c) =>
    send(c, await redeem(store, c.var.activity, c.req.valid('json').awardcode, c.var.staffKey, deps.now())),
  )

  return app
}
