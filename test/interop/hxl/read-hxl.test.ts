import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FileProblems } from '../../../src/interop/csv/read-table.js'
import { type HxlTable, readHxl } from '../../../src/interop/hxl/read-hxl.js'
import { formatTagspec } from '../../../src/interop/hxl/tagspec.js'
import { repoRoot } from '../../support/cli.js'

/** libhxl-python's test files (and its default schema), kept beside the checkout. */
const hxlDir = resolve(repoRoot, '../shared/data/interop/hxl')
const hxlPresent = existsSync(hxlDir)
if (!hxlPresent) console.log('skipped: ../shared/data not present')

const fixture = (name: string) => readFileSync(join(hxlDir, name))
const read = (name: string) => readHxl(name, fixture(name))

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

/** Columns as `#tag+attr@column` and rows as arrays: compact enough to check whole tables by eye. */
const specs = (table: HxlTable) => table.columns.map((c) => `${formatTagspec(c)}@${c.column}`)
const values = (table: HxlTable) => table.rows.map((r) => r.values)

/** Every fixture file that must be accepted, with its columns and rows counted by hand. */
const ACCEPTED: Record<string, { columns: number; rows: number; hashtagLine: number }> = {
  'hxl-default-schema.json': { columns: 10, rows: 7, hashtagLine: 2 },
  'libhxl-python-tests-files/mock/append-source-1.csv': { columns: 4, rows: 2, hashtagLine: 2 },
  'libhxl-python-tests-files/mock/append-source-2.csv': { columns: 4, rows: 2, hashtagLine: 2 },
  'libhxl-python-tests-files/mock/append-source-list.csv': { columns: 1, rows: 2, hashtagLine: 2 },
  'libhxl-python-tests-files/mock/taxonomy.csv': { columns: 2, rows: 3, hashtagLine: 1 },
  'libhxl-python-tests-files/test_io/input-multiline.csv': { columns: 1, rows: 1, hashtagLine: 1 },
  'libhxl-python-tests-files/test_io/input-multiple-headers.csv': {
    columns: 3,
    rows: 2,
    hashtagLine: 3,
  },
  'libhxl-python-tests-files/test_io/input-valid-json.txt': { columns: 8, rows: 4, hashtagLine: 4 },
  'libhxl-python-tests-files/test_io/input-valid-objects.json': {
    columns: 8,
    rows: 4,
    hashtagLine: 2,
  },
  'libhxl-python-tests-files/test_io/input-valid.csv': { columns: 8, rows: 4, hashtagLine: 3 },
  'libhxl-python-tests-files/test_io/input-valid.hxl': { columns: 8, rows: 4, hashtagLine: 3 },
  'libhxl-python-tests-files/test_io/input-valid.json': { columns: 8, rows: 4, hashtagLine: 4 },
  'libhxl-python-tests-files/test_io/input-valid.ssv': { columns: 8, rows: 4, hashtagLine: 3 },
  'libhxl-python-tests-files/test_io/input-valid.tsv': { columns: 8, rows: 4, hashtagLine: 3 },
  'libhxl-python-tests-files/test_io/output-valid-objects.json': {
    columns: 8,
    rows: 4,
    hashtagLine: 2,
  },
  'libhxl-python-tests-files/test_io/output-valid.csv': { columns: 8, rows: 4, hashtagLine: 2 },
  'libhxl-python-tests-files/test_io/output-valid.json': { columns: 8, rows: 4, hashtagLine: 3 },
  'libhxl-python-tests-files/test_validation/truthy-schema.json': {
    columns: 3,
    rows: 1,
    hashtagLine: 2,
  },
  ...Object.fromEntries(
    (
      [
        ['add-output-before', 8, 8],
        ['add-output-default', 8, 8],
        ['add-output-headers', 8, 8],
        ['append-dataset', 7, 16],
        ['clean-output-headers', 7, 8],
        ['clean-output-lower', 7, 8],
        ['clean-output-upper', 7, 8],
        ['clean-output-whitespace-all', 7, 8],
        ['clean-output-whitespace-tags', 7, 8],
        ['count-output-aggregated', 3, 4],
        ['count-output-colspec', 3, 4],
        ['count-output-simple', 3, 4],
        ['cut-output-excludes', 5, 8],
        ['cut-output-includes', 3, 8],
        ['input-date', 8, 8],
        ['input-merge', 2, 3],
        ['input-simple', 7, 8],
        ['input-status', 8, 8],
        ['input-whitespace', 7, 8],
        ['merge-output-basic', 8, 8],
        ['merge-output-overwrite', 8, 8],
        ['merge-output-replace', 8, 8],
        ['rename-output-header', 7, 8],
        ['rename-output-multiple', 7, 8],
        ['rename-output-single', 7, 8],
        ['select-output-eq', 7, 4],
        ['select-output-ge', 7, 4],
        ['select-output-gt', 7, 2],
        ['select-output-le', 7, 6],
        ['select-output-lt', 7, 6],
        ['select-output-multiple', 7, 6],
        ['select-output-ne', 7, 4],
        ['select-output-nre', 7, 4],
        ['select-output-re', 7, 4],
        ['select-output-reverse', 7, 4],
        ['sort-output-date', 8, 8],
        ['sort-output-default', 7, 8],
        ['sort-output-numeric', 7, 8],
        ['sort-output-reverse', 7, 8],
        ['sort-output-tags', 7, 8],
        ['tag-output-ambiguous', 2, 4],
        ['tag-output-default', 4, 4],
        ['tag-output-full', 4, 4],
        ['tag-output-notsubstrings', 1, 4],
        ['tag-output-partial', 1, 4],
      ] as const
    ).map(([name, columns, rows]) => [
      `libhxl-python-tests-files/test_scripts/${name}.csv`,
      { columns, rows, hashtagLine: 2 },
    ]),
  ),
  'libhxl-python-tests-files/test_scripts/clean-output-noheaders.csv': {
    columns: 7,
    rows: 8,
    hashtagLine: 1,
  },
  'libhxl-python-tests-files/test_scripts/validation-schema-invalid.csv': {
    columns: 2,
    rows: 1,
    hashtagLine: 1,
  },
  'libhxl-python-tests-files/test_scripts/validation-schema-valid.csv': {
    columns: 2,
    rows: 1,
    hashtagLine: 1,
  },
}

