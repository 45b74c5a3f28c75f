// Dev harness for the scratch card (not part of the app): mounts a stage with the game
// and drives play/reveal from buttons or query params.
//   ?renderer=auto|webgl|canvas  ?auto=win|redpacket|none|abort  ?delay=ms (time before reveal/abort)
import { createStage } from '../../../src/stage/createStage'
import type { RendererPreference } from '../../../src/stage/createStage'
import { ScratchCardGame } from '../../../src/games/scratch-card/ScratchCardGame'
import type { Outcome } from '../../../src/core/outcome'

const params = new URLSearchParams(location.search)
const log = document.getElementById('log')!
const say = (line: string): void => {
  log.textContent = `${line}\n${log.textContent ?? ''}`.slice(0, 2000)
}

const outcomes: Record<string, Outcome> = {
  win: { kind: 'win', prizeId: 1, prizeName: '304不锈钢保温杯', prizeType: 'physical', amountCents: 0, secret: '' },
  redpacket: { kind: 'win', prizeId: 2, prizeName: '现金红包', prizeType: 'redpacket', amountCents: 888, secret: '' },
  none: { kind: 'no_award' },
}

const stage = await createStage(document.getElementById('stage')!, {
  renderer: (params.get('renderer') ?? 'auto') as RendererPreference,
})
const game = new ScratchCardGame()
await game.prepare({ template: 10, title: '新春刮刮乐', prizes: [] }, stage.renderer)
stage.attach(game)
say(`renderer: ${stage.rendererName} @${stage.renderer.resolution}`)

const auto = params.get('auto')
const delay = Number(params.get('delay') ?? 600)
game.events.on('request', () => {
  say('request → play()')
  game.play()
  if (!auto) return
  setTimeout(() => {
    if (auto === 'abort') game.abort({ message: '网络开小差了' })
    else game.reveal(outcomes[auto] ?? outcomes.none!)
  }, delay)
})
game.events.on('settled', ({ outcome }) => say(`settled: ${JSON.stringify(outcome)}`))
game.events.on('aborted', ({ message }) => say(`aborted: ${message}`))

for (const b of document.querySelectorAll<HTMLButtonElement>('#controls button')) {
  b.addEventListener('click', () => {
    const act = b.dataset.act!
    if (act === 'abort') game.abort({ message: '网络开小差了' })
    else if (act === 'reset') game.reset()
    else game.reveal(outcomes[act]!)
  })
}

Object.assign(globalThis, { __scratch: { game, stage } })
