/**
 * @module interop/exchange/sheet
 * A table to export, described once by its columns (text header, HXL hashtag, value) and written
 * either as HXL-tagged CSV (header row, then hashtag row: what HXL tools read) or as plain CSV
 * (header row only, for spreadsheets). Values out: no I/O.
 */
import assert from 'node:assert/strict'
import { stringify } from 'csv-stringify/sync'
import { parseTagspec } from '../hxl/tagspec.js'
import { writeHxl } from '../hxl/write-hxl.js'

export const sheetFormats = ['hxl', 'csv'] as const
export type SheetFormat = (typeof sheetFormats)[number]

export interface SheetColumn<T> {
  readonly header: string
  /** A hashtag spec such as `#item+name+i_ja`. */
  readonly hashtag: string
  readonly value: (row: T) => string | number | null | undefined
}

const text = (value: string | number | null | undefined) =>
  value === null || value === undefined ? '' : String(value)

export function writeSheet<T>(
  columns: readonly SheetColumn<T>[],
  rows: readonly T[],
  format: SheetFormat,
): string {
  const values = rows.map((row) => columns.map((column) => text(column.value(row))))
  if (format === 'csv')
    return stringify([columns.map((c) => c.header), ...values], { record_delimiter: '\r\n' })
  return writeHxl(
    columns.map((column) => {
      const spec = parseTagspec(column.hashtag)
      assert(spec, `"${column.hashtag}" is not a hashtag spec`)
      return { header: column.header, ...spec }
    }),
    values.map((cells) => ({ values: cells })),
  )
}

/** A file name for a download: `kizuna-requests-2026-01-02.hxl.csv`. */
export function sheetFileName(what: string, format: SheetFormat, at: Date): string {
  return `kizuna-${what}-${at.toISOString().slice(0, 10)}${format === 'hxl' ? '.hxl' : ''}.csv`
}
