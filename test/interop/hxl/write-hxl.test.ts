import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fc, test as fcTest } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { readHxl } from '../../../src/interop/hxl/read-hxl.js'
import { type HxlColumnOut, writeHxl } from '../../../src/interop/hxl/write-hxl.js'
import { repoRoot } from '../../support/cli.js'

const hxlDir = resolve(repoRoot, '../shared/data/interop/hxl')
const hxlPresent = existsSync(hxlDir)
if (!hxlPresent) console.log('skipped: ../shared/data not present')

const ITEMS: HxlColumnOut[] = [
  { header: 'Item code', tag: '#item', attributes: ['code'] },
  { header: 'Item name', tag: '#item', attributes: ['name'] },
  { header: 'Item name (Japanese)', tag: '#item', attributes: ['name', 'i_ja'] },
  { header: 'Quantity', tag: '#value', attributes: ['quantity'] },
]

describe('writeHxl', () => {
  it('writes the text headers, the hashtag row and the rows, quoting as RFC 4180 says, with CRLF', () => {
    const text = writeHxl(ITEMS, [
      { values: ['KZ-WASH-001', 'Water, 2 L', '保存水', '120'] },
      { values: ['KZ-KIT-002', 'Kit "family"', '家族\nキット', ''] },
    ])
    expect(text).toBe(
      'Item code,Item name,Item name (Japanese),Quantity\r\n' +
        '#item+code,#item+name,#item+name+i_ja,#value+quantity\r\n' +
        'KZ-WASH-001,"Water, 2 L",保存水,120\r\n' +
        'KZ-KIT-002,"Kit ""family""","家族\nキット",\r\n',
    )
    const table = readHxl('items.csv', Buffer.from(text))
    expect(table.rows.map((r) => r.line)).toEqual([3, 4])
    expect(table.rows[1]?.values).toEqual(['KZ-KIT-002', 'Kit "family"', '家族\nキット', ''])
  })

  it('normalises hashtags to lower case with each attribute once, and writes a null header as empty', () => {
    expect(
      writeHxl([{ header: null, tag: '#Item', attributes: ['Name', 'name', 'I_JA'] }], []),
    ).toBe('""\r\n#item+name+i_ja\r\n')
  })

  it('writes a single empty value as "" so that the row is not an empty line', () => {
    const text = writeHxl(
      [{ header: 'Notes', tag: '#description', attributes: [] }],
      [{ values: [''] }, { values: ['x'] }],
    )
    expect(text).toBe('Notes\r\n#description\r\n""\r\nx\r\n')
    expect(readHxl('x.csv', Buffer.from(text)).rows).toEqual([
      { line: 3, values: [''] },
      { line: 4, values: ['x'] },
    ])
  })

  it('throws on a malformed hashtag, a row of the wrong length, headers that read as hashtags, or no columns', () => {
    const row = { values: ['a'] }
    expect(() => writeHxl([{ header: null, tag: '#bad tag', attributes: [] }], [row])).toThrow(
      /not a HXL hashtag spec/,
    )
    expect(() => writeHxl([{ header: null, tag: 'item', attributes: [] }], [row])).toThrow(
      /not a HXL hashtag spec/,
    )
    expect(() =>
      writeHxl([{ header: null, tag: '#item', attributes: ['name+i_ja'] }], [row]),
    ).toThrow(/not a HXL hashtag spec/)
    expect(() => writeHxl(ITEMS, [row])).toThrow(/row 1 has 1 values for 4 columns/)
    expect(() => writeHxl([{ header: '#org', tag: '#org', attributes: [] }], [row])).toThrow(
      /would take them for the hashtag row/,
    )
    expect(() => writeHxl([], [])).toThrow(/at least one column/)
  })
})

