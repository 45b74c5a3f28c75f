import type { LoadResult } from './lighthouse'
import type { FrameCost, LongTasks } from './trace'
import type { ScenarioResult } from './frames'
import type { TargetCheck } from './report'
import type { ServerBench } from './serverLoad'
import type { PageSize } from './size'
import { percentile } from './stats'
import { pairedDifference, runMedian, scriptingPerFrameShown } from './frames'
import { FLOORS, GAMES } from './config'

/** The issues' targets (issues 6 and 14), as thresholds. */
export const TARGETS = {
  /** gzip bytes */
  preJsBytes: 70_000,
  preCssBytes: 15_000,
  /** Lighthouse performance score with WebGL disabled (the canvas renderer: the page's own work) */
  lighthouseScore: 95,
  /** Lighthouse (simulated) first and largest contentful paint on each game page, with WebGL and without, ms */
  fcpMs: 1100,
  lcpMs: 1500,
  /** the wheel's sound on may cost this much more main-thread scripting per frame shown (the mean over the spin) than sound off, ms */
  soundFrameMs: 0.5,
  /** wheel p95 ≤ lucky p95 × this */
  wheelVsLucky: 1 / 3,
  /** "independent of the card's pixel size": the large card's per-move cost may exceed the small one's by at most this factor */
  scratchSizeRatio: 1.25,
  awardRps: 3000,
  awardP99Ms: 50,
}

export interface RawResults {
  size?: Record<string, PageSize | string>
  load?: Record<string, LoadResult | string>
  frame?: Record<string, ScenarioResult | string>
  server?: ServerBench | string
  /** ids of the two scratch-size scenarios */
  scratchSizes?: { small: string; large: string }
  /** Lighthouse with WebGL disabled (the canvas renderer) */
  loadNoWebgl?: Record<string, LoadResult | string>
  /** ids of the wheel scenarios with sound on and off */
  sound?: { on: string; off: string }
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`
const pct = (over: number, limit: number) => `${((over / limit) * 100).toFixed(0)} %`
const isObj = <T>(v: T | string | undefined): v is T => typeof v === 'object' && v !== null

/**
 * Why TBT is what it is: the long tasks Lighthouse observed (before its ×4 simulation), and how much of them
 * was the page's own CPU time versus the main thread waiting (software WebGL in the GPU process, machine load).
 */
export function blockedNote(o: LongTasks): string {
  if (o.wallMs <= 0) return ''
  const blocked = (o.wallMs - o.cpuMs) / o.wallMs
  const head = `; observed long tasks ${o.wallMs.toFixed(0)} ms wall, of which the page's own CPU ${o.cpuMs.toFixed(0)} ms (longest ${o.longest.wallMs.toFixed(0)} ms wall / ${o.longest.cpuMs.toFixed(0)} ms CPU)`
  return blocked < 0.5
    ? head
    : `${head}: ${(blocked * 100).toFixed(0)} % of it the main thread was blocked, not working — Lighthouse's headless Chromium draws the page, its canvases and WebGL in software (SwiftShader, in the GPU process), so a synchronous call into the GPU process (a WebGL shader compile/link or readPixels; with WebGL disabled, creating the 2D canvas's GPU context) waits while it is busy, and Lighthouse's simulation charges that wait ×4 to TBT. That part of the miss comes from the test environment (a phone's GPU compiles and reads back in hardware, though not for free); the page's own CPU time is not`
}

