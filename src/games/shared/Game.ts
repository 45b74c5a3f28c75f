import type { Container, Renderer } from 'pixi.js'
import type { PrizeType, Template } from '../../core/activity'
import type { Outcome } from '../../core/outcome'
import type { Emitter } from './Emitter'
import type { PlayPace } from './pace'

/** What a game needs to know of the activity: its prizes, as shown to participants. */
export interface GamePrize {
  id: number
  name: string
  type: PrizeType
  /** Yuan, for red packets (fixed amount or random total); 0 otherwise. */
  money: number
  /** Image URL or '' (built-in art). */
  img: string
}

export interface GameSetup {
  template: Template
  title: string
  prizes: GamePrize[]
}

/** Why a play ended without an outcome (network error, refused, etc.). */
export interface AbortInfo {
  message: string
}

/** Events every game emits. */
export type GameEvents = {
  /**
   * The participant asked to play (tapped the wheel's button, touched the card,
   * tapped a packet). The host decides: it calls `play()` at once if a play is
   * allowed, and nothing otherwise (the game stays idle).
   */
  request: { template: Template }
  /** The animation has landed on the outcome given to `reveal()`; show the result now. */
  settled: { outcome: Outcome }
  /** After `abort()`, the game came to a neutral rest and can be played again. */
  aborted: AbortInfo
  /**
   * A segment passed the pointer / a stamp / a packet opened: hook for sound and haptics. `at`: when the screen shows
   * it, on the performance clock (ms), for a tick told ahead (the wheel's compositor play); absent: now.
   */
  tick: { kind: 'segment' | 'scratch' | 'open'; at?: number }
}

export type GameState = 'idle' | 'playing' | 'revealing' | 'settled' | 'aborting'

/**
 * The one interface between the host (GameCanvas) and a game.
 * Lifecycle: construct → prepare() → (request → play() → reveal()|abort() → settled|aborted → reset())* → destroy().
 */
export interface LotteryGame {
  /** The game's root display object; the stage adds it to its own stage. */
  readonly view: Container
  readonly events: Emitter<GameEvents>
  readonly state: GameState

  /** Build textures and display objects for this setup (drawn once, not every frame). */
  prepare(setup: GameSetup, renderer: Renderer): Promise<void>
  /**
   * Start the play's animation immediately (before the outcome is known). `brisk`: one draw of a
   * multi-draw, landed in turn — shorter, and the scratch card reveals itself without a finger.
   */
  play(pace?: PlayPace): void
  /** Land on the outcome the draw decided; emits `settled` when the animation ends. */
  reveal(outcome: Outcome): void
  /** The draw failed: come to a graceful neutral rest; emits `aborted`. */
  abort(info: AbortInfo): void
  /** Back to idle, ready for the next play (after the result dialog closes). */
  reset(): void
  /** Logical size in CSS pixels. */
  resize(width: number, height: number): void
  /**
   * Advance animations by `deltaMs` milliseconds (called by the stage's ticker).
   * The stage draws a frame only when the scene changed (Pixi's own change
   * tracking sees every display object edit); return true when the game drew
   * where that tracking cannot see, into a RenderTexture.
   */
  update(deltaMs: number): boolean
  /**
   * Read after each update(): how long, in ms, the scene stays as it is unless something from outside happens
   * (a touch, play(), reset(), prepare()); 0 while it animates, Infinity when nothing moves until then. The stage
   * asks for no frames meanwhile (the host wakes it after such calls). Omitted: the game animates every frame.
   */
  stillFor?(): number
  /** Tear down in reverse order of construction; a destroyed game is never reused. */
  destroy(): void
}
