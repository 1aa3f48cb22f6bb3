/**
 * @module interop/hxl/read-hxl
 * Reads a HXL 1.1 dataset (hxlstandard.org): CSV (comma, or tab, semicolon or pipe when the hashtag
 * row splits that way), or the JSON that HXL tools write (`.json`, or JSON in a file not named
 * `.csv`/`.hxl`/`.tsv`) — an array of rows with a hashtag row, or an array of objects keyed by
 * hashtag specs. The hashtag row is the first of the first 25 rows whose
 * non-empty cells are all hashtag specs; the row above it gives the text headers. Columns without a
 * hashtag are not part of the dataset and are left out (`column` keeps each column's place in the
 * file). Cells are trimmed. Bad encoding, a missing or malformed hashtag row and ragged rows refuse
 * the file, naming the line and column. Bytes in, values out: no I/O.
 */
import { parse } from 'csv-parse/sync'
import type { Problem } from '../../domain/problem.js'
import { decodeUtf8, FileProblems } from '../csv/read-table.js'
import {
  explainMissingHashtagRow,
  type GridRow,
  HASHTAG_ROW_WITHIN,
  hashtagScore,
  isHashtagRow,
} from './hashtag-row.js'
import { arrayElementOffsets, jsonErrorOffset } from './json-offsets.js'
import { parseTagspec, type Tagspec } from './tagspec.js'

export interface HxlColumn extends Tagspec {
  /** The text header above the hashtag, or null when there is none. */
  readonly header: string | null
  /** 1-based column in the file (for JSON objects, the key's place among all keys). */
  readonly column: number
}

export interface HxlRow {
  /** 1-based line where the row starts in the file. */
  readonly line: number
  /** One trimmed value per column of the table, in the same order. */
  readonly values: readonly string[]
}

export interface HxlTable {
  readonly columns: readonly HxlColumn[]
  readonly rows: readonly HxlRow[]
  /** 1-based line of the hashtag row (for JSON objects, of the first object). */
  readonly hashtagLine: number
}

