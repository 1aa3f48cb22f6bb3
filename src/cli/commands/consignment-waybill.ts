/**
 * @module cli/commands/consignment-waybill
 * `kizuna consignment waybill <id> [--lang en|ja] [--pdf FILE | --html FILE] [--base-url URL]`: the
 * printable waybill from the node's shell. Its QR code opens the consignment's receipt screen on the
 * web app at --base-url; a saved HTML page loads its Japanese font from there too. A file is written
 * whole or not at all (to a temporary name, then renamed).
 */
import { rename, rm, writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { printWaybill, type WaybillFormat } from '../../app/waybill.js'
import { waybillLanguages } from '../../contract/waybill.js'
import type { WaybillLanguage } from '../../domain/transport/waybill.js'
import { openNode } from '../open-node.js'
import { databaseSettings } from '../settings.js'
import { UsageError } from '../usage-error.js'

interface Flags {
  db?: string
  key?: string
  lang: string
  pdf?: string
  html?: string
  baseUrl: string
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const EXAMPLE_ID = '0190f4c2-6a1e-7c3b-9d2e-5f8a7b6c4d3e'

function baseUrlOf(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new UsageError(
      `--base-url must be a URL such as https://kizuna.example.org, not "${value}"`,
    )
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--base-url must start with http:// or https://, not "${value}"`)
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}

/** Writes a file whole or not at all: to a temporary name, then renamed. */
export async function writeWhole(file: string, body: string | Buffer): Promise<void> {
  const temporary = `${file}.${process.pid}.part`
  try {
    await writeFile(temporary, body)
    await rename(temporary, file)
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
}

export function consignmentWaybillCommand(consignment: Command): void {
  consignment
    .command('waybill')
    .description(
      'Print the waybill: origin, destination, carrier, every lot with its weight and volume, totals, and a QR code of the receipt screen. HTML to standard output unless --pdf or --html names a file.',
    )
    .argument('<id>', 'the consignment id')
    .option('--db <path-or-url>', 'SQLite file or postgres:// URL (env KIZUNA_DB)')
    .option('--key <file>', 'node key file (env KIZUNA_KEY_FILE)')
    .option('--lang <lang>', waybillLanguages.join(' or '), 'en')
    .option('--pdf <file>', 'write a PDF (Noto Sans JP embedded) to this file')
    .option('--html <file>', 'write a printable HTML page to this file')
    .option(
      '--base-url <url>',
      "the web app's address, for the QR code and the page's font",
      'http://localhost:8080',
    )
    .addHelpText(
      'after',
      `\nExamples:\n  kizuna consignment waybill ${EXAMPLE_ID} --lang ja --pdf waybill.pdf\n  kizuna consignment waybill ${EXAMPLE_ID} --html waybill.html --base-url https://hub.example.org`,
    )
    .action(async (ref: string, flags: Flags) => {
      if (!UUID.test(ref))
        throw new UsageError(`"${ref}" is not a consignment id; kizuna consignment list shows them`)
      if (!(waybillLanguages as readonly string[]).includes(flags.lang))
        throw new UsageError(
          `--lang: unknown language "${flags.lang}"; expected ${waybillLanguages.join(' or ')}`,
        )
      if (flags.pdf !== undefined && flags.html !== undefined)
        throw new UsageError('give --pdf or --html, not both')
      const baseUrl = baseUrlOf(flags.baseUrl)
      const format: WaybillFormat = flags.pdf !== undefined ? 'pdf' : 'html'
      const file = flags.pdf ?? flags.html
      const node = await openNode({ ...databaseSettings(flags), create: false, bundledData: false })
      try {
        const id = ref.toLowerCase()
        // The node's shell sees every consignment of the node, as `kizuna consignment show` does.
        if (!(await node.ctx.store.getConsignment(id, null)))
          throw new UsageError(`no consignment "${ref}"; kizuna consignment list shows them`)
        const printed = await printWaybill(node.ctx, id, null, {
          format,
          lang: flags.lang as WaybillLanguage,
          baseUrl,
        })
        if (file === undefined) {
          process.stdout.write(printed.body)
          return
        }
        await writeWhole(resolve(file), printed.body)
        process.stdout.write(
          `Waybill of ${id} (${flags.lang}, ${format}) written to ${file}: ${Buffer.byteLength(printed.body)} bytes\n`,
        )
      } finally {
        await node.ctx.store.close()
      }
    })
}
