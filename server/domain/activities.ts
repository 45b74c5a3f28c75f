import { randomBytes } from 'node:crypto'
import type { ActivityConfig, Prize } from '../../src/core/activity'
import type { MarketerIndexData } from '../../src/core/contract'
import type { ActivityRow, Store } from '../db/queries'
import { isRandomRedPacket } from '../../src/core/draw'
import { toCents } from '../../src/core/money'

/** Saving activities (Activity/add, the demo seed) and the marketer's view of one. */

/** The marketer's view: the configuration with stock and counts. */
export async function marketerView(store: Store, activity: ActivityRow, now: number): Promise<MarketerIndexData> {
  const counts = await store.participantCounts(activity.id)
  const wins = await store.winCounts(activity.id)
  return {
    ...activity.config,
    view: 'marketer',
    code: activity.code,
    stock: (await store.stockRows(activity.id))
      .filter((row) => row.active === 1)
      .map(({ prize_id, remaining, won, paid_cents }) => ({ prize_id, remaining, won, paid_cents })),
    counts: { participants: counts.participants, plays: counts.plays, wins: wins.wins, redeemed: wins.redeemed },
    server_time: now,
  }
}

/** True when the marketer sent an id for the prize at `index` (validation fills missing ids with index+1). */
function hasGivenId(rawPrizes: unknown, index: number): boolean {
  if (!Array.isArray(rawPrizes)) return false
  const raw: unknown = rawPrizes[index]
  if (typeof raw !== 'object' || raw === null) return false
  const id = (raw as { id?: unknown }).id
  return id !== undefined && id !== null && id !== ''
}

/** A fresh activity code nobody uses. */
export async function newCode(store: Store): Promise<string> {
  for (;;) {
    const code = randomBytes(6).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, 'x')
    if (!(await store.activityByCode(code))) return code
  }
}

/**
 * Create or update (by code) in one transaction, so a draw sees either the old
 * prizes or the new ones, never a mix. A prize keeps its id (and what it has
 * already given out) when the marketer sends back an id it already has;
 * others get fresh ids, never reused. Stock = configured amount − already won
 * (sum is the total to give away; money, for a random red packet).
 */
export async function saveActivity(
  store: Store,
  code: string | undefined,
  config: ActivityConfig,
  rawPrizes: unknown,
  now: number,
): Promise<{ code: string; config: ActivityConfig }> {
  return store.transaction(async (tx) => {
    const existing = code === undefined ? null : await tx.activityByCode(code)
    let nextId: number
    let prizes: Prize[]
    if (existing) {
      const known = new Set(existing.config.prize.map((p) => p.id))
      nextId = existing.nextPrizeId
      prizes = config.prize.map((p, i) => (hasGivenId(rawPrizes, i) && known.has(p.id) ? p : { ...p, id: nextId++ }))
    } else {
      prizes = config.prize
      nextId = prizes.reduce((max, p) => Math.max(max, p.id), 0) + 1
    }
    const saved: ActivityConfig = { ...config, prize: prizes }
    const savedCode = existing?.code ?? code ?? (await newCode(tx))
    const id = existing ? existing.id : await tx.insertActivity(savedCode, saved, nextId, now)

    const before = new Map((await tx.stockRows(id)).map((row) => [row.prize_id, row]))
    await tx.retireStock(id)
    for (const prize of prizes) {
      const row = before.get(prize.id)
      const remaining = isRandomRedPacket(prize)
        ? toCents(prize.money) - (row?.paid_cents ?? 0)
        : prize.sum - (row?.won ?? 0)
      await tx.upsertStock(id, prize.id, Math.max(0, remaining))
    }
    // After the stock, as a play takes its locks (stock, then the activity's row): no deadlock with plays (PostgreSQL).
    if (existing) await tx.updateActivity(id, saved, nextId, now)
    return { code: savedCode, config: saved }
  })
}
