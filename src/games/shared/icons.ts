import { Container, Graphics } from 'pixi.js'
import type { PrizeType } from '../../core/activity'
import { cjkText } from './textStyle'
import { ACCENTS, PALETTE } from './palette'

/** 'none' is the 谢谢参与 (no prize) icon. */
export type IconKind = PrizeType | 'none'

/**
 * A small vector icon for a prize type, centred on (0, 0) in a `size`×`size`
 * box (CSS px). Meant to be baked into a texture, not drawn every frame.
 */
export function drawPrizeIcon(kind: IconKind, size: number): Container {
  const s = size / 100 // the drawings below use a 100-unit box
  const root = new Container()
  const g = new Graphics()
  root.addChild(g)
  switch (kind) {
    case 'physical':
      gift(g, s)
      break
    case 'virtual':
      coupon(g, s)
      root.addChild(glyph('券', 30 * s, ACCENTS.white, 0, 0))
      break
    case 'points':
      coin(g, s)
      root.addChild(glyph('积', 34 * s, PALETTE.goldDeep, 0, 1 * s))
      break
    case 'redpacket':
      envelope(g, s)
      root.addChild(glyph('¥', 20 * s, PALETTE.redDeep, 0, -6 * s))
      break
    case 'none':
      smile(g, s)
      break
  }
  return root
}

function glyph(text: string, size: number, color: number, x: number, y: number): Container {
  const t = cjkText(text, { size, color, weight: '900' })
  t.position.set(x, y)
  return t
}

function gift(g: Graphics, s: number): void {
  // box body and lid
  g.roundRect(-38 * s, -8 * s, 76 * s, 52 * s, 6 * s).fill(PALETTE.red).stroke({ width: 3 * s, color: PALETTE.redDeep })
  g.roundRect(-44 * s, -26 * s, 88 * s, 22 * s, 5 * s).fill(PALETTE.redLight).stroke({ width: 3 * s, color: PALETTE.redDeep })
  // ribbons
  g.rect(-7 * s, -26 * s, 14 * s, 70 * s).fill(PALETTE.gold)
  // bow: two loops and a knot
  g.ellipse(-16 * s, -34 * s, 16 * s, 9 * s).fill(PALETTE.gold).stroke({ width: 3 * s, color: PALETTE.goldDeep })
  g.ellipse(16 * s, -34 * s, 16 * s, 9 * s).fill(PALETTE.gold).stroke({ width: 3 * s, color: PALETTE.goldDeep })
  g.circle(0, -30 * s, 8 * s).fill(PALETTE.goldLight).stroke({ width: 3 * s, color: PALETTE.goldDeep })
  // shine
  g.roundRect(-32 * s, -21 * s, 18 * s, 5 * s, 2.5 * s).fill({ color: ACCENTS.white, alpha: 0.45 })
}

function coupon(g: Graphics, s: number): void {
  // ticket with half-circle notches cut on both sides
  g.roundRect(-46 * s, -28 * s, 92 * s, 56 * s, 8 * s)
    .fill(PALETTE.redLight)
    .circle(-46 * s, 0, 10 * s)
    .cut()
    .circle(46 * s, 0, 10 * s)
    .cut()
  g.roundRect(-38 * s, -20 * s, 76 * s, 40 * s, 5 * s).stroke({ width: 2.5 * s, color: PALETTE.goldLight, alpha: 0.9 })
  // perforation dots
  for (let y = -16; y <= 16; y += 8) g.circle(-22 * s, y * s, 1.8 * s).fill(PALETTE.goldLight)
}

function coin(g: Graphics, s: number): void {
  g.circle(0, 4 * s, 42 * s).fill(PALETTE.goldDeep)
  g.circle(0, 0, 42 * s).fill(PALETTE.gold).stroke({ width: 3 * s, color: PALETTE.goldDeep })
  g.circle(0, 0, 32 * s).fill(PALETTE.goldLight).stroke({ width: 3 * s, color: PALETTE.goldDeep })
  g.ellipse(-16 * s, -22 * s, 10 * s, 5 * s).fill({ color: ACCENTS.white, alpha: 0.6 })
}

function envelope(g: Graphics, s: number): void {
  g.roundRect(-32 * s, -44 * s, 64 * s, 88 * s, 8 * s).fill(PALETTE.red).stroke({ width: 3 * s, color: PALETTE.redDeep })
  // the flap: a curved band across the top third
  g.moveTo(-32 * s, -20 * s)
    .quadraticCurveTo(0, 4 * s, 32 * s, -20 * s)
    .lineTo(32 * s, -36 * s)
    .arcTo(32 * s, -44 * s, 24 * s, -44 * s, 8 * s)
    .lineTo(-24 * s, -44 * s)
    .arcTo(-32 * s, -44 * s, -32 * s, -36 * s, 8 * s)
    .closePath()
    .fill(PALETTE.redDeep)
  // gold seal
  g.circle(0, -6 * s, 14 * s).fill(PALETTE.gold).stroke({ width: 3 * s, color: PALETTE.goldLight })
}

function smile(g: Graphics, s: number): void {
  g.circle(0, 0, 38 * s).fill(PALETTE.goldLight).stroke({ width: 4 * s, color: PALETTE.gold })
  g.circle(-13 * s, -8 * s, 5 * s).fill(PALETTE.red)
  g.circle(13 * s, -8 * s, 5 * s).fill(PALETTE.red)
  g.arc(0, 2 * s, 18 * s, 0.15 * Math.PI, 0.85 * Math.PI).stroke({ width: 5 * s, color: PALETTE.red, cap: 'round' })
  g.circle(-24 * s, 8 * s, 6 * s).fill({ color: ACCENTS.redGlow, alpha: 0.5 })
  g.circle(24 * s, 8 * s, 6 * s).fill({ color: ACCENTS.redGlow, alpha: 0.5 })
}
