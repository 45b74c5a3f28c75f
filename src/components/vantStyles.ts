/**
 * Vant's stylesheets for what the live page shows of Vant (its popups, the start-over dialog, the info form), with
 * the page's own (src/app.ts imports this). Each declares Vant's variables on :root: added once the game is up, as
 * their chunks arrived, they restyled and laid out the whole page (25–32 ms on this machine, a long task for a
 * phone). The page's stylesheet grows by 5 kB gzip (4.7 to 9.7 kB before pixi.js, measured by the bench); the toast's (on first use) and the studio's pieces still come with their chunks.
 */
import 'vant/es/style/base.css'
import 'vant/es/overlay/index.css'
import 'vant/es/popup/index.css'
import 'vant/es/dialog/index.css'
import 'vant/es/loading/index.css'
import 'vant/es/button/index.css'
import 'vant/es/cell/index.css'
import 'vant/es/cell-group/index.css'
import 'vant/es/field/index.css'
