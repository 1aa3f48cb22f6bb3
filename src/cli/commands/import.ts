/**
 * @module cli/commands/import
 * `kizuna import items|places FILE`: loads a whole file in one transaction — all rows or none — and
 * refuses a bad row naming the file, line and column. `kizuna import requests FILE` drafts (or
 * submits) requests for assistance from a HXL sheet, the same way.
 */
import { existsSync, readFileSync } from 'node:fs'
import { userInfo } from 'node:os'
import { basename, dirname, join } from 'node:path'
import type { Command } from 'commander'
import { Refusal } from '../../app/errors.js'
import { importPledges, importRequests } from '../../app/exchange-import.js'
import { importItems, importPlaces } from '../../app/import-reference.js'
import {
  type IfrcFamilies,
  type ItemRow,
  readIfrcFamilies,
  readIfrcItemsCsv,
  readItemsCsv,
  readItemsJson,
} from '../../interop/catalog/read-items.js'
import { type PlaceRow, readPlacesCsv, readPlacesJson } from '../../interop/places/read-places.js'
import { openNode } from '../open-node.js'
import { progressBar } from '../progress.js'
import { databaseSettings } from '../settings.js'
import { UsageError } from '../usage-error.js'

function formatOf(file: string, flag: string | undefined): string {
  if (flag) return flag
  return file.toLowerCase().endsWith('.json') ? 'json' : 'csv'
}

export function importCommand(program: Command): void {
  program
    .command('import')
    .description(
      'Import catalog items or places (idempotent by code), or requests for assistance from a HXL sheet; all or nothing.',
    )
    .argument('<kind>', 'items, places, requests or pledges')
    .argument('<file>', 'the file to read (UTF-8)')
    .option(
      '--format <format>',
      'csv, json, or ifrc (the IFRC catalogue CSV); default from the file name',
    )
    .option(
      '--families <file>',
      "with --format ifrc: the IFRC category file, to record each item's group and family (default: ifrc_supply_item_category_ifrc_standard.csv beside FILE, when present)",
    )
    .option('--submit', 'requests: submit each request drafted (default: leave them as drafts)')
    .option('--db <path-or-url>', 'SQLite file or postgres:// URL (env KIZUNA_DB)')
    .option('--key <file>', 'node key file (env KIZUNA_KEY_FILE)')
    .addHelpText(
      'after',
      `
Imported rows are reference data: the same id on every node (derived from the code), home "public".
Places of types hub, warehouse, staging-area and distribution-point become this node's own records.
Importing the same file again changes nothing; a changed row is updated, with its event.

Examples:
  kizuna import items ../shared/data/catalog/ifrc_supply_item_ifrc_standard.csv --format ifrc
  kizuna import places my-hubs.csv
  kizuna export places --format json --out places.json && kizuna import places places.json --db other.sqlite

CSV columns:
  items:  code,name_en,name_ja,category,unit,unit_weight_g,unit_volume_ml,shelf_life_days,ifrc_code,kit
  places: code,type,name_en,name_ja,lat,lon,country,admin_code,municipality,address,capacity,attributes

Requests (HXL: a row of hashtags under the headers; one row per request line):
  #loc+code (destination place code), #date+needed (2026-01-05 or 2026-01-05T09:00+09:00),
  #priority (life-saving, life-sustaining, other), and either #item+code with #need+num (quantity)
  or #service+code (a capability such as airlift) with #service+name (what is needed).
  Optional: #meta+request (rows with the same value are one request; importing it again changes
  nothing), #description (justification), #crisis+name (operation), #org+code (must be this node's).
  Rows without #meta+request are grouped by destination and needed-by. Other columns are ignored, so
  a file from \`kizuna export requests\` imports back (as new drafts of this organisation).

  kizuna import requests needs.hxl.csv --submit

Pledges (HXL, one per row): #item+code or #service+code (with #service+name), #value+pledged, and
  optionally #org+code (the pledging partner; default this node's), #loc+code, #date+start,
  #date+end, #description+conditions, #meta+pledge (importing it again changes nothing).
  Each is recorded as offered.

  kizuna import pledges offers.hxl.csv`,
    )
    .action(
      async (
        kind: string,
        file: string,
        flags: { format?: string; families?: string; submit?: boolean; db?: string; key?: string },
      ) => {
        if (kind === 'requests') return importRequestsCommand(file, flags)
        if (kind === 'pledges') return importPledgesCommand(file, flags)
        if (kind !== 'items' && kind !== 'places')
          throw new UsageError(`kind must be "items" or "places", not "${kind}"`)
        const format = formatOf(file, flags.format)
        if (!['csv', 'json', 'ifrc'].includes(format) || (kind === 'places' && format === 'ifrc'))
          throw new UsageError(
            `--format ${format} is not one of csv, json${kind === 'items' ? ', ifrc' : ''}`,
          )
        const bytes = readFileSync(file)
        const name = basename(file)
        let rows: ItemRow[] | PlaceRow[]
        if (kind === 'items') {
          if (format === 'ifrc') {
            const familiesPath =
              flags.families ?? join(dirname(file), 'ifrc_supply_item_category_ifrc_standard.csv')
            const families: IfrcFamilies | null = existsSync(familiesPath)
              ? readIfrcFamilies(basename(familiesPath), readFileSync(familiesPath))
              : null
            rows = readIfrcItemsCsv(name, bytes, families)
          } else rows = format === 'json' ? readItemsJson(name, bytes) : readItemsCsv(name, bytes)
        } else rows = format === 'json' ? readPlacesJson(name, bytes) : readPlacesCsv(name, bytes)
        const node = await openNode({ ...databaseSettings(flags), create: true })
        const bar = progressBar(`import ${kind}`)
        try {
          const actor = { kind: 'cli' as const, id: userInfo().username, org: node.ctx.node.org }
          const onProgress = (done: number, total: number) => bar.update(done, total)
          const summary = await (kind === 'items'
            ? importItems(node.ctx, actor, rows as ItemRow[], onProgress)
            : importPlaces(node.ctx, actor, rows as PlaceRow[], onProgress)
          ).catch((error: unknown) => {
            // Name the file in a refusal found while importing (the reader names it for its own).
            throw error instanceof Refusal
              ? new Refusal(error.code, `${name}: ${error.message}`, error.details)
              : error
          })
          bar.stop()
          process.stdout.write(
            `${name}: ${rows.length} ${kind} read — ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged.\n`,
          )
        } finally {
          bar.stop()
          await node.ctx.store.close()
        }
      },
    )
}

