import { onBeforeUnmount, ref, watch, type Ref } from 'vue'
import type { ActivityStats } from '../core/ops'
import { loadStats } from '../api/studio'

/** How often the statistics are asked again while they show, ms. */
export const STATS_POLL_MS = 5000

/**
 * An activity's statistics, asked again every STATS_POLL_MS while `active` (the
 * panel shows) and the tab is visible; paused otherwise, and asked at once when
 * the tab comes back. The timer and the listener are removed on unmount.
 */
export function useStatsPolling(auth: Ref<string>, code: Ref<string | null>, active: Ref<boolean>) {
  const stats = ref<ActivityStats | null>(null)
  const error = ref('')
  const loading = ref(false)
  let timer: ReturnType<typeof setTimeout> | undefined
  /** Bumped on every (re)start: an answer of an older round is dropped. */
  let round = 0

  const running = () => active.value && code.value !== null && document.visibilityState === 'visible'

  async function tick(mine: number): Promise<void> {
    const asked = code.value
    if (asked === null) return
    loading.value = true
    try {
      const fresh = await loadStats(auth.value, asked)
      if (mine !== round) return
      stats.value = fresh
      error.value = ''
    } catch (e) {
      if (mine !== round) return
      error.value = e instanceof Error ? e.message : '统计加载失败'
    } finally {
      if (mine === round) loading.value = false
    }
    if (mine === round && running()) timer = setTimeout(() => void tick(mine), STATS_POLL_MS)
  }

  function restart(): void {
    clearTimeout(timer)
    round++
    if (running()) void tick(round)
  }

  function onVisibility(): void {
    restart()
  }

  watch([code, active], ([next], [previous]) => {
    if (next !== previous) stats.value = null
    restart()
  }, { immediate: true })
  document.addEventListener('visibilitychange', onVisibility)
  onBeforeUnmount(() => {
    clearTimeout(timer)
    round++
    document.removeEventListener('visibilitychange', onVisibility)
  })

  return { stats, error, loading, refresh: restart }
}
