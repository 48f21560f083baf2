/** Plain-text table rows with fixed column widths, printed as they come. */

const WIDTHS = [34, 16, 16, 12] as const

/** One line: each cell padded to its column's width, the last cell as is. */
export const line = (...cells: ReadonlyArray<string>): string =>
  cells.map((cell, i) => (i < cells.length - 1 ? cell.padEnd(WIDTHS[i] ?? 12) : cell)).join(" ").trimEnd()

/** A number with thousands separators and `digits` decimals. */
export const num = (value: number, digits = 0): string =>
  Number.isFinite(value)
    ? value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : "n/a"

export const print = (text = ""): void => void process.stdout.write(`${text}\n`)

/** A share in percent, or n/a. */
export const percent = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(0)}%` : "n/a")

/** ours / theirs with two decimals, or n/a. */
export const ratio = (ours: number, theirs: number): string => (Number.isFinite(ours / theirs) ? (ours / theirs).toFixed(2) : "n/a")

/** Whether a target was met, as the report says it. */
export const verdict = (met: boolean): string => (met ? "met" : "NOT met")
