/**
 * @module domain/needs/standards
 * The figures the needs estimator works with: humanitarian minimum standards (Sphere), the physical facts
 * that turn a quantity into catalogue items (a 2 L bottle holds 2 L), and which item meets which need.
 * Bundled in data/standards.csv, each figure with the edition it comes from and its words; an operation
 * may override any value by key. Pure: rows in, standards or problems out.
 */
import type { Problem } from '../problem.js'

export interface Standard {
  /** snake_case key, e.g. `water_use_per_person_per_day`. */
  readonly key: string
  /** WASH-water, Food, Shelter … or `item` for a physical fact, `conversion` for a unit convention. */
  readonly sector: string
  readonly value: number
  readonly unit: string
  /** The edition or document the figure comes from, with any warning (old edition, verify). */
  readonly edition: string
  /** The source's own words; empty for a convention. */
  readonly quote: string
  readonly sourceUrl: string | null
}

export const standardKeyPattern = /^[a-z][a-z0-9_]{0,59}$/

/** The largest value any standard or override may take (keeps the arithmetic in safe integers). */
export const standardValueMax = 1_000_000_000

/** The key of the month length used for figures given per person per month. */
export const DAYS_PER_MONTH = 'days_per_month'

/** The rules one standard must satisfy, wherever it comes from. `at` prefixes the field names. */
export function checkStandard(standard: Standard, at = ''): Problem[] {
  const problems: Problem[] = []
  if (!standardKeyPattern.test(standard.key))
    problems.push({
      field: `${at}key`,
      message: `"${standard.key}" is not a key: lower-case letters, digits and _, starting with a letter, up to 60 characters`,
    })
  if (
    !(Number.isFinite(standard.value) && standard.value > 0 && standard.value <= standardValueMax)
  )
    problems.push({
      field: `${at}value`,
      message: `${standard.value} is not a number greater than 0 and at most ${standardValueMax.toLocaleString('en-US')}`,
    })
  if (standard.unit.trim() === '')
    problems.push({ field: `${at}unit`, message: 'a unit is required, e.g. litres/person/day' })
  if (standard.edition.trim() === '')
    problems.push({
      field: `${at}edition`,
      message: 'say which edition or document the figure comes from',
    })
  return problems
}

/** Checks a whole set: each standard, and no key twice. Problems carry the 1-based `lines` given. */
export function checkStandards(
  standards: readonly Standard[],
  lines: readonly number[] = [],
): Problem[] {
  const problems: Problem[] = []
  const seen = new Set<string>()
  standards.forEach((standard, index) => {
    const line = lines[index]
    const withLine = (problem: Problem): Problem =>
      line === undefined ? problem : { ...problem, line }
    problems.push(...checkStandard(standard).map(withLine))
    if (seen.has(standard.key))
      problems.push(withLine({ field: 'key', message: `"${standard.key}" is listed twice` }))
    seen.add(standard.key)
  })
  return problems
}

/**
 * The standards with an operation's overrides applied. An override names a known key and gives a number
 * greater than 0; otherwise a problem names `standards.<key>`.
 */
export function applyOverrides(
  standards: readonly Standard[],
  overrides: Readonly<Record<string, number>>,
): { standards: Standard[]; overridden: Set<string>; problems: Problem[] } {
  const known = new Map(standards.map((standard) => [standard.key, standard]))
  const problems: Problem[] = []
  const overridden = new Set<string>()
  for (const [key, value] of Object.entries(overrides).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!known.has(key)) {
      problems.push({
        field: `standards.${key}`,
        message: `no standard "${key}"; known keys: ${[...known.keys()].join(', ')}`,
      })
      continue
    }
    if (
      !(
        typeof value === 'number' &&
        Number.isFinite(value) &&
        value > 0 &&
        value <= standardValueMax
      )
    ) {
      problems.push({
        field: `standards.${key}`,
        message: `${String(value)} is not a number greater than 0 and at most ${standardValueMax.toLocaleString('en-US')}`,
      })
      continue
    }
    overridden.add(key)
  }
  if (problems.length > 0) return { standards: [...standards], overridden: new Set(), problems }
  return {
    standards: standards.map((standard) =>
      overridden.has(standard.key)
        ? { ...standard, value: overrides[standard.key] as number }
        : standard,
    ),
    overridden,
    problems,
  }
}

/**
 * How a standard's figure grows with the affected population and the number of days:
 * - `per-person-per-day`: people × days × value (water, food energy);
 * - `per-person-per-month`: people × days × value ÷ days per month (soap);
 * - `per-person`: people × value, whatever the days (covered floor area);
 * - `persons-per-unit`: people ÷ value (toilets).
 */
