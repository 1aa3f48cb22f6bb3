/**
 * @module cli/commands/export
 * `kizuna export items|places`: writes CSV or JSON to standard output, or to `--out FILE`. The CSV has
 * the import's columns, so an export imports back unchanged.
 */
import { createWriteStream } from 'node:fs'
import type { Writable } from 'node:stream'
import type { Command } from 'commander'
import { stringify } from 'csv-stringify/sync'
import type { Item } from '../../domain/catalog/item.js'
import type { Place } from '../../domain/places/place.js'
import type { Viewer } from '../../app/ports.js'
import { openNode } from '../open-node.js'
import { databaseSettings } from '../settings.js'
import { UsageError } from './import.js'

const itemColumns = [
  'code',
  'name_en',
  'name_ja',
  'category',
  'group',
  'unit',
  'unit_weight_g',
  'unit_volume_ml',
  'shelf_life_days',
  'ifrc_code',
  'kit',
]
const placeColumns = [
  'code',
  'type',
  'name_en',
  'name_ja',
  'lat',
  'lon',
  'country',
  'admin_code',
  'municipality',
  'address',
  'capacity',
  'attributes',
]

const itemCells = (item: Item) => [
  item.code,
  item.nameEn,
  item.nameJa,
  item.category,
  item.group,
  item.unit,
  item.unitWeightG,
  item.unitVolumeMl,
  item.shelfLifeDays,
  item.ifrcCode,
  item.components.map((c) => `${c.code}*${c.quantity}`).join(';'),
]
const placeCells = (place: Place) => [
  place.code,
  place.type,
  place.nameEn,
  place.nameJa,
  place.lat,
  place.lon,
  place.country,
  place.adminCode,
  place.municipality,
  place.address,
  place.capacity,
  Object.keys(place.attributes).length > 0 ? JSON.stringify(place.attributes) : '',
]

async function write(out: Writable, text: string) {
  if (!out.write(text)) await new Promise((resolve) => out.once('drain', resolve))
}

export function exportCommand(program: Command): void {
  program
    .command('export')
    .description('Export catalog items or places as CSV or JSON.')
    .argument('<kind>', 'items or places')
    .option('--format <format>', 'csv or json', 'csv')
    .option('--out <file>', 'write to this file instead of standard output')
    .option(
      '--for <org-code>',
      'only what is released to this partner organisation (default: everything, as the node operator)',
    )
    .option('--db <path-or-url>', 'SQLite file or postgres:// URL (env KIZUNA_DB)')
    .option('--key <file>', 'node key file (env KIZUNA_KEY_FILE)')
    .addHelpText(
      'after',
      `
Examples:
  kizuna export places --format csv > places.csv
  kizuna export items --format json --out items.json`,
    )
    .action(
      async (
        kind: string,
        flags: { format: string; out?: string; for?: string; db?: string; key?: string },
      ) => {
        if (kind !== 'items' && kind !== 'places')
          throw new UsageError(`kind must be "items" or "places", not "${kind}"`)
        if (flags.format !== 'csv' && flags.format !== 'json')
          throw new UsageError(`--format must be csv or json, not "${flags.format}"`)
        const node = await openNode({
          ...databaseSettings(flags),
          create: false,
          bundledData: false,
        })
        let viewer: Viewer = null
        if (flags.for) {
          const organisation = (await node.ctx.store.listOrganisations(null)).find(
            (o) => o.code === flags.for,
          )
          if (!organisation) {
            await node.ctx.store.close()
            throw new UsageError(`--for: no organisation with code "${flags.for}"`)
          }
          viewer = { org: organisation.id }
        }
        const out: Writable = flags.out ? createWriteStream(flags.out) : process.stdout
        let count = 0
        try {
          const json = flags.format === 'json'
          await write(
            out,
            json ? '[\n' : stringify([kind === 'items' ? itemColumns : placeColumns]),
          )
          const chunks =
            kind === 'items'
              ? node.ctx.store.streamItems(viewer)
              : node.ctx.store.streamPlaces(viewer)
          for await (const chunk of chunks as AsyncGenerator<(Item | Place)[]>) {
            const text = json
              ? chunk
                  .map((record, i) => `${count + i > 0 ? ',\n' : ''}${JSON.stringify(record)}`)
                  .join('')
              : stringify(
                  chunk.map((record) =>
                    kind === 'items' ? itemCells(record as Item) : placeCells(record as Place),
                  ),
                )
            count += chunk.length
            await write(out, text)
          }
          if (json) await write(out, '\n]\n')
        } finally {
          if (flags.out) await new Promise((resolve) => out.end(resolve))
          await node.ctx.store.close()
        }
        if (flags.out) process.stderr.write(`${count} ${kind} written to ${flags.out}\n`)
      },
    )
}
