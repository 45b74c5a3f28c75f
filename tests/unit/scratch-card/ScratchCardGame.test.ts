// @vitest-environment happy-dom
// Pixi needs a DOM to load; no renderer here: this tests the play flow, the
// stroke rules and the coverage wiring (drawing is checked in the browser, tests/e2e/preview.spec.ts).
import { describe, expect, it, vi } from 'vitest'
import type { Container } from 'pixi.js'
import type { Outcome } from '../../../src/core/outcome'
import { ScratchCardGame } from '../../../src/games/scratch-card/ScratchCardGame'
import { cardParts, fitCard } from '../../../src/games/scratch-card/layout'
import { SCRATCH_REDUCED_MOTION } from '../../../src/games/scratch-card/defaults'
import type { ScratchDefaults } from '../../../src/games/scratch-card/defaults'

const WIN: Outcome = { kind: 'win', prizeId: 1, prizeName: '保温杯', prizeType: 'physical', amountCents: 0, secret: '' }

interface Pointer {
  id: number
  primary?: boolean
}

/** A game sized like a phone, with a host that allows every play, and helpers to drive pointers on the coating. */
function setup(options: { allow?: boolean; config?: Partial<ScratchDefaults> } = {}) {
  const game = new ScratchCardGame(options.config ?? { revealFadeMs: 400, abortFadeMs: 300 })
  game.resize(390, 300)
  const box = fitCard(390, 300, { aspect: 1.6, margin: 12, maxWidth: 440 })
  const win = cardParts(box.width, box.height).scratch
  const events: string[] = []
  game.events.on('request', () => {
    events.push('request')
    if (options.allow ?? true) game.play()
  })
  game.events.on('settled', ({ outcome }) => events.push(`settled:${outcome.kind}`))
  game.events.on('aborted', ({ message }) => events.push(`aborted:${message}`))
  // The whole card takes the touches; positions below are in the coating's coordinates.
  const surface = (game as unknown as { card: Container }).card
  const fire = (type: string, p: Pointer, x: number, y: number): void => {
    surface.emit(type as 'pointerdown', {
      pointerId: p.id,
      isPrimary: p.primary ?? true,
      getLocalPosition: (_: unknown, out: { x: number; y: number }) => Object.assign(out, { x, y }),
    } as never)
  }
  /** Zig-zag over the top `share` of the window in sparse samples (a fast finger). */
  const scratch = (p: Pointer, share: number): void => {
    fire('pointerdown', p, 0, 0)
    for (let y = 0; y <= win.height * share; y += 14) {
      fire('globalpointermove', p, win.width, y)
      fire('globalpointermove', p, 0, y + 7)
    }
    fire('pointerup', p, 0, 0)
  }
  return { game, events, fire, scratch, win }
}

