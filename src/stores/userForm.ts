import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref } from 'vue'
import type { FieldError } from '../core/contract'
import type { UserInfo } from '../core/userInfo'
import type { ClaimValues } from '../core/campaign'
import { api, ApiError } from '../api'
import { useActivityStore } from './activity'
import { useParticipantStore } from './participant'

/**
 * The info form of award code 201 (Activity/user): sending it, and what the
 * server or the client's own check said about its fields. The client checks
 * the fields against the contract before anything is sent.
 */
export const useUserFormStore = defineStore('userForm', () => {
  const submitting = ref(false)
  /** Field errors of the last attempt ([] when it went through). */
  const errors = ref<readonly FieldError[]>([])

  /** Send the form. Rejects (with an ApiError) when a field is wrong or the call failed: the form stays open. */
  async function submit(info: UserInfo | { values: ClaimValues }): Promise<void> {
    const activity = useActivityStore()
    const participant = useParticipantStore()
    submitting.value = true
    try {
      // The activity's own form (config.claim_fields) sends its answers as `values`.
      await ('values' in info ? api.userValues(activity.code, info.values) : api.user(activity.code, info))
      errors.value = []
      participant.userFilled = true
    } catch (error) {
      errors.value = error instanceof ApiError ? error.fieldErrors : []
      throw error
    } finally {
      submitting.value = false
    }
  }

  return { submitting, errors, submit }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useUserFormStore, import.meta.hot))
