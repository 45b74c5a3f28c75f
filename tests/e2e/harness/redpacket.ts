/**
 * Manual/screenshot harness for the red packet game, outside the app: a bare
 * Pixi Application with the game and a fake host that plays on every request
 * and reveals a fake outcome 600 ms later.
 * Query: ?outcome=money|prize|none|abort  &renderer=canvas  &seed=N  &delay=ms (before the outcome)
 *        &manual=1 (ticker stopped; the script advances time with harness.advance(ms) for exact frames)
 */
import { Application } from 'pixi.js'
import type { Outcome } from '../../../src/core/outcome'
import { seededRandom } from '../../../src/core/random'
import { RedPacketGame } from '../../../src/games/red-packet/RedPacketGame'
import type { Rain } from '../../../src/games/red-packet/spawn'

const query = new URLSearchParams(location.search)
const kind = query.get('outcome') ?? 'money'

const outcomes: Record<string, Outcome> = {
  money: { kind: 'win', prizeId: 1, prizeName: '现金红包', prizeType: 'redpacket', amountCents: 888, secret: '' },
  prize: { kind: 'win', prizeId: 2, prizeName: '星巴克中杯咖啡券一张', prizeType: 'virtual', amountCents: 0, secret: '' },
  none: { kind: 'no_award' },
}

const app = new Application()
await app.init({
  resizeTo: window,
  resolution: Math.min(window.devicePixelRatio, 2),
  autoDensity: true,
  antialias: true,
  background: '#9c0a12',
  preference: query.get('renderer') === 'canvas' ? 'canvas' : 'webgl',
})
document.body.appendChild(app.canvas)

const game = new RedPacketGame({}, seededRandom(Number(query.get('seed') ?? 7)))
await game.prepare({ template: 12, title: '新春红包雨', prizes: [] }, app.renderer)
app.stage.addChild(game.view)
game.resize(app.screen.width, app.screen.height)
app.renderer.on('resize', (w: number, h: number) => game.resize(w, h))
app.ticker.add((ticker) => game.update(ticker.deltaMS))
const manual = query.get('manual') === '1'
if (manual) app.ticker.stop()
let clock = 0
const timers: { at: number; run: () => void }[] = []
/** setTimeout on the harness clock, so manual stepping also drives the fake host. */
function later(ms: number, run: () => void): void {
  if (!manual) setTimeout(run, ms)
  else timers.push({ at: clock + ms, run })
}
function advance(ms: number): void {
  for (let t = 0; t < ms; t += 1000 / 60) {
    clock += 1000 / 60
    for (const timer of timers.filter((x) => x.at <= clock)) {
      timers.splice(timers.indexOf(timer), 1)
      timer.run()
    }
    game.update(1000 / 60)
  }
  app.render()
}

const log: string[] = []
game.events.on('request', () => {
  log.push('request')
  game.play()
  later(Number(query.get('delay') ?? 600), () => {
    if (kind === 'abort') game.abort({ message: '网络不给力' })
    else game.reveal(outcomes[kind] ?? outcomes.money!)
  })
})
game.events.on('settled', ({ outcome }) => log.push(`settled:${outcome.kind}`))
game.events.on('aborted', () => log.push('aborted'))
game.events.on('tick', ({ kind: k }) => log.push(`tick:${k}`))

/** Hooks for the screenshot script: where packets are, what happened. */
Object.assign(window, {
  harness: {
    log,
    game,
    renderer: app.renderer.name,
    advance,
    packets: () =>
      (game as unknown as { rain: Rain }).rain.packets.filter((p) => p.active).map((p) => ({ x: p.x, y: p.y, z: p.z, w: p.halfWidth * 2 })),
  },
})
