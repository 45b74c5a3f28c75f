/**
 * The wheel's drawings, in design units (CSS px at scale 1, wheel radius
 * WHEEL_RADIUS), centred on (0, 0). Each returns a display object to bake once
 * (shared/bake.ts); nothing here runs per frame.
 */
import { Container, FillGradient, Graphics, Sprite } from 'pixi.js'
import type { Texture } from 'pixi.js'
import { drawPrizeIcon } from '../shared/icons'
import { fitText } from '../shared/textFit'
import { cjkText, measureWith } from '../shared/textStyle'
import { ACCENTS, PALETTE, goldStops } from '../shared/palette'
import type { Segment } from './segments'

/** Outer radius of the rim, design px. */
export const WHEEL_RADIUS = 180
/** Radius of the rotating face, design px. */
export const FACE_RADIUS = 150
/** Radius of the circle the bulbs sit on, design px. */
export const BULB_RING_RADIUS = 166
/** Radius of the centre button, design px. */
export const BUTTON_RADIUS = 46

const rad = (deg: number): number => (deg * Math.PI) / 180
/** Pixi angles start at +x; ours start at the top (the pointer). */
const pixiAngle = (degFromTop: number): number => rad(degFromTop - 90)

/** Soft drop shadow under the wheel (concentric translucent discs: filters do not exist on the canvas renderer). */
export function drawShadow(): Graphics {
  const g = new Graphics()
  for (let i = 0; i < 8; i++) g.circle(0, 10, WHEEL_RADIUS + 8 - i * 1.5).fill({ color: ACCENTS.shadow, alpha: 0.05 })
  return g
}

/** A linear gold gradient from the shape's top left towards `end` (0–1 of its box); `mid` places the main gold. */
function goldGradient(end: { x: number; y: number }, mid = 0.5): FillGradient {
  return new FillGradient({ type: 'linear', start: { x: 0, y: 0 }, end, colorStops: goldStops(mid) })
}

/** The static outer rim: red lacquer ring with gold edges. */
export function drawRim(): Graphics {
  const g = new Graphics()
  const lacquer = new FillGradient({
    type: 'linear',
    start: { x: 0, y: 0 },
    end: { x: 0, y: 1 },
    colorStops: [
      { offset: 0, color: PALETTE.redLight },
      { offset: 0.55, color: PALETTE.red },
      { offset: 1, color: PALETTE.redDeep },
    ],
  })
  const gold = goldGradient({ x: 1, y: 1 })
  g.circle(0, 0, WHEEL_RADIUS).fill(gold)
  g.circle(0, 0, WHEEL_RADIUS - 3).fill(lacquer)
  // inner gold bezel the face sits in
  g.circle(0, 0, FACE_RADIUS + 7).fill(gold)
  g.circle(0, 0, FACE_RADIUS + 2).fill(PALETTE.redDeep)
  return g
}

/**
 * Every other light bulb of the ring, with its halo: the bulbs with index ≡ `parity` (mod 2), bulb 0 at the top.
 * The two halves blink by alpha in turn, each one sprite: a flip changes two objects per frame, not one per bulb.
 */
export function drawBulbs(count: number, parity: 0 | 1): Graphics {
  const g = new Graphics()
  for (let i = parity; i < count; i += 2) {
    const a = pixiAngle((360 / count) * i)
    const x = Math.cos(a) * BULB_RING_RADIUS
    const y = Math.sin(a) * BULB_RING_RADIUS
    g.circle(x, y, 9).fill({ color: PALETTE.goldLight, alpha: 0.25 })
    g.circle(x, y, 6.5).fill({ color: PALETTE.goldLight, alpha: 0.45 })
    g.circle(x, y, 4.6).fill(PALETTE.goldLight).stroke({ width: 1, color: PALETTE.gold })
    g.circle(x - 1.3, y - 1.4, 1.8).fill(ACCENTS.white)
  }
  return g
}

/** An unlit bulb socket, drawn under each bulb so a dim bulb still reads as a bulb. */
export function drawSockets(count: number): Graphics {
  const g = new Graphics()
  for (let i = 0; i < count; i++) {
    const a = pixiAngle((360 / count) * i)
    g.circle(Math.cos(a) * BULB_RING_RADIUS, Math.sin(a) * BULB_RING_RADIUS, 4.4).fill(0xffd9a0).stroke({ width: 1, color: PALETTE.redDeep, alpha: 0.6 })
  }
  return g
}

/**
 * The rotating face, in pieces to bake one over the other (bakePieces: each label's text is costly to lay out
 * and draw): the coloured segments with their gold borders, then per segment its label, wrapped and shrunk to
 * fit, and its icon (or the prize image).
 */
export function drawFace(segments: readonly Segment[], images: ReadonlyMap<string, Texture>): (() => Container)[] {
  return [() => drawFaceSegments(segments), ...segments.map((s) => () => drawFaceLabel(s, segments.length, images))]
}

