/**
 * `kizuna consignment list|show|create|dispatch|cancel|receive` as a user runs them, on a SQLite node
 * made by `kizuna init` (bundled catalogue and places) in a temporary directory: stock received at
 * Komatsu airport, consigned to Wajima, dispatched and received with a shortfall.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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
/** The id at the start of the heading `kizuna consignment create|show` prints. */
const idOf = (result: CliResult) => result.stdout.match(/^([0-9a-f-]{36}) {2}/m)?.[1] ?? ''
/** `kizuna stock list` rows for a place: lot → [posted, pending out, available]. */
const stockAt = async (place: string) => {
  const listed = await run('stock', 'list', '--place', place, '--item', 'KZ-WASH-001')
  expectOk(listed)
  return Object.fromEntries(
    listed.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((row) => row.split('\t'))
      .map((cells) => [cells[3], cells.slice(5).map(Number)]),
  )
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kizuna-consignments-'))
  db = join(dir, 'node.sqlite')
  expectOk(await runKizuna(['init', '--db', db]))
  for (const [lot, expires, quantity] of [
    ['W2031', '2031-03-31', '100'],
    ['W2029', '2029-03-31', '50'],
  ] as const)
    expectOk(
      await run(
        'stock',
        'receive',
        '--place',
        'ICAO:RJNK',
        '--item',
        'KZ-WASH-001',
        '--quantity',
        quantity,
        '--source',
        'Japanese Red Cross',
        '--lot',
        lot,
        '--expires',
        expires,
      ),
    )
}, 120_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('kizuna consignment', () => {
  it('creates (reserving first expiry first), dispatches and receives with a shortfall, a reason and who signed', async () => {
    const created = await run(
      'consignment',
      'create',
      '--from',
      'ICAO:RJNK',
      '--to',
      'LG:172049',
      '--line',
      'KZ-WASH-001:70',
    )
    expectOk(created)
    const id = idOf(created)
    expect(created.stdout).toContain(`${id}  planned  ICAO:RJNK → LG:172049  1 line, 70 units`)
    expect(created.stdout).toContain('1\tKZ-WASH-001\tNODE\t\t70\tW2029:50 W2031:20')
    expect(await stockAt('ICAO:RJNK')).toEqual({ W2029: [50, 50, 0], W2031: [100, 20, 80] })

    const listed = await run('consignment', 'list', '--status', 'planned', '--origin', 'ICAO:RJNK')
    expectOk(listed)
    expect(listed.stdout).toContain(`${id}\tplanned\tICAO:RJNK\tLG:172049\t1\t70`)
    const elsewhere = await run('consignment', 'list', '--destination', 'ICAO:RJNK')
    expect(elsewhere.stdout).not.toContain(id)

    const dispatched = await run('consignment', 'dispatch', id)
    expectOk(dispatched)
    expect(dispatched.stdout).toMatch(/^planned → dispatched\n/)
    expect(await stockAt('ICAO:RJNK')).toEqual({ W2031: [80, 0, 80] })
    const again = await run('consignment', 'dispatch', id)
    expectOk(again)
    expect(again.stdout).toMatch(/^Already dispatched: nothing changed\./)

    const received = await run(
      'consignment',
      'receive',
      id,
      '--line',
      '1=64:damaged',
      '--by',
      'Sato Hanako',
    )
    expectOk(received)
    expect(received.stdout).toMatch(/^dispatched → received, received by Sato Hanako\n/)
    expect(received.stdout).toContain('1\tKZ-WASH-001\tNODE\t\t70\tW2029:50 W2031:20\t64\tdamaged')
    // The shortfall comes off the last lot picked: 50 of W2029 and 14 of W2031 reached Wajima.
    expect(await stockAt('LG:172049')).toEqual({ W2029: [50, 0, 50], W2031: [14, 0, 14] })
    const sqlite = new Database(db, { readonly: true })
    try {
      const loss = sqlite
        .prepare(
          "select sum(t.quantity) as n, max(t.reason) as reason from transfers t join accounts a on a.id = t.to_account where a.kind = 'loss'",
        )
        .get() as { n: number; reason: string }
      expect(loss).toEqual({ n: 6, reason: 'damaged' })
    } finally {
      sqlite.close()
    }
    const shown = await run('consignment', 'show', id)
    expectOk(shown)
    expect(shown.stdout).toMatch(/received by Sato Hanako at \d{4}-\d{2}-\d{2}T/)
  }, 120_000)

  it('refuses an action the status does not allow, naming the allowed ones (exit 65), and cancel releases', async () => {
    const created = await run(
      'consignment',
      'create',
      '--from',
      'ICAO:RJNK',
      '--to',
      'LG:172049',
      '--line',
      'KZ-WASH-001:30:W2031',
    )
    expectOk(created)
    const id = idOf(created)
    expect(await stockAt('ICAO:RJNK')).toEqual({ W2031: [80, 30, 50] })
    const before = events()
    const early = await run('consignment', 'receive', id)
    expect(early.code).toBe(65)
    expect(early.stderr).toContain('refused, nothing was written')
    expect(early.stderr).toContain('allowed: load, dispatch, cancel')
    expect(events()).toBe(before)

    const cancelled = await run('consignment', 'cancel', id)
    expectOk(cancelled)
    expect(cancelled.stdout).toMatch(/^planned → cancelled\n/)
    expect(await stockAt('ICAO:RJNK')).toEqual({ W2031: [80, 0, 80] })
    const late = await run('consignment', 'dispatch', id)
    expect(late.code).toBe(65)
    expect(late.stderr).toContain('a cancelled consignment cannot dispatch; allowed: none')

    const tooMuch = await run(
      'consignment',
      'create',
      '--from',
      'ICAO:RJNK',
      '--to',
      'LG:172049',
      '--line',
      'KZ-WASH-001:81',
    )
    expect(tooMuch.code).toBe(65)
    expect(tooMuch.stderr).toContain('lines[0].quantity: only 80 available')
  }, 120_000)

  it.each([
    [['create', '--from', 'ICAO:RJNK', '--to', 'LG:172049'], '--line is required'],
    [
      ['create', '--from', 'ICAO:RJNK', '--to', 'LG:172049', '--line', 'KZ-WASH-001'],
      'expected ITEM:QUANTITY[:LOT][@OWNER]',
    ],
    [
      ['create', '--from', 'ICAO:RJNK', '--to', 'LG:172049', '--line', 'KZ-WASH-001:0'],
      'the quantity must be a whole number from 1',
    ],
    [
      ['create', '--from', 'ICAO:RJNK', '--to', 'LG:172049', '--line', 'KZ-WASH-001:5@NOBODY'],
      'no organisation with code "NOBODY"',
    ],
    [
      ['create', '--from', 'HUB:NOWHERE', '--to', 'LG:172049', '--line', 'KZ-WASH-001:5'],
      '--from: no place with code "HUB:NOWHERE"',
    ],
    [
      [
        'create',
        '--from',
        'ICAO:RJNK',
        '--to',
        'LG:172049',
        '--line',
        'KZ-WASH-001:5',
        '--request',
        'RQ-1:1',
        '--request',
        'RQ-2:1',
      ],
      '2 --request for 1 --line',
    ],
    [['list', '--status', 'lost'], '--status: unknown status "lost"'],
    [['show', 'not-an-id'], 'is not a consignment id'],
    [['dispatch', '0190f4c2-6a1e-7c3b-9d2e-5f8a7b6c4d3e'], 'no consignment'],
    [['receive', '0190f4c2-6a1e-7c3b-9d2e-5f8a7b6c4d3e', '--line', '1'], 'no consignment'],
  ])('refuses %j with exit 2 and writes nothing: %s', async (args, message) => {
    const before = events()
    const result = await run('consignment', ...args)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(message)
    expect(events()).toBe(before)
  })

  it('refuses a bad receipt line before writing anything', async () => {
    const created = await run(
      'consignment',
      'create',
      '--from',
      'ICAO:RJNK',
      '--to',
      'LG:172049',
      '--line',
      'KZ-WASH-001:5',
    )
    expectOk(created)
    const id = idOf(created)
    expectOk(await run('consignment', 'dispatch', id))
    const before = events()
    for (const [line, message] of [
      ['2=5', 'the consignment has 1 line; INDEX is 1 to 1'],
      ['1=4:eaten', 'unknown reason "eaten"'],
      ['1=four', 'expected INDEX=QUANTITY[:REASON]'],
    ]) {
      const result = await run('consignment', 'receive', id, '--line', line as string)
      expect(result.code, line).toBe(2)
      expect(result.stderr).toContain(message)
    }
    const noReason = await run('consignment', 'receive', id, '--line', '1=4')
    expect(noReason.code).toBe(65)
    expect(noReason.stderr).toContain('lines[0].reason: 1 fewer than sent arrived; say why')
    expect(events()).toBe(before)
  }, 120_000)

  it('teaches with examples in --help', async () => {
    const create = await runKizuna(['consignment', 'create', '--help'])
    expectOk(create)
    expect(create.stdout).toContain(
      'kizuna consignment create --from ICAO:RJNK --to LG:172049 --line KZ-WASH-001:600',
    )
    const receive = await runKizuna(['consignment', 'receive', '--help'])
    expectOk(receive)
    expect(receive.stdout).toContain('--line 1=570:damaged')
    expect(receive.stdout.replace(/\s+/g, ' ')).toContain(
      'short-shipped, damaged, stolen, spoiled, lost, other',
    )
  })
})
