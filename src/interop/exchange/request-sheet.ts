/**
 * @module interop/exchange/request-sheet
 * Requests for assistance as a HXL sheet: one row per request line, with the request's code, status,
 * organisation, destination (place, prefecture, municipality), the line's item or capability,
 * quantities requested, planned, dispatched and delivered, and its needed-by time.
 * `readRequestSheet` reads such a sheet back into request drafts, grouped by the request column
 * (else by destination, organisation and needed-by), refusing a bad value with its line and column.
 * Codes are not resolved here (the use case does, with the caller's releasability).
 */
import type { Problem } from '../../domain/problem.js'
import {
  type Capability,
  capabilities,
  type Priority,
  priorities,
  type Request,
  type RequestLine,
} from '../../domain/requests/request.js'
import { FileProblems } from '../csv/read-table.js'
import { type HxlColumn, readHxl } from '../hxl/read-hxl.js'
import { findColumn } from '../hxl/tag-pattern.js'
import { formatTagspec } from '../hxl/tagspec.js'
import { prefectureOf } from './admin-areas.js'
import type { SheetLookups } from './lookups.js'
import type { SheetColumn } from './sheet.js'

export interface RequestLineRow {
  readonly request: Request
  readonly line: RequestLine
}

type Column = SheetColumn<RequestLineRow>

export function requestColumns(lookups: SheetLookups): Column[] {
  const place = (row: RequestLineRow) => lookups.place(row.request.destination)
  const item = (row: RequestLineRow) =>
    row.line.kind === 'item' ? lookups.item(row.line.item) : undefined
  const adm1 = (row: RequestLineRow) => {
    const p = place(row)
    return p ? prefectureOf(p.adminCode, p.country) : null
  }
  const quantity = (row: RequestLineRow, field: 'quantityPlanned' | 'quantityDispatched') =>
    row.line.kind === 'item' ? row.line[field] : null
  return [
    { header: 'Request', hashtag: '#meta+request+code', value: (r) => r.request.code },
    { header: 'Status', hashtag: '#status', value: (r) => r.request.status },
    {
      header: 'Organisation code',
      hashtag: '#org+code',
      value: (r) => lookups.organisation(r.request.org)?.code,
    },
    {
      header: 'Organisation',
      hashtag: '#org+name',
      value: (r) => lookups.organisation(r.request.org)?.nameEn,
    },
    {
      header: 'Operation',
      hashtag: '#crisis+name',
      value: (r) => (r.request.operation ? lookups.operation(r.request.operation)?.name : null),
    },
    { header: 'Destination code', hashtag: '#loc+code', value: (r) => place(r)?.code },
    { header: 'Destination', hashtag: '#loc+name+i_en', value: (r) => place(r)?.nameEn },
    { header: 'Destination (Japanese)', hashtag: '#loc+name+i_ja', value: (r) => place(r)?.nameJa },
    { header: 'Prefecture code', hashtag: '#adm1+code', value: (r) => adm1(r)?.code },
    { header: 'Prefecture', hashtag: '#adm1+name', value: (r) => adm1(r)?.nameEn },
    { header: 'Municipality code', hashtag: '#adm2+code', value: (r) => place(r)?.adminCode },
    { header: 'Municipality', hashtag: '#adm2+name', value: (r) => place(r)?.municipality },
    { header: 'Priority', hashtag: '#priority', value: (r) => r.line.priority },
    { header: 'Item code', hashtag: '#item+code', value: (r) => item(r)?.code },
    { header: 'Item', hashtag: '#item+name+i_en', value: (r) => item(r)?.nameEn },
    { header: 'Item (Japanese)', hashtag: '#item+name+i_ja', value: (r) => item(r)?.nameJa },
    {
      header: 'Capability',
      hashtag: '#service+code',
      value: (r) => (r.line.kind === 'capability' ? r.line.capability : null),
    },
    {
      header: 'Capability description',
      hashtag: '#service+name',
      value: (r) => (r.line.kind === 'capability' ? r.line.description : null),
    },
    {
      header: 'Unit',
      hashtag: '#meta+unit',
      value: (r) => (r.line.kind === 'capability' ? r.line.unit : item(r)?.unit),
    },
    { header: 'Quantity requested', hashtag: '#need+num', value: (r) => r.line.quantity },
    {
      header: 'Quantity planned',
      hashtag: '#value+planned',
      value: (r) => quantity(r, 'quantityPlanned'),
    },
    {
      header: 'Quantity dispatched',
      hashtag: '#value+dispatched',
      value: (r) => quantity(r, 'quantityDispatched'),
    },
    {
      header: 'Quantity delivered',
      hashtag: '#value+delivered',
      value: (r) => (r.line.kind === 'item' ? r.line.quantityDelivered : null),
    },
    {
      header: 'Line status',
      hashtag: '#status+line',
      value: (r) => (r.line.kind === 'capability' ? r.line.status : null),
    },
    {
      header: 'Needed by',
      hashtag: '#date+needed',
      // In UTC like the request's own, whatever offset the line was given with.
      value: (r) =>
        r.line.neededBy ? new Date(r.line.neededBy).toISOString() : r.request.neededBy,
    },
    { header: 'Requested on', hashtag: '#date+requested', value: (r) => r.request.createdAt },
    { header: 'Justification', hashtag: '#description', value: (r) => r.request.justification },
  ]
}

