/**
 * @module domain/catalog/item
 * Catalog items: what a hub stocks. Quantities count the item's base unit; weight and volume are integer
 * grams and millilitres per unit (DESIGN.md, principle 8). A kit is an item made of other items.
 */
import type { Problem } from '../problem.js'
import type { RecordEnvelope } from '../records/record.js'

export const itemCategories = [
  'food',
  'wash',
  'shelter',
  'nfi',
  'health',
  'logistics',
  'other',
] as const
export type ItemCategory = (typeof itemCategories)[number]

export const itemCodePattern = /^[A-Z0-9][A-Z0-9._/+,-]{1,39}$/

export interface KitComponent {
  readonly code: string
  readonly quantity: number
}

export interface ItemFields {
  readonly code: string
  readonly nameEn: string
  readonly nameJa: string | null
  readonly category: ItemCategory
  /** Catalogue group and family, e.g. "Shelter / Tents" for IFRC items. */
  readonly group: string | null
  readonly unit: string
  readonly unitWeightG: number | null
  readonly unitVolumeMl: number | null
  readonly shelfLifeDays: number | null
  readonly ifrcCode: string | null
  readonly components: KitComponent[]
}

export interface Item extends RecordEnvelope, ItemFields {}

const isWhole = (value: number | null, max: number) =>
  value === null || (Number.isInteger(value) && value >= 0 && value <= max)

/** The rules an item must satisfy wherever it comes from (API, CSV, JSON, IFRC import). */
export function checkItem(item: ItemFields): Problem[] {
  const problems: Problem[] = []
  if (!itemCodePattern.test(item.code)) {
    problems.push({
      field: 'code',
      message: `"${item.code}" is not a code: use upper-case letters, digits and . _ / + , -, 2 to 40 characters`,
    })
  }
  if (item.nameEn.trim() === '')
    problems.push({ field: 'nameEn', message: 'an English name is required' })
  if (!(itemCategories as readonly string[]).includes(item.category)) {
    problems.push({
      field: 'category',
      message: `unknown category "${item.category}"; expected one of ${itemCategories.join(', ')}`,
    })
  }
  if (item.unit.trim() === '')
    problems.push({ field: 'unit', message: 'a base unit is required, e.g. each, bottle, kg' })
  if (!isWhole(item.unitWeightG, 100_000_000))
    problems.push({
      field: 'unitWeightG',
      message: 'a whole number of grams from 0 to 100,000,000',
    })
  if (!isWhole(item.unitVolumeMl, 1_000_000_000))
    problems.push({
      field: 'unitVolumeMl',
      message: 'a whole number of millilitres from 0 to 1,000,000,000',
    })
  if (
    item.shelfLifeDays !== null &&
    !(Number.isInteger(item.shelfLifeDays) && item.shelfLifeDays > 0)
  ) {
    problems.push({ field: 'shelfLifeDays', message: 'a whole number of days greater than 0' })
  }
  const seen = new Set<string>()
  item.components.forEach((component, index) => {
    if (component.code === item.code)
      problems.push({ field: `components[${index}].code`, message: 'a kit cannot contain itself' })
    if (seen.has(component.code))
      problems.push({
        field: `components[${index}].code`,
        message: `"${component.code}" is listed twice`,
      })
    seen.add(component.code)
    if (!(Number.isInteger(component.quantity) && component.quantity > 0)) {
      problems.push({
        field: `components[${index}].quantity`,
        message: 'a whole number greater than 0',
      })
    }
  })
  return problems
}

/**
 * Finds a kit that contains itself through other kits. `componentsOf` gives each known kit's component
 * codes. Returns the cycle as a list of codes, or null.
 */
export function findKitCycle(
  componentsOf: ReadonlyMap<string, readonly string[]>,
): string[] | null {
  const state = new Map<string, 'visiting' | 'done'>()
  const path: string[] = []
  const visit = (code: string): string[] | null => {
    const mark = state.get(code)
    if (mark === 'done') return null
    if (mark === 'visiting') return [...path.slice(path.indexOf(code)), code]
    state.set(code, 'visiting')
    path.push(code)
    for (const child of componentsOf.get(code) ?? []) {
      const cycle = visit(child)
      if (cycle) return cycle
    }
    path.pop()
    state.set(code, 'done')
    return null
  }
  for (const code of [...componentsOf.keys()].sort()) {
    const cycle = visit(code)
    if (cycle) return cycle
  }
  return null
}

/** Two items' fields are the same (used to make imports idempotent). */
export function sameItemFields(a: ItemFields, b: ItemFields): boolean {
  return (
    a.code === b.code &&
    a.nameEn === b.nameEn &&
    a.nameJa === b.nameJa &&
    a.category === b.category &&
    a.group === b.group &&
    a.unit === b.unit &&
    a.unitWeightG === b.unitWeightG &&
    a.unitVolumeMl === b.unitVolumeMl &&
    a.shelfLifeDays === b.shelfLifeDays &&
    a.ifrcCode === b.ifrcCode &&
    JSON.stringify(a.components) === JSON.stringify(b.components)
  )
}
