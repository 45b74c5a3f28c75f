import { Container, Rectangle, Sprite, Texture } from 'pixi.js'
import type { Renderer } from 'pixi.js'
import type { Outcome } from '../../core/outcome'
import { bakePieces, bakeTexture, copyToCanvas } from '../shared/bake'
import type { CanvasArt } from '../shared/bake'
import { easeInOutSine } from '../shared/easing'
import { Emitter } from '../shared/Emitter'
import { Phase } from '../shared/Phase'
import { briskTunables, type PlayPace } from '../shared/pace'
import { TapGuard } from '../shared/TapGuard'
import { yieldToMain } from '../startup'
import type { AbortInfo, GameEvents, GameSetup, GameState, LotteryGame } from '../shared/Game'
import { loadImageTexture } from '../shared/images'
import {
  BUTTON_RADIUS,
  WHEEL_RADIUS,
  drawBulbs,
  drawButton,
  drawFace,
  drawHighlight,
  drawPointer,
  drawRim,
  drawShadow,
  drawSockets,
} from './art'
import { WHEEL_BRISK, WHEEL_DEFAULTS } from './defaults'
import type { WheelDefaults } from './defaults'
import { landingAngle, landingSpeed, planLanding, planNeutralStop, segmentUnderPointer, targetSegment } from './landing'
import type { LandingPlan } from './landing'
import { WheelLayers } from './layers'
import type { LayerState } from './layers'
import { wheelBakeDensity, wheelScale } from './scale'
import { buildSegments } from './segments'
import type { Segment } from './segments'

type Step =
  | { name: 'idle' }
  | { name: 'spin' }
  | { name: 'land'; plan: LandingPlan; outcome: Outcome }
  | { name: 'stop'; plan: LandingPlan; info: AbortInfo }
  | { name: 'celebrate'; outcome: Outcome }
  | { name: 'settled'; outcome: Outcome }

/**
 * Everything built by prepare(); rebuilt when the prizes change. The static art (shadow, rim, sockets) is Pixi's
 * scene, drawn once; what moves is in `layers`, elements the browser's compositor turns and fades (see WheelLayers).
 */
interface Parts {
  textures: Texture[]
  root: Container
  layers: WheelLayers
}

/** The tick event's payload in the frames' play: one object for every tick, not one per frame. */
const SEGMENT_TICK: GameEvents['tick'] = Object.freeze({ kind: 'segment' })
/** The button's tint while a play runs. */
const BUSY_TINT = 0xd8c8c0
/** What the static art covers, design px: the rim (±WHEEL_RADIUS) and its shadow below it (see drawShadow). */
const SHADOW_FRAME = new Rectangle(-WHEEL_RADIUS - 8, -WHEEL_RADIUS, 2 * WHEEL_RADIUS + 16, 2 * WHEEL_RADIUS + 18)
/** Bulbs not lit, while they chase. */
const BULB_DIM = 0.25
/** The compositor's stretches of a play: sampled at this step, ms (60 Hz, the pace of the frames it replaces). */
const STEP_MS = 1000 / 60
/** While no outcome is known, the motion is handed over this far ahead, ms, and extended this long before it runs out. */
const AHEAD_MS = 500
const EXTEND_LEAD_MS = 250
/** A play's motion never runs longer than this, ms: a bound on the simulation (a landing lasts seconds). */
const MAX_PLAY_MS = 60_000

/**
 * How a play's motion reaches the screen. `compositor`: the play's whole motion is worked out ahead (the same
 * state machine, stepped at 60 Hz) and handed to the browser as keyframe animations, which its compositor plays on
 * its own thread; the page then does nothing per frame, and a busy main thread cannot stutter the turn. `frames`:
 * the state machine is stepped and shown every animation frame, for engines without Web Animations (iOS before
 * 13.1).
 */
export type WheelMotion = 'compositor' | 'frames'

/** Web Animations with a settable start time (Chrome 39+, iOS 13.1+). */
export function compositorMotion(): WheelMotion {
  return typeof Element !== 'undefined' && typeof Element.prototype.animate === 'function' && typeof Animation === 'function' && 'startTime' in Animation.prototype ? 'compositor' : 'frames'
}

/**
 * A play whose motion the compositor plays: the state machine runs ahead of the screen, and what it emits (the
 * segment ticks, the outcome) is held back to the moment the screen shows it.
 */
