import type { ActivityConfig } from './activity'
import type { DrawResult, Outcome } from './outcome'
import type { DrawDecision } from './draw'
import type { Random } from './random'
import type { WindowState } from './windows'
import { draw, initialStock, isRandomRedPacket, randomPacketCents } from './draw'
import { playsLeft } from './limits'
import { OUTCOME_HEADLINES, OUTCOME_LABELS } from './outcome'
import type { BatchResult } from './multiDraw'
import { toCents } from './money'
import { cryptoRandom } from './random'
import { windowAt } from './windows'

/**
 * The preview's draw: the same rules as the server (draw.ts) on an unsaved
 * configuration, with counters and stock kept in memory, plus a way to force
 * the next outcome so the marketer can check every screen and tips text.
 */

/** The outcomes besides a win that a preview can force, in the order its tools list them. */
export const FORCEABLE_KINDS = ['no_award', 'have_award', 'no_times', 'game_over', 'not_started', 'need_info'] as const
export type ForceableKind = (typeof FORCEABLE_KINDS)[number]

/** The tools' label of each: the outcome's own, and the info form for 'need_info'. */
export const FORCED_LABELS: Readonly<Record<ForceableKind, string>> = { ...OUTCOME_LABELS, need_info: '填写信息表单' }

/** What the next play is forced to. 'need_info' stands for award's code 201 (the info form). */
export type ForcedOutcome = { kind: 'win'; prizeId: number } | { kind: ForceableKind }

/**
 * What the next multi-draw (连抽) is forced to, draw by draw: the i-th entry forces the
 * i-th draw; draws past the list are real. A refusal in it ends the batch there, as on the server.
 */
export type ForcedBatch = ForcedOutcome[]

/** The forced multi-draws the preview offers: all misses, a first draw winning each prize (the rest by the rules), chances running out. */
export function forcedBatchPresets(prizes: readonly { id: number; name: string }[]): { label: string; batch: ForcedBatch }[] {
  const miss = { kind: 'no_award' } as const
  return [
    { label: '全部谢谢参与', batch: Array.from({ length: 10 }, () => miss) },
    ...prizes.map((p) => ({ label: `首抽中「${p.name}」`, batch: [{ kind: 'win' as const, prizeId: p.id }] })),
    { label: '第 2 抽次数用完', batch: [miss, { kind: 'no_times' as const }] },
  ]
}

export interface LocalDrawOptions {
  /** Defaults to cryptoRandom. */
  random?: Random
  /** The clock, epoch ms; defaults to Date.now. */
  now?: () => number
}

/** In-memory draw engine for previews: one simulated participant, the activity's own stock. */
export class LocalDraw {
  private readonly config: ActivityConfig
  private readonly random: Random
  private readonly now: () => number
  private stock: Map<number, number>
  private plays = 0
  /** By window index; only plays and wins inside an open window are counted per window. */
  private readonly playsByWindow = new Map<number, number>()
  private readonly winsByWindow = new Map<number, number>()
  private forced: ForcedOutcome | null = null
  private forcedBatch: ForcedBatch | null = null

  constructor(config: ActivityConfig, options: LocalDrawOptions = {}) {
    this.config = config
    this.random = options.random ?? cryptoRandom
    this.now = options.now ?? Date.now
    this.stock = initialStock(config)
  }

  /** Play once: the forced outcome if one is set (then cleared), else a real local draw. */
  play(): DrawResult {
    const now = this.now()
    const window = windowAt(this.config.active_time, now)
    const forced = this.forced
    this.forced = null
    if (forced) return this.playForced(forced, window)

    const inWindow = window.phase === 'open' ? window.index : null
    const decision = draw(
      {
        config: this.config,
        now,
        participant: {
          plays: this.plays,
          playsInWindow: inWindow === null ? 0 : (this.playsByWindow.get(inWindow) ?? 0),
          winsInWindow: inWindow === null ? 0 : (this.winsByWindow.get(inWindow) ?? 0),
        },
        stock: this.stock,
      },
      this.random,
    )
    if (decision.consumesPlay) this.consume(decision.window, decision.win)
    return { outcome: decision.outcome }
  }

