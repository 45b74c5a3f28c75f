/** Vant's popup and overlay with their CSS (see vant.ts): for the dialogs and sheets, all loaded after the first screen. */
import 'vant/es/style/base.css'
import 'vant/es/overlay/index.css'
import 'vant/es/popup/index.css'

export { Popup as VanPopup } from 'vant'
