/**
 * `kizuna consignment track`, the ETA and timeline of `show`, and `receive --lat --lon --signature`, as
 * a user runs them on a SQLite node made by `kizuna init` in a temporary directory: refusals exit 65
 * (or 2 for bad flags, 66 for a missing file) and write nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CliResult, runKizuna } from '../support/cli.js'

const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='

let dir: string
let db: string
let id: string
const run = (...args: string[]) => runKizuna([...args, '--db', db])
const expectOk = (result: CliResult) => expect(result.code, `stderr: ${result.stderr}`).toBe(0)
const query = <T>(text: string, ...params: unknown[]): T => {
  const sqlite = new Database(db, { readonly: true })
  try {
    return sqlite.prepare(text).get(...params) as T
  } finally {
    sqlite.close()
  }
}
const events = () => query<{ n: number }>('select count(*) as n from events').n
const idOf = (result: CliResult) => result.stdout.match(/^([0-9a-f-]{36}) {2}/m)?.[1] ?? ''
const create = async () => {
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
  return idOf(created)
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kizuna-tracking-'))
  db = join(dir, 'node.sqlite')
  expectOk(await runKizuna(['init', '--db', db]))
  expectOk(
    await run(
      'stock',
      'receive',
      '--place',
      'ICAO:RJNK',
      '--item',
      'KZ-WASH-001',
      '--quantity',
      '100',
      '--source',
      'Japanese Red Cross',
      '--lot',
      'W2031',
    ),
  )
  id = await create()
}, 120_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('kizuna consignment track', () => {
  it('refuses tracking before dispatch (65), then records a position and a delay that show prints', async () => {
    const before = events()
    const early = await run(
      'consignment',
      'track',
      id,
      '--kind',
      'position',
      '--lat',
      '37',
      '--lon',
      '137',
    )
    expect(early.code).toBe(65)
    expect(early.stderr).toContain(
      'a planned consignment takes no position events: only a dispatched one, on its way, does; allowed: load, dispatch, cancel',
    )
    expect(events()).toBe(before)

    expectOk(await run('consignment', 'dispatch', id))
    const position = await run(
      'consignment',
      'track',
      id,
      '--kind',
      'position',
      '--lat',
      '37.05',
      '--lon',
      '136.93',
      '--note',
      'Anamizu',
    )
    expectOk(position)
    expect(position.stdout).toMatch(/^Recorded: position\.\neta: unknown\n/)
    const delayed = await run(
      'consignment',
      'track',
      id,
      '--kind',
      'delayed',
      '--eta',
      '2099-01-02T18:00:00+09:00',
      '--note',
      'Route 249 closed at Monzen',
    )
    expectOk(delayed)
    const shown = await run('consignment', 'show', id)
    expectOk(shown)
    expect(shown.stdout).toContain('eta: 2099-01-02T09:00:00.000Z\n')
    expect(shown.stdout).toContain('at\tevent\tlat\tlon\teta\tnote\tby\n')
    const timeline = shown.stdout
      .split('\n')
      .filter((line) => /^\d{4}-\d\d-\d\dT.*\t(departed|position|delayed|arrived)\t/.test(line))
      .map((line) => line.split('\t').slice(1, 6))
    expect(timeline).toEqual([
      ['departed', '', '', '', ''],
      ['position', '37.05', '136.93', '', 'Anamizu'],
      ['delayed', '', '', '2099-01-02T09:00:00.000Z', 'Route 249 closed at Monzen'],
    ])
    expect(query<{ n: number }>('select count(*) as n from tracking_events').n).toBe(3)

    const beforeRefusals = events()
    const noEta = await run('consignment', 'track', id, '--kind', 'delayed', '--note', 'flood')
    expect(noEta.code).toBe(65)
    expect(noEta.stderr).toContain('eta: a delay must say when the consignment is now expected')
    const tooEarly = await run(
      'consignment',
      'track',
      id,
      '--kind',
      'position',
      '--at',
      '2000-01-01T00:00:00Z',
      '--note',
      'x',
    )
    expect(tooEarly.code).toBe(65)
    expect(tooEarly.stderr).toContain('is before the consignment was dispatched')
    expect(events()).toBe(beforeRefusals)
  }, 120_000)

  it.each([
    [
      ['--kind', 'departed'],
      '--kind: "departed" is not a kind you report; expected position or delayed',
    ],
    [[], '--kind is required: position or delayed'],
    [['--kind', 'position', '--lat', '37'], '--lat and --lon go together'],
    [['--kind', 'position', '--lat', 'north', '--lon', '1'], '--lat must be a latitude'],
    [['--kind', 'delayed', '--eta', 'tomorrow'], '--eta: "tomorrow" is not an ISO 8601 time'],
    [['--kind', 'position', '--at', '2026-01-02'], '--at: "2026-01-02" is not an ISO 8601 time'],
  ])('refuses track flags %j with exit 2 and writes nothing: %s', async (flags, message) => {
    const before = events()
    const result = await run('consignment', 'track', id, ...flags)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(message)
    expect(events()).toBe(before)
  })

  it('receives with where and a signature read from a PNG file, refusing a file that is not a PNG', async () => {
    const signature = join(dir, 'sato.png')
    writeFileSync(signature, Buffer.from(PNG_BASE64, 'base64'))
    const text = join(dir, 'sato.txt')
    writeFileSync(text, 'not an image')
    const before = events()
    const notPng = await run('consignment', 'receive', id, '--by', 'Sato', '--signature', text)
    expect(notPng.code).toBe(2)
    expect(notPng.stderr).toContain(`--signature: ${text} is not a PNG image`)
    const missing = await run(
      'consignment',
      'receive',
      id,
      '--by',
      'Sato',
      '--signature',
      join(dir, 'none.png'),
    )
    expect(missing.code).toBe(66)
    const halfWhere = await run('consignment', 'receive', id, '--by', 'Sato', '--lat', '37.39')
    expect(halfWhere.code).toBe(2)
    expect(events()).toBe(before)

    const received = await run(
      'consignment',
      'receive',
      id,
      '--by',
      'Sato Hanako',
      '--lat',
      '37.39',
      '--lon',
      '136.9',
      '--signature',
      signature,
    )
    expectOk(received)
    const proof = query<{ signature: string }>(
      'select signature from delivery_proofs where consignment = ?',
      id,
    )
    expect(proof.signature).toBe(`data:image/png;base64,${PNG_BASE64}`)
    const shown = await run('consignment', 'show', id)
    expect(shown.stdout).toMatch(/received by Sato Hanako at \S+ \(37\.39, 136\.9\), signed\n/)
  }, 120_000)

  it('teaches track and receive with examples in --help', async () => {
    const track = await runKizuna(['consignment', 'track', '--help'])
    expectOk(track)
    expect(track.stdout).toContain('--kind delayed --eta 2026-01-02T18:00:00+09:00')
    expect(track.stdout).toContain('--kind position --lat 37.05 --lon 136.93')
    const receive = await runKizuna(['consignment', 'receive', '--help'])
    expect(receive.stdout).toContain('--lat 37.39 --lon 136.90 --signature sato.png')
  })
})