/** Every fixture file that must be refused, with where and why. */
const REFUSED: Record<string, { line: number; column?: number; message: RegExp }> = {
  // Input for hxltag: plain headers, no hashtags at all.
  'libhxl-python-tests-files/test_converters/wide-tagging-test.csv': {
    line: 1,
    message: /no HXL hashtag row in the first 25 rows/,
  },
  // libhxl accepts it "fuzzily" (half the cells are hashtags) and drops `country` and `adm1`.
  'libhxl-python-tests-files/test_io/input-fuzzy.csv': {
    line: 3,
    column: 7,
    message: /"country" is not a hashtag.*did you mean "#country"/,
  },
  'libhxl-python-tests-files/test_io/input-invalid.csv': {
    line: 3,
    column: 2,
    message: /no HXL hashtag row in the first 25 rows; this line looks like hashtags without "#"/,
  },
  'libhxl-python-tests-files/test_io/input-untagged-objects.json': {
    line: 2,
    message: /no HXL hashtags among the objects' keys \("Registro"/,
  },
  'libhxl-python-tests-files/test_io/input-untagged.csv': {
    line: 1,
    message: /no HXL hashtag row in the first 25 rows/,
  },
  'libhxl-python-tests-files/test_io/input-untagged.json': {
    line: 2,
    message: /no HXL hashtag row in the first 25 rows/,
  },
  // libhxl needs a selector (`sel1`) or searches the structure for a table; HXL tools write arrays.
  'libhxl-python-tests-files/test_io/input-valid-json-selector.json': {
    line: 1,
    message: /expected a JSON array .* found an object/,
  },
  'libhxl-python-tests-files/test_io/input-valid-nested.json': {
    line: 1,
    message: /expected a JSON array .* found an object/,
  },
  'libhxl-python-tests-files/test_io/input-valid-latin1.csv': {
    line: 1,
    message: /not valid UTF-8/,
  },
  'libhxl-python-tests-files/test_scripts/input-untagged.csv': {
    line: 1,
    message: /no HXL hashtag row in the first 25 rows/,
  },
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? listFiles(join(dir, entry.name))
      : [relative(hxlDir, join(dir, entry.name)).split(sep).join('/')],
  )
}

