import type { ActivityConfig } from '../../src/core/activity'
import type { ActivityRow, Store } from '../db/queries'
import { windowAt, windowBounds } from '../../src/core/windows'
import { wechatPid } from './signin'

/**
 * `max_share` as a referral WeChat can verify: the share callback proves
 * nothing, but a new person signing in through a sharer's link does. Each
 * such person gives the sharer one play in the open 场次, at most max_share.
 */

/** The open window's key (its start, epoch ms), or null. */
function openWindowStart(config: ActivityConfig, now: number): number | null {
  const state = windowAt(config.active_time, now)
  if (state.phase !== 'open') return null
  const window = config.active_time[state.index]
  return window ? (windowBounds(window)?.start ?? null) : null
}

/**
 * Credit the sharer whose referral id is `ref` for `invitee` (a pid that just
 * signed in). Nothing happens unless the activity is a `wechat` one with
 * max_share > 0 and an open window, the sharer is a real (not snapshot)
 * person other than the invitee, the invitee has never entered this activity
 * nor been referred to it, and the sharer is under max_share in this window.
 * Returns whether a play was credited.
 */
export async function recordReferral(store: Store, activity: ActivityRow, ref: string, invitee: string, now: number): Promise<boolean> {
  const { config } = activity
  if (config.identity !== 'wechat' || config.max_share <= 0) return false
  const windowStart = openWindowStart(config, now)
  if (windowStart === null) return false
  return store.transaction(async (tx) => {
    const sharer = await tx.wechat.personByRef(ref)
    if (sharer === null || sharer.snapshot === 1) return false
    const sharerPid = wechatPid(sharer.openid)
    if (sharerPid === invitee) return false
    if ((await tx.participant(activity.id, invitee)) !== null || (await tx.wechat.referred(activity.id, invitee))) return false
    if ((await tx.wechat.referralCount(activity.id, sharerPid, windowStart)) >= config.max_share) return false
    return tx.wechat.insertReferral(activity.id, invitee, sharerPid, windowStart, now)
  })
}

/** Plays `pid` gained by referrals in the window starting at `windowStart` (the award path's extra plays). */
export function referralPlays(store: Store, activityId: number, pid: string, windowStart: number): Promise<number> {
  return store.wechat.referralCount(activityId, pid, windowStart)
}

/** The limits with `extra` plays added to each one that is set (0 = unlimited stays unlimited). */
export function withExtraPlays(config: ActivityConfig, extra: number): ActivityConfig {
  if (extra <= 0) return config
  return {
    ...config,
    max_play: config.max_play > 0 ? config.max_play + extra : 0,
    max_eplay: config.max_eplay > 0 ? config.max_eplay + extra : 0,
  }
}
