// A lucky-canvas wheel with our demo wheel's segments (same prizes, labels, order and colours),
// for the side-by-side bench only: never shipped to participants. It plays the way our page does:
// the button starts the spin at once and the "server" answers after 1 s with the segment to land on.
import { LuckyWheel } from 'lucky-canvas'
import { demoActivities } from '../../src/core/demo'
import { buildSegments } from '../../src/games/wheel/segments'

const DEFAULTS = {
  /** Simulated server answer time, ms. */
  answerMs: 1000,
  /** Largest wheel size, CSS px. */
  maxSizePx: 360,
  /** Page padding on each side, CSS px. */
  paddingPx: 16,
}

const css = (color: number): string => `#${color.toString(16).padStart(6, '0')}`

const demo = demoActivities().wheel
const segments = buildSegments(demo.prize.map(({ id, name, type, money, img }) => ({ id, name, type, money, img })))
const root = document.getElementById('wheel') as HTMLDivElement
const button = document.getElementById('play') as HTMLButtonElement
const size = `${Math.min(window.innerWidth - 2 * DEFAULTS.paddingPx, DEFAULTS.maxSizePx)}px`
// Which segment the answer lands on: ?stop=N, else the first.
const stopIndex = Number(new URLSearchParams(location.search).get('stop') ?? 0) % segments.length

let spinning = false
const wheel = new LuckyWheel(
  { el: '#wheel' },
  {
    width: size,
    height: size,
    blocks: [{ padding: '12px', background: '#f7b733' }],
    prizes: segments.map((s) => ({
      background: css(s.fill),
      fonts: [{ text: s.label, top: '12%', fontColor: css(s.text), fontSize: '14px', wordWrap: true, lengthLimit: '70%' }],
    })),
    buttons: [
      { radius: '35%', background: '#ffe08a' },
      { radius: '30%', background: '#d9261c', pointer: true, fonts: [{ text: '抽奖', top: '-12px', fontColor: '#fff3c4', fontSize: '18px' }] },
    ],
    start: () => start(),
    end: () => {
      spinning = false
      root.dataset.state = 'settled'
    },
  },
)

function start(): void {
  if (spinning) return
  spinning = true
  root.dataset.state = 'playing'
  wheel.play()
  setTimeout(() => wheel.stop(stopIndex), DEFAULTS.answerMs)
}

button.addEventListener('click', start)
// Same readiness signal as our GameCanvas root: playable once the wheel is drawn.
root.dataset.state = 'ready'
