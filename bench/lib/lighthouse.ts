import lighthouse from 'lighthouse'
import * as chromeLauncher from 'chrome-launcher'
import { CHROMIUM_ARGS, CHROMIUM_PATH, DEFAULTS } from './config'
import type { Row, Section, SectionId } from './report'
import { median, tableRow } from './stats'
import { longTasks, type LongTasks, type TraceEvent } from './trace'

/** One Lighthouse run's figures. */
export interface LighthouseRun {
  score: number
  fcpMs: number
  lcpMs: number
  tbtMs: number
  /** Transferred bytes (total-byte-weight). */
  bytes: number
  speedIndexMs: number
  /** Main-thread time by kind (scriptEvaluation, styleLayout, paintCompositeRender...), ms, from mainthread-work-breakdown. */
  mainThread: Record<string, number>
  /** The longest main-thread tasks (long-tasks audit), ms, with the script they are attributed to. */
  longTasks: { url: string; durationMs: number }[]
  /**
   * The same load in Lighthouse's own trace, before its ×4 simulation: the main thread's tasks over 50 ms,
   * wall time against the thread's own CPU time. Tells the page's work from time spent blocked.
   */
  observed: LongTasks
  /** Lighthouse's run warnings (e.g. the load wait timed out). */
  warnings: string[]
}

export interface LoadTarget {
  subject: string
  url: string | null
  /** Why it cannot run (when url is null). */
  why?: string
}

/** The medians over the runs, and the runs. */
export interface LoadResult {
  median: LighthouseRun
  runs: LighthouseRun[]
  url: string
}

/**
 * Longest wait for the page to load and go quiet, ms: Lighthouse's default. A shorter cap ends a slow
 * software-WebGL load while the main thread is inside a long synchronous GL call, which Lighthouse
 * reports as PAGE_HUNG instead of figures.
 */
export const MAX_WAIT_FOR_LOAD_MS = 45_000

const num = (audits: Record<string, { numericValue?: number }>, id: string): number => audits[id]?.numericValue ?? Number.NaN

/**
 * Lighthouse's default (mobile) config, performance category only: Moto G Power-sized screen emulation,
 * simulated throttling (slow 4G, 4× CPU), storage reset before each run so every run is a cold load.
 */
export async function runLighthouse(port: number, url: string): Promise<LighthouseRun> {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance'],
    formFactor: 'mobile',
    throttlingMethod: 'simulate',
    // Screenshots are not needed for the figures and cost seconds per run.
    maxWaitForLoad: MAX_WAIT_FOR_LOAD_MS,
    disableFullPageScreenshot: true,
    skipAudits: ['screenshot-thumbnails', 'final-screenshot'],
  })
  if (!result) throw new Error('Lighthouse returned no result')
  const lhr = result.lhr
  if (lhr.runtimeError) throw new Error(`${lhr.runtimeError.code}: ${lhr.runtimeError.message}`)
  const audits = lhr.audits as Record<string, { numericValue?: number; details?: { items?: Record<string, unknown>[] } }>
  const mainThread: Record<string, number> = {}
  for (const item of audits['mainthread-work-breakdown']?.details?.items ?? []) {
    const group = String(item.group ?? item.groupLabel ?? 'other')
    mainThread[group] = (mainThread[group] ?? 0) + Number(item.duration ?? 0)
  }
  const tasks = (audits['long-tasks']?.details?.items ?? [])
    .map((item) => ({ url: String(item.url ?? ''), durationMs: Number(item.duration ?? 0) }))
    .sort((a, b) => b.durationMs - a.durationMs)
    .slice(0, 5)
  const trace = (result.artifacts as { Trace?: { traceEvents?: TraceEvent[] } }).Trace?.traceEvents ?? []
  return {
    mainThread,
    longTasks: tasks,
    observed: longTasks(trace),
    warnings: lhr.runWarnings.map(String),
    score: Math.round((lhr.categories.performance?.score ?? Number.NaN) * 100),
    fcpMs: num(audits, 'first-contentful-paint'),
    lcpMs: num(audits, 'largest-contentful-paint'),
    tbtMs: num(audits, 'total-blocking-time'),
    bytes: num(audits, 'total-byte-weight'),
    speedIndexMs: num(audits, 'speed-index'),
  }
}

