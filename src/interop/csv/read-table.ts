/**
 * @module interop/csv/read-table
 * Reads a UTF-8 CSV file into rows keyed by header, refusing bad encoding, missing columns and ragged
 * rows with the line and column where each was found. Text in, values out: no I/O.
 */
import { parse } from 'csv-parse/sync'
import type { Problem } from '../../domain/problem.js'

export interface TableRow {
  /** 1-based line where the record starts in the file. */
  readonly line: number
  readonly values: Readonly<Record<string, string>>
}

export interface Table {
  readonly header: readonly string[]
  readonly rows: readonly TableRow[]
}

export class FileProblems extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly Problem[],
  ) {
    const first = problems[0]
    super(
      first
        ? `${file}: line ${first.line ?? '?'}${first.column ? `, column ${first.column}` : ''} (${first.field}): ${first.message}${problems.length > 1 ? ` — and ${problems.length - 1} more problem(s)` : ''}`
        : `${file}: refused`,
    )
    this.name = 'FileProblems'
  }
}

/** Decodes strict UTF-8 or names the first line holding bytes that are not UTF-8 (e.g. Shift_JIS). */
export function decodeUtf8(file: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    const decoder = new TextDecoder('utf-8', { fatal: true })
    let line = 1
    let start = 0
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        try {
          decoder.decode(bytes.subarray(start, i))
        } catch {
          throw new FileProblems(file, [
            {
              field: 'encoding',
              line,
              message: 'this line is not valid UTF-8; save the file as UTF-8 (Excel: "CSV UTF-8")',
            },
          ])
        }
        line++
        start = i + 1
      }
    }
    throw new FileProblems(file, [
      { field: 'encoding', line: 1, message: 'the file is not valid UTF-8' },
    ])
  }
}

export function readTable(file: string, bytes: Uint8Array, required: readonly string[]): Table {
  const text = decodeUtf8(file, bytes)
  let records: { record: string[]; info: { lines: number } }[]
  try {
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as typeof records
  } catch (error) {
    const info = error as { lines?: number; message?: string }
    throw new FileProblems(file, [
      {
        field: 'csv',
        line: info.lines ?? 1,
        message: `not readable as CSV: ${info.message ?? 'syntax error'}`,
      },
    ])
  }
  const [head, ...body] = records
  if (!head)
    throw new FileProblems(file, [
      {
        field: 'header',
        line: 1,
        message: `the file is empty; expected a header with ${required.join(', ')}`,
      },
    ])
  const header = head.record.map((name) => name.trim())
  const missing = required.filter((name) => !header.includes(name))
  if (missing.length > 0) {
    throw new FileProblems(
      file,
      missing.map((name) => ({
        field: name,
        line: 1,
        message: `missing column "${name}"; the header needs ${required.join(', ')}`,
      })),
    )
  }
  const problems: Problem[] = []
  const rows: TableRow[] = []
  let crlfInFields = 0
  for (const { record, info } of body) {
    // csv-parse counts the line where a record ends, and counts a CRLF inside a quoted field as two.
    const fields = record.join(',')
    crlfInFields += fields.match(/\r\n/g)?.length ?? 0
    const line = info.lines - crlfInFields - (fields.match(/\r\n|\r|\n/g)?.length ?? 0)
    if (record.length !== header.length) {
      problems.push({
        field: 'row',
        line,
        column: Math.min(record.length, header.length) + 1,
        message: `expected ${header.length} fields as in the header, found ${record.length}`,
      })
      continue
    }
    rows.push({
      line,
      values: Object.fromEntries(header.map((name, i) => [name, (record[i] ?? '').trim()])),
    })
  }
  if (problems.length > 0) throw new FileProblems(file, problems)
  return { header, rows }
}

/** Helpers that turn one cell into a value or a problem naming the line and column. */
export function cellReader(header: readonly string[], row: TableRow, problems: Problem[]) {
  const column = (name: string) => header.indexOf(name) + 1
  const at = (name: string, message: string) =>
    problems.push({ field: name, line: row.line, column: column(name), message })
  return {
    text(name: string): string | null {
      const value = row.values[name]
      return value === undefined || value === '' ? null : value
    },
    required(name: string): string {
      const value = row.values[name]
      if (value === undefined || value === '') {
        at(name, 'a value is required')
        return ''
      }
      return value
    },
    integer(name: string, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number | null {
      const value = row.values[name]
      if (value === undefined || value === '') return null
      // Plain digits, optionally grouped by thousands (1,371): no hex, no exponents, no stray commas.
      const n = /^-?(\d+|\d{1,3}(,\d{3})+)$/.test(value)
        ? Number(value.replace(/,/g, ''))
        : Number.NaN
      if (!Number.isInteger(n) || n < min || n > max) {
        at(name, `"${value}" is not a whole number from ${min} to ${max}`)
        return null
      }
      return n
    },
    decimal(name: string, min: number, max: number): number {
      const value = row.values[name] ?? ''
      const n = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(value) ? Number(value) : Number.NaN
      if (value === '' || !Number.isFinite(n) || n < min || n > max) {
        at(name, `"${value}" is not a number from ${min} to ${max}`)
        return 0
      }
      return n
    },
    json(name: string): Record<string, unknown> {
      const value = row.values[name]
      if (value === undefined || value === '') return {}
      try {
        const parsed: unknown = JSON.parse(value)
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
          return parsed as Record<string, unknown>
      } catch {
        // fall through to the problem below
      }
      at(name, 'expected a JSON object such as {"iata":"KMQ"}')
      return {}
    },
    problem: at,
  }
}
