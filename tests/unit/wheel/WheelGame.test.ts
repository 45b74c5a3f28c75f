// @vitest-environment happy-dom
import { Container, Texture } from 'pixi.js'
import type { Renderer } from 'pixi.js'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Outcome } from '../../../src/core/outcome'
import type { GamePrize } from '../../../src/games/shared/Game'
import { WheelGame, type WheelMotion } from '../../../src/games/wheel/WheelGame'
import { wheelBakeDensity, wheelScale } from '../../../src/games/wheel/scale'
import { WHEEL_DEFAULTS, WHEEL_REDUCED_MOTION } from '../../../src/games/wheel/defaults'
import type { WheelDefaults } from '../../../src/games/wheel/defaults'
import { positionInSegment, segmentUnderPointer } from '../../../src/games/wheel/landing'
import { buildSegments } from '../../../src/games/wheel/segments'
import type { WheelLayers } from '../../../src/games/wheel/layers'

// No canvas in happy-dom: the drawings become empty containers and baking a blank texture.
vi.mock('../../../src/games/shared/bake', async () => {
  const { Rectangle } = await import('pixi.js')
  return {
    BAKE_RESOLUTION: 3,
    bakeTexture: () => new Texture(),
    bakePieces: async () => new Texture(),
    copyToCanvas: () => ({ canvas: document.createElement('canvas'), frame: new Rectangle(-10, -10, 20, 20) }),
  }
})
vi.mock('../../../src/games/wheel/art', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/games/wheel/art')>()
  const empty = () => new Container()
  return {
    ...real,
    drawShadow: empty,
    drawRim: empty,
    drawSockets: empty,
    drawFace: () => [empty],
    drawHighlight: empty,
    drawBulbs: empty,
    drawPointer: empty,
    drawButton: empty,
  }
})

const PRIZES: GamePrize[] = [
  { id: 1, name: '一等奖', type: 'physical', money: 0, img: '' },
  { id: 2, name: '二等奖', type: 'virtual', money: 0, img: '' },
  { id: 3, name: '三等奖', type: 'points', money: 0, img: '' },
]
const SEGMENTS = buildSegments(PRIZES)
const win = (prizeId: number): Outcome => ({ kind: 'win', prizeId, prizeName: '', prizeType: 'physical', amountCents: 0, secret: '' })

/** A seeded uniform random, so a failure replays. */
function seeded(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 16807) % 2147483647
    return (s - 1) / 2147483646
  }
}

type Internals = { rotation: number; speed: number; parts: { layers: WheelLayers } }

/** The stage's host element: the wheel's moving layers go over its canvas. */
function stageHost(): { host: HTMLDivElement; renderer: Renderer } {
  const host = document.createElement('div')
  const canvas = document.createElement('canvas')
  host.append(canvas)
  document.body.append(host)
  return { host, renderer: { canvas, render: () => {} } as unknown as Renderer }
}

/** A finger's press and release on the wheel's centre button (what the browser sends for a tap). */
function tapButton(inner: Internals, pointerId = 1): void {
  const button = inner.parts.layers.button
  button.dispatchEvent(new PointerEvent('pointerdown', { pointerId }))
  button.dispatchEvent(new PointerEvent('pointerup', { pointerId }))
  button.dispatchEvent(new MouseEvent('click'))
}

async function readyGame(seed = 1, options: Partial<WheelDefaults> = {}, motion: WheelMotion = 'frames') {
  const game = new WheelGame(options, seeded(seed), motion)
  const { host, renderer } = stageHost()
  await game.prepare({ template: 11, title: '', prizes: PRIZES }, renderer)
  game.resize(390, 390)
  const events: string[] = []
  const settled: Outcome[] = []
  game.events.on('request', () => events.push('request'))
  game.events.on('tick', () => events.push('tick'))
  game.events.on('aborted', () => events.push('aborted'))
  game.events.on('settled', ({ outcome }) => {
    events.push('settled')
    settled.push(outcome)
  })
  const inner = game as unknown as Internals
  /** Run frames of `ms` until `done()` or the time budget runs out; returns the elapsed ms. */
  const run = (done: () => boolean, ms = 16, budget = 60_000): number => {
    let t = 0
    while (!done() && t < budget) {
      game.update(ms)
      t += ms
    }
    return t
  }
  return { game, inner, events, settled, run, host }
}

