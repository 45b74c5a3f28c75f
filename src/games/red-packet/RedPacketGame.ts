/**
 * 红包雨: packets rain down; tapping one asks to play, the packet flies to the
 * centre and spins its seal while the draw runs, then opens on the outcome.
 * The rules live in pure modules (spawn, hit, tapGuard, coins); this class
 * only mirrors them into pooled sprites and runs the tweens.
 */
import { Container, Graphics, Point, Rectangle, Sprite, Text } from 'pixi.js'
import type { FederatedPointerEvent, FillGradient, Renderer, Texture } from 'pixi.js'
import { formatYuan } from '../../core/money'
import type { Outcome } from '../../core/outcome'
import type { Random } from '../../core/random'
import { easeInCubic, easeInOutCubic, easeOutBack, easeOutCubic, easeOutQuad, lerp } from '../shared/easing'
import { Emitter } from '../shared/Emitter'
import type { AbortInfo, GameEvents, GameSetup, GameState, LotteryGame } from '../shared/Game'
import { fitText } from '../shared/textFit'
import { cjkStyle, measureWith } from '../shared/textStyle'
import { ACCENTS, PALETTE } from '../shared/palette'
import {
  ArtKit,
  cardTexture,
  coinTexture,
  heroBackTexture,
  heroGeometry,
  heroLidTexture,
  heroPocketTexture,
  rainPacketTexture,
  raysTexture,
  sealTexture,
} from './art'
import type { HeroGeometry } from './art'
import { CoinBurst } from './coins'
import { RED_PACKET_DEFAULTS } from './defaults'
import type { RedPacketDefaults } from './defaults'
import { hitTest } from './hit'
import { Rain } from './spawn'
import { TapGuard } from '../shared/tapGuard'

/** Where the held packet is in its story. */
type Phase = 'none' | 'fly' | 'wait' | 'open' | 'card' | 'hold' | 'done' | 'abort' | 'leave'

/** How fast the scene dims / brightens around a play, per ms (1/300 = 300 ms). */
const FOCUS_RATE = 1 / 300

interface Pose {
  x: number
  y: number
  rotation: number
  scale: number
}

/** The card's live texts. */
interface CardTexts {
  label: Text
  /** '¥' before the amount. */
  currency: Text
  /** The amount, in gold digits. */
  amount: Text
  /** Prize name or 谢谢参与, in red. */
  main: Text
  caption: Text
}

/** The red packet rain game (template 12). */
export class RedPacketGame implements LotteryGame {
  readonly view = new Container()
  readonly events = new Emitter<GameEvents>()

  private readonly opts: RedPacketDefaults
  private readonly rain: Rain
  private readonly coins: CoinBurst
  private readonly guard = new TapGuard()
  private current: GameState = 'idle'

  // Built in prepare(); null before it and after destroy().
  private scene: Scene | null = null

  private width = 0
  private height = 0
  private frame = 0
  private started = false
  private phase: Phase = 'none'
  private phaseMs = 0
  /** 0 = the rain has the stage, 1 = a held packet does. */
  private focus = 0
  private tapped = -1
  private outcome: Outcome | null = null
  private abortInfo: AbortInfo = { message: '' }
  private readonly from: Pose = { x: 0, y: 0, rotation: 0, scale: 1 }
  private readonly pointer = new Point()

  /** Options override RED_PACKET_DEFAULTS; `random` drives only the visuals (seed it for stable screenshots). */
  constructor(options: Partial<RedPacketDefaults> = {}, random: Random = Math.random) {
    this.opts = { ...RED_PACKET_DEFAULTS, ...options }
    this.rain = new Rain(this.opts, random)
    this.coins = new CoinBurst(this.opts.coinCount, random)
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
    this.scene?.destroy()
    this.scene = new Scene(this.view, renderer, this.opts, setup.title.trim() || '新春红包')
    if (this.width > 0) this.resize(this.width, this.height)
  }

