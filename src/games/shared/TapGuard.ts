/**
 * Decides whether a tap becomes a play request: never two plays from a double
 * tap or two fingers. Pure state machine, driven by pointer ids and frame numbers.
 *
 *   armed ──tap──▶ pending ──lock()──▶ locked ──reset()──▶ armed
 *                     └─ the host declined (no lock by the time the finger is up
 *                        and a later frame has begun) ──▶ armed
 */
export type TapGuardState = 'armed' | 'pending' | 'locked'

export class TapGuard {
  private current: TapGuardState = 'armed'
  /** The pointer whose tap made the pending request. */
  private pointerId = -1
  private requestFrame = 0
  private lifted = false

  get state(): TapGuardState {
    return this.current
  }

  /** A pointer went down on a packet in frame `frame`; true = emit a request. */
  tap(pointerId: number, frame: number): boolean {
    if (this.current !== 'armed') return false
    this.current = 'pending'
    this.pointerId = pointerId
    this.requestFrame = frame
    this.lifted = false
    return true
  }

  /** A pointer went up or was cancelled. */
  lift(pointerId: number): void {
    if (this.current === 'pending' && pointerId === this.pointerId) this.lifted = true
  }

  /**
   * A new frame began. A request the host did not turn into a play re-arms,
   * but only once its finger is up and not in the frame it was made in, so
   * a double tap or a second finger in that frame is still refused.
   */
  frame(frame: number): void {
    if (this.current === 'pending' && this.lifted && frame > this.requestFrame) this.current = 'armed'
  }

  /** The host started a play: refuse every tap until reset(). */
  lock(): void {
    this.current = 'locked'
  }

  /** The play is over (reset or aborted): taps count again. */
  reset(): void {
    this.current = 'armed'
    this.pointerId = -1
    this.lifted = false
  }
}
