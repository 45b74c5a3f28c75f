// `npm run bench`: size, load, frame cost and server throughput of our three games, side by side with a
// lucky-canvas wheel, on loopback. Prints a table and writes bench/results/latest.{json,md}.
// Flags: --only=size,load,frame,server   --skip-build (reuse the builds in bench/tmp)   --out=DIR
//        --dry-run (build and size the lucky page only, everything else n/a: what the smoke test runs)
import { spawnSync } from 'node:child_process'
import { cpus, loadavg, totalmem } from 'node:os'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { chromium, type Browser, type Page } from '@playwright/test'
import { buildFloor, buildLucky, buildSpa, type BuildStats } from './lib/build'
import { CHROMIUM_ARGS, CHROMIUM_PATH, DEFAULTS, FLOORS, ROOT, GAMES, GAME_ROOT, PHONE, PLAYABLE, RESULTS_DIR, STATS_FILE, TMP, livePath, previewPath, type Game } from './lib/config'
import { frameSection, runScenarios, scratchGesture, scratchSizeSection, soundSection, tapCentre, waitState, type Scenario } from './lib/frames'
import { startServer, startStatic, type RunningServer, type StaticServer } from './lib/proc'
import { skippedSection, toText, writeResults, type Results, type Section, type SectionId } from './lib/report'
import { benchServer, serverSection } from './lib/serverLoad'
import { measureSizes, soundModuleRow, type SizeTarget } from './lib/size'
import { MUTE_KEY } from '../src/audio'
import { judge, type RawResults } from './lib/targets'

const ALL: SectionId[] = ['size', 'load', 'frame', 'server']

/** Command-line options. */
export interface BenchOptions {
  only: SectionId[]
  skipBuild: boolean
  dryRun: boolean
  out: string
}

/** Read the flags (see the header); throws on an unknown flag or section. */
export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string' },
      'skip-build': { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  })
  if (values.help) {
    console.log('npm run bench -- [--only=size,load,frame,server] [--skip-build] [--dry-run] [--out=DIR]')
    process.exit(0)
  }
  const only = (values.only?.split(',').map((s) => s.trim()) ?? ALL) as SectionId[]
  for (const id of only) if (!ALL.includes(id)) throw new Error(`unknown section "${id}" (one of ${ALL.join(', ')})`)
  return { only, skipBuild: values['skip-build'] ?? false, dryRun: values['dry-run'] ?? false, out: values.out ?? RESULTS_DIR }
}

const log = (line: string) => console.log(line)
const reason = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'error'
const since = (t: number) => (Date.now() - t) / 1000

/** Where each game can be opened: the live page on the real server, else the preview on a static server. */
interface Pages {
  base: Record<Game, string | null>
  kind: 'live' | 'preview' | 'none'
  why: string
}

async function tapPackets(page: Page): Promise<void> {
  // Tap where packets fall until one opens (the state leaves ready); the play button if none was hit.
  const box = await page.locator(GAME_ROOT).first().boundingBox()
  if (!box) throw new Error('no game root box')
  for (let i = 0; i < 40; i++) {
    const x = box.x + box.width * (0.15 + 0.7 * ((i * 0.618) % 1))
    const y = box.y + box.height * (0.3 + 0.4 * ((i * 0.382) % 1))
    await page.touchscreen.tap(x, y)
    await page.waitForTimeout(120)
    if ((await page.getAttribute(GAME_ROOT, 'data-state')) !== 'ready') return
  }
  await tapCentre(page, '[data-test="play"]')
}

/**
 * Throws unless the page shows a game that becomes playable, saying how far it got (the game root's last
 * state, the first page error). In the same phone context as the measurements; it also warms Chromium's
 * shader cache, which the software WebGL of headless Chromium would otherwise fill during the first measured page.
 */
async function assertPlayable(browser: Browser, url: string): Promise<void> {
  const context = await browser.newContext({ ...PHONE })
  const errors: string[] = []
  try {
    const page = await context.newPage()
    page.on('pageerror', (error) => errors.push(error.message))
    await page.goto(url)
    await page.waitForSelector(PLAYABLE, { timeout: DEFAULTS.pageTimeoutMs }).catch(async () => {
      const state = await page.getAttribute(GAME_ROOT, 'data-state', { timeout: 1000 }).catch(() => null)
      throw new Error(
        `${new URL(url).pathname} shows no playable game within ${DEFAULTS.pageTimeoutMs / 1000} s ` +
          `(game root ${state === null ? 'absent' : `data-state="${state}"`}${errors[0] ? `; page error: ${errors[0]}` : ''})`,
      )
    })
  } finally {
    await context.close()
  }
}

