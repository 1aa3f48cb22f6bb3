import { readFileSync } from 'node:fs'
import { fc, test as fcTest } from '@fast-check/vitest'
import { stringify } from 'csv-stringify/sync'
import { describe, expect, it } from 'vitest'
import {
  readIfrcFamilies,
  readIfrcItemsCsv,
  readItemsCsv,
  readItemsJson,
} from '../../src/interop/catalog/read-items.js'
import { FileProblems } from '../../src/interop/csv/read-table.js'
import { ifrcFamiliesCsv, ifrcStandardCsv, sharedDataPresent } from '../support/cli.js'

const HEADER =
  'code,name_en,name_ja,category,unit,unit_weight_g,unit_volume_ml,shelf_life_days,ifrc_code,kit'
// 1-based columns of HEADER, as the reader should name them.
const COL = {
  code: 1,
  category: 4,
  unitWeightG: 6,
  kit: 10,
}
const ROW_A = 'KZ-A,Alpha water 2 L,保存水,wash,bottle,2100,2200,1825,,'
const ROW_B = 'KZ-B,Beta rice,アルファ米,food,pack,115,1000,1825,,'

/** A file of the given lines, each ended by `eol`. */
const file = (lines: readonly string[], eol = '\n') =>
  Buffer.from(lines.map((l) => l + eol).join(''))

/** Runs a reader that must refuse its input, and returns the refusal. */
function refusal(read: () => unknown): FileProblems {
  let caught: unknown
  try {
    read()
  } catch (error) {
    caught = error
  }
  expect(caught, 'the input should have been refused').toBeInstanceOf(FileProblems)
  return caught as FileProblems
}

