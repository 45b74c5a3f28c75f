import type { Browser, BrowserContext, Page } from '@playwright/test'
import { DEFAULTS, GAME_ROOT, PHONE, PLAYABLE } from './config'
import type { Row, Section } from './report'
import { median, percentile, tableRow } from './stats'
import { FRAME_SHOWN, frameCost, MARK_END, MARK_START, REST_END, REST_START, type FrameCost, type TraceEvent } from './trace'

/** Trace categories: DevTools' timeline (script slices, frames, tasks), user timing marks and V8's GC. */
export const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'blink.user_timing',
  'v8',
  // The frames the screen shows (Display::DrawAndSwap).
  'viz',
]

/**
 * Installed before any page script: counts WebGL draw calls and Canvas 2D drawing calls, and a
 * requestAnimationFrame loop (registered first, so it runs before the page's own callback each frame)
 * files the previous frame's counts. Only used in the counting pass, never while timing.
 */
export const PROBE_SCRIPT = `(() => {
  const counts = { gl: 0, c2d: 0 }
  const wrap = (proto, names, key) => {
    if (!proto) return
    for (const name of names) {
      const original = proto[name]
      if (typeof original !== 'function') continue
      proto[name] = function (...args) { counts[key]++; return original.apply(this, args) }
    }
  }
  const gl = ['drawElements', 'drawArrays', 'drawElementsInstanced', 'drawArraysInstanced', 'drawRangeElements']
  wrap(self.WebGLRenderingContext && WebGLRenderingContext.prototype, gl, 'gl')
  wrap(self.WebGL2RenderingContext && WebGL2RenderingContext.prototype, gl, 'gl')
  wrap(self.CanvasRenderingContext2D && CanvasRenderingContext2D.prototype,
    ['fill', 'stroke', 'fillText', 'strokeText', 'drawImage', 'fillRect', 'strokeRect', 'clearRect', 'putImageData'], 'c2d')
  const frames = []
  let recording = false
  const loop = () => {
    if (recording) frames.push({ gl: counts.gl, c2d: counts.c2d })
    counts.gl = 0
    counts.c2d = 0
    requestAnimationFrame(loop)
  }
  requestAnimationFrame(loop)
  window.__benchProbe = {
    start() { frames.length = 0; recording = true },
    stop() { recording = false; return frames.slice(1) },
  }
})()`

/** Per-frame draw counts from the probe. */
export interface DrawCounts {
  gl: number[]
  c2d: number[]
}

/** One measured interaction. */
export interface Scenario {
  /** Column it reports under (wheel, scratch, redpacket, lucky) or the scratch size label. */
  id: string
  url: string | null
  why?: string
  /** Selector that matches once the page can be played. */
  ready: string
  /** Context overrides (device scale factor for the scratch card sizes). */
  deviceScaleFactor?: number
  /** Before the page's own scripts (e.g. a stored setting such as sound off). */
  initScript?: string
  /** Also run the unthrottled counting pass (draw calls per frame); default true. */
  countDraws?: boolean
  /** Id of a scenario this one differs from in one setting: their timing runs alternate (see runPair), this one second. */
  alternateWith?: string
  /** Do the interaction; resolve when it is over (with a note when it ended otherwise than planned). The marks are placed around it. */
  act(page: Page): Promise<string | void>
}

export interface ScenarioResult {
  /** The interaction in the first timing run. */
  cost: FrameCost
  /** Every timing run's interaction (the first is `cost`): figures are the median over them (runMedian). */
  runs: FrameCost[]
  /** The same page at rest for REST_MS before the interaction. */
  rest: FrameCost
  draws: DrawCounts | null
  renderer: string | null
  /** The game canvas's backing store, device px. */
  canvasPx: { width: number; height: number } | null
  /** Uncaught errors the page threw during either pass: figures measured on a broken game are suspect. */
  pageErrors: string[]
  /** What the interaction reported in the timing pass (e.g. cut at a time limit); empty when it went as planned. */
  notes: string[]
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** How long the page is traced at rest before the interaction, ms. */
export const REST_MS = 2000

/** A touch at the centre of the element matching `selector`, scrolled into view first (no stability wait: buttons pulse). */
export async function tapCentre(page: Page, selector: string): Promise<void> {
  await page.$eval(selector, (el) => el.scrollIntoView({ block: 'center', behavior: 'instant' }))
  const box = await page.locator(selector).first().boundingBox()
  if (!box) throw new Error(`${selector} has no box`)
  await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2)
}

