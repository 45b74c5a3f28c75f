// @vitest-environment happy-dom
// No canvas here: text measuring and glyph rasterising are stubbed; this checks which
// kind of text draws the amount, and that a new round installs (rasterises) nothing.
import { BitmapFont, BitmapFontManager, BitmapText, CanvasTextMetrics, Texture } from 'pixi.js'
import type { FillGradient } from 'pixi.js'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Outcome } from '../../../src/core/outcome'
import type { ArtKit } from '../../../src/games/red-packet/art'
import { heroGeometry } from '../../../src/games/red-packet/art'
import { AMOUNT_CHARS, ResultCard, installAmountFont } from '../../../src/games/red-packet/ResultCard'

vi.mock('../../../src/games/red-packet/art', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/games/red-packet/art')>()),
  cardTexture: () => Texture.EMPTY,
}))

const money = (cents: number): Outcome => ({ kind: 'win', prizeId: 1, prizeName: '现金红包', prizeType: 'redpacket', amountCents: cents, secret: '' })

afterEach(() => vi.restoreAllMocks())

describe('ResultCard', () => {
  it('draws the amount with a bitmap font installed once, so a new round re-rasterises no text', () => {
    const install = vi.spyOn(BitmapFont, 'install').mockReturnValue(undefined)
    vi.spyOn(BitmapFontManager, 'measureText').mockReturnValue({ width: 120, height: 60, scale: 1, offsetY: 0, lines: [] } as never)
    vi.spyOn(CanvasTextMetrics, 'measureText').mockReturnValue({
      width: 30,
      height: 40,
      lines: [''],
      lineWidths: [30],
      lineHeight: 40,
      maxLineWidth: 30,
      fontProperties: { ascent: 30, descent: 10, fontSize: 40 },
    } as never)
    const card = new ResultCard({ resolution: 3 } as ArtKit, heroGeometry(270), installAmountFont(3, {} as FillGradient))
    expect(install).toHaveBeenCalledTimes(1)
    expect(install.mock.calls[0]![0]).toMatchObject({ name: card.amountFont, chars: AMOUNT_CHARS, resolution: 3 })

    card.show(money(888))
    const bitmaps = card.children.filter((c): c is BitmapText => c instanceof BitmapText)
    expect(bitmaps.map((b) => b.text)).toEqual(['¥', '8.88'])
    const amount = bitmaps[1]!
    expect(amount.visible).toBe(true)
    expect(amount.style.fontFamily).toBe(card.amountFont)
    // Every character of any amount is in the installed set.
    for (const ch of '1,234.56') expect(AMOUNT_CHARS).toContain(ch)

    card.show(money(12345))
    expect(amount.text).toBe('123.45')
    expect(install).toHaveBeenCalledTimes(1)

    const uninstall = vi.spyOn(BitmapFont, 'uninstall')
    card.destroy({ children: true })
    expect(uninstall).toHaveBeenCalledWith(card.amountFont)
  })
})
