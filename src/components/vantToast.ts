/** Vant's toast with its CSS (a toast is a popup); loaded by vant.ts's showToast on first use. */
import 'vant/es/style/base.css'
import 'vant/es/overlay/index.css'
import 'vant/es/popup/index.css'
import 'vant/es/toast/index.css'

export { showToast } from 'vant'
