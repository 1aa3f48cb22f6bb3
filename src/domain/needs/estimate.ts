/**
 * @module domain/needs/estimate
 * Estimates what an affected population needs for a number of days from the minimum standards, turned
 * into whole catalogue items (rounded up) with the arithmetic written out, so a planner can check every
 * figure by hand. Pure: the standards and the mapping are inputs (an operation may edit the standards).
 */
import type { Problem } from '../problem.js'
import { DAYS_PER_MONTH, type NeedMapping, type Standard, standardValueMax } from './standards.js'

/** The largest population the estimator accepts (Japan's most severe scenarios stay well below it). */
export const populationMax = 50_000_000
export const daysMax = 365

export interface NeedsInput {
  readonly population: number
  readonly days: number
  readonly standards: readonly Standard[]
  readonly mapping: readonly NeedMapping[]
}

export interface NeedLine {
  /** The mapping's id, e.g. `water`. */
  readonly id: string
  readonly sector: string
  readonly need: string
  /** How much is needed, in `quantityUnit` (litres, kcal, grams, m², toilets). */
  readonly quantityNeeded: number
  readonly quantityUnit: string
  readonly itemCode: string
  /** The catalogue base unit the items are counted in. */
  readonly itemUnit: string
  /** Whole items, rounded up. */
  readonly itemsNeeded: number
  /** How much of the need one item meets, in `quantityUnit`. */
  readonly quantityPerItem: number
  /** The arithmetic, e.g. "1,200 people × 3 days × 15 L/person/day = 54,000 L ÷ 2 L per bottle = 27,000 bottles". */
  readonly arithmetic: string
  readonly standardKey: string
  readonly edition: string
  /** The id of a line this one is part of (not in addition to), or null. */
  readonly includedIn: string | null
  readonly note: string | null
}

export type NeedsResult =
  | { readonly result: 'estimated'; readonly lines: NeedLine[] }
  | { readonly result: 'refused'; readonly problems: Problem[] }

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 })
const show = (value: number) => number.format(value)
const plural = (count: number, one: string, other = `${one}s`) =>
  `${show(count)} ${count === 1 ? one : other}`

/**
 * Drops floating-point noise (0.1 × 3 = 0.30000000000000004) before rounding or showing: 15 significant
 * digits are what a double always holds exactly.
 */
function clean(value: number): number {
  return Number(value.toPrecision(15))
}

/** Rounds up to a whole number, after dropping float noise (3.0000000000000004 is 3). */
export function roundUp(value: number): number {
  return Math.ceil(clean(value))
}

/** The most items a line may count: beyond it, 15 significant digits would no longer count them exactly. */
export const itemsMax = 1_000_000_000_000

/** Checks the population and days: whole numbers in range, naming the field. */
export function checkNeedsScope(population: number, days: number): Problem[] {
  const problems: Problem[] = []
  if (!(Number.isInteger(population) && population > 0 && population <= populationMax))
    problems.push({
      field: 'population',
      message: `${String(population)} is not a whole number of people from 1 to ${populationMax.toLocaleString('en-US')}`,
    })
  if (!(Number.isInteger(days) && days > 0 && days <= daysMax))
    problems.push({
      field: 'days',
      message: `${String(days)} is not a whole number of days from 1 to ${daysMax}`,
    })
  return problems
}

