/** Vant's form pieces with their CSS, without the icon font (see vant.ts). */
import 'vant/es/style/base.css'
import 'vant/es/loading/index.css'
import 'vant/es/cell/index.css'
import 'vant/es/cell-group/index.css'
import 'vant/es/field/index.css'
import 'vant/es/button/index.css'

export { Button as VanButton, CellGroup as VanCellGroup, Field as VanField, Form as VanForm } from 'vant'
