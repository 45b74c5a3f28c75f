import type { UserRequest } from '../core/contract'

/** The participant's info (seed 002 `Activity/user`): name and tel required, the rest may be ''. */
export type UserInfo = Required<Omit<UserRequest, 'code'>>

/**
 * A mainland China mobile number: 11 digits starting 13–19. Same rule as
 * core/contract's TEL_RE, restated so the form does not pull valibot into the page.
 */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/

/** An empty form. */
export function emptyUserInfo(): UserInfo {
  return { name: '', tel: '', address: '', other_info: '' }
}
