import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { MyPrize, ParticipantState } from '../core/contract'
import type { Outcome } from '../core/outcome'
import { api, newRequestId, type AwardReply, type CheckReply, type MultiReply } from '../api'
import { batchFromMulti, type BatchDrawResult } from '../core/multiDraw'
import type { MyPrize as MyPrizeRow } from '../core/contract'
import { errorText } from '../api/errors'
import { useActivityStore } from './activity'
import type { DrawResult } from '../core/outcome'

/**
 * The participant's play state: chances left, whether they won in the window
 * open now (the activity store has the window itself), the last result and their
 * prizes. `drawOnce` is the live page's draw for the shared play flow.
 */
export const useParticipantStore = defineStore('participant', () => {
  const activity = useActivityStore()

  /** Plays left under both limits; null = unlimited. */
  const playsLeft = ref<number | null>(null)
  const plays = ref(0)
  const wonInWindow = ref(false)
  /** The info form was filled (Activity/user). */
  const userFilled = ref(false)
  /** My wins, newest first (codes are '' once redeemed). */
  const myPrizes = ref<MyPrize[]>([])
  const lastOutcome = shallowRef<Outcome | null>(null)
  /** The last draw's failure, fit to show until the next play; '' when the last one worked. */
  const lastError = ref('')
  /** True from a draw's start until its answer (or failure). */
  const drawing = ref(false)

  /**
   * The request id of the play whose answer has not arrived. Kept across a
   * failure so the participant's next tap repeats the SAME play: the server
   * answers the stored result, and a lost answer never costs a chance.
   */
  let pendingRequestId: string | null = null
  /** The same for a multi-draw, with its count: only the same batch is sent again under its id. */
  let pendingMulti: { id: string; count: number } | null = null

  function applyState(state: ParticipantState): void {
    playsLeft.value = state.plays_left
    plays.value = state.plays
    wonInWindow.value = state.won_in_window
    userFilled.value = state.user_filled
    myPrizes.value = state.my_prizes
  }
  watch(() => activity.entry, (state) => state && applyState(state), { immediate: true, flush: 'sync' })

  function addPrize(prize: MyPrizeRow): void {
    myPrizes.value = [prize, ...myPrizes.value.filter((p) => p.awardcode !== prize.awardcode)]
  }

  function applyOutcome(reply: Extract<AwardReply, { kind: 'outcome' }>): void {
    const { outcome } = reply
    lastOutcome.value = outcome
    if (reply.playsLeft !== undefined) playsLeft.value = reply.playsLeft
    if (outcome.kind === 'win' || outcome.kind === 'no_award') plays.value++
    if (outcome.kind === 'win' || outcome.kind === 'have_award') wonInWindow.value = true
    if (outcome.kind === 'win' && reply.win) {
      addPrize({
        prize_id: reply.win.prize_id,
        name: reply.win.prize_name,
        type: reply.win.prize_type,
        money: reply.win.money,
        awardcode: reply.win.secret,
        redeemed: false,
        createtime: Math.floor(activity.now / 1000),
      })
    }
    // The server saw another window or status than the page: catch up.
    if (outcome.kind === 'not_started' || outcome.kind === 'game_over') void activity.load(activity.code, { force: true })
  }

  /**
   * A draw request (award or multi): `drawing` while in flight, its failure kept for the page and
   * rethrown. Null when the server wants the info form first: a 201 stores nothing, so the same id
   * plays once the form is in.
   */
  async function send<R extends AwardReply | MultiReply>(request: () => Promise<R>): Promise<Exclude<R, { kind: 'need_info' }> | null> {
    lastError.value = ''
    drawing.value = true
    let reply: R
    try {
      reply = await request()
    } catch (error) {
      lastError.value = errorText(error)
      throw error
    } finally {
      drawing.value = false
    }
    if (reply.kind === 'need_info') {
      userFilled.value = false
      return null
    }
    return reply as Exclude<R, { kind: 'need_info' }>
  }

  /** One live draw (Activity/award) for the play flow. Rejects with an ApiError when the network fails after retries. */
  async function drawOnce(): Promise<DrawResult> {
    const requestId = (pendingRequestId ??= newRequestId())
    const reply = await send(() => api.award(activity.code, requestId))
    if (!reply) return { needInfo: true }
    pendingRequestId = null
    applyOutcome(reply)
    return { outcome: reply.outcome }
  }

  /**
   * One live multi-draw (Activity/multi) of `count` for the play flow. The request id is kept
   * across a failure, like a single play's: tapping the same 连抽 again repeats the SAME batch.
   */
  async function drawMany(count: number): Promise<BatchDrawResult> {
    if (pendingMulti?.count !== count) pendingMulti = { id: newRequestId(), count }
    const { id } = pendingMulti
    const reply = await send(() => api.multi(activity.code, id, count))
    if (!reply) return { needInfo: true }
    pendingMulti = null
    const { data } = reply
    playsLeft.value = data.plays_left
    plays.value += data.results.length
    const now = Math.floor(activity.now / 1000)
    for (const r of data.results) {
      if (!r.win) continue
      wonInWindow.value = true
      addPrize({ prize_id: r.win.prize_id, name: r.win.prize_name, type: r.win.prize_type as MyPrizeRow['type'], money: r.win.money, awardcode: r.win.secret, redeemed: false, createtime: now })
    }
    const batch = batchFromMulti(data)
    const stop = batch.stopped?.outcome?.kind
    if (stop === 'have_award') wonInWindow.value = true
    if (stop === 'not_started' || stop === 'game_over') void activity.load(activity.code, { force: true })
    return { batch }
  }

  /** info/check answers by 核销码: the authoritative view of each prize (redeemed or not). */
  const checks = ref<Record<string, CheckReply>>({})

  /** info/check one of my prizes; a redeemed one loses its code here too. Rejects with an ApiError. */
  async function checkPrize(awardcode: string): Promise<CheckReply> {
    const data = await api.check(activity.code, awardcode)
    checks.value = { ...checks.value, [awardcode]: data }
    if (data.redeemed) {
      myPrizes.value = myPrizes.value.map((p) => (p.awardcode === awardcode ? { ...p, redeemed: true } : p))
    }
    return data
  }

  return {
    playsLeft,
    plays,
    wonInWindow,
    userFilled,
    myPrizes,
    lastOutcome,
    lastError,
    drawing,
    applyState,
    checks,
    drawOnce,
    drawMany,
    checkPrize,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useParticipantStore, import.meta.hot))
