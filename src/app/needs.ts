/**
 * @module app/needs
 * The needs estimator as a use case: an affected population (given, or from a place's capacity or Noto
 * 2024 evacuee figure) and a number of days, estimated with the bundled standards and any overrides.
 * The bundled standards are read once from the file path given (data/standards.csv) by a small loader.
 */
import { readFile } from 'node:fs/promises'
import {
  estimateNeeds,
  type NeedLine,
  type PopulationSource,
  populationOfPlace,
} from '../domain/needs/estimate.js'
import {
  applyOverrides,
  bundledNeedMapping,
  checkStandards,
  type NeedMapping,
  type Standard,
} from '../domain/needs/standards.js'
import type { Problem } from '../domain/problem.js'
import { cellReader, FileProblems, readTable } from '../interop/csv/read-table.js'
import type { AppContext } from './context.js'
import { Refusal, refuseProblems } from './errors.js'
import type { Viewer } from './ports.js'

export const standardsColumns = [
  'key',
  'sector',
  'value',
  'unit',
  'edition',
  'quote',
  'source_url',
] as const

/** Reads a standards CSV (columns as data/standards.csv); refuses it with the line and column of each problem. */
export function readStandardsCsv(file: string, bytes: Uint8Array): Standard[] {
  const table = readTable(file, bytes, standardsColumns)
  const problems: Problem[] = []
  const standards: Standard[] = []
  for (const row of table.rows) {
    const cell = cellReader(table.header, row, problems)
    standards.push({
      key: cell.required('key'),
      sector: cell.required('sector'),
      value: cell.decimal('value', 0, Number.MAX_SAFE_INTEGER),
      unit: cell.required('unit'),
      edition: cell.required('edition'),
      quote: cell.text('quote') ?? '',
      sourceUrl: cell.text('source_url'),
    })
  }
  if (problems.length === 0)
    problems.push(
      ...checkStandards(
        standards,
        table.rows.map((row) => row.line),
      ),
    )
  if (problems.length > 0) throw new FileProblems(file, problems)
  return standards
}

/** Gives the bundled standards, read from the file the first time and kept. */
export type StandardsLoader = () => Promise<readonly Standard[]>

export function standardsFromFile(path: string, label = 'data/standards.csv'): StandardsLoader {
  let loading: Promise<readonly Standard[]> | null = null
  return () => {
    loading ??= readFile(path)
      .then((bytes) => readStandardsCsv(label, bytes))
      .catch((error: unknown) => {
        loading = null
        throw error
      })
    return loading
  }
}

export interface NeedsRequest {
  readonly population?: number | undefined
  /** A place id (UUID) or code (LG:172049, GSI:…). */
  readonly place?: string | undefined
  readonly days: number
  /** An operation's id: its own figures replace the bundled ones. */
  readonly operation?: string | undefined
  /** Overrides of the standards' values, by key; they win over the operation's figures. */
  readonly standards?: Readonly<Record<string, number>> | undefined
}

/** Where a figure used by an estimate came from. */
export type StandardSource = 'bundled' | 'operation' | 'request'

