import type { CanvasArt } from '../shared/bake'

/** The wheel's moving art, each piece a canvas copied from its baked texture (see WheelLayers). */
export interface LayerArt {
  face: CanvasArt
  highlight: CanvasArt
  bulbs: readonly [CanvasArt, CanvasArt]
  pointer: CanvasArt
  button: CanvasArt
  /** The button greyed while a play runs (the same art, tinted). */
  buttonBusy: CanvasArt
}

/** What the page's compositor shows of the moving parts; WheelLayers writes a style only when its value changed. */
export interface LayerState {
  /** Face rotation, degrees clockwise. */
  faceDeg: number
  /** The highlight's rotation on the face (degrees) and its opacity. */
  highlightDeg: number
  highlightAlpha: number
  evenAlpha: number
  oddAlpha: number
  /** The pointer's wobble, degrees (about the wheel's centre). */
  pointerDeg: number
  pressed: boolean
  busy: boolean
}

/**
 * The wheel's moving parts as elements over the stage's canvas (the rim, its shadow and the bulbs' sockets stay in
 * Pixi's scene, drawn once): the face and its highlight, the two halves of the bulbs, the pointer and the centre
 * button. A spin then changes a few transforms and opacities per frame, which the browser's compositor applies to
 * the copies it already holds: no canvas is redrawn, so a frame costs the page next to nothing on the main thread
 * and a busy main thread does not stutter the turn. All in design px around the wheel's centre; `layout` places and
 * scales the whole. Decorative (aria-hidden): the page's own play button is the accessible control.
 */
export class WheelLayers {
  readonly root = document.createElement('div')
  /** The centre button: the one part that takes a finger. */
  readonly button = document.createElement('div')
  private readonly turn = document.createElement('div')
  private readonly highlight: HTMLCanvasElement
  private readonly even: HTMLCanvasElement
  private readonly odd: HTMLCanvasElement
  private readonly pointer: HTMLCanvasElement
  private readonly busy: HTMLCanvasElement
  /** What the styles say now (NaN: not written yet). */
  private readonly shown: LayerState = { faceDeg: NaN, highlightDeg: NaN, highlightAlpha: NaN, evenAlpha: NaN, oddAlpha: NaN, pointerDeg: NaN, pressed: false, busy: false }

  constructor(art: LayerArt, buttonRadius: number) {
    const root = this.root
    root.setAttribute('aria-hidden', 'true')
    root.className = 'wheel-layers'
    Object.assign(root.style, { position: 'absolute', left: '0', top: '0', width: '0', height: '0', pointerEvents: 'none' })
    // The face and its highlight turn together, about the wheel's centre (this element's origin).
    Object.assign(this.turn.style, { position: 'absolute', left: '0', top: '0', width: '0', height: '0', willChange: 'transform' })
    this.turn.append(place(art.face), (this.highlight = place(art.highlight)))
    this.highlight.style.opacity = '0'
    this.even = place(art.bulbs[0])
    this.odd = place(art.bulbs[1])
    this.pointer = place(art.pointer)
    // A disc a little larger than the drawn button takes the finger (rounded corners clip hit-testing too).
    const hit = buttonRadius + 8
    Object.assign(this.button.style, {
      position: 'absolute',
      left: `${-hit}px`,
      top: `${-hit}px`,
      width: `${2 * hit}px`,
      height: `${2 * hit}px`,
      borderRadius: '50%',
      pointerEvents: 'auto',
      cursor: 'pointer',
      touchAction: 'manipulation',
      webkitTapHighlightColor: 'transparent',
      transformOrigin: '50% 50%',
    })
    const normal = place(art.button, { x: hit, y: hit })
    this.busy = place(art.buttonBusy, { x: hit, y: hit })
    this.busy.style.visibility = 'hidden'
    this.button.append(normal, this.busy)
    root.append(this.turn, this.even, this.odd, this.pointer, this.button)
  }

  /** Put the wheel's centre at (x, y) CSS px of the stage, at `scale` CSS px per design px. */
  layout(x: number, y: number, scale: number): void {
    this.root.style.transform = `translate(${x}px, ${y}px) scale(${scale})`
  }

  /** Show this state: only what changed is written. */
  show(state: LayerState): void {
    const s = this.shown
    if (state.faceDeg !== s.faceDeg) this.turn.style.transform = `rotate(${(s.faceDeg = state.faceDeg)}deg)`
    if (state.highlightDeg !== s.highlightDeg) this.highlight.style.transform = `rotate(${(s.highlightDeg = state.highlightDeg)}deg)`
    if (state.highlightAlpha !== s.highlightAlpha) this.highlight.style.opacity = String((s.highlightAlpha = state.highlightAlpha))
    if (state.evenAlpha !== s.evenAlpha) this.even.style.opacity = String((s.evenAlpha = state.evenAlpha))
    if (state.oddAlpha !== s.oddAlpha) this.odd.style.opacity = String((s.oddAlpha = state.oddAlpha))
    if (state.pointerDeg !== s.pointerDeg) this.pointer.style.transform = `rotate(${(s.pointerDeg = state.pointerDeg)}deg)`
    if (state.pressed !== s.pressed) this.button.style.transform = (s.pressed = state.pressed) ? 'scale(0.93)' : ''
    if (state.busy !== s.busy) this.busy.style.visibility = (s.busy = state.busy) ? 'visible' : 'hidden'
  }

  destroy(): void {
    this.root.remove()
  }
}

/**
 * A piece of art's canvas, placed at its frame (design px) around `origin` (the point of its parent that is the
 * wheel's centre), and turning about that centre.
 */
function place({ canvas, frame }: CanvasArt, origin = { x: 0, y: 0 }): HTMLCanvasElement {
  Object.assign(canvas.style, {
    position: 'absolute',
    display: 'block',
    left: `${origin.x + frame.x}px`,
    top: `${origin.y + frame.y}px`,
    width: `${frame.width}px`,
    height: `${frame.height}px`,
    transformOrigin: `${-frame.x}px ${-frame.y}px`,
  })
  return canvas
}
