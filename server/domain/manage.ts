import type { ActivityConfig } from '../../src/core/activity'
import type { ActivityOverview } from '../../src/core/ops'
import type { ActivityListRow, ActivityRow, Store } from '../db/queries'
import { isRandomRedPacket } from '../../src/core/draw'
import { toCents } from '../../src/core/money'
import { activityStatus } from '../../src/core/ops'
import { checkTitle } from '../../src/core/validation'
import { newCode } from './activities'

/**
 * Activity management (Activity/list, close, reopen, duplicate, publish): an
 * activity's overview and the switches. Each change is one statement or one
 * transaction; the award transaction re-reads the configuration, so a play
 * sees the activity before the change or after it.
 */

/** An activity's overview row: seed-era fields, its status and its counts. */
export async function overview(store: Store, row: ActivityListRow, now: number): Promise<ActivityOverview> {
  const { config } = row
  return {
    code: row.code,
    active_title: config.active_title,
    template: config.template,
    status: config.status,
    state: activityStatus(config, row.published_at !== null, now),
    updated_at: row.updated_at,
    counts: await store.ops.counts(row.id),
  }
}

/** Every activity's overview, most recently saved first. */
export async function overviews(store: Store, now: number): Promise<ActivityOverview[]> {
  const out: ActivityOverview[] = []
  for (const row of await store.ops.listActivities()) out.push(await overview(store, row, now))
  return out
}

/** The overview of one activity, read again after a change. */
export async function overviewOf(store: Store, activityId: number, now: number): Promise<ActivityOverview> {
  const row = await store.ops.listActivity(activityId)
  if (!row) throw new Error(`activity ${activityId} vanished`)
  return overview(store, row, now)
}

/** Close (0) or reopen (1): participants' plays are refused while closed (the draw answers 1003). */
export function setStatus(store: Store, activity: ActivityRow, status: 0 | 1, now: number): Promise<ActivityOverview> {
  return store.transaction(async (tx) => {
    await tx.ops.setStatus(activity.id, status, now)
    return overviewOf(tx, activity.id, now)
  })
}

/** A draft becomes playable (already published: nothing changes). */
export function publish(store: Store, activity: ActivityRow, now: number): Promise<ActivityOverview> {
  return store.transaction(async (tx) => {
    await tx.ops.publish(activity.id, now)
    return overviewOf(tx, activity.id, now)
  })
}

/** The copy's title: '（副本）' appended when it still fits the title's limit. */
function copyTitle(title: string): string {
  const copy = `${title}（副本）`
  return checkTitle(copy) === null ? copy : title
}

/**
 * A new draft with the same configuration under a new code: the same prize
 * ids, full stock, no plays, wins or forms (they belong to the original).
 */
export function duplicate(store: Store, activity: ActivityRow, now: number): Promise<ActivityOverview> {
  return store.transaction(async (tx) => {
    const config: ActivityConfig = { ...activity.config, active_title: copyTitle(activity.config.active_title) }
    const id = await tx.insertActivity(await newCode(tx), config, activity.nextPrizeId, now, true)
    for (const prize of config.prize) {
      await tx.upsertStock(id, prize.id, isRandomRedPacket(prize) ? toCents(prize.money) : prize.sum)
    }
    return overviewOf(tx, id, now)
  })
}
