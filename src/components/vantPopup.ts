/** Vant's popup, for the dialogs and sheets, all loaded after the first screen (its CSS comes with the page's: vantStyles.ts). */
export { Popup as VanPopup } from 'vant'
