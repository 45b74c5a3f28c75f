/**
 * 红包雨: packets rain down; tapping one asks to play, the packet flies to the
 * centre and spins its seal while the draw runs, then opens on the outcome.
 * The rules live in pure modules (spawn, hit, coins, heroPose, cardText), the
 * display objects in RedPacketScene; this class runs the input and the phases.
 */
import { Container, Point, Rectangle } from 'pixi.js'
import type { FederatedPointerEvent, Renderer } from 'pixi.js'
import type { Outcome } from '../../core/outcome'
import type { Random } from '../../core/random'
import { easeInCubic, easeOutBack, easeOutQuad, lerp } from '../shared/easing'
import { Emitter } from '../shared/Emitter'
import type { AbortInfo, GameEvents, GameSetup, GameState, LotteryGame } from '../shared/Game'
import { Phase } from '../shared/Phase'
import { TapGuard } from '../shared/TapGuard'
import { briskTunables, type PlayPace } from '../shared/pace'
import { CoinBurst } from './coins'
import { RED_PACKET_BRISK, RED_PACKET_DEFAULTS } from './defaults'
import type { RedPacketDefaults } from './defaults'
import { heroPose } from './heroPose'
import type { HeroPhase, Placement } from './heroPose'
import { hitTest } from './hit'
import { RedPacketScene } from './RedPacketScene'
import { Rain } from './spawn'

/** The red packet rain game (template 12). */
export class RedPacketGame implements LotteryGame {
  readonly view = new Container()
  readonly events = new Emitter<GameEvents>()

  private readonly own: RedPacketDefaults
  private readonly brisk: RedPacketDefaults
  /** The tunables of the play running: the game's own, or brisk ones for a multi-draw's. */
  private opts: RedPacketDefaults
  private readonly rain: Rain
  private readonly coins: CoinBurst
  private readonly guard = new TapGuard()
  private current: GameState = 'idle'

  // Built in prepare(); null before it and after destroy().
  private scene: RedPacketScene | null = null
  /** The scene's own container in the view. */
  private layer: Container | null = null
  /** Bumped by each prepare() and by destroy(): a scene still being baked for an older one is dropped. */
  private preparing = 0

  private width = 0
  private height = 0
  private frame = 0
  private started = false
  /** The held packet's phase; 'none' while the rain has the stage. */
  private readonly phase = new Phase<HeroPhase | 'none'>('none')
  /** 0 = the rain has the stage, 1 = a held packet does. */
  private focus = 0
  private tapped = -1
  private outcome: Outcome | null = null
  private abortInfo: AbortInfo = { message: '' }
  private readonly from: Placement = { x: 0, y: 0, rotation: 0, scale: 1 }
  private readonly pointer = new Point()

  /** Options override RED_PACKET_DEFAULTS; `random` drives only the visuals (seed it for stable screenshots). */
  constructor(options: Partial<RedPacketDefaults> = {}, random: Random = Math.random) {
    this.own = { ...RED_PACKET_DEFAULTS, ...options }
    this.brisk = briskTunables(this.own, RED_PACKET_BRISK)
    this.opts = this.own
    this.rain = new Rain(this.own, random)
    this.coins = new CoinBurst(this.own.coinCount, random)
    this.view.eventMode = 'static'
    // Our own hit test (with slop) decides; Pixi need not walk the sprites.
    this.view.interactiveChildren = false
    this.view.on('pointerdown', this.onPointerDown)
    this.view.on('pointerup', this.onPointerUp)
    this.view.on('pointerupoutside', this.onPointerUp)
    this.view.on('pointercancel', this.onPointerUp)
  }

  get state(): GameState {
    return this.current
  }

  async prepare(setup: GameSetup, renderer: Renderer): Promise<void> {
    const ticket = ++this.preparing
    const stale = (): boolean => ticket !== this.preparing || this.view.destroyed
    // Built beside the current scene, which stays playable meanwhile; swapped in once complete.
    const layer = new Container()
    const scene = await RedPacketScene.create(layer, renderer, this.own, setup.title.trim() || '新春红包', stale)
    if (!scene || stale()) {
      scene?.destroy()
      layer.destroy()
      return
    }
    this.scene?.destroy()
    this.layer?.destroy()
    this.view.addChild(layer)
    this.scene = scene
    this.layer = layer
    if (this.width > 0) this.resize(this.width, this.height)
  }

