/**
 * @module cli/main
 * Entry point of the `kizuna` command (bin/kizuna.js imports it). `serve` keeps running; every other
 * command exits with its code when done.
 */
import { exitCodes } from './exit-codes.js'
import { runCli } from './run.js'

/** Waits until what was written to `stream` has left the process: `process.exit` would drop it
 * (an export piped to a slow reader lost its last lines that way). */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.writableLength === 0) return Promise.resolve()
  return new Promise((resolve) => stream.write('', () => resolve()))
}

const code = await runCli(process.argv.slice(2))
if (process.argv[2] !== 'serve' || code !== exitCodes.ok) {
  await Promise.all([flushed(process.stdout), flushed(process.stderr)])
  process.exit(code)
}