  play(): void {
    const scene = this.scene
    if (!scene || this.current !== 'idle') return
    this.guard.lock()
    this.current = 'playing'
    this.outcome = null
    const index = this.tapped >= 0 && this.rain.packets[this.tapped]?.active ? this.tapped : this.nearestToCentre()
    this.tapped = -1
    const p = this.rain.packets[index]
    const s = scene.heroScale
    if (p) {
      this.from.x = p.x
      this.from.y = p.y
      this.from.rotation = p.rotation
      this.from.scale = (p.halfWidth * 2) / scene.geo.width
      this.rain.release(index)
    } else {
      // Nothing on screen (played programmatically): drop one in from the top.
      this.from.x = this.width / 2
      this.from.y = -scene.geo.height * s * 0.25
      this.from.rotation = 0
      this.from.scale = s * 0.25
    }
    this.coins.clear()
    scene.resetHero()
    this.setPhase('fly')
    this.applyPose()
  }

  reveal(outcome: Outcome): void {
    if (this.current !== 'playing' || !this.scene) return
    this.current = 'revealing'
    this.outcome = outcome
    this.scene.showOutcome(outcome)
    // Still flying: the flight ends first, then it opens.
    if (this.phase === 'wait') this.open()
  }

  abort(info: AbortInfo): void {
    this.abortInfo = info
    if (this.current === 'playing' || this.current === 'revealing') {
      this.current = 'aborting'
      this.captureHeroPose()
      this.setPhase('abort')
      return
    }
    // Nothing in play: put away whatever is shown, and say so.
    this.reset()
    this.events.emit('aborted', info)
  }

  reset(): void {
    this.toIdle()
    if (this.scene?.hero.visible) {
      this.captureHeroPose()
      this.setPhase('leave')
    }
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
    if (this.phase !== 'none') this.applyPose()
  }

  update(deltaMs: number): boolean {
    const scene = this.scene
    if (!scene || !this.started) return false
    this.frame++
    this.guard.frame(this.frame)
    const dt = Math.min(deltaMs, 100)
    const target = this.phase === 'none' || this.phase === 'abort' || this.phase === 'leave' ? 0 : 1
    this.focus = target > this.focus ? Math.min(target, this.focus + dt * FOCUS_RATE) : Math.max(target, this.focus - dt * FOCUS_RATE)
    this.rain.step(dt, this.width, this.height, lerp(1, this.opts.playRainSpeed, this.focus))
    scene.syncRain(this.rain)
    scene.setFocus(this.focus, this.opts.dimAlpha)
    this.coins.step(dt, this.opts.coinGravity)
    scene.syncCoins(this.coins)
    if (this.phase !== 'none') this.advance(dt)
    return false
  }

  destroy(): void {
    this.view.off('pointercancel', this.onPointerUp)
    this.view.off('pointerupoutside', this.onPointerUp)
    this.view.off('pointerup', this.onPointerUp)
    this.view.off('pointerdown', this.onPointerDown)
    this.scene?.destroy()
    this.scene = null
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
    this.current = 'idle'
    this.outcome = null
    this.tapped = -1
    this.guard.reset()
  }

  private setPhase(phase: Phase): void {
    this.phase = phase
    this.phaseMs = 0
  }