interface Ahead {
  /** The performance clock at the play's start (the state machine's time 0 of this play), ms. */
  origin: number
  /** How far the state machine has been run, ms after `origin`. */
  ranMs: number
  /** The motion handed to the compositor that the screen has not shown yet (and the sample before): when, and what. */
  times: number[]
  looks: LayerState[]
  /** Everything due later, in time order: events, the state shown, the next stretch. */
  cues: { at: number; run: () => void }[]
  timer: ReturnType<typeof setTimeout> | null
  /** Running the state machine ahead now: what it emits waits in `cues`. */
  running: boolean
  /** The state the screen shows. */
  shown: GameState
}
/** 大转盘: a wheel of prizes that spins at once on play() and lands on the outcome given to reveal(). */
export class WheelGame implements LotteryGame {
  readonly view = new Container({ label: 'wheel' })
  readonly events = new Emitter<GameEvents>()
  private readonly own: WheelDefaults
  private readonly brisk: WheelDefaults
  /** The tunables of the play running: the game's own, or brisk ones for a multi-draw's. */
  private config: WheelDefaults
  private readonly random: () => number
  private parts: Parts | null = null
  private segments: Segment[] = []
  private readonly phase = new Phase<Step>({ name: 'idle' })
  private readonly guard = new TapGuard()
  /** Wheel rotation, degrees clockwise (grows while spinning). */
  private rotation = 0
  /** Current speed, degrees per ms. */
  private speed = 0
  private pendingOutcome: Outcome | null = null
  private underPointer = -1
  private pointerKick = 0
  private clock = 0
  private frame = 0
  private preparing = 0
  /** The pointer pressing the centre button (0 for a touch on engines without pointer events); -1: none. */
  private pressedBy = -1
  private readonly motion: WheelMotion
  /** The play the compositor is playing (see WheelMotion); null otherwise. */
  private ahead: Ahead | null = null
  /** What render() shows next (the layers write only what changed). */
  private readonly look: LayerState = { faceDeg: 0, highlightDeg: 0, highlightAlpha: 0, evenAlpha: 1, oddAlpha: BULB_DIM, pointerDeg: 0, pressed: false, busy: false }

  constructor(options: Partial<WheelDefaults> = {}, random: () => number = Math.random, motion: WheelMotion = compositorMotion()) {
    this.own = { ...WHEEL_DEFAULTS, ...options }
    this.brisk = briskTunables(this.own, WHEEL_BRISK)
    this.config = this.own
    this.random = random
    this.motion = motion
  }

  /** The state on screen (the state machine runs ahead of it while the compositor plays a play). */
  get state(): GameState {
    return this.ahead ? this.ahead.shown : this.machineState()
  }

  private machineState(): GameState {
    switch (this.phase.is.name) {
      case 'idle':
        return 'idle'
      case 'spin':
        return 'playing'
      case 'land':
      case 'celebrate':
        return 'revealing'
      case 'stop':
        return 'aborting'
      case 'settled':
        return 'settled'
    }
  }

  async prepare(setup: GameSetup, renderer: Renderer): Promise<void> {
    const ticket = ++this.preparing
    const segments = buildSegments(setup.prizes, this.config.minSegments)
    const urls = [...new Set(segments.map((s) => s.img).filter((u) => u !== ''))]
    const loaded = await Promise.all(urls.map(async (url) => [url, await loadImageTexture(url)] as const))
    const images = new Map<string, Texture>()
    for (const [url, texture] of loaded) if (texture) images.set(url, texture)
    // A newer prepare() (or destroy) overtook this one while images loaded.
    if (ticket !== this.preparing || this.view.destroyed) {
      for (const texture of images.values()) texture.destroy(true)
      return
    }
    const parts = await this.build(segments, images, renderer, () => ticket !== this.preparing || this.view.destroyed)
    if (!parts) {
      for (const texture of images.values()) texture.destroy(true)
      return
    }
    // The face's baked texture is drawn from them again after a WebGL context loss: freed with it, after it.
    parts.textures.push(...images.values())
    this.teardownParts()
    this.segments = segments
    this.parts = parts
    this.view.addChild(parts.root)
    this.layoutLayers()
    this.phase.to({ name: 'idle' })
    this.speed = 0
    this.underPointer = segmentUnderPointer(this.rotation, segments.length)
    this.render()
  }

