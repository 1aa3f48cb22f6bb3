/**
 * @module cli/run
 * The `kizuna` program: its commands, and the mapping of refusals to exit codes (exit-codes.ts). Each
 * command's --help teaches with an example.
 */
import { Command, CommanderError } from 'commander'
import { Refusal } from '../app/errors.js'
import { FileProblems } from '../interop/csv/read-table.js'
import { exitCodes } from './exit-codes.js'
import { UsageError } from './usage-error.js'
import { productVersion } from './version.js'

type Register = (program: Command) => void

/**
 * Each top-level command and how to load it, in the order --help lists them. A command line names one,
 * and only its module is loaded (a CLI call starts about a third faster than with every command's
 * modules); help or a name not known here loads them all, for the full list or commander's suggestion.
 */
const commands: ReadonlyArray<readonly [string, () => Promise<Register>]> = [
  ['serve', async () => (await import('./commands/serve.js')).serveCommand],
  ['init', async () => (await import('./commands/init.js')).initCommand],
  ['import', async () => (await import('./commands/import.js')).importCommand],
  ['export', async () => (await import('./commands/export.js')).exportCommand],
  ['verify', async () => (await import('./commands/verify.js')).verifyCommand],
  ['user', async () => (await import('./commands/user.js')).userCommand],
  ['token', async () => (await import('./commands/user.js')).tokenCommand],
  ['stock', async () => (await import('./commands/stock.js')).stockCommand],
  ['asset', async () => (await import('./commands/asset.js')).assetCommand],
  ['route', async () => (await import('./commands/route.js')).routeCommand],
  ['leg', async () => (await import('./commands/leg.js')).legCommand],
  ['consignment', async () => (await import('./commands/consignment.js')).consignmentCommand],
  ['request', async () => (await import('./commands/request.js')).requestCommand],
  ['needs', async () => (await import('./commands/needs.js')).needsCommand],
  ['pledge', async () => (await import('./commands/pledge.js')).pledgeCommand],
  ['donation', async () => (await import('./commands/pledge.js')).donationCommand],
  ['report', async () => (await import('./commands/report.js')).reportCommand],
  ['peer', async () => (await import('./commands/peer.js')).peerCommand],
  ['sync', async () => (await import('./commands/sync.js')).syncCommand],
  ['key', async () => (await import('./commands/key.js')).keyCommand],
  ['plan', async () => (await import('./commands/plan.js')).planCommand],
  ['proposal', async () => (await import('./commands/proposal.js')).proposalCommand],
]
/** Other names a command answers to (its commander alias). */
const aliases: Readonly<Record<string, string>> = { routes: 'route', proposals: 'proposal' }

/** The program with the commands a command line needs: the one it names, or all of them. */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
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
  const first = argv[0] ?? ''
  const named = aliases[first] ?? first
  const wanted = commands.filter(([name]) => name === named)
  for (const [, load] of wanted.length > 0 ? wanted : commands) (await load())(program)
  const override = (command: Command): void => {
    command.exitOverride()
    command.commands.forEach(override)
  }
  program.commands.forEach(override)
  return program
}

export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    await (await buildProgram(argv)).parseAsync([...argv], { from: 'user' })
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
