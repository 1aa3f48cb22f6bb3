import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import {
  estimateNeeds,
  type NeedLine,
  type NeedsResult,
  populationOfPlace,
  roundUp,
} from '../../../src/domain/needs/estimate.js'
import {
  applyOverrides,
  bundledNeedMapping,
  type NeedMapping,
  type Standard,
} from '../../../src/domain/needs/standards.js'

/** The bundled figures (data/standards.csv), written out so that these examples can be checked by hand. */
const figures: Record<string, [number, string]> = {
  water_use_per_person_per_day: [15, 'litres/person/day'],
  water_survival_intake_min: [2.5, 'litres/person/day'],
  water_survival_intake_max: [3, 'litres/person/day'],
  food_energy_per_person_per_day: [2100, 'kcal/person/day'],
  soap_per_person_per_month: [250, 'g/person/month'],
  covered_floor_area_per_person: [3.5, 'm2/person'],
  people_per_toilet_max: [20, 'persons/latrine'],
  days_per_month: [30, 'days/month'],
  water_bottle_2l_litres: [2, 'L/bottle'],
  alpha_rice_kcal_per_100g: [387, 'kcal/100 g'],
  soap_bar_grams: [100, 'g/bar'],
  family_tent_floor_area: [16, 'm2/tent'],
}
const standards: Standard[] = Object.entries(figures).map(([key, [value, unit]]) => ({
  key,
  sector: 'test',
  value,
  unit,
  edition: `edition of ${key}`,
  quote: '',
  sourceUrl: null,
}))

function estimated(result: NeedsResult): NeedLine[] {
  if (result.result !== 'estimated') throw new Error(JSON.stringify(result.problems))
  return result.lines
}

function lines(population: number, days: number, withStandards = standards) {
  const all = estimated(
    estimateNeeds({ population, days, standards: withStandards, mapping: bundledNeedMapping }),
  )
  return Object.fromEntries(all.map((line) => [line.id, line]))
}

describe('estimateNeeds: examples checked by hand', () => {
  const estimate = lines(1200, 3)

  it('counts water at 15 L per person per day in 2 L bottles, showing the arithmetic', () => {
    expect(estimate.water).toMatchObject({
      sector: 'WASH-water',
      quantityNeeded: 54_000,
      quantityUnit: 'L',
      itemCode: 'KZ-WASH-001',
      itemUnit: 'bottle',
      itemsNeeded: 27_000,
      quantityPerItem: 2,
      standardKey: 'water_use_per_person_per_day',
      edition: 'edition of water_use_per_person_per_day',
      includedIn: null,
    })
    expect(estimate.water?.arithmetic).toBe(
      '1,200 people × 3 days × 15 L/person/day = 54,000 L ÷ 2 L per bottle = 27,000 bottles',
    )
  })

  it('shows the survival drinking water as part of the water, not in addition to it', () => {
    expect(estimate['drinking-water']).toMatchObject({
      quantityNeeded: 10_800,
      itemsNeeded: 5_400,
      standardKey: 'water_survival_intake_max',
      includedIn: 'water',
    })
    expect(estimate['drinking-water']?.arithmetic).toBe(
      '1,200 people × 3 days × 3 L/person/day = 10,800 L ÷ 2 L per bottle = 5,400 bottles',
    )
  })

  it('counts food energy in 100 g alpha-rice packs and rounds the packs up', () => {
    // 1,200 × 3 × 2,100 = 7,560,000 kcal; ÷ 387 = 19,534.88…
    expect(estimate.food).toMatchObject({
      quantityNeeded: 7_560_000,
      quantityUnit: 'kcal',
      itemCode: 'KZ-FOOD-001',
      itemsNeeded: 19_535,
    })
    expect(estimate.food?.arithmetic).toBe(
      '1,200 people × 3 days × 2,100 kcal/person/day = 7,560,000 kcal ÷ 387 kcal per pack = 19,534.884 → 19,535 packs (rounded up)',
    )
  })

  it('pro-rates soap given per month over the days', () => {
    expect(estimate.soap).toMatchObject({ quantityNeeded: 30_000, itemsNeeded: 300 })
    expect(estimate.soap?.arithmetic).toBe(
      '1,200 people × 3 days × 250 g/person/month ÷ 30 days/month = 30,000 g ÷ 100 g per bar = 300 bars',
    )
  })

  it('counts covered floor area per person whatever the days, and rounds tents up', () => {
    expect(estimate['covered-area']).toMatchObject({ quantityNeeded: 4_200, itemsNeeded: 263 })
    expect(estimate['covered-area']?.arithmetic).toBe(
      '1,200 people × 3.5 m²/person = 4,200 m² ÷ 16 m² per tent = 262.5 → 263 tents (rounded up)',
    )
    expect(lines(1200, 30)['covered-area']?.itemsNeeded).toBe(263)
  })

  it('counts one toilet per 20 people', () => {
    expect(estimate.toilets).toMatchObject({ quantityNeeded: 60, itemsNeeded: 60 })
    expect(estimate.toilets?.arithmetic).toBe(
      '1,200 people ÷ 20 people per toilet = 60 toilets ÷ 1 toilet per box toilet = 60 box toilets',
    )
    expect(lines(1210, 1).toilets?.itemsNeeded).toBe(61)
  })

  it('speaks of one person, one day and one item in the singular', () => {
    expect(lines(1, 1).water?.arithmetic).toBe(
      '1 person × 1 day × 15 L/person/day = 15 L ÷ 2 L per bottle = 7.5 → 8 bottles (rounded up)',
    )
    expect(lines(20, 1).toilets?.arithmetic).toBe(
      '20 people ÷ 20 people per toilet = 1 toilet ÷ 1 toilet per box toilet = 1 box toilet',
    )
  })

  it('uses edited standards: 20 L per person per day', () => {
    const edited = applyOverrides(standards, { water_use_per_person_per_day: 20 })
    expect(edited.problems).toEqual([])
    expect(lines(1200, 3, edited.standards).water?.itemsNeeded).toBe(36_000)
  })
})