/**
 * Wait until the game root (or the lucky wheel) reports `state`, told by a MutationObserver in the page: no
 * polling, whose work would be measured as the page's (a timer every 100 ms), or stall its frames (Playwright's
 * default requestAnimationFrame polling stalled lucky-canvas's own rAF loop under CPU throttling and tracing).
 */
export async function waitState(page: Page, state: string, timeoutMs = 60_000): Promise<void> {
  await page.evaluate(
    ({ root, state, timeoutMs }) =>
      new Promise<void>((resolve, reject) => {
        const el = document.querySelector(root)
        if (!el) return reject(new Error(`no ${root} in the page`))
        if (el.getAttribute('data-state') === state) return resolve()
        let timer = 0
        const observer = new MutationObserver(() => {
          if (el.getAttribute('data-state') !== state) return
          observer.disconnect()
          clearTimeout(timer)
          resolve()
        })
        observer.observe(el, { attributes: true, attributeFilter: ['data-state'] })
        timer = window.setTimeout(() => {
          observer.disconnect()
          reject(new Error(`${root} not ${state} within ${timeoutMs} ms (data-state="${el.getAttribute('data-state')}")`))
        }, timeoutMs)
      }),
    { root: GAME_ROOT, state, timeoutMs },
  )
}

/**
 * A finger drawn over the element in a zig-zag, one touchMove per ~16 ms (CDP Input.dispatchTouchEvent,
 * so the page sees real touch pointer events). The zig-zag covers the lower middle of the box, where the
 * scratch card's window lies (below its title band), in `rows` passes.
 */
export async function scratchGesture(page: Page, selector: string, moves = 150, rows = 6): Promise<void> {
  const box = await page.locator(selector).first().boundingBox()
  if (!box) throw new Error(`${selector} has no box`)
  const cdp = await page.context().newCDPSession(page)
  const left = box.x + box.width * 0.2
  const width = box.width * 0.6
  const top = box.y + box.height * 0.45
  const height = box.height * 0.35
  const point = (i: number) => {
    const t = i / moves
    const row = Math.min(rows - 1, Math.floor(t * rows))
    const along = (t * rows) % 1
    const x = left + (row % 2 === 0 ? along : 1 - along) * width
    const y = top + ((row + along) / rows) * height
    return { x: Math.round(x), y: Math.round(y) }
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point(0)] })
  for (let i = 1; i <= moves; i++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [point(i)] })
    await sleep(16)
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] })
  await cdp.detach()
}

/**
 * In the page: place the end mark the moment the game root turns settled, so the window holds the
 * animation and not the result dialog that follows (Playwright's polling would notice it frames later).
 */
function endAtSettle({ root, end }: { root: string; end: string }): void {
  const el = document.querySelector(root)
  if (!el) return
  const observer = new MutationObserver(() => {
    if (el.getAttribute('data-state') !== 'settled') return
    performance.mark(end)
    observer.disconnect()
  })
  observer.observe(el, { attributes: true, attributeFilter: ['data-state'] })
}

/** Uncaught page errors per page, to explain an interaction that never settles. */
const pageErrors = new WeakMap<Page, string[]>()

async function openPage(browser: Browser, s: Scenario, probe: boolean): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...PHONE, deviceScaleFactor: s.deviceScaleFactor ?? PHONE.deviceScaleFactor })
  const page = await context.newPage()
  const errors: string[] = []
  pageErrors.set(page, errors)
  page.on('pageerror', (error) => errors.push(error.message))
  if (probe) await page.addInitScript(PROBE_SCRIPT)
  if (s.initScript) await page.addInitScript(s.initScript)
  await page.goto(s.url as string)
  await page.waitForSelector(s.ready, { timeout: DEFAULTS.pageTimeoutMs })
  // Let first-load work (fonts, textures, lazy images) finish before measuring.
  await page.waitForLoadState('networkidle').catch(() => {})
  await sleep(500)
  return { context, page }
}

/**
 * The median over the timing runs of one figure of each run (a percentile, a count): one run's p95 under
 * software rendering is noisy (two runs of the same build gave the wheel 0.22× and 0.61× of lucky-canvas).
 */
