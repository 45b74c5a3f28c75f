import { FillGradient, Graphics, Container, Rectangle } from 'pixi.js'
import type { Renderer, Texture } from 'pixi.js'
import { bakeSteps, bakeTexture } from '../shared/bake'
import { cjkText } from '../shared/textStyle'
import { ACCENTS, PALETTE } from '../shared/palette'
import type { CardParts } from './layout'

/** Silver tones of the coating, light to dark. */
const SILVER = { light: 0xf1f3f5, mid: 0xcfd4da, dark: 0xaab1ba, ink: 0x7d8590 } as const

const vertical = (stops: [number, number][]): FillGradient =>
  new FillGradient({
    type: 'linear',
    start: { x: 0, y: 0 },
    end: { x: 0, y: 1 },
    colorStops: stops.map(([offset, color]) => ({ offset, color })),
    textureSpace: 'local',
  })

const diagonal = (stops: [number, number][]): FillGradient =>
  new FillGradient({
    type: 'linear',
    start: { x: 0, y: 0 },
    end: { x: 1, y: 1 },
    colorStops: stops.map(([offset, color]) => ({ offset, color })),
    textureSpace: 'local',
  })

/** A four-pointed sparkle centred on (x, y). */
function sparkle(g: Graphics, x: number, y: number, r: number): Graphics {
  const k = r * 0.28
  return g.poly([x, y - r, x + k, y - k, x + r, y, x + k, y + k, x, y + r, x - k, y + k, x - r, y, x - k, y - k])
}

/**
 * The card without its scratch window's contents: gold rim, red body with a row
 * of marquee bulbs, the title band and the window's recessed well. Baked once per size,
 * in three pieces (the body, the bulbs, the title: bakeSteps), so a slow phone can pause between them.
 */
export function bakeFrameSteps(renderer: Renderer, width: number, height: number, parts: CardParts, title: string, resolution: number): Generator<void, Texture, void> {
  const { radius, scratch, scratchRadius } = parts
  const rim = Math.max(3, Math.round(width * 0.014))
  const lip = Math.max(2, Math.round(width * 0.008))
  const t = parts.title
  const body = (): Container => {
    const g = new Graphics()

    // Soft drop shadow under the card (the first piece's bounds are the texture's: this one covers them all).
    g.roundRect(2, 6, width - 4, height - 2, radius).fill({ color: ACCENTS.shadow, alpha: 0.28 })
    g.roundRect(0, 0, width, height, radius).fill(diagonal([[0, PALETTE.goldLight], [0.45, PALETTE.gold], [1, PALETTE.goldDeep]]))
    g.roundRect(rim, rim, width - 2 * rim, height - 2 * rim, radius - rim).fill(
      vertical([[0, PALETTE.redLight], [0.55, PALETTE.red], [1, PALETTE.redDeep]]),
    )
    // A faint glow behind the title.
    g.ellipse(width / 2, t.y + t.height / 2, width * 0.34, t.height * 0.55).fill({ color: ACCENTS.redGlow, alpha: 0.28 })
    // The window's well: a dark recess with a thin gold lip.
    g.roundRect(scratch.x - lip * 2, scratch.y - lip * 2, scratch.width + lip * 4, scratch.height + lip * 4, scratchRadius + lip * 2).fill(
      diagonal([[0, PALETTE.goldLight], [0.5, PALETTE.gold], [1, PALETTE.goldDeep]]),
    )
    g.roundRect(scratch.x - lip, scratch.y - lip, scratch.width + lip * 2, scratch.height + lip * 2, scratchRadius + lip).fill(PALETTE.redDeep)
    return g
  }

  // Marquee bulbs around the body, between the rim and the window's well (clear of the well).
  const bulbs = (): Container => {
    const g = new Graphics()
    const gap = scratch.x - 2 * lip - rim
    const inset = rim + gap / 2
    const bulbR = Math.max(1.5, gap * 0.2)
    const step = Math.max(14, width / 22)
    const at: [number, number][] = []
    const along = (x0: number, y0: number, x1: number, y1: number): void => {
      const n = Math.max(1, Math.round(Math.hypot(x1 - x0, y1 - y0) / step))
      for (let i = 0; i <= n; i++) at.push([x0 + ((x1 - x0) * i) / n, y0 + ((y1 - y0) * i) / n])
    }
    const c = radius * 0.7
    along(inset + c, inset, width - inset - c, inset)
    along(width - inset, inset + c, width - inset, height - inset - c)
    along(width - inset - c, height - inset, inset + c, height - inset)
    along(inset, height - inset - c, inset, inset + c)
    at.forEach(([x, y], i) => {
      g.circle(x, y, bulbR * 1.9).fill({ color: PALETTE.goldLight, alpha: 0.22 })
      g.circle(x, y, bulbR).fill(i % 2 === 0 ? PALETTE.goldLight : ACCENTS.white)
    })
    return g
  }

  // Title with sparkles either side.
  const heading = (): Container => {
    const root = new Container()
    const size = Math.round(t.height * 0.66)
    const label = cjkText(title, { size, color: PALETTE.goldLight, stroke: { color: PALETTE.redDeep, width: Math.max(2, size * 0.12) }, shadow: true, letterSpacing: size * 0.12 }, resolution)
    label.position.set(width / 2, t.y + t.height / 2)
    root.addChild(label)
    const half = label.width / 2 + size * 0.55
    const s = new Graphics()
    sparkle(s, width / 2 - half, t.y + t.height / 2, size * 0.32).fill(PALETTE.goldLight)
    sparkle(s, width / 2 + half, t.y + t.height / 2, size * 0.32).fill(PALETTE.goldLight)
    sparkle(s, width / 2 - half - size * 0.45, t.y + t.height * 0.28, size * 0.16).fill(PALETTE.goldLight)
    sparkle(s, width / 2 + half + size * 0.45, t.y + t.height * 0.72, size * 0.16).fill(PALETTE.goldLight)
    root.addChild(s)
    return root
  }

  return bakeSteps(renderer, [body, bulbs, heading], { resolution })
}