/** Judge every target on the raw figures; a target whose figures are missing is met = null with the reason. */
export function judge(raw: RawResults): TargetCheck[] {
  const out: TargetCheck[] = []

  // Size before pixi.js, worst game page.
  {
    const pages = GAMES.map((g) => [g, raw.size?.[g]] as const)
    const ok = pages.filter((p): p is readonly [typeof p[0], PageSize] => isObj(p[1]))
    const missing = pages.filter((p) => !isObj(p[1])).map(([g, v]) => `${g}: ${typeof v === 'string' ? v : 'not measured'}`)
    for (const [label, key, limit] of [
      ['JS', 'jsPre', TARGETS.preJsBytes],
      ['CSS', 'cssPre', TARGETS.preCssBytes],
    ] as const) {
      const target = `Before pixi.js: ≤ ${limit / 1000} kB ${label} gzip on every game page`
      if (ok.length === 0) {
        out.push({ target, measured: 'n/a', met: null, note: missing.join('; ') })
        continue
      }
      const worst = ok.reduce((a, b) => (b[1][key] > a[1][key] ? b : a))
      const value = worst[1][key]
      const met = value <= limit && missing.length === 0
      const biggest = worst[1].files
        .filter((f) => f.phase === 'pre' && f.kind === (label === 'JS' ? 'js' : 'css'))
        .sort((a, b) => b.gzipBytes - a.gzipBytes)
        .slice(0, 3)
        .map((f) => `${f.file} ${kB(f.gzipBytes)}`)
        .join(', ')
      const note =
        value > limit
          ? `missed by ${kB(value - limit)} (${pct(value - limit, limit)}); largest before-pixi files on ${worst[0]}: ${biggest}`
          : `worst page ${worst[0]}${missing.length ? `; not measured: ${missing.join('; ')}` : ''}`
      out.push({ target, measured: `${kB(value)} (${worst[0]}); ${ok.map(([g, p]) => `${g} ${kB(p[key])}`).join(', ')}`, met, note })
    }
  }

  // Lighthouse: FCP and LCP on every game page in both modes; the score with WebGL disabled.
  {
    const modes = [
      ['with WebGL', raw.load],
      ['WebGL disabled', raw.loadNoWebgl],
    ] as const
    for (const [mode, load] of modes) {
      const pages = GAMES.map((g) => [g, load?.[g]] as const)
      const ok = pages.filter((p): p is readonly [typeof p[0], LoadResult] => isObj(p[1]))
      const missing = pages.filter((p) => !isObj(p[1])).map(([g, v]) => `${g}: ${typeof v === 'string' ? v : 'not measured'}`)
      for (const [label, key, limit] of [
        ['First Contentful Paint', 'fcpMs', TARGETS.fcpMs],
        ['Largest Contentful Paint', 'lcpMs', TARGETS.lcpMs],
      ] as const) {
        const target = `Lighthouse ${label} ≤ ${(limit / 1000).toFixed(1)} s on every game page, ${mode} (median of 3)`
        if (ok.length === 0) {
          out.push({ target, measured: 'n/a', met: null, note: missing.join('; ') })
          continue
        }
        const worst = ok.reduce((a, b) => (b[1].median[key] > a[1].median[key] ? b : a))
        const value = worst[1].median[key]
        out.push({
          target,
          measured: ok.map(([g, r]) => `${g} ${r.median[key].toFixed(0)} ms`).join(', '),
          met: missing.length === 0 ? value <= limit : value <= limit ? null : false,
          note: [value > limit ? `missed by ${(value - limit).toFixed(0)} ms on ${worst[0]}` : '', missing.length ? `not measured: ${missing.join('; ')}` : ''].filter(Boolean).join('; '),
        })
      }
      if (mode !== 'WebGL disabled') continue
      const target = `Lighthouse performance ≥ ${TARGETS.lighthouseScore} on every game page, WebGL disabled (median of 3)`
      if (ok.length === 0) {
        out.push({ target, measured: 'n/a', met: null, note: missing.join('; ') })
        continue
      }
      const worst = ok.reduce((a, b) => (b[1].median.score < a[1].median.score ? b : a))
      const score = worst[1].median.score
      const m = worst[1].median
      out.push({
        target,
        measured: ok.map(([g, r]) => `${g} ${r.median.score}`).join(', '),
        met: missing.length === 0 ? score >= TARGETS.lighthouseScore : score >= TARGETS.lighthouseScore ? null : false,
        note:
          score < TARGETS.lighthouseScore
            ? `missed by ${TARGETS.lighthouseScore - score} points on ${worst[0]} (FCP ${m.fcpMs.toFixed(0)} ms, LCP ${m.lcpMs.toFixed(0)} ms, TBT ${m.tbtMs.toFixed(0)} ms; ` +
              `main thread: ${Object.entries(m.mainThread).sort((a, b) => b[1] - a[1]).slice(0, 3).map(([g, ms]) => `${g} ${ms.toFixed(0)} ms`).join(', ')}; ` +
              `longest task ${m.longTasks[0] ? `${m.longTasks[0].durationMs.toFixed(0)} ms in ${m.longTasks[0].url.split('/').pop() || 'the page'}` : 'n/a'})` +
              blockedNote(m.observed)
            : missing.length
              ? `not measured: ${missing.join('; ')}`
              : '',
      })
    }
  }

  // Wheel p50 and p95 ≤ lucky's / 3, medians of the runs (with the floor pages' figures of the same run beside them).
  // Per frame shown: the wheel's layers turn on the compositor's thread, so most of its frames need no main-thread
  // frame; per main-thread frame, the few left each span many frames shown (quoted beside it).
  for (const q of [50, 95]) {
    const target = `Wheel scripting per frame p${q} ≤ ⅓ of lucky-canvas's (animation-frame scripting per frame shown, CPU ×4, median of the runs)`
    const wheel = raw.frame?.wheel
    const lucky = raw.frame?.lucky
    if (!isObj(wheel) || !isObj(lucky)) {
      out.push({ target, measured: 'n/a', met: null, note: [`wheel: ${isObj(wheel) ? 'ok' : (wheel ?? 'not measured')}`, `lucky: ${isObj(lucky) ? 'ok' : (lucky ?? 'not measured')}`].join('; ') })
      continue
    }
    const w = runMedian(wheel, (c) => percentile(c.shown.rafMs, q))
    const l = runMedian(lucky, (c) => percentile(c.shown.rafMs, q))
    if (w === null || l === null || l === 0) {
      out.push({ target, measured: 'n/a', met: null, note: 'no frames shown in one of the traces' })
      continue
    }
    const limit = l * TARGETS.wheelVsLucky
    // Beside it: all scripting (timers and events too: the wheel's segment ticks run on a timer) and every main-thread
    // task (style, layout, paint, commit) per frame shown, and the animation-frame figure per main-thread frame.
    const beside = (what: string, pick: (c: FrameCost) => number[]): string => {
      const a = runMedian(wheel, (c) => percentile(pick(c), q))
      const b = runMedian(lucky, (c) => percentile(pick(c), q))
      return a !== null && b ? `; ${what} p${q} ${a.toFixed(2)} vs ${b.toFixed(2)} ms = ${(a / b).toFixed(2)}×` : ''
    }
    const perRun = wheel.runs.map((c, i) => {
      const lr = lucky.runs[i]
      const a = percentile(c.shown.rafMs, q)
      const b = lr ? percentile(lr.shown.rafMs, q) : null
      return a !== null && b ? `${(a / b).toFixed(2)}×` : 'n/a'
    })
    const shown = `frames shown ${runMedian(wheel, (c) => c.shown.frames)} vs ${runMedian(lucky, (c) => c.shown.frames)}`
    out.push({
      target,
      measured:
        `wheel ${w.toFixed(2)} ms vs lucky ${l.toFixed(2)} ms = ${(w / l).toFixed(2)}×` +
        beside('all scripting per frame shown', (c) => c.shown.scriptingMs) +
        beside('all main-thread work per frame shown', (c) => c.shown.busyMs) +
        beside('per main-thread frame', (c) => c.rafMs) +
        `; ${shown}; run by run ${perRun.join(', ')}`,
      met: w <= limit,
      note: [
        w <= limit ? '' : `missed by ${(w - limit).toFixed(2)} ms per frame (limit ${limit.toFixed(2)} ms)`,
        floorNote(raw.frame, q, l),
        wheel.pageErrors.length ? `suspect: the page threw ${wheel.pageErrors[0]}` : '',
      ]
        .filter(Boolean)
        .join('; '),
    })
  }

  // Sound on costs ≤ 0.5 ms a frame more than sound off.
  {
    const target = `Sound on costs ≤ ${TARGETS.soundFrameMs} ms of main-thread scripting per frame more than sound off (wheel spin, all scripting over the spin per frame shown, CPU ×4, runs alternated on/off, median of the paired differences)`
    const on = raw.sound ? raw.frame?.[raw.sound.on] : undefined
    const off = raw.sound ? raw.frame?.[raw.sound.off] : undefined
    if (!isObj(on) || !isObj(off)) out.push({ target, measured: 'n/a', met: null, note: `on: ${isObj(on) ? 'ok' : (on ?? 'not measured')}; off: ${isObj(off) ? 'ok' : (off ?? 'not measured')}` })
    else {
      const pick = scriptingPerFrameShown
      const a = runMedian(on, pick)
      const b = runMedian(off, pick)
      const d = pairedDifference(on, off, pick)
      if (a === null || b === null || d === null) out.push({ target, measured: 'n/a', met: null, note: 'no frames in one of the traces' })
      else {
        const pairs = on.runs.map((r, i) => {
          const x = pick(r)
          const y = off.runs[i] ? pick(off.runs[i]) : null
          return x !== null && y !== null ? `${x - y >= 0 ? '+' : ''}${(x - y).toFixed(2)}` : 'n/a'
        })
        out.push({
          target,
          measured: `on ${a.toFixed(2)} ms, off ${b.toFixed(2)} ms (medians); paired ${d >= 0 ? '+' : ''}${d.toFixed(2)} ms (pairs ${pairs.join(', ')})`,
          met: d <= TARGETS.soundFrameMs,
          note: d > TARGETS.soundFrameMs ? `missed by ${(d - TARGETS.soundFrameMs).toFixed(2)} ms` : '',
        })
      }
    }
  }

  // Scratch per-move cost independent of the card's pixel size.
  {
    const target = `Scratch work per pointer move independent of the card's pixel size (large/small ≤ ${TARGETS.scratchSizeRatio}×)`
    const ids = raw.scratchSizes
    const small = ids ? raw.frame?.[ids.small] : undefined
    const large = ids ? raw.frame?.[ids.large] : undefined
    if (!isObj(small) || !isObj(large)) out.push({ target, measured: 'n/a', met: null, note: `small: ${isObj(small) ? 'ok' : (small ?? 'not measured')}; large: ${isObj(large) ? 'ok' : (large ?? 'not measured')}` })
    else {
      // Per move: the pointermove dispatch if the game works there, else the per-frame scripting during the gesture.
      const moveS = runMedian(small, (c) => percentile(c.pointerMoveMs, 50))
      const moveL = runMedian(large, (c) => percentile(c.pointerMoveMs, 50))
      const frameS = runMedian(small, (c) => percentile(c.scriptingMs, 50))
      const frameL = runMedian(large, (c) => percentile(c.scriptingMs, 50))
      const pxS = small.canvasPx ? small.canvasPx.width * small.canvasPx.height : null
      const pxL = large.canvasPx ? large.canvasPx.width * large.canvasPx.height : null
      const moveRatio = moveS && moveL ? moveL / moveS : null
      const frameRatio = frameS && frameL ? frameL / frameS : null
      const worst = Math.max(moveRatio ?? 0, frameRatio ?? 0)
      out.push({
        target,
        measured:
          `${pxS ?? '?'} → ${pxL ?? '?'} canvas px (${pxS && pxL ? (pxL / pxS).toFixed(1) : '?'}×): pointermove p50 ${moveS?.toFixed(3) ?? 'n/a'} → ${moveL?.toFixed(3) ?? 'n/a'} ms` +
          ` (${moveRatio?.toFixed(2) ?? 'n/a'}×), frame scripting p50 ${frameS?.toFixed(2) ?? 'n/a'} → ${frameL?.toFixed(2) ?? 'n/a'} ms (${frameRatio?.toFixed(2) ?? 'n/a'}×)`,
        met: moveRatio === null && frameRatio === null ? null : worst <= TARGETS.scratchSizeRatio,
        note: [
          worst > TARGETS.scratchSizeRatio ? `cost grew ${worst.toFixed(2)}× with the card's pixels (limit ${TARGETS.scratchSizeRatio}×)` : '',
          small.pageErrors.length + large.pageErrors.length > 0 ? `suspect: the page threw ${[...small.pageErrors, ...large.pageErrors][0]}` : '',
        ]
          .filter(Boolean)
          .join('; '),
      })
    }
  }

  // Server.
  {
    const s = raw.server
    // The throughput goals are SQLite's (one process, the default deployment).
    const at50 = isObj(s) ? s.runs.find((r) => r.connections === 50 && r.setup === 'sqlite-1') : undefined
    const na = typeof s === 'string' ? s : (s?.skipped['sqlite-1'] ?? 'no 50-connection run')
    if (!at50) {
      out.push({ target: `Award ≥ ${TARGETS.awardRps} /s at 50 connections`, measured: 'n/a', met: null, note: na })
      out.push({ target: `Award p99 ≤ ${TARGETS.awardP99Ms} ms at 50 connections`, measured: 'n/a', met: null, note: na })
    } else {
      const rps = at50.result.rps
      const p99 = at50.result.latency.p99
      const limited = at50.codes['4029'] ?? 0
      const perAward = at50.cpu.serverMs === null || at50.result.total === 0 ? null : at50.cpu.serverMs / at50.result.total
      const ceiling = perAward ? `; the server spent ${perAward.toFixed(2)} ms of CPU per award (≈ ${(1000 / perAward).toFixed(0)} awards/s per fully used core) and used ${(at50.cpu.serverMs! / (at50.result.duration * 10)).toFixed(0)} % of a core` : ''
      const why = (limited > 0 ? `; ${limited} answers were rate limited (4029), so not every request was a draw` : '') + ceiling
      out.push({
        target: `Award ≥ ${TARGETS.awardRps} /s at 50 connections`,
        measured: `${rps.toFixed(0)} req/s`,
        met: rps >= TARGETS.awardRps && limited === 0,
        note: (rps < TARGETS.awardRps ? `missed by ${(TARGETS.awardRps - rps).toFixed(0)} req/s (${pct(TARGETS.awardRps - rps, TARGETS.awardRps)}); the load generator shares the cores with the server` : '') + why,
      })
      out.push({
        target: `Award p99 ≤ ${TARGETS.awardP99Ms} ms at 50 connections`,
        measured: `p99 ${p99} ms (p50 ${at50.result.latency.p50} ms)`,
        met: p99 <= TARGETS.awardP99Ms,
        note: p99 > TARGETS.awardP99Ms ? `missed by ${p99 - TARGETS.awardP99Ms} ms; 50 connections queue on the server's single thread, so p99 follows throughput` : '',
      })
    }
    // PostgreSQL in one process against SQLite, at 50 connections, twice: the server's CPU per award (the measure
    // the issue lists for each setup), and the machine's (server + PostgreSQL's backends; SQLite's engine runs
    // inside the server, so this is the like-for-like cost of an award).
    for (const withDatabase of [false, true]) {
      const target = `PostgreSQL: ${withDatabase ? 'CPU per award, server + database,' : 'server CPU per award'} within 2× of SQLite's, 50 connections`
      const perAward = (setup: string) => {
        const r = isObj(s) ? s.runs.find((x) => x.connections === 50 && x.setup === setup) : undefined
        return r && r.cpu.serverMs !== null && r.result.total > 0 ? (r.cpu.serverMs + (withDatabase ? (r.cpu.databaseMs ?? 0) : 0)) / r.result.total : null
      }
      const lite = perAward('sqlite-1')
      const pg1 = perAward('pg-1')
      if (lite === null || pg1 === null) out.push({ target, measured: 'n/a', met: null, note: (isObj(s) ? s.skipped['pg-1'] : s) ?? 'no 50-connection runs' })
      else out.push({ target, measured: `${pg1.toFixed(2)} ms vs ${lite.toFixed(2)} ms (${(pg1 / lite).toFixed(2)}×)`, met: pg1 <= 2 * lite, note: pg1 > 2 * lite ? `missed by ${(pg1 - 2 * lite).toFixed(2)} ms per award` : '' })
    }
    const target = 'Zero oversell (winners in the DB = stock taken ≤ stock), every run'
    if (!isObj(s) || s.checks.length === 0) out.push({ target, measured: 'n/a', met: null, note: typeof s === 'string' ? s : 'no run' })
    else
      out.push({
        target,
        measured: s.checks.map((c) => `${c.setup ? `${c.setup}: ` : ''}${c.winsInDb} winners / ${c.stockTaken} taken / stock ${c.stock}`).join('; '),
        met: s.checks.every((c) => c.ok),
        note: s.checks.filter((c) => !c.ok).map((c) => `activity ${c.code}: oversold ${c.oversold}, wins ${c.winsInDb}, taken ${c.stockTaken}, won counter ${c.wonCounter}`).join('; '),
      })
  }
  return out
}

/** The floor pages' figure at this percentile, beside the wheel's: what a frame costs with nothing but one wheel-sized picture turned. */
function floorNote(frame: RawResults['frame'], q: number, lucky: number): string {
  const parts = Object.entries(FLOORS).flatMap(([id, { what }]) => {
    const r = frame?.[id]
    const v = isObj(r) ? runMedian(r, (c) => percentile(c.shown.rafMs, q)) : null
    return v === null ? [] : [`${what} ${v.toFixed(2)} ms (${(v / lucky).toFixed(2)}×)`]
  })
  return parts.length ? `one wheel-sized picture turned per frame and nothing else, in this run: ${parts.join(', ')}` : ''
}
