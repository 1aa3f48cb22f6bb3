/**
 * @module cli/commands/leg
 * `kizuna leg list|close|open`: the legs of the route network, and closing one (a road cut by a
 * landslide) or opening it again. Routes found after a change avoid a closed leg.
 */
import type { Command } from 'commander'
import { editLeg } from '../../app/route-network.js'
import { type LegStatus, legModes, legStatuses } from '../../domain/transport/leg.js'
import { UsageError } from '../usage-error.js'
import { cliActor, common, type NodeFlags, placeByCode, withNode } from './route.js'

export function legCommand(program: Command): void {
  const leg = program.command('leg').description('Legs of the route network: list, close, open.')

  common(
    leg
      .command('list')
      .description('Legs: id, mode, from, to, km, minutes, status, note.')
      .option('--place <code>', 'legs from or to this place')
      .option('--status <status>', legStatuses.join(', '))
      .option('--mode <mode>', legModes.join(', ')),
  ).action(async (flags: NodeFlags & { place?: string; status?: string; mode?: string }) => {
    if (flags.status && !(legStatuses as readonly string[]).includes(flags.status))
      throw new UsageError(`--status must be one of ${legStatuses.join(', ')}`)
    if (flags.mode && !(legModes as readonly string[]).includes(flags.mode))
      throw new UsageError(`--mode must be one of ${legModes.join(', ')}`)
    await withNode(flags, async (node) => {
      const page = await node.ctx.store.listLegs({
        place: flags.place ? await placeByCode(node, flags.place, '--place') : undefined,
        status: flags.status as LegStatus | undefined,
        mode: flags.mode as (typeof legModes)[number] | undefined,
        limit: 5000,
        offset: 0,
      })
      const ids = [...new Set(page.rows.flatMap((l) => [l.from, l.to]))]
      const codes = new Map<string, string>()
      for (const id of ids) {
        const place = await node.ctx.store.getPlace(id, null)
        if (place) codes.set(id, place.code)
      }
      process.stdout.write('id\tmode\tfrom\tto\tkm\tmin\tstatus\tnote\n')
      for (const l of page.rows)
        process.stdout.write(
          `${l.id}\t${l.mode}\t${codes.get(l.from) ?? l.from}\t${codes.get(l.to) ?? l.to}\t${l.distanceKm}\t${l.transitMinutes}\t${l.status}\t${l.note ?? ''}\n`,
        )
      if (page.total > page.rows.length)
        process.stderr.write(`(${page.rows.length} of ${page.total} shown: narrow with --place)\n`)
    })
  })

  for (const [name, status] of [
    ['close', 'closed'],
    ['open', 'open'],
  ] as const) {
    common(
      leg
        .command(name)
        .description(
          name === 'close'
            ? 'Close a leg, saying why: routes found from now on avoid it.'
            : 'Open a closed or damaged leg again.',
        )
        .argument('<id>', 'the leg id (kizuna leg list --place CODE)')
        .option(
          '--reason <text>',
          name === 'close' ? 'why (required), e.g. "landslide at km 12"' : 'why',
        )
        .addHelpText(
          'after',
          `\nExample:\n  kizuna leg ${name} 0193… --reason "landslide, Route 249"`,
        ),
    ).action(async (id: string, flags: NodeFlags & { reason?: string }) => {
      if (name === 'close' && !flags.reason)
        throw new UsageError('--reason is required to close a leg: say why')
      await withNode(flags, async (node) => {
        const changed = await editLeg(node.ctx, cliActor(node), id, {
          status,
          reason: flags.reason,
        })
        process.stdout.write(
          `Leg ${changed.id} is ${changed.status}${changed.note ? `: ${changed.note}` : ''} (version ${changed.version}).\n`,
        )
      })
    })
  }
}
