/**
 * @module interop/exchange/pledge-sheet
 * Pledges (and donations received) as a HXL sheet: one row per pledge, with the pledging
 * organisation, the item or capability, quantity, where and when it is available, and its status.
 * `readPledgeSheet` reads pledges back, refusing a bad value with its line and column.
 */
import type { Problem } from '../../domain/problem.js'
import type { Pledge } from '../../domain/requests/pledge.js'
import { type Capability, capabilities } from '../../domain/requests/request.js'
import { FileProblems } from '../csv/read-table.js'
import { readHxl } from '../hxl/read-hxl.js'
import { findColumn } from '../hxl/tag-pattern.js'
import { formatTagspec } from '../hxl/tagspec.js'
import { prefectureOf } from './admin-areas.js'
import type { SheetLookups } from './lookups.js'
import { type Cell, readTime } from './request-sheet.js'
import type { SheetColumn } from './sheet.js'

export function pledgeColumns(lookups: SheetLookups): SheetColumn<Pledge>[] {
  const item = (p: Pledge) => (p.item ? lookups.item(p.item) : undefined)
  const place = (p: Pledge) => (p.place ? lookups.place(p.place) : undefined)
  const adm1 = (p: Pledge) => {
    const at = place(p)
    return at ? prefectureOf(at.adminCode, at.country) : null
  }
  return [
    { header: 'Pledge', hashtag: '#meta+pledge+id', value: (p) => p.id },
    { header: 'Status', hashtag: '#status', value: (p) => p.status },
    {
      header: 'Unsolicited',
      hashtag: '#meta+unsolicited',
      value: (p) => (p.unsolicited ? 'yes' : 'no'),
    },
    { header: 'Triage', hashtag: '#meta+triage', value: (p) => p.triage },
    {
      header: 'Organisation code',
      hashtag: '#org+code',
      value: (p) => lookups.organisation(p.org)?.code,
    },
    {
      header: 'Organisation',
      hashtag: '#org+name',
      value: (p) => lookups.organisation(p.org)?.nameEn,
    },
    {
      header: 'Operation',
      hashtag: '#crisis+name',
      value: (p) => (p.operation ? lookups.operation(p.operation)?.name : null),
    },
    { header: 'Item code', hashtag: '#item+code', value: (p) => item(p)?.code },
    { header: 'Item', hashtag: '#item+name+i_en', value: (p) => item(p)?.nameEn },
    { header: 'Item (Japanese)', hashtag: '#item+name+i_ja', value: (p) => item(p)?.nameJa },
    { header: 'Capability', hashtag: '#service+code', value: (p) => p.capability },
    { header: 'Description', hashtag: '#service+name', value: (p) => p.description },
    { header: 'Unit', hashtag: '#meta+unit', value: (p) => p.unit ?? item(p)?.unit },
    { header: 'Quantity pledged', hashtag: '#value+pledged', value: (p) => p.quantity },
    { header: 'Available at code', hashtag: '#loc+code', value: (p) => place(p)?.code },
    { header: 'Available at', hashtag: '#loc+name+i_en', value: (p) => place(p)?.nameEn },
    {
      header: 'Available at (Japanese)',
      hashtag: '#loc+name+i_ja',
      value: (p) => place(p)?.nameJa,
    },
    { header: 'Prefecture code', hashtag: '#adm1+code', value: (p) => adm1(p)?.code },
    { header: 'Municipality code', hashtag: '#adm2+code', value: (p) => place(p)?.adminCode },
    { header: 'Available from', hashtag: '#date+start', value: (p) => p.availableFrom },
    { header: 'Available until', hashtag: '#date+end', value: (p) => p.availableUntil },
    { header: 'Conditions', hashtag: '#description+conditions', value: (p) => p.conditions },
    { header: 'Pledged on', hashtag: '#date+reported', value: (p) => p.createdAt },
  ]
}

// ————— reading —————

export interface SheetPledge {
  readonly line: number
  /** The pledge column's value: names the pledge within the pledging organisation. */
  readonly reference: string | null
  readonly org: Cell<string> | null
  readonly operation: Cell<string> | null
  readonly item: Cell<string> | null
  readonly capability: Capability | null
  readonly description: string | null
  readonly quantity: number
  readonly unit: string | null
  readonly place: Cell<string> | null
  readonly availableFrom: string | null
  readonly availableUntil: string | null
  readonly conditions: string | null
}

const PLEDGE_READ = {
  reference: '#meta+pledge',
  org: '#org+code',
  operation: '#crisis+name',
  item: '#item+code',
  capability: '#service+code',
  description: '#service+name',
  unit: '#meta+unit',
  quantity: '#value+pledged',
  place: '#loc+code',
  availableFrom: '#date+start',
  availableUntil: '#date+end',
  conditions: '#description+conditions',
} as const
type PledgeField = keyof typeof PLEDGE_READ

