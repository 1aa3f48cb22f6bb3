/**
 * @module cli/run
 * The `kizuna` program: its commands, and the mapping of refusals to exit codes (exit-codes.ts). Each
 * command's --help teaches with an example.
 */
import { Command, CommanderError } from 'commander'
import { Refusal } from '../app/errors.js'
import { FileProblems } from '../interop/csv/read-table.js'
import { assetCommand } from './commands/asset.js'
import { consignmentCommand } from './commands/consignment.js'
import { exportCommand } from './commands/export.js'
import { importCommand, UsageError } from './commands/import.js'
import { initCommand } from './commands/init.js'
import { keyCommand } from './commands/key.js'
import { legCommand } from './commands/leg.js'
import { needsCommand } from './commands/needs.js'
import { peerCommand } from './commands/peer.js'
import { planCommand } from './commands/plan.js'
import { donationCommand, pledgeCommand } from './commands/pledge.js'
import { proposalCommand } from './commands/proposal.js'
import { reportCommand } from './commands/report.js'
import { requestCommand } from './commands/request.js'
import { routeCommand } from './commands/route.js'
import { serveCommand } from './commands/serve.js'
import { stockCommand } from './commands/stock.js'
import { syncCommand } from './commands/sync.js'
import { tokenCommand, userCommand } from './commands/user.js'
import { verifyCommand } from './commands/verify.js'
import { exitCodes } from './exit-codes.js'
import { productVersion } from './version.js'

export function buildProgram(): Command {
  const program = new Command('kizuna')
    .description(
      'Kizuna (絆): relief-hub software — catalog, places, stock, requests, allocation, transport and federation.',
    )
    .version(productVersion())
    .showHelpAfterError('(run with --help for usage and examples)')
    .exitOverride()
    .addHelpText(
      'after',
      `
Quick start:
  kizuna serve --demo               start a demo node at http://localhost:8080
  kizuna import items FILE          load a catalogue (csv, json, or --format ifrc)
  kizuna export places --format csv
  kizuna verify                     check the event log and its signatures

Settings: --db or KIZUNA_DB (SQLite file or postgres:// URL; default var/kizuna.sqlite),
--key or KIZUNA_KEY_FILE (node key; default beside the SQLite file), --port or KIZUNA_PORT (8080).`,
    )
  serveCommand(program)
  initCommand(program)
  importCommand(program)
  exportCommand(program)
  verifyCommand(program)
  userCommand(program)
  tokenCommand(program)
  stockCommand(program)
  assetCommand(program)
  routeCommand(program)
  legCommand(program)
  consignmentCommand(program)
  requestCommand(program)
  needsCommand(program)
  pledgeCommand(program)
  donationCommand(program)
  reportCommand(program)
  peerCommand(program)
  syncCommand(program)
  keyCommand(program)
  planCommand(program)
  proposalCommand(program)
  const override = (command: Command): void => {
    command.exitOverride()
    command.commands.forEach(override)
  }
  program.commands.forEach(override)
  return program
}

export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv], { from: 'user' })
    return typeof process.exitCode === 'number' ? process.exitCode : exitCodes.ok
  } catch (error) {
    if (error instanceof CommanderError)
      return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage
    if (error instanceof UsageError) {
      process.stderr.write(`kizuna: ${error.message}\n`)
      return exitCodes.usage
    }
    if (error instanceof FileProblems) {
      process.stderr.write(
        `kizuna: refused, nothing was written.\n${error.problems
          .slice(0, 20)
          .map(
            (p) =>
              `  ${error.file}: line ${p.line ?? '?'}${p.column ? `, column ${p.column}` : ''} (${p.field}): ${p.message}`,
          )
          .join(
            '\n',
          )}\n${error.problems.length > 20 ? `  … and ${error.problems.length - 20} more\n` : ''}`,
      )
      return exitCodes.dataError
    }
    if (error instanceof Refusal) {
      process.stderr.write(`kizuna: refused, nothing was written: ${error.message}\n`)
      return exitCodes.dataError
    }
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
      process.stderr.write(
        `kizuna: cannot read ${(error as NodeJS.ErrnoException).path ?? 'the input'}: ${code === 'ENOENT' ? 'no such file' : code}\n`,
      )
      return exitCodes.noInput
    }
    process.stderr.write(`kizuna: ${error instanceof Error ? error.message : String(error)}\n`)
    return exitCodes.failure
  }
}