  play(pace: PlayPace = 'normal'): void {
    const scene = this.scene
    if (!scene || this.current !== 'idle') return
    this.opts = pace === 'brisk' ? this.brisk : this.own
    this.guard.lock()
    this.current = 'playing'
    this.outcome = null
    const index = this.tapped >= 0 && this.rain.packets[this.tapped]?.active ? this.tapped : this.nearestToCentre()
    this.tapped = -1
    const p = this.rain.packets[index]
    const s = scene.heroScale
    if (p) {
      this.place(p.x, p.y, p.rotation, (p.halfWidth * 2) / scene.geo.width)
      this.rain.release(index)
    } else {
      // Nothing on screen (played programmatically): drop one in from the top.
      const scale = s * this.opts.dropInScale
      this.place(this.width / 2, -scene.geo.height * scale, 0, scale)
    }
    this.coins.clear()
    scene.resetHero()
    this.phase.to('fly')
    this.applyPose()
  }

  reveal(outcome: Outcome): void {
    if (this.current !== 'playing' || !this.scene) return
    this.current = 'revealing'
    this.outcome = outcome
    this.scene.showOutcome(outcome)
    // Still flying: the flight ends first, then it opens.
    if (this.phase.is === 'wait') this.open()
  }

  abort(info: AbortInfo): void {
    this.abortInfo = info
    if (this.current === 'playing' || this.current === 'revealing') {
      this.current = 'aborting'
      this.leave('abort')
      return
    }
    // Nothing in play: put away whatever is shown, and say so.
    this.reset()
    this.events.emit('aborted', info)
  }

  reset(): void {
    this.toIdle()
    if (this.scene?.hero.visible) this.leave('leave')
  }

  resize(width: number, height: number): void {
    this.width = width
    this.height = height
    const scene = this.scene
    if (!scene || width <= 0 || height <= 0) return
    this.view.hitArea = new Rectangle(0, 0, width, height)
    scene.layout(width, height)
    if (!this.started) {
      this.started = true
      this.rain.fill(this.opts.prefillCount, width, height)
    }
    if (this.phase.is !== 'none') this.applyPose()
  }

  update(deltaMs: number): boolean {
    const scene = this.scene
    if (!scene || !this.started) return false
    const o = this.opts
    this.guard.frame(++this.frame)
    const dt = Math.min(deltaMs, o.maxFrameMs)
    const phase = this.phase.is
    const target = phase === 'none' || phase === 'abort' || phase === 'leave' ? 0 : 1
    const step = dt / o.focusMs
    this.focus = target > this.focus ? Math.min(target, this.focus + step) : Math.max(target, this.focus - step)
    this.rain.step(dt, this.width, this.height, lerp(o.rainSpeed, o.playRainSpeed, this.focus))
    scene.syncRain(this.rain)
    scene.setFocus(this.focus)
    this.coins.step(dt, o.coinGravity)
    scene.syncCoins(this.coins)
    if (phase !== 'none') this.advance(dt)
    return false
  }

  destroy(): void {
    this.view.off('pointercancel', this.onPointerUp)
    this.view.off('pointerupoutside', this.onPointerUp)
    this.view.off('pointerup', this.onPointerUp)
    this.view.off('pointerdown', this.onPointerDown)
    this.preparing += 1
    this.scene?.destroy()
    this.scene = null
    this.layer = null
    this.view.destroy({ children: true })
    this.events.clear()
  }

  private readonly onPointerDown = (e: FederatedPointerEvent): void => {
    if (this.current !== 'idle' || !this.started) return
    // Mouse: the primary button only.
    if (e.pointerType === 'mouse' && e.button !== 0) return
    this.view.toLocal(e.global, undefined, this.pointer)
    const index = hitTest(this.pointer.x, this.pointer.y, this.rain.packets, this.opts.hitSlop)
    if (index < 0 || !this.guard.tap(e.pointerId, this.frame)) return
    this.tapped = index
    // The host calls play() inside this emit when a play is allowed.
    this.events.emit('request', { template: 12 })
    if (this.current === 'idle') this.tapped = -1
  }