/**
 * Pledges from a HXL sheet, one per row: `#item+code` or `#service+code`, a whole quantity
 * (`#value+pledged`, or a plain `#value`), and optionally the pledging organisation, where
 * (`#loc+code`) and when (`#date+start`, `#date+end`) it is available, and conditions.
 */
export function readPledgeSheet(
  file: string,
  bytes: Uint8Array,
): { pledges: SheetPledge[]; ignored: string[] } {
  const table = readHxl(file, bytes)
  const index = Object.fromEntries(
    (Object.keys(PLEDGE_READ) as PledgeField[]).map((f) => [
      f,
      findColumn(table.columns, PLEDGE_READ[f]),
    ]),
  ) as Record<PledgeField, number>
  if (index.quantity < 0) index.quantity = findColumn(table.columns, '#value')
  const problems: Problem[] = []
  if (index.item < 0 && index.capability < 0)
    problems.push({
      field: '#item+code',
      line: table.hashtagLine,
      message: 'no item or capability column: add #item+code or #service+code',
    })
  if (index.quantity < 0)
    problems.push({
      field: '#value+pledged',
      line: table.hashtagLine,
      message: 'no quantity column: add one tagged #value+pledged',
    })
  if (problems.length > 0) throw new FileProblems(file, problems)
  const used = new Set(Object.values(index).filter((i) => i >= 0))
  const ignored = table.columns.filter((_, i) => !used.has(i)).map((c) => formatTagspec(c))
  const pledges: SheetPledge[] = []
  for (const row of table.rows) {
    const cell = (field: PledgeField): Cell<string> | null => {
      const i = index[field]
      const column = table.columns[i]
      if (i < 0 || !column) return null
      const value = row.values[i] ?? ''
      return value === ''
        ? null
        : { value, line: row.line, column: column.column, hashtag: formatTagspec(column) }
    }
    const bad = (c: Cell<string>, message: string) =>
      problems.push({ field: c.hashtag, line: c.line, column: c.column, message })
    if ((Object.keys(PLEDGE_READ) as PledgeField[]).every((f) => !cell(f))) continue
    const before = problems.length
    const item = cell('item')
    const capabilityCell = cell('capability')
    const capability = capabilityCell?.value.toLowerCase() as Capability | undefined
    if (item && capabilityCell)
      bad(capabilityCell, 'a pledge offers an item or a capability, not both: split it in two rows')
    else if (!item && !capabilityCell)
      problems.push({
        field: '#item+code',
        line: row.line,
        message: 'the pledge names no item (#item+code) and no capability (#service+code)',
      })
    else if (capabilityCell && capability && !capabilities.includes(capability))
      bad(
        capabilityCell,
        `"${capabilityCell.value}" is not a capability; expected one of ${capabilities.join(', ')}`,
      )
    const quantityCell = cell('quantity')
    const quantity = Number(quantityCell?.value)
    if (!quantityCell)
      problems.push({ field: '#value+pledged', line: row.line, message: 'the quantity is empty' })
    else if (!Number.isInteger(quantity) || quantity <= 0 || quantity > 1_000_000_000)
      bad(quantityCell, `"${quantityCell.value}" is not a whole number greater than 0`)
    const time = (field: 'availableFrom' | 'availableUntil') => {
      const c = cell(field)
      if (!c) return null
      const value = readTime(c.value)
      if (!value) bad(c, `"${c.value}" is not a date (2026-01-05) or a date and time with offset`)
      return value
    }
    const availableFrom = time('availableFrom')
    const availableUntil = time('availableUntil')
    if (availableFrom && availableUntil && availableUntil < availableFrom)
      bad(
        cell('availableUntil') as Cell<string>,
        'the pledge stops being available before it starts',
      )
    if (problems.length > before) continue
    pledges.push({
      line: row.line,
      reference: cell('reference')?.value ?? null,
      org: cell('org'),
      operation: cell('operation'),
      item,
      capability: capabilityCell ? (capability as Capability) : null,
      description: cell('description')?.value ?? null,
      quantity,
      unit: cell('unit')?.value ?? null,
      place: cell('place'),
      availableFrom,
      availableUntil,
      conditions: cell('conditions')?.value ?? null,
    })
  }
  if (problems.length > 0) throw new FileProblems(file, problems)
  if (pledges.length === 0)
    throw new FileProblems(file, [
      { field: 'row', line: table.hashtagLine, message: 'no pledges under the hashtag row' },
    ])
  return { pledges, ignored }
}
