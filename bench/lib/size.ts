import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Browser } from '@playwright/test'
import type { BuildStats } from './build'
import { DEFAULTS, PHONE } from './config'
import type { Row, Section } from './report'
import { tableRow } from './stats'

/** Gzip size at level 9, bytes. */
export const gzipSize = (data: Buffer | string): number => gzipSync(data, { level: 9 }).length

/** When a file is needed: before pixi.js can arrive ('pre'), with or after it ('lazy'), or the HTML document. */
export type Phase = 'pre' | 'lazy' | 'html'

export interface SizedFile {
  file: string
  kind: 'js' | 'css' | 'html' | 'other'
  phase: Phase
  rawBytes: number
  gzipBytes: number
}

/** Everything a page downloads (JS, CSS, HTML) until its game is playable, split at pixi.js. */
export interface PageSize {
  /** gzip bytes */
  jsPre: number
  cssPre: number
  html: number
  jsLazy: number
  cssLazy: number
  /** gzip bytes of the chunks that bundle pixi.js modules */
  pixi: number
  total: number
  files: SizedFile[]
  /** How the file list was obtained. */
  source: 'network' | 'graph'
}

const kindOf = (file: string): SizedFile['kind'] =>
  file.endsWith('.js') || file.endsWith('.mjs') ? 'js' : file.endsWith('.css') ? 'css' : file.endsWith('.html') ? 'html' : 'other'

/**
 * Split loaded files (in request order) at pixi.js: a JS chunk is 'pre' when neither it nor anything it
 * imports statically bundles pixi.js (it can run before pixi.js arrives) and it was requested before the
 * first such chunk; 'lazy' otherwise — what the page fetches with or after pixi.js (the game module, and
 * what it prefetches once playable, such as the info form) is not what the first paint waits for.
 * A CSS file is 'pre' when a 'pre' chunk (or the HTML) brings it, else 'lazy'. Files the graph does not
 * know (public/) count as 'pre'.
 */
export function classify(stats: BuildStats, loaded: readonly string[]): Map<string, Phase> {
  const memo = new Map<string, boolean>()
  const needsPixi = (file: string, seen = new Set<string>()): boolean => {
    const known = memo.get(file)
    if (known !== undefined) return known
    const chunk = stats.chunks[file]
    if (!chunk || seen.has(file)) return false
    seen.add(file)
    const result = chunk.hasPixi || chunk.imports.some((f) => needsPixi(f, seen))
    memo.set(file, result)
    return result
  }
  const phases = new Map<string, Phase>()
  let pixiRequested = false
  for (const file of loaded) {
    const kind = kindOf(file)
    if (kind === 'html') phases.set(file, 'html')
    else if (kind === 'js') {
      pixiRequested ||= needsPixi(file)
      if (!phases.has(file)) phases.set(file, pixiRequested ? 'lazy' : 'pre')
    }
  }
  for (const file of loaded) {
    if (kindOf(file) === 'js' || kindOf(file) === 'html') continue
    const owners = Object.values(stats.chunks).filter((c) => c.css.includes(file) && phases.has(c.file))
    phases.set(file, owners.length === 0 || owners.some((c) => phases.get(c.file) === 'pre') ? 'pre' : 'lazy')
  }
  return phases
}

/** The files the HTML entry loads by itself (entry chunks, their static imports, their CSS): the no-browser fallback. */
export function entryClosure(stats: BuildStats): string[] {
  const out = new Set<string>(['index.html'])
  const visit = (file: string) => {
    if (out.has(file)) return
    out.add(file)
    const chunk = stats.chunks[file]
    if (!chunk) return
    chunk.css.forEach((c) => out.add(c))
    chunk.imports.forEach(visit)
  }
  Object.values(stats.chunks)
    .filter((c) => c.isEntry)
    .forEach((c) => visit(c.file))
  return [...out]
}