export type NeedBasis =
  | 'per-person-per-day'
  | 'per-person-per-month'
  | 'per-person'
  | 'persons-per-unit'

/** How much of the need one catalogue item meets: a standard's value (a physical fact) or a number. */
export type UnitContent = { readonly key: string } | { readonly value: number }

/** One need the estimator reports, and the catalogue item that meets it. */
export interface NeedMapping {
  /** Stable id of the line, e.g. `water`. */
  readonly id: string
  readonly sector: string
  /** What is needed, in words: "water for drinking, cooking and hygiene". */
  readonly need: string
  readonly standardKey: string
  readonly basis: NeedBasis
  /** The unit the need is counted in: L, kcal, g, m², toilets. */
  readonly quantityUnit: string
  /** The same unit for one (toilet), when it differs. */
  readonly quantityUnitOne?: string
  readonly itemCode: string
  /** The item's base unit in the catalogue (bottle, pack, each). */
  readonly itemUnit: string
  /** What one item is called in the arithmetic (bottle, bar, tent); the plural adds "s". */
  readonly itemNoun: string
  readonly content: UnitContent
  /** The id of a line this need is part of, not in addition to. */
  readonly includedIn?: string
  readonly note?: string
}

/**
 * The bundled mapping from needs to items of data/items.csv. Each figure comes from data/standards.csv;
 * the words here only name things.
 */
export const bundledNeedMapping: readonly NeedMapping[] = [
  {
    id: 'water',
    sector: 'WASH-water',
    need: 'water for drinking, cooking and personal hygiene',
    standardKey: 'water_use_per_person_per_day',
    basis: 'per-person-per-day',
    quantityUnit: 'L',
    itemCode: 'KZ-WASH-001',
    itemUnit: 'bottle',
    itemNoun: 'bottle',
    content: { key: 'water_bottle_2l_litres' },
    note: 'The Sphere planning figure for all household uses. Where water is trucked or piped, only the drinking water (next line) needs to come in bottles.',
  },
  {
    id: 'drinking-water',
    sector: 'WASH-water',
    need: 'drinking water (survival intake, drinking and food)',
    standardKey: 'water_survival_intake_max',
    basis: 'per-person-per-day',
    quantityUnit: 'L',
    itemCode: 'KZ-WASH-001',
    itemUnit: 'bottle',
    itemNoun: 'bottle',
    content: { key: 'water_bottle_2l_litres' },
    includedIn: 'water',
    note: 'Part of the water above, not in addition to it. Sphere gives the survival intake as a range (water_survival_intake_min to water_survival_intake_max, depending on climate and physiology); the upper figure is used.',
  },
  {
    id: 'food',
    sector: 'Food',
    need: 'food energy',
    standardKey: 'food_energy_per_person_per_day',
    basis: 'per-person-per-day',
    quantityUnit: 'kcal',
    itemCode: 'KZ-FOOD-001',
    itemUnit: 'pack',
    itemNoun: 'pack',
    content: { key: 'alpha_rice_kcal_per_100g' },
    note: 'Counted as 100 g packs of alpha rice (one pack = 100 g) to show the scale; a real ration mixes foods for protein (10 % of energy) and fat (17 %).',
  },
  {
    id: 'soap',
    sector: 'WASH-hygiene',
    need: 'soap',
    standardKey: 'soap_per_person_per_month',
    basis: 'per-person-per-month',
    quantityUnit: 'g',
    itemCode: 'KZ-WASH-018',
    itemUnit: 'each',
    itemNoun: 'bar',
    content: { key: 'soap_bar_grams' },
  },
  {
    id: 'covered-area',
    sector: 'Shelter',
    need: 'covered floor area',
    standardKey: 'covered_floor_area_per_person',
    basis: 'per-person',
    quantityUnit: 'm²',
    itemCode: 'KZ-SHEL-001',
    itemUnit: 'each',
    itemNoun: 'tent',
    content: { key: 'family_tent_floor_area' },
    note: 'The floor area to find in evacuation centres; tents only for those who cannot be sheltered indoors. Cold climates need more than the minimum.',
  },
  {
    id: 'toilets',
    sector: 'WASH-sanitation',
    need: 'toilets',
    standardKey: 'people_per_toilet_max',
    basis: 'persons-per-unit',
    quantityUnit: 'toilets',
    quantityUnitOne: 'toilet',
    itemCode: 'KZ-NFI-013',
    itemUnit: 'each',
    itemNoun: 'box toilet',
    content: { value: 1 },
    note: 'Each box toilet is used with single-use toilet bags (KZ-WASH-023), which are not estimated here.',
  },
]
