/**
 * The game's sound effects, synthesised here (no recorded assets): each cue is
 * rendered once into plain samples, so playing one later costs a single
 * AudioBufferSourceNode. Pure math, no Web Audio: unit-tested on its own.
 */

/** Every sound the games make. */
export type Cue = 'segment' | 'scratch' | 'open' | 'win' | 'lose'

export const CUES: readonly Cue[] = ['segment', 'scratch', 'open', 'win', 'lose']

/** One sine (or noise) voice: starts at `at` s, lasts `dur` s, glides from `freq` to `to` Hz. */
interface Voice {
  at: number
  dur: number
  freq: number
  to?: number
  gain: number
  /** Attack, seconds (then an exponential decay to silence over the rest). */
  attack?: number
  /** Filtered noise instead of a tone (`freq` is then the one-pole low-pass corner, Hz). */
  noise?: boolean
  /** Add the octave above at this share (a brighter, bell-like tone). */
  octave?: number
}

/** Notes, Hz. */
const C5 = 523.25
const E5 = 659.25
const G5 = 783.99
const C6 = 1046.5
const A4 = 440
const F4 = 349.23

/** The recipes: short, quiet and pitched so that a tick under a spinning wheel never tires. */
export const RECIPES: Record<Cue, readonly Voice[]> = {
  // A wooden click: a very short high blip. One tone, so SoundEffects plays it on a kept oscillator from this recipe.
  segment: [{ at: 0, dur: 0.035, freq: 1800, to: 1200, gain: 0.28, attack: 0.001 }],
  // A dry rasp: low-passed noise.
  scratch: [{ at: 0, dur: 0.09, freq: 2600, gain: 0.22, attack: 0.01, noise: true }],
  // The seal pops (noise) and the flap swishes up (a rising chirp).
  open: [
    { at: 0, dur: 0.05, freq: 3500, gain: 0.35, attack: 0.002, noise: true },
    { at: 0.02, dur: 0.22, freq: 420, to: 980, gain: 0.22, attack: 0.01 },
  ],
  // A bright rising arpeggio that rings.
  win: [
    { at: 0, dur: 0.18, freq: C5, gain: 0.26, octave: 0.3 },
    { at: 0.1, dur: 0.18, freq: E5, gain: 0.26, octave: 0.3 },
    { at: 0.2, dur: 0.2, freq: G5, gain: 0.26, octave: 0.3 },
    { at: 0.3, dur: 0.55, freq: C6, gain: 0.3, octave: 0.3 },
  ],
  // Two soft falling notes: gentle, not a buzzer.
  lose: [
    { at: 0, dur: 0.22, freq: A4, gain: 0.22 },
    { at: 0.18, dur: 0.4, freq: F4, to: 330, gain: 0.2 },
  ],
}

/** Length of a cue, seconds. */
export function cueSeconds(cue: Cue): number {
  return Math.max(...RECIPES[cue].map((v) => v.at + v.dur))
}

/**
 * Render a cue into mono samples at `sampleRate` Hz, in [-1, 1]. `random` feeds the
 * noise (seed it in tests). Done once per cue when sound unlocks, never per play.
 */
export function renderCue(cue: Cue, sampleRate: number, random: () => number = Math.random): Float32Array {
  const out = new Float32Array(Math.ceil(cueSeconds(cue) * sampleRate))
  for (const v of RECIPES[cue]) addVoice(out, v, sampleRate, random)
  // A soft limiter keeps overlapping voices from clipping.
  for (let i = 0; i < out.length; i++) out[i] = Math.tanh(out[i]!)
  return out
}

function addVoice(out: Float32Array, v: Voice, rate: number, random: () => number): void {
  const start = Math.floor(v.at * rate)
  const n = Math.min(out.length - start, Math.floor(v.dur * rate))
  const attack = Math.max(1, Math.floor((v.attack ?? 0.005) * rate))
  // Decays to about -60 dB at the voice's end; a running product, not exp() per sample.
  const fall = Math.exp(-Math.log(1000) / Math.max(1, n - attack))
  const to = v.to ?? v.freq
  // One-pole low-pass for noise: a = 1 - e^(-2π fc / rate).
  const lp = 1 - Math.exp((-2 * Math.PI * v.freq) / rate)
  const step = (2 * Math.PI) / rate
  const octave = v.octave ?? 0
  let phase = 0
  let low = 0
  let env = 1
  for (let i = 0; i < n; i++) {
    let level: number
    if (i < attack) level = i / attack
    else level = env *= fall
    let s: number
    if (v.noise) {
      low += lp * (random() * 2 - 1 - low)
      s = low
    } else {
      phase += step * (v.freq + ((to - v.freq) * i) / n)
      s = octave === 0 ? Math.sin(phase) : Math.sin(phase) + octave * Math.sin(2 * phase)
    }
    out[start + i] = out[start + i]! + s * level * v.gain
  }
}