/** Size the loaded files of one page and sum them per phase. */
export function sizePage(stats: BuildStats, loaded: readonly string[], source: PageSize['source']): PageSize {
  const phases = classify(stats, loaded)
  const files: SizedFile[] = []
  for (const file of new Set(loaded)) {
    const path = join(stats.outDir, file)
    if (!existsSync(path)) continue
    const data = readFileSync(path)
    files.push({ file, kind: kindOf(file), phase: phases.get(file) ?? 'pre', rawBytes: data.length, gzipBytes: gzipSize(data) })
  }
  const sum = (pred: (f: SizedFile) => boolean) => files.filter(pred).reduce((a, f) => a + f.gzipBytes, 0)
  const pixiFiles = new Set(Object.values(stats.chunks).filter((c) => c.hasPixi).map((c) => c.file))
  return {
    jsPre: sum((f) => f.kind === 'js' && f.phase === 'pre'),
    cssPre: sum((f) => f.kind === 'css' && f.phase === 'pre'),
    html: sum((f) => f.kind === 'html'),
    jsLazy: sum((f) => f.kind === 'js' && f.phase === 'lazy'),
    cssLazy: sum((f) => f.kind === 'css' && f.phase === 'lazy'),
    pixi: sum((f) => pixiFiles.has(f.file)),
    total: sum((f) => f.kind !== 'other'),
    files,
    source,
  }
}

/**
 * Open `url` in a phone context and list the same-origin files it started fetching before `ready` matched, in the
 * order it started them: on the page's own clock (an observer in the page notes the moment, Resource Timing says
 * when each request started). Counting the requests Playwright had seen by the time it noticed instead raced with
 * what the page fetches once playable (the info form, the dialogs): 9 to 15 files from run to run.
 */