describe('readItemsCsv (Kizuna catalogue CSV)', () => {
  it('reads kits, whole numbers, empty cells as null and the line of each row', () => {
    const rows = readItemsCsv(
      'items.csv',
      file([
        HEADER,
        ROW_A,
        ROW_B,
        'KZ-KIT,Family kit,家族キット,nfi,kit,"4,315",5000,,,KZ-A*2;KZ-B*1',
        'KZ-C,Tarpaulin,,shelter,each,,,,HSHETARP,',
      ]),
    )
    expect(rows).toEqual([
      {
        line: 2,
        code: 'KZ-A',
        nameEn: 'Alpha water 2 L',
        nameJa: '保存水',
        category: 'wash',
        group: null,
        unit: 'bottle',
        unitWeightG: 2100,
        unitVolumeMl: 2200,
        shelfLifeDays: 1825,
        ifrcCode: null,
        components: [],
      },
      {
        line: 3,
        code: 'KZ-B',
        nameEn: 'Beta rice',
        nameJa: 'アルファ米',
        category: 'food',
        group: null,
        unit: 'pack',
        unitWeightG: 115,
        unitVolumeMl: 1000,
        shelfLifeDays: 1825,
        ifrcCode: null,
        components: [],
      },
      {
        line: 4,
        code: 'KZ-KIT',
        nameEn: 'Family kit',
        nameJa: '家族キット',
        category: 'nfi',
        group: null,
        unit: 'kit',
        unitWeightG: 4315,
        unitVolumeMl: 5000,
        shelfLifeDays: null,
        ifrcCode: null,
        components: [
          { code: 'KZ-A', quantity: 2 },
          { code: 'KZ-B', quantity: 1 },
        ],
      },
      {
        line: 5,
        code: 'KZ-C',
        nameEn: 'Tarpaulin',
        nameJa: null,
        category: 'shelter',
        group: null,
        unit: 'each',
        unitWeightG: null,
        unitVolumeMl: null,
        shelfLifeDays: null,
        ifrcCode: 'HSHETARP',
        components: [],
      },
    ])
  })

  it('reads the optional group column, trims cells and skips a byte-order mark', () => {
    const rows = readItemsCsv(
      'items.csv',
      Buffer.from(
        `\ufeff${HEADER},group\n  KZ-A , Alpha ,,wash,bottle, 12 ,,,, ,Water / Bottled\n`,
      ),
    )
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      code: 'KZ-A',
      nameEn: 'Alpha',
      unitWeightG: 12,
      group: 'Water / Bottled',
      components: [],
    })
  })

  it('refuses a file whose header lacks a required column, naming the column and line 1', () => {
    const error = refusal(() =>
      readItemsCsv('items.csv', file(['code,name_en,category,weight', 'KZ-A,Alpha,wash,1'])),
    )
    expect(error.file).toBe('items.csv')
    expect(error.problems).toEqual([expect.objectContaining({ field: 'unit', line: 1 })])
    expect(error.message).toContain('items.csv: line 1')
    expect(error.message).toContain('missing column "unit"')
  })

  it('refuses an empty file, asking for the header', () => {
    const error = refusal(() => readItemsCsv('items.csv', Buffer.alloc(0)))
    expect(error.problems[0]).toMatchObject({ field: 'header', line: 1 })
  })

  it('refuses a weight written with its unit ("12kg"), naming the file, line and column', () => {
    const error = refusal(() =>
      readItemsCsv('items.csv', file([HEADER, ROW_A, 'KZ-B,Beta,,food,pack,12kg,,,,'])),
    )
    expect(error.problems).toEqual([
      expect.objectContaining({ field: 'unit_weight_g', line: 3, column: COL.unitWeightG }),
    ])
    expect(error.message).toMatch(/^items\.csv: line 3, column 6 \(unit_weight_g\): "12kg"/)
  })

  it('refuses negative and fractional quantities and a zero shelf life, each with its column', () => {
    const error = refusal(() =>
      readItemsCsv('items.csv', file([HEADER, 'KZ-A,Alpha,,wash,bottle,-5,1.5,0,,'])),
    )
    expect(error.problems.map((p) => [p.field, p.line, p.column])).toEqual([
      ['unit_weight_g', 2, 6],
      ['unit_volume_ml', 2, 7],
      ['shelf_life_days', 2, 8],
    ])
  })

  it('refuses an unknown category, naming the category column', () => {
    const error = refusal(() =>
      readItemsCsv('items.csv', file([HEADER, ROW_A, ROW_B, 'KZ-C,Toy,,toys,each,,,,,'])),
    )
    expect(error.problems).toEqual([
      expect.objectContaining({ field: 'category', line: 4, column: COL.category }),
    ])
    expect(error.message).toContain('unknown category "toys"')
  })

  it('refuses a code that is not upper case, naming the code column', () => {
    const error = refusal(() =>
      readItemsCsv('items.csv', file([HEADER, 'kz-a,Alpha,,wash,each,,,,,'])),
    )
    expect(error.problems).toEqual([
      expect.objectContaining({ field: 'code', line: 2, column: COL.code }),
    ])
  })

  it('refuses a duplicate code, naming its line, its column and the line where the code first appeared', () => {
    const error = refusal(() => readItemsCsv('items.csv', file([HEADER, ROW_A, ROW_B, ROW_A])))
    expect(error.problems).toHaveLength(1)
    expect(error.problems[0]?.message).toContain('first on line 2')
    expect(error.problems[0]).toMatchObject({ field: 'code', line: 4, column: COL.code })
  })

  it('refuses a row with too few fields, naming the first missing column', () => {
    const error = refusal(() => readItemsCsv('items.csv', file([HEADER, ROW_A, 'KZ-B,Beta,,food'])))
    expect(error.problems).toEqual([expect.objectContaining({ field: 'row', line: 3, column: 5 })])
    expect(error.message).toContain('expected 10 fields as in the header, found 4')
  })

  it('refuses a kit cell that is not CODE*QUANTITY, naming the kit column', () => {
    const error = refusal(() =>
      readItemsCsv('items.csv', file([HEADER, ROW_A, 'KZ-KIT,Kit,,nfi,kit,,,,,KZ-A x2'])),
    )
    expect(error.problems).toEqual([
      expect.objectContaining({ field: 'kit', line: 3, column: COL.kit }),
    ])
    expect(error.message).toContain('"KZ-A x2" is not a component')
  })

  it('refuses a kit component of quantity 0, naming the kit column', () => {
    const error = refusal(() =>
      readItemsCsv('items.csv', file([HEADER, ROW_A, 'KZ-KIT,Kit,,nfi,kit,,,,,KZ-A*0'])),
    )
    expect(error.problems).toHaveLength(1)
    expect(error.problems[0]).toMatchObject({ line: 3, column: COL.kit })
  })

  it('refuses the whole file when several rows are bad, listing every problem in line order', () => {
    const error = refusal(() =>
      readItemsCsv(
        'items.csv',
        file([HEADER, 'KZ-C,Gamma,,toys,each,,,,,', ROW_A, 'KZ-B,Beta,,food,pack,12kg,,,,']),
      ),
    )
    expect(error.problems.map((p) => p.line)).toEqual([2, 4])
    expect(error.message).toContain('and 1 more problem(s)')
  })

  it('refuses Shift_JIS bytes, naming the line that holds them', () => {
    const bytes = Buffer.concat([
      Buffer.from(`${HEADER}\n${ROW_A}\nKZ-B,Beta,`),
      Buffer.from([0x82, 0xa0]), // あ in Shift_JIS
      Buffer.from(',food,pack,,,,,\n'),
    ])
    const error = refusal(() => readItemsCsv('items-sjis.csv', bytes))
    expect(error.file).toBe('items-sjis.csv')
    expect(error.problems).toEqual([expect.objectContaining({ field: 'encoding', line: 3 })])
    expect(error.message).toContain('items-sjis.csv: line 3')
    expect(error.message).toContain('UTF-8')
  })

  it('counts the lines of a quoted field that spans two lines when naming a later bad row', () => {
    const error = refusal(() =>
      readItemsCsv(
        'items.csv',
        file([
          HEADER,
          'KZ-A,"Alpha water',
          '2 L bottle",,wash,bottle,,,,,',
          ROW_B,
          'KZ-C,Toy,,toys,each,,,,,',
        ]),
      ),
    )
    expect(error.problems).toEqual([expect.objectContaining({ field: 'category', line: 5 })])
  })

  it('counts the lines of a quoted field that spans two lines in a CRLF file (as Windows tools save it)', () => {
    const error = refusal(() =>
      readItemsCsv(
        'items.csv',
        file(
          [
            HEADER,
            'KZ-A,"Alpha water',
            '2 L bottle",,wash,bottle,,,,,',
            ROW_B,
            'KZ-C,Toy,,toys,each,,,,,',
          ],
          '\r\n',
        ),
      ),
    )
    expect(error.problems).toEqual([expect.objectContaining({ field: 'category', line: 5 })])
  })

  fcTest.prop(
    [
      fc.array(
        fc.record({
          name: fc.stringMatching(/^[A-Za-z][A-Za-z ,"\n]{0,20}[A-Za-z]$/),
          weight: fc.option(fc.nat(100_000_000), { nil: null }),
          days: fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: null }),
        }),
        { minLength: 1, maxLength: 8 },
      ),
      fc.nat(),
    ],
    { numRuns: 60 },
  )(
    'reads back any catalogue written as CSV, with each row at the line where it starts',
    (items, pick) => {
      const records = items.map((item, i) => [
        `KZ-P${i}`,
        item.name,
        '',
        'nfi',
        'each',
        item.weight ?? '',
        '',
        item.days ?? '',
        '',
        '',
      ])
      const text = `${HEADER}\n${stringify(records)}`
      const rows = readItemsCsv('p.csv', Buffer.from(text))
      let line = 2
      rows.forEach((row, i) => {
        const item = items[i]
        expect(row).toMatchObject({
          line,
          code: `KZ-P${i}`,
          nameEn: item?.name,
          unitWeightG: item?.weight,
          shelfLifeDays: item?.days,
        })
        line += item?.name.split('\n').length ?? 1
      })
      // And a bad category on any row is reported at that row's first line.
      const bad = pick % items.length
      const badRecords = records.map((r, i) =>
        i === bad ? r.map((c, j) => (j === 3 ? 'toys' : c)) : r,
      )
      const error = refusal(() =>
        readItemsCsv('p.csv', Buffer.from(`${HEADER}\n${stringify(badRecords)}`)),
      )
      expect(error.problems[0]?.line).toBe(rows[bad]?.line)
    },
  )
})

