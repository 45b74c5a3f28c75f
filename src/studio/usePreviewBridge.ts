import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'
import type { ForcedBatch, ForcedOutcome } from '../core/localDraw'
import type { FieldError } from '../core/contract'
import type { StudioToPreview } from './protocol'
import { isSameOrigin } from './protocol'

/**
 * The studio's side of the preview protocol (protocol.ts): posts to the
 * preview iframe with this page's origin as the target — never '*', so a
 * configuration can never leak to a page from elsewhere — and accepts only
 * messages from that iframe on the same origin.
 */
export function usePreviewBridge(frame: Ref<HTMLIFrameElement | null>, onReady: () => void) {
  /** What the preview last refused, until the next configuration is sent. */
  const refused = ref<FieldError[]>([])

  function post(message: StudioToPreview): void {
    frame.value?.contentWindow?.postMessage(message, window.location.origin)
  }

  function sendConfig(config: unknown): void {
    refused.value = []
    post({ type: 'lottery-preview:config', config })
  }

  function sendForce(outcome: ForcedOutcome | null): void {
    post({ type: 'lottery-preview:force', outcome })
  }

  function sendForceBatch(batch: ForcedBatch | null): void {
    post({ type: 'lottery-preview:force-batch', batch })
  }

  function onMessage(event: MessageEvent): void {
    if (!isSameOrigin(event) || !frame.value || event.source !== frame.value.contentWindow) return
    const data = event.data as { type?: unknown; errors?: unknown }
    if (data?.type === 'lottery-preview:ready') onReady()
    else if (data?.type === 'lottery-preview:invalid' && Array.isArray(data.errors)) {
      refused.value = data.errors as FieldError[]
    }
  }

  onMounted(() => window.addEventListener('message', onMessage))
  onBeforeUnmount(() => window.removeEventListener('message', onMessage))

  return { refused, sendConfig, sendForce, sendForceBatch }
}