async function importRequestsCommand(
  file: string,
  flags: { submit?: boolean; db?: string; key?: string },
): Promise<void> {
  const bytes = readFileSync(file)
  const name = basename(file)
  const node = await openNode({ ...databaseSettings(flags), create: false, bundledData: false })
  try {
    const actor = { kind: 'cli' as const, id: userInfo().username, org: node.ctx.node.org }
    const outcome = await importRequests(node.ctx, actor, name, bytes, { submit: flags.submit })
    const lines = outcome.requests.map(
      (r) =>
        `  ${r.code}  ${r.status}  ${r.lines} line(s)${r.reference ? `  (${r.reference})` : ''}${r.result === 'exists' ? '  already imported' : ''}`,
    )
    process.stdout.write(
      `${name}: ${outcome.requests.length} request(s) read — ${outcome.created} created, ${outcome.existing} already imported.\n${lines.join('\n')}\n`,
    )
    for (const warning of outcome.warnings) process.stdout.write(`  warning: ${warning}\n`)
    if (outcome.ignored.length > 0)
      process.stderr.write(`columns not read: ${outcome.ignored.join(', ')}\n`)
  } finally {
    await node.ctx.store.close()
  }
}

async function importPledgesCommand(file: string, flags: { db?: string; key?: string }) {
  const bytes = readFileSync(file)
  const name = basename(file)
  const node = await openNode({ ...databaseSettings(flags), create: false, bundledData: false })
  try {
    const actor = { kind: 'cli' as const, id: userInfo().username, org: node.ctx.node.org }
    const outcome = await importPledges(node.ctx, actor, name, bytes)
    process.stdout.write(
      `${name}: ${outcome.pledges.length} pledge(s) read — ${outcome.created} created, ${outcome.existing} already imported.\n`,
    )
    if (outcome.ignored.length > 0)
      process.stderr.write(`columns not read: ${outcome.ignored.join(', ')}\n`)
  } finally {
    await node.ctx.store.close()
  }
}