/** The small-card run of the scratch gesture; the large card is the phone's own (3×) run. */
const SCRATCH_SMALL = 'scratch @1×'
/** The wheel's spin with sound off (the participant's stored choice); the `wheel` scenario plays with sound on. */
const WHEEL_SILENT = 'wheel, sound off'
const soundSetting = (muted: boolean) => `localStorage.setItem(${JSON.stringify(MUTE_KEY)}, '${muted ? '1' : '0'}')`

async function spinWheel(page: Page): Promise<void> {
  await tapCentre(page, '[data-test="play"]')
  await waitState(page, 'settled')
}

function scenarios(pages: Pages, luckyUrl: string | null, luckyWhy: string, floorUrl: string | null, floorWhy: string): Scenario[] {
  const url = (g: Game) => pages.base[g]
  return [
    {
      id: 'wheel',
      url: url('wheel'),
      why: pages.why,
      ready: PLAYABLE,
      initScript: soundSetting(false),
      act: spinWheel,
    },
    { id: 'scratch', url: url('scratch'), why: pages.why, ready: PLAYABLE, act: (page) => scratchGesture(page, GAME_ROOT) },
    {
      id: 'redpacket',
      url: url('redpacket'),
      why: pages.why,
      ready: PLAYABLE,
      act: async (page) => {
        await tapPackets(page)
        await waitState(page, 'settled')
      },
    },
    {
      id: 'lucky',
      url: luckyUrl,
      why: luckyWhy,
      ready: PLAYABLE,
      act: async (page) => {
        await tapCentre(page, '#play')
        const cap = DEFAULTS.luckySpinCapMs
        const settled = await waitState(page, 'settled', cap).then(
          () => true,
          () => false,
        )
        if (!settled)
          return (
            `lucky-canvas did not stop within ${cap / 1000} s of the tap, so the window is those ${cap / 1000} s (every frame still redrawn in full): ` +
            'lucky-canvas 1.7.26 freezes in its deceleration when frames are slow (its stop angle comes out 0, which it takes for "not computed yet", ' +
            'so it recomputes it and restarts the deceleration clock every frame)'
          )
      },
    },
    // What the wheel's frames are measured against besides lucky-canvas: the least work a frame of pixi.js and of WebGL takes here.
    ...Object.entries(FLOORS).map(([id, { r }]): Scenario => ({
      id,
      url: floorUrl && `${floorUrl}?r=${r}`,
      why: floorWhy,
      ready: PLAYABLE,
      act: async (page) => {
        await tapCentre(page, '#play')
        await waitState(page, 'settled')
      },
    })),
    // Only their timing is compared (with the phone-sized card; with the wheel's sound on): no counting pass.
    // Alternated with the wheel's (sound on) runs: the sound target is their paired difference.
    { id: WHEEL_SILENT, url: url('wheel'), why: pages.why, ready: PLAYABLE, initScript: soundSetting(true), countDraws: false, alternateWith: 'wheel', act: spinWheel },
    { id: SCRATCH_SMALL, url: url('scratch'), why: pages.why, ready: PLAYABLE, deviceScaleFactor: 1, countDraws: false, act: (page) => scratchGesture(page, GAME_ROOT) },
  ]
}

