import { renderCue } from './cues'
import type { Cue } from './cues'

/**
 * Least time between two starts of the same cue, seconds: a fast wheel passes
 * segments faster than clicks can be told apart, and stacked copies only get louder.
 */
export const MIN_GAP_S: Record<Cue, number> = { segment: 0.035, scratch: 0.08, open: 0.1, win: 0.3, lose: 0.3 }

/** Output level of every cue, 0–1. */
const LEVEL = 0.8
/**
 * The cues' sample rate, Hz: they hold nothing above 5 kHz, and half of 44.1 kHz halves
 * the rendering (the context resamples). 22.05 kHz is the lowest old Safari accepts.
 */
export const CUE_RATE = 22050

/**
 * The sound effects, on one AudioContext that the caller owns (created and resumed in
 * a user gesture). Every cue is rendered into an AudioBuffer once; a play then costs
 * one source node started on the audio clock, off the main thread's frame work.
 */
export class SoundEffects {
  private readonly buffers = new Map<Cue, AudioBuffer>()
  private readonly lastStart: Record<Cue, number> = { segment: -1, scratch: -1, open: -1, win: -1, lose: -1 }
  private readonly out: GainNode

  constructor(
    private readonly ctx: BaseAudioContext,
    private readonly random: () => number = Math.random,
  ) {
    this.out = ctx.createGain()
    this.out.gain.value = LEVEL
    this.out.connect(ctx.destination)
  }

  /** Start a cue now (on the audio clock); skipped while the context is not running or the same cue just started. */
  play(cue: Cue): void {
    const ctx = this.ctx
    if (ctx.state !== 'running') return
    const now = ctx.currentTime
    if (this.lastStart[cue] >= 0 && now - this.lastStart[cue] < MIN_GAP_S[cue]) return
    this.lastStart[cue] = now
    const source = ctx.createBufferSource()
    source.buffer = this.buffer(cue)
    // Scratches vary a little in pitch, so a long stroke does not sound like a loop.
    if (cue === 'scratch') source.playbackRate.value = 0.85 + this.random() * 0.3
    source.connect(this.out)
    source.start(now)
  }

  /** The cue's samples, rendered once, on first need: no long task at the first tap. */
  private buffer(cue: Cue): AudioBuffer {
    let buffer = this.buffers.get(cue)
    if (!buffer) {
      const samples = renderCue(cue, CUE_RATE, this.random)
      buffer = this.ctx.createBuffer(1, samples.length, CUE_RATE)
      // getChannelData().set, not copyToChannel: iOS Safari before 14.1 lacks the latter.
      buffer.getChannelData(0).set(samples)
      this.buffers.set(cue, buffer)
    }
    return buffer
  }

  /** Disconnect from the output (the context itself belongs to the caller). */
  destroy(): void {
    this.out.disconnect()
    this.buffers.clear()
  }
}