export const requestLineRows = (requests: readonly Request[]): RequestLineRow[] =>
  requests.flatMap((request) => request.lines.map((line) => ({ request, line })))

// ————— reading —————

/** Where a value was read, for problems found later (e.g. an unknown code). */
export interface Cell<T> {
  readonly value: T
  readonly line: number
  /** 1-based column in the file; absent when the column is not in the file. */
  readonly column?: number | undefined
  readonly hashtag: string
}

export interface SheetLine {
  readonly line: number
  readonly priority: Priority
  readonly item: Cell<string> | null
  readonly capability: Capability | null
  readonly description: string | null
  readonly quantity: number | null
  readonly unit: string | null
  readonly neededBy: string
}

export interface SheetRequest {
  /** The request column's value, or null when grouped by destination, organisation and needed-by. */
  readonly reference: string | null
  readonly destination: Cell<string>
  readonly org: Cell<string> | null
  readonly operation: Cell<string> | null
  readonly justification: string | null
  /** The earliest of the lines' needed-by times. */
  readonly neededBy: string
  readonly lines: readonly SheetLine[]
}

export interface RequestSheet {
  readonly requests: readonly SheetRequest[]
  /** Hashtags of columns the import does not read (Kizuna's own exports have some: status, names …). */
  readonly ignored: string[]
}

/** The columns the import reads, by the hashtag pattern that finds them. */
const READ = {
  reference: '#meta+request',
  org: '#org+code',
  operation: '#crisis+name',
  destination: '#loc+code',
  priority: '#priority',
  item: '#item+code',
  capability: '#service+code',
  description: '#service+name',
  unit: '#meta+unit',
  quantity: '#need+num',
  neededBy: '#date+needed',
  justification: '#description',
} as const
type Field = keyof typeof READ

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/

/** ISO 8601 date-time with an offset, or a date (read as 00:00 UTC that day); null when neither. */
export function readTime(text: string): string | null {
  const value = DATE_ONLY.test(text) ? `${text}T00:00:00Z` : DATE_TIME.test(text) ? text : null
  if (!value) return null
  const ms = Date.parse(value)
  // Date.parse rolls 2026-02-31 over to March 3: the day written must exist.
  const day = value.slice(0, 10)
  if (Number.isNaN(ms) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day)
    return null
  return new Date(ms).toISOString()
}

