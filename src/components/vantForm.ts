/** Vant's form pieces (their CSS comes with the page's: vantStyles.ts), without the icon font (see vant.ts). */
export { Button as VanButton, CellGroup as VanCellGroup, Field as VanField, Form as VanForm } from 'vant'
