/**
 * Vant's one window-size reading, apart from the dialogs' chunk: Vant's utilities measure the window when they are
 * evaluated, which forces a style and layout pass there if anything changed since the last frame (that chunk's own
 * stylesheet has just come in). ActivityPage loads this, lets a frame go by, and measures then, when layout is fresh;
 * @vant/use keeps the reading (and follows resizes), so the dialogs' chunk reuses it.
 */
import { useWindowSize } from '@vant/use'

export function measureWindow(): void {
  useWindowSize()
}