/** The cream panel under the coating, with a faint lattice of coins. Exactly width × height. */
export function bakePrizePanel(renderer: Renderer, width: number, height: number, radius: number, resolution: number): Texture {
  const g = new Graphics()
  g.roundRect(0, 0, width, height, radius).fill(vertical([[0, PALETTE.cream], [1, PALETTE.creamDeep]]))
  const step = Math.max(16, Math.round(width / 14))
  for (let y = step / 2, row = 0; y < height; y += step * 0.8, row++) {
    for (let x = (row % 2) * (step / 2) + step / 4; x < width; x += step) {
      g.circle(x, y, step * 0.16).stroke({ color: PALETTE.gold, alpha: 0.2, width: 1 })
    }
  }
  // Sunburst rays from the centre, very faint: the eye goes to the prize.
  const cx = width / 2
  const cy = height / 2
  const len = Math.hypot(width, height)
  for (let i = 0; i < 24; i += 2) {
    const a0 = (i / 24) * Math.PI * 2
    const a1 = ((i + 1) / 24) * Math.PI * 2
    g.poly([cx, cy, cx + Math.cos(a0) * len, cy + Math.sin(a0) * len, cx + Math.cos(a1) * len, cy + Math.sin(a1) * len]).fill({
      color: PALETTE.goldLight,
      alpha: 0.25,
    })
  }
  const mask = new Graphics().roundRect(0, 0, width, height, radius).fill(ACCENTS.white)
  const root = new Container()
  root.addChild(g, mask)
  g.mask = mask
  return bakeTexture(renderer, root, { resolution, frame: new Rectangle(0, 0, width, height) })
}

/** The silver coating with a brushed pattern and the hint. Exactly width × height. */
export function bakeCoating(renderer: Renderer, width: number, height: number, radius: number, hint: string, resolution: number): Texture {
  const root = new Container()
  const g = new Graphics()
  root.addChild(g)
  g.roundRect(0, 0, width, height, radius).fill(
    diagonal([[0, SILVER.light], [0.35, SILVER.mid], [0.6, SILVER.light], [1, SILVER.dark]]),
  )
  // Fine diagonal hatching, like foil.
  const pattern = new Graphics()
  const gap = Math.max(5, Math.round(width / 48))
  for (let x = -height; x < width; x += gap) pattern.moveTo(x, 0).lineTo(x + height, height)
  pattern.stroke({ color: ACCENTS.white, alpha: 0.3, width: 1 })
  // Scattered sparkles and faint coins: a foil, not a flat grey.
  const step = Math.round(width / 7)
  for (let y = step * 0.45, row = 0; y < height; y += step * 0.75, row++) {
    for (let x = (row % 2) * step * 0.5 + step * 0.3; x < width; x += step) {
      sparkle(pattern, x, y, step * 0.09).fill({ color: ACCENTS.white, alpha: 0.75 })
    }
  }
  const mask = new Graphics().roundRect(0, 0, width, height, radius).fill(ACCENTS.white)
  root.addChild(pattern, mask)
  pattern.mask = mask
  // Inner highlight along the top edge.
  g.roundRect(1, 1, width - 2, height - 2, radius).stroke({ color: ACCENTS.white, alpha: 0.6, width: 1.5 })

  // The hint, embossed: a white copy 1 px below the ink.
  const size = Math.round(Math.min(height * 0.2, width / (hint.length + 2)))
  const style = { size, weight: 'bold' as const, letterSpacing: size * 0.1 }
  const light = cjkText(hint, { ...style, color: ACCENTS.white }, resolution)
  const ink = cjkText(hint, { ...style, color: SILVER.ink }, resolution)
  light.position.set(width / 2, height / 2 + 1.5)
  ink.position.set(width / 2, height / 2)
  // A pill behind the hint for contrast with the pattern.
  const pill = new Graphics()
    .roundRect(width / 2 - ink.width / 2 - size * 0.8, height / 2 - size * 0.95, ink.width + size * 1.6, size * 1.9, size * 0.95)
    .fill({ color: ACCENTS.white, alpha: 0.35 })
  root.addChild(pill, light, ink)
  return bakeTexture(renderer, root, { resolution, frame: new Rectangle(0, 0, width, height) })
}
