import { acceptHMRUpdate, defineStore } from 'pinia'
import * as v from 'valibot'
import { computed, ref, shallowRef, watch } from 'vue'
import type { ActivityConfig } from '../core/activity'
import type { IndexData, ParticipantState } from '../core/contract'
import { Code } from '../core/contract'
import { wireYuanText } from '../core/money'
import { sameWindow, windowAt, type WindowState } from '../core/windows'
import type { SnapshotData } from '../core/wechat'
import { guideReasonOf, GUIDE_LIMITS, type Guide, type GuideReason } from '../core/campaign'
import { api, ApiError } from '../api'
import { errorText } from '../api/errors'

/**
 * The live activity (Activity/index): its configuration, participant count,
 * the server's clock and the latest winners. The participant's own state
 * arrives with each index answer and is picked up by the participant store.
 */

/**
 * Where loading stands. `not_found`: no such activity; `denied`: the host's ticket is missing or bad;
 * `wechat`: a `wechat` activity gave no person to play as (wechatKind says why).
 */
export type LoadPhase = 'idle' | 'loading' | 'ready' | 'not_found' | 'denied' | 'wechat' | 'error'

/** Why a `wechat` activity cannot be played yet: sign in (2040), a snapshot page (2041), no WeChat on this server (2042). */
export type WechatKind = 'signin' | 'snapshot' | 'unavailable'

const WECHAT_KINDS: Readonly<Partial<Record<number, WechatKind>>> = {
  [Code.WECHAT_SIGNIN]: 'signin',
  [Code.WECHAT_SNAPSHOT]: 'snapshot',
  [Code.WECHAT_UNAVAILABLE]: 'unavailable',
}

/** One line of the winners marquee. */
export interface Winner {
  wxname: string
  name: string
  /** '¥8.88' for a red packet or a prize with a value, else ''. */
  money: string
}

const CLOSED: WindowState = { phase: 'after' }

/**
 * The guide a refusal of Activity/index carries in `data.guide` (sign-in, not in the host's
 * group: the page has no configuration to read it from), or null. Plain text checked here.
 */
function refusalGuide(data: unknown): Guide | null {
  const g = (data as { guide?: unknown } | null)?.guide as { message?: unknown; button?: { text?: unknown; link?: unknown } } | undefined
  if (!g || typeof g.message !== 'string' || g.message.length > GUIDE_LIMITS.message) return null
  const b = g.button
  if (b && typeof b.text === 'string' && typeof b.link === 'string') return { message: g.message, button: { text: b.text, link: b.link } }
  return { message: g.message }
}

/**
 * A snapshot page's activity (2041), or null when malformed. Its check comes with core/wechat, fetched only
 * here: the page's first download goes without WeChat's side (a failed download reads as malformed).
 */
function readSnapshot(data: unknown): Promise<SnapshotData | null> {
  return import('../core/wechat').then(
    ({ SnapshotDataSchema }) => {
      const parsed = v.safeParse(SnapshotDataSchema, data)
      return parsed.success ? parsed.output : null
    },
    () => null,
  )
}

