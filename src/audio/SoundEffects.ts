import { CUES, RECIPES, renderCue } from './cues'
import type { Cue } from './cues'
import type { CueRendered, CueRequest } from './cueWorker'

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

/** Something that renders cues off the main thread: the cue worker, or a stand-in in tests. */
export type CueRenderer = Pick<Worker, 'postMessage' | 'terminate'> & {
  onmessage: ((event: MessageEvent<CueRendered>) => void) | null
  onerror: ((event: ErrorEvent) => void) | null
}

/** The cue worker, or null where workers cannot start (none in this engine, a refused script): render on the main thread then. */
export function startCueWorker(): CueRenderer | null {
  try {
    return typeof Worker === 'function' ? new Worker(new URL('./cueWorker.ts', import.meta.url)) : null
  } catch {
    return null
  }
}

/**
 * The sound effects, on one AudioContext that the caller owns (created and resumed in
 * a user gesture). The cues the page's game uses are rendered into AudioBuffers ahead, by
 * a worker (where there is none: in idle moments, one per moment) once the synthesiser
 * loads; any other on first need. A play then costs one source node started on the audio
 * clock. The tick, which a spinning wheel plays many times a second, is one oscillator and
 * gain built once and kept: a tick only schedules its envelope and glide on them (a few
 * AudioParam events, ~20× cheaper on the main thread than a new source). A cue may be scheduled ahead (`at`): the wheel tells a stretch's
 * ticks at once, and the audio thread plays them on time.
 */
export class SoundEffects {
  private readonly buffers = new Map<Cue, AudioBuffer>()
  private readonly lastStart: Record<Cue, number> = { segment: -1, scratch: -1, open: -1, win: -1, lose: -1 }
  private readonly out: GainNode
  private tickVoice: { osc: OscillatorNode; gain: GainNode; started: boolean } | null = null
  /** Sources started for a later moment and not yet ended: silence() stops them. */
  private readonly later = new Set<AudioBufferSourceNode>()
  /** The cues asked for ahead and not rendered yet. */
  private readonly queue: Cue[] = []
  /** Rendering in idle moments (no worker): one is asked for. */
  private idleAsked = false
  private worker: CueRenderer | null
  private destroyed = false

  /**
   * `ahead`: the cues to render now (the page's game's); any other renders on first need. `startWorker`: where they
   * render (null: on the main thread, in idle moments).
   */
  constructor(
    private readonly ctx: BaseAudioContext,
    private readonly random: () => number = Math.random,
    ahead: readonly Cue[] = CUES,
    startWorker: () => CueRenderer | null = startCueWorker,
  ) {
    this.worker = startWorker()
    if (this.worker) {
      this.worker.onmessage = ({ data }) => this.rendered(data.cue, data.samples)
      // A worker that fails (its script refused or broken): what it still owed renders on the main thread.
      this.worker.onerror = () => {
        this.worker?.terminate()
        this.worker = null
        this.renderIdle()
      }
    }
    this.out = ctx.createGain()
    this.out.gain.value = LEVEL
    this.out.connect(ctx.destination)
    // The tick's voice now, not at the first tick: that frame's longest work (a spin starts with the tap that loads this).
    this.voice()
    this.renderAhead(ahead)
  }

  /**
   * Start a cue now, or at `at` (performance clock, ms) when that is later, on the audio clock; skipped while the
   * context is not running or the same cue started less than its least gap before. Ticks told ahead must come in
   * time order (a tick replaces the rest of the one before).
   */
  play(cue: Cue, at?: number): void {
    const ctx = this.ctx
    if (ctx.state !== 'running') return
    const now = ctx.currentTime
    const when = at === undefined ? now : now + Math.max(0, (at - performance.now()) / 1000)
    if (this.lastStart[cue] >= 0 && when - this.lastStart[cue] < MIN_GAP_S[cue]) return
    this.lastStart[cue] = when
    if (cue === 'segment') return this.tick(when)
    const source = ctx.createBufferSource()
    source.buffer = this.buffer(cue)
    // Scratches vary a little in pitch, so a long stroke does not sound like a loop.
    if (cue === 'scratch') source.playbackRate.value = 0.85 + this.random() * 0.3
    source.connect(this.out)
    if (when > now) {
      this.later.add(source)
      source.onended = () => this.later.delete(source)
    }
    source.start(when)
  }

  /** Drop every cue scheduled for later (the play they belonged to is gone, the page hidden or muted). */
  silence(): void {
    const now = this.ctx.currentTime
    for (const source of this.later) source.stop()
    this.later.clear()
    const voice = this.tickVoice
    if (voice) {
      voice.gain.gain.cancelScheduledValues(now)
      voice.gain.gain.setValueAtTime(0, now)
    }
    if (this.lastStart.segment > now) this.lastStart.segment = -1
  }

  /** Render these cues ahead too (a page that switches game: the studio's preview). */
  renderAhead(cues: readonly Cue[]): void {
    for (const cue of cues) {
      if (cue === 'segment' || this.buffers.has(cue) || this.queue.includes(cue)) continue
      this.queue.push(cue)
      const request: CueRequest = { cue, rate: CUE_RATE }
      this.worker?.postMessage(request)
    }
    if (!this.worker) this.renderIdle()
  }

  private rendered(cue: Cue, samples: Float32Array): void {
    const i = this.queue.indexOf(cue)
    if (i >= 0) this.queue.splice(i, 1)
    // Rendered meanwhile on first need: keep that one.
    if (!this.destroyed && !this.buffers.has(cue)) this.buffers.set(cue, this.toBuffer(samples))
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

  /** Without a worker: the next queued cue in the next idle moment (a task 50 ms on where there is no requestIdleCallback), then the next. */
  private renderIdle(): void {
    if (this.idleAsked || this.destroyed || this.worker || this.queue.length === 0) return
    this.idleAsked = true
    const run = (): void => {
      this.idleAsked = false
      if (this.destroyed || this.worker) return
      const cue = this.queue.shift()
      if (cue && !this.buffers.has(cue)) this.buffers.set(cue, this.toBuffer(renderCue(cue, CUE_RATE, this.random)))
      this.renderIdle()
    }
    if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 1000 })
    else setTimeout(run, 50)
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
      buffer = this.toBuffer(renderCue(cue, CUE_RATE, this.random))
      this.buffers.set(cue, buffer)
    }
    return buffer
  }

  private toBuffer(samples: Float32Array): AudioBuffer {
    const buffer = this.ctx.createBuffer(1, samples.length, CUE_RATE)
    // getChannelData().set, not copyToChannel: iOS Safari before 14.1 lacks the latter.
    buffer.getChannelData(0).set(samples)
    return buffer
  }

  /** Disconnect from the output (the context itself belongs to the caller). */
  destroy(): void {
    this.destroyed = true
    this.silence()
    this.worker?.terminate()
    this.worker = null
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