describe.skipIf(!hxlPresent)('readHxl on the libhxl-python test files', () => {
  it('has an expectation for every file in the folder, and a file for every expectation', () => {
    const listed = [...Object.keys(ACCEPTED), ...Object.keys(REFUSED)].sort()
    expect(listFiles(hxlDir).sort()).toEqual(listed)
  })

  it.each(Object.entries(ACCEPTED))('reads %s', (name, expected) => {
    const table = read(name)
    expect({
      columns: table.columns.length,
      rows: table.rows.length,
      hashtagLine: table.hashtagLine,
    }).toEqual(expected)
    for (const row of table.rows) expect(row.values).toHaveLength(expected.columns)
  })

  it.each(Object.entries(REFUSED))('refuses %s, naming the line', (name, expected) => {
    const error = refusal(() => read(name))
    const [first] = error.problems
    expect(first).toMatchObject({ line: expected.line })
    expect(first?.column).toBe(expected.column)
    expect(first?.message).toMatch(expected.message)
    expect(error.message).toContain(
      `${name}: line ${expected.line}${expected.column ? `, column ${expected.column}` : ''}`,
    )
  })

  it('reads input-valid.csv: two rows of text headers, an untagged first column, a short header row', () => {
    const table = read('libhxl-python-tests-files/test_io/input-valid.csv')
    expect(table.columns[0]).toEqual({
      header: 'Sector/Cluster',
      tag: '#sector',
      attributes: ['es'],
      column: 2,
    })
    // The header row above the hashtags has 8 cells for 9 hashtag cells: the last has no header.
    expect(table.columns.map((c) => c.header)).toEqual([
      'Sector/Cluster',
      'Subsector',
      'Organización',
      'Hombres',
      'Mujeres',
      'País',
      'Departamento/Provincia/Estado',
      null,
    ])
    expect(specs(table)).toEqual([
      '#sector+es@2',
      '#subsector+es@3',
      '#org+es@4',
      '#targeted+f@5',
      '#targeted+m@6',
      '#country@7',
      '#adm1@8',
      '#date+reported@9',
    ])
    expect(table.rows[0]).toEqual({
      line: 4,
      values: ['WASH', 'Higiene', 'ACNUR', '100', '100', 'Panamá', 'Los Santos', '1 March 2015'],
    })
    expect(table.rows[1]?.values).toEqual([
      'Salud',
      'Vacunación',
      'OMS',
      '',
      '',
      'Colombia',
      'Cauca',
      '',
    ])
  })

  it('reads the same data from CSV, .hxl, TSV, semicolons, JSON rows, JSON objects and libhxl output', () => {
    const reference = read('libhxl-python-tests-files/test_io/input-valid.csv')
    // As records keyed by hashtag spec, since the object forms order their keys differently.
    const records = (table: HxlTable) =>
      table.rows.map((row) =>
        Object.fromEntries(table.columns.map((c, i) => [formatTagspec(c), row.values[i]])),
      )
    for (const name of [
      'test_io/input-valid.hxl',
      'test_io/input-valid.tsv',
      'test_io/input-valid.ssv',
      'test_io/input-valid.json',
      'test_io/input-valid-json.txt',
      'test_io/input-valid-objects.json',
      'test_io/output-valid.csv',
      'test_io/output-valid.json',
      'test_io/output-valid-objects.json',
    ])
      expect(records(read(`libhxl-python-tests-files/${name}`)), name).toEqual(records(reference))
  })

  it('reads input-multiple-headers.csv: junk rows above, and a column without a hashtag left out', () => {
    const table = read('libhxl-python-tests-files/test_io/input-multiple-headers.csv')
    expect(table.columns).toEqual([
      { header: 'Org', tag: '#org', attributes: [], column: 1 },
      { header: 'Province', tag: '#adm1', attributes: [], column: 3 },
      { header: 'Number affected', tag: '#affected', attributes: [], column: 4 },
    ])
    expect(table.rows).toEqual([
      { line: 4, values: ['Org X', 'Coast', '100'] },
      { line: 5, values: ['Org Y', 'Mountains', '200'] },
    ])
  })

  it('reads input-multiline.csv: a cell over three lines is one value on line 2', () => {
    const table = read('libhxl-python-tests-files/test_io/input-multiline.csv')
    expect(table.rows).toEqual([{ line: 2, values: ['Line 1\nLine 2\nLine 3'] }])
    // One more row after it starts on line 5, whatever the line ends.
    for (const eol of ['\n', '\r\n']) {
      const bytes = Buffer.concat([
        fixture('libhxl-python-tests-files/test_io/input-multiline.csv'),
        Buffer.from(`after${eol}`),
      ])
      expect(readHxl('multiline.csv', bytes).rows.map((r) => r.line)).toEqual([2, 5])
    }
  })

  it('reads input-valid-objects.json: a key missing from an object is an empty value', () => {
    const table = read('libhxl-python-tests-files/test_io/input-valid-objects.json')
    expect(table.columns.every((c) => c.header === null)).toBe(true)
    expect(table.rows.map((r) => r.line)).toEqual([2, 13, 21, 31])
    expect(table.rows[1]?.values).toEqual([
      'Salud',
      'Vacunación',
      'OMS',
      '',
      '',
      'Colombia',
      'Cauca',
      '',
    ])
  })

  it('reads mock/append-source-1.csv: spaces after commas are trimmed, repeated hashtags kept', () => {
    const table = read('libhxl-python-tests-files/mock/append-source-1.csv')
    expect(specs(table)).toEqual(['#org@1', '#targeted@2', '#sector+list@3', '#sector+list@4'])
    expect(values(table)).toEqual([
      ['NGO A', '200', 'WASH', ''],
      ['NGO C', '500', 'Health', 'Food'],
    ])
  })

  it('refuses input-fuzzy.csv with both cells that are not hashtags', () => {
    const error = refusal(() => read('libhxl-python-tests-files/test_io/input-fuzzy.csv'))
    expect(error.problems.map((p) => [p.line, p.column])).toEqual([
      [3, 7],
      [3, 8],
    ])
    expect(error.problems[1]?.message).toMatch(/did you mean "#adm1"/)
  })
})