  /**
   * A multi-draw of `count`: up to `count` single draws (the same rules, counters and stock as
   * `play()`), ending at the first refusal, like the server's Activity/multi. Uses (and clears)
   * the forced batch; without one, a forced single outcome applies to its first draw.
   */
  playMany(count: number): BatchResult {
    const forced = this.forcedBatch
    this.forcedBatch = null
    const outcomes: BatchResult['outcomes'] = []
    for (let i = 0; i < count; i++) {
      const next = forced?.[i]
      const result = next && next.kind !== 'need_info' ? this.playForced(next, windowAt(this.config.active_time, this.now())) : this.play()
      if (!('outcome' in result)) break
      const outcome = result.outcome
      if (outcome.kind === 'win' || outcome.kind === 'no_award') {
        outcomes.push(outcome)
        continue
      }
      return { outcomes, stopped: { outcome, msg: OUTCOME_HEADLINES[outcome.kind] } }
    }
    return { outcomes, stopped: null }
  }

  /** Make ONLY the next multi-draw follow `batch` (null cancels). Throws for a prize id not in the configuration. */
  forceBatch(batch: ForcedBatch | null): void {
    for (const next of batch ?? []) {
      if (next.kind === 'win' && !this.config.prize.some((p) => p.id === next.prizeId)) {
        throw new RangeError(`LocalDraw.forceBatch: no prize with id ${next.prizeId}`)
      }
    }
    this.forcedBatch = batch
  }

  /**
   * Make ONLY the next play return `next` (null cancels). A forced win counts
   * like a real one; a forced random red packet gets a valid amount.
   * Throws if the prize id is not in the configuration.
   */
  force(next: ForcedOutcome | null): void {
    if (next?.kind === 'win' && !this.config.prize.some((p) => p.id === next.prizeId)) {
      throw new RangeError(`LocalDraw.force: no prize with id ${next.prizeId}`)
    }
    this.forced = next
  }

  /** Plays left for the participant now; null = unlimited (core/limits' rule, as the server). */
  chancesLeft(): number | null {
    const window = windowAt(this.config.active_time, this.now())
    const open = window.phase === 'open'
    const playsInWindow = open ? (this.playsByWindow.get(window.index) ?? 0) : 0
    return playsLeft(this.config, { plays: this.plays, playsInWindow }, open)
  }

  /** Back to a fresh participant and full stock; cancels a forced outcome. */
  reset(): void {
    this.stock = initialStock(this.config)
    this.plays = 0
    this.playsByWindow.clear()
    this.winsByWindow.clear()
    this.forced = null
    this.forcedBatch = null
  }

  private playForced(forced: ForcedOutcome, window: WindowState): DrawResult {
    switch (forced.kind) {
      case 'need_info':
        return { needInfo: true }
      case 'win':
        return { outcome: this.forcedWin(forced.prizeId, window) }
      case 'no_award':
        this.consume(window, null)
        return { outcome: { kind: 'no_award' } }
      case 'not_started':
        return { outcome: { kind: 'not_started', startsAt: window.phase === 'before' ? window.startsAt : null } }
      case 'have_award':
      case 'no_times':
      case 'game_over':
        return { outcome: { kind: forced.kind } }
    }
  }

  private forcedWin(prizeId: number, window: WindowState): Outcome {
    const prize = this.config.prize.find((p) => p.id === prizeId)
    // force() checked the id; the config is ours and never changes.
    if (!prize) throw new RangeError(`LocalDraw: no prize with id ${prizeId}`)
    const left = this.stock.get(prize.id) ?? 0
    let amountCents = 0
    let stockDelta = 1
    if (isRandomRedPacket(prize)) {
      // When the remaining total is too small we still show a valid amount: it is a preview.
      amountCents =
        randomPacketCents(prize, left, this.random) ??
        randomPacketCents(prize, Number.POSITIVE_INFINITY, this.random) ??
        toCents(prize.min)
      stockDelta = amountCents
    } else if (prize.type === 'redpacket') {
      amountCents = toCents(prize.money)
    }
    this.consume(window, { prizeId, amountCents, stockDelta })
    return { kind: 'win', prizeId, prizeName: prize.name, prizeType: prize.type, amountCents, secret: '' }
  }

  private consume(window: WindowState, win: DrawDecision['win']): void {
    this.plays += 1
    if (window.phase === 'open') bump(this.playsByWindow, window.index, 1)
    if (!win) return
    if (window.phase === 'open') bump(this.winsByWindow, window.index, 1)
    this.stock.set(win.prizeId, Math.max(0, (this.stock.get(win.prizeId) ?? 0) - win.stockDelta))
  }
}

function bump(map: Map<number, number>, key: number, by: number): void {
  map.set(key, (map.get(key) ?? 0) + by)
}