  play(pace: PlayPace = 'normal'): void {
    // The screen still shows the last play (its state machine has already finished it).
    if (!this.parts || this.ahead || (this.phase.is.name !== 'idle' && this.phase.is.name !== 'settled')) return
    this.config = pace === 'brisk' ? this.brisk : this.own
    this.guard.lock()
    this.pendingOutcome = null
    this.phase.to({ name: 'spin' })
    if (this.motion !== 'compositor') return
    this.ahead = { origin: performance.now(), ranMs: 0, times: [], looks: [], cues: [], timer: null, running: false, shown: 'playing' }
    this.render()
    // No landing starts before this: the first stretch reaches it, then the next ones follow until the outcome is known.
    this.runAhead(Math.max(this.config.minSpinMs, this.config.accelMs))
  }

  reveal(outcome: Outcome): void {
    if (this.phase.is.name === 'idle') this.play()
    if (this.phase.is.name !== 'spin') return
    this.pendingOutcome = outcome
    // The landing starts where the motion handed over so far ends (at the soonest, minSpinMs).
    if (this.ahead) this.runAhead(Infinity)
  }

  abort(info: AbortInfo): void {
    if (this.phase.is.name !== 'spin') return
    const speed = Math.max(this.speed, this.config.minPlanSpeed)
    const minDistance = (speed * this.config.abortMinMs) / 3
    this.phase.to({ name: 'stop', plan: planNeutralStop(this.rotation, speed, this.segments, minDistance), info })
    if (this.ahead) this.runAhead(Infinity)
  }

  reset(): void {
    this.dropAhead()
    this.phase.to({ name: 'idle' })
    this.guard.reset()
    this.speed = 0
    this.pendingOutcome = null
    this.render()
  }

  resize(width: number, height: number): void {
    this.view.position.set(width / 2, height / 2)
    this.view.scale.set(wheelScale(width, height, this.config.fill))
    this.layoutLayers()
  }

  /** The moving layers follow the view: its centre and scale, in the stage's CSS px. */
  private layoutLayers(): void {
    this.parts?.layers.layout(this.view.position.x, this.view.position.y, this.view.scale.x)
  }

  update(deltaMs: number): boolean {
    // The compositor plays the play: nothing to do per frame.
    if (!this.parts || this.ahead) return false
    this.advance(deltaMs)
    this.render()
    return false
  }

  /** Let `deltaMs` pass: the clock, the motion, the pointer's wobble. */
  private advance(deltaMs: number): void {
    this.clock += deltaMs
    this.guard.frame(++this.frame)
    this.step(deltaMs)
    // Exactly 0 once invisible, so a wheel at rest changes nothing and no frame is drawn.
    this.pointerKick = this.pointerKick < 0.01 ? 0 : this.pointerKick * Math.exp(-deltaMs / this.config.pointerDecayMs)
  }

  stillFor(): number {
    const phase = this.phase.is.name
    if (!this.parts) return Infinity
    // The compositor plays the play; its cues run on their own timer.
    if (this.ahead) return Infinity
    // A tap waits for a later frame to re-arm (TapGuard); the pointer's wobble dies away.
    if ((phase !== 'idle' && phase !== 'settled') || this.pointerKick > 0 || this.guard.state === 'pending') return 0
    // At rest only the bulbs change: at their next flip.
    const period = this.config.bulbIdleMs
    return period - (this.clock % period)
  }

  destroy(): void {
    this.preparing += 1
    this.dropAhead()
    this.events.clear()
    this.teardownParts()
    this.view.destroy({ children: true })
  }

