/** Vant's toast with its own CSS (a toast is a popup: the popup's comes with the page's, vantStyles.ts); loaded by vant.ts's showToast on first use. */
import 'vant/es/toast/index.css'

export { showToast } from 'vant'