export function runMedian(r: ScenarioResult, pick: (cost: FrameCost) => number | null): number | null {
  return median(r.runs.map(pick).filter((v): v is number => v !== null && Number.isFinite(v)))
}

/** What the timing runs of one scenario gathered so far. */
interface Gathered {
  runs: FrameCost[]
  rest: FrameCost | null
  renderer: string | null
  canvasPx: ScenarioResult['canvasPx']
  errors: string[]
  notes: string[]
}

const gathered = (): Gathered => ({ runs: [], rest: null, renderer: null, canvasPx: null, errors: [], notes: [] })

/** One timing run (a fresh page, CPU ×4, traced, no probe), added to `g`. */
async function timingRun(browser: Browser, s: Scenario, g: Gathered): Promise<void> {
  const { context, page } = await openPage(browser, s, false)
  try {
    g.renderer = await page.getAttribute(GAME_ROOT, 'data-renderer')
    g.canvasPx = await page.evaluate((root) => {
      const canvas = document.querySelector(`${root} canvas`) as HTMLCanvasElement | null
      return canvas ? { width: canvas.width, height: canvas.height } : null
    }, GAME_ROOT)
    const cdp = await context.newCDPSession(page)
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: DEFAULTS.cpuThrottle })
    await browser.startTracing(page, { categories: TRACE_CATEGORIES })
    let buffer: Buffer
    try {
      await page.evaluate((m) => performance.mark(m), REST_START)
      await sleep(REST_MS)
      await page.evaluate((m) => performance.mark(m), REST_END)
      await page.evaluate(endAtSettle, { root: GAME_ROOT, end: MARK_END })
      await page.evaluate((m) => performance.mark(m), MARK_START)
      const note = await s.act(page)
      if (note) g.notes.push(note)
      await page.evaluate((m) => performance.getEntriesByName(m).length || performance.mark(m), MARK_END)
    } catch (error) {
      const first = pageErrors.get(page)?.[0]
      throw first ? new Error(`${(error as Error).message.split('\n')[0]} after a page error: ${first}`) : error
    } finally {
      // One trace per browser at a time: always end it, even when the interaction failed.
      buffer = await browser.stopTracing()
    }
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 })
    const parsed = JSON.parse(buffer.toString()) as { traceEvents?: TraceEvent[] } | TraceEvent[]
    const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? [])
    g.runs.push(frameCost(events))
    g.rest ??= frameCost(events, REST_START, REST_END)
  } finally {
    g.errors.push(...(pageErrors.get(page) ?? []))
    await context.close()
  }
}

/** The unthrottled counting pass (probe installed): draw calls per frame, or null when it failed. */
async function countingPass(browser: Browser, s: Scenario, g: Gathered): Promise<DrawCounts | null> {
  if (!(s.countDraws ?? true)) return null
  const { context, page } = await openPage(browser, s, true)
  try {
    await page.evaluate(() => (window as unknown as { __benchProbe: { start(): void } }).__benchProbe.start())
    await s.act(page)
    const frames = await page.evaluate(() => (window as unknown as { __benchProbe: { stop(): { gl: number; c2d: number }[] } }).__benchProbe.stop())
    return { gl: frames.map((f) => f.gl), c2d: frames.map((f) => f.c2d) }
  } catch {
    return null
  } finally {
    g.errors.push(...(pageErrors.get(page) ?? []))
    await context.close()
  }
}

function result(g: Gathered, draws: DrawCounts | null): ScenarioResult {
  if (!g.runs[0] || !g.rest) throw new Error('no timing run')
  return { cost: g.runs[0], runs: g.runs, rest: g.rest, draws, renderer: g.renderer, canvasPx: g.canvasPx, pageErrors: [...new Set(g.errors)], notes: [...new Set(g.notes)] }
}

/** Timing passes (CPU ×4, traced, no probe; DEFAULTS.frameRuns of them) then a counting pass (probe, unthrottled) for one scenario. */
export async function runScenario(browser: Browser, s: Scenario): Promise<ScenarioResult> {
  const g = gathered()
  for (let run = 0; run < DEFAULTS.frameRuns; run++) await timingRun(browser, s, g)
  return result(g, await countingPass(browser, s, g))
}