  /** Advance the motion state machine by dt ms. */
  private step(dt: number): void {
    const c = this.config
    const phase = this.phase.is
    if (phase.name !== 'idle' && phase.name !== 'settled') this.phase.advance(dt)
    const elapsed = this.phase.ms
    switch (phase.name) {
      case 'idle':
      case 'settled':
        this.speed = 0
        return
      case 'spin': {
        this.speed = c.cruiseSpeed * this.phase.progress(c.accelMs, easeInOutSine)
        this.rotation += this.speed * dt
        // Land only at cruise speed (the ease-out starts at exactly that speed) and after a visible spin.
        if (this.pendingOutcome && this.phase.over(Math.max(c.minSpinMs, c.accelMs))) {
          const outcome = this.pendingOutcome
          this.pendingOutcome = null
          const plan = planLanding({
            rotation: this.rotation,
            speed: this.speed,
            segmentCount: this.segments.length,
            segmentIndex: targetSegment(this.segments, outcome, this.random),
            minDistance: c.minTurns * 360,
            innerFraction: c.innerFraction,
            random: this.random,
          })
          this.phase.to({ name: 'land', plan, outcome })
        }
        return
      }
      case 'land':
      case 'stop': {
        this.rotation = landingAngle(phase.plan, elapsed)
        this.speed = landingSpeed(phase.plan, elapsed)
        if (!this.phase.over(phase.plan.durationMs)) return
        // Keep the rotation small so float precision never drifts over many plays.
        this.rotation = ((phase.plan.to % 360) + 360) % 360
        if (phase.name === 'land') {
          this.phase.to({ name: 'celebrate', outcome: phase.outcome })
        } else {
          this.phase.to({ name: 'idle' })
          this.guard.reset()
          this.emit('aborted', phase.info)
        }
        return
      }
      case 'celebrate':
        if (this.phase.over(c.celebrateMs)) {
          this.phase.to({ name: 'settled', outcome: phase.outcome })
          this.emit('settled', { outcome: phase.outcome })
        }
        return
    }
  }

  /**
   * Run the state machine ahead of the screen, in 60 Hz steps, to `untilMs` after the play's start (Infinity: to
   * the play's end), and hand the stretch to the compositor; what it emitted is cued for when the screen shows it.
   */
  private runAhead(untilMs: number): void {
    const a = this.ahead
    const layers = this.parts?.layers
    if (!a || !layers) return
    // What the screen has shown is dropped; the rest goes to the compositor again with the new stretch (see WheelLayers.play).
    const { times, looks } = a
    const now = performance.now()
    let shown = 0
    while (shown + 1 < times.length && (times[shown + 1] as number) <= now) shown++
    times.splice(0, shown)
    looks.splice(0, shown)
    if (times.length === 0) {
      times.push(a.origin + a.ranMs)
      looks.push({ ...this.look })
    }
    a.running = true
    let state = this.machineState()
    while (a.ranMs < Math.min(untilMs, MAX_PLAY_MS) && this.phase.is.name !== 'idle' && this.phase.is.name !== 'settled') {
      this.advance(STEP_MS)
      a.ranMs += STEP_MS
      this.computeLook()
      times.push(a.origin + a.ranMs)
      looks.push({ ...this.look })
      const next = this.machineState()
      if (next !== state) this.cue(() => (a.shown = next))
      state = next
    }
    a.running = false
    layers.play(times, looks)
    const phase = this.phase.is.name
    // Still waiting for the outcome: the next stretch, before this one runs out.
    if (phase === 'spin' && a.ranMs < MAX_PLAY_MS) this.cue(() => this.runAhead(a.ranMs + AHEAD_MS), a.ranMs - EXTEND_LEAD_MS)
    // Stopped short of the end (MAX_PLAY_MS): the frames take over from there.
    else if (phase !== 'idle' && phase !== 'settled') this.cue(() => this.dropAhead())
    this.armCues()
  }

  /** Run `run` when the screen reaches `atMs` of the play (default: where the state machine is now). */
  private cue(run: () => void, atMs?: number): void {
    const a = this.ahead
    if (!a) return
    const at = a.origin + (atMs ?? a.ranMs)
    let i = a.cues.length
    while (i > 0 && (a.cues[i - 1] as { at: number }).at > at) i--
    a.cues.splice(i, 0, { at, run })
  }

  private armCues(): void {
    const a = this.ahead
    if (!a) return
    if (a.timer !== null) clearTimeout(a.timer)
    const next = a.cues[0]
    a.timer = next ? setTimeout(this.runCues, Math.max(0, next.at - performance.now())) : null
  }

  private readonly runCues = (): void => {
    const a = this.ahead
    if (!a) return
    a.timer = null
    // Timers may fire a little early; what is due within a millisecond runs now.
    const now = performance.now()
    while (this.ahead === a && a.cues.length && (a.cues[0] as { at: number }).at <= now + 1) {
      const cue = a.cues.shift() as Ahead['cues'][number]
      cue.run()
    }
    if (this.ahead === a) this.armCues()
  }

