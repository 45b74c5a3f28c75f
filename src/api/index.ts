import { createApiClient } from './client'
import { apiHooks } from './hooks'

/** The app's one participant API client: one queue, so one token chain, for the whole page. */
export const api = createApiClient({ hooks: apiHooks })

export { ApiError, isTransient, type ApiErrorKind } from './errors'
export { newRequestId, type ApiClient, type AwardReply, type CheckReply, type MultiReply, type UserInfoInput } from './client'
