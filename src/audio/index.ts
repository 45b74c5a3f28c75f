/**
 * Sound and haptics for the games, as open-games does it: one effects singleton,
 * started by the participant's first pointer event, paused while the page is hidden.
 *
 * This front is tiny and always loaded; the synthesiser (./SoundEffects, ./cues) is a
 * lazy chunk imported on the first tap, so a page nobody touches pays nothing for sound.
 * Browsers only let an AudioContext run after a user gesture (autoplay policy; iOS
 * needs resume() inside the gesture's handler itself), so the context is created and
 * resumed synchronously in the first pointerdown/touchend/click (or in the click that turns
 * sound back on: a muted participant opens none). Inside WeChat, the
 * `WeixinJSBridgeReady` event counts as that permission (WeChat's documented way to
 * start media without a tap on iOS): the context is unlocked then, still silent until
 * a game makes a sound after a tap. No Vue here: the page wires it (GameCanvas, SoundToggle).
 */
import type { Cue } from './cues'
import type { SoundEffects } from './SoundEffects'
import { playMusic, setMusicSource } from './music'

export type { Cue } from './cues'

/** localStorage key of the participant's choice, per device. */
export const MUTE_KEY = 'lottery:sound-muted'
/** Buzz on a win, ms on / off / on (Vibration API; Android — iOS has none). */
export const WIN_VIBRATION = [60, 40, 120]

type AudioWindow = Window & { AudioContext?: typeof AudioContext; webkitAudioContext?: typeof AudioContext; WeixinJSBridge?: unknown }

let ctx: AudioContext | null = null
let effects: SoundEffects | null = null
let loading: Promise<void> | null = null
/** The cues the page's game uses: rendered ahead once the synthesiser loads. */
let wanted: readonly Cue[] = []
/** Cues told ahead (`at`) while the synthesiser was still loading: played on time once it is there, if still ahead. */
let early: { cue: Cue; at: number }[] = []
/** A bound on `early`: a wheel's longest stretch told ahead holds a few dozen ticks. */
const EARLY_MAX = 200
let muted = readMuted()
/** The participant has tapped the page: music may start (autoplay rules). */
let tapped = false
/** The window armSound listens on: unmuting unlocks audio there. */
let armed: AudioWindow | null = null
const TAP_EVENTS = ['pointerup', 'touchend', 'keydown'] as const
/**
 * The events audio is unlocked in: a finger's or a mouse's press, a touch's end (the gesture iOS counts), and a
 * click, which is all a keyboard's Enter or Space on the play button makes (no pointer event at all).
 */
const GESTURE_EVENTS = ['pointerdown', 'touchend', 'click'] as const

function readMuted(): boolean {
  try {
    return globalThis.localStorage?.getItem(MUTE_KEY) === '1'
  } catch {
    return false // storage blocked (private mode): sound on, not remembered
  }
}

/** Whether the participant turned sound off (remembered on this device). */
export function isSoundMuted(): boolean {
  return muted
}

/** Turn sound off or on, and remember it. Call it from a click: unmuting resumes audio inside that gesture. */
export function setSoundMuted(value: boolean): void {
  muted = value
  try {
    globalThis.localStorage?.setItem(MUTE_KEY, value ? '1' : '0')
  } catch {
    // not remembered; the choice still holds for this page
  }
  syncMusic()
  // Unmuted before any context exists (a muted participant makes none): this click is the gesture that unlocks.
  if (!value && !ctx && armed) {
    unlock(armed)
    load()
  }
  if (!ctx) return
  if (value) {
    silenceCues()
    void ctx.suspend().catch(() => undefined)
  } else if (!document.hidden) void ctx.resume().catch(() => undefined)
}

/** The cues the page's game makes: the synthesiser renders them in idle moments once loaded (others on first need). */
export function prepareCues(cues: readonly Cue[]): void {
  wanted = cues
  effects?.renderAhead(cues)
}

/**
 * Drop every cue told ahead and not yet heard: the play they belong to is gone (reset, another game), or sound
 * paused (muted, page hidden: a suspended context's clock stops, so they would sound late when it resumes).
 */
export function silenceCues(): void {
  early = []
  effects?.silence()
}

/**
 * The activity's background music ('' = none): looped from the participant's first tap, silent while sound
 * is off or the page hidden. Call it again with '' when the page goes.
 */
export function setMusic(url: string): void {
  setMusicSource(url)
  syncMusic()
}

