/**
 * The staff key on this device. Kept in localStorage, so a shop's phone stays
 * signed in across days (entering a long key on every shift would be worse);
 * 退出 forgets it, and the marketer revokes a lost phone's key in the studio.
 */

const STORAGE_KEY = 'lottery-staff:key'

export function readStaffKey(): string {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? ''
  } catch {
    return ''
  }
}

export function writeStaffKey(key: string): void {
  try {
    if (key) localStorage.setItem(STORAGE_KEY, key)
    else localStorage.removeItem(STORAGE_KEY)
  } catch {
    // Storage disabled (private mode): the key then lasts as long as the page.
  }
}

/** The last activity chosen on this device, so a shop with several picks once. */
const ACTIVITY_KEY = 'lottery-staff:activity'

export function readStaffActivity(): string {
  try {
    return localStorage.getItem(ACTIVITY_KEY) ?? ''
  } catch {
    return ''
  }
}

export function writeStaffActivity(code: string): void {
  try {
    if (code) localStorage.setItem(ACTIVITY_KEY, code)
    else localStorage.removeItem(ACTIVITY_KEY)
  } catch {
    // As above.
  }
}
