/**
 * `kizuna needs estimate`, `kizuna pledge list|add|confirm|withdraw|receive` and `kizuna donation` as a
 * user runs them, on a SQLite node made by `kizuna init` (bundled catalogue and places) in a temporary
 * directory, with a partner organisation and an operation added through the use cases.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOperation } from '../../src/app/operations.js'
import { createOrganisation } from '../../src/app/organisations.js'
import { openNode } from '../../src/cli/open-node.js'
import { databaseSettings } from '../../src/cli/settings.js'
import { type CliResult, runKizuna } from '../support/cli.js'

let dir: string
let db: string
const run = (...args: string[]) => runKizuna([...args, '--db', db])
const expectOk = (result: CliResult) => expect(result.code, `stderr: ${result.stderr}`).toBe(0)
const events = () => {
  const sqlite = new Database(db, { readonly: true })
  try {
    return (sqlite.prepare('select count(*) as n from events').get() as { n: number }).n
  } finally {
    sqlite.close()
  }
}
/** The id on the first line of `kizuna pledge add|receive …` output. */
const idOf = (result: CliResult) => result.stdout.match(/^([0-9a-f-]{36}) {2}/m)?.[1] ?? ''

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kizuna-needs-pledges-'))
  db = join(dir, 'node.sqlite')
  expectOk(await runKizuna(['init', '--db', db]))
  const node = await openNode({ ...databaseSettings({ db }), create: false, bundledData: false })
  try {
    const org = node.ctx.node.org
    await createOrganisation(
      node.ctx,
      { kind: 'user', id: 'test', userId: 'test', org, roles: ['admin'] },
      { code: 'AU-DFAT', nameEn: 'DFAT', nameJa: null, country: 'AU', kind: 'government' },
    )
    await createOperation(
      node.ctx,
      { kind: 'cli', id: 'test', org },
      {
        name: 'Noto 2024',
        startedOn: '2024-01-01',
        standards: { water_use_per_person_per_day: 20 },
      },
    )
  } finally {
    await node.ctx.store.close()
  }
}, 120_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('kizuna needs estimate', () => {
  it('prints the needs with the arithmetic and the standards with their editions', async () => {
    const result = await run('needs', 'estimate', '--population', '1200', '--days', '3')
    expectOk(result)
    expect(result.stdout).toMatch(/^Needs of 1,200 people \(given\) for 3 day\(s\)\n/)
    expect(result.stdout).toContain(
      'water\tKZ-WASH-001\tDrinking water, long-life (5-year), 2 L PET bottle\t27000\tbottle\t1,200 people × 3 days × 15 L/person/day = 54,000 L ÷ 2 L per bottle = 27,000 bottles',
    )
    expect(result.stdout).toMatch(
      /\nwater_use_per_person_per_day\t15\tlitres\/person\/day\tbundled\tSphere Handbook, Water supply standard 1/,
    )
  })

  it("uses an operation's figures, named by name, and the population a place gives; --json answers as the API", async () => {
    const result = await run(
      'needs',
      'estimate',
      '--place',
      'LG:172049',
      '--days',
      '7',
      '--operation',
      'noto 2024',
      '--json',
    )
    expectOk(result)
    const estimate = JSON.parse(result.stdout)
    expect(estimate).toMatchObject({
      population: 2745,
      populationSource: 'Noto 2024 evacuees on 2024-02-01',
      place: { code: 'LG:172049' },
      operation: { name: 'Noto 2024' },
    })
    // 2,745 × 7 × 20 = 384,300 L ÷ 2 = 192,150 bottles
    expect(estimate.lines[0]).toMatchObject({ quantityNeeded: 384_300, itemsNeeded: 192_150 })
    expect(estimate.standards).toContainEqual(
      expect.objectContaining({ key: 'water_use_per_person_per_day', source: 'operation' }),
    )
  })

  it.each([
    [['--population', '0', '--days', '3'], 2, '--population must be a whole number from 1'],
    [['--population', '100', '--days', '366'], 2, '--days must be a whole number from 1 to 365'],
    [['--days', '3'], 2, 'give --population, or --place'],
    [
      ['--population', '100', '--days', '3', '--operation', 'Kobe'],
      2,
      '--operation: no operation "Kobe"; known: "Noto 2024"',
    ],
    [['--place', 'LG:999999', '--days', '3'], 65, 'place: no place LG:999999'],
    [['--place', 'ICAO:RJNK', '--days', '3'], 65, 'ICAO:RJNK has no capacity'],
  ])('refuses %j with exit %i: %s', async (args, code, message) => {
    const result = await run('needs', 'estimate', ...args)
    expect(result.code).toBe(code)
    expect(result.stderr).toContain(message)
  })

  it('teaches with examples in --help', async () => {
    const result = await runKizuna(['needs', 'estimate', '--help'])
    expectOk(result)
    expect(result.stdout).toContain('kizuna needs estimate --population 1200 --days 3')
  })
})

