/**
 * @module cli/commands/serve
 * `kizuna serve`: starts the node — creates, migrates and loads a new database on first start — and
 * serves the API and the web app until SIGINT or SIGTERM, then closes gracefully.
 */
import { join } from 'node:path'
import type { Command } from 'commander'
import { openNode } from '../open-node.js'
import { progressBar } from '../progress.js'
import { databaseSettings, packageRoot, portSetting } from '../settings.js'
import { productVersion } from '../version.js'

export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('Start the node: the API, its docs and the web app, on one port.')
    .option('--db <path-or-url>', 'SQLite file or postgres:// URL (env KIZUNA_DB)', undefined)
    .option('--key <file>', 'node key file (env KIZUNA_KEY_FILE; default: beside the SQLite file)')
    .option('--port <port>', 'port to listen on (env KIZUNA_PORT)', undefined)
    .option(
      '--host <host>',
      'address to listen on; 0.0.0.0 to serve tablets on the LAN (env KIZUNA_HOST)',
      process.env.KIZUNA_HOST ?? '127.0.0.1',
    )
    .option('--demo', 'add the demo partners and hubs (once)')
    .option(
      '--log-level <level>',
      'fatal, error, warn, info, debug',
      process.env.KIZUNA_LOG_LEVEL ?? 'info',
    )
    .addHelpText(
      'after',
      `
Examples:
  kizuna serve --demo                          demo node on var/kizuna.sqlite at http://localhost:8080
  kizuna serve --db /srv/kizuna/hub.sqlite --host 0.0.0.0 --port 8080
  KIZUNA_DB=postgres://kizuna@db/kizuna kizuna serve --key /etc/kizuna/node.key`,
    )
    .action(
      async (flags: {
        db?: string
        key?: string
        port?: string
        host: string
        demo?: boolean
        logLevel: string
      }) => {
        const settings = databaseSettings(flags)
        const port = portSetting(flags.port)
        const bar = progressBar('reference data')
        const node = await openNode({
          ...settings,
          create: true,
          firstAdmin: true,
          demo: flags.demo ?? false,
          onProgress: (_phase, done, total) => bar.update(done, total),
        })
        bar.stop()
        if (node.loaded) {
          const { items, places } = node.loaded
          process.stderr.write(
            `Loaded bundled data: ${items.created} items and ${places.created} places new, ${items.updated + places.updated} updated, ${items.unchanged + places.unchanged} unchanged.\n`,
          )
        }
        if (node.routeNetwork)
          process.stderr.write(
            `Derived the demo's route network: ${node.routeNetwork.derived} legs between ${node.routeNetwork.places} places.\n`,
          )
        if (node.adminPassword)
          process.stderr.write(
            `\nCreated the first user "admin" with the one-time password ${node.adminPassword}\nSign in with it and choose a new password; it is not shown again (kizuna user reset-password admin makes a new one).\n\n`,
          )
        // Loaded here so other commands start without the HTTP server's modules.
        const { startServer } = await import('../../server/main.js')
        await startServer({
          ctx: node.ctx,
          port,
          host: flags.host,
          logLevel: flags.logLevel,
          webRoot: join(packageRoot, 'dist', 'web'),
          version: productVersion(),
          // A SQLite file: the ledger commits in a worker thread, so fsync does not stop requests.
          federation: node.federation,
          ledgerWorker:
            node.ctx.store.kind === 'sqlite' && settings.database !== ':memory:'
              ? { database: settings.database, keyFile: settings.keyFile }
              : undefined,
        })
      },
    )
}
