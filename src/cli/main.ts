/**
 * @module cli/main
 * Entry point of the `kizuna` command (bin/kizuna.js imports it). `serve` keeps running; every other
 * command exits with its code when done.
 */
import { exitCodes } from './exit-codes.js'
import { runCli } from './run.js'

const code = await runCli(process.argv.slice(2))
if (process.argv[2] !== 'serve' || code !== exitCodes.ok) process.exit(code)