  private readonly onPointerUp = (e: FederatedPointerEvent): void => {
    this.guard.lift(e.pointerId)
  }

  private toIdle(): void {
    // Still packets never fall away and none spawn: deal a fresh set for the next play.
    if (this.opts.rainSpeed === 0 && this.started) this.rain.fill(this.opts.prefillCount, this.width, this.height)
    this.current = 'idle'
    this.outcome = null
    this.tapped = -1
    this.guard.reset()
  }

  private place(x: number, y: number, rotation: number, scale: number): void {
    Object.assign(this.from, { x, y, rotation, scale })
  }

  /** The held packet goes away from where it is now. */
  private leave(phase: 'abort' | 'leave'): void {
    const scene = this.scene
    if (scene) {
      scene.closeInside()
      const hero = scene.hero
      this.place(hero.x, hero.y, hero.rotation, hero.scale.x)
    }
    this.phase.to(phase)
  }

  private nearestToCentre(): number {
    let best = -1
    let bestDistance = Infinity
    const packets = this.rain.packets
    for (let i = 0; i < packets.length; i++) {
      const p = packets[i]
      if (!p?.active) continue
      const d = Math.hypot(p.x - this.width / 2, p.y - this.height / 2)
      if (d < bestDistance) {
        best = i
        bestDistance = d
      }
    }
    return best
  }

  private advance(dt: number): void {
    const o = this.opts
    const phase = this.phase
    phase.advance(dt)
    switch (phase.is) {
      case 'fly':
        if (phase.over(o.flyMs)) {
          if (this.outcome) this.open()
          else phase.to('wait')
        }
        break
      case 'open':
        if (phase.over(o.openMs)) {
          phase.to('card')
          this.burstCoins()
        }
        break
      case 'card':
        if (phase.over(o.cardMs)) phase.to('hold')
        break
      case 'hold':
        if (phase.over(o.settleDelayMs) && this.outcome) {
          phase.to('done')
          this.current = 'settled'
          this.events.emit('settled', { outcome: this.outcome })
        }
        break
      case 'abort':
        if (phase.over(o.abortMs)) {
          phase.to('none')
          this.scene?.hideHero()
          this.toIdle()
          this.events.emit('aborted', this.abortInfo)
          return
        }
        break
      case 'leave':
        if (phase.over(o.resetMs)) {
          phase.to('none')
          this.scene?.hideHero()
          return
        }
        break
      default:
        break
    }
    this.applyPose()
  }

  private open(): void {
    this.phase.to('open')
    this.events.emit('tick', { kind: 'open' })
  }

  private burstCoins(): void {
    const scene = this.scene
    if (!scene || this.outcome?.kind !== 'win') return
    const { x, y } = scene.cardCentre
    this.coins.burst(x, y, this.opts.coinSpeed, this.opts.coinLifeMs)
  }

  /** Put the hero where the current phase says. */
  private applyPose(): void {
    const scene = this.scene
    const phase = this.phase.is
    if (!scene || phase === 'none') return
    const o = this.opts
    const ms = this.phase.ms
    scene.pose(
      heroPose(phase, ms, { width: this.width, height: this.height, heroScale: scene.heroScale, openY: scene.openedCentreY(this.height), from: this.from, open: scene.isOpen }, o),
    )
    switch (phase) {
      case 'fly':
      case 'wait':
        scene.spinSeal(ms)
        break
      case 'open':
        scene.openLid(this.phase.progress(o.openMs))
        break
      case 'card':
      case 'hold':
      case 'done': {
        const k = phase === 'card' ? this.phase.progress(o.cardMs) : 1
        scene.openLid(1)
        scene.raiseCard(easeOutBack(k), easeOutQuad(k))
        scene.showRays(this.outcome?.kind === 'win' ? easeOutQuad(Math.min(1, k * 2)) : 0, phase === 'done' ? ms : 0)
        break
      }
      case 'abort':
      case 'leave':
        scene.fadeRays(1 - this.phase.progress(phase === 'abort' ? o.abortMs : o.resetMs, easeInCubic))
        break
    }
  }
}
