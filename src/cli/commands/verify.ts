/**
 * @module cli/commands/verify
 * `kizuna verify`: checks the event log's hash chain and the node's signatures on its chain heads.
 */
import type { Command } from 'commander'
import type { CardBreak } from '../../app/ports.js'
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
Also recomputes every stock balance from the transfers and checks every stock card's chain, naming
each account that differs.
Exit code 0 when sound, 3 when the log or a signature was altered (the first problem names the event),
1 when a balance differs from its transfers or a stock card's chain is broken.

Example:
  kizuna verify --db var/kizuna.sqlite`,
    )
    .action(async (flags: { db?: string; key?: string; json?: boolean }) => {
      const node = await openNode({ ...databaseSettings(flags), create: false, bundledData: false })
      try {
        const report = await verifyChain(node.ctx.store, node.ctx.node.id, node.key)
        // Every stored balance must equal the sum of the transfers that made it.
        const mismatches = await node.ctx.store.findBalanceMismatches()
        // And every stock card's chain must link each account's transfers in order.
        const breaks = await node.ctx.store.findCardBreaks()
        if (flags.json)
          process.stdout.write(
            `${JSON.stringify({ ...report, balanceMismatches: mismatches, cardBreaks: breaks })}\n`,
          )
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
          if (breaks.length === 0)
            process.stdout.write("OK: every stock card's chain links its account's transfers.\n")
          for (const b of breaks.slice(0, 20)) process.stdout.write(`FAILED: ${cardBreakText(b)}\n`)
        }
        process.exitCode = !report.ok
          ? exitCodes.verifyFailed
          : mismatches.length > 0 || breaks.length > 0
            ? exitCodes.failure
            : exitCodes.ok
      } finally {
        await node.ctx.store.close()
      }
    })
}

function cardBreakText(b: CardBreak): string {
  if (b.what === 'previous')
    return `transfer ${b.transfer} names line ${b.stored ?? 'none'} before it on account ${b.accountId}'s stock card; its transfers give ${b.expected ?? 'none'}.`
  if (b.what === 'last')
    return `account ${b.accountId}'s stock card ends at line ${b.stored ?? 'none'}; its transfers end at ${b.expected ?? 'none'}.`
  return `account ${b.accountId}'s stock card counts ${b.stored} lines; it has ${b.expected} transfers.`
}