/**
 * Two scenarios that differ in one setting (sound on and off), their timing runs alternated in one browser
 * (a, b, a, b, a, b): a change in the machine's load touches both sides alike, and run i of one side pairs
 * with run i of the other (pairedDifference).
 */
export async function runPair(browser: Browser, a: Scenario, b: Scenario): Promise<[ScenarioResult, ScenarioResult]> {
  const ga = gathered()
  const gb = gathered()
  for (let run = 0; run < DEFAULTS.frameRuns; run++) {
    await timingRun(browser, a, ga)
    await timingRun(browser, b, gb)
  }
  return [result(ga, await countingPass(browser, a, ga)), result(gb, await countingPass(browser, b, gb))]
}

/** The median over the paired runs of (a's figure − b's figure), run i of a against run i of b. */
export function pairedDifference(a: ScenarioResult, b: ScenarioResult, pick: (cost: FrameCost) => number | null): number | null {
  const diffs: number[] = []
  for (let i = 0; i < Math.min(a.runs.length, b.runs.length); i++) {
    const va = pick(a.runs[i] as FrameCost)
    const vb = pick(b.runs[i] as FrameCost)
    if (va !== null && vb !== null && Number.isFinite(va) && Number.isFinite(vb)) diffs.push(va - vb)
  }
  return median(diffs)
}

/** Run every scenario; a failure is recorded as its reason, never thrown. */
export async function runScenarios(browser: Browser, scenarios: readonly Scenario[], log: (line: string) => void = () => {}): Promise<Record<string, ScenarioResult | string>> {
  const raw: Record<string, ScenarioResult | string> = {}
  const report = (s: Scenario, r: ScenarioResult): void => {
    const p = (key: 'rafMs' | 'rafCpuMs' | 'scriptingMs', q: number) => (runMedian(r, (c) => percentile(c[key], q)) ?? Number.NaN).toFixed(2)
    log(
      `  ${s.id} (median of ${r.runs.length}): ${r.cost.frames} frames in ${(r.cost.windowMs / 1000).toFixed(1)} s, rAF scripting p50 ${p('rafMs', 50)} / p95 ${p('rafMs', 95)} ms` +
        ` (CPU ${p('rafCpuMs', 50)} / ${p('rafCpuMs', 95)}), all scripting p50 ${p('scriptingMs', 50)} / p95 ${p('scriptingMs', 95)} ms, renderer ${r.renderer ?? '?'}`,
    )
    for (const e of r.pageErrors) log(`    page error: ${e}`)
    for (const n of r.notes) log(`    note: ${n}`)
  }
  for (const s of scenarios) {
    if (!s.url) {
      raw[s.id] = s.why ?? 'no page'
      continue
    }
    // Measured with its partner, in alternation.
    if (scenarios.some((o) => o.alternateWith === s.id)) continue
    const partner = s.alternateWith ? scenarios.find((o) => o.id === s.alternateWith && o.url) : undefined
    if (partner) {
      try {
        const [a, b] = await runPair(browser, partner, s)
        raw[partner.id] = a
        raw[s.id] = b
        report(partner, a)
        report(s, b)
      } catch (error) {
        raw[partner.id] = raw[s.id] = `failed: ${(error as Error).message.split('\n')[0]}`
        log(`  ${partner.id} / ${s.id}: ${raw[s.id] as string}`)
      }
      continue
    }
    try {
      const r = await runScenario(browser, s)
      raw[s.id] = r
      report(s, r)
    } catch (error) {
      raw[s.id] = `failed: ${(error as Error).message.split('\n')[0]}`
      log(`  ${s.id}: ${raw[s.id] as string}`)
    }
  }
  return raw
}

type Pick = (r: ScenarioResult) => number | null

function rowFor(raw: Record<string, ScenarioResult | string>, columns: readonly string[], metric: string, unit: string, pick: Pick, how: string): Row {
  return tableRow(raw, columns, { metric, unit, how }, pick, 'not applicable')
}

