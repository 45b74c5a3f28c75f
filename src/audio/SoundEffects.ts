import { CUES, RECIPES, renderCue } from './cues'
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

/** The wheel's tick: one voice, played often (up to every other frame), so it gets a graph of its own. */
const TICK = RECIPES.segment[0]!

/**
 * The sound effects, on one AudioContext that the caller owns (created and resumed in
 * a user gesture). Every cue but the tick is rendered into an AudioBuffer ahead, in idle
 * time after the synthesiser loads; a play then costs one source node started on the
 * audio clock. The tick, which a spinning wheel plays many times a second, is one
 * oscillator and gain built once and kept: a tick only schedules its envelope and glide
 * on them (a few AudioParam events, ~20× cheaper on the main thread than a new source).
 */
export class SoundEffects {
  private readonly buffers = new Map<Cue, AudioBuffer>()
  private readonly lastStart: Record<Cue, number> = { segment: -1, scratch: -1, open: -1, win: -1, lose: -1 }
  private readonly out: GainNode
  private tickVoice: { osc: OscillatorNode; gain: GainNode; started: boolean } | null = null
  private destroyed = false

  constructor(
    private readonly ctx: BaseAudioContext,
    private readonly random: () => number = Math.random,
  ) {
    this.out = ctx.createGain()
    this.out.gain.value = LEVEL
    this.out.connect(ctx.destination)
    // The tick's voice now, not at the first tick: that frame's longest work (a spin starts with the tap that loads this).
    this.voice()
    this.renderAhead(CUES.filter((cue) => cue !== 'segment'))
  }

  /** Start a cue now (on the audio clock); skipped while the context is not running or the same cue just started. */
  play(cue: Cue): void {
    const ctx = this.ctx
    if (ctx.state !== 'running') return
    const now = ctx.currentTime
    if (this.lastStart[cue] >= 0 && now - this.lastStart[cue] < MIN_GAP_S[cue]) return
    this.lastStart[cue] = now
    if (cue === 'segment') return this.tick(now)
    const source = ctx.createBufferSource()
    source.buffer = this.buffer(cue)
    // Scratches vary a little in pitch, so a long stroke does not sound like a loop.
    if (cue === 'scratch') source.playbackRate.value = 0.85 + this.random() * 0.3
    source.connect(this.out)
    source.start(now)
  }

  /** The tick's envelope (attack, then a fall to -60 dB) and pitch glide, as its recipe says, from `at`. */
  private tick(at: number): void {
    const voice = this.voice()
    // Started at the first tick, not when built: a game without a wheel never runs it.
    if (!voice.started) {
      voice.osc.start()
      voice.started = true
    }
    const level = voice.gain.gain
    const pitch = voice.osc.frequency
    const end = at + TICK.dur
    // A new tick replaces what is left of the last one (by then below -50 dB: ticks are at least MIN_GAP_S apart).
    level.cancelScheduledValues(at)
    level.setValueAtTime(0, at)
    level.linearRampToValueAtTime(TICK.gain, at + (TICK.attack ?? 0.005))
    level.exponentialRampToValueAtTime(TICK.gain / 1000, end)
    level.setValueAtTime(0, end)
    pitch.cancelScheduledValues(at)
    pitch.setValueAtTime(TICK.freq, at)
    pitch.linearRampToValueAtTime(TICK.to ?? TICK.freq, end)
  }

  /** Render `cues` one per idle moment (one per task where there is no requestIdleCallback), never inside a frame's work. */
  private renderAhead(cues: Cue[]): void {
    const next = cues.shift()
    if (!next || this.destroyed) return
    const later = (run: () => void): void => {
      if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 1000 })
      else setTimeout(run, 50)
    }
    later(() => {
      if (this.destroyed) return
      this.buffer(next)
      this.renderAhead(cues)
    })
  }

  /** The tick's oscillator and gain, built once, silent until a tick. */
  private voice(): { osc: OscillatorNode; gain: GainNode; started: boolean } {
    if (!this.tickVoice) {
      const osc = this.ctx.createOscillator()
      const gain = this.ctx.createGain()
      gain.gain.value = 0
      osc.connect(gain)
      gain.connect(this.out)
      this.tickVoice = { osc, gain, started: false }
    }
    return this.tickVoice
  }

  /** The cue's samples, rendered once (ahead, or on first need if that comes first): no long task at the first tap. */
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
    this.destroyed = true
    if (this.tickVoice) {
      if (this.tickVoice.started) this.tickVoice.osc.stop()
      this.tickVoice.osc.disconnect()
      this.tickVoice.gain.disconnect()
      this.tickVoice = null
    }
    this.out.disconnect()
    this.buffers.clear()
  }
}