export function readRequestSheet(file: string, bytes: Uint8Array, now: Date): RequestSheet {
  const table = readHxl(file, bytes)
  const index = Object.fromEntries(
    (Object.keys(READ) as Field[]).map((field) => [field, findColumn(table.columns, READ[field])]),
  ) as Record<Field, number>
  // The quantity may also be tagged plainly `#need`, when no `#need+num` column is there.
  if (index.quantity < 0) index.quantity = findColumn(table.columns, '#need')
  const problems: Problem[] = []
  const header = (field: string, message: string) =>
    problems.push({ field, line: table.hashtagLine, message })
  if (index.destination < 0)
    header('#loc+code', 'no destination column: add one tagged #loc+code (a place code)')
  if (index.neededBy < 0)
    header('#date+needed', 'no needed-by column: add one tagged #date+needed (e.g. 2026-01-05)')
  if (index.priority < 0)
    header('#priority', `no priority column: add one tagged #priority (${priorities.join(', ')})`)
  if (index.item < 0 && index.capability < 0)
    header(
      '#item+code',
      'no item or capability column: add #item+code (with a quantity tagged #need+num) or #service+code',
    )
  if (index.item >= 0 && index.quantity < 0)
    header('#need+num', 'no quantity column for the items: add one tagged #need+num')
  if (problems.length > 0) throw new FileProblems(file, problems)
  if (table.rows.length === 0)
    throw new FileProblems(file, [
      { field: 'row', line: table.hashtagLine, message: 'no rows under the hashtag row' },
    ])

  const used = new Set(Object.values(index).filter((i) => i >= 0))
  const ignored = table.columns.filter((_, i) => !used.has(i)).map((c) => formatTagspec(c))
  const lines: GroupedLine[] = []
  for (const row of table.rows) {
    const before = problems.length
    const cell = (field: Field): Cell<string> | null => {
      const i = index[field]
      if (i < 0) return null
      const column = table.columns[i] as HxlColumn
      return {
        value: row.values[i] ?? '',
        line: row.line,
        column: column.column,
        hashtag: formatTagspec(column),
      }
    }
    const bad = (c: Cell<string>, message: string) =>
      problems.push({ field: c.hashtag, line: c.line, column: c.column, message })
    const filled = (field: Field) => {
      const c = cell(field)
      return c && c.value !== '' ? c : null
    }
    // A row with nothing in the columns read is a spacer, as spreadsheets leave them.
    if ((Object.keys(READ) as Field[]).every((field) => !filled(field))) continue

    const destination = cell('destination') as Cell<string>
    if (!destination.value) bad(destination, 'the destination place code is empty')
    const when = cell('neededBy') as Cell<string>
    const neededBy = readTime(when.value)
    if (!neededBy)
      bad(
        when,
        `"${when.value}" is not a time: write a date (2026-01-05) or a date and time with offset (2026-01-05T09:00+09:00)`,
      )
    else if (Date.parse(neededBy) <= now.getTime())
      bad(when, `${when.value} is not after now (${now.toISOString()}): a need lies ahead`)
    const priorityCell = cell('priority') as Cell<string>
    const priority = priorityCell.value.toLowerCase() as Priority
    if (!priorities.includes(priority))
      bad(
        priorityCell,
        `"${priorityCell.value}" is not a priority; expected one of ${priorities.join(', ')}`,
      )
    const item = filled('item')
    const capabilityCell = filled('capability')
    const capability = capabilityCell?.value.toLowerCase() as Capability | undefined
    if (item && capabilityCell)
      bad(capabilityCell, 'a line asks for an item or a capability, not both: split it in two rows')
    else if (!item && !capabilityCell) {
      const where = cell('item') ?? (cell('capability') as Cell<string>)
      bad(where, 'the line names no item (#item+code) and no capability (#service+code)')
    } else if (capabilityCell && capability && !capabilities.includes(capability))
      bad(
        capabilityCell,
        `"${capabilityCell.value}" is not a capability; expected one of ${capabilities.join(', ')}`,
      )
    const quantityCell = cell('quantity')
    let quantity: number | null = null
    if (quantityCell && quantityCell.value !== '') {
      quantity = Number(quantityCell.value)
      const whole = item !== null
      if (!Number.isFinite(quantity) || quantity <= 0 || (whole && !Number.isInteger(quantity)))
        bad(
          quantityCell,
          `"${quantityCell.value}" is not a quantity: ${whole ? "a whole number of the item's base unit" : 'a number'} greater than 0`,
        )
      else if (quantity > 1_000_000_000) bad(quantityCell, 'more than 1,000,000,000')
    } else if (item && quantityCell) bad(quantityCell, 'the quantity of the item is empty')
    if (problems.length > before) continue
    const text = (field: Field) => filled(field)?.value ?? null
    lines.push({
      line: row.line,
      priority,
      item,
      capability: capabilityCell ? (capability as Capability) : null,
      description: capabilityCell ? (text('description') ?? (capability as string)) : null,
      quantity,
      unit: text('unit'),
      neededBy: neededBy as string,
      group: {
        reference: text('reference'),
        destination,
        org: filled('org'),
        operation: filled('operation'),
        justification: text('justification'),
      },
    })
  }
  if (problems.length > 0) throw new FileProblems(file, problems)
  return { requests: groupLines(file, lines), ignored }
}

type GroupedLine = SheetLine & { group: Omit<SheetRequest, 'lines' | 'neededBy'> }

/** By the request column when it is filled, else by destination, organisation and needed-by. */
function groupLines(file: string, lines: readonly GroupedLine[]): SheetRequest[] {
  const groups = new Map<string, GroupedLine[]>()
  for (const line of lines) {
    const g = line.group
    const key =
      g.reference !== null
        ? `ref\u0000${g.reference}`
        : `auto\u0000${g.destination.value}\u0000${g.org?.value ?? ''}\u0000${line.neededBy}`
    groups.set(key, [...(groups.get(key) ?? []), line])
  }
  const problems: Problem[] = []
  const requests = [...groups.values()].map((members): SheetRequest => {
    const first = members[0] as GroupedLine
    const g = first.group
    for (const other of members.slice(1)) {
      const o = other.group
      const differs = (a: Cell<string> | null, b: Cell<string> | null, what: string) => {
        if ((a?.value ?? '') !== (b?.value ?? '') && b)
          problems.push({
            field: b.hashtag,
            line: b.line,
            column: b.column,
            message: `request ${g.reference} has ${what} "${a?.value ?? ''}" on line ${first.line}; one request has one ${what}`,
          })
      }
      differs(g.destination, o.destination, 'destination')
      differs(g.org, o.org, 'organisation')
      differs(g.operation, o.operation, 'operation')
    }
    const neededBy = members.map((m) => m.neededBy).sort()[0] as string
    return {
      ...g,
      justification: members.find((m) => m.group.justification)?.group.justification ?? null,
      neededBy,
      lines: members.map(({ group: _group, ...line }) => line),
    }
  })
  if (problems.length > 0) throw new FileProblems(file, problems)
  return requests
}
