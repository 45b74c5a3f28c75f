/** Vant's dialog with its CSS (see vant.ts): the live page's start-over dialog, fetched with the info form once the game is up. */
import 'vant/es/button/index.css'
import 'vant/es/dialog/index.css'

export { Dialog as VanDialog } from 'vant'
