import { Hono } from 'hono'
import type { Deps } from '../context'
import { Code } from '../../src/core/contract'
import { CheckRequestSchema, CodeRequestSchema, RedeemRequestSchema } from '../../src/core/requests'
import { withSession } from '../auth/session'
import { checkData, redeemData, winnerEntry } from '../domain/answers'
import { send } from '../http'
import { loadActivity, loadKeptActivity, validate } from '../middleware'
import { requireMarketer } from '../auth/marketer'
import { winnerDisplay } from '../wechat/winner'

/** How many winners info/userlist shows (seed: 最新中奖的10名). */
const USERLIST_SIZE = 10

/** info/*: check (the winner's own prize), userlist (latest winners, masked; WeChat nickname and avatar when shared), redeem (marketers). */
export function infoRoutes(deps: Deps): Hono {
  const app = new Hono()
  const { store } = deps
  const knownActivity = loadKeptActivity(store)

  app.post('/check', validate(CheckRequestSchema), knownActivity, (c) => {
    const input = c.req.valid('json')
    return withSession(c, deps, c.var.activity, async (s, tx) => {
      const win = await tx.winBySecret(s.activityId, input.awardcode)
      // Someone else's code reads as unknown: codes are not to be probed.
      if (!win || win.pid !== s.pid) return { code: Code.AWARD_NOT_FOUND, data: null }
      const data = checkData(win)
      return { code: data.redeemed ? Code.ALREADY_REDEEMED : Code.OK, data }
    })
  })

  app.on(['GET', 'POST'], '/userlist', validate(CodeRequestSchema), knownActivity, (c) =>
    withSession(c, deps, c.var.activity, async (s, tx) => {
      const data = []
      for (const win of await tx.latestWins(s.activityId, USERLIST_SIZE)) {
        data.push(winnerEntry(win, await winnerDisplay(tx, win.pid, win.name)))
      }
      return { code: Code.OK, data }
    }),
  )

  // The key before the activity: without one, a caller learns nothing about which codes exist.
  app.post('/redeem', requireMarketer(deps), validate(RedeemRequestSchema), loadActivity(store), async (c) => {
    const input = c.req.valid('json')
    const activityId = c.var.activity.id
    const now = deps.now()
    const reply = await store.transaction(async (tx) => {
      const win = await tx.winBySecret(activityId, input.awardcode)
      if (!win) return { code: Code.AWARD_NOT_FOUND, data: null }
      if (!(await tx.redeem(win.id, now, c.var.marketerKey.id))) return { code: Code.ALREADY_REDEEMED, data: redeemData(win, win.redeemed_at) }
      return { code: Code.OK, data: redeemData(win, now) }
    })
    return send(c, reply)
  })

  return app
}
