import { defineComponent, h, onMounted, type PropType } from 'vue'
import { vi } from 'vitest'
import type { Outcome } from '../../src/core/outcome'
import type { AbortInfo, GameSetup } from '../../src/games/shared/Game'

/**
 * A stand-in for src/components/GameCanvas.vue so component tests never load
 * pixi.js: same props, events and exposed methods. `reveal` answers `settled`
 * and `abort` answers `aborted` on the next microtask, like a game that lands at once.
 */
export const gameCanvasCalls = {
  play: vi.fn<() => void>(),
  reveal: vi.fn<(outcome: Outcome) => void>(),
  abort: vi.fn<(info: AbortInfo) => void>(),
  reset: vi.fn<() => void>(),
  /** The setups the stub was rendered with, latest last. */
  setups: [] as GameSetup[],
  /** Emit `request` as if the participant tapped the game itself. */
  request: (): void => {
    throw new Error('GameCanvasStub is not mounted')
  },
  /** When false, reveal() does not settle by itself (to observe the locked state). */
  autoSettle: true,
  /** Emit `settled` for the last revealed outcome. */
  settle: (): void => {
    throw new Error('GameCanvasStub is not mounted')
  },
}

/** Reset the recorded calls (call in beforeEach). */
export function resetGameCanvasCalls(): void {
  gameCanvasCalls.play.mockReset()
  gameCanvasCalls.reveal.mockReset()
  gameCanvasCalls.abort.mockReset()
  gameCanvasCalls.reset.mockReset()
  gameCanvasCalls.setups = []
  gameCanvasCalls.autoSettle = true
}

export const GameCanvasStub = defineComponent({
  name: 'GameCanvas',
  props: {
    setup: { type: Object as PropType<GameSetup>, required: true },
    renderer: { type: String as PropType<'auto' | 'webgl' | 'canvas'>, default: 'auto' },
  },
  emits: ['request', 'settled', 'aborted', 'ready', 'error'],
  setup(props, { emit, expose }) {
    let last: Outcome | null = null
    gameCanvasCalls.request = () => emit('request', { template: props.setup.template })
    gameCanvasCalls.settle = () => {
      if (last) emit('settled', { outcome: last })
    }
    expose({
      play: () => gameCanvasCalls.play(),
      reveal: (outcome: Outcome) => {
        gameCanvasCalls.reveal(outcome)
        last = outcome
        if (gameCanvasCalls.autoSettle) queueMicrotask(() => emit('settled', { outcome }))
      },
      abort: (info: AbortInfo) => {
        gameCanvasCalls.abort(info)
        queueMicrotask(() => emit('aborted', info))
      },
      reset: () => gameCanvasCalls.reset(),
    })
    onMounted(() => emit('ready'))
    return () => {
      gameCanvasCalls.setups.push(props.setup)
      return h('div', { 'data-test': 'game-canvas', 'data-template': props.setup.template, 'data-renderer': props.renderer })
    }
  },
})
