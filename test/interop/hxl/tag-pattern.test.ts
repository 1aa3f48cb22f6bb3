import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type HxlTable, readHxl } from '../../../src/interop/hxl/read-hxl.js'
import { findColumn, get, getAll, pattern } from '../../../src/interop/hxl/tag-pattern.js'
import { formatTagspec, parseTagspec, type Tagspec } from '../../../src/interop/hxl/tagspec.js'
import { repoRoot } from '../../support/cli.js'

const hxlDir = resolve(repoRoot, '../shared/data/interop/hxl')
const hxlPresent = existsSync(hxlDir)
if (!hxlPresent) console.log('skipped: ../shared/data not present')
const read = (name: string) => readHxl(name, readFileSync(join(hxlDir, name)))
const scripts = (name: string) => read(`libhxl-python-tests-files/test_scripts/${name}.csv`)

const column = (spec: string): Tagspec => {
  const parsed = parseTagspec(spec)
  if (!parsed) throw new Error(`bad spec in test: ${spec}`)
  return parsed
}

/** The specs of the columns a pattern matches. */
const matching = (text: string, specs: readonly string[]) =>
  specs.filter((spec) => pattern(text).matches(column(spec)))

const KIZUNA_COLUMNS = [
  '#item+code',
  '#item+name',
  '#item+name+i_ja',
  '#item+name+i_en+i_ja',
  '#org+name+funder',
  '#org+name+impl',
  '#adm1+code',
]

describe('pattern', () => {
  it('matches a column with the tag and all the attributes of the pattern, extra attributes allowed', () => {
    expect(matching('#item', KIZUNA_COLUMNS)).toEqual([
      '#item+code',
      '#item+name',
      '#item+name+i_ja',
      '#item+name+i_en+i_ja',
    ])
    expect(matching('#item+name+i_ja', KIZUNA_COLUMNS)).toEqual([
      '#item+name+i_ja',
      '#item+name+i_en+i_ja',
    ])
    expect(matching('#item+i_ja+name', KIZUNA_COLUMNS)).toEqual(
      matching('#item+name+i_ja', KIZUNA_COLUMNS),
    )
    expect(matching('#item+name+i_fr', KIZUNA_COLUMNS)).toEqual([])
    expect(matching('#items', KIZUNA_COLUMNS)).toEqual([])
  })

  it('excludes columns with a -attribute', () => {
    expect(matching('#item+name-i_en', KIZUNA_COLUMNS)).toEqual(['#item+name', '#item+name+i_ja'])
    expect(matching('#org-funder', KIZUNA_COLUMNS)).toEqual(['#org+name+impl'])
  })

  it('matches exactly the attributes written with "!"', () => {
    expect(matching('#item+name!', KIZUNA_COLUMNS)).toEqual(['#item+name'])
    expect(matching('#item+i_ja+name!', KIZUNA_COLUMNS)).toEqual(['#item+name+i_ja'])
    expect(matching('#item!', KIZUNA_COLUMNS)).toEqual([])
  })

  it('matches any hashtag with "#*"', () => {
    expect(matching('#*+code', KIZUNA_COLUMNS)).toEqual(['#item+code', '#adm1+code'])
    expect(matching('#*', KIZUNA_COLUMNS)).toEqual(KIZUNA_COLUMNS)
  })

  it('ignores case and spaces before attributes, as hashtag rows do', () => {
    expect(matching(' #ITEM +Name +I_JA ', KIZUNA_COLUMNS)).toEqual(
      matching('#item+name+i_ja', KIZUNA_COLUMNS),
    )
    expect(pattern('#Org-Funder')).toMatchObject({
      tag: '#org',
      include: [],
      exclude: ['funder'],
      absolute: false,
    })
  })

  it.each([
    'item',
    '#',
    '#1abc',
    '#item+',
    '#item+name-',
    '#bad tag',
    '#item+na me',
    '#org-x!',
    '#ïtem',
  ])('throws on the malformed pattern "%s"', (text) => {
    expect(() => pattern(text)).toThrow(/not a HXL tag pattern|cannot exclude/)
  })
})

describe('get, getAll and findColumn', () => {
  const table = {
    columns: ['#item+name', '#item+name+i_ja', '#sector+list', '#sector+list'].map(column),
  }
  const row = { line: 3, values: ['Blanket', '毛布', '', 'Shelter'] }

  it('gets the value of the first matching column, empty or not, and null when none matches', () => {
    expect(get(table, row, '#item+name')).toBe('Blanket')
    expect(get(table, row, '#item+i_ja')).toBe('毛布')
    expect(get(table, row, pattern('#item-i_ja'))).toBe('Blanket')
    expect(get(table, row, '#sector')).toBe('')
    expect(get(table, row, '#org')).toBeNull()
  })

  it('gets every matching value, in column order', () => {
    expect(getAll(table, row, '#sector+list')).toEqual(['', 'Shelter'])
    expect(getAll(table, row, '#org')).toEqual([])
  })

  it('finds the index of the first matching column', () => {
    expect(findColumn(table.columns, '#item+i_ja')).toBe(1)
    expect(findColumn(table.columns, '#org')).toBe(-1)
  })
})

