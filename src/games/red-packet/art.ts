/**
 * The red packet's art, drawn with Pixi graphics and baked once into textures
 * (see bakeTexture). Every drawing is centred on its own origin unless said.
 */
import { Container, FillGradient, Graphics } from 'pixi.js'
import type { Renderer, Texture } from 'pixi.js'
import { bakePieces, bakeTexture } from '../shared/bake'
import { cjkText } from '../shared/textStyle'
import { ACCENTS, PALETTE, goldStops } from '../shared/palette'

/** Height / width of a packet, rain and hero alike, so the flight morphs seamlessly. */
export const PACKET_RATIO = 1.32

/** The opened-packet geometry, in hero design units (1 unit = 1 CSS px at hero scale 1). */
export interface HeroGeometry {
  width: number
  height: number
  /** y of the lid's bottom curve at the sides (its ends). */
  lidEdgeY: number
  /** How far the curve dips below lidEdgeY at the centre (control-point depth, halved on the curve). */
  lidDip: number
  /** Seal centre and radius. */
  sealY: number
  sealRadius: number
  cardWidth: number
  cardHeight: number
  /** Card centre y while inside the packet, and how far it rises when opened. */
  cardY: number
  cardRise: number
}

/** The hero's layout for a design width (CSS px). */
export function heroGeometry(width: number): HeroGeometry {
  const height = Math.round(width * PACKET_RATIO)
  const lidEdgeY = -height * 0.15
  const lidDip = height * 0.22
  const cardHeight = height * 0.86
  return {
    width,
    height,
    lidEdgeY,
    lidDip,
    sealY: lidEdgeY + lidDip / 2,
    sealRadius: width * 0.16,
    cardWidth: width * 0.86,
    cardHeight,
    cardY: -height / 2 + 10 + cardHeight / 2,
    cardRise: height * 0.37,
  }
}

/** Hands the main thread back between two pieces of a bake; true: give up (the scene is no longer wanted). */
export type Pause = () => Promise<boolean>

/** Baked textures of one game; destroy() frees them all. */
export class ArtKit {
  private readonly textures: Texture[] = []
  private readonly gradients: FillGradient[] = []
  constructor(
    private readonly renderer: Renderer,
    /** Pixels per CSS px of the baked art. */
    readonly resolution: number,
  ) {}

  /**
   * A top-to-bottom gradient, freed with the kit: freeing it right after baking
   * would pull its texture out from under Pixi's cached batch bind groups, and
   * the baked drawing is drawn again with it after a WebGL context loss.
   */
  vertical(stops: readonly (readonly [number, number])[]): FillGradient {
    const gradient = new FillGradient({ colorStops: stops.map(([offset, color]) => ({ offset, color })) })
    this.gradients.push(gradient)
    return gradient
  }

  /** The vertical gold of coins and digits: light to deep, the main gold at `mid` (0–1). */
  gold(mid = 0.5): FillGradient {
    return this.vertical(goldStops(mid).map(({ offset, color }) => [offset, color] as const))
  }

  /**
   * A radial gradient in the shape's box (0–1 on each axis; centre and radius
   * default to the box's centre and half its size); colours may be rgba strings.
   */
  radial(stops: readonly (readonly [number, string])[], center = { x: 0.5, y: 0.5 }, outerRadius = 0.5): FillGradient {
    const gradient = new FillGradient({
      type: 'radial',
      center,
      outerCenter: center,
      outerRadius,
      colorStops: stops.map(([offset, color]) => ({ offset, color })),
    })
    this.gradients.push(gradient)
    return gradient
  }

  bake(target: Container, resolution = this.resolution): Texture {
    const texture = bakeTexture(this.renderer, target, { resolution })
    this.textures.push(texture)
    return texture
  }

  /**
   * bake() for art with text, in pieces (the shapes, then each text: measuring a new font and rastering
   * CJK glyphs are the costly part), awaiting `pause` between them when they take long (see bakePieces).
   * The first piece's bounds frame the texture. Null, with nothing kept, when `pause` gives up.
   */
  async bakeInPieces(pieces: readonly (() => Container)[], pause: Pause, resolution = this.resolution): Promise<Texture | null> {
    const texture = await bakePieces(this.renderer, pieces, { resolution }, pause)
    if (texture) this.textures.push(texture)
    return texture
  }

