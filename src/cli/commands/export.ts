/**
 * @module cli/commands/export
 * `kizuna export items|places`: writes CSV or JSON to standard output, or to `--out FILE`. The CSV has
 * the import's columns, so an export imports back unchanged.
 * `kizuna export requests|pledges|stock|3w`: HXL-tagged CSV (or plain CSV) from the same use cases
 * as the API's downloads; a requests export imports back with `kizuna import requests`.
 */
import { createWriteStream } from 'node:fs'
import type { Writable } from 'node:stream'
import type { Command } from 'commander'
import { stringify } from 'csv-stringify/sync'
import {
  type ExportedSheet,
  exportPledges,
  exportRequests,
  exportStock,
  exportThreeW,
} from '../../app/exchange.js'
import type { Viewer } from '../../app/ports.js'
import type { Item } from '../../domain/catalog/item.js'
import type { Place } from '../../domain/places/place.js'
import { type PledgeStatus, pledgeStatuses } from '../../domain/requests/pledge.js'
import { type RequestStatus, requestStatuses } from '../../domain/requests/request.js'
import { openNode } from '../open-node.js'
import { databaseSettings } from '../settings.js'
import { UsageError } from '../usage-error.js'

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

const sheetKinds = ['requests', 'pledges', 'stock', '3w'] as const
type SheetKind = (typeof sheetKinds)[number]

interface Flags {
  format?: string
  out?: string
  for?: string
  db?: string
  key?: string
  status?: string
  place?: string
  org?: string
}

type Node = Awaited<ReturnType<typeof openNode>>

async function placeByCode(node: Node, code: string | undefined) {
  if (!code) return undefined
  const [place] = await node.ctx.store.getPlacesByCodes([code])
  if (!place) throw new UsageError(`--place: no place with code "${code}"`)
  return place.id
}

async function orgByCode(node: Node, code: string | undefined, flag = '--org') {
  if (!code) return undefined
  const found = (await node.ctx.store.listOrganisations(null)).find((o) => o.code === code)
  if (!found) throw new UsageError(`${flag}: no organisation with code "${code}"`)
  return found.id
}

function statusList<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
): T[] | undefined {
  if (!value) return undefined
  const list = value.split(',').map((s) => s.trim())
  const bad = list.find((s) => !(allowed as readonly string[]).includes(s))
  if (bad)
    throw new UsageError(`--status: unknown status "${bad}"; expected one of ${allowed.join(', ')}`)
  return list as T[]
}

/** Requests, pledges, stock or a 3W as a sheet, read as `viewer` may see them. */
async function exportSheet(
  node: Node,
  kind: SheetKind,
  flags: Flags,
  viewer: Viewer,
  format: 'hxl' | 'csv',
): Promise<ExportedSheet> {
  const { ctx } = node
  switch (kind) {
    case 'requests':
      return exportRequests(
        ctx,
        viewer,
        {
          status: statusList<RequestStatus>(flags.status, requestStatuses),
          destination: await placeByCode(node, flags.place),
          org: await orgByCode(node, flags.org),
        },
        format,
      )
    case 'pledges': {
      const [status, more] = statusList<PledgeStatus>(flags.status, pledgeStatuses) ?? []
      if (more) throw new UsageError('--status: pledges take one status')
      return exportPledges(ctx, viewer, { status, org: await orgByCode(node, flags.org) }, format)
    }
    case 'stock':
      return exportStock(
        ctx,
        viewer,
        { place: await placeByCode(node, flags.place), owner: await orgByCode(node, flags.org) },
        format,
      )
    case '3w':
      return exportThreeW(ctx, viewer, {}, format)
  }
}

async function write(out: Writable, text: string) {
  if (!out.write(text)) await new Promise((resolve) => out.once('drain', resolve))
}

export function exportCommand(program: Command): void {
  program
    .command('export')
    .description(
      'Export catalog items or places (CSV or JSON), or requests, pledges, stock balances or a 3W (HXL-tagged CSV or plain CSV).',
    )
    .argument('<kind>', 'items, places, requests, pledges, stock or 3w')
    .option(
      '--format <format>',
      'items and places: csv (default) or json; requests, pledges, stock and 3w: hxl (default) or csv',
    )
    .option(
      '--status <status>',
      'requests: only these statuses (comma-separated); pledges: one status',
    )
    .option(
      '--place <code>',
      'requests: only those for this destination; stock: only at this place',
    )
    .option(
      '--org <org-code>',
      "requests and pledges: only this organisation's; stock: this owner's",
    )
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
  kizuna export items --format json --out items.json
  kizuna export requests --format hxl --status submitted,validated --out requests.hxl.csv
  kizuna export stock --place HUB:KOMATSU --for AU-DFAT
  kizuna export 3w --out 3w.csv

HXL files carry a row of hashtags (#org+code, #loc+code, #adm1+code, #item+code, #item+name+i_ja,
#need+num, #value+delivered, #date+needed …) under the text headers, which HXL tools read.`,
    )
    .action(async (kind: string, flags: Flags) => {
      if ((sheetKinds as readonly string[]).includes(kind))
        return exportSheetCommand(kind as SheetKind, flags)
      if (kind !== 'items' && kind !== 'places')
        throw new UsageError(
          `kind must be one of items, places, ${sheetKinds.join(', ')}, not "${kind}"`,
        )
      const format = flags.format ?? 'csv'
      if (format !== 'csv' && format !== 'json')
        throw new UsageError(`--format must be csv or json, not "${format}"`)
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
        const json = format === 'json'
        await write(out, json ? '[\n' : stringify([kind === 'items' ? itemColumns : placeColumns]))
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
    })
}

async function viewerFor(node: Node, code: string | undefined): Promise<Viewer> {
  return code ? { org: (await orgByCode(node, code, '--for')) as string } : null
}

async function exportSheetCommand(kind: SheetKind, flags: Flags): Promise<void> {
  const format = flags.format ?? 'hxl'
  if (format !== 'hxl' && format !== 'csv')
    throw new UsageError(`--format must be hxl or csv for ${kind}, not "${format}"`)
  const node = await openNode({ ...databaseSettings(flags), create: false, bundledData: false })
  let sheet: ExportedSheet
  try {
    sheet = await exportSheet(node, kind, flags, await viewerFor(node, flags.for), format)
  } finally {
    await node.ctx.store.close()
  }
  if (!flags.out) return void (await write(process.stdout, sheet.text))
  const out = createWriteStream(flags.out)
  await write(out, sheet.text)
  await new Promise((resolve) => out.end(resolve))
  process.stderr.write(
    `${sheet.count} ${kind === '3w' ? '3W rows' : kind} written to ${flags.out}\n`,
  )
}
