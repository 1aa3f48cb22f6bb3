/**
 * @module interop/hxl/write-hxl
 * Writes a HXL dataset as CSV: the text header row (Kizuna writes English headers), the hashtag
 * row, then the data, quoted as RFC 4180 says, with CRLF line ends. `readHxl` reads the result back
 * to the same columns and (trimmed) values. Malformed input is a programmer error and throws.
 */
import assert from 'node:assert/strict'
import { isHashtagRow } from './hashtag-row.js'
import { formatTagspec, parseTagspec, type Tagspec, TOKEN } from './tagspec.js'

export interface HxlColumnOut extends Tagspec {
  /** The text header; null writes an empty cell. */
  readonly header: string | null
}

const TOKEN_ONLY = new RegExp(`^${TOKEN}$`)

/** A cell as RFC 4180 wants it: quoted when it holds a comma, quote or line break. */
const cell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value)

/** One record; a record of a single empty cell is written `""` so that it is not an empty line. */
const record = (values: readonly string[]) =>
  values.length === 1 && values[0] === '' ? '""' : values.map(cell).join(',')

export function writeHxl(
  columns: readonly HxlColumnOut[],
  rows: readonly { readonly values: readonly string[] }[],
): string {
  assert(columns.length > 0, 'writeHxl needs at least one column')
  const hashtags = columns.map((column) => {
    const text = formatTagspec(column)
    const spec = parseTagspec(text)
    assert(
      spec &&
        TOKEN_ONLY.test(column.tag.slice(1)) &&
        column.attributes.every((a) => TOKEN_ONLY.test(a)),
      `"${text}" is not a HXL hashtag spec such as #item+name`,
    )
    return formatTagspec(spec)
  })
  const headers = columns.map((column) => column.header ?? '')
  // A text header row that reads as hashtags would be taken for the hashtag row.
  assert(
    !isHashtagRow(headers),
    `the text headers ${headers.join(', ')} are all hashtags; a reader would take them for the hashtag row`,
  )
  const lines = [record(headers), record(hashtags)]
  rows.forEach(({ values }, i) => {
    assert(
      values.length === columns.length,
      `row ${i + 1} has ${values.length} values for ${columns.length} columns`,
    )
    lines.push(record(values))
  })
  return `${lines.join('\r\n')}\r\n`
}
