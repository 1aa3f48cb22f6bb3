/**
 * @module interop/catalog/read-items
 * Reads catalog items from Kizuna's CSV (data/items.csv), from JSON (an array as `kizuna export items`
 * writes it), or from the IFRC catalogue CSV (item code, description, dimensions, weight). Every row is
 * checked by the domain's rules; one bad row refuses the whole file, naming its line and column.
 */
import {
  checkItem,
  type ItemCategory,
  type ItemFields,
  type KitComponent,
} from '../../domain/catalog/item.js'
import type { Problem } from '../../domain/problem.js'
import { cellReader, decodeUtf8, FileProblems, readTable } from '../csv/read-table.js'

export interface ItemRow extends ItemFields {
  readonly line: number
}

const KIZUNA_COLUMNS = ['code', 'name_en', 'category', 'unit'] as const
const IFRC_COLUMNS = ['item code', 'item description', 'volume litre', 'weight kg'] as const

function parseKit(text: string | null, report: (message: string) => void): KitComponent[] {
  if (!text) return []
  const components: KitComponent[] = []
  for (const part of text
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^(.+)\*(\d+)$/.exec(part)
    if (!match?.[1] || !match[2]) {
      report(`"${part}" is not a component; write CODE*QUANTITY, e.g. KZ-WASH-001*2`)
      continue
    }
    components.push({ code: match[1].trim(), quantity: Number(match[2]) })
  }
  return components
}

