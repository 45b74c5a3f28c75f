import { BitmapFont, BitmapText, Container, Sprite, Text } from 'pixi.js'
import type { DestroyOptions, FillGradient } from 'pixi.js'
import type { Outcome } from '../../core/outcome'
import { lerp } from '../shared/easing'
import { ACCENTS, PALETTE } from '../shared/palette'
import { fitText } from '../shared/textFit'
import { cjkStyle, measureWith } from '../shared/textStyle'
import { cardTexture } from './art'
import type { ArtKit, HeroGeometry } from './art'
import { cardLines } from './cardText'

/**
 * The card's typesetting, in hero design units (1 = 1 CSS px at hero scale 1):
 * font sizes, and each line's centre below the card's top edge.
 */
const TYPE = {
  labelSize: 16,
  labelY: 36,
  currencySize: 32,
  currencyY: 126,
  amountSize: 62,
  amountY: 112,
  /** Between '¥' and the digits. */
  amountGap: 4,
  mainSize: 34,
  mainMinSize: 18,
  mainY: 112,
  /** 谢谢参与, alone on the card, a little bigger. */
  missSize: 38,
  missY: 110,
  /** Left and right of a prize name, in total. */
  mainPadding: 48,
  captionSize: 16,
  missCaptionSize: 20,
  captionY: 178,
}

/** '¥' and every character an amount in yuan can hold ('8.88', '1,000.00'). */
export const AMOUNT_CHARS = '¥0123456789.,'
/** Bitmap fonts installed so far: each card has its own and uninstalls it on destroy. */
let amountFonts = 0

/**
 * Rasterise the amount's bitmap font (every glyph of AMOUNT_CHARS, gold with a stroke and a shadow) under a new
 * name, for one ResultCard. Apart from the card: it is most of the card's cost, and start-up gives it a task of its own.
 */
export function installAmountFont(resolution: number, gold: FillGradient): string {
  const style = cjkStyle({ size: TYPE.amountSize, color: PALETTE.gold })
  style.fill = gold
  style.stroke = { color: PALETTE.redDeep, width: TYPE.amountSize * 0.09, join: 'round' }
  style.dropShadow = { color: ACCENTS.shadow, alpha: 0.35, blur: 4, distance: 3, angle: Math.PI / 2 }
  const name = `lottery-amount-${++amountFonts}`
  BitmapFont.install({ name, style, chars: AMOUNT_CHARS, resolution })
  return name
}

/** The card that rises out of an opened packet, with the outcome written on it. */
export class ResultCard extends Container {
  private readonly heading: Text
  /**
   * '¥' and the amount, in gold digits from a bitmap font rasterised once per card: a
   * new amount each round only lays out glyphs, no canvas text is drawn and uploaded.
   */
  private readonly currency: BitmapText
  private readonly amount: BitmapText
  /** Prize name or 谢谢参与, in red. */
  private readonly main: Text
  private readonly caption: Text

  /** `amountFont` from installAmountFont(): the card owns it from here and uninstalls it on destroy. */
  constructor(
    kit: ArtKit,
    private readonly geo: HeroGeometry,
    readonly amountFont: string,
  ) {
    super()
    const text = (size: number, color: number): Text => {
      const t = new Text({ text: '', style: cjkStyle({ size, color }), resolution: kit.resolution })
      t.anchor.set(0.5)
      return t
    }
    this.heading = text(TYPE.labelSize, PALETTE.goldDeep)
    const digits = (size: number): BitmapText => {
      const t = new BitmapText({ text: '', style: { fontFamily: amountFont, fontSize: size } })
      t.anchor.set(0.5)
      return t
    }
    this.currency = digits(TYPE.currencySize)
    this.amount = digits(TYPE.amountSize)
    this.main = text(TYPE.mainSize, ACCENTS.prizeRed)
    this.caption = text(TYPE.captionSize, PALETTE.goldDeep)
    this.addChild(new Sprite(cardTexture(kit, geo)), this.heading, this.currency, this.amount, this.main, this.caption)
  }

  /** Write the outcome on the card (before it rises). */
  show(outcome: Outcome): void {
    const { heading, currency, amount, main, caption } = this
    const lines = cardLines(outcome)
    const top = -this.geo.cardHeight / 2
    heading.text = lines.label
    heading.position.set(0, top + TYPE.labelY)
    caption.text = lines.caption
    caption.style.fontSize = lines.win ? TYPE.captionSize : TYPE.missCaptionSize
    caption.position.set(0, top + TYPE.captionY)
    currency.visible = amount.visible = lines.amount !== null
    main.visible = lines.amount === null
    if (lines.amount !== null) {
      currency.text = '¥'
      amount.text = lines.amount
      // '¥' and the digits centred together, the sign low on the digits' baseline.
      const total = currency.width + TYPE.amountGap + amount.width
      currency.position.set(-total / 2 + currency.width / 2, top + TYPE.currencyY)
      amount.position.set(total / 2 - amount.width / 2, top + TYPE.amountY)
    } else if (lines.win) {
      const fit = fitText(lines.main, { maxWidth: this.geo.cardWidth - TYPE.mainPadding, maxLines: 2, size: TYPE.mainSize, minSize: TYPE.mainMinSize }, measureWith({}))
      main.text = fit.lines.join('\n')
      main.style.fontSize = fit.size
      main.position.set(0, top + TYPE.mainY)
    } else {
      main.text = lines.main
      main.style.fontSize = TYPE.missSize
      main.position.set(0, top + TYPE.missY)
    }
  }

  override destroy(options?: DestroyOptions): void {
    super.destroy(options)
    BitmapFont.uninstall(this.amountFont)
  }

  /** Back inside the packet. */
  lower(): void {
    this.position.set(0, this.geo.cardY)
  }

  /** rise 0→1 (may overshoot): the card slides up; pop 0→1: its big line grows in from `popFrom`. */
  raise(rise: number, pop: number, popFrom: number): void {
    this.y = this.geo.cardY - this.geo.cardRise * rise
    const grow = lerp(popFrom, 1, pop)
    this.main.scale.set(grow)
    this.amount.scale.set(grow)
    this.currency.alpha = pop
  }
}