export function estimateNeeds(input: NeedsInput): NeedsResult {
  const { population, days, mapping } = input
  const problems = checkNeedsScope(population, days)
  const byKey = new Map(input.standards.map((standard) => [standard.key, standard]))
  const missing = new Map<string, string[]>()
  const standardOf = (key: string, usedBy: string): Standard | null => {
    const standard = byKey.get(key)
    if (!standard) {
      missing.set(key, [...(missing.get(key) ?? []), usedBy])
      return null
    }
    if (
      !(Number.isFinite(standard.value) && standard.value > 0 && standard.value <= standardValueMax)
    ) {
      problems.push({
        field: `standards.${key}`,
        message: `${standard.value} is not a number greater than 0`,
      })
      return null
    }
    return standard
  }
  const resolved = mapping.map((need) => {
    const standard = standardOf(need.standardKey, need.id)
    const content =
      'key' in need.content ? standardOf(need.content.key, need.id)?.value : need.content.value
    if (content !== undefined && !(Number.isFinite(content) && content > 0))
      problems.push({
        field: `mapping.${need.id}`,
        message: 'an item must meet more than 0 of the need',
      })
    const month =
      need.basis === 'per-person-per-month' ? standardOf(DAYS_PER_MONTH, need.id) : undefined
    return { need, standard, content, month }
  })
  for (const [key, usedBy] of missing)
    problems.push({
      field: `standards.${key}`,
      message: `missing; needed by the ${usedBy.join(', ')} line${usedBy.length === 1 ? '' : 's'}`,
    })
  if (problems.length > 0) return { result: 'refused', problems: dedupe(problems) }

  const tooLarge: string[] = []
  const lines = resolved.map(({ need, standard, content, month }): NeedLine => {
    const s = standard as Standard
    const perItem = content as number
    const { quantity, reasoning } = quantityOf(need, s.value, population, days, month?.value)
    const exact = clean(quantity / perItem)
    const items = roundUp(exact)
    const one = need.quantityUnitOne ?? need.quantityUnit
    const count =
      exact === items
        ? plural(items, need.itemNoun)
        : `${show(exact)} → ${plural(items, need.itemNoun)} (rounded up)`
    if (!(items <= itemsMax)) tooLarge.push(need.id)
    return {
      id: need.id,
      sector: need.sector,
      need: need.need,
      quantityNeeded: quantity,
      quantityUnit: need.quantityUnit,
      itemCode: need.itemCode,
      itemUnit: need.itemUnit,
      itemsNeeded: items,
      quantityPerItem: perItem,
      arithmetic: `${reasoning} = ${show(quantity)} ${quantity === 1 ? one : need.quantityUnit} ÷ ${show(perItem)} ${perItem === 1 ? one : need.quantityUnit} per ${need.itemNoun} = ${count}`,
      standardKey: s.key,
      edition: s.edition,
      includedIn: need.includedIn ?? null,
      note: need.note ?? null,
    }
  })
  if (tooLarge.length > 0)
    return {
      result: 'refused',
      problems: [
        {
          field: 'population',
          message: `the ${tooLarge.join(', ')} need comes to more than ${itemsMax.toLocaleString('en-US')} items, more than can be counted exactly; estimate for fewer people or days`,
        },
      ],
    }
  return { result: 'estimated', lines }
}

function quantityOf(
  need: NeedMapping,
  value: number,
  population: number,
  days: number,
  daysPerMonth: number | undefined,
): { quantity: number; reasoning: string } {
  const people = plural(population, 'person', 'people')
  const span = plural(days, 'day')
  const unit = need.quantityUnit
  switch (need.basis) {
    case 'per-person-per-day':
      return {
        quantity: clean(population * days * value),
        reasoning: `${people} × ${span} × ${show(value)} ${unit}/person/day`,
      }
    case 'per-person-per-month': {
      const month = daysPerMonth as number
      return {
        quantity: clean((population * days * value) / month),
        reasoning: `${people} × ${span} × ${show(value)} ${unit}/person/month ÷ ${show(month)} days/month`,
      }
    }
    case 'per-person':
      return {
        quantity: clean(population * value),
        reasoning: `${people} × ${show(value)} ${unit}/person`,
      }
    case 'persons-per-unit':
      return {
        quantity: clean(population / value),
        reasoning: `${people} ÷ ${show(value)} people per ${need.quantityUnitOne ?? unit}`,
      }
  }
}

function dedupe(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>()
  return problems.filter((problem) => {
    const id = `${problem.field}\u0000${problem.message}`
    if (seen.has(id)) return false
    seen.add(id)
    return true
  })
}

/** Where an estimate's population came from. */
export type PopulationSource = 'given' | 'place capacity' | `Noto 2024 evacuees on ${string}`

/** The facts of a place that can give a population. */
export interface PlaceFigures {
  readonly code: string
  readonly capacity: number | null
  readonly attributes: Readonly<Record<string, unknown>>
}

/**
 * The population a place gives: the Noto 2024 evacuees in its municipal shelters (the figure a
 * municipality carries, a real count) before its capacity (persons a shelter holds indoors). A place with
 * neither, or with 0, gives none: the caller must give the population.
 */
export function populationOfPlace(
  place: PlaceFigures,
): { population: number; source: PopulationSource } | { problem: Problem } {
  const noto = place.attributes.noto2024
  const evacuees =
    noto && typeof noto === 'object'
      ? (noto as Record<string, unknown>).evacuees_in_municipal_shelters
      : undefined
  if (evacuees && typeof evacuees === 'object') {
    const { value, asOf } = evacuees as { value?: unknown; asOf?: unknown }
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) {
      const date = typeof asOf === 'string' ? asOf.slice(0, 10) : 'an unknown date'
      return { population: value, source: `Noto 2024 evacuees on ${date}` }
    }
  }
  if (place.capacity !== null && Number.isInteger(place.capacity) && place.capacity > 0)
    return { population: place.capacity, source: 'place capacity' }
  return {
    problem: {
      field: 'place',
      message:
        place.capacity === 0
          ? `place ${place.code} has no indoor capacity (0); give population`
          : `place ${place.code} has no capacity or Noto 2024 evacuee figure; give population`,
    },
  }
}
