import { computed, onScopeDispose, reactive, readonly, ref, shallowRef } from 'vue'
import type { DrawResult, Outcome } from '../core/outcome'
import { landingsOf, type BatchDrawResult, type BatchResult } from '../core/multiDraw'
import type { UserInfo } from '../core/userInfo'
import type { ClaimValues } from '../core/campaign'
import type { AbortInfo } from '../games/shared/Game'
import type { PlayPace } from '../games/shared/pace'

/**
 * The play flow shared by the preview and the live page, one instance per page:
 *
 *   idle → requesting → revealing → result → idle
 *              ↓  ↑ (info form, then the SAME play goes on)
 *             info
 *              ↓ (draw failed / form cancelled)
 *           aborting → idle
 *
 * Locked from the tap until the result is closed, so a double tap, a second
 * finger or the game's own `request` can never start a second play.
 *
 * A multi-draw (连抽, `tapMany`) is one request too: its answer lists N
 * outcomes, which the game lands on in turn at its brisk pace (a short pause
 * between two), and the result is the list.
 */

/** The before-play form's answers: seed 002's four fields, or the activity's own form (config.claim_fields). */
export type InfoAnswers = UserInfo | { values: ClaimValues }

export type PlayPhase = 'idle' | 'requesting' | 'info' | 'revealing' | 'result' | 'aborting'

/** The part of GameCanvas the flow drives. */
export interface GameHandle {
  /** Returns false when the game cannot start a play now. `brisk`: one draw of a multi-draw. */
  play(pace?: PlayPace): boolean | void
  reveal(outcome: Outcome): void
  abort(info: AbortInfo): void
  reset(): void
}

export interface PlayFlowOptions {
  /** One draw (preview: LocalDraw; live: Activity/award). Rejects on network errors. */
  drawOnce: () => Promise<DrawResult>
  /**
   * The game able to animate now, or null (still loading, or the stage failed):
   * the flow then shows results without animation.
   */
  game: () => GameHandle | null
  /** A multi-draw of `count` (live: Activity/multi). Rejects on network errors. Without it, tapMany does nothing. */
  drawMany?: (count: number) => Promise<BatchDrawResult>
  /** Sends the info form (live: Activity/user). Rejecting keeps the form open. */
  submitInfo: (info: InfoAnswers) => Promise<void>
  /** Whether a play may start now (besides not being locked); default always. */
  canPlay?: () => boolean
  /** After each draw that produced an outcome (refresh chances, counts…). */
  onOutcome?: (outcome: Outcome) => void
  /** Shows a short message (the page's toast). */
  notify: (message: string) => void
  /** The message for a failed draw or info form (live: the API error's own text); default `fallback`. */
  errorMessage?: (error: unknown, fallback: string) => string
  /**
   * A landing or a graceful stop that has not ended after this long, ms, ends
   * anyway (a starved renderer on a weak phone must not hold the result back).
   * Default: none (the preview waits for its game, whatever the renderer).
   */
  animationTimeoutMs?: number
  /** The landing waits for the participant (the scratch card's finger): no timeout for it. */
  revealWaitsForPlayer?: () => boolean
}

/**
 * What a page brings to its play flow; the page scaffold (ActivityPage) adds
 * the game and the toast.
 */
export type PagePlayOptions = Omit<PlayFlowOptions, 'game' | 'notify'> & {
  /** Whether this play may animate (default yes); when not, the result shows at once. */
  animate?: () => boolean
}

/** The pause on each landing of a multi-draw before the next draw starts, ms (also with reduced motion: it is a pause, not motion). */
export const BATCH_PAUSE_MS = 600

/** Shown when a draw fails. */
export const DRAW_ERROR_MESSAGE = '网络不好，请重试'
/** Shown when the info form could not be sent. */
export const INFO_ERROR_MESSAGE = '提交失败，请重试'
/** Shown when the participant closes the info form without sending it. */
export const INFO_CANCELLED_MESSAGE = '填写信息后才能抽奖哦'

