/**
 * The Vant pieces the participant page uses, with their CSS imported by hand.
 * Vant's per-component style entries (what auto-import adds) also pull in its
 * icon font, inlined as base64 (≈30 KB gzip), which these pieces never show:
 * importing them here keeps the page's CSS within budget. Close buttons are our own SVG.
 */
import 'vant/es/style/base.css'
import 'vant/es/overlay/index.css'
import 'vant/es/popup/index.css'
import 'vant/es/loading/index.css'
import 'vant/es/toast/index.css'

export { Loading as VanLoading, Popup as VanPopup, showToast } from 'vant'