function drawFaceSegments(segments: readonly Segment[]): Container {
  const g = new Graphics()
  const n = segments.length
  const w = 360 / n
  for (const s of segments) {
    const a0 = pixiAngle(s.index * w)
    const a1 = pixiAngle((s.index + 1) * w)
    g.moveTo(0, 0).arc(0, 0, FACE_RADIUS, a0, a1).closePath().fill(s.fill)
    // a lighter band at the outer edge gives the segments some depth
    g.moveTo(Math.cos(a0) * (FACE_RADIUS - 10), Math.sin(a0) * (FACE_RADIUS - 10))
      .arc(0, 0, FACE_RADIUS, a0, a1)
      .arc(0, 0, FACE_RADIUS - 10, a1, a0, true)
      .closePath()
      .fill({ color: ACCENTS.white, alpha: s.prizeId === null && s.index % 2 === 1 ? 0.08 : 0.25 })
  }
  // borders between segments, with a gold stud where each meets the rim
  for (let i = 0; i < n; i++) {
    const a = pixiAngle(i * w)
    g.moveTo(Math.cos(a) * 30, Math.sin(a) * 30)
      .lineTo(Math.cos(a) * FACE_RADIUS, Math.sin(a) * FACE_RADIUS)
      .stroke({ width: 2.5, color: PALETTE.gold })
    g.circle(Math.cos(a) * (FACE_RADIUS - 5), Math.sin(a) * (FACE_RADIUS - 5), 3).fill(PALETTE.goldLight).stroke({ width: 1, color: PALETTE.goldDeep })
  }
  g.circle(0, 0, FACE_RADIUS).stroke({ width: 2, color: PALETTE.goldDeep, alpha: 0.6 })
  return g
}

function drawFaceLabel(s: Segment, n: number, images: ReadonlyMap<string, Texture>): Container {
  const w = 360 / n
  // Text box: from just inside the rim band inward; width = the chord there.
  const top = FACE_RADIUS - 16
  const half = rad(w / 2)
  const iconSize = Math.min(34, 2 * (top - 40) * Math.sin(half) * 0.62)
  const root = new Container()
  const slot = new Container()
  slot.rotation = rad((s.index + 0.5) * w)
  root.addChild(slot)
  const textDepth = 38 // room for two lines
  const maxWidth = Math.max(24, 2 * (top - textDepth) * Math.sin(half) * 0.86)
  const style = { color: s.text, weight: 'bold' as const }
  const fit = fitText(s.label, { maxWidth, maxLines: 2, size: n <= 8 ? 16 : 14, minSize: 10 }, measureWith(style))
  const label = cjkText(fit.lines.join('\n'), { ...style, size: fit.size, lineHeight: 1.15 })
  label.anchor.set(0.5, 0)
  label.position.set(0, -top)
  slot.addChild(label)
  const iconY = -top + label.height + 4 + iconSize / 2
  const image = s.img ? images.get(s.img) : undefined
  const icon = image ? imageIcon(image, iconSize) : drawPrizeIcon(s.prizeType ?? 'none', iconSize)
  icon.position.set(0, iconY)
  slot.addChild(icon)
  return root
}

function imageIcon(texture: Texture, size: number): Sprite {
  const sprite = new Sprite(texture)
  sprite.anchor.set(0.5)
  const scale = Math.min(size / texture.width, size / texture.height) * 1.15
  sprite.scale.set(scale)
  return sprite
}

/** The glow laid over the segment under the pointer (one wedge, rotated onto the segment). */
export function drawHighlight(count: number): Graphics {
  const w = 360 / count
  const g = new Graphics()
  const a0 = pixiAngle(-w / 2)
  const a1 = pixiAngle(w / 2)
  // Light fill so the labels under it stay readable; the frame carries the highlight.
  g.moveTo(0, 0).arc(0, 0, FACE_RADIUS - 1, a0, a1).closePath().fill({ color: ACCENTS.white, alpha: 0.16 })
  g.moveTo(0, 0).arc(0, 0, FACE_RADIUS - 3, a0, a1).closePath().stroke({ width: 6, color: PALETTE.goldLight, alpha: 0.95, join: 'round' })
  g.moveTo(0, 0).arc(0, 0, FACE_RADIUS - 3, a0, a1).closePath().stroke({ width: 2, color: ACCENTS.white, join: 'round' })
  return g
}

/** The pointer: a gold arrow rising from the hub (its origin is the wheel's centre, so it wobbles about it). */
export function drawPointer(): Graphics {
  const g = new Graphics()
  const gold = goldGradient({ x: 1, y: 0 })
  // shadow, then arrow
  g.poly([-27, -24, 0, -90, 27, -24]).fill({ color: ACCENTS.shadow, alpha: 0.25 })
  g.poly([-26, -28, -3.5, -89, 3.5, -89, 26, -28]).fill(gold).stroke({ width: 3.5, color: PALETTE.redDeep, join: 'round' })
  g.poly([-10, -36, -1.5, -80, 1.5, -80]).fill({ color: ACCENTS.white, alpha: 0.55 })
  return g
}

/** The centre button “开始抽奖”: gold ring, red lacquer disc, bright text. */
export function drawButton(): Container {
  const root = new Container()
  const g = new Graphics()
  root.addChild(g)
  const ring = goldGradient({ x: 0, y: 1 }, 0.6)
  const disc = new FillGradient({
    type: 'radial',
    center: { x: 0.5, y: 0.35 },
    innerRadius: 0,
    outerCenter: { x: 0.5, y: 0.5 },
    outerRadius: 0.6,
    colorStops: [
      { offset: 0, color: ACCENTS.redGlow },
      { offset: 0.55, color: PALETTE.red },
      { offset: 1, color: PALETTE.redDeep },
    ],
  })
  g.circle(0, 4, BUTTON_RADIUS + 2).fill({ color: ACCENTS.shadow, alpha: 0.3 })
  g.circle(0, 0, BUTTON_RADIUS).fill(ring).stroke({ width: 2, color: PALETTE.goldDeep })
  g.circle(0, 0, BUTTON_RADIUS - 7).fill(disc)
  g.ellipse(0, -BUTTON_RADIUS + 17, 22, 8).fill({ color: ACCENTS.white, alpha: 0.22 })
  const label = cjkText('开始\n抽奖', {
    size: 19,
    color: PALETTE.goldLight,
    weight: '900',
    lineHeight: 1.1,
    letterSpacing: 1,
    stroke: { color: PALETTE.redDeep, width: 3 },
    shadow: true,
  })
  label.position.set(0, 1)
  root.addChild(label)
  return root
}