const medianRun = (runs: LighthouseRun[]): LighthouseRun => {
  const m = (pick: (r: LighthouseRun) => number) => median(runs.map(pick).filter(Number.isFinite)) ?? Number.NaN
  const groups = [...new Set(runs.flatMap((r) => Object.keys(r.mainThread)))]
  const mainThread = Object.fromEntries(groups.map((g) => [g, m((r) => r.mainThread[g] ?? 0)]))
  // The long tasks of the run whose TBT is the median one.
  const tbt = m((r) => r.tbtMs)
  const typical = runs.reduce((a, b) => (Math.abs(b.tbtMs - tbt) < Math.abs(a.tbtMs - tbt) ? b : a))
  return {
    score: m((r) => r.score),
    fcpMs: m((r) => r.fcpMs),
    lcpMs: m((r) => r.lcpMs),
    tbtMs: tbt,
    bytes: m((r) => r.bytes),
    speedIndexMs: m((r) => r.speedIndexMs),
    mainThread,
    longTasks: typical.longTasks,
    observed: {
      count: m((r) => r.observed.count),
      wallMs: m((r) => r.observed.wallMs),
      cpuMs: m((r) => r.observed.cpuMs),
      longest: typical.observed.longest,
      blocking: typical.observed.blocking,
    },
    warnings: [...new Set(runs.flatMap((r) => r.warnings))],
  }
}

/** The Chromium flags of the WebGL-disabled pass: the pages fall back to Pixi's canvas renderer, as on a phone without WebGL. */
export const NO_WEBGL_FLAGS: readonly string[] = ['--disable-webgl', '--disable-webgl2']

/** A load section's variant: its id, title, and Chromium's extra flags. */
export interface LoadMode {
  id: SectionId
  title: string
  flags: readonly string[]
  /** What the flags change, for the section's first row. */
  note: string
}

export const LOAD_MODES = {
  webgl: { id: 'load', title: 'Load (Lighthouse, mobile)', flags: [], note: '' },
  noWebgl: {
    id: 'loadNoWebgl',
    title: 'Load with WebGL disabled (Lighthouse, mobile; canvas renderer)',
    flags: NO_WEBGL_FLAGS,
    note: ` WebGL disabled (${NO_WEBGL_FLAGS.join(' ')}): the games run on Pixi's canvas renderer, without WebGL's shader compiles and readPixels. The page's 2D canvases and tiles are still drawn by the GPU process on SwiftShader, so the main thread can still wait for it. (Creating the GPU context the 2D canvases share waited 87–203 ms when the game's canvas first drew while the GPU process was busy; public/boot-check.js now creates it at boot, before the app starts.)`,
  },
} satisfies Record<string, LoadMode>

