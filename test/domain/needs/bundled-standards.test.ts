/**
 * data/standards.csv: readable, complete for the bundled mapping, and every Sphere figure the same as in
 * the shared standards file it was taken from (value, edition and words), so no figure is made up here.
 */
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { readStandardsCsv } from '../../../src/app/needs.js'
import { estimateNeeds } from '../../../src/domain/needs/estimate.js'
import { bundledNeedMapping, DAYS_PER_MONTH } from '../../../src/domain/needs/standards.js'
import { FileProblems } from '../../../src/interop/csv/read-table.js'

const root = resolve(import.meta.dirname, '../../..')
const bundled = readStandardsCsv(
  'data/standards.csv',
  readFileSync(resolve(root, 'data/standards.csv')),
)
const sharedPath = resolve(root, '../shared/data/standards/sphere_minimum_standards.csv')
const haveShared = existsSync(sharedPath)
if (!haveShared) console.log('skipped: comparison with ../shared/data/standards (not present)')

/** Which shared indicator each bundled Sphere figure comes from, and which of its two values. */
const sharedSource: Record<string, { indicator: string; column: 'value_min' | 'value_max' }> = {
  water_use_per_person_per_day: { indicator: 'average_water_use_per_person', column: 'value_min' },
  water_survival_intake_min: {
    indicator: 'survival_water_intake_drinking_and_food',
    column: 'value_min',
  },
  water_survival_intake_max: {
    indicator: 'survival_water_intake_drinking_and_food',
    column: 'value_max',
  },
  food_energy_per_person_per_day: {
    indicator: 'energy_requirement_planning_figure',
    column: 'value_min',
  },
  covered_floor_area_per_person: {
    indicator: 'initial_covered_floor_area_per_person',
    column: 'value_min',
  },
  people_per_toilet_max: { indicator: 'max_people_per_latrine', column: 'value_min' },
  soap_per_person_per_month: { indicator: 'soap_per_person_per_month', column: 'value_min' },
}

describe('data/standards.csv', () => {
  it('holds every standard the bundled mapping needs, each with an edition', () => {
    const keys = new Set(bundled.map((s) => s.key))
    for (const need of bundledNeedMapping) {
      expect(keys).toContain(need.standardKey)
      if ('key' in need.content) expect(keys).toContain(need.content.key)
    }
    expect(keys).toContain(DAYS_PER_MONTH)
    for (const standard of bundled) expect(standard.edition).not.toBe('')
  })

  it('quotes its source for every figure but the month convention', () => {
    for (const standard of bundled.filter((s) => s.sector !== 'conversion'))
      expect(standard.quote, standard.key).not.toBe('')
  })

  it('is sorted by key', () => {
    const keys = bundled.map((s) => s.key)
    expect(keys).toEqual([...keys].sort())
  })

  it('estimates with the bundled figures', () => {
    const result = estimateNeeds({
      population: 1200,
      days: 3,
      standards: bundled,
      mapping: bundledNeedMapping,
    })
    expect(result.result).toBe('estimated')
  })

  it.skipIf(!haveShared)('takes every Sphere figure from the shared standards file', () => {
    const shared = parse(readFileSync(sharedPath), { columns: true }) as Record<string, string>[]
    for (const [key, { indicator, column }] of Object.entries(sharedSource)) {
      const standard = bundled.find((s) => s.key === key)
      const row = shared.find((r) => r.indicator === indicator)
      expect(standard, key).toBeDefined()
      expect(row, indicator).toBeDefined()
      expect(standard?.value, key).toBe(Number(row?.[column]))
      expect(standard?.quote, key).toBe(row?.quote)
      expect(standard?.sourceUrl, key).toBe(row?.source_url)
      const document = (row?.edition_or_document ?? '').split(' (')[0] ?? ''
      expect(document, indicator).not.toBe('')
      expect(standard?.edition.startsWith(document), key).toBe(true)
    }
  })

  it('refuses a broken file naming the line and column', () => {
    const csv = Buffer.from(
      'key,sector,value,unit,edition,quote,source_url\nwater,WASH,15,L/p/d,Sphere,q,\nwater,WASH,-1,L/p/d,,q,\n',
    )
    try {
      readStandardsCsv('s.csv', csv)
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(FileProblems)
      const problems = (error as FileProblems).problems
      expect(problems.map((p) => [p.line, p.field])).toEqual([
        [3, 'value'],
        [3, 'edition'],
      ])
    }
  })
})