describe('ScratchCardGame', () => {
  it('asks for a play on the first touch only, and scratches once the host plays', () => {
    const { game, events, fire } = setup()
    const finger = { id: 1 }
    fire('pointerdown', finger, 50, 50)
    expect(events).toEqual(['request'])
    expect(game.state).toBe('playing')
    expect(game.coverage).toBeGreaterThan(0)
    fire('pointerup', finger, 50, 50)
    fire('pointerdown', finger, 80, 50)
    expect(events).toEqual(['request'])
  })

  it('scratches nothing when the host refuses the play, and asks again on the next touch', () => {
    const { game, events, fire } = setup({ allow: false })
    fire('pointerdown', { id: 1 }, 50, 50)
    fire('globalpointermove', { id: 1 }, 200, 60)
    expect(game.state).toBe('idle')
    expect(game.coverage).toBe(0)
    // A second finger in the meantime is the same double tap: no second request.
    fire('pointerdown', { id: 2 }, 50, 50)
    expect(events).toEqual(['request'])
    fire('pointerup', { id: 1 }, 200, 60)
    fire('pointerup', { id: 2 }, 50, 50)
    game.update(16)
    fire('pointerdown', { id: 3 }, 50, 50)
    expect(events).toEqual(['request', 'request'])
  })

  it('fills the gap between two far-apart samples (interpolated stamps)', () => {
    const { game, fire, win } = setup()
    fire('pointerdown', { id: 1 }, 0, win.height / 2)
    const afterDown = game.coverage
    fire('globalpointermove', { id: 1 }, win.width, win.height / 2)
    // One sample across the whole window still clears a full band of cells.
    const grid = (game as unknown as { grid: { isCleared(c: number, r: number): boolean; cols: number } }).grid
    for (let c = 0; c < grid.cols; c++) expect(grid.isCleared(c, 10) || grid.isCleared(c, 9)).toBe(true)
    expect(game.coverage).toBeGreaterThan(afterDown * 10)
  })

  it('follows only the first finger; a second finger is ignored until the first lifts', () => {
    const { game, fire, win } = setup()
    const first = { id: 1 }
    const second = { id: 2, primary: false }
    fire('pointerdown', first, 10, 10)
    const before = game.coverage
    fire('pointerdown', second, win.width - 10, win.height - 10)
    fire('globalpointermove', second, win.width / 2, win.height - 10)
    expect(game.coverage).toBe(before)
    fire('pointerup', first, 10, 10)
    fire('globalpointermove', first, win.width - 10, 10)
    expect(game.coverage).toBe(before)
  })

  it('a new primary pointer takes over a stroke whose end was lost', () => {
    const { game, fire, win } = setup()
    fire('pointerdown', { id: 1 }, 10, 10)
    const before = game.coverage
    fire('pointerdown', { id: 7 }, win.width - 10, win.height - 10)
    expect(game.coverage).toBeGreaterThan(before)
  })

  it('ends the stroke on pointerupoutside and pointercancel', () => {
    for (const end of ['pointerupoutside', 'pointercancel']) {
      const { game, fire, win } = setup()
      fire('pointerdown', { id: 1 }, 10, 10)
      fire(end, { id: 1 }, 10, 10)
      const before = game.coverage
      fire('globalpointermove', { id: 1 }, win.width - 10, win.height - 10)
      expect(game.coverage).toBe(before)
    }
  })

  it('waits for the outcome at the threshold, then fades and settles on it', () => {
    const { game, events, scratch } = setup()
    scratch({ id: 1 }, 0.8)
    expect(game.coverage).toBeGreaterThanOrEqual(0.5)
    game.update(1000)
    expect(game.state).toBe('playing')
    game.reveal(WIN)
    expect(game.state).toBe('revealing')
    game.update(16)
    game.update(200)
    expect(events).not.toContain('settled:win')
    game.update(250)
    expect(game.state).toBe('settled')
    expect(events.at(-1)).toBe('settled:win')
  })

  it('with reduced motion, the coating goes in a blink and the outcome shows', () => {
    const { game, events, scratch } = setup({ config: SCRATCH_REDUCED_MOTION })
    scratch({ id: 1 }, 0.8)
    game.reveal(WIN)
    let ms = 0
    while (game.state !== 'settled' && ms < 5000) {
      game.update(16)
      ms += 16
    }
    expect(events.at(-1)).toBe('settled:win')
    expect(ms).toBeLessThanOrEqual(160)
  })

  it('keeps scratching after the outcome and reveals only past the threshold', () => {
    const { game, events, scratch } = setup()
    scratch({ id: 1 }, 0.2)
    game.reveal({ kind: 'no_award' })
    game.update(1000)
    expect(game.state).toBe('revealing')
    expect(game.coverage).toBeLessThan(0.5)
    scratch({ id: 1 }, 0.9)
    game.update(16)
    game.update(500)
    expect(events.at(-1)).toBe('settled:no_award')
  })

  it('abort fades a fresh coating in, clears the grid and comes back to idle', () => {
    const { game, events, scratch, fire } = setup()
    scratch({ id: 1 }, 0.3)
    game.abort({ message: '网络开小差了' })
    expect(game.state).toBe('aborting')
    fire('pointerdown', { id: 2 }, 10, 10)
    expect(events.filter((e) => e === 'request')).toHaveLength(1)
    game.update(310)
    expect(events.at(-1)).toBe('aborted:网络开小差了')
    expect(game.state).toBe('idle')
    expect(game.coverage).toBe(0)
  })

  it('reset gives a fresh card, ready for the next play', () => {
    const { game, events, scratch } = setup()
    scratch({ id: 1 }, 0.9)
    game.reveal(WIN)
    game.update(16)
    game.update(500)
    expect(game.state).toBe('settled')
    game.reset()
    expect(game.state).toBe('idle')
    expect(game.coverage).toBe(0)
    scratch({ id: 2 }, 0.1)
    expect(events.filter((e) => e === 'request')).toHaveLength(2)
  })

  it('is still at rest, idle or settled, and moving from the first touch through the fade and the pop', () => {
    const { game, fire, scratch } = setup()
    game.update(16)
    // Idle and untouched: no frame is needed until a touch (the stage wakes on it).
    expect(game.stillFor()).toBe(Infinity)
    fire('pointerdown', { id: 1 }, 50, 50)
    expect(game.stillFor()).toBe(0)
    fire('pointerup', { id: 1 }, 50, 50)
    game.update(16)
    expect(game.state).toBe('playing')
    expect(game.stillFor()).toBe(0)
    scratch({ id: 2 }, 0.9)
    game.reveal(WIN)
    game.update(16)
    expect(game.stillFor()).toBe(0)
    // The fade ends (settled), the headline's pop runs a little longer.
    for (let i = 0; i < 100 && game.stillFor() === 0; i++) game.update(16)
    expect(game.state).toBe('settled')
    expect(game.stillFor()).toBe(Infinity)
    game.reset()
    game.update(16)
    expect(game.stillFor()).toBe(Infinity)
  })

  it('ignores reveal() when no play is running', () => {
    const { game } = setup()
    game.reveal(WIN)
    expect(game.state).toBe('idle')
  })

  it('emits scratch ticks at most once per interval', () => {
    const { game, fire, win } = setup()
    const tick = vi.fn()
    game.events.on('tick', tick)
    fire('pointerdown', { id: 1 }, 10, 10)
    game.update(16)
    fire('globalpointermove', { id: 1 }, win.width / 2, 10)
    game.update(16)
    expect(tick).toHaveBeenCalledTimes(1)
    game.update(100)
    expect(tick).toHaveBeenCalledTimes(2)
    game.update(200)
    expect(tick).toHaveBeenCalledTimes(2)
  })

  it('a press on the frame or title band asks for a play and scratches once the stroke reaches the coating', () => {
    const { game, events, fire, win } = setup()
    const finger = { id: 1 }
    // Above the window, on the title band: far from the coating.
    fire('pointerdown', finger, win.width / 2, -50)
    expect(events).toEqual(['request'])
    expect(game.coverage).toBe(0)
    fire('globalpointermove', finger, win.width / 2, -30)
    expect(game.coverage).toBe(0)
    // Down onto the coating: the same stroke scratches.
    fire('globalpointermove', finger, win.width / 2, win.height / 2)
    expect(game.coverage).toBeGreaterThan(0.02)
    fire('pointerup', finger, win.width / 2, win.height / 2)
  })

  it('the whole card, not only the coating, takes the touches', () => {
    const { game } = setup()
    const card = (game as unknown as { card: Container }).card
    const box = fitCard(390, 300, { aspect: 1.6, margin: 12, maxWidth: 440 })
    expect(card.eventMode).toBe('static')
    expect(card.hitArea?.contains(2, 2)).toBe(true)
    expect(card.hitArea?.contains(box.width - 2, box.height - 2)).toBe(true)
  })

  it('destroy drops every listener', () => {
    const { game, fire } = setup()
    const request = vi.fn()
    game.events.on('request', request)
    game.destroy()
    expect(() => fire('pointerdown', { id: 1 }, 10, 10)).not.toThrow()
    expect(request).not.toHaveBeenCalled()
  })
})