describe('readItemsJson (what `kizuna export items --format json` writes)', () => {
  const item = {
    code: 'KZ-KIT',
    nameEn: 'Kit',
    nameJa: null,
    category: 'nfi',
    group: 'Kits',
    unit: 'kit',
    unitWeightG: 1200,
    unitVolumeMl: null,
    shelfLifeDays: null,
    ifrcCode: null,
    components: [{ code: 'KZ-A', quantity: 2 }],
    id: 'ignored',
    version: 3,
  }

  it('reads an array of items, and the same array under "items"', () => {
    const expected = [
      {
        line: 1,
        code: 'KZ-KIT',
        nameEn: 'Kit',
        nameJa: null,
        category: 'nfi',
        group: 'Kits',
        unit: 'kit',
        unitWeightG: 1200,
        unitVolumeMl: null,
        shelfLifeDays: null,
        ifrcCode: null,
        components: [{ code: 'KZ-A', quantity: 2 }],
      },
    ]
    expect(readItemsJson('items.json', Buffer.from(JSON.stringify([item])))).toEqual(expected)
    expect(readItemsJson('items.json', Buffer.from(JSON.stringify({ items: [item] })))).toEqual(
      expected,
    )
  })

  it('refuses text that is not JSON, naming the file', () => {
    const error = refusal(() => readItemsJson('items.json', Buffer.from('[{"code": "KZ-A",]')))
    expect(error.file).toBe('items.json')
    expect(error.problems[0]).toMatchObject({ field: 'json', line: 1 })
  })

  it('refuses a fractional weight, naming the record', () => {
    const error = refusal(() =>
      readItemsJson(
        'items.json',
        Buffer.from(JSON.stringify([item, { ...item, code: 'KZ-B', unitWeightG: 1.5 }])),
      ),
    )
    expect(error.problems[0]).toMatchObject({ field: '[1].unitWeightG', line: 2 })
  })
})

