import type { ActivityConfig, Prize } from './activity'
import type { Outcome } from './outcome'
import type { Random } from './random'
import type { WindowState } from './windows'
import { isRandomRedPacket } from './activity'
import { toCents } from './money'
import { windowAt } from './windows'

// The participant's page reads it from activity.ts (its download goes without the draw engine); the server and the studio from here.
export { isRandomRedPacket }

/**
 * The draw engine (seed 002, “prize 说明”), pure: the server calls it inside its
 * stock transaction, the preview through LocalDraw. It decides; callers apply.
 *
 * Each prize is a pool. The seed keys a pool `{activityId}_prize_{chance×10}`
 * (activity 1, chance 10.5% → `1_prize_105`); we key stock by prize id instead,
 * since two prizes with the same chance would share a seed key.
 */

/** What the participant has done so far (the caller counts; the window is the one open at `now`). */
export interface ParticipantCounters {
  plays: number
  playsInWindow: number
  winsInWindow: number
}

/** Remaining stock by prize id: a count for ordinary prizes and fixed red packets; remaining CENTS for a random red packet. */
export type StockMap = ReadonlyMap<number, number>

export interface DrawInput {
  config: ActivityConfig
  now: number
  participant: ParticipantCounters
  stock: StockMap
}

export interface DrawDecision {
  /** For a win, `secret` is '' (the server fills in the code). */
  outcome: Outcome
  /** As computed for `now`. */
  window: WindowState
  /** True for a win or no_award; false for refusals (no_times, have_award, game_over, not_started). */
  consumesPlay: boolean
  /** stockDelta = 1 for counted prizes, amountCents for random red packets. */
  win: null | { prizeId: number; amountCents: number; stockDelta: number }
}

/** Per mille: chances are percents with one decimal, so pools are whole tenths of a percent. */
const DRAW_SCALE = 1000


/** A prize's chance in tenths of a percent (10.5% → 105), the seed's pool number. */
export function chanceTenths(chance: number): number {
  return Math.round(chance * 10)
}

/** The stock a fresh activity starts with. */
export function initialStock(config: ActivityConfig): Map<number, number> {
  const stock = new Map<number, number>()
  for (const prize of config.prize) {
    stock.set(prize.id, isRandomRedPacket(prize) ? toCents(prize.money) : prize.sum)
  }
  return stock
}

/**
 * A random red packet's amount in cents, uniform in [min, min(max, remaining)],
 * or null when what is left cannot pay the minimum (the pool is empty).
 */
export function randomPacketCents(prize: Pick<Prize, 'min' | 'max'>, remainingCents: number, random: Random): number | null {
  const minC = toCents(prize.min)
  const maxC = Math.min(toCents(prize.max), remainingCents)
  if (remainingCents < minC || maxC < minC) return null
  return minC + Math.floor(random() * (maxC - minC + 1))
}

/** Decide one play. Checks run in the seed's order; one random number picks the pool. */
export function draw(input: DrawInput, random: Random): DrawDecision {
  const { config, now, participant, stock } = input
  const window = windowAt(config.active_time, now)
  const refuse = (outcome: Outcome): DrawDecision => ({ outcome, window, consumesPlay: false, win: null })
  const noAward: DrawDecision = { outcome: { kind: 'no_award' }, window, consumesPlay: true, win: null }

  if (config.status === 0 || window.phase === 'after') return refuse({ kind: 'game_over' })
  if (window.phase === 'before') return refuse({ kind: 'not_started', startsAt: window.startsAt })
  if (config.max_play > 0 && participant.plays >= config.max_play) return refuse({ kind: 'no_times' })
  if (config.max_eplay > 0 && participant.playsInWindow >= config.max_eplay) return refuse({ kind: 'no_times' })
  if (participant.winsInWindow >= 1) return refuse({ kind: 'have_award' })

  const total = config.prize.reduce((acc, p) => acc + chanceTenths(p.chance), 0)
  // Seed: over 100% nobody wins (the editor refuses it; a stale config must not crash).
  if (!(total <= DRAW_SCALE)) return noAward

  const r = Math.floor(random() * DRAW_SCALE)
  let upper = 0
  const prize = config.prize.find((p) => {
    upper += chanceTenths(p.chance)
    return r < upper
  })
  if (!prize) return noAward

  // An empty pool is a loss, never redirected to another pool: the odds shown stay true.
  const left = stock.get(prize.id) ?? 0
  let amountCents = 0
  let stockDelta = 1
  if (isRandomRedPacket(prize)) {
    const cents = randomPacketCents(prize, left, random)
    if (cents === null) return noAward
    amountCents = cents
    stockDelta = cents
  } else {
    if (left < 1) return noAward
    if (prize.type === 'redpacket') amountCents = toCents(prize.money)
  }

  return {
    outcome: {
      kind: 'win',
      prizeId: prize.id,
      prizeName: prize.name,
      prizeType: prize.type,
      amountCents,
      secret: '',
    },
    window,
    consumesPlay: true,
    win: { prizeId: prize.id, amountCents, stockDelta },
  }
}
