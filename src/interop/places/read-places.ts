/**
 * @module interop/places/read-places
 * Reads places from Kizuna's CSV (data/places/*.csv) or JSON (what `kizuna export places` writes).
 * One bad row refuses the file, naming line and column; codes must be unique within the file.
 */
import { checkPlace, type PlaceFields, type PlaceType } from '../../domain/places/place.js'
import type { Problem } from '../../domain/problem.js'
import { readJsonArray } from '../catalog/read-items.js'
import { cellReader, FileProblems, readTable } from '../csv/read-table.js'

export interface PlaceRow extends PlaceFields {
  readonly line: number
}

const REQUIRED = ['code', 'type', 'lat', 'lon', 'country'] as const
const fieldColumn: Record<string, string> = {
  nameEn: 'name_en',
  nameJa: 'name_ja',
  adminCode: 'admin_code',
}

function finish(
  file: string,
  rows: PlaceRow[],
  problems: Problem[],
  header: readonly string[],
): PlaceRow[] {
  const seen = new Map<string, number>()
  for (const row of rows) {
    for (const problem of checkPlace(row)) {
      const column = header.indexOf(fieldColumn[problem.field] ?? problem.field) + 1
      if (
        !problems.some(
          (p) => p.line === row.line && p.field === (fieldColumn[problem.field] ?? problem.field),
        )
      ) {
        problems.push({ ...problem, line: row.line, ...(column > 0 ? { column } : {}) })
      }
    }
    const first = seen.get(row.code)
    if (first !== undefined)
      problems.push({
        field: 'code',
        line: row.line,
        column: header.indexOf('code') + 1 || undefined,
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

export function readPlacesCsv(file: string, bytes: Uint8Array): PlaceRow[] {
  const table = readTable(file, bytes, REQUIRED)
  const problems: Problem[] = []
  const rows = table.rows.map((row): PlaceRow => {
    const cell = cellReader(table.header, row, problems)
    return {
      line: row.line,
      code: cell.required('code'),
      type: cell.required('type') as PlaceType,
      nameEn: cell.text('name_en'),
      nameJa: cell.text('name_ja'),
      lat: cell.decimal('lat', -90, 90),
      lon: cell.decimal('lon', -180, 180),
      country: cell.required('country'),
      adminCode: cell.text('admin_code'),
      municipality: cell.text('municipality'),
      address: cell.text('address'),
      capacity: cell.integer('capacity'),
      attributes: cell.json('attributes'),
    }
  })
  return finish(file, rows, problems, table.header)
}

export function readPlacesJson(file: string, bytes: Uint8Array): PlaceRow[] {
  const problems: Problem[] = []
  const rows = readJsonArray(file, bytes).map(({ value, index }): PlaceRow => {
    const str = (field: string) =>
      typeof value[field] === 'string' ? (value[field] as string) : null
    const num = (field: string) =>
      typeof value[field] === 'number' ? (value[field] as number) : Number.NaN
    const attributes =
      value.attributes && typeof value.attributes === 'object'
        ? (value.attributes as Record<string, unknown>)
        : {}
    return {
      line: index + 1,
      code: str('code') ?? '',
      type: (str('type') ?? '') as PlaceType,
      nameEn: str('nameEn'),
      nameJa: str('nameJa'),
      lat: num('lat'),
      lon: num('lon'),
      country: str('country') ?? '',
      adminCode: str('adminCode'),
      municipality: str('municipality'),
      address: str('address'),
      capacity: typeof value.capacity === 'number' ? value.capacity : null,
      attributes,
    }
  })
  return finish(file, rows, problems, [])
}
