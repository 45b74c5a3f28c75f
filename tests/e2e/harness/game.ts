/**
 * Test harness (not shipped): mounts one game on a stage without Vue, for
 * screenshots and browser tests. Query: ?template=10|11|12&renderer=auto|webgl|canvas.
 * Drives it through `window.harness` (play, reveal, abort, reset, events seen).
 */
import type { Template } from '../../../src/core/activity'
import type { Outcome } from '../../../src/core/outcome'
import { loadGame } from '../../../src/games'
import type { GamePrize } from '../../../src/games/shared/Game'
import { createStage } from '../../../src/stage/createStage'
import type { RendererPreference } from '../../../src/stage/createStage'

const DEMO_PRIZES: GamePrize[] = [
  { id: 1, name: 'iPhone 16', type: 'physical', money: 0, img: '' },
  { id: 2, name: '50元优惠券', type: 'virtual', money: 0, img: '' },
  { id: 3, name: '100积分', type: 'points', money: 0, img: '' },
  { id: 4, name: '现金红包8.88元', type: 'redpacket', money: 8.88, img: '' },
]

const params = new URLSearchParams(location.search)
const template = Number(params.get('template') ?? 11) as Template
const renderer = (params.get('renderer') ?? 'auto') as RendererPreference
const host = document.getElementById('host')!
host.style.setProperty('--aspect', params.get('aspect') ?? '1')
const log = document.getElementById('log')!
const events: { name: string; payload: unknown }[] = []

async function main(): Promise<void> {
  const stage = await createStage(host, { renderer })
  const game = await loadGame(template)
  for (const name of ['request', 'settled', 'aborted', 'tick'] as const) {
    game.events.on(name, (payload) => {
      events.push({ name, payload })
      if (name !== 'tick') log.textContent = `${name} ${JSON.stringify(payload)}`
    })
  }
  await game.prepare({ template, title: '幸运大转盘', prizes: DEMO_PRIZES }, stage.renderer)
  stage.attach(game)
  Object.assign(window, {
    harness: {
      renderer: stage.rendererName,
      fps: () => stage.app.ticker.FPS,
      events,
      state: () => game.state,
      play: () => game.play(),
      reveal: (outcome: Outcome) => game.reveal(outcome),
      abort: (message: string) => game.abort({ message }),
      reset: () => game.reset(),
      destroy: () => {
        game.destroy()
        stage.destroy()
      },
    },
  })
  document.body.dataset.ready = stage.rendererName
}

main().catch((error: unknown) => {
  log.textContent = String(error)
  document.body.dataset.ready = 'error'
})
