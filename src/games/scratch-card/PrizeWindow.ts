import { Container, Sprite, Texture } from 'pixi.js'
import type { DestroyOptions, Renderer, Text } from 'pixi.js'
import type { Outcome } from '../../core/outcome'
import { ACCENTS, PALETTE } from '../shared/palette'
import { cjkText } from '../shared/textStyle'
import { bakePrizePanel } from './art'
import { fitHeadline } from './headline'
import type { Box } from './layout'
import { WINDOW_TYPE, stackCentred } from './layout'
import { resultLines } from './result'

type Line = 'eyebrow' | 'headline' | 'detail'

/** What lies under the coating: a cream panel with 开奖中… until the outcome, then the outcome's lines. */
export class PrizeWindow extends Container {
  private readonly panel = new Sprite()
  private panelTexture: Texture | null = null
  private texts: { pending: Text } & Record<Line, Text> | null = null
  private size = { width: 0, height: 0 }
  private resolution = 2

  constructor(private readonly pendingText: string) {
    super()
    this.addChild(this.panel)
  }

  /** Re-bake for a window of this size; shows what was shown (the outcome, or 开奖中…). */
  rebuild(renderer: Renderer, win: Box, radius: number, outcome: Outcome | null): void {
    this.size = { width: win.width, height: win.height }
    this.resolution = renderer.resolution
    const oldPanel = this.panelTexture
    this.panelTexture = bakePrizePanel(renderer, win.width, win.height, radius, this.resolution)
    this.panel.texture = this.panelTexture
    oldPanel?.destroy(true)

    const old = this.texts
    const pending = cjkText(this.pendingText, { size: Math.round(win.height * WINDOW_TYPE.pending), color: PALETTE.goldDeep, letterSpacing: 4 }, this.resolution)
    pending.position.set(win.width / 2, win.height / 2)
    const blank = (): Text => cjkText('', { size: 12 }, this.resolution)
    this.texts = { pending, eyebrow: blank(), headline: blank(), detail: blank() }
    this.addChild(pending, this.texts.eyebrow, this.texts.headline, this.texts.detail)
    if (old) for (const t of Object.values(old)) t.destroy()
    if (outcome) this.showResult(outcome)
    else this.showPending()
  }

  /** The 开奖中… line (null before the first rebuild). */
  get pending(): Text | null {
    return this.texts?.pending ?? null
  }

  /** The big line, for its pop as the coating fades. */
  get headline(): Text | null {
    return this.texts?.headline ?? null
  }

  showPending(): void {
    const t = this.texts
    if (!t) return
    t.pending.visible = true
    t.eyebrow.visible = t.headline.visible = t.detail.visible = false
  }

  showResult(outcome: Outcome): void {
    if (!this.texts) return
    const { width, height } = this.size
    const lines = resultLines(outcome)
    const color = lines.win ? ACCENTS.prizeRed : PALETTE.goldDeep
    const size = (share: number): number => Math.round(height * share)
    const fit = fitHeadline(lines.headline, width * WINDOW_TYPE.headlineWidth, size(lines.win ? WINDOW_TYPE.headlineWin : WINDOW_TYPE.headline), size(WINDOW_TYPE.minimum))
    this.replace('headline', fit.lines.join('\n'), { size: fit.size, color, letterSpacing: 2 })
    this.replace('eyebrow', lines.eyebrow, { size: size(WINDOW_TYPE.eyebrow), color: PALETTE.goldDeep, letterSpacing: 4 })
    this.replace('detail', lines.detail, { size: size(WINDOW_TYPE.detail), color: PALETTE.goldDeep })

    const { pending, eyebrow, headline, detail } = this.texts
    pending.visible = false
    eyebrow.visible = lines.eyebrow !== ''
    detail.visible = lines.detail !== ''
    headline.visible = true
    const stack = [eyebrow, headline, detail].filter((x) => x.visible)
    const ys = stackCentred(
      stack.map((x) => x.height),
      height * WINDOW_TYPE.gap,
      height,
    )
    stack.forEach((x, i) => x.position.set(width / 2, ys[i]!))
  }

  override destroy(options?: DestroyOptions): void {
    this.panel.texture = Texture.EMPTY
    this.panelTexture?.destroy(true)
    this.panelTexture = null
    this.texts = null
    super.destroy(options)
  }

  private replace(key: Line, text: string, style: Parameters<typeof cjkText>[1]): void {
    const texts = this.texts
    if (!texts) return
    const old = texts[key]
    const next = cjkText(text, style, this.resolution)
    this.addChildAt(next, this.getChildIndex(old))
    old.destroy()
    texts[key] = next
  }
}