const HOW_FRAME =
  `Chromium trace (devtools.timeline) of the interaction with CPU throttled ×${DEFAULTS.cpuThrottle} (CDP Emulation.setCPUThrottlingRate), ` +
  'phone context 390×844 @3×; per frame (BeginMainThreadFrame to the next) the union of FunctionCall, EvaluateScript, TimerFire, ' +
  'FireAnimationFrame, EventDispatch, microtask and GC slices on the renderer main thread. Headless WebGL is software-rendered (SwiftShader), so raster/GPU time is excluded. ' +
  `Each figure is the median over ${DEFAULTS.frameRuns} runs of the interaction (a fresh page each), of that figure in each run.`

/** The frame-cost section over the play scenarios (wheel, scratch, redpacket, lucky). */
export function frameSection(raw: Record<string, ScenarioResult | string>, columns: readonly string[]): Section {
  const p = (q: number, key: 'scriptingMs' | 'rafMs' | 'rafCpuMs' | 'scriptingCpuMs' | 'busyMs'): Pick => (r) => runMedian(r, (c) => percentile(c[key], q))
  const s = (q: number, key: 'scriptingMs' | 'rafMs' | 'busyMs'): Pick => (r) => runMedian(r, (c) => percentile(c.shown[key], q))
  const d = (q: number, key: 'gl' | 'c2d'): Pick => (r) => (r.draws && r.draws[key].some((n) => n > 0) ? percentile(r.draws[key], q) : null)
  const rows: Row[] = [
    rowFor(raw, columns, 'Animation-frame scripting per frame p50', 'ms', p(50, 'rafMs'), `${HOW_FRAME} Here only the requestAnimationFrame callbacks (FireAnimationFrame): the drawing code's own work each frame.`),
    rowFor(raw, columns, 'Animation-frame scripting per frame p95', 'ms', p(95, 'rafMs'), 'Same, p95.'),
    rowFor(raw, columns, 'Animation-frame CPU time per frame p50', 'ms', p(50, 'rafCpuMs'), 'The same rAF callbacks measured in thread CPU time (trace tdur): unthrottled, and immune to other load on the machine; ×4 ≈ the throttled cost.'),
    rowFor(raw, columns, 'Animation-frame CPU time per frame p95', 'ms', p(95, 'rafCpuMs'), 'Same, p95.'),
    rowFor(raw, columns, 'All scripting per frame p50', 'ms', p(50, 'scriptingMs'), `${HOW_FRAME} All of it, including timers, events and network callbacks that land in the frame (grows when the software compositor produces fewer frames).`),
    rowFor(raw, columns, 'All scripting per frame p95', 'ms', p(95, 'scriptingMs'), 'Same, p95.'),
    rowFor(raw, columns, 'All scripting CPU time per frame p50', 'ms', p(50, 'scriptingCpuMs'), 'All scripting slices in thread CPU time (unthrottled, immune to machine load).'),
    rowFor(raw, columns, 'Main thread busy per frame p50', 'ms', p(50, 'busyMs'), 'Same trace: union of all main-thread tasks (scripting + style, layout, paint, commit) per frame.'),
    rowFor(raw, columns, 'Main thread busy per frame p95', 'ms', p(95, 'busyMs'), 'Same trace, p95.'),
    rowFor(raw, columns, 'At rest: scripting, share of time', '%', (r) => (100 * r.rest.scriptingTotalMs) / r.rest.windowMs, `Same trace, the ${REST_MS / 1000} s before the interaction with the page untouched: scripting slices over the window's length (CPU ×${DEFAULTS.cpuThrottle}).`),
    rowFor(raw, columns, 'At rest: main thread busy, share of time', '%', (r) => (100 * r.rest.busyTotalMs) / r.rest.windowMs, 'Same rest window: every main-thread task over its length.'),
    rowFor(raw, columns, 'At rest: frames drawn', 'count', (r) => r.rest.frames, `BeginMainThreadFrame intervals in the ${REST_MS / 1000} s rest window (0: the page drew nothing while untouched).`),
    rowFor(raw, columns, 'Frames measured', 'count', (r) => runMedian(r, (c) => c.frames), 'BeginMainThreadFrame intervals inside the marked interaction (wheel: tap → settled; scratch: the gesture; red packet: taps → settled; lucky: button → end callback).'),
    rowFor(raw, columns, 'Frames shown', 'count', (r) => runMedian(r, (c) => c.shown.frames), `Frames the screen showed during the same interaction: the display compositor's draws (${FRAME_SHOWN}, GPU process). A page that animates on the compositor's thread (the wheel's layers) shows many frames per main-thread frame; one that draws from requestAnimationFrame shows about one per main-thread frame.`),
    rowFor(raw, columns, 'Animation-frame scripting per frame shown p50', 'ms', s(50, 'rafMs'), 'The requestAnimationFrame callbacks as above, cut at the frames shown instead of the main thread\'s: the work behind each frame the participant sees. Where every frame comes from the main thread the two agree; where the compositor animates alone, most frames shown cost the main thread nothing.'),
    rowFor(raw, columns, 'Animation-frame scripting per frame shown p95', 'ms', s(95, 'rafMs'), 'Same, p95.'),
    rowFor(raw, columns, 'All scripting per frame shown p50', 'ms', s(50, 'scriptingMs'), 'All scripting (timers, events, callbacks) cut at the frames shown.'),
    rowFor(raw, columns, 'All scripting per frame shown p95', 'ms', s(95, 'scriptingMs'), 'Same, p95.'),
    rowFor(raw, columns, 'Main thread busy per frame shown p50', 'ms', s(50, 'busyMs'), 'Every main-thread task cut at the frames shown.'),
    rowFor(raw, columns, 'Main thread busy per frame shown p95', 'ms', s(95, 'busyMs'), 'Same, p95.'),
    rowFor(raw, columns, 'Page errors during the runs', 'count', (r) => r.pageErrors.length, 'Distinct uncaught errors the page threw (listed in latest.json); figures of a column with errors were measured on a broken game.'),
    rowFor(raw, columns, 'WebGL draw calls per frame p50', 'count', d(50, 'gl'), 'Separate unthrottled pass with drawElements/drawArrays(+Instanced) wrapped by an init script, counted per requestAnimationFrame; n/a when the page draws no WebGL.'),
    rowFor(raw, columns, 'WebGL draw calls per frame p95', 'count', d(95, 'gl'), 'Same counting pass, p95.'),
    rowFor(raw, columns, 'Canvas 2D draw ops per frame p50', 'count', d(50, 'c2d'), 'Same counting pass: fill, stroke, fillText, strokeText, drawImage, fillRect, strokeRect, clearRect, putImageData per frame; n/a when none.'),
  ]
  const notes = columns.flatMap((c) => {
    const r = raw[c]
    return typeof r === 'object' && r.notes.length ? [`${c}: ${r.notes.join('; ')}`] : []
  })
  const measured = rows.find((r) => r.metric === 'Frames measured')
  if (measured && notes.length) measured.how += ` Notes — ${notes.join(' — ')}.`
  const lucky = raw.lucky
  if (lucky && typeof lucky !== 'string') {
    for (const [label, slices] of [['', (c: FrameCost) => c], [' per frame shown', (c: FrameCost) => c.shown]] as const) {
      for (const q of [50, 95]) {
        const l = runMedian(lucky, (c) => percentile(slices(c).rafMs, q))
        rows.push(
          rowFor(raw, columns, `Animation-frame scripting${label} p${q} vs lucky-canvas`, '×', (r) => {
            const v = runMedian(r, (c) => percentile(slices(c).rafMs, q))
            return v === null || !l ? null : v / l
          }, `This column's animation-frame scripting${label} p${q} divided by the lucky-canvas wheel's (medians of the runs).`),
        )
      }
    }
  }
  const renderers = columns.map((c) => `${c}: ${typeof raw[c] === 'object' ? ((raw[c] as ScenarioResult).renderer ?? '?') : 'n/a'}`).join(', ')
  return { id: 'frame', title: `Frame cost (CPU ×${DEFAULTS.cpuThrottle}; renderers ${renderers})`, columns: [...columns], rows }
}

