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