export const useActivityStore = defineStore('activity', () => {
  const code = ref('')
  const phase = ref<LoadPhase>('idle')
  /** Why loading failed (denied/error), fit to show. */
  const error = ref('')
  const config = shallowRef<ActivityConfig | null>(null)
  /** Real participants + virtual, as the server counts them. */
  const participants = ref(0)
  /** The participant's state from the latest index answer (the participant store reads it). */
  const entry = shallowRef<ParticipantState | null>(null)
  /** server_time − the local clock when it arrived, ms: countdowns follow the server's clock. */
  const clockOffsetMs = ref(0)
  /** The server's clock as of the last tick(), epoch ms. */
  const now = ref(Date.now())
  const winners = ref<Winner[]>([])
  /** Set when the token chain could not be re-entered: the page must be opened again. */
  const fatal = ref('')
  /** Set with phase `wechat`. */
  const wechatKind = ref<WechatKind | null>(null)
  /** A snapshot page's activity (2041), to look at without playing; null when absent or malformed. */
  const snapshot = shallowRef<SnapshotData | null>(null)
  /** Why entering was refused, as a guide reason (sign-in, not in the host's group), with its guide if the answer carried one. */
  const refusal = shallowRef<{ reason: GuideReason; guide: Guide | null } | null>(null)

  let auth: string | undefined
  let loading: Promise<void> | null = null

  /** The window at the server's clock: open (with its end), before the next one (with its start), or after the last. */
  const windowState = computed<WindowState>((previous) => {
    const state = config.value ? windowAt(config.value.active_time, now.value) : CLOSED
    // The same window keeps the same object: the clock's tick then re-renders only what shows a countdown.
    return previous && sameWindow(previous, state) ? previous : state
  })
  /** Plays can start: loaded, open (status 1) and inside a window. */
  const playable = computed(
    () => phase.value === 'ready' && config.value?.status === 1 && windowState.value.phase === 'open' && !fatal.value,
  )

  /** Move the clock on (the page calls this every second). */
  function tick(): void {
    now.value = Date.now() + clockOffsetMs.value
  }

  /** Take a fresh index answer (load, or the client's re-entry). */
  function applyIndex(forCode: string, data: IndexData): void {
    const { view: _view, code: _code, state, server_time, ...fresh } = data
    code.value = forCode
    // Same content keeps the same object: the game is prepared from it and must not rebuild for nothing.
    if (!config.value || JSON.stringify(config.value) !== JSON.stringify(fresh)) config.value = fresh
    participants.value = state.participants
    clockOffsetMs.value = server_time - Date.now()
    entry.value = state
    phase.value = 'ready'
    fatal.value = ''
    wechatKind.value = null
    snapshot.value = null
    refusal.value = null
    tick()
  }

  /**
   * Enter the activity (Activity/index). Already entered for this code: nothing
   * to do unless `force` (the window or status changed and the state must follow).
   * `ref`: the sharer's referral id from the page's link, sent until an entry succeeds (a refresh is no arrival).
   */
  function load(forCode: string, options: { auth?: string; force?: boolean; ref?: string } = {}): Promise<void> {
    if (options.auth !== undefined) auth = options.auth
    const sameCode = code.value === forCode
    if (sameCode && loading) return loading
    if (sameCode && phase.value === 'ready' && !options.force) return Promise.resolve()
    if (!sameCode) {
      code.value = forCode
      config.value = null
      winners.value = []
      phase.value = 'loading'
    }
    const ref = phase.value === 'ready' ? undefined : options.ref
    const run = api
      .index(forCode, auth, ref)
      .then((data) => {
        if (code.value === forCode) applyIndex(forCode, data)
      })
      .catch(async (err: unknown) => {
        if (code.value !== forCode) return
        // A refresh that fails keeps what is on screen; only a first load shows the failure.
        if (phase.value === 'ready') return
        if (err instanceof ApiError && (err.code === Code.ACTIVITY_NOT_FOUND || err.code === Code.BAD_REQUEST)) {
          phase.value = 'not_found'
        } else if (err instanceof ApiError && err.kind === 'refused' && err.code >= 2010 && err.code < 2020) {
          phase.value = 'denied'
        } else if (err instanceof ApiError && err.kind === 'refused' && WECHAT_KINDS[err.code] !== undefined) {
          const snap = err.code === Code.WECHAT_SNAPSHOT ? await readSnapshot(err.data) : null
          if (code.value !== forCode) return
          wechatKind.value = WECHAT_KINDS[err.code] ?? null
          snapshot.value = snap
          phase.value = 'wechat'
        } else {
          phase.value = 'error'
        }
        error.value = errorText(err)
        const reason = err instanceof ApiError && err.kind === 'refused' ? guideReasonOf(err.code) : null
        refusal.value = reason && err instanceof ApiError ? { reason, guide: refusalGuide(err.data) } : null
      })
      .finally(() => {
        if (loading === run) loading = null
      })
    loading = run
    return run
  }

  /** info/userlist → the marquee. Failures keep the old list: the marquee is decoration. */
  async function refreshWinners(): Promise<void> {
    const forCode = code.value
    if (!forCode || phase.value !== 'ready') return
    try {
      const list = await api.userlist(forCode)
      if (code.value !== forCode) return
      winners.value = list.map((w) => ({ wxname: w.wxname, name: w.name, money: wireYuanText(w.money) }))
    } catch {
      // Next refresh will try again.
    }
  }

  /** The client gave up re-entering: say so and stop playing. */
  function setFatal(message: string): void {
    fatal.value = message
  }

  // Crossing a window boundary changes the plays left per window (max_eplay): ask the server again.
  watch(
    () => (phase.value === 'ready' ? `${windowState.value.phase}:${'index' in windowState.value ? windowState.value.index : ''}` : ''),
    (key, before) => {
      if (key && before && key !== before) void load(code.value, { force: true })
    },
  )

  return {
    code,
    phase,
    error,
    config,
    participants,
    entry,
    clockOffsetMs,
    now,
    winners,
    fatal,
    wechatKind,
    snapshot,
    refusal,
    windowState,
    playable,
    tick,
    applyIndex,
    load,
    refreshWinners,
    setFatal,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useActivityStore, import.meta.hot))