/** The scratch-size section: the same gesture on a 1× and a 3× (the phone run's) card backing store. */
export function scratchSizeSection(raw: Record<string, ScenarioResult | string>, small: string, large: string): Section {
  const columns = ['card @1×', 'card @3×']
  const view = { 'card @1×': raw[small] ?? 'not measured', 'card @3×': raw[large] ?? 'not measured' }
  const rows: Row[] = [
    rowFor(view, columns, 'Card canvas pixels', 'count', (r) => (r.canvasPx ? r.canvasPx.width * r.canvasPx.height : null), "The game canvas's backing store (width × height, device px) at device scale factor 1 and 3 (the stage caps its resolution)."),
    rowFor(view, columns, 'pointermove dispatch p50', 'ms', (r) => runMedian(r, (c) => percentile(c.pointerMoveMs, 50)), `EventDispatch slices of type pointermove (every listener of one move) in the trace, CPU ×${DEFAULTS.cpuThrottle}.`),
    rowFor(view, columns, 'pointermove dispatch p95', 'ms', (r) => runMedian(r, (c) => percentile(c.pointerMoveMs, 95)), 'Same, p95.'),
    rowFor(view, columns, 'pointermove events', 'count', (r) => runMedian(r, (c) => c.pointerMoveMs.length), 'pointermove dispatches seen in the trace (a touchMove is sent every ~16 ms; Chromium may coalesce).'),
    rowFor(view, columns, 'Scripting per frame p50 during gesture', 'ms', (r) => runMedian(r, (c) => percentile(c.scriptingMs, 50)), HOW_FRAME),
    rowFor(view, columns, 'Scripting per frame p95 during gesture', 'ms', (r) => runMedian(r, (c) => percentile(c.scriptingMs, 95)), 'Same, p95.'),
  ]
  return { id: 'scratch', title: 'Scratch work per pointer move at two card pixel sizes', columns, rows }
}

