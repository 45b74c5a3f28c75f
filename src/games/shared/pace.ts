/**
 * How briskly one play is animated. `brisk`: one draw of a multi-draw (连抽),
 * landed in turn — the game's own animation, shortened, so N of them still read
 * as N draws without keeping the participant waiting.
 */
export type PlayPace = 'normal' | 'brisk'

/**
 * A game's tunables for brisk plays: each of `brisk`'s numbers replaces the
 * game's own only when it is smaller, so a game already brief (reduced motion)
 * stays as brief; other tunables are the game's own.
 */
export function briskTunables<T extends object>(own: T, brisk: Partial<T>): T {
  const out = { ...own }
  for (const key of Object.keys(brisk) as (keyof T)[]) {
    const value = brisk[key]
    const current = own[key]
    if (typeof value === 'number' && typeof current === 'number') out[key] = Math.min(value, current) as T[keyof T]
  }
  return out
}