/** Run the selected sections; a part that cannot run is reported n/a with its reason, never thrown. */
export async function main(opts: BenchOptions): Promise<Results> {
  const t0 = Date.now()
  const loadAtStart = loadavg()[0] ?? 0
  const startedAt = new Date().toISOString()
  const want = (id: SectionId) => opts.only.includes(id) && (!opts.dryRun || id === 'size')
  const needPages = want('size') || want('load') || want('frame')
  const sections: Section[] = []
  const raw: RawResults & Record<string, unknown> = {}
  const cleanups: (() => Promise<unknown>)[] = []
  mkdirSync(TMP, { recursive: true })
  try {
    // 1. Builds.
    let spa: BuildStats | null = null
    let spaWhy = ''
    let lucky: BuildStats | null = null
    let luckyWhy = ''
    let floor: BuildStats | null = null
    let floorWhy = want('frame') ? '' : 'not selected'
    if (needPages) {
      const tb = Date.now()
      if (opts.dryRun) spaWhy = 'dry run'
      else if (opts.skipBuild && existsSync(STATS_FILE)) spa = JSON.parse(readFileSync(STATS_FILE, 'utf8')) as BuildStats
      else {
        try {
          log('building the SPA (vite build → bench/tmp/dist)…')
          spa = await buildSpa()
        } catch (error) {
          spaWhy = `SPA build failed: ${reason(error)}`
        }
      }
      try {
        log('building the lucky-canvas page (→ bench/tmp/lucky-dist)…')
        lucky = await buildLucky()
      } catch (error) {
        luckyWhy = `lucky-canvas page build failed: ${reason(error)}`
      }
      if (want('frame')) {
        try {
          log('building the floor page (→ bench/tmp/floor-dist)…')
          floor = await buildFloor()
        } catch (error) {
          floorWhy = `floor page build failed: ${reason(error)}`
        }
      }
      log(`builds done in ${since(tb).toFixed(0)} s`)
    }

    // 2. A browser for size, frame cost and checking that the live pages show a game.
    let browser: Browser | null = null
    let browserWhy = opts.dryRun ? 'dry run' : ''
    if (needPages && !opts.dryRun) {
      // Debian's Chromium, installed with apt on a fresh machine (as `npm test` does).
      spawnSync(process.execPath, [join(ROOT, 'scripts/ensure-chromium.mjs')], { stdio: 'inherit' })
      try {
        browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] })
        cleanups.push(() => (browser as Browser).close())
      } catch (error) {
        browserWhy = `Chromium failed to start: ${reason(error)}`
      }
    }

    // 3. Servers: the real one for the live pages (fresh DB, seeded demos), static ones for lucky (and previews as a fallback).
    const pages: Pages = { base: { wheel: null, scratch: null, redpacket: null }, kind: 'none', why: spaWhy || 'not needed' }
    let gzip = true
    if (needPages && spa) {
      let server: RunningServer | null = null
      try {
        const dir = join(TMP, 'pages-server')
        rmSync(dir, { recursive: true, force: true })
        mkdirSync(dir, { recursive: true })
        server = await startServer({ DB_PATH: join(dir, 'lottery.db'), STATIC_DIR: spa.outDir })
        cleanups.push(() => (server as RunningServer).stop())
        const probe = await fetch(`${server.url}/lottery/Activity/index`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'demo-wheel' }) })
        const body = (await probe.json().catch(() => ({}))) as { code?: number }
        if (body.code !== 200) throw new Error(`demo-wheel not served (Activity/index answered ${probe.status}, code ${body.code ?? '?'})`)
        if (browser) await assertPlayable(browser, `${server.url}${livePath('wheel')}`)
        const entry = Object.values(spa.chunks).find((c) => c.isEntry)
        if (entry) gzip = (await fetch(`${server.url}/${entry.file}`, { headers: { 'accept-encoding': 'gzip' } })).headers.get('content-encoding') === 'gzip'
        for (const g of GAMES) pages.base[g] = `${server.url}${livePath(g)}`
        pages.kind = 'live'
        pages.why = ''
      } catch (error) {
        await server?.stop()
        const distServer: StaticServer = await startStatic(spa.outDir, { gzip })
        cleanups.push(() => distServer.stop())
        for (const g of GAMES) pages.base[g] = `${distServer.url}${previewPath(g)}`
        pages.kind = 'preview'
        pages.why = `live server unavailable (${reason(error)}); measured on the preview page`
        log(`live pages unavailable, using previews: ${reason(error)}`)
      }
    }
    let luckyUrl: string | null = null
    if (needPages && lucky) {
      const luckyServer = await startStatic(lucky.outDir, { gzip })
      cleanups.push(() => luckyServer.stop())
      luckyUrl = `${luckyServer.url}/`
    }
    let floorUrl: string | null = null
    if (floor) {
      const floorServer = await startStatic(floor.outDir, { gzip })
      cleanups.push(() => floorServer.stop())
      floorUrl = `${floorServer.url}/`
    }
    const pageNote = pages.kind === 'preview' ? ` Game pages: ${pages.why}.` : ''

    if (want('size')) {
      const ts = Date.now()
      log('size…')
      const targets: SizeTarget[] = []
      for (const g of GAMES) {
        if (spa) targets.push({ subject: g, stats: spa, url: browser ? pages.base[g] : null, ready: PLAYABLE, why: browserWhy || pages.why })
      }
      if (lucky) targets.push({ subject: 'lucky', stats: lucky, url: browser ? luckyUrl : null, ready: PLAYABLE, why: browserWhy || 'dry run' })
      const { section, raw: r } = await measureSizes(browser, targets)
      for (const g of GAMES) if (!spa) r[g] = spaWhy
      if (!lucky) r.lucky = luckyWhy
      section.columns = [...GAMES, 'lucky']
      for (const row of section.rows) {
        for (const c of section.columns) {
          if (!(c in row.values)) {
            row.values[c] = null
            row.na = { ...row.na, [c]: typeof r[c] === 'string' ? (r[c] as string) : 'not measured' }
          }
        }
      }
      if (pageNote && section.rows[0]) section.rows[0].how += pageNote
      if (spa) section.rows.push(soundModuleRow(spa, section.columns))
      section.durationS = since(ts)
      sections.push(section)
      raw.size = r
    } else sections.push(skippedSection('size', 'Size (gzip)', 'not selected'))

    if (want('load')) {
      const tl = Date.now()
      log('load (Lighthouse)…')
      // Lighthouse takes seconds to import: only when the load section runs.
      const { measureLoad, LOAD_MODES } = await import('./lib/lighthouse')
      const targets = [...GAMES.map((g) => ({ subject: g, url: pages.base[g], why: pages.why })), { subject: 'lucky', url: luckyUrl, why: luckyWhy }]
      // With WebGL (software-rendered here), then without: the canvas renderer, the page's own work.
      for (const mode of [LOAD_MODES.webgl, LOAD_MODES.noWebgl]) {
        const tm = Date.now()
        const { section, raw: r } = await measureLoad(targets, DEFAULTS.lighthouseRuns, log, mode)
        if (pageNote && section.rows[0]) section.rows[0].how += pageNote
        section.durationS = since(tm)
        sections.push(section)
        if (mode === LOAD_MODES.webgl) raw.load = r
        else raw.loadNoWebgl = r
      }
      log(`load done in ${since(tl).toFixed(0)} s`)
    } else {
      const why = opts.dryRun ? 'dry run' : 'not selected'
      sections.push(skippedSection('load', 'Load (Lighthouse, mobile)', why), skippedSection('loadNoWebgl', 'Load with WebGL disabled (Lighthouse, mobile; canvas renderer)', why))
    }

    if (want('frame')) {
      const tf = Date.now()
      log('frame cost…')
      const list = scenarios(pages, luckyUrl, luckyWhy, floorUrl, floorWhy)
      const r = browser ? await runScenarios(browser, list, log) : Object.fromEntries(list.map((s) => [s.id, browserWhy]))
      const section = frameSection(r, ['wheel', 'scratch', 'redpacket', 'lucky', ...Object.keys(FLOORS)])
      if (pageNote && section.rows[0]) section.rows[0].how += pageNote
      section.durationS = since(tf)
      sections.push(section, scratchSizeSection(r, SCRATCH_SMALL, 'scratch'), soundSection(r, 'wheel', WHEEL_SILENT))
      raw.frame = r
      raw.scratchSizes = { small: SCRATCH_SMALL, large: 'scratch' }
      raw.sound = { on: 'wheel', off: WHEEL_SILENT }
    } else sections.push(skippedSection('frame', 'Frame cost', opts.dryRun ? 'dry run' : 'not selected'))

    // Pages are done: free the cores for the server bench.
    while (cleanups.length) await cleanups.pop()?.().catch(() => {})

    if (want('server')) {
      const tsv = Date.now()
      log('server (autocannon)…')
      try {
        const bench = await benchServer(DEFAULTS.serverConnections, DEFAULTS.serverDurationS, log)
        const section = serverSection(bench)
        section.durationS = since(tsv)
        sections.push(section)
        raw.server = bench
      } catch (error) {
        raw.server = `server bench failed: ${reason(error)}`
        sections.push(skippedSection('server', 'Server: Activity/award under load', raw.server))
      }
    } else sections.push(skippedSection('server', 'Server: Activity/award under load', opts.dryRun ? 'dry run' : 'not selected'))
  } finally {
    while (cleanups.length) await cleanups.pop()?.().catch(() => {})
  }

  const cpu = cpus()
  const version = spawnSync(CHROMIUM_PATH, ['--version'], { encoding: 'utf8' })
  const chromiumVersion = version.status === 0 ? version.stdout.trim() : `Chromium not found at ${CHROMIUM_PATH}`
  const results: Results = {
    startedAt,
    finishedAt: new Date().toISOString(),
    durationS: since(t0),
    machine: {
      cpus: cpu.length,
      cpuModel: cpu[0]?.model.trim() ?? 'unknown',
      memoryGB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      chromium: chromiumVersion,
      platform: `${process.platform}-${process.arch}`,
      loadAvg: { start: loadAtStart, end: loadavg()[0] ?? 0 },
    },
    sections,
    targets: judge(raw),
    raw,
  }
  return results
}

// Run when executed directly (tsx bench/run.ts), not when imported by the smoke test.
if (process.argv[1] && /bench[\\/]run\.ts$/.test(process.argv[1])) {
  const opts = parseOptions(process.argv.slice(2))
  main(opts)
    .then((results) => {
      const paths = writeResults(results, opts.out)
      console.log(toText(results))
      console.log(`\nwritten: ${paths.json}, ${paths.md}`)
      // Vite and Lighthouse may leave handles open; the run is over.
      process.exit(0)
    })
    .catch((error: unknown) => {
      console.error(error)
      process.exit(1)
    })
}