  destroy(): void {
    // The textures first: each frees the drawing it was baked from (kept for a WebGL context loss), which paints with the gradients.
    for (const t of this.textures.splice(0).reverse()) t.destroy(true)
    for (const g of this.gradients.splice(0).reverse()) g.destroy()
  }
}

/** The lid shape: the packet's top with a downward-bulging bottom edge. */
function lidPath(g: Graphics, w: number, h: number, edgeY: number, dip: number, radius: number): Graphics {
  const hw = w / 2
  const hh = h / 2
  return g
    .moveTo(-hw, edgeY)
    .lineTo(-hw, -hh + radius)
    .arcTo(-hw, -hh, -hw + radius, -hh, radius)
    .lineTo(hw - radius, -hh)
    .arcTo(hw, -hh, hw, -hh + radius, radius)
    .lineTo(hw, edgeY)
    .quadraticCurveTo(0, edgeY + dip, -hw, edgeY)
    .closePath()
}

/** Gold disc with a rim, radius r. */
function goldDisc(kit: ArtKit, g: Graphics, x: number, y: number, r: number): void {
  g.circle(x, y + r * 0.08, r).fill({ color: ACCENTS.shadow, alpha: 0.3 })
  g.circle(x, y, r).fill(kit.gold(0.55))
  g.circle(x, y, r * 0.84).stroke({ width: Math.max(1, r * 0.07), color: PALETTE.goldDeep, alpha: 0.55 })
  // A highlight arc, top left.
  g.moveTo(x + Math.cos(Math.PI * 1.05) * r * 0.66, y + Math.sin(Math.PI * 1.05) * r * 0.66)
  g.arc(x, y, r * 0.66, Math.PI * 1.05, Math.PI * 1.45).stroke({ width: Math.max(1, r * 0.09), color: ACCENTS.white, alpha: 0.5, cap: 'round' })
}

/** A square-holed coin face on a gold disc. */
function coinFace(g: Graphics, x: number, y: number, r: number): void {
  const s = r * 0.34
  g.rect(x - s, y - s, 2 * s, 2 * s).fill({ color: PALETTE.goldDeep, alpha: 0.9 })
  g.rect(x - s * 0.62, y - s * 0.62, 1.24 * s, 1.24 * s).fill({ color: PALETTE.redDeep })
}

/**
 * A falling packet, w×h CSS px: red body, lid with a gold edge, and a gold seal
 * with 福 (variant 0) or a coin (variant 1).
 */
export function rainPacketTexture(kit: ArtKit, variant: number, w: number, h: number, resolution: number, pause: Pause): Promise<Texture | null> {
  const g = new Graphics()
  const hw = w / 2
  const hh = h / 2
  const r = w * 0.12
  const edgeY = -h * 0.14
  const dip = h * 0.24
  // Soft shadow, so packets read against each other and the background.
  g.roundRect(-hw + 1, -hh + 3, w, h, r).fill({ color: ACCENTS.shadow, alpha: 0.28 })
  const body = variant === 0 ? [PALETTE.redLight, PALETTE.red, 0xb8141b] : [0xff5a3c, 0xe0301f, 0xb01a16]
  g.roundRect(-hw, -hh, w, h, r).fill(kit.vertical([[0, body[0]!], [0.5, body[1]!], [1, body[2]!]]))
  // The lid, a touch lighter, with the shadow it casts on the pocket.
  g.moveTo(-hw, edgeY + 2).quadraticCurveTo(0, edgeY + dip + 4, hw, edgeY + 2).stroke({ width: 3, color: ACCENTS.shadow, alpha: 0.25 })
  lidPath(g, w, h, edgeY, dip, r).fill(kit.vertical([[0, ACCENTS.redGlow], [1, body[0]!]]))
  g.moveTo(-hw, edgeY).quadraticCurveTo(0, edgeY + dip, hw, edgeY).stroke({ width: 1.6, color: PALETTE.gold })
  // Gold frame inside the edge.
  g.roundRect(-hw + 3.5, -hh + 3.5, w - 7, h - 7, r * 0.7).stroke({ width: 1, color: PALETTE.goldLight, alpha: 0.55 })
  // Gold ingots pattern at the bottom.
  g.moveTo(-w * 0.22, hh - h * 0.16).lineTo(w * 0.22, hh - h * 0.16).stroke({ width: 1.2, color: PALETTE.gold, alpha: 0.6 })
  const sealY = edgeY + dip / 2
  const sealR = w * 0.2
  goldDisc(kit, g, 0, sealY, sealR)
  if (variant !== 0) coinFace(g, 0, sealY, sealR)
  const fu = () => placed(cjkText('福', { size: sealR * 1.25, color: ACCENTS.prizeRed }, resolution), 0, sealY)
  const label = () => placed(cjkText(variant === 0 ? '大吉' : '好运', { size: w * 0.2, color: PALETTE.goldLight, letterSpacing: 1 }, resolution), 0, hh - h * 0.27)
  return kit.bakeInPieces(variant === 0 ? [() => g, fu, label] : [() => g, label], pause, resolution)
}