describe('readHxl: the hashtag row', () => {
  it('takes the first row whose non-empty cells are all hashtags, with the row above as text headers', () => {
    const table = readHxl(
      'items.csv',
      file([
        'Relief items stock report,,',
        '# of items counted on 2024-01-05,,',
        'Item,Item (Japanese),Quantity',
        '#item+name,#item+name+i_ja,#value+quantity',
        'Blanket,毛布,120',
      ]),
    )
    expect(table.hashtagLine).toBe(4)
    expect(table.columns).toEqual([
      { header: 'Item', tag: '#item', attributes: ['name'], column: 1 },
      { header: 'Item (Japanese)', tag: '#item', attributes: ['name', 'i_ja'], column: 2 },
      { header: 'Quantity', tag: '#value', attributes: ['quantity'], column: 3 },
    ])
    expect(table.rows).toEqual([{ line: 5, values: ['Blanket', '毛布', '120'] }])
  })

  it('takes the hashtag row on the first line, with no text headers', () => {
    const table = readHxl('x.csv', file(['#org,#adm1', 'IFRC,Ishikawa']))
    expect(table.columns.map((c) => c.header)).toEqual([null, null])
    expect(table.rows).toEqual([{ line: 2, values: ['IFRC', 'Ishikawa'] }])
  })

  it('lower-cases tags and attributes, trims whitespace and keeps each attribute once', () => {
    const table = readHxl('x.csv', file([' #Item +Name+I_JA+name , #ADM1+Code', 'a,b']))
    expect(table.columns).toEqual([
      { header: null, tag: '#item', attributes: ['name', 'i_ja'], column: 1 },
      { header: null, tag: '#adm1', attributes: ['code'], column: 2 },
    ])
  })

  it('finds the hashtag row on row 25, and refuses one on row 26', () => {
    const above = (n: number) => Array.from({ length: n }, (_, i) => `note ${i + 1},`)
    expect(readHxl('x.csv', file([...above(24), '#org,#adm1', 'a,b'])).hashtagLine).toBe(25)
    const error = refusal(() => readHxl('x.csv', file([...above(25), '#org,#adm1', 'a,b'])))
    expect(error.problems).toEqual([
      expect.objectContaining({
        line: 1,
        message: expect.stringMatching(/^no HXL hashtag row in the first 25 rows \(lines 1–25\)/),
      }),
    ])
  })

  it.each([
    ['#bad tag', 2],
    ['#1abc', 2],
    ['#item+', 2],
    ['#item++name', 2],
    ['#ïtem', 2],
    ['#', 2],
    ['#item+name ja', 2],
  ])('refuses the hashtag row cell "%s", naming line and column', (bad, column) => {
    const error = refusal(() => readHxl('x.csv', file(['Org,Item', `#org,${bad}`, 'a,b'])))
    expect(error.problems).toEqual([
      {
        field: 'hashtag',
        line: 2,
        column,
        message: expect.stringContaining(`"${bad}" is not a valid HXL hashtag`),
      },
    ])
    expect(error.message).toMatch(/^x\.csv: line 2, column 2 \(hashtag\)/)
  })

  it('names every bad cell of a row of hashtags, the most hashtag-like row of the file', () => {
    const error = refusal(() =>
      readHxl('x.csv', file(['#1 priority sites,,', '#org,#bad tag,adm1', 'a,b,c'])),
    )
    expect(error.problems.map((p) => [p.line, p.column, p.message.slice(0, 30)])).toEqual([
      [2, 2, '"#bad tag" is not a valid HXL '],
      [2, 3, '"adm1" is not a hashtag, unlik'],
    ])
  })

  it('takes a later valid hashtag row over an earlier row with a stray "#" cell', () => {
    const table = readHxl('x.csv', file(['#1 priority,Notes', '#org,#adm1', 'a,b']))
    expect(table.hashtagLine).toBe(2)
    expect(table.columns.map((c) => c.header)).toEqual(['#1 priority', 'Notes'])
  })

  it('refuses an empty file and a file of blank lines', () => {
    for (const bytes of [Buffer.from(''), Buffer.from('\n\r\n\n')])
      expect(refusal(() => readHxl('x.csv', bytes)).problems[0]).toMatchObject({
        line: 1,
        message: expect.stringMatching(/^the file is empty/),
      })
  })
})

