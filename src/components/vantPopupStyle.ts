/**
 * Vant's stylesheets for the popup and its overlay, on their own: they declare Vant's variables on :root, so adding
 * them restyles the whole page. ActivityPage loads this first and lets a frame apply it, then measures the window
 * for Vant (measureWindow) before the dialogs' chunk is evaluated: Vant's utilities measure it when they are
 * evaluated, which would otherwise force that restyle and a layout inside the chunk's task.
 */
import 'vant/es/style/base.css'
import 'vant/es/overlay/index.css'
import 'vant/es/popup/index.css'
import { useWindowSize } from '@vant/use'

/** Vant's one window-size reading (@vant/use keeps it and follows resizes): call it right after a frame, when layout is fresh. */
export function measureWindow(): void {
  useWindowSize()
}
