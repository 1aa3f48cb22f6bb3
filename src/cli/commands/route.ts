/**
 * @module cli/commands/route
 * `kizuna route derive|fastest` (also spelled `routes`): derive the route network from the places,
 * and find the fastest route between two places, named by code, for an asset kind or one asset.
 */
import type { Command } from 'commander'
import { deriveRouteNetwork, findFastestRoute } from '../../app/route-network.js'
import { type AssetKind, assetKinds } from '../../domain/transport/asset.js'
import { openNode } from '../open-node.js'
import { databaseSettings } from '../settings.js'
import { UsageError } from '../usage-error.js'

export type Node = Awaited<ReturnType<typeof openNode>>

export interface NodeFlags {
  db?: string
  key?: string
}

/** Opens the node (without reloading bundled data), runs `work`, closes it. */
export async function withNode(
  flags: NodeFlags,
  work: (node: Node) => Promise<void>,
): Promise<void> {
  const node = await openNode({ ...databaseSettings(flags), create: false, bundledData: false })
  try {
    await work(node)
  } finally {
    await node.ctx.store.close()
  }
}

export const cliActor = (node: Node) => ({
  kind: 'cli' as const,
  id: process.env.USER ?? 'cli',
  org: node.ctx.node.org,
})

export async function placeByCode(node: Node, code: string, what: string): Promise<string> {
  const [place] = await node.ctx.store.getPlacesByCodes([code])
  if (!place) throw new UsageError(`${what}: no place with code "${code}"`)
  return place.id
}

export function assetKindOf(value: string | undefined, flag = '--kind'): AssetKind | undefined {
  if (value === undefined) return undefined
  if (!(assetKinds as readonly string[]).includes(value))
    throw new UsageError(`${flag} must be one of ${assetKinds.join(', ')}, not "${value}"`)
  return value as AssetKind
}

export const common = (command: Command) =>
  command
    .option('--db <path-or-url>', 'SQLite file or postgres:// URL (env KIZUNA_DB)')
    .option('--key <file>', 'node key file (env KIZUNA_KEY_FILE)')

export function routeCommand(program: Command): void {
  const route = program
    .command('route')
    .alias('routes')
    .description('The route network: derive it from the places, find the fastest route.')

  common(
    route
      .command('derive')
      .description(
        'Derive air, sea and road legs from the places; legs edited by hand are kept as they are.',
      ),
  ).action(async (flags: NodeFlags) => {
    await withNode(flags, async (node) => {
      const summary = await deriveRouteNetwork(node.ctx, cliActor(node))
      process.stdout.write(
        `Derived ${summary.derived} legs from ${summary.places} places (air ${summary.byMode.air}, sea ${summary.byMode.sea}, road ${summary.byMode.road}): ${summary.created} new, ${summary.updated} moved, ${summary.unchanged} unchanged, ${summary.keptEdited} edited by hand and kept, in ${summary.milliseconds} ms.\n`,
      )
    })
  })

  common(
    route
      .command('fastest')
      .description('The fastest route between two places, by code, for an asset kind or an asset.')
      .argument('<from>', 'origin place code, e.g. HUB:KOMATSU')
      .argument('<to>', 'destination place code, e.g. LG:172049')
      .option('--kind <kind>', assetKinds.join(', '))
      .option('--asset <id>', 'route for this asset: its kind, speed and range')
      .addHelpText(
        'after',
        '\nExamples:\n  kizuna route fastest HUB:KOMATSU LG:172049 --kind truck\n  kizuna route fastest HUB:KOMATSU LOCODE:JPWJM --kind helicopter',
      ),
  ).action(
    async (from: string, to: string, flags: NodeFlags & { kind?: string; asset?: string }) => {
      const kind = assetKindOf(flags.kind)
      if (!kind && !flags.asset) throw new UsageError('--kind or --asset is required')
      await withNode(flags, async (node) => {
        const found = await findFastestRoute(node.ctx, null, {
          from: await placeByCode(node, from, 'from'),
          to: await placeByCode(node, to, 'to'),
          kind,
          asset: flags.asset,
        })
        process.stdout.write(
          `${from} → ${to} by ${found.kind}: ${found.distanceKm} km, ${found.minutes} min (${(found.minutes / 60).toFixed(1)} h)\n`,
        )
        process.stdout.write('mode\tfrom\tto\tkm\tmin\tstatus\tleg\n')
        for (const step of found.steps)
          process.stdout.write(
            `${step.mode}\t${step.fromCode}\t${step.toCode}\t${step.distanceKm}\t${step.minutes}\t${step.status}\t${step.leg ?? 'direct flight'}\n`,
          )
        for (const warning of found.warnings) process.stderr.write(`warning: ${warning}\n`)
      })
    },
  )
}