describe('WheelGame', () => {
  it('asks to play when its button is tapped, once per double tap', async () => {
    const { game, inner, events } = await readyGame()
    const tap = (): void => tapButton(inner)
    const requests = (): number => events.filter((e) => e === 'request').length
    tap()
    tap()
    expect(requests()).toBe(1)
    // The host declined (no play): the next frame counts taps again.
    game.update(16)
    tap()
    expect(requests()).toBe(2)
    // A host that plays at once: a double tap over many frames gives one play, until reset().
    game.update(16)
    game.events.on('request', () => game.play())
    tap()
    expect(game.state).toBe('playing')
    for (let i = 0; i < 20; i++) {
      game.update(16)
      tap()
    }
    expect(requests()).toBe(3)
    game.reset()
    game.update(16)
    tap()
    expect(requests()).toBe(4)
  })

  it('spins at once on play(), lands inside the won segment, then settles once', async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      for (const prize of PRIZES) {
        const { game, inner, events, settled, run } = await readyGame(seed)
        game.play()
        expect(game.state).toBe('playing')
        game.update(16)
        expect(inner.rotation).toBeGreaterThan(0)
        run(() => false, 16, 200)
        game.reveal(win(prize.id))
        run(() => game.state === 'settled')
        expect(settled).toEqual([win(prize.id)])
        const index = segmentUnderPointer(inner.rotation, SEGMENTS.length)
        expect(SEGMENTS[index]!.prizeId).toBe(prize.id)
        const pos = positionInSegment(inner.rotation, SEGMENTS.length)
        expect(pos).toBeGreaterThan(0.1)
        expect(pos).toBeLessThan(0.9)
        expect(events.filter((e) => e === 'tick').length).toBeGreaterThan(SEGMENTS.length * WHEEL_DEFAULTS.minTurns)
        game.destroy()
      }
    }
  })

  it('with reduced motion, lands on the won segment in a brief turn', async () => {
    for (const seed of [1, 2, 3]) {
      for (const prize of PRIZES) {
        const brief = await readyGame(seed, WHEEL_REDUCED_MOTION)
        brief.game.play()
        brief.game.reveal(win(prize.id))
        const briefMs = brief.run(() => brief.game.state === 'settled')
        expect(brief.settled).toEqual([win(prize.id)])
        expect(SEGMENTS[segmentUnderPointer(brief.inner.rotation, SEGMENTS.length)]!.prizeId).toBe(prize.id)
        expect(briefMs).toBeLessThan(1800)

        const full = await readyGame(seed)
        full.game.play()
        full.game.reveal(win(prize.id))
        expect(full.run(() => full.game.state === 'settled')).toBeGreaterThan(briefMs * 2)
        brief.game.destroy()
        full.game.destroy()
      }
    }
  })

  it('lands on 谢谢参与 for a non-win', async () => {
    const { game, inner, run } = await readyGame(9)
    game.play()
    game.reveal({ kind: 'no_award' })
    run(() => game.state === 'settled')
    expect(SEGMENTS[segmentUnderPointer(inner.rotation, SEGMENTS.length)]!.prizeId).toBeNull()
  })

  it('keeps spinning at least minSpinMs even when the outcome is known at once', async () => {
    const { game, run } = await readyGame()
    game.play()
    game.reveal(win(1))
    const untilLanding = run(() => game.state === 'revealing', 10)
    expect(untilLanding).toBeGreaterThanOrEqual(WHEEL_DEFAULTS.minSpinMs)
  })

  it('hands off from cruise to the ease-out with no jump in speed', async () => {
    const { game, inner, run } = await readyGame(4)
    game.play()
    run(() => false, 10, 1000)
    game.reveal(win(2))
    const speeds: number[] = []
    let last = inner.rotation
    run(() => {
      speeds.push(inner.rotation - last)
      last = inner.rotation
      return speeds.length > 80
    }, 10)
    const frame = WHEEL_DEFAULTS.cruiseSpeed * 10
    // speeds[0] is before the first frame
    expect(game.state).toBe('revealing')
    for (let i = 2; i < speeds.length; i++) expect(Math.abs(speeds[i]! - speeds[i - 1]!)).toBeLessThan(frame * 0.02)
  })

  it('abort() slows down gracefully to a 谢谢参与 segment, then emits aborted and can play again', async () => {
    const { game, inner, events, run } = await readyGame(6)
    game.play()
    run(() => false, 16, 1500)
    game.abort({ message: '网络错误' })
    expect(game.state).toBe('aborting')
    const took = run(() => events.includes('aborted'))
    expect(took).toBeGreaterThanOrEqual(WHEEL_DEFAULTS.abortMinMs)
    expect(game.state).toBe('idle')
    expect(SEGMENTS[segmentUnderPointer(inner.rotation, SEGMENTS.length)]!.prizeId).toBeNull()
    expect(events).not.toContain('settled')
    game.play()
    expect(game.state).toBe('playing')
  })

  it('abort() right after play() still comes to rest', async () => {
    const { game, events, run } = await readyGame()
    game.play()
    game.update(16)
    game.abort({ message: 'x' })
    run(() => events.includes('aborted'))
    expect(events).toContain('aborted')
  })

  it('ignores reveal/abort when nothing is spinning, and reset() returns to idle', async () => {
    const { game, events, run } = await readyGame()
    game.abort({ message: 'x' })
    expect(game.state).toBe('idle')
    game.play()
    game.reveal(win(1))
    run(() => game.state === 'settled')
    game.abort({ message: 'late' })
    game.reveal(win(2))
    expect(game.state).toBe('settled')
    game.reset()
    expect(game.state).toBe('idle')
    expect(events.filter((e) => e === 'settled')).toHaveLength(1)
  })

  it('at rest says how long it stays still (to the next bulb flip); never while it moves, wobbles or waits on a tap', async () => {
    const { game, inner, run } = await readyGame()
    const layers = inner.parts.layers.root
    const alphas = () => [...layers.children].map((c) => (c as HTMLElement).style.opacity).join()
    game.update(16)
    const still = game.stillFor()
    expect(still).toBeGreaterThan(0)
    expect(still).toBeLessThanOrEqual(WHEEL_DEFAULTS.bulbIdleMs)
    // Nothing changes until then; right after, the bulbs have flipped.
    const before = alphas()
    game.update(still - 1)
    expect(alphas()).toBe(before)
    expect(game.stillFor()).toBe(1)
    game.update(1)
    expect(alphas()).not.toBe(before)
    expect(game.stillFor()).toBe(WHEEL_DEFAULTS.bulbIdleMs)

    game.play()
    game.update(16)
    expect(game.stillFor()).toBe(0)
    game.reveal(win(1))
    run(() => game.state === 'settled')
    // The last border's wobble dies away first, then only the bulbs blink.
    run(() => game.stillFor() > 0)
    expect(game.state).toBe('settled')
    expect(game.stillFor()).toBeLessThanOrEqual(WHEEL_DEFAULTS.bulbIdleMs)

    // A tap the host declines re-arms on a later frame: until then the game asks for frames.
    game.reset()
    tapButton(inner)
    expect(game.stillFor()).toBe(0)
    game.update(16)
    expect(game.stillFor()).toBeGreaterThan(0)
  })

  it('puts its moving layers over the stage canvas, places them with the wheel, and takes them away on destroy', async () => {
    const { game, inner, host } = await readyGame()
    const layers = inner.parts.layers.root
    expect(host.lastElementChild).toBe(layers)
    expect(layers.getAttribute('aria-hidden')).toBe('true')
    game.resize(300, 200)
    expect(layers.style.transform).toBe(`translate(150px, 100px) scale(${wheelScale(300, 200, WHEEL_DEFAULTS.fill)})`)
    // A spin turns the face's layer; the pointer wobbles as segments pass it.
    const face = layers.firstElementChild as HTMLElement
    game.play()
    for (let i = 0; i < 30; i++) game.update(16)
    expect(face.style.transform).toBe(`rotate(${inner.rotation}deg)`)
    game.destroy()
    expect(layers.isConnected).toBe(false)
  })

  it('the button sinks under a finger and rises when it lifts or is cancelled; only a click is a tap', async () => {
    const { inner, events } = await readyGame()
    const button = inner.parts.layers.button
    button.dispatchEvent(new PointerEvent('pointerdown', { pointerId: 3 }))
    expect(button.style.transform).toBe('scale(0.93)')
    // Another finger's release is not this press's.
    button.dispatchEvent(new PointerEvent('pointerup', { pointerId: 4 }))
    expect(button.style.transform).toBe('scale(0.93)')
    button.dispatchEvent(new PointerEvent('pointercancel', { pointerId: 3 }))
    expect(button.style.transform).toBe('')
    // A mouse pressed on it and moved off it lets it up.
    button.dispatchEvent(new PointerEvent('pointerdown', { pointerId: 1 }))
    button.dispatchEvent(new PointerEvent('pointerleave', { pointerId: 1 }))
    expect(button.style.transform).toBe('')
    expect(events).toEqual([])
    button.dispatchEvent(new MouseEvent('click'))
    expect(events).toEqual(['request'])
  })

  it('destroy() tears the view down and drops listeners', async () => {
    const { game, events } = await readyGame()
    game.destroy()
    expect(game.view.destroyed).toBe(true)
    game.events.emit('request', { template: 11 })
    expect(events).toEqual([])
  })
})