/** Lighthouse every target `runs` times in one headless Chromium and build the load section. */
export async function measureLoad(
  targets: readonly LoadTarget[],
  runs = DEFAULTS.lighthouseRuns,
  log: (line: string) => void = () => {},
  mode: LoadMode = LOAD_MODES.webgl,
): Promise<{ section: Section; raw: Record<string, LoadResult | string> }> {
  const raw: Record<string, LoadResult | string> = {}
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM_PATH, chromeFlags: ['--headless=new', ...CHROMIUM_ARGS, ...mode.flags] })
  try {
    for (const t of targets) {
      if (!t.url) {
        raw[t.subject] = t.why ?? 'no page'
        continue
      }
      const done: LighthouseRun[] = []
      try {
        for (let i = 0; i < runs; i++) {
          const run = await runLighthouse(chrome.port, t.url)
          log(`  lighthouse${mode.flags.length ? ' (no WebGL)' : ''} ${t.subject} #${i + 1}: score ${run.score}, FCP ${run.fcpMs.toFixed(0)} ms, LCP ${run.lcpMs.toFixed(0)} ms, TBT ${run.tbtMs.toFixed(0)} ms, ${(run.bytes / 1000).toFixed(1)} kB; long tasks ${run.observed.wallMs.toFixed(0)} ms wall / ${run.observed.cpuMs.toFixed(0)} ms own CPU${run.warnings.length ? `; ${run.warnings.join(' ')}` : ''}`)
          for (const task of run.observed.blocking ?? []) log(`    task at ${task.atMs} ms: ${task.wallMs.toFixed(0)} ms wall / ${task.cpuMs.toFixed(0)} ms CPU: ${task.what.join(', ')}`)
          done.push(run)
        }
        raw[t.subject] = { median: medianRun(done), runs: done, url: t.url }
      } catch (error) {
        raw[t.subject] = `Lighthouse failed: ${(error as Error).message.split('\n')[0]}`
        log(`  lighthouse ${t.subject}: ${raw[t.subject] as string}`)
      }
    }
  } finally {
    chrome.kill()
  }
  const columns = targets.map((t) => t.subject)
  const row = (metric: string, unit: string, pick: (r: LighthouseRun) => number, how: string): Row =>
    tableRow(raw, columns, { metric, unit, how }, (r) => (Number.isFinite(pick(r.median)) ? pick(r.median) : null))
  const base = `Lighthouse ${runs}× per page (median), npm lighthouse + Debian Chromium headless with the bench's flags (${CHROMIUM_ARGS.filter((f) => f.startsWith('--use-angle')).join(' ') || 'default GL'}), mobile form factor, simulated throttling (slow 4G, 4× CPU), cold cache, screenshots off, load wait capped at ${MAX_WAIT_FOR_LOAD_MS / 1000} s; participant pages at rest on the real server.${mode.note}`
  const rows: Row[] = [
    row('Performance score', 'score', (r) => r.score, base),
    row('First Contentful Paint', 'ms', (r) => r.fcpMs, 'Lighthouse first-contentful-paint (simulated), median.'),
    row('Largest Contentful Paint', 'ms', (r) => r.lcpMs, 'Lighthouse largest-contentful-paint (simulated), median.'),
    row('Total Blocking Time', 'ms', (r) => r.tbtMs, 'Lighthouse total-blocking-time (simulated), median.'),
    row('Speed Index', 'ms', (r) => r.speedIndexMs, 'Lighthouse speed-index (simulated), median.'),
    row('Main thread: script evaluation', 'ms', (r) => r.mainThread.scriptEvaluation ?? 0, 'Lighthouse mainthread-work-breakdown, scriptEvaluation group (simulated 4× CPU), median.'),
    row('Main thread: rendering (style, layout, paint, composite)', 'ms', (r) => (r.mainThread.styleLayout ?? 0) + (r.mainThread.paintCompositeRender ?? 0), 'Same audit: styleLayout + paintCompositeRender groups, median.'),
    row('Longest task', 'ms', (r) => r.longTasks[0]?.durationMs ?? 0, 'Lighthouse long-tasks audit, the longest task of the median-TBT run (its script is in latest.json).'),
    row('Long tasks while loading, observed', 'ms', (r) => r.observed.wallMs, "Lighthouse's own trace of the same runs, before its ×4 simulation: wall time of the renderer main thread's tasks over 50 ms, summed, median. Lighthouse's TBT is these tasks' simulated (×4) length beyond 50 ms."),
    row('  of which the page\'s own CPU time', 'ms', (r) => r.observed.cpuMs, "The same tasks in thread CPU time (trace tdur), median: the page's own JavaScript, style, layout and paint."),
    row('  of which the main thread was blocked', '%', (r) => (r.observed.wallMs > 0 ? (100 * (r.observed.wallMs - r.observed.cpuMs)) / r.observed.wallMs : 0), "(wall − CPU) / wall of those tasks: time the thread waited, not worked. Headless Chromium has no GPU: the GPU process draws the page's tiles, its 2D canvases and WebGL on SwiftShader (software), and a synchronous call into it (a shader compile/link check, readPixels, creating a canvas's GPU context) waits while it is busy; other load on the machine adds descheduled time. A phone's GPU does this work in hardware."),
    row('Bytes transferred', 'kB', (r) => r.bytes / 1000, 'Lighthouse total-byte-weight: every response as transferred (the server\'s own compression), median; 1 kB = 1000 bytes.'),
  ]
  return { section: { id: mode.id, title: mode.title, columns, rows }, raw }
}
