/**
 * The exchange sheets, pure: requests written as HXL and read back to the same drafts, the import's
 * refusals with line and column, grouping, the 3W's aggregation, prefectures from municipality codes,
 * and every libhxl test file refused with a clear problem rather than an exception.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Pledge } from '../../src/domain/requests/pledge.js'
import type { Request } from '../../src/domain/requests/request.js'
import { FileProblems } from '../../src/interop/csv/read-table.js'
import { prefectureOf } from '../../src/interop/exchange/admin-areas.js'
import type { SheetLookups } from '../../src/interop/exchange/lookups.js'
import { readPledgeSheet } from '../../src/interop/exchange/pledge-sheet.js'
import {
  readRequestSheet,
  readTime,
  requestColumns,
  requestLineRows,
} from '../../src/interop/exchange/request-sheet.js'
import { writeSheet } from '../../src/interop/exchange/sheet.js'
import { threeW } from '../../src/interop/exchange/three-w.js'
import { repoRoot } from '../support/cli.js'

const NOW = new Date('2026-01-02T00:00:00Z')
const lookups: SheetLookups = {
  item: (id) =>
    ({
      water: {
        code: 'KZ-WATER',
        nameEn: 'Water, 2 L',
        nameJa: '保存水',
        category: 'wash',
        unit: 'bottle',
      },
      rice: { code: 'KZ-RICE', nameEn: 'Rice', nameJa: null, category: 'food', unit: 'pack' },
    })[id],
  place: (id) =>
    id === 'wajima'
      ? {
          code: 'LG:172049',
          nameEn: 'Wajima',
          nameJa: '輪島市',
          country: 'JP',
          adminCode: '172049',
          municipality: '輪島市',
        }
      : undefined,
  organisation: (id) => (id === 'jp' ? { code: 'JP-ISHIKAWA', nameEn: 'Ishikawa' } : undefined),
  operation: () => undefined,
}

const envelope = {
  home: 'node',
  org: 'jp',
  share: 'all' as const,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
}
const request = (overrides: Partial<Request> = {}): Request => ({
  ...envelope,
  id: 'r1',
  code: 'RQ-AAAA2222',
  operation: null,
  destination: 'wajima',
  neededBy: '2026-01-05T00:00:00.000Z',
  justification: 'water cut, "320" evacuees',
  status: 'validated',
  rejectionReason: null,
  possibleDuplicates: [],
  lines: [
    {
      id: 'l1',
      kind: 'item',
      item: 'water',
      quantity: 960,
      priority: 'life-saving',
      neededBy: null,
      quantityPlanned: 0,
      quantityDispatched: 0,
      quantityDelivered: 0,
    },
    {
      id: 'l2',
      kind: 'item',
      item: 'rice',
      quantity: 100,
      priority: 'other',
      neededBy: '2026-01-06T00:00:00.000Z',
      quantityPlanned: 100,
      quantityDispatched: 40,
      quantityDelivered: 40,
    },
    {
      id: 'l3',
      kind: 'capability',
      capability: 'airlift',
      description: 'C-130, 2 sorties',
      quantity: 12.5,
      unit: 'tonnes',
      priority: 'life-saving',
      neededBy: null,
      status: 'tasked',
      taskedTo: 'au',
    },
  ],
  ...overrides,
})

const bytes = (lines: readonly string[]) => Buffer.from(lines.join('\n'))
const HEAD = '#meta+request,#loc+code,#date+needed,#priority,#item+code,#need+num,#service+code'

function refusal(read: () => unknown): FileProblems {
  try {
    read()
  } catch (error) {
    if (error instanceof FileProblems) return error
    throw error
  }
  throw new Error('expected the sheet to be refused')
}

describe('request sheet', () => {
  it('reads back what it writes: destination, times, priorities, items, capabilities and quantities', () => {
    const text = writeSheet(requestColumns(lookups), requestLineRows([request()]), 'hxl')
    const sheet = readRequestSheet('r.csv', Buffer.from(text), NOW)
    expect(sheet.requests).toHaveLength(1)
    const [read] = sheet.requests
    expect(read).toMatchObject({
      reference: 'RQ-AAAA2222',
      destination: { value: 'LG:172049', line: 3, column: 6 },
      org: { value: 'JP-ISHIKAWA' },
      justification: 'water cut, "320" evacuees',
      neededBy: '2026-01-05T00:00:00.000Z',
    })
    expect(
      read?.lines.map((l) => [
        l.item?.value ?? l.capability,
        l.quantity,
        l.priority,
        l.neededBy,
        l.unit,
      ]),
    ).toEqual([
      ['KZ-WATER', 960, 'life-saving', '2026-01-05T00:00:00.000Z', 'bottle'],
      ['KZ-RICE', 100, 'other', '2026-01-06T00:00:00.000Z', 'pack'],
      ['airlift', 12.5, 'life-saving', '2026-01-05T00:00:00.000Z', 'tonnes'],
    ])
    expect(read?.lines[2]?.description).toBe('C-130, 2 sorties')
    expect(sheet.ignored).toEqual(
      expect.arrayContaining(['#status', '#adm1+code', '#item+name+i_ja', '#value+delivered']),
    )
  })

  it('writes plain CSV with the same headers and no hashtag row', () => {
    const text = writeSheet(requestColumns(lookups), requestLineRows([request()]), 'csv')
    const [header, first] = text.split('\r\n')
    expect(header).toMatch(
      /^Request,Status,Organisation code,Organisation,Operation,Destination code/,
    )
    expect(first).toMatch(
      /^RQ-AAAA2222,validated,JP-ISHIKAWA,Ishikawa,,LG:172049,Wajima,輪島市,JP-17,Ishikawa,172049,輪島市,life-saving,KZ-WATER/,
    )
  })

  it('groups rows by the request column, else by destination, organisation and needed-by', () => {
    const sheet = readRequestSheet(
      'r.csv',
      bytes([
        HEAD,
        'A,LG:1,2026-01-05,life-saving,KZ-WATER,10,',
        ',LG:1,2026-01-05,other,KZ-RICE,5,',
        'A,LG:1,2026-01-09,other,,,airlift',
        ',,,,,,',
        ',LG:1,2026-01-05,other,KZ-WATER,1,',
        ',LG:2,2026-01-05,other,KZ-WATER,1,',
      ]),
      NOW,
    )
    expect(
      sheet.requests.map((r) => [r.reference, r.destination.value, r.lines.map((l) => l.line)]),
    ).toEqual([
      ['A', 'LG:1', [2, 4]],
      [null, 'LG:1', [3, 6]],
      [null, 'LG:2', [7]],
    ])
    // A request's needed-by is its earliest line's; the capability's description defaults to its name.
    expect(sheet.requests[0]?.neededBy).toBe('2026-01-05T00:00:00.000Z')
    expect(sheet.requests[0]?.lines[1]?.description).toBe('airlift')
  })

  it('names the missing columns on the hashtag row', () => {
    const problems = refusal(() =>
      readRequestSheet('r.csv', bytes(['Item,Qty', '#item+code,#value', 'KZ-WATER,1']), NOW),
    ).problems
    expect(problems.map((p) => [p.field, p.line])).toEqual([
      ['#loc+code', 2],
      ['#date+needed', 2],
      ['#priority', 2],
      ['#need+num', 2],
    ])
  })

  it('reads a quantity tagged plainly #need', () => {
    const sheet = readRequestSheet(
      'r.csv',
      bytes([
        '#loc+code,#date+needed,#priority,#item+code,#need',
        'LG:1,2026-01-05,other,KZ-WATER,7',
      ]),
      NOW,
    )
    expect(sheet.requests[0]?.lines[0]?.quantity).toBe(7)
  })

  it('refuses every bad value with its line and column, all at once', () => {
    const problems = refusal(() =>
      readRequestSheet(
        'r.csv',
        bytes([
          HEAD,
          'A,,soon,urgent,KZ-WATER,1.5,',
          'A,LG:1,2025-12-31,other,,,',
          'A,LG:1,2026-01-05,other,KZ-WATER,3,airlift',
          'A,LG:1,2026-01-05,other,,,teleport',
        ]),
        NOW,
      ),
    ).problems
    expect(problems.map((p) => `${p.line}:${p.column} ${p.field}`)).toEqual([
      '2:2 #loc+code',
      '2:3 #date+needed',
      '2:4 #priority',
      '2:6 #need+num',
      '3:3 #date+needed',
      '3:5 #item+code',
      '4:7 #service+code',
      '5:7 #service+code',
    ])
    expect(problems[2]?.message).toBe(
      '"urgent" is not a priority; expected one of life-saving, life-sustaining, other',
    )
  })

  it('refuses one request going to two destinations', () => {
    const problems = refusal(() =>
      readRequestSheet(
        'r.csv',
        bytes([HEAD, 'A,LG:1,2026-01-05,other,KZ-WATER,1,', 'A,LG:2,2026-01-05,other,KZ-RICE,1,']),
        NOW,
      ),
    ).problems
    expect(problems).toEqual([
      expect.objectContaining({
        line: 3,
        column: 2,
        message: 'request A has destination "LG:1" on line 2; one request has one destination',
      }),
    ])
  })

  it('reads dates, and date-times with an offset, in UTC', () => {
    expect(readTime('2026-01-05')).toBe('2026-01-05T00:00:00.000Z')
    expect(readTime('2026-01-05T09:00+09:00')).toBe('2026-01-05T00:00:00.000Z')
    expect(readTime('2026-01-05T09:00:00.5Z')).toBe('2026-01-05T09:00:00.500Z')
    expect(readTime('2026-01-05T09:00')).toBeNull()
    expect(readTime('5 January 2026')).toBeNull()
    expect(readTime('2026-02-31')).toBeNull()
  })
})

describe('pledge sheet', () => {
  it('reads pledges of items and capabilities with where and when they are available', () => {
    const { pledges, ignored } = readPledgeSheet(
      'p.csv',
      bytes([
        'Partner,Item,Capability,What,Quantity,Unit,At,From,Until,Conditions,Status',
        '#org+code,#item+code,#service+code,#service+name,#value+pledged,#meta+unit,#loc+code,#date+start,#date+end,#description+conditions,#status',
        'AU-DFAT,KZ-TENT,,,200,,HUB:KOMATSU,2026-01-04,2026-02-01,for Noto only,offered',
        ',,AIRLIFT,"C-130J, 3 sorties",3,sorties,,,,,',
      ]),
    )
    expect(pledges).toEqual([
      expect.objectContaining({
        line: 3,
        org: expect.objectContaining({ value: 'AU-DFAT', column: 1 }),
        item: expect.objectContaining({ value: 'KZ-TENT' }),
        quantity: 200,
        place: expect.objectContaining({ value: 'HUB:KOMATSU' }),
        availableFrom: '2026-01-04T00:00:00.000Z',
        availableUntil: '2026-02-01T00:00:00.000Z',
        conditions: 'for Noto only',
      }),
      expect.objectContaining({
        line: 4,
        org: null,
        capability: 'airlift',
        description: 'C-130J, 3 sorties',
        unit: 'sorties',
      }),
    ])
    expect(ignored).toEqual(['#status'])
  })

  it('refuses bad quantities, capabilities and dates with line and column', () => {
    const problems = refusal(() =>
      readPledgeSheet(
        'p.csv',
        bytes([
          '#item+code,#service+code,#value,#date+start,#date+end',
          'KZ-TENT,,0,2026-01-05,2026-01-04',
          ',teleport,1,,',
          'KZ-TENT,airlift,1,someday,',
        ]),
      ),
    ).problems
    expect(problems.map((p) => `${p.line}:${p.column ?? '-'} ${p.field}`)).toEqual([
      '2:3 #value',
      '2:5 #date+end',
      '3:2 #service+code',
      '4:2 #service+code',
      '4:4 #date+start',
    ])
  })
})

describe('3W', () => {
  it('counts by organisation, role, activity, place and status, from requests, taskings, pledges and stock issued', () => {
    const pledge = (status: Pledge['status']): Pledge => ({
      ...envelope,
      id: `p-${status}`,
      org: 'au',
      operation: null,
      kind: 'item',
      item: 'water',
      capability: null,
      description: null,
      quantity: 50,
      unit: null,
      place: 'wajima',
      availableFrom: null,
      availableUntil: null,
      conditions: null,
      status,
      unsolicited: false,
      triage: null,
      receipt: null,
      received: null,
    })
    const rows = threeW(
      {
        requests: [request(), request({ id: 'r2', status: 'draft' })],
        pledges: [pledge('offered'), pledge('received'), pledge('withdrawn')],
        issued: [
          {
            id: 'a',
            kind: 'issued',
            where: 'wajima',
            item: 'rice',
            owner: 'jp',
            lot: '',
            expiresOn: null,
            posted: 30,
            pendingOut: 0,
            pendingIn: 0,
          },
        ],
      },
      lookups,
    )
    expect(
      rows.map((r) => [
        r.org,
        r.role,
        r.sector,
        r.activity,
        r.adm1?.code,
        r.adm2Code,
        r.status,
        r.count,
        r.quantityPlanned,
        r.quantityDelivered,
      ]),
    ).toEqual([
      ['au', 'pledging', 'WASH', 'wash', 'JP-17', '172049', 'completed', 1, 50, 50],
      ['au', 'pledging', 'WASH', 'wash', 'JP-17', '172049', 'planned', 1, 50, 0],
      ['au', 'tasked', 'Logistics', 'airlift', 'JP-17', '172049', 'planned', 1, 12.5, 0],
      ['jp', 'issuing', 'Food Security', 'food', 'JP-17', '172049', 'completed', 1, 0, 30],
      ['jp', 'requesting', 'Food Security', 'food', 'JP-17', '172049', 'ongoing', 1, 100, 40],
      ['jp', 'requesting', 'WASH', 'wash', 'JP-17', '172049', 'planned', 1, 960, 0],
    ])
  })
})

describe('prefectures', () => {
  it('names the prefecture of a municipality code, as ISO 3166-2', () => {
    expect(prefectureOf('172049')).toEqual({ code: 'JP-17', nameEn: 'Ishikawa', nameJa: '石川県' })
    expect(prefectureOf('011002')).toMatchObject({ code: 'JP-01', nameEn: 'Hokkaido' })
    expect(prefectureOf('472018')).toMatchObject({ code: 'JP-47', nameJa: '沖縄県' })
    expect(prefectureOf('482018')).toBeNull()
    expect(prefectureOf(null)).toBeNull()
    expect(prefectureOf('172049', 'AU')).toBeNull()
  })
})

const hxlDir = resolve(repoRoot, '../shared/data/interop/hxl/libhxl-python-tests-files')
const hxlPresent = existsSync(hxlDir)
if (!hxlPresent) console.log("skipped: libhxl's test files (../shared/data not present)")
describe.skipIf(!hxlPresent)("libhxl's test files as request sheets", () => {
  // The factory runs even when skipped: read the folder only when it is there.
  const files = hxlPresent
    ? readdirSync(hxlDir, { recursive: true, encoding: 'utf8' }).filter((f) =>
        /\.(csv|json|txt|hxl|tsv|ssv)$/.test(f),
      )
    : []
  it('refuses each with problems that name a line, never with an exception of another kind', () => {
    expect(files.length).toBeGreaterThan(40)
    for (const name of files) {
      const problems = refusal(() =>
        readRequestSheet(name, readFileSync(join(hxlDir, name)), NOW),
      ).problems
      expect(problems.length, name).toBeGreaterThan(0)
      for (const problem of problems) {
        expect(problem.line, `${name}: ${problem.message}`).toBeGreaterThan(0)
        expect(problem.message.length, name).toBeGreaterThan(10)
      }
    }
  })

  it('explains the invalid and untagged ones', () => {
    const read = (name: string) =>
      refusal(() => readRequestSheet(name, readFileSync(join(hxlDir, name)), NOW)).problems
    expect(read('test_io/input-invalid.csv')[0]?.message).toMatch(/looks like hashtags without "#"/)
    expect(read('test_io/input-untagged.csv')[0]?.message).toMatch(/no HXL hashtag row/)
    expect(read('test_io/input-untagged.json')[0]?.message).toMatch(/no HXL hashtag row|hashtag/)
    expect(read('test_io/input-valid.csv').map((p) => p.field)).toContain('#loc+code')
  })
})