describe.skipIf(!hxlPresent)('writeHxl on the libhxl-python test files', () => {
  it('writes input-simple.csv byte for byte as libhxl does (clean-output-headers.csv)', () => {
    const dir = join(hxlDir, 'libhxl-python-tests-files/test_scripts')
    const table = readHxl('input-simple.csv', readFileSync(join(dir, 'input-simple.csv')))
    expect(writeHxl(table.columns, table.rows)).toBe(
      readFileSync(join(dir, 'clean-output-headers.csv'), 'utf8'),
    )
  })

  it('writes input-valid.csv without its untagged column, and reads it back the same', () => {
    const name = 'libhxl-python-tests-files/test_io/input-valid.csv'
    const table = readHxl(name, readFileSync(join(hxlDir, name)))
    const again = readHxl('again.csv', Buffer.from(writeHxl(table.columns, table.rows)))
    expect(again.columns).toEqual(table.columns.map((c, i) => ({ ...c, column: i + 1 })))
    expect(again.rows.map((r) => r.values)).toEqual(table.rows.map((r) => r.values))
  })
})

// ————— round trip —————

const token = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,7}$/)

/** Text with what CSV must quote and what Kizuna's users write: commas, quotes, line breaks, Japanese. */
const cellText = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 6 }),
      fc.constantFrom(
        ',',
        '"',
        '""',
        '\n',
        '\r\n',
        '\r',
        ' ',
        '\t',
        '　',
        '#org',
        '#',
        '+',
        '毛布',
        '避難所',
        'ｶﾀｶﾅ',
        '🍙',
      ),
    ),
    { maxLength: 5 },
  )
  .map((parts) => parts.join(''))

const columnOut: fc.Arbitrary<HxlColumnOut> = fc.record({
  header: fc.option(cellText),
  tag: token.map((t) => `#${t}`),
  attributes: fc.array(token, { maxLength: 4 }),
})

const dataset = fc.array(columnOut, { minLength: 1, maxLength: 6 }).chain((columns) =>
  fc.tuple(
    fc.constant(columns),
    fc.array(
      fc
        .array(cellText, { minLength: columns.length, maxLength: columns.length })
        .map((values) => ({ values })),
      { maxLength: 8 },
    ),
  ),
)

/** A header row made only of hashtags is refused by writeHxl (a reader would take it for the hashtag row). */
const headersReadAsHashtags = (columns: readonly HxlColumnOut[]) => {
  const filled = columns.map((c) => c.header?.trim() ?? '').filter(Boolean)
  return (
    filled.length > 0 &&
    filled.every((h) => /^#[A-Za-z][A-Za-z0-9_]*(\s*\+[A-Za-z][A-Za-z0-9_]*)*$/.test(h))
  )
}

/** Line breaks in a text, as an editor counts them. */
const breaks = (text: string) => text.match(/\r\n|\r|\n/g)?.length ?? 0

describe('writeHxl then readHxl', () => {
  fcTest.prop([dataset], { numRuns: 300 })(
    'gives back the columns (lower case, attributes once), trimmed values and the line of each row',
    ([columns, rows]) => {
      fc.pre(!headersReadAsHashtags(columns))
      const table = readHxl('round-trip.csv', Buffer.from(writeHxl(columns, rows)))
      expect(table.columns).toEqual(
        columns.map((c, i) => ({
          header: c.header?.trim() || null,
          tag: c.tag.toLowerCase(),
          attributes: [...new Set(c.attributes.map((a) => a.toLowerCase()))],
          column: i + 1,
        })),
      )
      // Lines: one for each record, plus the line breaks inside its cells.
      let line = 1 + (1 + breaks(columns.map((c) => c.header ?? '').join(','))) + 1
      const expected = rows.map(({ values }) => {
        const row = { line, values: values.map((v) => v.trim()) }
        line += 1 + breaks(values.join(','))
        return row
      })
      expect(table.rows).toEqual(expected)
    },
  )

  fcTest.prop([dataset])(
    'gives back values exactly when they have no space at either end',
    ([columns, rows]) => {
      fc.pre(!headersReadAsHashtags(columns))
      const trimmed = rows.map(({ values }) => ({ values: values.map((v) => v.trim()) }))
      const table = readHxl('round-trip.csv', Buffer.from(writeHxl(columns, trimmed)))
      expect(table.rows.map((r) => r.values)).toEqual(trimmed.map((r) => r.values))
    },
  )
})