/** `piece` at (x, y), in a holder: a bake frames and draws a piece from its own origin, leaving out its own position. */
function placed(piece: Container, x: number, y: number): Container {
  piece.position.set(x, y)
  const holder = new Container()
  holder.addChild(piece)
  return holder
}

/** The inside of the opened packet, seen when the lid is up. */
export function heroBackTexture(kit: ArtKit, geo: HeroGeometry): Texture {
  const g = new Graphics()
  const { width: w, height: h } = geo
  const r = w * 0.07
  g.roundRect(-w / 2 + 2, -h / 2 + 8, w, h, r).fill({ color: ACCENTS.shadow, alpha: 0.35 })
  g.roundRect(-w / 2, -h / 2, w, h, r).fill(kit.vertical([[0, 0x7d0a0f], [0.5, PALETTE.redDeep], [1, PALETTE.red]]))
  return kit.bake(g)
}

/** The pocket: the packet's front below the lid, with its greeting. */
export function heroPocketTexture(kit: ArtKit, geo: HeroGeometry, pause: Pause): Promise<Texture | null> {
  const g = new Graphics()
  const { width: w, height: h, lidEdgeY: edgeY, lidDip: dip } = geo
  const hw = w / 2
  const hh = h / 2
  const r = w * 0.07
  // Top edge = the lid's curve, so the closed packet is seamless.
  g.moveTo(-hw, edgeY)
    .quadraticCurveTo(0, edgeY + dip, hw, edgeY)
    .lineTo(hw, hh - r)
    .arcTo(hw, hh, hw - r, hh, r)
    .lineTo(-hw + r, hh)
    .arcTo(-hw, hh, -hw, hh - r, r)
    .closePath()
    .fill(kit.vertical([[0, PALETTE.red], [1, 0xb3121a]]))
  // Light along the rim of the pocket.
  g.moveTo(-hw, edgeY).quadraticCurveTo(0, edgeY + dip, hw, edgeY).stroke({ width: 3, color: PALETTE.goldLight, alpha: 0.9 })
  g.moveTo(-hw + 10, hh - 10).lineTo(hw - 10, hh - 10).stroke({ width: 1.5, color: PALETTE.gold, alpha: 0.6 })
  // Cloud-like arcs (祥云) in the corners.
  for (const side of [-1, 1]) {
    for (let i = 0; i < 3; i++) {
      const cx = side * (hw - 26 - i * 14)
      const cy = hh - 34 + (i % 2) * 6
      g.moveTo(cx - (9 - i), cy).arc(cx, cy, 9 - i, Math.PI, 0).stroke({ width: 1.6, color: PALETTE.gold, alpha: 0.5 })
    }
  }
  const greeting = () => placed(cjkText('恭喜发财 · 大吉大利', { size: w * 0.075, color: PALETTE.goldLight, letterSpacing: 2 }, kit.resolution), 0, hh - h * 0.2)
  return kit.bakeInPieces([() => g, greeting], pause)
}

/**
 * The lid, drawn with its origin at the hinge (the packet's top centre) so it
 * can flip open by scaling y.
 */