  /**
   * An event now, or, while the state machine runs ahead, when the screen shows it. The play's last event (settled,
   * aborted) first hands the layers back from the compositor, so whoever hears it can start the next play.
   */
  private emit<K extends keyof GameEvents>(name: K, payload: GameEvents[K]): void {
    if (!this.ahead?.running) return this.events.emit(name, payload)
    this.cue((): void => {
      if (name === 'settled' || name === 'aborted') this.dropAhead()
      this.events.emit(name, payload)
    })
  }

  /** The play is over on screen (or cut short): the state machine's state goes into the styles, and the compositor's animations end. */
  private dropAhead(): void {
    const a = this.ahead
    if (!a) return
    this.ahead = null
    if (a.timer !== null) clearTimeout(a.timer)
    // The styles first (render), then the animations go: no frame between shows the state before the play.
    this.render()
    this.parts?.layers.stop()
  }

  /** Apply the state to the moving layers (cheap: a few transforms and opacities, each written only when it changed). */
  private render(): void {
    const parts = this.parts
    if (!parts) return
    const pressed = this.pressedBy !== -1
    // The compositor plays the motion (the state machine's look is ahead of the screen): only the finger's press.
    if (this.ahead) return parts.layers.showButton(pressed, true)
    this.computeLook()
    const phase = this.phase.is.name
    this.look.pressed = pressed
    // Greyed while a play runs: the button cannot be pressed.
    this.look.busy = !(phase === 'idle' || phase === 'settled')
    parts.layers.show(this.look)
  }

  /** The layers' state from the motion's (and the segment tick as a border passes the pointer). */
  private computeLook(): void {
    const c = this.config
    const n = this.segments.length
    const look = this.look

    const under = segmentUnderPointer(this.rotation, n)
    if (under !== this.underPointer) {
      this.underPointer = under
      if (this.speed > 0) {
        this.pointerKick = 1
        // Run ahead: told now with its moment, so the sound is scheduled on the audio clock (no task per tick).
        const a = this.ahead
        this.events.emit('tick', a?.running ? { kind: 'segment', at: a.origin + a.ranMs } : SEGMENT_TICK)
      }
    }
    look.faceDeg = this.rotation
    look.pointerDeg = -this.pointerKick * c.pointerKickDeg

    const phase = this.phase.is.name
    const moving = phase === 'spin' || phase === 'land' || phase === 'stop'
    const celebrating = phase === 'celebrate' || phase === 'settled'
    look.highlightDeg = (under + 0.5) * (360 / n)
    if (moving) {
      // Visible as the wheel slows: at full speed it would only flicker.
      look.highlightAlpha = 0.15 + 0.85 * Math.max(0, 1 - this.speed / (c.cruiseSpeed * 0.6))
    } else if (celebrating) {
      look.highlightAlpha = phase === 'settled' ? 1 : Math.floor(this.clock / 140) % 2 === 0 ? 1 : 0.35
    } else {
      look.highlightAlpha = 0
    }

    // The blinking bulbs invite the tap at rest; nothing else moves, so an idle wheel
    // changes only when they flip (a few times a second), not every frame.
    const fast = moving || phase === 'celebrate'
    const flip = Math.floor(this.clock / (fast ? c.bulbFastMs : c.bulbIdleMs)) % 2
    // The halves light in turn, or all of them every other flip while celebrating.
    look.evenAlpha = phase === 'celebrate' ? flip : flip === 0 ? 1 : BULB_DIM
    look.oddAlpha = phase === 'celebrate' ? flip : flip === 1 ? 1 : BULB_DIM
  }

  // The button sinks under a finger (pointer events; touch events on engines without them, iOS before 13).
  private readonly onPress = (event: Event): void => {
    this.pressedBy = 'pointerId' in event ? (event as PointerEvent).pointerId : 0
    this.render()
  }

  private readonly onRelease = (event: Event): void => {
    if ('pointerId' in event && (event as PointerEvent).pointerId !== this.pressedBy) return
    this.pressedBy = -1
    this.render()
  }

  /** A tap is the browser's click on the button: a press and a release on it, from a finger or a mouse. */
  private readonly onTap = (): void => {
    if (!this.guard.tap(0, this.frame)) return
    this.guard.lift(0)
    // The host calls play() inside this emit when a play is allowed.
    this.events.emit('request', { template: 11 })
  }

