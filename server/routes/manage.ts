import { Hono } from 'hono'
import type { Deps } from '../context'
import type { MarketerEnv } from '../auth/marketer'
import { Code } from '../../src/core/contract'
import { OpsCodeRequestSchema } from '../../src/core/ops'
import { requireMarketer } from '../auth/marketer'
import { duplicate, publish, setStatus } from '../domain/manage'
import { send } from '../http'
import { loadActivity, validate } from '../middleware'

/** Activity/close, reopen, duplicate, publish (marketer key; POST `{code}`) → the activity's ActivityOverview. */
export function manageRoutes(deps: Deps): Hono<MarketerEnv> {
  const app = new Hono<MarketerEnv>()
  const { store } = deps
  // Per route, not use('*'): mounted beside the participants' /Activity routes.
  // The key before the activity: without one, a caller learns nothing about which codes exist.
  const known = [requireMarketer(deps), validate(OpsCodeRequestSchema), loadActivity(store)] as const

  app.post('/close', ...known, async (c) => send(c, { code: Code.OK, data: await setStatus(store, c.var.activity, 0, deps.now()) }))
  app.post('/reopen', ...known, async (c) => send(c, { code: Code.OK, data: await setStatus(store, c.var.activity, 1, deps.now()) }))
  app.post('/duplicate', ...known, async (c) => send(c, { code: Code.OK, data: await duplicate(store, c.var.activity, deps.now()) }))
  app.post('/publish', ...known, async (c) => send(c, { code: Code.OK, data: await publish(store, c.var.activity, deps.now()) }))

  return app
}
