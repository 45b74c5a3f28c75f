// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { Container, Graphics, RendererType } from 'pixi.js'
import type { Renderer, Texture } from 'pixi.js'
import { BAKE_SLICE_MS, bakePieces, bakeSteps } from '../../../src/games/shared/bake'

/** The canvas renderer as bake.ts uses it: render() into the texture, and its type. */
function canvasRenderer() {
  const drawn: Container[] = []
  const renderer = { type: RendererType.CANVAS, render: vi.fn(({ container }: { container: Container }) => drawn.push(container)) }
  return { renderer: renderer as unknown as Renderer, drawn }
}

/** A piece that takes longer than a slice to build, so the bake pauses after it. */
function slowPiece(made: Container[]): () => Container {
  return () => {
    const end = performance.now() + BAKE_SLICE_MS + 1
    while (performance.now() < end);
    const g = new Graphics().rect(0, 0, 10, 10).fill(0xffffff)
    made.push(g)
    return g
  }
}

describe('bakeSteps', () => {
  it('pauses between pieces once a slice is spent, draws each piece as it comes (canvas) and returns the texture', () => {
    const { renderer, drawn } = canvasRenderer()
    const made: Container[] = []
    const steps = bakeSteps(renderer, [slowPiece(made), slowPiece(made), slowPiece(made)], { resolution: 1 })
    let pauses = 0
    let step = steps.next()
    while (!step.done) {
      pauses += 1
      step = steps.next()
    }
    expect(pauses).toBe(2)
    expect(drawn).toEqual(made)
    const texture = step.value as Texture
    expect(texture.destroyed).toBe(false)
    expect(texture.width).toBe(10)
    // A canvas keeps what was drawn: the pieces are gone.
    expect(made.every((piece) => piece.destroyed)).toBe(true)
  })

  it('closed half-way keeps nothing: the texture and the pieces are destroyed', () => {
    const { renderer } = canvasRenderer()
    const made: Container[] = []
    const steps = bakeSteps(renderer, [slowPiece(made), slowPiece(made), slowPiece(made)], { resolution: 1 })
    expect(steps.next().done).toBe(false)
    steps.return(undefined as never)
    expect(made).toHaveLength(1)
    expect(made[0]?.destroyed).toBe(true)
    expect(steps.next().done).toBe(true)
  })

  it('bakePieces gives up when its pause says so, and resolves to null', async () => {
    const { renderer } = canvasRenderer()
    const made: Container[] = []
    const result = await bakePieces(renderer, [slowPiece(made), slowPiece(made)], { resolution: 1 }, async () => true)
    expect(result).toBeNull()
    expect(made).toHaveLength(1)
    expect(made[0]?.destroyed).toBe(true)
  })
})
