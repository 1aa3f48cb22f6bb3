/**
 * @module cli/commands/verify
 * `kizuna verify`: checks the event log's hash chain and the node's signatures on its chain heads.
 */
import type { Command } from 'commander'
import { verifyChain } from '../../app/verify-chain.js'
import { exitCodes } from '../exit-codes.js'
import { openNode } from '../open-node.js'
import { databaseSettings } from '../settings.js'

export function verifyCommand(program: Command): void {
  program
    .command('verify')
    .description(
      "Check that the event log is whole and unaltered: every event's hash, the chain linking them, and the node's signature on every chain head.",
    )
    .option('--db <path-or-url>', 'SQLite file or postgres:// URL (env KIZUNA_DB)')
    .option('--key <file>', 'node key file (env KIZUNA_KEY_FILE)')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      `
Also recomputes every stock balance from the transfers and names each account that differs.
Exit code 0 when sound, 3 when the log or a signature was altered (the first problem names the event),
1 when a balance differs from its transfers.

Example:
  kizuna verify --db var/kizuna.sqlite`,
    )
    .action(async (flags: { db?: string; key?: string; json?: boolean }) => {
      const node = await openNode({ ...databaseSettings(flags), create: false, bundledData: false })
      try {
        const report = await verifyChain(node.ctx.store, node.ctx.node.id, node.key)
        // Every stored balance must equal the sum of the transfers that made it.
        const mismatches = await node.ctx.store.findBalanceMismatches()
        if (flags.json)
          process.stdout.write(`${JSON.stringify({ ...report, balanceMismatches: mismatches })}\n`)
        else {
          if (report.ok)
            process.stdout.write(
              `OK: ${report.events} events in an unbroken chain, ${report.heads} signed heads verified.\n`,
            )
          else
            process.stdout.write(
              `FAILED: ${report.problem?.message} (${report.problem?.code}; ${report.events} events checked before it).\n`,
            )
          if (mismatches.length === 0)
            process.stdout.write('OK: every balance equals the sum of its transfers.\n')
          for (const m of mismatches.slice(0, 20)) {
            process.stdout.write(
              `FAILED: account ${m.accountId} holds posted ${m.stored.posted}, pending out ${m.stored.pendingOut}, pending in ${m.stored.pendingIn}; its transfers give ${m.recomputed.posted}, ${m.recomputed.pendingOut}, ${m.recomputed.pendingIn}.\n`,
            )
          }
        }
        process.exitCode = !report.ok
          ? exitCodes.verifyFailed
          : mismatches.length > 0
            ? exitCodes.failure
            : exitCodes.ok
      } finally {
        await node.ctx.store.close()
      }
    })
}