export async function capturePageFiles(browser: Browser, url: string, ready: string): Promise<string[]> {
  const context = await browser.newContext({ ...PHONE })
  try {
    const page = await context.newPage()
    // No named function inside: tsx would wrap it in a helper the page does not have.
    await page.addInitScript((selector: string) => {
      const w = window as unknown as { __readyAt?: number }
      new MutationObserver(() => {
        if (w.__readyAt === undefined && document.querySelector(selector)) w.__readyAt = performance.now()
      }).observe(document, { subtree: true, childList: true, attributes: true })
    }, ready)
    await page.goto(url)
    await page.waitForSelector(ready, { timeout: DEFAULTS.pageTimeoutMs })
    const started = await page.evaluate(() => {
      const at = (window as unknown as { __readyAt?: number }).__readyAt
      if (at === undefined) return null
      return performance
        .getEntriesByType('resource')
        .filter((e) => e.startTime <= at)
        .sort((x, y) => x.startTime - y.startTime)
        .map((e) => e.name)
    })
    if (!started) throw new Error('the page did not note when it became playable')
    const origin = new URL(url).origin
    const files = started.map((u) => new URL(u)).filter((u) => u.origin === origin && /\.(m?js|css)$/.test(u.pathname))
    return ['index.html', ...files.map((u) => decodeURIComponent(u.pathname.replace(/^\//, '')))]
  } finally {
    await context.close()
  }
}

/** A page to size: its build and where it is served. */
export interface SizeTarget {
  subject: string
  stats: BuildStats
  /** null: no browser capture possible, use the graph fallback (entry + its static imports). */
  url: string | null
  ready: string
  /** Why the page is not captured in a browser (when url is null). */
  why?: string
}

const KB = (bytes: number) => bytes / 1000

/** Measure every target and build the size section. */
export async function measureSizes(browser: Browser | null, targets: readonly SizeTarget[]): Promise<{ section: Section; raw: Record<string, PageSize | string> }> {
  const raw: Record<string, PageSize | string> = {}
  for (const t of targets) {
    try {
      if (browser && t.url) raw[t.subject] = sizePage(t.stats, await capturePageFiles(browser, t.url, t.ready), 'network')
      else raw[t.subject] = sizePage(t.stats, entryClosure(t.stats), 'graph')
    } catch (error) {
      raw[t.subject] = `capture failed: ${(error as Error).message.split('\n')[0]}`
    }
  }
  const columns = targets.map((t) => t.subject)
  const row = (metric: string, pick: (p: PageSize) => number, how: string, unit = 'kB'): Row =>
    tableRow(raw, columns, { metric, unit, how }, (r) => (unit === 'kB' ? KB(pick(r)) : pick(r)))
  const graphNote = targets.some((t) => !t.url) ? ` Pages marked graph-only: ${targets.filter((t) => !t.url).map((t) => `${t.subject} (${t.why ?? 'no browser'})`).join(', ')}.` : ''
  const how =
    'Files the page started fetching before the game root was playable, on the page\'s clock (Resource Timing start times against the moment an observer in the page saw the root ready; Playwright, phone context), each gzipped with node:zlib level 9; ' +
    "split at pixi.js with the build's chunk graph and the request order (a chunk is before pixi.js if neither it nor its static imports bundle a pixi.js module and the page asked for it before the first chunk that does; what it prefetches once playable, such as the info form, comes after). 1 kB = 1000 bytes." +
    graphNote
  const rows: Row[] = [
    row('JS before pixi.js', (p) => p.jsPre, how),
    row('CSS before pixi.js', (p) => p.cssPre, 'Same capture: CSS brought by the HTML or by a before-pixi.js chunk, gzip -9.'),
    row('HTML document', (p) => p.html, 'index.html as served, gzip -9.'),
    row('Lazy game chunk(s) JS, incl. pixi.js', (p) => p.jsLazy, 'JS chunks that bundle or statically import pixi.js and were loaded for this game, gzip -9.'),
    row('  of which pixi.js chunk(s)', (p) => p.pixi, 'The loaded chunks that bundle pixi.js modules, gzip -9.'),
    row('Lazy CSS', (p) => p.cssLazy, 'CSS brought only by the lazy chunks, gzip -9.'),
    row('Total to first playable frame', (p) => p.total, 'HTML + every JS and CSS file requested before the game root reported data-state="ready" (lucky page: same attribute, set once the wheel is drawn), gzip -9.'),
    row('Files (JS + CSS)', (p) => p.files.filter((f) => f.kind === 'js' || f.kind === 'css').length, 'Count of JS and CSS requests in the same capture.', 'count'),
  ]
  const lucky = raw.lucky
  if (lucky && typeof lucky !== 'string') {
    const ratio: Row = { metric: 'Total vs lucky-canvas page', unit: '×', values: {}, how: 'Total to first playable frame divided by the lucky-canvas page\'s total.', na: {} }
    for (const c of columns) {
      const r = raw[c]
      ratio.values[c] = typeof r === 'string' || r === undefined ? null : r.total / lucky.total
    }
    rows.push(ratio)
  }
  return { section: { id: 'size', title: 'Size (gzip)', columns, rows }, raw }
}

/**
 * The sound module's size, one figure for the build: the synthesiser's lazy chunk(s) (src/audio/SoundEffects.ts and
 * its cues) and the cue worker (src/audio/cueWorker.ts), gzip -9, loaded on the participant's first tap; the always-loaded front
 * (src/audio/index.ts) is in the page's chunk.
 */
export function soundModuleRow(stats: BuildStats, columns: readonly string[]): Row {
  const chunks = Object.values(stats.chunks).filter((c) => c.facade !== null && /^src[\\/]audio[\\/]/.test(c.facade))
  // And the worker that renders the cues (built on its own, so not among the page's chunks).
  const assets = join(stats.outDir, 'assets')
  const workers = existsSync(assets) ? readdirSync(assets).filter((f) => /^cueWorker-[\w-]+\.js$/.test(f)).map((f) => ({ file: join('assets', f) })) : []
  const files = [...chunks, ...workers]
  const bytes = files.reduce((sum, c) => sum + gzipSync(readFileSync(join(stats.outDir, c.file)), { level: 9 }).length, 0)
  const values: Row['values'] = {}
  const na: Record<string, string> = {}
  for (const c of columns) {
    values[c] = c === 'lucky' || files.length === 0 ? null : KB(bytes)
    if (values[c] === null) na[c] = c === 'lucky' ? 'no sound' : 'no sound chunk in the build'
  }
  return {
    metric: 'Sound module (after the first tap)',
    unit: 'kB',
    values,
    how: `The synthesiser's lazy chunk and its worker (${files.map((c) => c.file).join(', ') || 'none'}), gzip -9: requested on the participant's first tap, never before (the same for every game).`,
    na,
  }
}