  /** Start the exit tween from where the packet is now. */
  private captureHeroPose(): void {
    const hero = this.scene?.hero
    if (!hero) return
    this.scene?.closeInside()
    this.from.x = hero.x
    this.from.y = hero.y
    this.from.rotation = hero.rotation
    this.from.scale = hero.scale.x
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
    this.phaseMs += dt
    const t = this.phaseMs
    switch (this.phase) {
      case 'fly':
        if (t >= o.flyMs) {
          if (this.outcome) this.open()
          else this.setPhase('wait')
        }
        break
      case 'open':
        if (t >= o.openMs) {
          this.setPhase('card')
          this.onCardOut()
        }
        break
      case 'card':
        if (t >= o.cardMs) this.setPhase('hold')
        break
      case 'hold':
        if (t >= o.settleDelayMs && this.outcome) {
          this.setPhase('done')
          this.current = 'settled'
          this.events.emit('settled', { outcome: this.outcome })
        }
        break
      case 'abort':
        if (t >= o.abortMs) {
          this.setPhase('none')
          this.scene?.hideHero()
          this.toIdle()
          this.events.emit('aborted', this.abortInfo)
          return
        }
        break
      case 'leave':
        if (t >= o.resetMs) {
          this.setPhase('none')
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
    this.setPhase('open')
    this.events.emit('tick', { kind: 'open' })
  }

  private onCardOut(): void {
    const scene = this.scene
    if (!scene || this.outcome?.kind !== 'win') return
    const s = scene.heroScale
    this.coins.burst(scene.hero.x, scene.hero.y + (scene.geo.cardY - scene.geo.cardRise) * s, this.opts.coinSpeed, this.opts.coinLifeMs)
  }

  /** Put the hero where the current phase says. */
  private applyPose(): void {
    const scene = this.scene
    if (!scene) return
    const o = this.opts
    const t = this.phaseMs
    const s = scene.heroScale
    const cx = this.width / 2
    const closedY = this.height * 0.48
    const openY = scene.openedCentreY(this.height)
    const won = this.outcome?.kind === 'win'
    switch (this.phase) {
      case 'fly': {
        const k = t / o.flyMs
        const e = easeOutCubic(k)
        scene.pose(lerp(this.from.x, cx, e), lerp(this.from.y, closedY, e), lerp(this.from.rotation, 0, e), lerp(this.from.scale, s, easeOutBack(k)), 1)
        scene.spinSeal(t, o.sealSpinMs)
        break
      }
      case 'wait': {
        // Wobble in bursts, like a packet that wants to open.
        const burst = Math.max(0, Math.sin((2 * Math.PI * t) / 1100)) ** 2
        const wobble = o.shakeAngle * burst * Math.sin((2 * Math.PI * t) / o.shakePeriodMs)
        scene.pose(cx, closedY, wobble, s * (1 + 0.015 * burst), 1)
        scene.spinSeal(t, o.sealSpinMs)
        break
      }
      case 'open': {
        const k = t / o.openMs
        scene.pose(cx, lerp(closedY, openY, easeInOutCubic(k)), 0, s, 1)
        scene.openLid(k)
        break
      }
      case 'card':
      case 'hold':
      case 'done': {
        const k = this.phase === 'card' ? t / o.cardMs : 1
        scene.pose(cx, openY, 0, s, 1)
        scene.openLid(1)
        scene.raiseCard(easeOutBack(k), easeOutQuad(k))
        scene.showRays(won ? easeOutQuad(Math.min(1, k * 2)) : 0, this.phase === 'done' ? t : 0)
        break
      }
      case 'abort':
      case 'leave': {
        const e = easeInCubic(t / (this.phase === 'abort' ? o.abortMs : o.resetMs))
        const f = this.from
        if (scene.isOpen) {
          // An open packet drops away: fading it would show the card through the pocket.
          scene.pose(f.x, f.y + this.height * 0.9 * e, f.rotation * (1 - e), f.scale * lerp(1, 0.8, e), 1)
        } else {
          scene.pose(f.x, f.y + 40 * e, f.rotation * (1 - e), f.scale * lerp(1, 0.35, e), 1 - e)
        }
        scene.fadeRays(1 - e)
        break
      }
      default:
        break
    }
  }
}

/** Every display object and texture of a prepared game, built once. */
class Scene {
  readonly geo: HeroGeometry
  readonly hero = new Container()
  heroScale = 1

  private readonly kit: ArtKit
  private readonly opts: RedPacketDefaults
  private readonly background = new Graphics()
  private readonly rainLayer = new Container()
  private readonly rainSprites: Sprite[] = []
  private readonly packetTextures: Texture[]
  private readonly hint = new Container()
  private readonly veil = new Graphics()
  private readonly rays: Sprite
  private readonly back: Sprite
  private readonly card = new Container()
  private readonly texts: CardTexts
  private readonly goldFill: FillGradient
  private readonly pocket: Sprite
  private readonly lid: Sprite
  private readonly seal: Sprite
  private readonly coinLayer = new Container()
  private readonly coinSprites: Sprite[] = []
  private readonly backgroundFill: FillGradient
  private readonly glowFill: FillGradient
  private readonly bokehFill: FillGradient
  private lidBehind = false
  private width = 0
  private height = 0

  constructor(
    private readonly root: Container,
    renderer: Renderer,
    opts: RedPacketDefaults,
    title: string,
  ) {
    this.opts = opts
    const resolution = Math.max(1, renderer.resolution)
    this.kit = new ArtKit(renderer, resolution)
    const kit = this.kit
    this.geo = heroGeometry(opts.heroMaxWidth)
    const geo = this.geo

    // Background: drawn on resize (a few shapes, not per frame).
    this.backgroundFill = kit.vertical([[0, 0xf2523a], [0.45, 0xd9261c], [1, 0x9c0a12]])
    this.glowFill = kit.radial([[0, 'rgba(255,226,140,0.42)'], [0.55, 'rgba(255,210,120,0.12)'], [1, 'rgba(255,210,120,0)']], { x: 0.5, y: 0 }, 0.75)
    this.bokehFill = kit.radial([[0, 'rgba(255,232,170,0.2)'], [0.65, 'rgba(255,232,170,0.09)'], [1, 'rgba(255,232,170,0)']])
    this.background.visible = opts.background
    root.addChild(this.background)

    // The rain.
    this.packetTextures = [0, 1].map((variant) =>
      rainPacketTexture(kit, variant, opts.packetWidth, opts.packetHeight, resolution * opts.maxScale),
    )
    this.rainLayer.sortableChildren = true
    for (let i = 0; i < opts.poolSize; i++) {
      const sprite = new Sprite(this.packetTextures[0])
      sprite.visible = false
      this.rainSprites.push(sprite)
      this.rainLayer.addChild(sprite)
    }
    root.addChild(this.rainLayer)

    // The hint under the rain.
    if (opts.hint !== '') {
      const label = new Text({ text: opts.hint, style: cjkStyle({ size: 15, color: PALETTE.textOnRed, letterSpacing: 2 }), resolution })
      label.anchor.set(0.5)
      const pill = new Graphics()
        .roundRect(-label.width / 2 - 22, -19, label.width + 44, 38, 19)
        .fill({ color: ACCENTS.shadow, alpha: 0.35 })
        .roundRect(-label.width / 2 - 22, -19, label.width + 44, 38, 19)
        .stroke({ width: 1, color: PALETTE.goldLight, alpha: 0.6 })
      this.hint.addChild(pill, label)
      root.addChild(this.hint)
    }

    // The veil that dims the rain during a play.
    root.addChild(this.veil)

    // Rays behind a won packet.
    this.rays = new Sprite(raysTexture(kit, geo.width * 1.1))
    this.rays.visible = false
    // Added light reads as a glow over the dimmed rain, not as a brown film.
    this.rays.blendMode = 'add'
    root.addChild(this.rays)

    // Coins burst from behind the packet, so they never cover the amount.
    const coin = coinTexture(kit, 11)
    for (let i = 0; i < opts.coinCount; i++) {
      const sprite = new Sprite(coin)
      sprite.anchor.set(0.5)
      sprite.visible = false
      this.coinSprites.push(sprite)
      this.coinLayer.addChild(sprite)
    }
    root.addChild(this.coinLayer)

    // The held packet, back to front: inside, card, pocket, lid, seal.
    this.back = new Sprite(heroBackTexture(kit, geo))
    const cardBg = new Sprite(cardTexture(kit, geo))
    this.goldFill = kit.gold()
    const goldDigits = (size: number): Text => {
      const text = this.cardText(size, PALETTE.gold)
      text.style.fill = this.goldFill
      text.style.stroke = { color: PALETTE.redDeep, width: size * 0.09, join: 'round' }
      text.style.dropShadow = { color: ACCENTS.shadow, alpha: 0.35, blur: 4, distance: 3, angle: Math.PI / 2 }
      return text
    }
    this.texts = {
      label: this.cardText(16, PALETTE.goldDeep),
      currency: goldDigits(32),
      amount: goldDigits(62),
      main: this.cardText(34, ACCENTS.prizeRed),
      caption: this.cardText(16, PALETTE.goldDeep),
    }
    const { label, currency, amount, main, caption } = this.texts
    this.card.addChild(cardBg, label, currency, amount, main, caption)
    this.pocket = new Sprite(heroPocketTexture(kit, geo))
    const titleFit = fitText(title, { maxWidth: geo.width * 0.8, maxLines: 1, size: Math.round(geo.width * 0.085), minSize: 12 }, measureWith({}))
    this.lid = new Sprite(heroLidTexture(kit, geo, titleFit.lines[0] ?? ''))
    this.lid.position.set(0, -geo.height / 2)
    this.seal = new Sprite(sealTexture(kit, geo.sealRadius))
    this.seal.position.set(0, geo.sealY)
    this.hero.addChild(this.back, this.card, this.pocket, this.lid, this.seal)
    this.hero.visible = false
    root.addChild(this.hero)

  }

  /** Lay the scene out for a width×height area, CSS px. */
  layout(width: number, height: number): void {
    this.width = width
    this.height = height
    const geo = this.geo
    const openedHeight = geo.height + geo.cardRise - 10
    this.heroScale = Math.min((width * this.opts.heroWidthRatio) / geo.width, 1, (height * 0.86) / openedHeight)
    this.drawBackground(width, height)
    this.veil.clear().rect(0, 0, width, height).fill({ color: 0x2a0003 })
    this.hint.position.set(width / 2, height - 34)
  }

  /** The hero's y when opened, so the risen card and the packet sit centred together. */
  openedCentreY(height: number): number {
    const { cardRise } = this.geo
    return height / 2 + (cardRise / 2 - 5) * this.heroScale
  }

  syncRain(rain: Rain): void {
    const packets = rain.packets
    for (let i = 0; i < packets.length; i++) {
      const p = packets[i]
      const sprite = this.rainSprites[i]
      if (!p || !sprite) continue
      sprite.visible = p.active
      if (!p.active) continue
      sprite.texture = this.packetTextures[p.variant] ?? sprite.texture
      sprite.position.set(p.x, p.y)
      sprite.rotation = p.rotation
      sprite.scale.set(p.scale)
      sprite.zIndex = p.z
    }
  }

  syncCoins(burst: CoinBurst): void {
    const coins = burst.coins
    for (let i = 0; i < coins.length; i++) {
      const c = coins[i]
      const sprite = this.coinSprites[i]
      if (!c || !sprite) continue
      sprite.visible = c.active
      if (!c.active) continue
      sprite.position.set(c.x, c.y)
      sprite.scale.set(c.scale * Math.max(0.08, Math.abs(Math.cos(c.flip))), c.scale)
      const left = 1 - c.age / c.life
      sprite.alpha = left < 0.25 ? left / 0.25 : 1
    }
  }

  setFocus(focus: number, dimAlpha: number): void {
    this.veil.alpha = focus * dimAlpha
    this.veil.visible = focus > 0
    this.hint.alpha = 1 - focus
  }

  /** Back to a closed packet, ready to fly. */
  resetHero(): void {
    this.hero.visible = true
    this.hero.alpha = 1
    this.lid.scale.set(1)
    this.lid.tint = 0xffffff
    if (this.lidBehind) {
      this.hero.setChildIndex(this.lid, this.hero.children.length - 2)
      this.lidBehind = false
    }
    this.seal.visible = true
    this.seal.alpha = 1
    this.seal.scale.set(1)
    this.card.position.set(0, this.geo.cardY)
    this.card.visible = true
    this.back.visible = true
    this.rays.visible = false
  }

  /** The lid is up (the card is out or on its way). */
  get isOpen(): boolean {
    return this.lidBehind
  }

  /** A closed packet fades out whole: hide what its front covers, or it would show through. */
  closeInside(): void {
    const closed = !this.lidBehind
    this.back.visible = !closed
    this.card.visible = !closed
  }

  hideHero(): void {
    this.hero.visible = false
    this.rays.visible = false
  }

  pose(x: number, y: number, rotation: number, scale: number, alpha: number): void {
    this.hero.position.set(x, y)
    this.hero.rotation = rotation
    this.hero.scale.set(scale)
    this.hero.alpha = alpha
  }

  /** Coin-flip of the seal while the draw runs: one turn per `periodMs`. */
  spinSeal(ms: number, periodMs: number): void {
    this.seal.scale.set(Math.max(0.06, Math.abs(Math.cos((Math.PI * ms) / periodMs))), 1)
  }

  /** k 0→1: the seal pops, then the lid flips up behind the card. */
  openLid(k: number): void {
    const pop = Math.min(1, k / 0.35)
    this.seal.scale.set(1 + 0.5 * pop)
    this.seal.alpha = 1 - pop
    this.seal.visible = pop < 1
    const flip = easeInOutCubic(Math.max(0, (k - 0.15) / 0.85))
    const sy = lerp(1, -0.95, flip)
    this.lid.scale.set(1, sy)
    const behind = sy < 0
    if (behind !== this.lidBehind) {
      // Past the hinge we see the lid's inside, and it lies behind the card.
      this.hero.setChildIndex(this.lid, behind ? 1 : this.hero.children.length - 2)
      this.lid.tint = behind ? 0xc06060 : 0xffffff
      this.lidBehind = behind
    }
  }

  /** rise 0→1 (may overshoot): the card slides up; pop 0→1: its main text grows in. */
  raiseCard(rise: number, pop: number): void {
    this.card.y = this.geo.cardY - this.geo.cardRise * rise
    const grow = lerp(0.6, 1, pop)
    this.texts.main.scale.set(grow)
    this.texts.amount.scale.set(grow)
    this.texts.currency.alpha = pop
  }

  /** Rays behind the risen card; `ms` turns them slowly. */
  showRays(alpha: number, ms: number): void {
    const rays = this.rays
    rays.visible = alpha > 0
    if (!rays.visible) return
    rays.alpha = alpha
    rays.position.set(this.hero.x, this.hero.y + (this.geo.cardY - this.geo.cardRise) * this.heroScale)
    rays.scale.set(this.heroScale)
    rays.rotation = ms * 0.0002
  }

  fadeRays(alpha: number): void {
    if (this.rays.visible) this.rays.alpha = Math.min(this.rays.alpha, alpha)
  }

  /** Write the outcome on the card (before it rises). */
  showOutcome(outcome: Outcome): void {
    const { label, currency, amount, main, caption } = this.texts
    const top = -this.geo.cardHeight / 2
    label.position.set(0, top + 36)
    caption.position.set(0, top + 178)
    const money = outcome.kind === 'win' && outcome.amountCents > 0
    currency.visible = money
    amount.visible = money
    main.visible = !money
    caption.style.fontSize = outcome.kind === 'win' ? 16 : 20
    if (outcome.kind === 'win' && money) {
      label.text = '恭喜发财 · 红包到手'
      currency.text = '¥'
      amount.text = formatYuan(outcome.amountCents)
      // '¥' and the digits centred together, the sign low on the digits' baseline.
      const gap = 4
      const total = currency.width + gap + amount.width
      currency.position.set(-total / 2 + currency.width / 2, top + 126)
      amount.position.set(total / 2 - amount.width / 2, top + 112)
      caption.text = outcome.prizeName
    } else if (outcome.kind === 'win') {
      label.text = '恭喜获得'
      const fit = fitText(outcome.prizeName, { maxWidth: this.geo.cardWidth - 48, maxLines: 2, size: 34, minSize: 18 }, measureWith({}))
      main.text = fit.lines.join('\n')
      main.style.fontSize = fit.size
      main.position.set(0, top + 112)
      caption.text = '请按提示领取奖品'
    } else {
      label.text = '很遗憾'
      main.text = '谢谢参与'
      main.style.fontSize = 38
      main.position.set(0, top + 110)
      caption.text = '下次好运'
    }
  }

  destroy(): void {
    this.root.removeChild(this.hero, this.coinLayer, this.rays, this.veil, this.hint, this.rainLayer, this.background)
    this.hero.destroy({ children: true })
    this.coinLayer.destroy({ children: true })
    this.rays.destroy()
    this.veil.destroy()
    this.hint.destroy({ children: true })
    this.rainLayer.destroy({ children: true })
    this.background.destroy()
    this.kit.destroy()
  }

  private cardText(size: number, color: number): Text {
    const text = new Text({ text: '', style: cjkStyle({ size, color }), resolution: this.kit.resolution })
    text.anchor.set(0.5)
    return text
  }

  private drawBackground(width: number, height: number): void {
    const g = this.background.clear()
    g.rect(0, 0, width, height).fill(this.backgroundFill)
    // A warm glow from the top and soft bokeh: festive, yet quiet behind the packets.
    g.rect(0, 0, width, height * 0.6).fill(this.glowFill)
    const spots = [
      [0.12, 0.2, 46],
      [0.86, 0.12, 30],
      [0.8, 0.44, 60],
      [0.18, 0.63, 38],
      [0.9, 0.8, 42],
      [0.42, 0.9, 56],
    ] as const
    for (const [fx, fy, r] of spots) g.circle(fx * width, fy * height, r).fill(this.bokehFill)
  }
}