/**
 * All scripting over the interaction per frame shown: the sound target's figure. The mean, not a percentile: the
 * segment ticks' sounds run in a few of the frames, and a median would not see them.
 */
export function scriptingPerFrameShown(c: FrameCost): number | null {
  return c.shown.frames > 0 ? c.shown.scriptingMs.reduce((a, b) => a + b, 0) / c.shown.frames : null
}

/** The figures of the sound comparison: per frame, median of the runs. */
const SOUND_FIGURES: { metric: string; pick: (c: FrameCost) => number | null }[] = [
  { metric: 'All scripting over the spin per frame shown (mean)', pick: scriptingPerFrameShown },
  { metric: 'All scripting per frame shown p50', pick: (c) => percentile(c.shown.scriptingMs, 50) },
  { metric: 'All scripting per frame shown p95', pick: (c) => percentile(c.shown.scriptingMs, 95) },
  { metric: 'All scripting per main-thread frame p50', pick: (c) => percentile(c.scriptingMs, 50) },
  { metric: 'Animation-frame scripting per main-thread frame p50', pick: (c) => percentile(c.rafMs, 50) },
  { metric: 'Main thread busy per main-thread frame p50', pick: (c) => percentile(c.busyMs, 50) },
]

/** Sound on against sound off: the same wheel spin, the participant's stored choice the only difference. */
export function soundSection(raw: Record<string, ScenarioResult | string>, on: string, off: string): Section {
  const columns = ['sound on', 'sound off', 'on − off']
  const a = raw[on]
  const b = raw[off]
  const rows: Row[] = SOUND_FIGURES.map(({ metric, pick }, i) => {
    const va = typeof a === 'object' ? runMedian(a, pick) : null
    const vb = typeof b === 'object' ? runMedian(b, pick) : null
    const diff = typeof a === 'object' && typeof b === 'object' ? pairedDifference(a, b, pick) : null
    const na: Record<string, string> = {}
    if (typeof a !== 'object') na['sound on'] = a ?? 'not measured'
    if (typeof b !== 'object') na['sound off'] = b ?? 'not measured'
    if (diff === null) na['on − off'] = 'one side not measured'
    return {
      metric,
      unit: 'ms',
      values: { 'sound on': va, 'sound off': vb, 'on − off': diff },
      how:
        i === 0
          ? `${HOW_FRAME} The wheel's spin (tap → settled) with sound on (a click per segment passing the pointer, the outcome's notes: Web Audio, scheduled on the audio thread) and with sound off (the mute button's stored choice, set before the page loads); each side its own pages, ` +
            'the runs alternated in one browser (on, off, on, off, on, off). On − off is the median over the pairs of (run i on − run i off), not the difference of the medians.'
          : 'Same runs.',
      na,
    }
  })
  return { id: 'sound', title: `Sound: the wheel's per-frame main-thread work with sound on and off (CPU ×${DEFAULTS.cpuThrottle})`, columns, rows }
}
