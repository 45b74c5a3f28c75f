// The bench (`npm run bench`) is not run in CI; this checks that its scripts start and that the
// pieces that turn measurements into figures do their arithmetic right.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { BuildStats, ChunkStat } from '../../../bench/lib/build'
import { ROOT } from '../../../bench/lib/config'
import { skippedSection, toMarkdown, toText, writeResults, type Results } from '../../../bench/lib/report'
import { applySetCookies, CODE_FIELD, cookieHeader, setCookiesOf, type Jar } from '../../../bench/lib/serverLoad'
import { classify, entryClosure } from '../../../bench/lib/size'
import { percentile } from '../../../bench/lib/stats'
import { blockedNote, judge } from '../../../bench/lib/targets'
import { frameCost, longTasks, type FrameCost, type TraceEvent } from '../../../bench/lib/trace'
import { runMedian, type ScenarioResult } from '../../../bench/lib/frames'
import { parseOptions } from '../../../bench/run'

const out = mkdtempSync(join(tmpdir(), 'bench-smoke-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))

function chunk(file: string, fields: Partial<ChunkStat> = {}): ChunkStat {
  return { file, isEntry: false, isDynamicEntry: false, facade: null, imports: [], dynamicImports: [], css: [], hasPixi: false, modules: 1, ...fields }
}

// entry → shared; entry ⇢ route (⇢ = dynamic) → shared; route ⇢ game → pixi
const stats: BuildStats = {
  outDir: '/nowhere',
  chunks: Object.fromEntries(
    [
      chunk('assets/index.js', { isEntry: true, imports: ['assets/shared.js'], dynamicImports: ['assets/Route.js'], css: ['assets/index.css'] }),
      chunk('assets/shared.js'),
      chunk('assets/Route.js', { isDynamicEntry: true, imports: ['assets/shared.js'], dynamicImports: ['assets/Game.js'], css: ['assets/Route.css'] }),
      chunk('assets/Game.js', { isDynamicEntry: true, imports: ['assets/pixi.js'], css: ['assets/Game.css'] }),
      chunk('assets/pixi.js', { hasPixi: true }),
    ].map((c) => [c.file, c]),
  ),
}

describe('size: split at pixi.js', () => {
  it('puts what can run without pixi.js before it, and the game chunk and pixi after', () => {
    const loaded = ['index.html', 'assets/index.js', 'assets/index.css', 'assets/shared.js', 'assets/Route.js', 'assets/Route.css', 'assets/Game.js', 'assets/Game.css', 'assets/pixi.js']
    const phases = classify(stats, loaded)
    expect(Object.fromEntries(phases)).toEqual({
      'index.html': 'html',
      'assets/index.js': 'pre',
      'assets/index.css': 'pre',
      'assets/shared.js': 'pre',
      'assets/Route.js': 'pre',
      'assets/Route.css': 'pre',
      'assets/Game.js': 'lazy',
      'assets/Game.css': 'lazy',
      'assets/pixi.js': 'lazy',
    })
  })

  it('counts what is fetched once pixi.js is on its way (a prefetched form) as after it', () => {
    const withForm: BuildStats = { ...stats, chunks: { ...stats.chunks, 'assets/Form.js': chunk('assets/Form.js', { isDynamicEntry: true, css: ['assets/Form.css'] }) } }
    const phases = classify(withForm, ['index.html', 'assets/index.js', 'assets/Route.js', 'assets/Game.js', 'assets/pixi.js', 'assets/Form.js', 'assets/Form.css'])
    expect(phases.get('assets/Route.js')).toBe('pre')
    expect(phases.get('assets/Form.js')).toBe('lazy')
    expect(phases.get('assets/Form.css')).toBe('lazy')
  })

  it('counts a route that imports pixi.js statically as after pixi.js', () => {
    const eager: BuildStats = { ...stats, chunks: { ...stats.chunks, 'assets/Route.js': chunk('assets/Route.js', { imports: ['assets/pixi.js'] }) } }
    expect(classify(eager, ['assets/Route.js']).get('assets/Route.js')).toBe('lazy')
  })

  it('falls back to the entry and its static imports without a browser', () => {
    expect(entryClosure(stats).sort()).toEqual(['assets/index.css', 'assets/index.js', 'assets/shared.js', 'index.html'])
  })
})

describe('frame cost from a trace', () => {
  const main = { pid: 1, tid: 1 }
  const x = (name: string, ts: number, dur: number, type?: string): TraceEvent => ({ ...main, name, ph: 'X', ts, dur, args: type ? { data: { type } } : {} })
  const i = (name: string, ts: number): TraceEvent => ({ ...main, name, ph: 'I', ts })
  const events: TraceEvent[] = [
    i('bench:start', 0),
    i('BeginMainThreadFrame', 1000),
    x('RunTask', 1000, 6000),
    { ...x('FireAnimationFrame', 1000, 4000), tdur: 3000 },
    x('FunctionCall', 1100, 3000), // nested: counted once
    x('MinorGC', 6000, 500),
    i('BeginMainThreadFrame', 17_000),
    x('EventDispatch', 17_000, 2000, 'pointermove'),
    x('Layout', 19_000, 5000), // not scripting
    i('BeginMainThreadFrame', 33_000),
    { pid: 2, tid: 9, name: 'FunctionCall', ph: 'X', ts: 20_000, dur: 9000 }, // another thread: ignored
    // The display compositor's draws, in the GPU process: the frames the screen showed.
    ...[500, 9000, 25_000, 38_000].map((ts): TraceEvent => ({ pid: 3, tid: 4, name: 'Display::DrawAndSwap', ph: 'X', ts, dur: 300 })),
    i('bench:end', 40_000),
  ]

  it('cuts the same work at the frames the screen showed, whatever process draws them', () => {
    const { shown } = frameCost(events)
    expect(shown.frames).toBe(3)
    expect(shown.rafMs).toEqual([4, 0, 0])
    expect(shown.scriptingMs).toEqual([4.5, 2, 0])
    expect(shown.busyMs).toEqual([6, 0, 0])
  })

  it('sums scripting per frame on the main thread, nested slices once', () => {
    const cost = frameCost(events)
    expect(cost.frames).toBe(2)
    expect(cost.scriptingMs).toEqual([4.5, 2])
    expect(cost.rafMs).toEqual([4, 0])
    expect(cost.rafCpuMs).toEqual([3, 0])
    expect(cost.scriptingCpuMs).toEqual([3.5, 2])
    expect(cost.busyMs).toEqual([6, 0])
    expect(cost.pointerMoveMs).toEqual([2])
    expect(cost.windowMs).toBe(40)
    expect(cost.scriptingTotalMs).toBe(6.5)
    expect(cost.busyTotalMs).toBe(6)
  })
})

describe('long tasks of a page load', () => {
  const on = (pid: number, tid: number, name: string): TraceEvent => ({ pid, tid, name, ph: 'M', ts: 0, args: { name } })
  const task = (ts: number, durMs: number, cpuMs?: number, tid = 1): TraceEvent => ({ pid: 1, tid, name: 'RunTask', ph: 'X', ts, dur: durMs * 1000, ...(cpuMs === undefined ? {} : { tdur: cpuMs * 1000 }) })
  const events: TraceEvent[] = [
    { ...on(1, 1, 'thread_name'), args: { name: 'CrRendererMain' } },
    { pid: 1, tid: 1, name: 'FunctionCall', ph: 'X', ts: 10, dur: 5 },
    task(0, 7000, 200), // blocked in a synchronous GL call for most of it
    { ...task(1000, 500, 100), name: 'ThreadControllerImpl::RunTask' }, // nested: not counted again
    task(8_000_000, 120, 100),
    task(9_000_000, 30, 30), // short: not a long task
    task(10_000_000, 900, 900, 2), // another thread
  ]

  it('sums wall and thread CPU time of the main thread tasks over 50 ms', () => {
    const tasks = longTasks(events)
    expect(tasks).toMatchObject({ count: 2, wallMs: 7120, cpuMs: 300, longest: { wallMs: 7000, cpuMs: 200 } })
    // Every task TBT can count (over 12.5 ms observed), the 30 ms one too, with what ran in it.
    expect(tasks.blocking?.map(({ atMs, wallMs, cpuMs }) => ({ atMs, wallMs, cpuMs }))).toEqual([
      { atMs: 0, wallMs: 7000, cpuMs: 200 },
      { atMs: 8000, wallMs: 120, cpuMs: 100 },
      { atMs: 9000, wallMs: 30, cpuMs: 30 },
    ])
    expect(tasks.blocking?.[0]?.what).toEqual(['FunctionCall 0'])
  })

  it('says when the main thread mostly waited, and not when it worked', () => {
    expect(blockedNote(longTasks(events))).toMatch(/96 % of it the main thread was blocked.*SwiftShader/)
    expect(blockedNote({ count: 1, wallMs: 100, cpuMs: 90, longest: { wallMs: 100, cpuMs: 90 } })).not.toMatch(/blocked/)
    expect(blockedNote({ count: 0, wallMs: 0, cpuMs: 0, longest: { wallMs: 0, cpuMs: 0 } })).toBe('')
  })
})

describe('award answers', () => {
  it("reads the envelope's code, not a code inside its data", () => {
    expect(CODE_FIELD.exec('{"status":1,"code":202,"msg":"x","data":{"code":"demo"}}')?.[1]).toBe('202')
    expect(CODE_FIELD.exec('{"status":0,"code":-1}')?.[1]).toBe('-1')
    expect(CODE_FIELD.exec('Internal Server Error')).toBeNull()
  })
})

describe('rotating cookie chain', () => {
  it('keeps the latest jwt and drops deleted cookies', () => {
    const jar: Jar = new Map()
    applySetCookies(jar, ['jwt=a; Path=/; HttpOnly', 'pid=p1; Path=/'])
    applySetCookies(jar, setCookiesOf(['Content-Type', 'application/json', 'Set-Cookie', 'jwt=b; Path=/; HttpOnly']))
    expect(cookieHeader(jar)).toBe('jwt=b; pid=p1')
    applySetCookies(jar, ['pid=; Max-Age=0'])
    expect(cookieHeader(jar)).toBe('jwt=b')
  })
})

describe('targets and report', () => {
  it('interpolates percentiles', () => {
    expect(percentile([4, 1, 3, 2], 50)).toBe(2.5)
    expect(percentile([], 95)).toBeNull()
  })

  it('says by how much a size target is missed, and n/a with the reason when unmeasured', () => {
    const page = (jsPre: number) => ({ jsPre, cssPre: 5000, html: 400, jsLazy: 0, cssLazy: 0, pixi: 0, total: jsPre, files: [], source: 'network' as const })
    const checks = judge({ size: { wheel: page(80_000), scratch: page(70_000), redpacket: page(60_000) }, server: 'server bench failed: no server' })
    const js = checks.find((c) => c.target.includes('kB JS'))
    expect(js?.met).toBe(false)
    expect(js?.note).toContain('missed by 10.0 kB')
    const css = checks.find((c) => c.target.includes('kB CSS'))
    expect(css?.met).toBe(true)
    const rps = checks.find((c) => c.target.includes('/s at 50'))
    expect(rps).toMatchObject({ met: null, note: 'server bench failed: no server' })
  })

  it('takes each frame figure as the median of the runs, and judges the wheel and the sound on it', () => {
    const cost = (raf: number[], scripting: number[]): FrameCost => ({
      frames: raf.length,
      scriptingMs: scripting,
      rafMs: raf,
      scriptingCpuMs: scripting,
      rafCpuMs: raf,
      busyMs: scripting,
      pointerMoveMs: [],
      shown: { frames: scripting.length, scriptingMs: scripting, rafMs: raf, scriptingCpuMs: scripting, rafCpuMs: raf, busyMs: scripting },
      windowMs: 1000,
      scriptingTotalMs: 0,
      busyTotalMs: 0,
    })
    const scenario = (runs: FrameCost[]): ScenarioResult => ({ cost: runs[0]!, runs, rest: runs[0]!, draws: null, renderer: 'webgl', canvasPx: null, pageErrors: [], notes: [] })
    // One noisy run (p95 30 ms) out of three: the median keeps the wheel at 3 ms against lucky's 12.
    const wheel = scenario([cost([1, 3], [2]), cost([1, 30], [2]), cost([1, 2], [2])])
    const lucky = scenario([cost([6, 12], [9]), cost([6, 12], [9]), cost([6, 12], [9])])
    expect(runMedian(wheel, (c) => percentile(c.rafMs, 100))).toBe(3)
    const silent = scenario([cost([1], [1.2]), cost([1], [1.8]), cost([1], [1.5])])
    const checks = judge({ frame: { wheel, lucky, silent }, sound: { on: 'wheel', off: 'silent' } })
    expect(checks.find((c) => c.target.startsWith('Wheel scripting per frame p95'))?.met).toBe(true)
    const sound = checks.find((c) => c.target.startsWith('Sound on'))
    expect(sound).toMatchObject({ met: true, measured: 'on 2.00 ms, off 1.50 ms (medians); paired +0.50 ms (pairs +0.80, +0.20, +0.50)' })
    const loud = judge({ frame: { wheel, lucky, silent: scenario([cost([1], [1])]) }, sound: { on: 'wheel', off: 'silent' } })
    expect(loud.find((c) => c.target.startsWith('Sound on'))).toMatchObject({ met: false, note: 'missed by 0.50 ms' })
    // Runs alternate on/off, so run i of each side saw the same machine: the load drifted up in run 2 and
    // down in run 3. The difference of the medians (3 − 1.9 = 1.1 ms) would miss; the pairs' median (0.1) holds.
    const drifting = scenario([cost([1], [2]), cost([1], [5]), cost([1], [3])])
    const drift = scenario([cost([1], [1.9]), cost([1], [4.9]), cost([1], [1])])
    const paired = judge({ frame: { wheel: drifting, lucky, silent: drift }, sound: { on: 'wheel', off: 'silent' } })
    expect(paired.find((c) => c.target.startsWith('Sound on'))).toMatchObject({ met: true, measured: 'on 3.00 ms, off 1.90 ms (medians); paired +0.10 ms (pairs +0.10, +0.10, +2.00)' })
  })

  it("quotes the floor pages' figures beside the wheel's, when they ran", () => {
    const cost = (raf: number[]): FrameCost => ({
      frames: raf.length,
      scriptingMs: raf,
      rafMs: raf,
      scriptingCpuMs: raf,
      rafCpuMs: raf,
      busyMs: raf,
      pointerMoveMs: [],
      shown: { frames: raf.length, scriptingMs: raf, rafMs: raf, scriptingCpuMs: raf, rafCpuMs: raf, busyMs: raf },
      windowMs: 1000,
      scriptingTotalMs: 0,
      busyTotalMs: 0,
    })
    const scenario = (raf: number[]): ScenarioResult => ({ cost: cost(raf), runs: [cost(raf)], rest: cost(raf), draws: null, renderer: 'webgl', canvasPx: null, pageErrors: [], notes: [] })
    const frame = { wheel: scenario([5]), lucky: scenario([12]), 'pixi floor': scenario([6]), 'webgl floor': scenario([3]), 'css floor': scenario([2]) }
    const p95 = judge({ frame }).find((c) => c.target.startsWith('Wheel scripting per frame p95'))
    expect(p95?.met).toBe(false)
    // Every main-thread task per frame beside the animation-frame figure (work moved to style changes shows there).
    expect(p95?.measured).toBe(
      'wheel 5.00 ms vs lucky 12.00 ms = 0.42×; all scripting per frame shown p95 5.00 vs 12.00 ms = 0.42×; all main-thread work per frame shown p95 5.00 vs 12.00 ms = 0.42×; per main-thread frame p95 5.00 vs 12.00 ms = 0.42×; frames shown 1 vs 1; run by run 0.42×',
    )
    expect(p95?.note).toBe('missed by 1.00 ms per frame (limit 4.00 ms); one wheel-sized picture turned per frame and nothing else, in this run: a bare pixi.js renderer 6.00 ms (0.50×), raw WebGL 3.00 ms (0.25×), a canvas turned by a style transform 2.00 ms (0.17×)')
    // Without them (a run that failed to build them) the note says nothing of them.
    const alone = judge({ frame: { wheel: scenario([5]), lucky: scenario([12]), 'pixi floor': 'floor page build failed: x' } })
    expect(alone.find((c) => c.target.startsWith('Wheel scripting per frame p95'))?.note).toBe('missed by 1.00 ms per frame (limit 4.00 ms)')
  })

  it('writes JSON and Markdown with every row and its method', () => {
    const results: Results = {
      startedAt: 'now',
      finishedAt: 'later',
      durationS: 1,
      machine: { cpus: 2, cpuModel: 'cpu', memoryGB: 1, node: 'v20', chromium: 'Chromium', platform: 'linux-x64', loadAvg: { start: 0.5, end: 0.7 } },
      sections: [
        { id: 'size', title: 'Size', columns: ['wheel', 'lucky'], rows: [{ metric: 'JS before pixi.js', unit: 'kB', values: { wheel: 12.34, lucky: null }, na: { lucky: 'no page' }, how: 'gzip -9' }] },
        skippedSection('server', 'Server', 'not selected'),
      ],
      targets: [{ target: 'T', measured: 'm', met: false, note: 'missed by 1' }],
      raw: {},
    }
    const md = toMarkdown(results)
    expect(md).toContain('| JS before pixi.js | kB | 12.3 | n/a (no page) | gzip -9 |')
    expect(md).toContain('n/a (not selected)')
    expect(toText(results)).toContain('[MISS] T — m — missed by 1')
    const paths = writeResults(results, out)
    expect(JSON.parse(readFileSync(paths.json, 'utf8')).sections[0].rows[0].values.wheel).toBe(12.34)
  })
})

describe('bench/run.ts', () => {
  it('parses its flags and refuses unknown sections', () => {
    expect(parseOptions(['--only=size,server', '--skip-build']).only).toEqual(['size', 'server'])
    expect(() => parseOptions(['--only=speed'])).toThrow(/unknown section/)
  })

  it('starts and writes results in a dry run (builds and sizes the lucky-canvas page only)', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'run.ts'), '--dry-run', `--out=${out}`], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 })
    expect(run.status, run.stderr).toBe(0)
    const results = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8')) as Results
    const size = results.sections.find((s) => s.id === 'size')
    const total = size?.rows.find((r) => r.metric === 'Total to first playable frame')
    expect(total?.values.lucky).toBeGreaterThan(1)
    expect(results.sections.find((s) => s.id === 'server')?.skipped).toBe('dry run')
    expect(readFileSync(join(out, 'latest.md'), 'utf8')).toContain('## Targets')
  }, 90_000)
})
