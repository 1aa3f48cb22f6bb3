/**
 * @module cli/commands/sync
 * `kizuna sync [--peer ID]`: pulls from one peer, or every active one, now, until caught up — with a
 * progress line per peer — and says where each stands. Exit code 0 when every pull succeeded, 1 when
 * one failed (its error is printed and kept on the peer's checkpoint).
 */
import type { Command } from 'commander'
import { getPeer } from '../../app/peers.js'
import { exitCodes } from '../exit-codes.js'
import { progressBar } from '../progress.js'
import { common, type NodeFlags, withNode } from './route.js'

export function syncCommand(program: Command): void {
  common(
    program
      .command('sync')
      .description('Pull the events peers release to this node, now, until caught up.')
      .option('--peer <id>', 'only this peer (its node id)')
      .addHelpText(
        'after',
        '\nA running `kizuna serve` also pulls in the background; this is for now, or for a node\nthat is not serving.\n\nExamples:\n  kizuna sync\n  kizuna sync --peer 0193…',
      ),
  ).action(async (flags: NodeFlags & { peer?: string }) => {
    await withNode(flags, async (node) => {
      if (flags.peer) await getPeer(node.ctx, flags.peer)
      const bars = new Map<string, ReturnType<typeof progressBar>>()
      const reports = await node.federation.pull(flags.peer, (progress) => {
        let bar = bars.get(progress.peer)
        if (!bar) {
          bar = progressBar(`peer ${progress.peer.slice(-8)}`)
          bars.set(progress.peer, bar)
        }
        bar.update(progress.seq, Math.max(progress.head, progress.seq, 1))
      })
      for (const bar of bars.values()) bar.stop()
      if (reports.length === 0) process.stdout.write('No active peers to pull from.\n')
      for (const r of reports)
        process.stdout.write(
          r.outcome === 'failed'
            ? `${r.peer}\tfailed\tat seq ${r.seq} of ${r.head}\t${r.error}\n`
            : `${r.peer}\t${r.outcome === 'caught_up' ? 'caught up' : 'behind'}\tat seq ${r.seq} of ${r.head}\t${r.received} events received\n`,
        )
      process.exitCode = reports.some((r) => r.outcome === 'failed')
        ? exitCodes.failure
        : exitCodes.ok
    })
  })
}
