import { Hono } from 'hono'
import type { CheckData, UserlistData } from '../../src/core/contract'
import type { Deps } from '../context'
import type { WinRow } from '../db/queries'
import { CheckRequestSchema, Code, CodeRequestSchema, RedeemRequestSchema } from '../../src/core/contract'
import { formatYuan } from '../../src/core/money'
import { maskName } from '../../src/core/names'
import { isMarketer, marketerKeyOf } from '../auth/marketer'
import { withSession } from '../auth/session'
import { fail, parseInput, send } from '../http'
import { claimStatus } from '../play'

/** How many winners info/userlist shows (seed: 最新中奖的10名). */
const USERLIST_SIZE = 10

function checkData(win: WinRow): CheckData {
  const redeemed = win.redeemed_at !== null
  return {
    prizeid: win.prize_id,
    name: win.prize_name,
    type: win.prize_type,
    money: formatYuan(win.money_cents),
    // A redeemed prize never shows its code again.
    prizecode: redeemed ? '' : win.secret,
    info: win.prize_info,
    status: claimStatus(win),
    redeemed,
    createtime: Math.floor(win.created_at / 1000),
  }
}

/** info/*: check (the winner's own prize), userlist (latest winners, masked), redeem (marketers). */
export function infoRoutes(deps: Deps): Hono {
  const app = new Hono()
  const { store } = deps

  app.post('/check', async (c) => {
    const input = await parseInput(c, CheckRequestSchema)
    if (input instanceof Response) return input
    const activity = store.activityByCode(input.code)
    if (!activity) return fail(c, Code.ACTIVITY_NOT_FOUND)
    return withSession(c, deps, activity, (s) => {
      const win = store.winBySecret(s.activityId, input.awardcode)
      // Someone else's code reads as unknown: codes are not to be probed.
      if (!win || win.pid !== s.pid) return { code: Code.AWARD_NOT_FOUND, data: null }
      const data = checkData(win)
      return { code: data.redeemed ? Code.ALREADY_REDEEMED : Code.OK, data }
    })
  })

  app.on(['GET', 'POST'], '/userlist', async (c) => {
    const input = await parseInput(c, CodeRequestSchema)
    if (input instanceof Response) return input
    const activity = store.activityByCode(input.code)
    if (!activity) return fail(c, Code.ACTIVITY_NOT_FOUND)
    return withSession(c, deps, activity, (s) => {
      const data: UserlistData = store.latestWins(s.activityId, USERLIST_SIZE).map((win) => ({
        wxname: maskName(win.name),
        headimgurl: '',
        money: formatYuan(win.money_cents),
        name: win.prize_name,
        createtime: Math.floor(win.created_at / 1000),
      }))
      return { code: Code.OK, data }
    })
  })

  app.post('/redeem', async (c) => {
    const input = await parseInput(c, RedeemRequestSchema)
    if (input instanceof Response) return input
    if (!isMarketer(store, marketerKeyOf(c, input.auth))) return fail(c, Code.MARKETER_DENIED)
    const activity = store.activityByCode(input.code)
    if (!activity) return fail(c, Code.ACTIVITY_NOT_FOUND)
    const now = deps.now()
    const reply = store.transaction(() => {
      const win = store.winBySecret(activity.id, input.awardcode)
      if (!win) return { code: Code.AWARD_NOT_FOUND, data: null }
      if (!store.redeem(win.id, now)) {
        return { code: Code.ALREADY_REDEEMED, data: { prizeid: win.prize_id, name: win.prize_name, redeemed_at: win.redeemed_at } }
      }
      return { code: Code.OK, data: { prizeid: win.prize_id, name: win.prize_name, redeemed_at: now } }
    })
    return send(c, reply)
  })

  return app
}
