/**
 * @module cli/commands/import
 * `kizuna import items|places FILE`: loads a whole file in one transaction — all rows or none — and
 * refuses a bad row naming the file, line and column.
 */
import { existsSync, readFileSync } from 'node:fs'
import { userInfo } from 'node:os'
import { basename, dirname, join } from 'node:path'
import type { Command } from 'commander'
import { Refusal } from '../../app/errors.js'
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

function formatOf(file: string, flag: string | undefined): string {
  if (flag) return flag
  return file.toLowerCase().endsWith('.json') ? 'json' : 'csv'
}

export function importCommand(program: Command): void {
  program
    .command('import')
    .description('Import catalog items or places from a file, all or nothing, idempotent by code.')
    .argument('<kind>', 'items or places')
    .argument('<file>', 'the file to read (UTF-8)')
    .option(
      '--format <format>',
      'csv, json, or ifrc (the IFRC catalogue CSV); default from the file name',
    )
    .option(
      '--families <file>',
      "with --format ifrc: the IFRC category file, to record each item's group and family (default: ifrc_supply_item_category_ifrc_standard.csv beside FILE, when present)",
    )
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
  places: code,type,name_en,name_ja,lat,lon,country,admin_code,municipality,address,capacity,attributes`,
    )
    .action(
      async (
        kind: string,
        file: string,
        flags: { format?: string; families?: string; db?: string; key?: string },
      ) => {
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

export class UsageError extends Error {}
