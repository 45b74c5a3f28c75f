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

/** Longest run of combining marks / joiners after one character (an emoji family needs 1; 8+ is abuse). */
const MAX_EXTENDERS = 7

/** Marks and joiners that stack onto the character before them (the common blocks; enough to stop stacking abuse). */
function isExtender(cp: number): boolean {
  return (
    (cp >= 0x0300 && cp <= 0x036f) ||
    (cp >= 0x1ab0 && cp <= 0x1aff) ||
    (cp >= 0x1dc0 && cp <= 0x1dff) ||
    (cp >= 0x20d0 && cp <= 0x20ff) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xfe20 && cp <= 0xfe2f) ||
    cp === 0x200d
  )
}

/** Invisible controls and direction overrides: they reorder or hide what staff and winners lists show. */
function isControlOrFormat(cp: number): boolean {
  return (
    cp < 0x20 ||
    (cp >= 0x7f && cp <= 0x9f) ||
    cp === 0x00ad ||
    cp === 0x061c ||
    (cp >= 0x200b && cp <= 0x200f && cp !== 0x200d) ||
    (cp >= 0x2028 && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x2069) ||
    cp === 0xfeff
  )
}

/**
 * Why a participant's text cannot be stored, or null when it can: control and
 * direction-override characters, lone surrogates (invalid UTF-8 in the
 * database), or marks stacked past MAX_EXTENDERS (one "character" of 40 KB).
 * Written without \p{…} classes so engines older than ES2018 can run it.
 */
export function textProblem(text: string): string | null {
  let run = 0
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    let cp = unit
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1)
      if (!(next >= 0xdc00 && next <= 0xdfff)) return '含有无效字符'
      cp = (unit - 0xd800) * 0x400 + (next - 0xdc00) + 0x10000
      i++
    } else if (unit >= 0xdc00 && unit <= 0xdfff) return '含有无效字符'
    if (isControlOrFormat(cp)) return '含有不可见的控制字符'
    run = isExtender(cp) ? run + 1 : 0
    if (run > MAX_EXTENDERS) return '含有过多叠加符号'
  }
  return null
}
