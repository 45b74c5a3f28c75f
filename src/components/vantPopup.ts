/** Vant's popup and overlay with their CSS (see vant.ts): for the dialogs and sheets, all loaded after the first screen. */
import './vantWindow'

export { Popup as VanPopup } from 'vant'
