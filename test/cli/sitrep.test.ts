/**
 * `kizuna report sitrep` as a user runs it, on a SQLite node made by `kizuna init` (bundled places,
 * with the Noto 2024 evacuee counts of Ishikawa's municipalities): an operation whose affected area
 * holds Wajima only, stock received at Komatsu airport; a Japanese PDF written to a file, an HTML
 * page on standard output in the zone asked for, and refusals (exit 2) that write nothing.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOperation } from '../../src/app/operations.js'
import { openNode } from '../../src/cli/open-node.js'
import { databaseSettings } from '../../src/cli/settings.js'
import { type CliResult, runKizuna } from '../support/cli.js'
import { embeddedTrueTypeFonts, readPdf } from '../support/waybill.js'

let dir: string
let db: string
let operation: string
const run = (...args: string[]) => runKizuna([...args, '--db', db])
const expectOk = (result: CliResult) => expect(result.code, `stderr: ${result.stderr}`).toBe(0)

/** Around Wajima's municipal office (37.39 N, 136.90 E); Suzu and Noto town lie east of it. */
const wajimaArea = {
  type: 'Polygon',
  coordinates: [
    [
      [136.8, 37.35],
      [137.0, 37.35],
      [137.0, 37.45],
      [136.8, 37.45],
      [136.8, 37.35],
    ],
  ],
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kizuna-sitrep-'))
  db = join(dir, 'node.sqlite')
  expectOk(await runKizuna(['init', '--db', db]))
  // No command opens an operation (the API and the web app do): made here through the use case.
  const node = await openNode({ ...databaseSettings({ db }), create: false, bundledData: false })
  try {
    const actor = { kind: 'cli' as const, id: 'test', org: node.ctx.node.org }
    operation = (
      await createOperation(node.ctx, actor, {
        name: 'Noto 2024',
        startedOn: '2024-01-01',
        area: wajimaArea,
      })
    ).id
  } finally {
    await node.ctx.store.close()
  }
  expectOk(
    await run(
      'stock',
      'receive',
      '--place',
      'ICAO:RJNK',
      '--item',
      'KZ-WASH-001',
      '--quantity',
      '1200',
      '--source',
      'Japanese Red Cross',
    ),
  )
}, 120_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('kizuna report sitrep', () => {
  it('writes a Japanese PDF with the labels, the evacuees of the area and the stock', async () => {
    const file = join(dir, 'sitrep-ja.pdf')
    const printed = await run(
      'report',
      'sitrep',
      'noto 2024',
      '--lang',
      'ja',
      '--zone',
      'Asia/Tokyo',
      '--pdf',
      file,
    )
    expectOk(printed)
    const bytes = readFileSync(file)
    expect(printed.stdout).toBe(
      `Situation report of "Noto 2024" (ja, pdf) written to ${file}: ${bytes.length} bytes\n`,
    )
    expect(embeddedTrueTypeFonts(bytes).length).toBeGreaterThan(0)
    expect(embeddedTrueTypeFonts(bytes).every((f) => /\+NotoSansJP-/.test(f))).toBe(true)
    const { text } = await readPdf(bytes)
    for (const expected of [
      '状況報告',
      'Noto 2024',
      '主要な数値',
      '避難所の避難者数',
      '2,745',
      '被災地域内の 1 か所（2024-02-01 時点）',
      '利用可能な在庫',
      '1,200',
      '給水・衛生',
      'Asia/Tokyo (JST, UTC+09:00)',
    ])
      expect(text).toContain(expected)
  }, 60_000)

  it('prints the HTML page to standard output, by operation id, in UTC unless told otherwise', async () => {
    const printed = await run('report', 'sitrep', operation, '--days', '7')
    expectOk(printed)
    expect(printed.stdout).toContain('<html lang="en">')
    expect(printed.stdout).toContain('<dt>Times in</dt><dd>UTC (UTC+00:00)</dd>')
    expect(printed.stdout).toContain('Pipeline, last 7 days')
    expect(printed.stdout).toContain('<b>2,745</b>')
    expect(printed.stdout).toContain("url('http://localhost:8080/api/fonts/noto-sans-jp-400.ttf")
  }, 60_000)

  it('refuses an unknown operation, language or zone, a bad window and two outputs (exit 2), writing nothing', async () => {
    const file = join(dir, 'refused.pdf')
    const refusals: [string[], RegExp][] = [
      [['Atlantis', '--pdf', file], /<operation>: no operation "Atlantis"; known: "Noto 2024"/],
      [['Noto 2024', '--lang', 'fr', '--pdf', file], /--lang: unknown language "fr"/],
      [['Noto 2024', '--zone', 'Mars/Olympus', '--pdf', file], /--zone: "Mars\/Olympus".*IANA/],
      [['Noto 2024', '--days', '0', '--pdf', file], /--days: "0" is not accepted/],
      [['Noto 2024', '--pdf', file, '--html', `${file}.html`], /give --pdf or --html, not both/],
    ]
    for (const [args, message] of refusals) {
      const refused = await run('report', 'sitrep', ...args)
      expect(refused.code, refused.stderr).toBe(2)
      expect(refused.stderr).toMatch(message)
    }
    expect(existsSync(file)).toBe(false)
  }, 60_000)
})
