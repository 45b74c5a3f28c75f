/**
 * The participant's info form (seed 002 `Activity/user`): its fields, their
 * limits and the phone pattern, read by the contract's schema (server and
 * client checks) and by the form's inputs alike. No valibot here, so the page's
 * form does not pull it in.
 */

/** Name and tel required, the rest may be ''. */
export interface UserInfo {
  name: string
  tel: string
  address: string
  other_info: string
}

/** Lengths in characters. */
export const USER_INFO_LIMITS = {
  nameMax: 20,
  /** A mainland mobile number's digits. */
  telLength: 11,
  addressMax: 100,
  otherInfoMax: 200,
} as const

/** A mainland China mobile number: 11 digits starting 13–19. */
export const TEL_RE = /^1[3-9]\d{9}$/

/** An empty form. */
export function emptyUserInfo(): UserInfo {
  return { name: '', tel: '', address: '', other_info: '' }
}
