/**
 * Per-frame main-thread cost from a Chromium trace (devtools.timeline categories), the way DevTools'
 * Performance panel counts "Scripting": the union of script, event, timer, animation-frame callback
 * and GC slices on the renderer main thread, cut into frames at BeginMainThreadFrame.
 */

/** The fields of a Chrome trace event this module reads. */
export interface TraceEvent {
  name: string
  ph: string
  ts: number
  dur?: number
  /** Thread (CPU) time of a complete slice, µs: excludes time the thread was descheduled or throttled. */
  tdur?: number
  pid: number
  tid: number
  cat?: string
  args?: { name?: string; data?: { type?: string; url?: string; functionName?: string; frame?: string } }
}

/** Slices DevTools counts as scripting (JS, its callbacks, and V8's garbage collection). */
export const SCRIPT_EVENTS: ReadonlySet<string> = new Set([
  'FunctionCall',
  'EvaluateScript',
  'v8.evaluateModule',
  'v8.compile',
  'v8.compileModule',
  'TimerFire',
  'FireAnimationFrame',
  'FireIdleCallback',
  'EventDispatch',
  'RunMicrotasks',
  'V8.RunMicrotasks',
  'MinorGC',
  'MajorGC',
])

/** Marks placed with performance.mark() around the measured interaction. */
export const MARK_START = 'bench:start'
export const MARK_END = 'bench:end'
/** Marks around a stretch of the page at rest, before the interaction. */
export const REST_START = 'bench:rest-start'
export const REST_END = 'bench:rest-end'

type Interval = [number, number]

/** Merge overlapping intervals (nested slices count once). */
export function union(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0])
  const out: Interval[] = []
  for (const [s, e] of sorted) {
    const last = out[out.length - 1]
    if (last && s <= last[1]) last[1] = Math.max(last[1], e)
    else out.push([s, e])
  }
  return out
}

/** Total length of `merged` (sorted, disjoint) inside [from, to). */
export function overlap(merged: readonly Interval[], from: number, to: number): number {
  let sum = 0
  for (const [s, e] of merged) {
    if (e <= from) continue
    if (s >= to) break
    sum += Math.min(e, to) - Math.max(s, from)
  }
  return sum
}

/** Main-thread work per frame, cut at one kind of frame boundary. */
export interface FrameSlices {
  /** Frames fully inside the window. */
  frames: number
  /** Scripting per frame, ms (throttled wall time). */
  scriptingMs: number[]
  /**
   * requestAnimationFrame callbacks per frame, ms: the drawing code's own per-frame work (Pixi's ticker,
   * lucky-canvas's run loop), apart from timers and events that land in the frame. Does not depend on
   * how many frames the (software) compositor manages to produce.
   */
  rafMs: number[]
  /**
   * Thread CPU time of the same work per frame, ms (unthrottled: Chromium's CPU throttling suspends the
   * thread, which thread time does not count). Immune to other load on the machine.
   */
  scriptingCpuMs: number[]
  rafCpuMs: number[]
  /** Every main-thread task per frame (scripting + style, layout, paint, commit), ms. */
  busyMs: number[]
}

/** The display compositor's draw of a frame the screen shows (GPU process, category viz). */
export const FRAME_SHOWN = 'Display::DrawAndSwap'

/** The interaction's work per main-thread frame (BeginMainThreadFrame), and per frame shown. */
export interface FrameCost extends FrameSlices {
  /** Duration of each pointermove dispatch (all its listeners), ms. */
  pointerMoveMs: number[]
  /**
   * The same work cut at the frames the screen showed (FRAME_SHOWN) instead of the main thread's frames. They
   * differ when the compositor animates on its own thread: its frames need no main-thread frame, and the few
   * main-thread frames that remain each span many frames shown. Empty when the trace has no such events.
   */
  shown: FrameSlices
  /** Window length, ms. */
  windowMs: number
  /** Scripting and all main-thread tasks over the whole window, ms (frames or not). */
  scriptingTotalMs: number
  busyTotalMs: number
}

/** Slices not nested in an earlier one (by wall time), sorted. */
export function topLevel(slices: readonly TraceEvent[]): TraceEvent[] {
  const out: TraceEvent[] = []
  let end = -Infinity
  for (const e of [...slices].sort((a, b) => a.ts - b.ts)) {
    if (e.ts < end) continue
    out.push(e)
    end = e.ts + (e.dur ?? 0)
  }
  return out
}