describe('wheelBakeDensity', () => {
  const fill = WHEEL_DEFAULTS.fill
  it('bakes at the density the wheel is shown at: a 390 px stage at 2× gets 2×, not 3×', () => {
    expect(wheelBakeDensity({ width: 390, height: 420 }, 2, fill)).toBe(2)
    expect(wheelBakeDensity({ width: 390, height: 420 }, 1, fill)).toBe(1)
  })
  it('stays between 1 and 3 (a tiny stage, a tablet)', () => {
    expect(wheelBakeDensity({ width: 120, height: 120 }, 1, fill)).toBe(1)
    expect(wheelBakeDensity({ width: 900, height: 900 }, 2, fill)).toBe(3)
  })
  it('falls back to 3× when the stage size is not known yet', () => {
    expect(wheelBakeDensity(undefined, 2, fill)).toBe(3)
    expect(wheelBakeDensity({ width: 1, height: 1 }, 2, fill)).toBe(3)
  })
})

/** One animation Element.animate started: what it animates, from when, and whether it was ended. */
interface FakeAnimation {
  element: Element
  keyframes: Keyframe[]
  options: KeyframeAnimationOptions
  startTime: number | null
  cancelled: boolean
  cancel(): void
}

/** Element.animate recorded (happy-dom plays nothing): the keyframes the compositor would play. */
function fakeWebAnimations() {
  const all: FakeAnimation[] = []
  const spy = vi.spyOn(Element.prototype, 'animate').mockImplementation(function (this: Element, keyframes, options) {
    const animation: FakeAnimation = {
      element: this,
      keyframes: keyframes as Keyframe[],
      options: options as KeyframeAnimationOptions,
      startTime: null,
      cancelled: false,
      cancel() {
        this.cancelled = true
      },
    }
    all.push(animation)
    return animation as unknown as Animation
  })
  const live = (element?: Element) => all.filter((a) => !a.cancelled && (!element || a.element === element))
  return { all, live, restore: () => spy.mockRestore() }
}

