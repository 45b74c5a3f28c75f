import { linear } from './easing'
import type { Easing } from './easing'

/**
 * Where a game's animation is in its story and how long it has been there: the
 * one clock every game's tweens read, instead of a hand-rolled timer per phase.
 */
export class Phase<P> {
  private current: P
  private elapsed = 0

  constructor(initial: P) {
    this.current = initial
  }

  /** The phase we are in. */
  get is(): P {
    return this.current
  }

  /** Time spent in this phase, ms. */
  get ms(): number {
    return this.elapsed
  }

  /** Enter `next`; its clock starts at 0 (also when it is the same phase again). */
  to(next: P): void {
    this.current = next
    this.elapsed = 0
  }

  /** Let `deltaMs` pass. */
  advance(deltaMs: number): void {
    this.elapsed += deltaMs
  }

  /** How far through a tween of `durationMs` this phase is, eased (0–1; ease-backs may overshoot). */
  progress(durationMs: number, ease: Easing = linear): number {
    return ease(Math.min(1, this.elapsed / Math.max(1, durationMs)))
  }

  /** This phase has lasted `durationMs`. */
  over(durationMs: number): boolean {
    return this.elapsed >= durationMs
  }
}