function finish(
  file: string,
  rows: ItemRow[],
  problems: Problem[],
  columns: readonly string[],
): ItemRow[] {
  const seen = new Map<string, number>()
  for (const row of rows) {
    for (const problem of checkItem(row)) {
      // `components[2].quantity` is in the kit column; a cell already reported empty is not reported twice.
      const column = columns.indexOf(problem.field.replace(/\[.*$/, '')) + 1 || undefined
      const reported = problems.some(
        (p) => p.line === row.line && (p.column === column || p.field === problem.field),
      )
      if (!reported) problems.push({ ...problem, line: row.line, ...(column ? { column } : {}) })
    }
    const first = seen.get(row.code)
    const codeColumn = columns.indexOf('code') + 1
    if (first !== undefined)
      problems.push({
        field: 'code',
        line: row.line,
        ...(codeColumn > 0 ? { column: codeColumn } : {}),
        message: `duplicate code "${row.code}", first on line ${first}`,
      })
    else seen.set(row.code, row.line)
  }
  if (problems.length > 0)
    throw new FileProblems(
      file,
      problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
    )
  return rows
}

/** Kizuna's own CSV: code,name_en,name_ja,category,unit,unit_weight_g,unit_volume_ml,shelf_life_days,ifrc_code,kit[,group] */
export function readItemsCsv(file: string, bytes: Uint8Array): ItemRow[] {
  const table = readTable(file, bytes, KIZUNA_COLUMNS)
  const problems: Problem[] = []
  const rows = table.rows.map((row): ItemRow => {
    const cell = cellReader(table.header, row, problems)
    return {
      line: row.line,
      code: cell.required('code'),
      nameEn: cell.required('name_en'),
      nameJa: cell.text('name_ja'),
      category: cell.required('category') as ItemCategory,
      group: cell.text('group'),
      unit: cell.required('unit'),
      unitWeightG: cell.integer('unit_weight_g'),
      unitVolumeMl: cell.integer('unit_volume_ml'),
      shelfLifeDays: cell.integer('shelf_life_days', { min: 1 }),
      ifrcCode: cell.text('ifrc_code'),
      components: parseKit(cell.text('kit'), (message) => cell.problem('kit', message)),
    }
  })
  const columns = table.header.map(
    (name) =>
      ({
        name_en: 'nameEn',
        unit_weight_g: 'unitWeightG',
        unit_volume_ml: 'unitVolumeMl',
        shelf_life_days: 'shelfLifeDays',
        kit: 'components',
      })[name] ?? name,
  )
  return finish(file, rows, problems, columns)
}

/** IFRC group letters → Kizuna categories. Groups the hub does not stock as relief fall into `other`. */
const ifrcCategories: Record<string, ItemCategory> = {
  F: 'food',
  W: 'wash',
  H: 'shelter',
  K: 'nfi',
  D: 'health',
  M: 'health',
  X: 'health',
  V: 'health',
  T: 'logistics',
  C: 'logistics',
  E: 'logistics',
  U: 'logistics',
}

export interface IfrcFamilies {
  /** Group code → description, e.g. H → Housing. */
  readonly groups: ReadonlyMap<string, string>
  /** Group + family code → description, e.g. HSHE → Shelter. */
  readonly families: ReadonlyMap<string, string>
}

/** The IFRC category file: GROUP_CODE, GROUP_DESCRIPTION, FAM, FAMILY_DESCRITPION (sic). */
export function readIfrcFamilies(file: string, bytes: Uint8Array): IfrcFamilies {
  const table = readTable(file, bytes, ['GROUP_CODE', 'GROUP_DESCRIPTION', 'FAM'])
  const groups = new Map<string, string>()
  const families = new Map<string, string>()
  for (const row of table.rows) {
    const group = row.values.GROUP_CODE ?? ''
    groups.set(group, row.values.GROUP_DESCRIPTION ?? '')
    families.set(
      `${group}${row.values.FAM ?? ''}`,
      row.values.FAMILY_DESCRITPION ?? row.values.FAMILY_DESCRIPTION ?? '',
    )
  }
  return { groups, families }
}

function ifrcGroup(code: string, families: IfrcFamilies | null): string | null {
  if (!families) return null
  const group = families.groups.get(code.slice(0, 1))
  const family = families.families.get(code.slice(0, 4))
  return [group, family].filter(Boolean).join(' / ') || null
}

/** kg → g, litres → ml, rounded as the decimal reads (0.5085 L → 509 ml, not 508 from binary floating point). */
function thousandths(value: number): number {
  return Math.round(Number((value * 1000).toPrecision(12)))
}

/** The IFRC catalogue (EIC or standard) as Sahana Eden ships it. Zero weight or volume means "not given". */
export function readIfrcItemsCsv(
  file: string,
  bytes: Uint8Array,
  families: IfrcFamilies | null = null,
): ItemRow[] {
  const table = readTable(file, bytes, IFRC_COLUMNS)
  const problems: Problem[] = []
  const rows = table.rows.map((row): ItemRow => {
    const cell = cellReader(table.header, row, problems)
    const code = cell.required('item code')
    const kg = cell.decimal('weight kg', 0, 100_000)
    const litres = cell.decimal('volume litre', 0, 1_000_000)
    return {
      line: row.line,
      code,
      nameEn: cell.required('item description'),
      nameJa: null,
      category: ifrcCategories[code.slice(0, 1)] ?? 'other',
      group: ifrcGroup(code, families),
      unit: 'each',
      unitWeightG: kg > 0 ? thousandths(kg) : null,
      unitVolumeMl: litres > 0 ? thousandths(litres) : null,
      shelfLifeDays: null,
      ifrcCode: code,
      components: [],
    }
  })
  const columns = table.header.map(
    (name) => ({ 'item code': 'code', 'item description': 'nameEn' })[name] ?? name,
  )
  return finish(file, rows, problems, columns)
}

/** JSON: an array of items with the API's field names (what `kizuna export items --format json` writes). */
export function readItemsJson(file: string, bytes: Uint8Array): ItemRow[] {
  const rows = readJsonArray(file, bytes)
  const problems: Problem[] = []
  const items = rows.map(({ value, index }): ItemRow => {
    const at = (field: string, message: string) =>
      problems.push({ field: `[${index}].${field}`, line: index + 1, message })
    const str = (field: string) =>
      typeof value[field] === 'string' ? (value[field] as string) : null
    const int = (field: string) => {
      const v = value[field]
      if (v === null || v === undefined) return null
      if (typeof v !== 'number' || !Number.isInteger(v))
        at(field, 'expected a whole number or null')
      return typeof v === 'number' ? v : null
    }
    const components = Array.isArray(value.components) ? (value.components as KitComponent[]) : []
    return {
      line: index + 1,
      code: str('code') ?? '',
      nameEn: str('nameEn') ?? '',
      nameJa: str('nameJa'),
      category: (str('category') ?? '') as ItemCategory,
      group: str('group'),
      unit: str('unit') ?? '',
      unitWeightG: int('unitWeightG'),
      unitVolumeMl: int('unitVolumeMl'),
      shelfLifeDays: int('shelfLifeDays'),
      ifrcCode: str('ifrcCode'),
      components: components.map((c) => ({ code: String(c.code), quantity: Number(c.quantity) })),
    }
  })
  return finish(file, items, problems, [])
}

export function readJsonArray(
  file: string,
  bytes: Uint8Array,
): { value: Record<string, unknown>; index: number }[] {
  const text = decodeUtf8(file, bytes)
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new FileProblems(file, [
      { field: 'json', line: 1, message: `not valid JSON: ${(error as Error).message}` },
    ])
  }
  const list = Array.isArray(parsed)
    ? parsed
    : ((parsed as { items?: unknown; places?: unknown })?.items ??
      (parsed as { places?: unknown })?.places)
  if (!Array.isArray(list))
    throw new FileProblems(file, [
      { field: 'json', line: 1, message: 'expected a JSON array of records' },
    ])
  return list.map((value, index) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      throw new FileProblems(file, [
        { field: `[${index}]`, line: index + 1, message: 'expected an object' },
      ])
    }
    return { value: value as Record<string, unknown>, index }
  })
}