/** Sum of thread time (wall time where missing) of the slices starting in [from, to), ms. */
function cpuIn(sorted: readonly TraceEvent[], from: number, to: number): number {
  let sum = 0
  for (const e of sorted) if (e.ts >= from && e.ts < to) sum += e.tdur ?? e.dur ?? 0
  return sum / 1000
}

/** The renderer main thread that carries the marks (else the busiest CrRendererMain). */
function mainThread(events: readonly TraceEvent[], startMark: string): { pid: number; tid: number } | null {
  const mark = events.find((e) => e.name === startMark)
  if (mark) return { pid: mark.pid, tid: mark.tid }
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
  let best: { pid: number; tid: number } | null = null
  let bestCount = -1
  for (const m of mains) {
    const count = events.filter((e) => e.pid === m.pid && e.tid === m.tid && e.name === 'FunctionCall').length
    if (count > bestCount) [best, bestCount] = [{ pid: m.pid, tid: m.tid }, count]
  }
  return best
}

/** Cut the window between two marks of a trace into frames and measure each. */
export function frameCost(events: readonly TraceEvent[], startMark = MARK_START, endMark = MARK_END): FrameCost {
  const thread = mainThread(events, startMark)
  if (!thread) throw new Error('no renderer main thread in the trace')
  const own = events.filter((e) => e.pid === thread.pid && e.tid === thread.tid)
  const start = own.find((e) => e.name === startMark)?.ts ?? Math.min(...own.map((e) => e.ts))
  const end = own.find((e) => e.name === endMark)?.ts ?? Math.max(...own.map((e) => e.ts + (e.dur ?? 0)))
  const complete = own.filter((e) => e.ph === 'X' && typeof e.dur === 'number')
  const span = (e: TraceEvent): Interval => [e.ts, e.ts + (e.dur ?? 0)]
  const scriptSlices = complete.filter((e) => SCRIPT_EVENTS.has(e.name))
  const rafSlices = complete.filter((e) => e.name === 'FireAnimationFrame')
  const scripting = union(scriptSlices.map(span))
  const raf = union(rafSlices.map(span))
  const scriptTop = topLevel(scriptSlices)
  const rafTop = topLevel(rafSlices)
  const busy = union(complete.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask').map(span))
  const starts = (name: string, from: readonly TraceEvent[]) =>
    from
      .filter((e) => e.name === name && e.ts >= start && e.ts <= end)
      .map((e) => e.ts)
      .sort((a, b) => a - b)
  const cut = (frameStarts: readonly number[]): FrameSlices => {
    const out: FrameSlices = { frames: 0, scriptingMs: [], rafMs: [], scriptingCpuMs: [], rafCpuMs: [], busyMs: [] }
    for (let i = 0; i + 1 < frameStarts.length; i++) {
      const from = frameStarts[i] as number
      const to = frameStarts[i + 1] as number
      out.scriptingMs.push(overlap(scripting, from, to) / 1000)
      out.rafMs.push(overlap(raf, from, to) / 1000)
      out.scriptingCpuMs.push(cpuIn(scriptTop, from, to))
      out.rafCpuMs.push(cpuIn(rafTop, from, to))
      out.busyMs.push(overlap(busy, from, to) / 1000)
    }
    out.frames = out.scriptingMs.length
    return out
  }
  const { scriptingMs, rafMs, scriptingCpuMs, rafCpuMs, busyMs } = cut(starts('BeginMainThreadFrame', own))
  // Any process: the display compositor draws in the GPU process (or the browser's, without one).
  const shown = cut(starts(FRAME_SHOWN, events))
  // Top-level pointermove dispatches (a nested one would be counted inside its parent).
  const moves = complete.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'pointermove' && e.ts >= start && e.ts <= end)
  const pointerMoveMs = moves.map((e) => (e.dur ?? 0) / 1000)
  return {
    frames: scriptingMs.length,
    scriptingMs,
    rafMs,
    scriptingCpuMs,
    rafCpuMs,
    busyMs,
    pointerMoveMs,
    shown,
    windowMs: (end - start) / 1000,
    scriptingTotalMs: overlap(scripting, start, end) / 1000,
    busyTotalMs: overlap(busy, start, end) / 1000,
  }
}