describe('readHxl: CSV', () => {
  it('refuses a row with fewer or more cells than the hashtag row, naming line and column', () => {
    const error = refusal(() =>
      readHxl('x.csv', file(['Org,Region,', '#org,#adm1,', 'a,b,', 'a,b', 'a,b,c,d', 'a,b,c'])),
    )
    expect(error.problems).toEqual([
      {
        field: 'row',
        line: 4,
        column: 3,
        message: 'expected 3 cells as in the hashtag row (line 2), found 2',
      },
      {
        field: 'row',
        line: 5,
        column: 4,
        message: 'expected 3 cells as in the hashtag row (line 2), found 4',
      },
    ])
  })

  it('does not hold ragged text header rows against the file', () => {
    const table = readHxl('x.csv', file(['Title', 'Org,Region,Extra', '#org,#adm1', 'a,b']))
    expect(table.columns.map((c) => c.header)).toEqual(['Org', 'Region'])
  })

  it('refuses bytes that are not UTF-8 (Shift_JIS), naming the line', () => {
    const shiftJis = Buffer.from([0x96, 0xd1, 0x95, 0x7a]) // 毛布
    const bytes = Buffer.concat([
      Buffer.from('#item+name,#value\nBlanket,1\n'),
      shiftJis,
      Buffer.from(',2\n'),
    ])
    expect(refusal(() => readHxl('x.csv', bytes)).problems).toEqual([
      expect.objectContaining({
        field: 'encoding',
        line: 3,
        message: expect.stringMatching(/not valid UTF-8/),
      }),
    ])
  })

  it('reads a BOM, CRLF, lone CR, blank lines and quoted cells holding commas, quotes and line breaks', () => {
    const text =
      '\uFEFFName,Notes\r\n#item+name,#description\r\n\r\n"Rice, 5 kg","Say ""dry""\r\nstore"\r\n' +
      '毛布,"一行目\n二行目"\r\rlast,"  padded  "'
    const table = readHxl('x.csv', Buffer.from(text))
    expect(table.columns.map((c) => c.header)).toEqual(['Name', 'Notes'])
    expect(table.rows).toEqual([
      { line: 4, values: ['Rice, 5 kg', 'Say "dry"\r\nstore'] },
      { line: 6, values: ['毛布', '一行目\n二行目'] },
      { line: 9, values: ['last', 'padded'] },
    ])
  })

  it('refuses a cell whose quote is never closed, naming the line where it opens', () => {
    const error = refusal(() => readHxl('x.csv', file(['#org,#adm1', 'a,b', 'c,"d', 'e,f'])))
    expect(error.problems).toEqual([
      expect.objectContaining({
        field: 'csv',
        line: 3,
        column: 2,
        message: expect.stringMatching(/never closed/),
      }),
    ])
  })

  it('reads tab-, semicolon- and pipe-separated files, choosing the split that gives a hashtag row', () => {
    for (const delimiter of ['\t', ';', '|'])
      expect(
        values(
          readHxl(
            'x.txt',
            file([
              ['Org', 'Place, town'].join(delimiter),
              ['#org', '#loc'].join(delimiter),
              ['IFRC', 'Wajima, Ishikawa'].join(delimiter),
            ]),
          ),
        ),
        JSON.stringify(delimiter),
      ).toEqual([['IFRC', 'Wajima, Ishikawa']])
  })

  it('keeps a row whose cells are all empty, as libhxl does', () => {
    expect(values(readHxl('x.csv', file(['#org,#adm1', ',', 'a,b'])))).toEqual([
      ['', ''],
      ['a', 'b'],
    ])
  })
})