describe('kizuna pledge and donation', () => {
  it('adds a partner pledge, confirms it, receives part of it into stock owned by the partner, and lists it', async () => {
    const added = await run(
      'pledge',
      'add',
      '--org',
      'AU-DFAT',
      '--item',
      'KZ-SHEL-001',
      '--quantity',
      '200',
      '--place',
      'ICAO:RJNK',
      '--from',
      '2024-01-05',
      '--until',
      '2024-02-15',
      '--conditions',
      'for Noto only',
      '--operation',
      'Noto 2024',
    )
    expectOk(added)
    const id = idOf(added)
    expect(added.stdout).toContain(`${id}  offered  AU-DFAT  KZ-SHEL-001  200  at ICAO:RJNK`)

    const before = events()
    const early = await run('pledge', 'receive', id)
    expect(early.code).toBe(65)
    expect(early.stderr).toContain(
      'cannot receive a pledge that is offered; allowed: confirm, withdraw',
    )
    expect(events()).toBe(before)

    const confirmed = await run('pledge', 'confirm', id)
    expectOk(confirmed)
    expect(confirmed.stdout).toMatch(/^offered → confirmed\n/)
    const received = await run(
      'pledge',
      'receive',
      id,
      '--quantity',
      '180',
      '--lot',
      'T2024',
      '--expires',
      '2029-12-31',
    )
    expectOk(received)
    expect(received.stdout).toContain('confirmed → received')
    expect(received.stdout).toContain('received 180')

    const stock = await run('stock', 'list', '--place', 'ICAO:RJNK', '--item', 'KZ-SHEL-001')
    expect(stock.stdout).toContain(
      'ICAO:RJNK\tKZ-SHEL-001\tAU-DFAT\tT2024\t2029-12-31\t180\t0\t180',
    )

    const list = await run('pledge', 'list', '--status', 'received', '--org', 'AU-DFAT')
    expectOk(list)
    expect(list.stdout).toContain(
      `${id}\treceived\tAU-DFAT\tKZ-SHEL-001\t200\t\tICAO:RJNK\t2024-01-05T00:00:00Z\t2024-02-15T23:59:59Z\t180\t`,
    )
    expect((await run('pledge', 'withdraw', id)).code).toBe(65)
  })

  it('adds a capability pledge and withdraws it', async () => {
    const added = await run(
      'pledge',
      'add',
      '--org',
      'AU-DFAT',
      '--capability',
      'airlift',
      '--description',
      'C-130J',
      '--quantity',
      '3',
      '--unit',
      'sorties',
    )
    expectOk(added)
    expect(added.stdout).toContain('offered  AU-DFAT  airlift  3 sorties')
    const withdrawn = await run('pledge', 'withdraw', idOf(added))
    expectOk(withdrawn)
    expect(withdrawn.stdout).toMatch(/^offered → withdrawn\n/)
  })

  it('receives an unannounced donation, triaged, and a second run with the same id changes nothing', async () => {
    const args = [
      'donation',
      '--place',
      'ICAO:RJNK',
      '--item',
      'KZ-WASH-001',
      '--quantity',
      '120',
      '--donor',
      'AU-DFAT',
      '--triage',
      'can-wait',
      '--id',
      '01900000-0000-7000-8000-000000000001',
    ]
    const first = await run(...args)
    expectOk(first)
    expect(first.stdout).toContain(
      'received  AU-DFAT  KZ-WASH-001  120  at ICAO:RJNK  received 120  triage can-wait',
    )
    const before = events()
    expectOk(await run(...args))
    expect(events()).toBe(before)
  })

  it.each([
    [
      ['pledge', 'add', '--item', 'KZ-SHEL-001', '--quantity', '0'],
      '--quantity must be a whole number',
    ],
    [['pledge', 'add', '--quantity', '5'], 'give either --item (items) or --capability'],
    [
      ['pledge', 'add', '--capability', 'teleport', '--quantity', '5'],
      '--capability: unknown capability "teleport"',
    ],
    [
      ['pledge', 'add', '--item', 'KZ-NOPE', '--quantity', '5'],
      '--item: no item with code "KZ-NOPE"',
    ],
    [
      ['pledge', 'add', '--item', 'KZ-SHEL-001', '--quantity', '5', '--org', 'XX'],
      '--org: no organisation with code "XX"',
    ],
    [
      ['pledge', 'add', '--item', 'KZ-SHEL-001', '--quantity', '5', '--until', 'soon'],
      '--until must be a date YYYY-MM-DD',
    ],
    [['pledge', 'list', '--status', 'lost'], '--status: unknown status "lost"'],
    [['pledge', 'confirm', 'P-1'], '"P-1" is not a pledge id'],
    [['pledge', 'confirm', '01900000-0000-7000-8000-0000000000ff'], 'no pledge'],
    [
      [
        'donation',
        '--place',
        'ICAO:RJNK',
        '--item',
        'KZ-WASH-001',
        '--quantity',
        '5',
        '--donor',
        'AU-DFAT',
        '--triage',
        'maybe',
      ],
      '--triage must be one of urgent, can-wait, not-needed',
    ],
  ])('refuses %j with exit 2 (%s), and writes nothing', async (args, message) => {
    const before = events()
    const result = await run(...args)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(message)
    expect(events()).toBe(before)
  })

  it('teaches with examples in --help', async () => {
    for (const command of [['pledge', 'add'], ['pledge', 'receive'], ['donation']]) {
      const result = await runKizuna([...command, '--help'])
      expectOk(result)
      expect(result.stdout).toContain(`kizuna ${command.join(' ')} `)
    }
  })
})
