import { CanvasTextMetrics, Text, TextStyle } from 'pixi.js'
import type { ColorSource, TextStyleOptions } from 'pixi.js'
import { BAKE_RESOLUTION } from './bake'
import type { MeasureText } from './textFit'

/** System CJK fonts first (no web font download), Noto as the Linux/CI fallback. */
export const CJK_FONT_FAMILY = [
  'PingFang SC',
  'Hiragino Sans GB',
  'Microsoft YaHei',
  'Noto Sans CJK SC',
  'Noto Sans SC',
  'Source Han Sans SC',
  'sans-serif',
]

export interface CjkTextOptions {
  /** Font size, CSS px. */
  size: number
  color?: ColorSource
  /** 'bold' by default: thin CJK strokes blur on small sizes. */
  weight?: TextStyleOptions['fontWeight']
  align?: 'left' | 'center' | 'right'
  /** Outline colour and width (CSS px); none if omitted. */
  stroke?: { color: ColorSource; width: number }
  /** Soft drop shadow below the glyphs. */
  shadow?: boolean
  /** Line height, multiple of size (default 1.2). */
  lineHeight?: number
  letterSpacing?: number
}

/** A TextStyle for legible Chinese text. */
export function cjkStyle(options: CjkTextOptions): TextStyle {
  const { size, color = 0xffffff, weight = 'bold', align = 'center', stroke, shadow = false, lineHeight = 1.2 } = options
  return new TextStyle({
    fontFamily: CJK_FONT_FAMILY,
    fontSize: size,
    fontWeight: weight,
    fill: color,
    align,
    lineHeight: Math.round(size * lineHeight),
    letterSpacing: options.letterSpacing ?? 0,
    padding: Math.ceil(size * 0.15),
    ...(stroke ? { stroke: { color: stroke.color, width: stroke.width, join: 'round' as const } } : {}),
    ...(shadow ? { dropShadow: { color: 0x000000, alpha: 0.35, blur: size * 0.12, distance: size * 0.06, angle: Math.PI / 2 } } : {}),
  })
}

/**
 * A Text rasterised at `resolution` (default 3×, for crisp glyphs on 3× phones and
 * inside baked textures), anchored at its centre.
 */
export function cjkText(text: string, options: CjkTextOptions, resolution = BAKE_RESOLUTION): Text {
  const t = new Text({ text, style: cjkStyle(options), resolution })
  t.anchor.set(0.5)
  return t
}

/**
 * A MeasureText (for textFit) backed by the canvas text metrics of the given style. One TextStyle per
 * size, reused: fitting a label measures it dozens of times, and building a style each time was most
 * of a wheel face's bake.
 */
export function measureWith(options: Omit<CjkTextOptions, 'size'>): MeasureText {
  const styles = new Map<number, TextStyle>()
  return (text, size) => {
    let style = styles.get(size)
    if (!style) styles.set(size, (style = cjkStyle({ ...options, size })))
    return CanvasTextMetrics.measureText(text, style).width
  }
}