function syncMusic(): void {
  playMusic(tapped && !muted && typeof document !== 'undefined' && !document.hidden)
}

/**
 * Play a game's cue, now or at `at` (performance clock, ms), if sound is unlocked and on. Costs nothing before
 * the first tap.
 */
export function playCue(cue: Cue, at?: number): void {
  if (muted) return
  if (effects) effects.play(cue, at)
  else if (loading && at !== undefined && early.length < EARLY_MAX) early.push({ cue, at })
}

/** The play landed: a win's fanfare and a buzz, or the soft no-win notes. */
export function playOutcome(win: boolean): void {
  playCue(win ? 'win' : 'lose')
  // A buzz is not a sound: it follows the phone's own silent switch, not our mute button.
  if (win && typeof navigator !== 'undefined' && typeof navigator.vibrate === 'function') navigator.vibrate(WIN_VIBRATION)
}

/**
 * Listen for the gestures and events that may unlock audio, and pause it while the
 * page is hidden. Returns the function that removes every listener it added (the
 * context and the effects stay: they are this module's singletons).
 */
export function armSound(target: AudioWindow = window): () => void {
  const doc = target.document
  armed = target
  const onGesture = (): void => {
    unlock(target)
    load()
    if (ctx?.state === 'running') removeGestures()
  }
  // Every tap, for the music: one that came after a refused start (or a new source) starts it inside the gesture.
  const onTap = (): void => {
    tapped = true
    syncMusic()
  }
  const onBridge = (): void => unlock(target)
  const onVisibility = (): void => {
    syncMusic()
    if (!ctx) return
    if (doc.hidden || muted) {
      silenceCues()
      void ctx.suspend().catch(() => undefined)
    } else void ctx.resume().catch(() => undefined)
  }
  const gestureOptions = { capture: true, passive: true }
  const removeGestures = (): void => {
    for (const type of GESTURE_EVENTS) target.removeEventListener(type, onGesture, gestureOptions)
  }
  for (const type of GESTURE_EVENTS) target.addEventListener(type, onGesture, gestureOptions)
  // The events that grant user activation (a touch's pointerdown does not).
  for (const type of TAP_EVENTS) target.addEventListener(type, onTap, gestureOptions)
  doc.addEventListener('visibilitychange', onVisibility)
  doc.addEventListener('WeixinJSBridgeReady', onBridge)
  // The bridge may have been ready before this page armed sound.
  if (target.WeixinJSBridge) onBridge()
  return () => {
    if (armed === target) armed = null
    removeGestures()
    for (const type of TAP_EVENTS) target.removeEventListener(type, onTap, gestureOptions)
    doc.removeEventListener('visibilitychange', onVisibility)
    doc.removeEventListener('WeixinJSBridgeReady', onBridge)
  }
}

/**
 * Create the context (once) and resume it; must run inside a gesture's handler (or WeChat's bridge event). Not
 * while muted: a muted participant's phone opens no audio output at all (no CPU at the tap, no claim on the
 * phone's audio session); unmuting, itself a tap, unlocks it then.
 */
function unlock(target: AudioWindow): void {
  const Context = target.AudioContext ?? target.webkitAudioContext
  if (!Context) return
  if (muted) return void ctx?.suspend().catch(() => undefined)
  if (!ctx) {
    try {
      ctx = new Context()
    } catch {
      return // too many contexts or no audio device: stay silent
    }
  }
  const context = ctx
  if (target.document.hidden || context.state === 'running') return
  void context.resume().catch(() => undefined)
  // Older iOS starts output only once something plays inside the gesture: one silent sample.
  const source = context.createBufferSource()
  source.buffer = context.createBuffer(1, 1, 22050)
  source.connect(context.destination)
  source.start(0)
}

/** Fetch and build the synthesiser once, on the first tap. */
function load(): void {
  if (loading || !ctx) return
  const context = ctx
  loading = import('./SoundEffects')
    .then(({ SoundEffects }) => {
      effects = new SoundEffects(context, Math.random, wanted)
      const now = performance.now()
      for (const { cue, at } of early) if (at > now) effects.play(cue, at)
      early = []
    })
    .catch(() => {
      loading = null // a failed chunk download: try again on the next tap
    })
}

/** Forget every singleton (tests only). */
export function resetSoundForTests(): void {
  void ctx?.close?.().catch(() => undefined)
  effects?.destroy()
  ctx = effects = loading = null
  wanted = []
  early = []
  muted = readMuted()
  tapped = false
  armed = null
  setMusicSource('')
}
