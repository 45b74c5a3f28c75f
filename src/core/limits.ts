import type { ActivityConfig } from './activity'

/** A participant's play counts, as the caller keeps them. */
export interface PlayCounts {
  /** Plays in all. */
  plays: number
  /** Plays in the window open now (0 when none is open). */
  playsInWindow: number
}

/**
 * Plays left under both limits; null = unlimited. max_eplay counts only while a
 * window is open: outside one, only max_play limits what is left (the server's
 * rule, which the preview follows).
 */
export function playsLeft(
  config: Pick<ActivityConfig, 'max_play' | 'max_eplay'>,
  counts: PlayCounts,
  windowOpen: boolean,
): number | null {
  const limits: number[] = []
  if (config.max_play > 0) limits.push(config.max_play - counts.plays)
  if (config.max_eplay > 0 && windowOpen) limits.push(config.max_eplay - counts.playsInWindow)
  return limits.length === 0 ? null : Math.max(0, Math.min(...limits))
}