describe('estimateNeeds: refusals name the field', () => {
  const refused = (population: number, days: number, withStandards = standards) => {
    const result = estimateNeeds({
      population,
      days,
      standards: withStandards,
      mapping: bundledNeedMapping,
    })
    return result.result === 'refused' ? result.problems.map((p) => p.field) : []
  }

  it.each([0, -5, 1.5, Number.NaN, 50_000_001])('refuses a population of %s', (population) => {
    expect(refused(population, 3)).toEqual(['population'])
  })

  it.each([0, -1, 2.5, 366, Number.POSITIVE_INFINITY])('refuses %s days', (days) => {
    expect(refused(100, days)).toEqual(['days'])
  })

  it('accepts 1 and 365 days', () => {
    expect(refused(100, 1)).toEqual([])
    expect(refused(100, 365)).toEqual([])
  })

  it('refuses an estimate too large to count exactly', () => {
    const huge = applyOverrides(standards, { water_use_per_person_per_day: 1_000_000_000 })
    expect(refused(50_000_000, 365, huge.standards)).toEqual(['population'])
  })

  it('names both fields when both are wrong', () => {
    expect(refused(0, 0)).toEqual(['population', 'days'])
  })

  it('names a standard the mapping needs but the set lacks, once', () => {
    const without = standards.filter((s) => s.key !== 'water_bottle_2l_litres')
    expect(refused(100, 3, without)).toEqual(['standards.water_bottle_2l_litres'])
  })
})

describe('applyOverrides', () => {
  it('replaces the value of a known key and says which were overridden', () => {
    const result = applyOverrides(standards, { covered_floor_area_per_person: 4.5 })
    expect(result.problems).toEqual([])
    expect(result.standards.find((s) => s.key === 'covered_floor_area_per_person')?.value).toBe(4.5)
    expect([...result.overridden]).toEqual(['covered_floor_area_per_person'])
  })
  it('refuses an unknown key and a value of 0 or less, naming standards.<key>', () => {
    const result = applyOverrides(standards, { nope: 1, water_use_per_person_per_day: 0 })
    expect(result.problems.map((p) => p.field)).toEqual([
      'standards.nope',
      'standards.water_use_per_person_per_day',
    ])
    expect(result.standards).toEqual(standards)
  })
})

describe('populationOfPlace', () => {
  const wajima = {
    code: 'LG:172049',
    capacity: null,
    attributes: {
      noto2024: {
        evacuees_in_municipal_shelters: {
          value: 2745,
          unit: 'persons',
          asOf: '2024-02-01T14:00+09:00',
        },
      },
    },
  }
  it('takes the Noto 2024 evacuee figure with its date', () => {
    expect(populationOfPlace(wajima)).toEqual({
      population: 2745,
      source: 'Noto 2024 evacuees on 2024-02-01',
    })
  })
  it('takes a shelter capacity', () => {
    expect(populationOfPlace({ code: 'GSI:X', capacity: 332, attributes: {} })).toEqual({
      population: 332,
      source: 'place capacity',
    })
  })
  it('gives none for a place without figures or with capacity 0, naming the place field', () => {
    for (const capacity of [null, 0]) {
      const result = populationOfPlace({ code: 'GSI:X', capacity, attributes: {} })
      expect(result).toMatchObject({ problem: { field: 'place' } })
    }
  })
})