  /**
   * Bake the art, one piece per task (each yields the main thread after it, so start-up has no long task);
   * null, with what was baked freed, when `stale()` says a newer prepare() or destroy() overtook it meanwhile.
   */
  private async build(segments: Segment[], images: ReadonlyMap<string, Texture>, renderer: Renderer, stale: () => boolean): Promise<Parts | null> {
    const resolution = wheelBakeDensity(renderer.screen, renderer.resolution, this.config.fill)
    const textures: Texture[] = []
    const root = new Container()
    let dropped = false
    const bake = async (draw: () => Container): Promise<Texture> => {
      if (!dropped) {
        await yieldToMain()
        dropped = stale()
      }
      // Overtaken: an empty texture keeps the code below simple; everything is freed at the end.
      const texture = dropped ? Texture.EMPTY : bakeTexture(renderer, draw(), { resolution })
      if (!dropped) textures.push(texture)
      return texture
    }
    // Art drawn in pieces (the face's labels): the main thread is handed back between them too.
    const pause = async (): Promise<boolean> => {
      await yieldToMain()
      return (dropped = stale())
    }
    const bakeInPieces = async (pieces: (() => Container)[], frame?: Rectangle): Promise<Texture> => {
      if (!dropped) await pause()
      const texture = dropped ? null : await bakePieces(renderer, pieces, { resolution, frame }, pause)
      if (texture) textures.push(texture)
      return texture ?? Texture.EMPTY
    }
    // The static art, in one texture (a piece per task): the rim, its shadow and the bulbs' sockets never move apart.
    root.addChild(new Sprite(await bakeInPieces([drawShadow, drawRim, () => drawSockets(this.config.bulbCount)], SHADOW_FRAME)))

    // The moving parts: baked, then turned into canvases of their own (see WheelLayers), a task each; their
    // textures are not kept.
    const moving = [
      await bakeInPieces(drawFace(segments, images)),
      await bake(() => drawHighlight(segments.length)),
      await bake(() => drawBulbs(this.config.bulbCount, 0)),
      await bake(() => drawBulbs(this.config.bulbCount, 1)),
      await bake(drawPointer),
      await bake(drawButton),
      // Greyed while a play runs: the same art, tinted.
      await bake(() => {
        const greyed = new Container()
        greyed.addChild(drawButton()).tint = BUSY_TINT
        return greyed
      }),
    ]
    const copies: CanvasArt[] = []
    for (const texture of moving) {
      if (!dropped) {
        await yieldToMain()
        dropped = stale()
      }
      if (dropped) break
      // The stage's scene: this view's topmost ancestor.
      let scene: Container = this.view
      while (scene.parent) scene = scene.parent
      copies.push(copyToCanvas(renderer, texture, scene))
      const at = textures.indexOf(texture)
      if (at >= 0) textures.splice(at, 1)
      texture.destroy(true)
    }
    if (dropped || stale()) {
      root.destroy({ children: true })
      for (const texture of textures) texture.destroy(true)
      return null
    }
    const [face, highlight, even, odd, pointer, button, buttonBusy] = copies as [CanvasArt, CanvasArt, CanvasArt, CanvasArt, CanvasArt, CanvasArt, CanvasArt]
    const layers = new WheelLayers({ face, highlight, bulbs: [even, odd], pointer, button, buttonBusy }, BUTTON_RADIUS)
    for (const [type, listener] of this.buttonListeners()) layers.button.addEventListener(type, listener)
    // Over the stage's canvas, in its host.
    ;(renderer.canvas as HTMLCanvasElement).after(layers.root)
    return { textures, root, layers }
  }

  private buttonListeners(): [string, (event: Event) => void][] {
    const press: [string, (event: Event) => void][] =
      typeof PointerEvent === 'function'
        ? // A mouse that leaves the button lets it up (a finger's pointer is captured by the button until it lifts).
          [['pointerdown', this.onPress], ['pointerup', this.onRelease], ['pointercancel', this.onRelease], ['pointerleave', this.onRelease]]
        : [['touchstart', this.onPress], ['touchend', this.onRelease], ['touchcancel', this.onRelease]]
    return [...press, ['click', this.onTap]]
  }

  private teardownParts(): void {
    this.dropAhead()
    const parts = this.parts
    if (!parts) return
    this.parts = null
    this.pressedBy = -1
    for (const [type, listener] of this.buttonListeners()) parts.layers.button.removeEventListener(type, listener)
    parts.layers.destroy()
    parts.root.destroy({ children: true })
    for (const texture of parts.textures) texture.destroy(true)
  }
}
