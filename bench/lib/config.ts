import { fileURLToPath } from 'node:url'
import { join } from 'node:path'

/** The repository root (bench/lib/../..). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
/** Scratch space: builds, databases, traces (git-ignored). */
export const TMP = join(ROOT, 'bench', 'tmp')
/** Where the SPA is built for the bench (served by the real server through STATIC_DIR; dist/ is left alone). */
export const DIST = join(TMP, 'dist')
/** The lucky-canvas comparison page's build. */
export const LUCKY_DIST = join(TMP, 'lucky-dist')
/** The floor pages' build (bench/floor: a bare pixi.js renderer and raw WebGL turning one texture). */
export const FLOOR_DIST = join(TMP, 'floor-dist')
/** Build graph of the SPA (written by the stats plugin in build.ts). */
export const STATS_FILE = join(TMP, 'dist-stats.json')
/** Committed results. */
export const RESULTS_DIR = join(ROOT, 'bench', 'results')

/** Debian's Chromium and the flags every run uses. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-unsafe-swiftshader',
  // ANGLE on SwiftShader gives headless Chromium GPU compositing, as on a phone. Without it a WebGL
  // canvas is composited in software through a synchronous ReadPixels in every main-thread Commit
  // (~0.5 s per frame for a 780×780 canvas here), which would be charged to our pages' TBT and frames.
  '--use-angle=swiftshader',
]

/** The subjects compared side by side. */
export type Game = 'wheel' | 'scratch' | 'redpacket'
export type Subject = Game | 'lucky'
export const GAMES: readonly Game[] = ['wheel', 'scratch', 'redpacket']
export const SUBJECTS: readonly Subject[] = ['wheel', 'scratch', 'redpacket', 'lucky']

/** The floor pages (bench/floor), by scenario id: its `?r=` and what it is, as the wheel's targets name it. */
export const FLOORS = {
  'pixi floor': { r: 'pixi', what: 'a bare pixi.js renderer' },
  'webgl floor': { r: 'webgl', what: 'raw WebGL' },
  'css floor': { r: 'css', what: 'a canvas turned by a style transform' },
} as const

/** The participant's page for a demo activity, served by the real server. */
export const livePath = (game: Game): string => `/game/lottery/index/code/demo-${game}`
/** The marketer's preview (local draw, no server state). */
export const previewPath = (game: Game): string => `/preview/${game}`

/** The phone the e2e tests use: 390×844 CSS px at 3×, touch. */
export { PHONE } from '../../tests/e2e/phone'

/** GameCanvas's root carries data-state (loading, ready, playing, revealing, settled...) and data-renderer; playable when ready. */
export const GAME_ROOT = '[data-renderer][data-state]'
export const PLAYABLE = `${GAME_ROOT}[data-state="ready"]`

/** Tunables of the whole run. */
export const DEFAULTS = {
  /** Lighthouse runs per page (the median is reported). */
  lighthouseRuns: 3,
  /** Timing runs per frame-cost scenario (each figure is the median over them). */
  frameRuns: 3,
  /** Chromium CPU slowdown during the frame-cost runs (CDP Emulation.setCPUThrottlingRate). */
  cpuThrottle: 4,
  /** Seconds per autocannon run. */
  serverDurationS: 10,
  /** autocannon connection counts. */
  serverConnections: [50, 500] as readonly number[],
  /** Participants the award load plays for, spread over the connections (one win per window each). */
  serverParticipants: 1000,
  /** Fewest participants per connection. */
  serverMinParticipantsPerConnection: 4,
  /** Stock of the bench activity's one prize (the oversell check's budget). */
  serverStock: 100,
  /** Its chance, percent: high enough that the stock runs out during the run. */
  serverChance: 20,
  /** Longest wait for a page or a game to become ready, ms (generous: software WebGL on a busy machine takes tens of seconds). */
  pageTimeoutMs: 90_000,
  /**
   * Longest measured lucky-canvas spin from the tap, ms: its own timing is 2.5 s acceleration + 2.5 s
   * deceleration after the 1 s answer, but at a few frames per second it never stops (see bench/lucky).
   */
  luckySpinCapMs: 10_000,
}