describe('roundUp', () => {
  it('rounds up, but not float noise above a whole number', () => {
    expect(roundUp(262.5)).toBe(263)
    expect(roundUp(0.1 * 3 * 10)).toBe(3)
    expect(roundUp(3.0000001)).toBe(4)
    expect(roundUp(743_033_943.41)).toBe(743_033_944)
  })
})

describe('estimateNeeds: properties', () => {
  const population = fc.integer({ min: 1, max: 1_000_000 })
  const days = fc.integer({ min: 1, max: 365 })
  /**
   * Any figures an operation might set: decimals of up to 2 places from 0.5 to 1,000 (a standard is a
   * written decimal, and 0.5000000000000013 is float noise the estimator deliberately drops).
   */
  const anyStandards = fc
    .array(
      fc.integer({ min: 50, max: 100_000 }).map((hundredths) => hundredths / 100),
      {
        minLength: standards.length,
        maxLength: standards.length,
      },
    )
    .map((values) => standards.map((s, i) => ({ ...s, value: values[i] as number })))

  const run = (
    p: number,
    d: number,
    s: readonly Standard[],
    m: readonly NeedMapping[] = bundledNeedMapping,
  ) => estimated(estimateNeeds({ population: p, days: d, standards: s, mapping: m }))

  const people = fc.integer({ min: 1, max: 100_000 })

  test.prop([people, days, anyStandards])(
    'gives whole, non-negative items that meet at least the need',
    (p, d, s) => {
      for (const line of run(p, d, s)) {
        expect(Number.isInteger(line.itemsNeeded)).toBe(true)
        expect(line.itemsNeeded).toBeGreaterThanOrEqual(0)
        expect(line.quantityNeeded).toBeGreaterThanOrEqual(0)
        expect(line.itemsNeeded * line.quantityPerItem).toBeGreaterThanOrEqual(
          line.quantityNeeded * (1 - 1e-9),
        )
        // Rounded up, never more than one item over.
        expect((line.itemsNeeded - 1) * line.quantityPerItem).toBeLessThan(
          line.quantityNeeded * (1 + 1e-9),
        )
      }
    },
  )

  test.prop([people, days, anyStandards])(
    'scales linearly: twice the people need twice the items, within rounding up',
    (p, d, s) => {
      const once = run(p, d, s)
      const twice = run(2 * p, d, s)
      once.forEach((line, i) => {
        const doubled = twice[i] as NeedLine
        expect(Math.abs(doubled.quantityNeeded - 2 * line.quantityNeeded)).toBeLessThanOrEqual(
          1e-12 * doubled.quantityNeeded,
        )
        expect(doubled.itemsNeeded).toBeLessThanOrEqual(2 * line.itemsNeeded)
        expect(doubled.itemsNeeded).toBeGreaterThanOrEqual(2 * line.itemsNeeded - 1)
      })
    },
  )

  test.prop([population, fc.integer({ min: 1, max: 182 })])(
    'scales with the days for daily and monthly figures, and not for floor area or toilets',
    (p, d) => {
      const once = run(p, d, standards)
      const twice = run(p, 2 * d, standards)
      once.forEach((line, i) => {
        const doubled = twice[i] as NeedLine
        if (line.id === 'covered-area' || line.id === 'toilets')
          expect(doubled.itemsNeeded).toBe(line.itemsNeeded)
        else {
          expect(doubled.itemsNeeded).toBeLessThanOrEqual(2 * line.itemsNeeded)
          expect(doubled.itemsNeeded).toBeGreaterThanOrEqual(2 * line.itemsNeeded - 1)
        }
      })
    },
  )

  test.prop([fc.oneof(fc.integer({ max: 0 }), fc.double({ noInteger: true })), days])(
    'refuses any population that is not a whole number above 0',
    (p, d) => {
      const result = estimateNeeds({
        population: p,
        days: d,
        standards,
        mapping: bundledNeedMapping,
      })
      expect(result.result).toBe('refused')
    },
  )
})
