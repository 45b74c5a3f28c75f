/**
 * The entry: a few lines, so the HTML's frame (critical CSS, the skeleton with the activity's title) is
 * on screen before the app's JavaScript is evaluated. The app (Vue, the router, the page) starts right
 * after that first paint; on a phone the HTML paints long before the app's chunk arrives, so this costs
 * a frame at most, and a fast network can no longer hold the first paint behind seconds of script.
 */

/**
 * Longest wait for the first paint's report, ms: a guard only (the skeleton always paints text, and a page
 * that is hidden, so paints nothing, starts at once). Generous: a loaded phone reports its paint late.
 */
const FIRST_PAINT_WAIT_MS = 3000

// public/boot-check.js: this build's modules run here; from now on the app reports its own failure.
document.getElementById('app')?.setAttribute('data-boot', 'started')

function afterFirstPaint(start: () => void): void {
  let started = false
  const go = (): void => {
    if (started) return
    started = true
    start()
  }
  if (document.visibilityState === 'hidden') return go()
  setTimeout(go, FIRST_PAINT_WAIT_MS)
  const types = typeof PerformanceObserver === 'function' ? PerformanceObserver.supportedEntryTypes : undefined
  if (!types?.includes('paint')) {
    // No paint timing (Safari < 14.1): a frame, then the task after it.
    requestAnimationFrame(() => setTimeout(go, 0))
    return
  }
  new PerformanceObserver((list, observer) => {
    if (!list.getEntries().some((e) => e.name === 'first-contentful-paint')) return
    observer.disconnect()
    go()
  }).observe({ type: 'paint', buffered: true })
}

afterFirstPaint(() => {
  // The chunk did not arrive or does not parse on this engine: the upgrade notice, not a blank page.
  import('./app')
    .then((app) => app.started)
    .catch(() => document.getElementById('boot-fail')?.removeAttribute('hidden'))
  // A participant's page names its game's chunks (server/spa.ts): they download beside the app's.
  document.querySelectorAll<HTMLMetaElement>('meta[name="preload-module"]').forEach((meta) => {
    const link = document.createElement('link')
    link.rel = 'modulepreload'
    link.crossOrigin = ''
    link.href = meta.content
    document.head.appendChild(link)
  })
})
