/**
 * The exchange and request commands as a user runs them: `kizuna import requests` from a HXL sheet,
 * `kizuna request list|show|submit|validate|reject|cancel`, and `kizuna export requests|pledges|
 * stock|3w`, on a SQLite node made by `kizuna init` (bundled catalogue and places) in a temporary
 * directory.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readHxl } from '../../src/interop/hxl/read-hxl.js'
import { get } from '../../src/interop/hxl/tag-pattern.js'
import { type CliResult, runKizuna } from '../support/cli.js'

const NEEDS = [
  'Request,Destination,Needed by,Priority,Item,Quantity,Capability,Description,Justification',
  '#meta+request,#loc+code,#date+needed,#priority,#item+code,#need+num,#service+code,#service+name,#description',
  'WAJIMA-1,LG:172049,2099-01-05,life-saving,KZ-WASH-001,960,,,"Water cut, 320 evacuees"',
  'WAJIMA-1,LG:172049,2099-01-06,life-sustaining,KZ-FOOD-001,1920,,,',
  'WAJIMA-1,LG:172049,2099-01-05,life-saving,,,water-purification,Mobile unit,',
  'KOMATSU-1,LG:172031,2099-01-07T09:00+09:00,other,KZ-FOOD-001,100,,,',
].join('\r\n')

let dir: string
let db: string
const run = (args: readonly string[]) => runKizuna([...args, '--db', db])
const expectOk = (result: CliResult) => expect(result.code, `stderr: ${result.stderr}`).toBe(0)
const events = () => {
  const sqlite = new Database(db, { readonly: true })
  try {
    return (sqlite.prepare('select count(*) as n from events').get() as { n: number }).n
  } finally {
    sqlite.close()
  }
}
const codeOf = (list: string, destination: string) =>
  list
    .split('\n')
    .find((line) => line.includes(destination))
    ?.split('\t')[0] ?? ''

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kizuna-exchange-'))
  db = join(dir, 'node.sqlite')
  expectOk(await runKizuna(['init', '--db', db]))
  writeFileSync(join(dir, 'needs.hxl.csv'), NEEDS)
}, 120_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('kizuna import requests, request, export', () => {
  it('imports requests from a HXL sheet as drafts, grouped by the request column, and a second run changes nothing', async () => {
    const first = await run(['import', 'requests', join(dir, 'needs.hxl.csv')])
    expectOk(first)
    expect(first.stdout).toMatch(
      /needs\.hxl\.csv: 2 request\(s\) read — 2 created, 0 already imported/,
    )
    expect(first.stdout).toMatch(/RQ-\w{8} {2}draft {2}3 line\(s\) {2}\(WAJIMA-1\)/)
    const before = events()
    const again = await run(['import', 'requests', join(dir, 'needs.hxl.csv')])
    expectOk(again)
    expect(again.stdout).toMatch(/0 created, 2 already imported/)
    expect(events()).toBe(before)
  })

  it('refuses a bad sheet with exit 65, naming line and column, and writes nothing', async () => {
    const bad = NEEDS.replace('KOMATSU-1,LG:172031', 'KOMATSU-2,LG:NOWHERE').replace(
      ',1920,',
      ',lots,',
    )
    writeFileSync(join(dir, 'bad.hxl.csv'), bad)
    const before = events()
    const result = await run(['import', 'requests', join(dir, 'bad.hxl.csv')])
    expect(result.code).toBe(65)
    expect(result.stderr).toContain('refused, nothing was written')
    expect(result.stderr).toContain(
      'bad.hxl.csv: line 4, column 6 (#need+num): "lots" is not a quantity',
    )
    writeFileSync(
      join(dir, 'unknown.hxl.csv'),
      NEEDS.replace('KOMATSU-1,LG:172031', 'K-2,LG:NOWHERE'),
    )
    const unknown = await run(['import', 'requests', join(dir, 'unknown.hxl.csv')])
    expect(unknown.code).toBe(65)
    expect(unknown.stderr).toContain(
      'line 6, column 2 (#loc+code): no place with code "LG:NOWHERE"',
    )
    expect(events()).toBe(before)
  })

  it('lists, shows, submits, validates and rejects requests by tracking code, refusing what is not allowed', async () => {
    const list = await run(['request', 'list', '--status', 'draft'])
    expectOk(list)
    expect(list.stdout.split('\n')[0]).toBe(
      'code\tstatus\tpriority\torg\tdestination\tneeded_by\tlines',
    )
    const wajima = codeOf(list.stdout, 'LG:172049')
    const komatsu = codeOf(list.stdout, 'LG:172031')
    expect(wajima).toMatch(/^RQ-/)
    expect(list.stdout).toContain(
      `${wajima}\tdraft\tlife-saving\tNODE\tLG:172049\t2099-01-05T00:00:00.000Z\t3`,
    )
    expectOk(await run(['request', 'submit', wajima]))
    const validated = await run(['request', 'validate', wajima.toLowerCase()])
    expectOk(validated)
    expect(validated.stdout).toBe(`${wajima}: submitted → validated\n`)
    const show = await run(['request', 'show', wajima])
    expectOk(show)
    expect(show.stdout).toContain(`${wajima}  validated`)
    expect(show.stdout).toContain('KZ-FOOD-001  1920')
    expect(show.stdout).toContain('water-purification: Mobile unit')
    const twice = await run(['request', 'validate', wajima])
    expect(twice.code).toBe(65)
    expect(twice.stderr).toMatch(/cannot validate a request that is validated; allowed: cancel/)
    expect((await run(['request', 'reject', komatsu])).code).toBe(2)
    expectOk(await run(['request', 'submit', komatsu]))
    const rejected = await run([
      'request',
      'reject',
      komatsu,
      '--reason',
      'covered by stock on site',
    ])
    expectOk(rejected)
    expect(rejected.stdout).toContain('submitted → rejected')
    expect((await run(['request', 'show', 'RQ-NOSUCH99'])).code).toBe(2)
    const filtered = await run(['request', 'list', '--place', 'LG:172031'])
    expect(filtered.stdout.trim().split('\n')).toHaveLength(2)
    expect((await run(['request', 'list', '--status', 'maybe'])).code).toBe(2)
  })

  it('exports requests as HXL and CSV, and stock, pledges and a 3W', async () => {
    const hxl = await run(['export', 'requests', '--format', 'hxl', '--status', 'validated'])
    expectOk(hxl)
    const table = readHxl('requests.csv', Buffer.from(hxl.stdout))
    expect(table.rows).toHaveLength(3)
    const [row] = table.rows
    if (!row) throw new Error('a row expected')
    expect(get(table, row, '#loc+code')).toBe('LG:172049')
    expect(get(table, row, '#adm1+code')).toBe('JP-17')
    expect(get(table, row, '#item+name+i_ja')).toContain('保存水')
    const out = join(dir, 'requests.csv')
    const csv = await run(['export', 'requests', '--format', 'csv', '--out', out])
    expectOk(csv)
    expect(csv.stderr).toBe('2 requests written to out\n'.replace('out', out))
    expect(readFileSync(out, 'utf8').split('\r\n')[1]).toMatch(/^RQ-/)
    for (const kind of ['stock', 'pledges', '3w']) {
      const result = await run(['export', kind])
      expectOk(result)
      expect(result.stdout.split('\r\n')[1]).toMatch(/^#/)
    }
    const threeW = readHxl('3w.csv', Buffer.from((await run(['export', '3w'])).stdout))
    expect(threeW.rows.map((r) => get(threeW, r, '#sector'))).toEqual(['Food Security', 'WASH'])
    const partner = await run(['export', 'requests', '--for', 'NOBODY'])
    expect(partner.code).toBe(2)
    expect(partner.stderr).toContain('--for: no organisation with code "NOBODY"')
    const bad = await run(['export', 'requests', '--format', 'json'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--format must be hxl or csv for requests')
  })

  it('cancels a validated request, and refuses to cancel it twice', async () => {
    const list = await run(['request', 'list', '--status', 'validated'])
    const wajima = codeOf(list.stdout, 'LG:172049')
    const cancelled = await run(['request', 'cancel', wajima])
    expectOk(cancelled)
    expect(cancelled.stdout).toBe(`${wajima}: validated → cancelled\n`)
    const again = await run(['request', 'cancel', wajima])
    expect(again.code).toBe(65)
    expect(again.stderr).toContain('cannot cancel a request that is cancelled')
  })

  it('imports pledges from a HXL sheet, once', async () => {
    writeFileSync(
      join(dir, 'offers.hxl.csv'),
      [
        '#meta+pledge,#item+code,#value+pledged,#loc+code,#date+start',
        'P-1,KZ-WASH-001,2400,LG:172049,2099-01-04',
        'P-2,KZ-FOOD-001,5000,,',
      ].join('\n'),
    )
    const first = await run(['import', 'pledges', join(dir, 'offers.hxl.csv')])
    expectOk(first)
    expect(first.stdout).toBe('offers.hxl.csv: 2 pledge(s) read — 2 created, 0 already imported.\n')
    const again = await run(['import', 'pledges', join(dir, 'offers.hxl.csv')])
    expect(again.stdout).toContain('0 created, 2 already imported')
    const pledges = readHxl('p.csv', Buffer.from((await run(['export', 'pledges'])).stdout))
    expect(pledges.rows.map((r) => get(pledges, r, '#value+pledged')).sort()).toEqual([
      '2400',
      '5000',
    ])
  })

  it('teaches with examples in --help', async () => {
    const help = await runKizuna(['request', 'reject', '--help'])
    expect(help.stdout).toContain('kizuna request reject RQ-')
    expect((await runKizuna(['export', '--help'])).stdout).toContain(
      'kizuna export requests --format hxl',
    )
    expect((await runKizuna(['import', '--help'])).stdout).toContain('kizuna import requests')
  })
})
