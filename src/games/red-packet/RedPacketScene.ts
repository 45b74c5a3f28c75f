import { BitmapFont, Container, Graphics, Sprite, Text } from 'pixi.js'
import type { FillGradient, Renderer, Texture } from 'pixi.js'
import type { Outcome } from '../../core/outcome'
import { easeInOutCubic, lerp } from '../shared/easing'
import { ACCENTS, PALETTE } from '../shared/palette'
import { fitText } from '../shared/textFit'
import { cjkStyle, measureWith } from '../shared/textStyle'
import {
  ArtKit,
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
import type { CoinBurst } from './coins'
import type { RedPacketDefaults } from './defaults'
import type { Pose } from './heroPose'
import { installAmountFont, ResultCard } from './ResultCard'
import { yieldToMain } from '../startup'
import type { Rain } from './spawn'

/** The scene's own shades of the palette: the backdrop, the veil, the inside of the lid. */
const SHADES = {
  backdropTop: 0xf2523a,
  backdropBottom: 0x9c0a12,
  veil: 0x2a0003,
  lidInside: 0xc06060,
}

/** Soft light spots on the backdrop: x and y as fractions of the scene, radius in CSS px. */
const BOKEH = [
  [0.12, 0.2, 46],
  [0.86, 0.12, 30],
  [0.8, 0.44, 60],
  [0.18, 0.63, 38],
  [0.9, 0.8, 42],
  [0.42, 0.9, 56],
] as const

/** The baked textures of a scene (owned by its ArtKit). */
interface SceneArt {
  packets: Texture[]
  rays: Texture
  coin: Texture
  back: Texture
  pocket: Texture
  lid: Texture
  seal: Texture
}

/** Every display object and texture of a prepared red packet game, built once; the game only poses them. */
export class RedPacketScene {
  readonly geo: HeroGeometry
  readonly hero = new Container()
  heroScale = 1

  private readonly kit: ArtKit
  private readonly background = new Graphics()
  private readonly rainLayer = new Container()
  private readonly rainSprites: Sprite[] = []
  private readonly packetTextures: Texture[]
  private readonly hint = new Container()
  private readonly veil = new Graphics()
  private readonly rays: Sprite
  private readonly back: Sprite
  private readonly card: ResultCard
  private readonly pocket: Sprite
  private readonly lid: Sprite
  private readonly seal: Sprite
  private readonly coinLayer = new Container()
  private readonly coinSprites: Sprite[] = []
  private readonly backgroundFill: FillGradient
  private readonly glowFill: FillGradient
  private readonly bokehFill: FillGradient
  private lidBehind = false

  /**
   * Bake the scene's art one texture per task (the main thread is handed back between them, so start-up
   * has no long task), then put the scene together in `root`. Null, with everything freed, when `stale()`
   * says the scene is no longer wanted (a newer prepare() or the game's destroy()) at one of those breaks.
   */
  static async create(root: Container, renderer: Renderer, opts: RedPacketDefaults, title: string, stale: () => boolean): Promise<RedPacketScene | null> {
    const resolution = Math.max(1, renderer.resolution)
    const kit = new ArtKit(renderer, resolution)
    const geo = heroGeometry(opts.heroMaxWidth)
    let dropped = false
    // The main thread handed back; true once the scene is no longer wanted (then every later step is skipped).
    const pause = async (): Promise<boolean> => {
      if (!dropped) {
        await yieldToMain()
        dropped = stale()
      }
      return dropped
    }
    const step = async <T>(make: () => T | Promise<T | null>): Promise<T | null> => ((await pause()) ? null : make())
    const packet = (variant: number) => step(() => rainPacketTexture(kit, variant, opts.packetWidth, opts.packetHeight, resolution * opts.maxScale, pause))
    const packet0 = await packet(0)
    const packet1 = await packet(1)
    const packets = packet0 && packet1 ? [packet0, packet1] : null
    const rays = await step(() => raysTexture(kit, geo.width * 1.1))
    const coin = await step(() => coinTexture(kit, opts.coinRadius))
    const back = await step(() => heroBackTexture(kit, geo))
    const pocket = await step(() => heroPocketTexture(kit, geo, pause))
    const lidTitle = await step(() => fitText(title, { maxWidth: geo.width * 0.8, maxLines: 1, size: Math.round(geo.width * 0.085), minSize: 12 }, measureWith({})).lines[0] ?? '')
    const lid = await step(() => heroLidTexture(kit, geo, lidTitle ?? '', pause))
    const seal = await step(() => sealTexture(kit, geo.sealRadius, pause))
    // The card: its amount's bitmap font (a dozen gold glyphs rastered) in a step of its own, then the card.
    const font = await step(() => installAmountFont(resolution, kit.gold()))
    const card = font === null ? null : await step(() => new ResultCard(kit, geo, font))
    if (font !== null && !card) BitmapFont.uninstall(font)
    const scene = await step(() => (packets && rays && coin && back && pocket && lid && seal && card ? new RedPacketScene(root, kit, geo, opts, { packets, rays, coin, back, pocket, lid, seal }, card) : null))
    if (!scene || stale()) {
      scene?.destroy()
      if (!scene) {
        card?.destroy({ children: true })
        kit.destroy()
      }
      return null
    }
    return scene
  }

  private constructor(
    private readonly root: Container,
    kit: ArtKit,
    geo: HeroGeometry,
    private readonly opts: RedPacketDefaults,
    art: SceneArt,
    card: ResultCard,
  ) {
    this.kit = kit
    this.geo = geo
    const resolution = kit.resolution

    // Background: drawn on resize (a few shapes, not per frame).
    this.backgroundFill = kit.vertical([[0, SHADES.backdropTop], [0.45, PALETTE.red], [1, SHADES.backdropBottom]])
    this.glowFill = kit.radial([[0, 'rgba(255,226,140,0.42)'], [0.55, 'rgba(255,210,120,0.12)'], [1, 'rgba(255,210,120,0)']], { x: 0.5, y: 0 }, 0.75)
    this.bokehFill = kit.radial([[0, 'rgba(255,232,170,0.2)'], [0.65, 'rgba(255,232,170,0.09)'], [1, 'rgba(255,232,170,0)']])
    this.background.visible = opts.background
    root.addChild(this.background)

    // The rain.
    this.packetTextures = art.packets
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
      const label = new Text({ text: opts.hint, style: cjkStyle({ size: opts.hintSize, color: PALETTE.textOnRed, letterSpacing: 2 }), resolution })
      label.anchor.set(0.5)
      const h = opts.hintHeight
      const w = label.width + 2 * opts.hintPadding
      const pill = new Graphics()
        .roundRect(-w / 2, -h / 2, w, h, h / 2)
        .fill({ color: ACCENTS.shadow, alpha: 0.35 })
        .roundRect(-w / 2, -h / 2, w, h, h / 2)
        .stroke({ width: 1, color: PALETTE.goldLight, alpha: 0.6 })
      this.hint.addChild(pill, label)
      root.addChild(this.hint)
    }

    // The veil that dims the rain during a play.
    root.addChild(this.veil)

    // Rays behind a won packet.
    this.rays = new Sprite(art.rays)
    this.rays.visible = false
    // Added light reads as a glow over the dimmed rain, not as a brown film.
    this.rays.blendMode = 'add'
    root.addChild(this.rays)

    // Coins burst from behind the packet, so they never cover the amount.
    const coin = art.coin
    for (let i = 0; i < opts.coinCount; i++) {
      const sprite = new Sprite(coin)
      sprite.anchor.set(0.5)
      sprite.visible = false
      this.coinSprites.push(sprite)
      this.coinLayer.addChild(sprite)
    }
    root.addChild(this.coinLayer)

    // The held packet, back to front: inside, card, pocket, lid, seal.
    this.back = new Sprite(art.back)
    this.card = card
    this.pocket = new Sprite(art.pocket)
    this.lid = new Sprite(art.lid)
    this.lid.position.set(0, -geo.height / 2)
    this.seal = new Sprite(art.seal)
    this.seal.position.set(0, geo.sealY)
    this.hero.addChild(this.back, this.card, this.pocket, this.lid, this.seal)
    this.hero.visible = false
    root.addChild(this.hero)
  }

  /** Lay the scene out for a width×height area, CSS px. */
  layout(width: number, height: number): void {
    const { geo, opts } = this
    const openedHeight = geo.height + geo.cardRise - 10
    this.heroScale = Math.min((width * opts.heroWidthRatio) / geo.width, 1, (height * opts.heroHeightRatio) / openedHeight)
    this.drawBackground(width, height)
    this.veil.clear().rect(0, 0, width, height).fill({ color: SHADES.veil })
    this.hint.position.set(width / 2, height - opts.hintBottom)
  }

  /** The hero's y when opened, so the risen card and the packet sit centred together. */
  openedCentreY(height: number): number {
    return height / 2 + (this.geo.cardRise / 2 - 5) * this.heroScale
  }

  /** Where the coins burst from and the rays turn about: the risen card's centre, CSS px. */
  get cardCentre(): { x: number; y: number } {
    return { x: this.hero.x, y: this.hero.y + (this.geo.cardY - this.geo.cardRise) * this.heroScale }
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
    const fade = this.opts.coinFadeShare
    for (let i = 0; i < coins.length; i++) {
      const c = coins[i]
      const sprite = this.coinSprites[i]
      if (!c || !sprite) continue
      sprite.visible = c.active
      if (!c.active) continue
      sprite.position.set(c.x, c.y)
      // A spinning coin: its width follows the cosine of its flip, never quite vanishing.
      sprite.scale.set(c.scale * Math.max(0.08, Math.abs(Math.cos(c.flip))), c.scale)
      const left = 1 - c.age / c.life
      sprite.alpha = left < fade ? left / fade : 1
    }
  }

  /** focus 0–1: how far the veil has dimmed the rain and the hint has faded. */
  setFocus(focus: number): void {
    this.veil.alpha = focus * this.opts.dimAlpha
    this.veil.visible = focus > 0
    this.hint.alpha = 1 - focus
  }

  /** Back to a closed packet, ready to fly. */
  resetHero(): void {
    this.hero.visible = true
    this.hero.alpha = 1
    this.lid.scale.set(1)
    this.lid.tint = ACCENTS.white
    if (this.lidBehind) {
      this.hero.setChildIndex(this.lid, this.hero.children.length - 2)
      this.lidBehind = false
    }
    this.seal.visible = true
    this.seal.alpha = 1
    this.seal.scale.set(1)
    this.card.lower()
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
    this.back.visible = this.lidBehind
    this.card.visible = this.lidBehind
  }

  hideHero(): void {
    this.hero.visible = false
    this.rays.visible = false
  }

  pose(p: Pose): void {
    this.hero.position.set(p.x, p.y)
    this.hero.rotation = p.rotation
    this.hero.scale.set(p.scale)
    this.hero.alpha = p.alpha
  }

  /** Coin-flip of the seal while the draw runs: one turn per sealSpinMs. */
  spinSeal(ms: number): void {
    this.seal.scale.set(Math.max(0.06, Math.abs(Math.cos((Math.PI * ms) / this.opts.sealSpinMs))), 1)
  }

  /** k 0→1: the seal pops, then the lid flips up behind the card. */
  openLid(k: number): void {
    const { sealPopShare, lidDelayShare } = this.opts
    const pop = Math.min(1, k / sealPopShare)
    this.seal.scale.set(1 + 0.5 * pop)
    this.seal.alpha = 1 - pop
    this.seal.visible = pop < 1
    const flip = easeInOutCubic(Math.max(0, (k - lidDelayShare) / (1 - lidDelayShare)))
    // Not quite -1: a flat lid seen from its hinge would read as a line.
    const sy = lerp(1, -0.95, flip)
    this.lid.scale.set(1, sy)
    const behind = sy < 0
    if (behind !== this.lidBehind) {
      // Past the hinge we see the lid's inside, and it lies behind the card.
      this.hero.setChildIndex(this.lid, behind ? 1 : this.hero.children.length - 2)
      this.lid.tint = behind ? SHADES.lidInside : ACCENTS.white
      this.lidBehind = behind
    }
  }

  /** rise 0→1 (may overshoot): the card slides up; pop 0→1: its main text grows in. */
  raiseCard(rise: number, pop: number): void {
    this.card.raise(rise, pop, this.opts.cardPopFrom)
  }

  /** Rays behind the risen card; `ms` turns them slowly. */
  showRays(alpha: number, ms: number): void {
    const rays = this.rays
    rays.visible = alpha > 0
    if (!rays.visible) return
    const centre = this.cardCentre
    rays.alpha = alpha
    rays.position.set(centre.x, centre.y)
    rays.scale.set(this.heroScale)
    rays.rotation = ms * this.opts.raysSpin
  }

  fadeRays(alpha: number): void {
    if (this.rays.visible) this.rays.alpha = Math.min(this.rays.alpha, alpha)
  }

  /** Write the outcome on the card (before it rises). */
  showOutcome(outcome: Outcome): void {
    this.card.show(outcome)
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

  private drawBackground(width: number, height: number): void {
    const g = this.background.clear()
    g.rect(0, 0, width, height).fill(this.backgroundFill)
    // A warm glow from the top and soft bokeh: festive, yet quiet behind the packets.
    g.rect(0, 0, width, height * 0.6).fill(this.glowFill)
    for (const [fx, fy, r] of BOKEH) g.circle(fx * width, fy * height, r).fill(this.bokehFill)
  }
}
