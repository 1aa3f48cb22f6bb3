/**
 * @module cli/commands/report
 * `kizuna report sitrep <operation> [--lang en|ja] [--zone ZONE] [--days N] [--pdf FILE | --html FILE]`:
 * an operation's situation report from the node's shell, the same as the API's. HTML to standard
 * output unless a file is named; a file is written whole or not at all. The node's shell sees every
 * record of the node, as `kizuna request list` does.
 */
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { printSitrep, type SitrepFormat } from '../../app/sitrep.js'
import { waybillFontUrl } from '../../app/waybill.js'
import { sitrepLanguages, sitrepQuerySchema } from '../../contract/sitrep.js'
import type { SitrepLanguage } from '../../interop/sitrep/report.js'
import { openNode } from '../open-node.js'
import { databaseSettings } from '../settings.js'
import { UsageError } from '../usage-error.js'
import { writeWhole } from './consignment-waybill.js'

interface Flags {
  db?: string
  key?: string
  lang: string
  zone: string
  days: string
  pdf?: string
  html?: string
  baseUrl: string
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A flag checked by the API's own rule for its query parameter, so both refuse the same. */
function checked<T>(
  schema: { safeParse(value: unknown): ZodSafe<T> },
  flag: string,
  value: string,
): T {
  const parsed = schema.safeParse(value)
  if (!parsed.success)
    throw new UsageError(
      `--${flag}: "${value}" is not accepted: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    )
  return parsed.data
}

type ZodSafe<T> =
  | { success: true; data: T }
  | { success: false; error: { issues: { message: string }[] } }

export function reportCommand(program: Command): void {
  const report = program.command('report').description('Printable reports')
  report
    .command('sitrep')
    .description(
      "Print an operation's situation report: key figures, a map, unmet needs, the pipeline, consignments late and partners' contributions. HTML to standard output unless --pdf or --html names a file.",
    )
    .argument('<operation>', 'the operation, by id or by name')
    .option('--db <path-or-url>', 'SQLite file or postgres:// URL (env KIZUNA_DB)')
    .option('--key <file>', 'node key file (env KIZUNA_KEY_FILE)')
    .option('--lang <lang>', sitrepLanguages.join(' or '), 'en')
    .option('--zone <zone>', 'the IANA time zone of its times and days, e.g. Asia/Tokyo', 'UTC')
    .option('--days <n>', 'days of the pipeline, up to today', '14')
    .option('--pdf <file>', 'write a PDF (Noto Sans JP embedded) to this file')
    .option('--html <file>', 'write a printable HTML page to this file')
    .option(
      '--base-url <url>',
      "the web app's address, where a saved HTML page loads its Japanese font",
      'http://localhost:8080',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  kizuna report sitrep "Noto 2024" --lang ja --zone Asia/Tokyo --pdf sitrep.pdf\n  kizuna report sitrep "Noto 2024" --zone UTC --html sitrep.html',
    )
    .action(async (ref: string, flags: Flags) => {
      if (!(sitrepLanguages as readonly string[]).includes(flags.lang))
        throw new UsageError(
          `--lang: unknown language "${flags.lang}"; expected ${sitrepLanguages.join(' or ')}`,
        )
      if (flags.pdf !== undefined && flags.html !== undefined)
        throw new UsageError('give --pdf or --html, not both')
      const zone = checked(sitrepQuerySchema.shape.zone, 'zone', flags.zone)
      const days = checked(sitrepQuerySchema.shape.days, 'days', flags.days)
      let baseUrl: string
      try {
        baseUrl = new URL(flags.baseUrl).origin
      } catch {
        throw new UsageError(`--base-url must be a URL such as https://kizuna.example.org`)
      }
      const format: SitrepFormat = flags.pdf !== undefined ? 'pdf' : 'html'
      const file = flags.pdf ?? flags.html
      const node = await openNode({ ...databaseSettings(flags), create: false, bundledData: false })
      try {
        const operations = await node.ctx.store.listOperations(null)
        const wanted = ref.trim().toLowerCase()
        const operation = operations.find(
          (o) => (UUID.test(ref) && o.id === wanted) || o.name.trim().toLowerCase() === wanted,
        )
        if (!operation)
          throw new UsageError(
            `<operation>: no operation "${ref}"; ${operations.length > 0 ? `known: ${operations.map((o) => `"${o.name}"`).join(', ')}` : 'none is open (POST /api/operations)'}`,
          )
        const printed = await printSitrep(node.ctx, operation.id, null, {
          format,
          lang: flags.lang as SitrepLanguage,
          zone,
          days,
          fontUrl: waybillFontUrl(baseUrl),
        })
        if (file === undefined) {
          process.stdout.write(printed.body)
          return
        }
        await writeWhole(resolve(file), printed.body)
        process.stdout.write(
          `Situation report of "${operation.name}" (${flags.lang}, ${format}) written to ${file}: ${Buffer.byteLength(printed.body)} bytes\n`,
        )
      } finally {
        await node.ctx.store.close()
      }
    })
}
