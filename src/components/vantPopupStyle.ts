/**
 * Vant's stylesheets for the popup and its overlay, on their own: they declare Vant's variables on :root, so adding
 * them restyles the whole page. ActivityPage loads this first and lets a frame apply it before the dialogs' chunk is
 * evaluated (Vant measures the window there, which would force that restyle and a layout inside the chunk's task).
 */
import 'vant/es/style/base.css'
import 'vant/es/overlay/index.css'
import 'vant/es/popup/index.css'