describe.skipIf(!hxlPresent)('patterns on the libhxl-python test files', () => {
  const specsOf = (table: HxlTable) => table.columns.map(formatTagspec)
  /** Rows as records of header → value, comparable across files with different columns. */
  const cut = (table: HxlTable, keep: (c: Tagspec) => boolean) =>
    table.rows.map((row) => table.columns.flatMap((c, i) => (keep(c) ? [row.values[i]] : [])))

  it('selects the columns hxlcut kept with --include sector,org,adm1', () => {
    const input = scripts('input-simple')
    const include = ['#sector', '#org', '#adm1'].map((text) => pattern(text))
    const keep = (c: Tagspec) => include.some((p) => p.matches(c))
    const expected = scripts('cut-output-includes')
    expect(input.columns.filter(keep).map(formatTagspec)).toEqual(specsOf(expected))
    expect(cut(input, keep)).toEqual(expected.rows.map((r) => r.values))
  })

  it('leaves out the columns hxlcut dropped with --exclude population+sex,targeted', () => {
    const input = scripts('input-simple')
    const exclude = ['#population+sex', '#targeted'].map((text) => pattern(text))
    const keep = (c: Tagspec) => !exclude.some((p) => p.matches(c))
    const expected = scripts('cut-output-excludes')
    expect(input.columns.filter(keep).map(formatTagspec)).toEqual(specsOf(expected))
    expect(cut(input, keep)).toEqual(expected.rows.map((r) => r.values))
  })

  it('selects the rows hxlselect kept with sector=WASH and sector!=WASH', () => {
    const input = scripts('input-simple')
    const wash = input.rows.filter((row) => get(input, row, '#sector') === 'WASH')
    expect(wash.map((r) => r.values)).toEqual(scripts('select-output-eq').rows.map((r) => r.values))
    const other = input.rows.filter((row) => get(input, row, '#sector') !== 'WASH')
    expect(other.map((r) => r.values)).toEqual(
      scripts('select-output-ne').rows.map((r) => r.values),
    )
  })

  it('tells apart #targeted+f and #targeted+m in input-valid.csv', () => {
    const table = read('libhxl-python-tests-files/test_io/input-valid.csv')
    const row = table.rows[2]!
    expect(get(table, row, '#targeted+f')).toBe('250')
    expect(get(table, row, '#targeted+m')).toBe('300')
    expect(get(table, row, '#targeted-f')).toBe('300')
    expect(getAll(table, row, '#targeted')).toEqual(['250', '300'])
    expect(table.columns.filter(pattern('#*+es').matches).map(formatTagspec)).toEqual([
      '#sector+es',
      '#subsector+es',
      '#org+es',
    ])
  })

  it('gets both #sector+list values of mock/append-source-1.csv', () => {
    const table = read('libhxl-python-tests-files/mock/append-source-1.csv')
    expect(table.rows.map((row) => getAll(table, row, '#sector+list'))).toEqual([
      ['WASH', ''],
      ['Health', 'Food'],
    ])
  })

  it("applies the rules of libhxl's default schema to the columns they name", () => {
    // Each rule's #valid_tag is a comma-separated list of tag patterns.
    const schema = read('hxl-default-schema.json')
    const data = read('libhxl-python-tests-files/test_io/input-valid.csv')
    const applies = Object.fromEntries(
      schema.rows.map((rule) => {
        const patterns = (get(schema, rule, '#valid_tag') ?? '')
          .split(',')
          .map((text) => pattern(text))
        return [
          get(schema, rule, '#meta+comment'),
          data.columns.filter((c) => patterns.some((p) => p.matches(c))).map(formatTagspec),
        ]
      }),
    )
    expect(applies).toEqual({
      'Always a date': ['#date+reported'],
      'Always a number': ['#targeted+f', '#targeted+m'],
      'Gently point out numeric outliers': ['#targeted+f', '#targeted+m'],
      'Spell-check highly-repetitive values': ['#sector+es', '#subsector+es', '#org+es'],
      'Placenames may benefit from spell checking': ['#country', '#adm1'],
      'Look for consistent datatypes with indicators': [],
      'Detect sloppy whitespace anywhere': specsOf(data),
    })
    // "#valid_value+outliers" is found by "#valid_value", not by "#valid_value+case".
    const outliers = schema.rows[2]!
    expect(get(schema, outliers, '#valid_value')).toBe('true')
    expect(get(schema, outliers, '#valid_value+case')).toBe('')
  })
})
