/**
 * @module cli/commands/asset
 * `kizuna asset types|list|add|status`: the transport assets partners offer, with places and
 * organisations named by code, and figures from a reference type (data/asset-types.csv).
 */
import { join } from 'node:path'
import type { Command } from 'commander'
import { assetTypesFromFile, createAsset, listAssets, setAssetStatus } from '../../app/assets.js'
import { type AssetStatus, assetKinds, assetStatuses } from '../../domain/transport/asset.js'
import { packageRoot } from '../settings.js'
import { UsageError } from '../usage-error.js'
import {
  assetKindOf,
  cliActor,
  common,
  type Node,
  type NodeFlags,
  placeByCode,
  withNode,
} from './route.js'

const assetTypes = assetTypesFromFile(join(packageRoot, 'data', 'asset-types.csv'))

function numberFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (value.trim() === '' || !Number.isFinite(n))
    throw new UsageError(`${flag} must be a number, not "${value}"`)
  return n
}

async function orgCode(node: Node, id: string): Promise<string> {
  return (await node.ctx.store.getOrganisation(id))?.code ?? id
}

interface AddFlags extends NodeFlags {
  name: string
  base: string
  type?: string
  kind?: string
  payloadKg?: string
  volumeM3?: string
  speedKmh?: string
  rangeKm?: string
  org?: string
  from?: string
  until?: string
  id?: string
}

export function assetCommand(program: Command): void {
  const asset = program
    .command('asset')
    .description('Transport assets partners offer: aircraft, helicopters, ships, trucks.')

  asset
    .command('types')
    .description('The reference asset types: payload, volume, speed, range, and their sources.')
    .action(async () => {
      process.stdout.write('code\tkind\tpayload_kg\tvolume_m3\tspeed_kmh\trange_km\tname\n')
      for (const t of await assetTypes())
        process.stdout.write(
          `${t.code}\t${t.kind}\t${t.payloadKg}\t${t.volumeM3}\t${t.speedKmh}\t${t.rangeKm ?? ''}\t${t.nameEn}\n`,
        )
    })

  common(
    asset
      .command('list')
      .description(
        'Assets: id, kind, type, name, payload, volume, speed, range, base, status, owner.',
      )
      .option('--kind <kind>', assetKinds.join(', '))
      .option('--status <status>', assetStatuses.join(', ')),
  ).action(async (flags: NodeFlags & { kind?: string; status?: string }) => {
    const kind = assetKindOf(flags.kind)
    if (flags.status && !(assetStatuses as readonly string[]).includes(flags.status))
      throw new UsageError(`--status must be one of ${assetStatuses.join(', ')}`)
    await withNode(flags, async (node) => {
      const page = await listAssets(
        node.ctx,
        { kind, status: flags.status as AssetStatus | undefined, limit: 5000, offset: 0 },
        null,
      )
      process.stdout.write(
        'id\tkind\ttype\tname\tpayload_kg\tvolume_m3\tspeed_kmh\trange_km\tbase\tstatus\towner\n',
      )
      for (const a of page.rows) {
        const base = (await node.ctx.store.getPlace(a.base, null))?.code ?? a.base
        process.stdout.write(
          `${a.id}\t${a.kind}\t${a.type ?? ''}\t${a.name}\t${a.payloadKg}\t${a.volumeM3}\t${a.speedKmh}\t${a.rangeKm ?? ''}\t${base}\t${a.status}\t${await orgCode(node, a.org)}\n`,
        )
      }
    })
  })

  common(
    asset
      .command('add')
      .description('Record an asset; a --type fills in the figures you do not give.')
      .requiredOption('--name <name>', 'name, tail or hull number')
      .requiredOption('--base <code>', 'the place it operates from, e.g. ICAO:RJNK')
      .option('--type <code>', 'a reference type (kizuna asset types), e.g. C-130J-30')
      .option('--kind <kind>', `for a custom asset: ${assetKinds.join(', ')}`)
      .option('--payload-kg <kg>', 'payload in kg')
      .option('--volume-m3 <m3>', 'usable volume in m³')
      .option('--speed-kmh <kmh>', 'cruise speed in km/h')
      .option('--range-km <km>', 'range in km')
      .option('--org <code>', "the partner offering it (default: the node's organisation)")
      .option('--from <time>', 'available from, ISO 8601')
      .option('--until <time>', 'available until, ISO 8601')
      .option('--id <uuid>', 'an id, so that running it again changes nothing')
      .addHelpText(
        'after',
        '\nExamples:\n  kizuna asset add --type C-130J-30 --name "RAAF A97-464" --base ICAO:RJNK --org AU-DFAT\n  kizuna asset add --kind truck --name "Truck 7" --payload-kg 3500 --volume-m3 20 --speed-kmh 60 --base HUB:KOMATSU',
      ),
  ).action(async (flags: AddFlags) => {
    const kind = assetKindOf(flags.kind)
    await withNode(flags, async (node) => {
      let org: string | undefined
      if (flags.org) {
        const found = (await node.ctx.store.listOrganisations(null)).find(
          (o) => o.code === flags.org,
        )
        if (!found) throw new UsageError(`--org: no organisation with code "${flags.org}"`)
        org = found.id
      }
      const { result, asset: created } = await createAsset(
        node.ctx,
        cliActor(node),
        {
          id: flags.id,
          org,
          type: flags.type ?? null,
          kind,
          name: flags.name,
          payloadKg: numberFlag(flags.payloadKg, '--payload-kg'),
          volumeM3: numberFlag(flags.volumeM3, '--volume-m3'),
          speedKmh: numberFlag(flags.speedKmh, '--speed-kmh'),
          rangeKm: numberFlag(flags.rangeKm, '--range-km'),
          base: await placeByCode(node, flags.base, '--base'),
          availableFrom: flags.from ?? null,
          availableUntil: flags.until ?? null,
        },
        await assetTypes(),
      )
      process.stdout.write(
        `${result === 'exists' ? 'Already recorded (same id): nothing changed.' : 'Recorded.'}\n${created.id}\t${created.kind}\t${created.name}\t${created.payloadKg} kg\t${created.volumeM3} m³\t${created.speedKmh} km/h\n`,
      )
    })
  })

  common(
    asset
      .command('status')
      .description(`Change an asset's status: ${assetStatuses.join(', ')}.`)
      .argument('<id>', 'the asset id')
      .argument('<status>', assetStatuses.join(', '))
      .option('--note <text>', 'why, e.g. "engine inspection until Friday"'),
  ).action(async (id: string, status: string, flags: NodeFlags & { note?: string }) => {
    if (!(assetStatuses as readonly string[]).includes(status))
      throw new UsageError(`status must be one of ${assetStatuses.join(', ')}, not "${status}"`)
    await withNode(flags, async (node) => {
      const changed = await setAssetStatus(node.ctx, cliActor(node), id, {
        status: status as AssetStatus,
        note: flags.note ?? null,
      })
      process.stdout.write(
        `Asset ${changed.name} is ${changed.status} (version ${changed.version}).\n`,
      )
    })
  })
}
