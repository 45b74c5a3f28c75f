/**
 * Helpers for starting a game in short tasks (GameCanvas, the games' prepare()). Outside the pixi.js
 * chunk on purpose: the page uses them before pixi.js is loaded.
 */

/**
 * Give the main thread back for a moment: the browser may paint, run input and other tasks before the
 * caller continues, so a start-up made of several steps runs as short tasks instead of one long one
 * (each step under 50 ms, so a tap during start-up is answered at once and no step blocks the page).
 * scheduler.yield() where the browser has it (its continuation runs ahead of other queued tasks), else
 * a MessageChannel message (a new task, without setTimeout's 4 ms clamp or its throttling).
 */
export function yieldToMain(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler
  if (typeof scheduler?.yield === 'function') return scheduler.yield()
  return new Promise((resolve) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => {
      channel.port1.close()
      resolve()
    }
    channel.port2.postMessage(null)
  })
}

/** Longest wait for an idle moment before a game starts loading, ms (a busy page still gets its game). */
export const IDLE_WAIT_MS = 300

/** Resolves when the page is idle (its first paint and the app's own start-up done), or after IDLE_WAIT_MS at most; in the next task where there is no requestIdleCallback (Safari). */
export function whenIdle(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: IDLE_WAIT_MS })
    else setTimeout(resolve, 0)
  })
}

/**
 * Resolves in a task right after the next frame: the page's layout is then up to date, so code that measures it
 * (a window's size) finds it done instead of forcing it inside its own task. In the next task where the page
 * does not render (hidden), after IDLE_WAIT_MS at most.
 */
export function afterFrame(): Promise<void> {
  return new Promise((resolve) => {
    let done = false
    const go = (): void => {
      if (done) return
      done = true
      void yieldToMain().then(resolve)
    }
    requestAnimationFrame(go)
    setTimeout(go, IDLE_WAIT_MS)
  })
}
