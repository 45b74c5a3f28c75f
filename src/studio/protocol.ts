import type { ActivityConfig } from '../core/activity'
import { FORCEABLE_KINDS, type ForcedBatch, type ForcedOutcome } from '../core/localDraw'

/**
 * The messages between the studio (marketer's editor) and the preview page in
 * its iframe or popup. Both sides only accept messages from their own origin.
 */

/** Studio → preview: show this (unsaved) configuration. Validated by the preview before use. */
export interface PreviewConfigMessage {
  type: 'lottery-preview:config'
  config: unknown
}

/** Studio → preview: make the next play end in this outcome (null: back to the real draw). */
export interface PreviewForceMessage {
  type: 'lottery-preview:force'
  outcome: ForcedOutcome | null
}

/** Studio → preview: make the next multi-draw (连抽) follow this list, draw by draw (null: back to the real draws). */
export interface PreviewForceBatchMessage {
  type: 'lottery-preview:force-batch'
  batch: ForcedBatch | null
}

export type StudioToPreview = PreviewConfigMessage | PreviewForceMessage | PreviewForceBatchMessage

/** Preview → studio: the preview is listening (sent on mount, so the studio can send its config). */
export interface PreviewReadyMessage {
  type: 'lottery-preview:ready'
}

/** Preview → studio: the configuration was refused; `errors` as validateActivity reports them. */
export interface PreviewInvalidMessage {
  type: 'lottery-preview:invalid'
  errors: { path: string; message: string }[]
}

export type PreviewToStudio = PreviewReadyMessage | PreviewInvalidMessage

const FORCED_KINDS: ReadonlySet<string> = new Set(FORCEABLE_KINDS)

function isForcedOutcome(value: unknown): value is ForcedOutcome {
  if (typeof value !== 'object' || value === null) return false
  const { kind, prizeId } = value as { kind?: unknown; prizeId?: unknown }
  if (kind === 'win') return typeof prizeId === 'number' && Number.isInteger(prizeId)
  return typeof kind === 'string' && FORCED_KINDS.has(kind)
}

/** The message's shape checked (not the config itself: validateActivity does that), or null for anything else. */
export function parseStudioMessage(data: unknown): StudioToPreview | null {
  if (typeof data !== 'object' || data === null) return null
  const message = data as { type?: unknown; config?: unknown; outcome?: unknown; batch?: unknown }
  if (message.type === 'lottery-preview:config' && 'config' in message) {
    return { type: 'lottery-preview:config', config: message.config }
  }
  if (message.type === 'lottery-preview:force' && (message.outcome === null || isForcedOutcome(message.outcome))) {
    return { type: 'lottery-preview:force', outcome: message.outcome }
  }
  const batch = message.batch
  if (message.type === 'lottery-preview:force-batch' && (batch === null || (Array.isArray(batch) && batch.length <= 10 && batch.every(isForcedOutcome)))) {
    return { type: 'lottery-preview:force-batch', batch: batch as ForcedBatch | null }
  }
  return null
}

/** Whether a message event comes from this page's own origin (the only one the preview trusts). */
export function isSameOrigin(event: Pick<MessageEvent, 'origin'>, origin: string = window.location.origin): boolean {
  return event.origin === origin
}