export interface NeedsEstimate {
  readonly population: number
  readonly populationSource: PopulationSource
  readonly place: { id: string; code: string; name: string | null } | null
  readonly operation: { id: string; name: string } | null
  readonly days: number
  readonly lines: (NeedLine & { itemName: string | null })[]
  readonly standards: {
    key: string
    value: number
    unit: string
    edition: string
    overridden: boolean
    source: StandardSource
  }[]
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

async function findPlace(ctx: AppContext, ref: string, viewer: Viewer) {
  if (uuidPattern.test(ref)) return ctx.store.getPlace(ref, viewer)
  const [byCode] = await ctx.store.getPlacesByCodes([ref])
  // Looked up again by id so that a place the viewer may not see stays unknown.
  return byCode ? ctx.store.getPlace(byCode.id, viewer) : null
}

/**
 * The bundled standards with the named operation's figures applied, leaving out those the request
 * overrides itself. A figure of the operation's that no longer fits is refused naming `operation`, since
 * the caller cannot fix it in this request.
 */
async function operationStandards(
  ctx: AppContext,
  bundled: readonly Standard[],
  request: NeedsRequest,
  viewer: Viewer,
): Promise<{
  standards: readonly Standard[]
  overridden: ReadonlySet<string>
  named: NeedsEstimate['operation']
}> {
  if (request.operation === undefined)
    return { standards: bundled, overridden: new Set(), named: null }
  const found = await ctx.store.getOperation(request.operation, viewer)
  if (!found)
    throw new Refusal('unknown_reference', `operation: no operation ${request.operation}`, [
      { field: 'operation', message: 'unknown operation' },
    ])
  const figures = Object.fromEntries(
    Object.entries(found.standards).filter(([key]) => !(key in (request.standards ?? {}))),
  )
  const applied = applyOverrides(bundled, figures)
  if (applied.problems.length > 0)
    refuseProblems(
      'invalid_request',
      'estimate refused',
      applied.problems.map((problem) => ({
        field: 'operation',
        message: `the operation "${found.name}" has ${problem.field}: ${problem.message}`,
      })),
    )
  return {
    standards: applied.standards,
    overridden: applied.overridden,
    named: { id: found.id, name: found.name },
  }
}

export async function estimateNeedsFor(
  ctx: AppContext,
  bundled: readonly Standard[],
  request: NeedsRequest,
  viewer: Viewer,
  mapping: readonly NeedMapping[] = bundledNeedMapping,
): Promise<NeedsEstimate> {
  const operation = await operationStandards(ctx, bundled, request, viewer)
  const applied = applyOverrides(operation.standards, request.standards ?? {})
  if (applied.problems.length > 0)
    refuseProblems('invalid_request', 'estimate refused', applied.problems)
  const sourceOf = (key: string): StandardSource =>
    applied.overridden.has(key)
      ? 'request'
      : operation.overridden.has(key)
        ? 'operation'
        : 'bundled'

  let population: number
  let populationSource: PopulationSource
  let place: NeedsEstimate['place'] = null
  if (request.place !== undefined) {
    const found = await findPlace(ctx, request.place, viewer)
    if (!found)
      throw new Refusal('unknown_reference', `place: no place ${request.place}`, [
        { field: 'place', message: 'unknown place' },
      ])
    place = { id: found.id, code: found.code, name: found.nameEn ?? found.nameJa }
    if (request.population === undefined) {
      const figures = populationOfPlace(found)
      if ('problem' in figures)
        refuseProblems('invalid_request', 'estimate refused', [figures.problem])
      population = figures.population
      populationSource = figures.source
    } else {
      population = request.population
      populationSource = 'given'
    }
  } else if (request.population !== undefined) {
    population = request.population
    populationSource = 'given'
  } else {
    refuseProblems('invalid_request', 'estimate refused', [
      { field: 'population', message: 'give population, or a place whose figures give it' },
    ])
  }

  const estimate = estimateNeeds({
    population,
    days: request.days,
    standards: applied.standards,
    mapping,
  })
  if (estimate.result === 'refused')
    refuseProblems('invalid_request', 'estimate refused', estimate.problems)

  const items = new Map(
    (await ctx.store.getItemsByCodes([...new Set(mapping.map((need) => need.itemCode))])).map(
      (item) => [item.code, item.nameEn],
    ),
  )
  return {
    population,
    populationSource,
    place,
    operation: operation.named,
    days: request.days,
    lines: estimate.lines.map((line) => ({ ...line, itemName: items.get(line.itemCode) ?? null })),
    standards: applied.standards.map((standard) => ({
      key: standard.key,
      value: standard.value,
      unit: standard.unit,
      edition: standard.edition,
      overridden: sourceOf(standard.key) !== 'bundled',
      source: sourceOf(standard.key),
    })),
  }
}
