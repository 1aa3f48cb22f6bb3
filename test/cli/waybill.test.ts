/**
 * `kizuna consignment waybill` as a user runs it, on a SQLite node made by `kizuna init` (bundled
 * catalogue and places): a Japanese PDF written to a file, an HTML page on standard output whose QR
 * code holds the --base-url, and refusals (exit 2) that write nothing.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CliResult, runKizuna } from '../support/cli.js'
import { decodeQrSvg, embeddedTrueTypeFonts, readPdf } from '../support/waybill.js'

let dir: string
let db: string
let id: string
const run = (...args: string[]) => runKizuna([...args, '--db', db])
const expectOk = (result: CliResult) => expect(result.code, `stderr: ${result.stderr}`).toBe(0)

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kizuna-waybill-'))
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
      '--expires',
      '2031-03-31',
    ),
  )
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
  id = created.stdout.match(/^([0-9a-f-]{36}) {2}/m)?.[1] ?? ''
  expect(id).toMatch(/^[0-9a-f-]{36}$/)
}, 120_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('kizuna consignment waybill', () => {
  it('writes a Japanese PDF with the labels, the id, the weights and an embedded Japanese font', async () => {
    const file = join(dir, 'waybill-ja.pdf')
    const printed = await run('consignment', 'waybill', id, '--lang', 'ja', '--pdf', file)
    expectOk(printed)
    const bytes = readFileSync(file)
    expect(printed.stdout).toBe(
      `Waybill of ${id} (ja, pdf) written to ${file}: ${bytes.length} bytes\n`,
    )
    expect(embeddedTrueTypeFonts(bytes).every((f) => /\+NotoSansJP-/.test(f))).toBe(true)
    expect(embeddedTrueTypeFonts(bytes).length).toBeGreaterThan(0)
    const { text } = await readPdf(bytes)
    for (const expected of ['輸送状', '品目', '保存水（5年保存）2L', 'W2031', '147', '0.238', id])
      expect(text).toContain(expected)
    expect(text.replace(/\n/g, '')).toContain(`http://localhost:8080/consignments/${id}/receive`)
  }, 60_000)

  it('prints the HTML page to standard output, its QR code and font at --base-url', async () => {
    const printed = await run(
      'consignment',
      'waybill',
      id,
      '--base-url',
      'https://hub.example.org/',
    )
    expectOk(printed)
    expect(printed.stdout).toContain('<html lang="en">')
    expect(decodeQrSvg(printed.stdout)).toBe(`https://hub.example.org/consignments/${id}/receive`)
    expect(printed.stdout).toContain("url('https://hub.example.org/api/fonts/noto-sans-jp-400.ttf")
  }, 60_000)

  it('refuses a bad language, two outputs, a bad base URL and an unknown id (exit 2), writing nothing', async () => {
    const file = join(dir, 'refused.pdf')
    const refusals: [string[], RegExp][] = [
      [['--lang', 'fr', '--pdf', file], /--lang: unknown language "fr"; expected en or ja/],
      [['--pdf', file, '--html', `${file}.html`], /give --pdf or --html, not both/],
      [['--base-url', 'ftp://hub', '--pdf', file], /--base-url must start with http/],
    ]
    for (const [flags, message] of refusals) {
      const refused = await run('consignment', 'waybill', id, ...flags)
      expect(refused.code).toBe(2)
      expect(refused.stderr).toMatch(message)
    }
    const unknown = await run(
      'consignment',
      'waybill',
      '0190f4c2-6a1e-7c3b-9d2e-5f8a7b6c4d3e',
      '--pdf',
      file,
    )
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/no consignment/)
    expect(existsSync(file)).toBe(false)
  }, 60_000)
})
