/**
 * Scratch coverage on a coarse CPU grid: no GPU read-back while scratching.
 * Pure math, no Pixi. Coordinates are the card's local units (any unit, as long
 * as the grid, the stamps and the radius share it).
 */

/** A point in card-local units. */
export interface Point {
  x: number
  y: number
}

/**
 * The brush stamps after `a` up to and including `b`, evenly spaced and at most
 * `spacing` apart, so a fast stroke leaves no gap between two pointer samples.
 * Returns [] when the pointer did not move.
 */
export function stampsBetween(a: Point, b: Point, spacing: number): Point[] {
  if (!(spacing > 0)) throw new RangeError(`spacing must be > 0, got ${spacing}`)
  const dx = b.x - a.x
  const dy = b.y - a.y
  const n = Math.ceil(Math.hypot(dx, dy) / spacing)
  const out: Point[] = []
  for (let i = 1; i <= n; i++) out.push({ x: a.x + (dx * i) / n, y: a.y + (dy * i) / n })
  return out
}

/** A cols × rows grid over a width × height card; a cell counts as cleared once a stamp covers it. */
export class CoverageGrid {
  readonly cols: number
  readonly rows: number
  private readonly cells: Uint8Array
  private cleared = 0
  private cellW: number
  private cellH: number

  constructor(cols: number, rows: number, width: number, height: number) {
    if (!(Number.isInteger(cols) && cols > 0 && Number.isInteger(rows) && rows > 0)) {
      throw new RangeError(`grid must be at least 1×1 whole cells, got ${cols}×${rows}`)
    }
    this.cols = cols
    this.rows = rows
    this.cells = new Uint8Array(cols * rows)
    this.cellW = width / cols
    this.cellH = height / rows
  }

  /** Change the card's size in local units; cleared cells stay cleared (they are relative to the card). */
  setSize(width: number, height: number): void {
    this.cellW = width / this.cols
    this.cellH = height / this.rows
  }

  /**
   * Mark the cells a brush circle covers: those whose centre lies inside it, and
   * the cell under the stamp's centre (so a brush smaller than a cell still counts).
   * Work is bounded by the brush size in cells, not the card's pixel size.
   * Returns how many cells became cleared.
   */
  markCircle(cx: number, cy: number, radius: number): number {
    const { cols, rows, cellW, cellH } = this
    let added = 0
    const c0 = Math.max(0, Math.floor((cx - radius) / cellW))
    const c1 = Math.min(cols - 1, Math.floor((cx + radius) / cellW))
    const r0 = Math.max(0, Math.floor((cy - radius) / cellH))
    const r1 = Math.min(rows - 1, Math.floor((cy + radius) / cellH))
    const r2 = radius * radius
    for (let r = r0; r <= r1; r++) {
      const dy = (r + 0.5) * cellH - cy
      for (let c = c0; c <= c1; c++) {
        const dx = (c + 0.5) * cellW - cx
        if (dx * dx + dy * dy <= r2) added += this.clear(c, r)
      }
    }
    const hc = Math.floor(cx / cellW)
    const hr = Math.floor(cy / cellH)
    if (hc >= 0 && hc < cols && hr >= 0 && hr < rows) added += this.clear(hc, hr)
    return added
  }

  /** Whether the cell at column `c`, row `r` is cleared. */
  isCleared(c: number, r: number): boolean {
    return this.cells[r * this.cols + c] === 1
  }

  /** Cleared cells / all cells, 0–1. */
  get coverage(): number {
    return this.cleared / this.cells.length
  }

  /** Whether at least `threshold` (0–1) of the cells are cleared. */
  reached(threshold: number): boolean {
    return this.coverage >= threshold
  }

  /** Every cell covered again (fresh coating). */
  reset(): void {
    this.cells.fill(0)
    this.cleared = 0
  }

  private clear(c: number, r: number): number {
    const i = r * this.cols + c
    if (this.cells[i] === 1) return 0
    this.cells[i] = 1
    this.cleared++
    return 1
  }
}