export function heroLidTexture(kit: ArtKit, geo: HeroGeometry, title: string, pause: Pause): Promise<Texture | null> {
  const g = new Graphics()
  const { width: w, height: h, lidEdgeY: edgeY, lidDip: dip } = geo
  const r = w * 0.07
  const top = h / 2
  lidPath(g, w, h, edgeY, dip, r).fill(kit.vertical([[0, ACCENTS.redGlow], [0.35, PALETTE.redLight], [1, PALETTE.red]]))
  g.moveTo(-w / 2, edgeY).quadraticCurveTo(0, edgeY + dip, w / 2, edgeY).stroke({ width: 2.5, color: PALETTE.gold })
  // A fine inner frame along the sides and top, open at the curve.
  const inset = 8
  const ir = r * 0.6
  g.moveTo(-w / 2 + inset, edgeY - 4)
    .lineTo(-w / 2 + inset, -h / 2 + inset + ir)
    .arcTo(-w / 2 + inset, -h / 2 + inset, -w / 2 + inset + ir, -h / 2 + inset, ir)
    .lineTo(w / 2 - inset - ir, -h / 2 + inset)
    .arcTo(w / 2 - inset, -h / 2 + inset, w / 2 - inset, -h / 2 + inset + ir, ir)
    .lineTo(w / 2 - inset, edgeY - 4)
    .stroke({ width: 1.2, color: PALETTE.goldLight, alpha: 0.45 })
  const label = () => placed(cjkText(title, { size: w * 0.085, color: PALETTE.goldLight, letterSpacing: 1 }, kit.resolution), 0, top - h / 2 + h * 0.13)
  // Shifted so (0, 0) is the hinge.
  return kit.bakeInPieces([() => placed(g, 0, top), label], pause)
}

/** The seal with 開 that the participant "presses"; spins like a coin while waiting. */
export function sealTexture(kit: ArtKit, radius: number, pause: Pause): Promise<Texture | null> {
  const g = new Graphics()
  g.circle(0, 0, radius * 1.12).fill({ color: PALETTE.goldLight, alpha: 0.25 })
  goldDisc(kit, g, 0, 0, radius)
  return kit.bakeInPieces([() => g, () => cjkText('開', { size: radius * 1.05, color: PALETTE.redDeep }, kit.resolution)], pause)
}

/** The card inside the packet (its texts are live, set on reveal). */
export function cardTexture(kit: ArtKit, geo: HeroGeometry): Texture {
  const g = new Graphics()
  const { cardWidth: w, cardHeight: h } = geo
  const r = w * 0.06
  g.roundRect(-w / 2, -h / 2 + 4, w, h, r).fill({ color: ACCENTS.shadow, alpha: 0.25 })
  g.roundRect(-w / 2, -h / 2, w, h, r).fill(kit.vertical([[0, 0xfffbef], [0.6, PALETTE.cream], [1, PALETTE.creamDeep]]))
  g.roundRect(-w / 2 + 7, -h / 2 + 7, w - 14, h - 14, r * 0.7).stroke({ width: 1.6, color: PALETTE.gold })
  g.roundRect(-w / 2 + 11, -h / 2 + 11, w - 22, h - 22, r * 0.5).stroke({ width: 0.8, color: PALETTE.gold, alpha: 0.6 })
  // A small ornament under the top label.
  const y = -h / 2 + 56
  g.moveTo(-w * 0.28, y).lineTo(-w * 0.06, y).stroke({ width: 1.2, color: PALETTE.gold })
  g.moveTo(w * 0.06, y).lineTo(w * 0.28, y).stroke({ width: 1.2, color: PALETTE.gold })
  g.poly([0, y - 5, 5, y, 0, y + 5, -5, y]).fill(PALETTE.gold)
  return kit.bake(g)
}

/** Gold rays behind a won packet. */
export function raysTexture(kit: ArtKit, radius: number): Texture {
  const g = new Graphics()
  g.circle(0, 0, radius).fill(
    kit.radial([
      [0, 'rgba(255,236,160,0.75)'],
      [0.35, 'rgba(255,200,80,0.35)'],
      [1, 'rgba(255,200,80,0)'],
    ]),
  )
  const rays = 14
  for (let i = 0; i < rays; i++) {
    const a = (i / rays) * Math.PI * 2
    const spread = Math.PI / rays / 2
    g.poly([0, 0, Math.cos(a - spread) * radius, Math.sin(a - spread) * radius, Math.cos(a + spread) * radius, Math.sin(a + spread) * radius]).fill({
      color: PALETTE.goldLight,
      alpha: 0.22,
    })
  }
  // Soft art: half resolution is plenty and saves memory.
  return kit.bake(g, Math.max(1, kit.resolution / 2))
}

/** A gold coin for the burst. */
export function coinTexture(kit: ArtKit, radius: number): Texture {
  const g = new Graphics()
  goldDisc(kit, g, 0, 0, radius)
  coinFace(g, 0, 0, radius)
  return kit.bake(g)
}
