/**
 * @module interop/hxl/hashtag-row
 * Finds the HXL hashtag row among a file's first rows, or explains why there is none: the row that
 * looks most like a hashtag row has its bad cells named by column, and a row of hashtags written
 * without `#` is pointed out.
 */
import type { Problem } from '../../domain/problem.js'
import { parseTagspec } from './tagspec.js'

/** HXL 1.1: the hashtag row must be within the first 25 rows (libhxl looks no further). */
export const HASHTAG_ROW_WITHIN = 25

/** A row of a CSV file or of a JSON array of arrays, as written: cells are not yet trimmed. */
export interface GridRow {
  /** 1-based line where the row starts. */
  readonly line: number
  readonly cells: readonly string[]
}

const nonEmpty = (cells: readonly string[]) =>
  cells.flatMap((cell, i) => (cell.trim() ? [{ text: cell.trim(), column: i + 1 }] : []))

/** A hashtag row has at least one non-empty cell, and every non-empty cell is a hashtag spec. */
export function isHashtagRow(cells: readonly string[]): boolean {
  const filled = nonEmpty(cells)
  return filled.length > 0 && filled.every((cell) => parseTagspec(cell.text) !== null)
}

/** The most cells starting with `#` in any one row: how much a split of the file looks like HXL. */
export function hashtagScore(rows: readonly GridRow[]): number {
  return Math.max(
    0,
    ...rows.map((row) => nonEmpty(row.cells).filter((c) => c.text.startsWith('#')).length),
  )
}

const EXAMPLE = 'such as #org, #adm1+name or #affected+f+children'

function cellProblem(text: string, line: number, column: number): Problem {
  const message = text.startsWith('#')
    ? `"${text}" is not a valid HXL hashtag: write # and a letter, then letters, digits or _, and attributes the same way after + (${EXAMPLE}); no spaces or accents inside`
    : parseTagspec(`#${text}`)
      ? `"${text}" is not a hashtag, unlike the other cells on this line; did you mean "#${text}"?`
      : `"${text}" is not a hashtag, unlike the other cells on this line; a hashtag row holds only hashtags and empty cells`
  return { field: 'hashtag', line, column, message }
}

/** Why none of these rows (the first 25) is a hashtag row: one problem per bad cell, or one for the file. */
export function explainMissingHashtagRow(rows: readonly GridRow[]): Problem[] {
  if (rows.length === 0)
    return [
      {
        field: 'hashtag',
        line: 1,
        message: `the file is empty; expected a HXL hashtag row ${EXAMPLE}`,
      },
    ]
  // The row most like a hashtag row: at least half its filled cells start with '#', the most such cells.
  let likeliest: { row: GridRow; hashes: number } | null = null
  for (const row of rows) {
    const filled = nonEmpty(row.cells)
    const hashes = filled.filter((cell) => cell.text.startsWith('#')).length
    if (hashes > 0 && hashes * 2 >= filled.length && hashes > (likeliest?.hashes ?? 0))
      likeliest = { row, hashes }
  }
  if (likeliest) {
    const { row } = likeliest
    return nonEmpty(row.cells)
      .filter((cell) => parseTagspec(cell.text) === null)
      .map((cell) => cellProblem(cell.text, row.line, cell.column))
  }
  // Hashtags written without '#', e.g. `sector+es,org+es`.
  for (const row of rows) {
    const filled = nonEmpty(row.cells)
    const first = filled[0]
    if (
      first &&
      filled.every((cell) => parseTagspec(`#${cell.text}`)) &&
      filled.some((cell) => cell.text.includes('+'))
    )
      return [
        {
          field: 'hashtag',
          line: row.line,
          column: first.column,
          message: `no HXL hashtag row in the first ${HASHTAG_ROW_WITHIN} rows; this line looks like hashtags without "#" (write "#${first.text}")`,
        },
      ]
  }
  const last = rows[rows.length - 1]
  return [
    {
      field: 'hashtag',
      line: rows[0]?.line ?? 1,
      message: `no HXL hashtag row in the first ${HASHTAG_ROW_WITHIN} rows (lines ${rows[0]?.line ?? 1}–${last?.line ?? 1}); under the text headers, add a row of hashtags ${EXAMPLE}`,
    },
  ]
}
