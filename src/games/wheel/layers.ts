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
  /** The animations the compositor is playing (see `play`). */
  private running: Animation[] = []
  /** The moving values `play` hands to the compositor, each on its element. */
  private readonly tracks: readonly [HTMLElement, Track][]

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
    this.tracks = [
      [this.turn, { property: 'transform', value: (l) => l.faceDeg, format: rotate, tolerance: FACE_TOLERANCE, wraps: true }],
      [this.highlight, { property: 'transform', value: (l) => l.highlightDeg, format: rotate, discrete: true }],
      [this.highlight, { property: 'opacity', value: (l) => l.highlightAlpha, format: String, tolerance: ALPHA_TOLERANCE }],
      [this.even, { property: 'opacity', value: (l) => l.evenAlpha, format: String, discrete: true }],
      [this.odd, { property: 'opacity', value: (l) => l.oddAlpha, format: String, discrete: true }],
      [this.pointer, { property: 'transform', value: (l) => l.pointerDeg, format: rotate, tolerance: POINTER_TOLERANCE }],
    ]
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
    this.showButton(state.pressed, state.busy)
  }

  /** The centre button: sunk under a finger, greyed while a play runs. */
  showButton(pressed: boolean, busy: boolean): void {
    const s = this.shown
    if (pressed !== s.pressed) this.button.style.transform = (s.pressed = pressed) ? 'scale(0.93)' : ''
    if (busy !== s.busy) this.busy.style.visibility = (s.busy = busy) ? 'visible' : 'hidden'
  }

  /**
   * Hand the motion to the compositor: `looks[i]` is the state at `times[i]` (ms on the performance clock, which is
   * the document timeline's), evenly or not. Each moving value becomes a keyframe animation that starts at
   * `times[0]` (in the past: already under way) and holds its last value. It replaces what was played before, so a
   * longer motion is handed over whole again, from what the screen has not shown yet: Blink plays a second
   * animation of a property on the main thread, every frame, while a first one is still on the element.
   * While they run they override the styles `show` writes; `stop` hands back to those.
   */
  play(times: readonly number[], looks: readonly LayerState[]): void {
    const first = times[0]
    const last = times[times.length - 1]
    if (first === undefined || last === undefined || last <= first) return
    // In the same task as the new ones start: no frame shows the styles in between.
    this.stop()
    this.running = this.tracks.map(([element, track]) => {
      const animation = element.animate(keyframes(track, times, looks), { duration: last - first, fill: 'forwards' })
      animation.startTime = first
      return animation
    })
  }

  /** End every animation `play` started: the styles `show` writes apply again (write the final state first). */
  stop(): void {
    for (const animation of this.running) animation.cancel()
    this.running = []
  }

  destroy(): void {
    this.stop()
    this.root.remove()
  }
}

/**
 * The animated values may stray this far from the sampled motion between the keyframes kept (degrees, opacity): at
 * most 0.3 design px where it shows most (the face's rim at 180 px, the pointer's tip at 90 px from the centre), a
 * fraction of a device pixel on a phone. Fewer keyframes are less for the browser to parse when a stretch is handed
 * over (a landing: about 140 for the face and 160 for the pointer at 0.05°).
 */
const FACE_TOLERANCE = 0.1
const POINTER_TOLERANCE = 0.2
const ALPHA_TOLERANCE = 0.005

/** One animated style of one layer, read from the sampled states. */
export interface Track {
  property: 'transform' | 'opacity'
  value: (look: LayerState) => number
  format: (value: number) => string
  /** Steps, not a glide (a bulb is lit or not; the highlight jumps a segment). */
  discrete?: boolean
  /** Linear values: how far from the samples straight lines between the kept keyframes may stray. */
  tolerance?: number
  /** An angle the state keeps small by a whole turn now and then (the face at rest): unwrapped, so it never turns back. */
  wraps?: boolean
}

const rotate = (deg: number): string => `rotate(${deg}deg)`

/**
 * The keyframes of one track: a discrete one keeps the samples where its value changes (each holds until the next);
 * a linear one the fewest samples whose straight lines stay within the tolerance of every sample between them.
 */
export function keyframes(track: Track, times: readonly number[], looks: readonly LayerState[]): Keyframe[] {
  const first = times[0] as number
  const span = (times[times.length - 1] as number) - first
  const values = looks.map(track.value)
  if (track.wraps) for (let i = 1; i < values.length; i++) values[i] = (values[i - 1] as number) + wrapDelta((values[i] as number) - (values[i - 1] as number))
  const kept = track.discrete ? changes(values) : simplify(times, values, track.tolerance ?? 0)
  const frames: Keyframe[] = kept.map((i) => ({ offset: ((times[i] as number) - first) / span, [track.property]: track.format(values[i] as number), ...(track.discrete ? { easing: 'steps(1, end)' } : {}) }))
  // The end, at its own value: a discrete track holds its last change to there.
  if (kept[kept.length - 1] !== values.length - 1) frames.push({ offset: 1, [track.property]: track.format(values[values.length - 1] as number) })
  return frames
}

/** A change of angle as the shortest turn (between two samples the wheel never turns half a turn). */
const wrapDelta = (delta: number): number => delta - 360 * Math.round(delta / 360)

/** The indexes where a value differs from the one before (and the first). */
function changes(values: readonly number[]): number[] {
  const kept = [0]
  for (let i = 1; i < values.length; i++) if (values[i] !== values[i - 1]) kept.push(i)
  return kept
}

/** Greedy: from each kept sample, the farthest next one whose line passes within `tolerance` of all samples between. */
function simplify(times: readonly number[], values: readonly number[], tolerance: number): number[] {
  const kept = [0]
  let from = 0
  while (from < values.length - 1) {
    let to = from + 1
    while (to + 1 < values.length && fits(times, values, from, to + 1, tolerance)) to++
    kept.push(to)
    from = to
  }
  return kept
}

function fits(times: readonly number[], values: readonly number[], from: number, to: number, tolerance: number): boolean {
  const t0 = times[from] as number
  const v0 = values[from] as number
  const slope = ((values[to] as number) - v0) / ((times[to] as number) - t0)
  for (let i = from + 1; i < to; i++) if (Math.abs(v0 + slope * ((times[i] as number) - t0) - (values[i] as number)) > tolerance) return false
  return true
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