/** Create the page's play flow. Call in a component's setup (it goes quiet when the page unmounts). */
export function usePlayFlow(options: PlayFlowOptions) {
  const { notify } = options
  const errorMessage = options.errorMessage ?? ((_error: unknown, fallback: string) => fallback)
  const phase = ref<PlayPhase>('idle')
  const outcome = ref<Outcome | null>(null)
  const submittingInfo = ref(false)
  /** The multi-draw in flight or last shown; null for a single play. */
  const batch = shallowRef<{ count: number; result: BatchResult | null; landings: Outcome[]; landed: number } | null>(null)
  let pauseTimer: ReturnType<typeof setTimeout> | undefined
  // The game that started this play: results go to it even if the ref changes meanwhile.
  let game: GameHandle | null = null
  let disposed = false
  let watchdog: ReturnType<typeof setTimeout> | undefined
  onScopeDispose(() => {
    disposed = true
    clearTimeout(watchdog)
    clearTimeout(pauseTimer)
  })

  /** Ends the animation now running if the game does not within `animationTimeoutMs`. */
  function armWatchdog(end: () => void): void {
    clearTimeout(watchdog)
    if (options.animationTimeoutMs !== undefined) watchdog = setTimeout(end, options.animationTimeoutMs)
  }

  /** A tap on the button or the game's `request`: starts a play if none is in flight. Returns whether it did. */
  function tap(): boolean {
    if (phase.value !== 'idle' || disposed) return false
    if (options.canPlay && !options.canPlay()) return false
    phase.value = 'requesting'
    outcome.value = null
    batch.value = null
    game = options.game()
    // The animation starts at once; the draw answers while it runs. A game that
    // refuses (busy re-preparing) is left out of this play rather than waited for.
    if (game?.play() === false) game = null
    void draw()
    return true
  }

  /** A multi-draw button: starts `count` draws in one request if no play is in flight. Returns whether it did. */
  function tapMany(count: number): boolean {
    if (phase.value !== 'idle' || disposed || !options.drawMany) return false
    if (options.canPlay && !options.canPlay()) return false
    phase.value = 'requesting'
    outcome.value = null
    batch.value = { count, result: null, landings: [], landed: 0 }
    game = options.game()
    if (game?.play('brisk') === false) game = null
    void drawBatch()
    return true
  }

  /**
   * A play's request, single or multi: a failure is told and ends the play, a need-info answer opens
   * the form. Null when either happened or the flow was disposed meanwhile; else the answer to show.
   */
  async function answer<R extends DrawResult | BatchDrawResult>(request: () => Promise<R>): Promise<Exclude<R, { needInfo: true }> | null> {
    let result: R
    try {
      result = await request()
    } catch (error) {
      if (disposed) return null
      const message = errorMessage(error, DRAW_ERROR_MESSAGE)
      notify(message)
      abort(message)
      return null
    }
    if (disposed) return null
    if ('needInfo' in result) {
      phase.value = 'info'
      return null
    }
    return result as Exclude<R, { needInfo: true }>
  }

  async function drawBatch(): Promise<void> {
    const current = batch.value
    const { drawMany } = options
    if (!current || !drawMany) return
    const result = await answer(() => drawMany(current.count))
    if (!result) return
    const landings = landingsOf(result.batch)
    batch.value = { ...current, result: result.batch, landings, landed: 0 }
    for (const each of landings) options.onOutcome?.(each)
    outcome.value = landings[landings.length - 1] ?? null
    const first = landings[0]
    if (game && first) {
      phase.value = 'revealing'
      game.reveal(first)
      armWatchdog(onSettled)
    } else {
      // Nothing to land on (or no animation): the list at once; a started animation comes to rest.
      if (game && !first) game.abort({ message: '' })
      phase.value = 'result'
    }
  }

  async function draw(): Promise<void> {
    const result = await answer(() => options.drawOnce())
    if (!result) return
    outcome.value = result.outcome
    options.onOutcome?.(result.outcome)
    if (game) {
      phase.value = 'revealing'
      game.reveal(result.outcome)
      if (!options.revealWaitsForPlayer?.()) armWatchdog(onSettled)
    } else {
      phase.value = 'result'
    }
  }

  function abort(message: string): void {
    if (game) {
      phase.value = 'aborting'
      game.abort({ message })
      // A stop that never ends: put the game at rest by hand, so the next play animates again.
      armWatchdog(() => {
        game?.reset()
        onAborted()
      })
    } else {
      phase.value = 'idle'
    }
  }

  /** The game's `settled`: its animation landed; show the result (a multi-draw: land on the next one first). */
  function onSettled(): void {
    clearTimeout(watchdog)
    if (phase.value !== 'revealing') return
    const current = batch.value
    if (current && game && current.landed + 1 < current.landings.length) {
      const next = current.landed + 1
      batch.value = { ...current, landed: next }
      const landing = current.landings[next]!
      const running = game
      // Paused on this landing a moment, then the next draw lands (the game's own brisk animation).
      pauseTimer = setTimeout(() => {
        if (disposed || game !== running || phase.value !== 'revealing') return
        running.reset()
        running.play('brisk')
        running.reveal(landing)
        armWatchdog(onSettled)
      }, BATCH_PAUSE_MS)
      return
    }
    phase.value = 'result'
  }

  /** The game's `aborted`: it came to rest; playable again. */
  function onAborted(): void {
    clearTimeout(watchdog)
    if (phase.value === 'aborting') {
      phase.value = 'idle'
      game = null
    }
  }

  /** The info form was sent: send it, then the same play goes on (no second tap). */
  async function submitInfo(info: InfoAnswers): Promise<void> {
    if (phase.value !== 'info' || submittingInfo.value) return
    submittingInfo.value = true
    try {
      await options.submitInfo(info)
    } catch (error) {
      if (!disposed) notify(errorMessage(error, INFO_ERROR_MESSAGE))
      return
    } finally {
      submittingInfo.value = false
    }
    if (disposed || phase.value !== 'info') return
    phase.value = 'requesting'
    await (batch.value ? drawBatch() : draw())
  }

  /** The info form was closed without sending: end this play gracefully. */
  function cancelInfo(): void {
    if (phase.value !== 'info') return
    notify(INFO_CANCELLED_MESSAGE)
    abort(INFO_CANCELLED_MESSAGE)
  }

  /** The result dialog was closed: reset the game for the next play. */
  function closeResult(): void {
    if (phase.value !== 'result') return
    game?.reset()
    game = null
    phase.value = 'idle'
  }

  // reactive(): the refs unwrap, so templates and callers read `flow.locked`, not `flow.locked.value`.
  return reactive({
    phase: readonly(phase),
    /** The last play's outcome (kept while the dialog closes). */
    outcome: readonly(outcome),
    /** A play is in flight: from the tap until the result is closed. */
    locked: computed(() => phase.value !== 'idle'),
    /** Bind to ResultDialog's `show`. */
    showResult: computed(() => phase.value === 'result' && batch.value === null),
    /** The multi-draw in flight or last shown (its count, its answer once in, the landing shown); null for a single play. */
    batch: computed(() => batch.value),
    /** Bind to the multi-draw's result list's `show`. */
    showBatchResult: computed(() => phase.value === 'result' && batch.value !== null),
    /** Bind to UserFormPopup's `show`. */
    showInfo: computed(() => phase.value === 'info'),
    submittingInfo: readonly(submittingInfo),
    tap,
    tapMany,
    onSettled,
    onAborted,
    submitInfo,
    cancelInfo,
    closeResult,
  })
}

export type PlayFlow = ReturnType<typeof usePlayFlow>
