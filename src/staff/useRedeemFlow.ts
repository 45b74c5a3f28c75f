import { ref, type Ref } from 'vue'
import type { StaffWin } from '../core/ops'
import { isKeyRefused, staffLookup, staffRedeem } from '../api/staff'

/**
 * One redemption at the counter, as a state machine: read a code (camera or
 * typed) → look it up → confirm once → done; a code redeemed before shows
 * 已核销 with when and by whom. Nothing is redeemed without the confirm tap,
 * and a second tap while the first is in flight does nothing.
 */

export type RedeemState =
  | { step: 'scan' }
  | { step: 'looking'; awardcode: string }
  | { step: 'found'; win: StaffWin; awardcode: string }
  | { step: 'redeeming'; win: StaffWin; awardcode: string }
  | { step: 'done'; win: StaffWin }
  | { step: 'already'; win: StaffWin }
  | { step: 'error'; message: string; awardcode: string }

/** What a 核销码 looks like (the participant's QR encodes it alone). */
const AWARD_CODE_RE = /^\d{6,20}$/

/** A code as read or typed: spaces and dashes people add when reading it out are dropped. */
function normalizeCode(text: string): string {
  return text.replace(/[\s-]/g, '')
}

function messageOf(error: unknown): string {
  return error instanceof Error && error.message ? error.message : '操作失败，请重试'
}

export function useRedeemFlow(key: Ref<string>, activity: Ref<string>, onKeyRefused: (message: string) => void) {
  const state = ref<RedeemState>({ step: 'scan' })

  function fail(error: unknown, awardcode: string): void {
    if (isKeyRefused(error)) {
      onKeyRefused(messageOf(error))
      state.value = { step: 'scan' }
    } else state.value = { step: 'error', message: messageOf(error), awardcode }
  }

  /** Look up a code read by the camera or typed. */
  async function submit(text: string): Promise<void> {
    if (state.value.step === 'looking' || state.value.step === 'redeeming') return
    const awardcode = normalizeCode(text)
    if (!AWARD_CODE_RE.test(awardcode)) {
      state.value = { step: 'error', message: '这不是有效的核销码（应为 6–20 位数字），请核对后重试', awardcode: '' }
      return
    }
    state.value = { step: 'looking', awardcode }
    try {
      const win = await staffLookup(key.value, activity.value, awardcode)
      state.value = win.redeemed_at === null ? { step: 'found', win, awardcode } : { step: 'already', win }
    } catch (error) {
      fail(error, awardcode)
    }
  }

  /** Redeem the win on show, once. */
  async function confirm(): Promise<void> {
    const current = state.value
    if (current.step !== 'found') return
    const { win, awardcode } = current
    state.value = { step: 'redeeming', win, awardcode }
    try {
      // The code as read, not as shown: the answer's copy may be masked.
      const reply = await staffRedeem(key.value, activity.value, awardcode)
      state.value = reply.kind === 'redeemed' ? { step: 'done', win: reply.win } : { step: 'already', win: reply.win }
    } catch (error) {
      fail(error, awardcode)
    }
  }

  /** Back to reading the next code. */
  function next(): void {
    state.value = { step: 'scan' }
  }

  return { state, submit, confirm, next }
}
