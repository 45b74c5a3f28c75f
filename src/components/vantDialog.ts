/** Vant's dialog (its CSS comes with the page's: vantStyles.ts): the live page's start-over dialog, fetched with the info form once the game is up. */
export { Dialog as VanDialog } from 'vant'