export function readHxl(file: string, bytes: Uint8Array): HxlTable {
  const text = decodeUtf8(file, bytes)
  if (/\.json$/i.test(file)) return readJson(file, text)
  // As libhxl does, a file that is not named CSV but holds JSON (e.g. `.txt`) is read as JSON.
  if (!/\.(csv|hxl|tsv|tab)$/i.test(file) && /^\s*[[{]/.test(text)) {
    try {
      JSON.parse(text)
      return readJson(file, text)
    } catch {
      // not JSON after all: read it as CSV below
    }
  }
  return tableFromGrid(file, csvGrid(file, bytes, chooseDelimiter(file, bytes)))
}

// ————— shared: from rows of cells to a table —————

function tableFromGrid(file: string, grid: readonly GridRow[]): HxlTable {
  const first = grid.slice(0, HASHTAG_ROW_WITHIN)
  const at = first.findIndex((row) => isHashtagRow(row.cells))
  const hashtagRow = grid[at]
  if (!hashtagRow) throw new FileProblems(file, explainMissingHashtagRow(first))
  const above = grid[at - 1]
  const columns = hashtagRow.cells.flatMap((cell, i): HxlColumn[] => {
    const spec = parseTagspec(cell)
    return spec ? [{ header: above?.cells[i]?.trim() || null, ...spec, column: i + 1 }] : []
  })
  const width = hashtagRow.cells.length
  const problems: Problem[] = []
  const rows: HxlRow[] = []
  for (const { line, cells } of grid.slice(at + 1)) {
    if (cells.length !== width) {
      problems.push({
        field: 'row',
        line,
        column: Math.min(cells.length, width) + 1,
        message: `expected ${width} cells as in the hashtag row (line ${hashtagRow.line}), found ${cells.length}`,
      })
      continue
    }
    rows.push({ line, values: columns.map((c) => (cells[c.column - 1] ?? '').trim()) })
  }
  if (problems.length > 0) throw new FileProblems(file, problems)
  return { columns, rows, hashtagLine: hashtagRow.line }
}

/**
 * Line numbers of increasing offsets into a text (or its bytes). A line break is \r\n, \n or a lone
 * \r, also inside quoted cells, so a row's line is where an editor shows it.
 */
function lineCounter(codeAt: (i: number) => number | undefined): (offset: number) => number {
  let offset = 0
  let line = 1
  return (target) => {
    for (; offset < target; offset++) {
      const code = codeAt(offset)
      if (code === 0x0a || (code === 0x0d && codeAt(offset + 1) !== 0x0a)) line++
    }
    return line
  }
}

// ————— CSV —————

const DELIMITERS = [',', '\t', ';', '|'] as const

interface ParseInfo {
  record: string[]
  info: { bytes: number }
}

/** Parses CSV bytes (already checked to be UTF-8) into rows with the line where each starts. */
function csvGrid(file: string, bytes: Uint8Array, delimiter: string, rowsMax?: number): GridRow[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const isBreak = (i: number) => buffer[i] === 0x0a || buffer[i] === 0x0d
  let records: ParseInfo[]
  try {
    records = parse(buffer, {
      bom: true,
      delimiter,
      info: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      skip_empty_lines: true,
      ...(rowsMax ? { to: rowsMax } : {}),
    }) as unknown as ParseInfo[]
  } catch (error) {
    const {
      code,
      bytes: offset = 0,
      column = 0,
    } = error as {
      code?: string
      bytes?: number
      column?: number
    }
    let start = offset
    while (isBreak(start)) start++
    throw new FileProblems(file, [
      {
        field: 'csv',
        line: lineCounter((i) => buffer[i])(start),
        column: column + 1,
        message: csvErrorMessage(code),
      },
    ])
  }
  const lineAt = lineCounter((i) => buffer[i])
  let end = 0
  return records.map(({ record, info }) => {
    // A record starts after the previous one and any empty lines skipped after it.
    let start = end
    while (isBreak(start)) start++
    end = info.bytes
    return { line: lineAt(start), cells: record }
  })
}

function csvErrorMessage(code: string | undefined): string {
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted cell starting in this row is never closed: a " is missing'
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'text follows the closing quote of a cell; inside a quoted cell write "" for a quote'
    case 'INVALID_OPENING_QUOTE':
      return 'a quote inside an unquoted cell; quote the whole cell and write "" for the quote'
    default:
      return `not readable as CSV (${code ?? 'syntax error'})`
  }
}

/**
 * Comma unless the first rows split into a hashtag row only with a tab, semicolon or pipe (as
 * libhxl guesses); a `.tsv` or `.tab` file tries tab first. With no hashtag row either way, the split
 * showing the most hashtags, so that problems are reported on sensible cells.
 */
function chooseDelimiter(file: string, bytes: Uint8Array): string {
  const order = /\.(tsv|tab)$/i.test(file)
    ? ['\t', ...DELIMITERS.filter((d) => d !== '\t')]
    : [...DELIMITERS]
  let best = { delimiter: ',', score: -1 }
  for (const delimiter of order) {
    let grid: GridRow[]
    try {
      grid = csvGrid(file, bytes, delimiter, HASHTAG_ROW_WITHIN)
    } catch {
      continue
    }
    if (grid.some((row) => isHashtagRow(row.cells))) return delimiter
    const score = hashtagScore(grid)
    if (score > best.score) best = { delimiter, score }
  }
  return best.delimiter
}

// ————— JSON —————

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** A JSON value as a cell: null is empty, numbers and booleans as written, arrays and objects as JSON. */
function cellText(value: Json | undefined): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

const isObject = (value: Json): value is { [key: string]: Json } =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function readJson(file: string, text: string): HxlTable {
  const lineOf = (offset: number) => lineCounter((i) => text.charCodeAt(i))(offset)
  let parsed: Json
  try {
    parsed = JSON.parse(text) as Json
  } catch (error) {
    const offset = jsonErrorOffset(text)
    throw new FileProblems(file, [
      {
        field: 'json',
        line: offset < 0 ? 1 : lineOf(offset),
        message: `not valid JSON: ${(error as Error).message}`,
      },
    ])
  }
  const shape =
    'expected a JSON array of rows (arrays, with a hashtag row among the first 25) or of objects keyed by hashtags such as "#org"'
  if (!Array.isArray(parsed))
    throw new FileProblems(file, [
      {
        field: 'json',
        line: 1,
        message: `${shape}; found ${isObject(parsed) ? 'an object' : 'a single value'}`,
      },
    ])
  const lineAt = lineCounter((i) => text.charCodeAt(i))
  const lines = arrayElementOffsets(text).map(lineAt)
  const elements = parsed.map((value, i) => ({ value, line: lines[i] ?? 1 }))
  const first = elements[0]
  if (!first)
    throw new FileProblems(file, [
      { field: 'json', line: 1, message: `the array is empty; ${shape}` },
    ])
  const kind = Array.isArray(first.value) ? 'array' : isObject(first.value) ? 'object' : null
  const strays = elements.filter(({ value }) =>
    kind === 'array' ? !Array.isArray(value) : kind === 'object' ? !isObject(value) : true,
  )
  if (strays.length > 0)
    throw new FileProblems(
      file,
      strays.map(({ line }) => ({
        field: 'json',
        line,
        message: kind ? `expected an ${kind} like the first element of the array` : shape,
      })),
    )
  if (kind === 'array')
    return tableFromGrid(
      file,
      elements.map(({ value, line }) => ({ line, cells: (value as Json[]).map(cellText) })),
    )
  return tableFromObjects(
    file,
    elements.map(({ value, line }) => ({ line, object: value as { [key: string]: Json } })),
  )
}

/** Objects keyed by hashtag specs, as `hxl --json-objects` writes them; an empty key is an untagged value. */
function tableFromObjects(
  file: string,
  elements: readonly { line: number; object: { [key: string]: Json } }[],
): HxlTable {
  const keys = new Map<string, number>() // key → line of the first object holding it
  for (const { line, object } of elements)
    for (const key of Object.keys(object)) if (!keys.has(key)) keys.set(key, line)
  const columns: (HxlColumn & { key: string })[] = []
  const bad: Problem[] = []
  ;[...keys].forEach(([key, line], i) => {
    if (!key.trim()) return
    const spec = parseTagspec(key)
    if (spec) columns.push({ header: null, ...spec, column: i + 1, key })
    else
      bad.push({
        field: key,
        line,
        message: `the key "${key}" is not a HXL hashtag; keys must be hashtags such as "#org" or "#adm1+name" (or "" for an untagged value)`,
      })
  })
  const firstLine = elements[0]?.line ?? 1
  if (columns.length === 0) {
    const sample = [...keys.keys()].filter((key) => key.trim()).slice(0, 3)
    throw new FileProblems(file, [
      {
        field: 'hashtag',
        line: firstLine,
        message: `no HXL hashtags among the objects' keys${sample.length ? ` (${sample.map((k) => `"${k}"`).join(', ')} …)` : ''}; keys must be hashtags such as "#org" or "#adm1+name"`,
      },
    ])
  }
  if (bad.length > 0) throw new FileProblems(file, bad)
  return {
    columns: columns.map(({ key: _key, ...column }) => column),
    rows: elements.map(({ line, object }) => ({
      line,
      values: columns.map(({ key }) => cellText(object[key]).trim()),
    })),
    hashtagLine: firstLine,
  }
}