/** Long main-thread tasks of a page load as observed (unthrottled): their wall time and the thread's own CPU time. */
export interface LongTasks {
  /** Top-level main-thread tasks longer than the threshold. */
  count: number
  /** Their summed wall time, ms. */
  wallMs: number
  /**
   * Their summed thread CPU time (tdur), ms: the page's own JavaScript, style, layout and paint. The rest of
   * the wall time the thread was blocked (synchronous calls waiting on the GPU process: WebGL's, or a canvas's context creation) or descheduled.
   */
  cpuMs: number
  /** The longest task: wall and CPU time, ms. */
  longest: { wallMs: number; cpuMs: number }
  /**
   * Every task Lighthouse's TBT can count (over 50 ms once simulated ×4: over 12.5 ms observed), in order: when
   * it started (ms after the navigation), wall and CPU time, and what ran in it (its longest script, callback or
   * rendering slices), so a regression names its cause.
   */
  blocking?: BlockingTask[]
}

/** One main-thread task long enough for TBT once simulated. */
export interface BlockingTask {
  atMs: number
  wallMs: number
  cpuMs: number
  /** Its longest top-level slices, e.g. "EvaluateScript pixi-x.js 41" or "FunctionCall game-x.js:build 20", ms. */
  what: string[]
}

/** Lighthouse simulates 4× slower CPU and counts tasks over 50 ms simulated. */
export const TBT_OBSERVED_THRESHOLD_MS = 50 / 4

/** Slices that say what a task spent its time on. */
const DESCRIBED = new Set([...SCRIPT_EVENTS, 'ParseHTML', 'Layout', 'UpdateLayoutTree', 'Paint', 'PrePaint', 'Layerize', 'Commit', 'ScheduleStyleRecalculation', 'ParseAuthorStyleSheet', 'Decode Image', 'v8.produceModuleCache', 'v8.produceCache'])

function describe(e: TraceEvent): string {
  const data = e.args?.data
  const file = data?.url ? (data.url.split('/').pop() ?? '') : ''
  const where = file ? ` ${file}${data?.functionName ? `:${data.functionName}` : ''}` : data?.type ? ` ${data.type}` : ''
  return `${e.name}${where} ${((e.dur ?? 0) / 1000).toFixed(0)}`
}

/** Tasks longer than `thresholdMs` on the page's renderer main thread (the busiest CrRendererMain) over the whole trace. */
export function longTasks(events: readonly TraceEvent[], thresholdMs = 50): LongTasks {
  const thread = mainThread(events, MARK_START)
  const out: LongTasks = { count: 0, wallMs: 0, cpuMs: 0, longest: { wallMs: 0, cpuMs: 0 } }
  if (!thread) return out
  const own = events.filter((e) => e.pid === thread.pid && e.tid === thread.tid && e.ph === 'X')
  const all = topLevel(own.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask'))
  const navigation = events.find((e) => e.name === 'navigationStart' && e.pid === thread.pid)?.ts ?? all[0]?.ts ?? 0
  const slices = own.filter((e) => DESCRIBED.has(e.name)).sort((a, b) => a.ts - b.ts)
  out.blocking = all
    .filter((e) => (e.dur ?? 0) > TBT_OBSERVED_THRESHOLD_MS * 1000)
    .map((task) => {
      const end = task.ts + (task.dur ?? 0)
      const inside = topLevel(slices.filter((e) => e.ts >= task.ts && e.ts < end))
      const longest = [...inside].sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))
      const what = longest.slice(0, 3).map(describe)
      // And inside the longest of them (a module evaluation, a callback), its own longest slices.
      const top = longest[0]
      if (top) {
        const nested = topLevel(slices.filter((e) => e !== top && e.ts >= top.ts && e.ts + (e.dur ?? 0) <= top.ts + (top.dur ?? 0)))
        what.push(...nested.sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0)).slice(0, 3).map((e) => `> ${describe(e)}`))
      }
      return { atMs: Math.round((task.ts - navigation) / 1000), wallMs: (task.dur ?? 0) / 1000, cpuMs: (task.tdur ?? task.dur ?? 0) / 1000, what }
    })
  const tasks = all.filter((e) => (e.dur ?? 0) > thresholdMs * 1000)
  for (const task of tasks) {
    const wallMs = (task.dur ?? 0) / 1000
    // A task without thread time is counted as all CPU: the blocked share is never overstated.
    const cpuMs = (task.tdur ?? task.dur ?? 0) / 1000
    out.count++
    out.wallMs += wallMs
    out.cpuMs += cpuMs
    if (wallMs > out.longest.wallMs) out.longest = { wallMs, cpuMs }
  }
  return out
}