describe('readIfrcItemsCsv (the IFRC catalogue as Sahana Eden ships it)', () => {
  const IFRC_HEADER =
    'item code,item description,length cm,height cm,width cm,volume litre,weight kg,in EIC'
  const families = readIfrcFamilies(
    'families.csv',
    file([
      'Organisation,Catalog,GROUP_CODE,GROUP_DESCRIPTION,FAM,FAMILY_DESCRITPION,VEHICLE,,',
      'IFRC,IFRC Standard Catalog,H,Housing,SHE,Shelter,,,',
      'IFRC,IFRC Standard Catalog,W,Water & Sanitation,WAT,Water & Watersupply,,,',
      'IFRC,IFRC Standard Catalog,A,Administration,AUD,Audio Accessories,,,',
    ]),
  )

  it('reads the category file into groups and families', () => {
    expect(families.groups.get('H')).toBe('Housing')
    expect(families.families.get('HSHE')).toBe('Shelter')
    expect(families.families.get('WWAT')).toBe('Water & Watersupply')
  })

  it('turns zero weight and volume into null and converts kg to g and litres to ml, rounded', () => {
    const rows = readIfrcItemsCsv(
      'ifrc.csv',
      file([
        IFRC_HEADER,
        'HSHETARP01,"TARPAULIN, woven plastic, 4x6m",0,0,0,0,0,yes',
        'WWATJERR10,"JERRYCAN, collapsible, 10 litres",30,10,20,0.7695,0.0285,yes',
        'AAUDLOUDCOMBI,LOUDSPEAKER amplified,42,64,37,99.456,14.9,',
      ]),
      families,
    )
    expect(rows.map((r) => [r.code, r.unitWeightG, r.unitVolumeMl])).toEqual([
      ['HSHETARP01', null, null],
      ['WWATJERR10', 29, 770],
      ['AAUDLOUDCOMBI', 14_900, 99_456],
    ])
    expect(rows[0]).toMatchObject({
      line: 2,
      nameEn: 'TARPAULIN, woven plastic, 4x6m',
      nameJa: null,
      unit: 'each',
      shelfLifeDays: null,
      ifrcCode: 'HSHETARP01',
      components: [],
    })
  })

  it('takes the category from the first letter of the code, and "other" for groups the hub does not stock', () => {
    const letters = ['F', 'W', 'H', 'K', 'D', 'M', 'T', 'A', 'O']
    const rows = readIfrcItemsCsv(
      'ifrc.csv',
      file([IFRC_HEADER, ...letters.map((l) => `${l}XXXTEST01,Test ${l},0,0,0,0,0,`)]),
    )
    expect(rows.map((r) => r.category)).toEqual([
      'food',
      'wash',
      'shelter',
      'nfi',
      'health',
      'health',
      'logistics',
      'other',
      'other',
    ])
  })

  it('records the group and family from the families file, the group alone when the family is unknown, and null without a families file', () => {
    const text = file([
      IFRC_HEADER,
      'HSHETARP01,Tarpaulin,0,0,0,0,0,',
      'HZZZTEST01,Unknown family,0,0,0,0,0,',
      'QZZZTEST01,Unknown group,0,0,0,0,0,',
    ])
    expect(readIfrcItemsCsv('ifrc.csv', text, families).map((r) => r.group)).toEqual([
      'Housing / Shelter',
      'Housing',
      null,
    ])
    expect(readIfrcItemsCsv('ifrc.csv', text).map((r) => r.group)).toEqual([null, null, null])
  })

  it('refuses a negative weight, naming line and column', () => {
    const error = refusal(() =>
      readIfrcItemsCsv('ifrc.csv', file([IFRC_HEADER, 'HSHETARP01,Tarpaulin,0,0,0,0,-1,'])),
    )
    expect(error.problems.map((p) => [p.field, p.line, p.column])).toEqual([['weight kg', 2, 7]])
  })

  it('reports a missing description once, under its column name', () => {
    const error = refusal(() =>
      readIfrcItemsCsv('ifrc.csv', file([IFRC_HEADER, 'HSHETARP02,,0,0,0,0,0,'])),
    )
    expect(error.problems.map((p) => [p.field, p.line, p.column])).toEqual([
      ['item description', 2, 2],
    ])
  })

  it('refuses a file without the weight column', () => {
    const error = refusal(() =>
      readIfrcItemsCsv('ifrc.csv', file(['item code,item description,volume litre', 'H1,x,0'])),
    )
    expect(error.problems).toEqual([expect.objectContaining({ field: 'weight kg', line: 1 })])
  })

  if (sharedDataPresent) {
    it('reads the whole IFRC standard catalogue: 11,782 items with unique codes', () => {
      const all = readIfrcFamilies('families.csv', readFileSync(ifrcFamiliesCsv))
      const rows = readIfrcItemsCsv(
        'ifrc_supply_item_ifrc_standard.csv',
        readFileSync(ifrcStandardCsv),
        all,
      )
      expect(rows).toHaveLength(11_782)
      expect(new Set(rows.map((r) => r.code)).size).toBe(11_782)
      // The data's README: 3,807 rows carry a weight.
      expect(rows.filter((r) => r.unitWeightG !== null)).toHaveLength(3_807)
      expect(rows.every((r) => r.ifrcCode === r.code && r.group !== null)).toBe(true)
      expect(rows.at(-1)?.line).toBe(11_783)
    })
  } else {
    console.log('skipped: ../shared/data not present')
    it.skip('reads the whole IFRC standard catalogue (skipped: ../shared/data not present)', () => {})
  }
})
