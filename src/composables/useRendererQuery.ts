import { computed, type ComputedRef } from 'vue'
import { useRoute } from 'vue-router'
import type { RendererPreference } from '../stage/createStage'

/** The stage's renderer from `?renderer=canvas|webgl` (tests and support pin one); 'auto' otherwise. */
export function useRendererQuery(): ComputedRef<RendererPreference> {
  const route = useRoute()
  return computed(() => {
    const r = route.query.renderer
    return r === 'canvas' || r === 'webgl' ? r : 'auto'
  })
}
