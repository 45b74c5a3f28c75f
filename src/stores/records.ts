import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { ClaimValues, MyRecords, WinRecord } from '../core/campaign'
import type { FieldError } from '../core/validation'
import { api, ApiError } from '../api'
import { errorText } from '../api/errors'
import { useActivityStore } from './activity'

/**
 * 我的记录 (info/records): my plays and wins with their delivery status, and
 * the two things a winner does to a win: fill or correct its claim form
 * (info/claim, until shipped) and confirm receipt (info/received).
 */
export const useRecordsStore = defineStore('records', () => {
  const activity = useActivityStore()
  const records = shallowRef<MyRecords | null>(null)
  const loading = ref(false)
  /** Why the last load failed, fit to show; '' when it worked. */
  const error = ref('')
  /** The last claim's field errors, by the win's code ([] once it went through). */
  const claimErrors = ref<Record<string, readonly FieldError[]>>({})
  /** The win whose claim or receipt is being sent, '' for none. */
  const busy = ref('')

  async function load(): Promise<void> {
    loading.value = true
    error.value = ''
    try {
      records.value = await api.records(activity.code)
    } catch (e) {
      error.value = errorText(e)
    } finally {
      loading.value = false
    }
  }

  function replace(win: WinRecord): void {
    const current = records.value
    if (!current) return
    records.value = { ...current, wins: current.wins.map((w) => (w.awardcode === win.awardcode ? win : w)) }
  }

  /** Send a win's claim form. Resolves to the updated win; rejects (ApiError) with the field errors kept in claimErrors. */
  async function claim(awardcode: string, values: ClaimValues): Promise<WinRecord> {
    busy.value = awardcode
    try {
      const win = await api.claim(activity.code, awardcode, values)
      claimErrors.value = { ...claimErrors.value, [awardcode]: [] }
      replace(win)
      return win
    } catch (e) {
      claimErrors.value = { ...claimErrors.value, [awardcode]: e instanceof ApiError ? e.fieldErrors : [] }
      throw e
    } finally {
      busy.value = ''
    }
  }

  /** Confirm a shipped prize arrived. Rejects with an ApiError. */
  async function received(awardcode: string): Promise<WinRecord> {
    busy.value = awardcode
    try {
      const win = await api.received(activity.code, awardcode)
      replace(win)
      return win
    } finally {
      busy.value = ''
    }
  }

  return { records, loading, error, claimErrors, busy, load, claim, received }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useRecordsStore, import.meta.hot))