/** The angles of a face animation's keyframes, degrees. */
const angles = (a: FakeAnimation): number[] => a.keyframes.map((k) => Number(/rotate\((-?[\d.e+-]+)deg\)/.exec(String(k.transform))?.[1]))

describe('WheelGame on the compositor (Web Animations)', () => {
  let fake: ReturnType<typeof fakeWebAnimations>
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
    fake = fakeWebAnimations()
  })
  afterEach(() => {
    fake.restore()
    vi.useRealTimers()
  })

  it('hands the whole spin to the compositor, lands inside the won segment, and tells the outcome when the screen shows it', async () => {
    for (const seed of [1, 2, 3]) {
      for (const prize of PRIZES) {
        const { game, inner, events, settled } = await readyGame(seed, {}, 'compositor')
        const face = inner.parts.layers.root.firstElementChild as HTMLElement
        const rest = face.style.transform
        const start = performance.now()
        game.play()
        // Nothing to do per frame: the stage may sleep through the play.
        expect(game.stillFor()).toBe(Infinity)
        expect(game.update(16)).toBe(false)
        const [spin] = fake.live(face)
        expect(spin?.startTime).toBe(start)
        // The first stretch reaches the soonest a landing may start (and the next is handed over before it ends).
        expect(spin?.options.duration).toBeGreaterThanOrEqual(WHEEL_DEFAULTS.minSpinMs)
        expect(spin?.options.duration).toBeLessThan(WHEEL_DEFAULTS.minSpinMs + 17)
        vi.advanceTimersByTime(100)
        game.reveal(win(prize.id))
        // One animation per moving value: the landing replaced the spin (from what the screen had not shown yet).
        expect(fake.live(face)).toHaveLength(1)
        expect(fake.live()).toHaveLength(6)
        const land = fake.live(face)[0] as FakeAnimation
        expect(land.startTime).toBeLessThanOrEqual(performance.now())
        const turns = angles(land)
        for (let i = 1; i < turns.length; i++) expect(turns[i]).toBeGreaterThanOrEqual(turns[i - 1] as number)
        const end = turns[turns.length - 1] as number
        expect(SEGMENTS[segmentUnderPointer(end, SEGMENTS.length)]!.prizeId).toBe(prize.id)
        expect(end - (turns[0] as number)).toBeGreaterThan(360 * WHEEL_DEFAULTS.minTurns)
        // The screen is still spinning: the outcome, and its state, wait for it.
        expect(game.state).toBe('playing')
        expect(settled).toEqual([])
        vi.advanceTimersByTime(WHEEL_DEFAULTS.minSpinMs)
        expect(game.state).toBe('revealing')
        expect(settled).toEqual([])
        vi.advanceTimersByTime(30_000)
        expect(settled).toEqual([win(prize.id)])
        expect(events.filter((e) => e === 'settled')).toHaveLength(1)
        expect(game.state).toBe('settled')
        // Handed back: the styles hold the final state, the compositor's animations are gone.
        expect(fake.live()).toHaveLength(0)
        expect(face.style.transform).not.toBe(rest)
        expect(face.style.transform).toBe(`rotate(${inner.rotation}deg)`)
        expect(SEGMENTS[segmentUnderPointer(inner.rotation, SEGMENTS.length)]!.prizeId).toBe(prize.id)
        expect(events.filter((e) => e === 'tick').length).toBeGreaterThan(SEGMENTS.length * WHEEL_DEFAULTS.minTurns)
        game.destroy()
      }
    }
  })

  it('tells every segment tick ahead with the moment the screen passes it, so sound is scheduled without a task per tick', async () => {
    const { game, inner } = await readyGame(1, {}, 'compositor')
    const face = inner.parts.layers.root.firstElementChild as HTMLElement
    const ticks: (number | undefined)[] = []
    game.events.on('tick', ({ at }) => ticks.push(at))
    const start = performance.now()
    game.play()
    // The first stretch's ticks at once, each with its moment.
    const early = ticks.length
    expect(early).toBeGreaterThan(0)
    game.reveal(win(2))
    expect(ticks.length).toBeGreaterThan(early)
    expect(ticks.every((at) => typeof at === 'number')).toBe(true)
    const times = ticks as number[]
    expect(times[0]).toBeGreaterThan(start)
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1] as number)
    // One tick per segment border the face's turn crosses.
    const turns = angles(fake.live(face)[0] as FakeAnimation)
    const crossed = ((turns[turns.length - 1] as number) - (turns[0] as number)) / (360 / SEGMENTS.length)
    expect(Math.abs(times.length - crossed)).toBeLessThanOrEqual(1)
    // While the screen plays it, the game's timer fires a few times (the state shown, the end), not once per tick.
    const timers = vi.spyOn(globalThis, 'setTimeout')
    let settledAt = 0
    game.events.on('settled', () => (settledAt = performance.now()))
    vi.advanceTimersByTime(30_000)
    expect(settledAt).toBeGreaterThanOrEqual(times[times.length - 1] as number)
    expect(times.length).toBeGreaterThan(SEGMENTS.length * WHEEL_DEFAULTS.minTurns)
    expect(timers.mock.calls.length).toBeLessThan(8)
    timers.mockRestore()
    game.destroy()
  })

  it('keeps handing the spin over while the outcome is slow; the next play waits until the screen has settled', async () => {
    const { game, inner, settled } = await readyGame(2, {}, 'compositor')
    const face = inner.parts.layers.root.firstElementChild as HTMLElement
    game.play()
    vi.advanceTimersByTime(3000)
    // Still spinning on screen, one animation per value, handed over to beyond now.
    expect(game.state).toBe('playing')
    const [spin] = fake.live(face)
    expect((spin?.startTime as number) + (spin?.options.duration as number)).toBeGreaterThan(performance.now())
    expect(fake.live()).toHaveLength(6)
    game.reveal(win(1))
    // The state machine has finished the play; the screen has not: no second play yet.
    vi.advanceTimersByTime(1000)
    game.play()
    expect(game.state).toBe('revealing')
    // A multi-draw plays again from the settled event: accepted.
    game.events.on('settled', () => game.play('brisk'))
    vi.advanceTimersByTime(30_000)
    expect(settled.length).toBeGreaterThanOrEqual(1)
    expect(game.state).toBe('playing')
    game.destroy()
  })

  it('abort(): the slowdown is handed over too, and aborted comes when the wheel stops on screen', async () => {
    const { game, inner, events } = await readyGame(3, {}, 'compositor')
    game.play()
    vi.advanceTimersByTime(500)
    game.abort({ message: '网络不稳定' })
    expect(events).not.toContain('aborted')
    vi.advanceTimersByTime(WHEEL_DEFAULTS.abortMinMs / 2)
    expect(events).not.toContain('aborted')
    vi.advanceTimersByTime(30_000)
    expect(events.filter((e) => e === 'aborted')).toHaveLength(1)
    expect(game.state).toBe('idle')
    expect(fake.live()).toHaveLength(0)
    expect(SEGMENTS[segmentUnderPointer(inner.rotation, SEGMENTS.length)]!.prizeId).toBeNull()
    game.destroy()
  })

  it('a finger on the button during a play sinks it, and writes nothing of the motion the compositor plays', async () => {
    const { game, inner } = await readyGame(5, {}, 'compositor')
    const layers = inner.parts.layers
    const face = layers.root.firstElementChild as HTMLElement
    game.play()
    game.reveal(win(3))
    vi.advanceTimersByTime(1200)
    const still = face.style.transform
    layers.button.dispatchEvent(new PointerEvent('pointerdown', { pointerId: 7 }))
    expect(layers.button.style.transform).toBe('scale(0.93)')
    expect(face.style.transform).toBe(still)
    layers.button.dispatchEvent(new PointerEvent('pointerup', { pointerId: 7 }))
    expect(layers.button.style.transform).toBe('')
    expect(face.style.transform).toBe(still)
    game.destroy()
  })

  it('reset() or destroy() mid-play ends the animations and whatever was cued', async () => {
    for (const end of ['reset', 'destroy'] as const) {
      const { game, events } = await readyGame(4, {}, 'compositor')
      game.play()
      game.reveal(win(1))
      vi.advanceTimersByTime(300)
      const heard = events.length
      game[end]()
      expect(fake.live()).toHaveLength(0)
      vi.advanceTimersByTime(30_000)
      expect(events).toHaveLength(heard)
      if (end === 'reset') expect(game.state).toBe('idle')
    }
  })
})