describe('readHxl: JSON', () => {
  const json = (value: unknown) => Buffer.from(JSON.stringify(value, null, 2))

  it('reads an array of rows: numbers and booleans as written, null as empty, each row on its line', () => {
    const text =
      '[\n  ["Item", "Qty"],\n  ["#item+name", "#value"],\n  ["Tarp", 10],\n  ["Tent", null],\n  ["Kit", true]\n]'
    const table = readHxl('x.json', Buffer.from(text))
    expect(table.hashtagLine).toBe(3)
    expect(table.columns.map((c) => c.header)).toEqual(['Item', 'Qty'])
    expect(table.rows).toEqual([
      { line: 4, values: ['Tarp', '10'] },
      { line: 5, values: ['Tent', ''] },
      { line: 6, values: ['Kit', 'true'] },
    ])
  })

  it('reads an array of objects keyed by hashtag specs, keys in order of first appearance', () => {
    const table = readHxl(
      'x.json',
      json([
        { '#item+name': 'Tarp', '': 'ignored', '#Value': 10 },
        { '#item+name': 'Tent', '#org': 'JRC' },
      ]),
    )
    expect(specs(table)).toEqual(['#item+name@1', '#value@3', '#org@4'])
    expect(values(table)).toEqual([
      ['Tarp', '10', ''],
      ['Tent', '', 'JRC'],
    ])
    expect(table.rows.map((r) => r.line)).toEqual([2, 7])
  })

  it('refuses an object key that is not a hashtag, naming it and the line of its object', () => {
    const error = refusal(() =>
      readHxl('x.json', json([{ '#item': 'Tarp' }, { '#item': 'Tent', Quantity: 3 }])),
    )
    expect(error.problems).toEqual([
      expect.objectContaining({
        field: 'Quantity',
        line: 5,
        message: expect.stringMatching(/"Quantity" is not a HXL hashtag/),
      }),
    ])
  })

  it('refuses JSON that is not an array of rows or of objects', () => {
    const cases: [unknown, number, RegExp][] = [
      [{ rows: [] }, 1, /found an object/],
      ['#org', 1, /found a single value/],
      [[], 1, /the array is empty/],
      [[['#org'], { '#org': 'x' }], 5, /expected an array like the first element/],
      [[1, 2], 2, /expected a JSON array of rows/],
    ]
    for (const [value, line, message] of cases)
      expect(
        refusal(() => readHxl('x.json', json(value))).problems[0],
        JSON.stringify(value),
      ).toMatchObject({ line, message: expect.stringMatching(message) })
  })

  it('refuses text that is not JSON in a .json file, naming the line', () => {
    const error = refusal(() => readHxl('x.json', Buffer.from('[\n  ["#org"],\n  ["a",]\n]')))
    expect(error.problems[0]).toMatchObject({
      field: 'json',
      line: 3,
      message: expect.stringMatching(/^not valid JSON/),
    })
  })

  it('reads a .csv file that starts with "[" as CSV', () => {
    const table = readHxl('x.csv', file(['[draft] stock,', '#item,#value', 'Tarp,1']))
    expect(table.columns.map((c) => c.header)).toEqual(['[draft] stock', null])
  })
})
