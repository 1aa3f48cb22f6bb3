/**
 * @module cli/commands/init
 * `kizuna init`: creates or migrates a database, makes the node key, and loads the bundled data.
 */
import type { Command } from 'commander'
import { openNode } from '../open-node.js'
import { progressBar } from '../progress.js'
import { databaseSettings } from '../settings.js'

export function initCommand(program: Command): void {
  program
    .command('init')
    .description(
      'Create or migrate a database, make the node key if missing, and load the bundled catalog and places.',
    )
    .option('--db <path-or-url>', 'SQLite file or postgres:// URL (env KIZUNA_DB)')
    .option('--key <file>', 'node key file (env KIZUNA_KEY_FILE)')
    .option('--demo', 'also add the demo partners and hubs')
    .option('--org-code <code>', "code of this node's organisation, e.g. JP-CAO", 'NODE')
    .option('--org-name <name>', "English name of this node's organisation", 'Relief hub operator')
    .option('--org-name-ja <name>', 'Japanese name of the organisation')
    .option('--org-country <cc>', 'ISO country code of the organisation, e.g. JP')
    .addHelpText(
      'after',
      `
Examples:
  kizuna init --db var/hub.sqlite --org-code JP-ISHIKAWA --org-name "Ishikawa Prefecture" --org-country JP
  kizuna init --db postgres://postgres@127.0.0.1:5432/kizuna --key /etc/kizuna/node.key`,
    )
    .action(
      async (flags: {
        db?: string
        key?: string
        demo?: boolean
        orgCode: string
        orgName: string
        orgNameJa?: string
        orgCountry?: string
      }) => {
        const bar = progressBar('reference data')
        const organisation = flags.demo
          ? undefined
          : {
              code: flags.orgCode,
              nameEn: flags.orgName,
              nameJa: flags.orgNameJa ?? null,
              country: flags.orgCountry ?? null,
              kind: 'government' as const,
            }
        const node = await openNode({
          ...databaseSettings(flags),
          create: true,
          firstAdmin: true,
          demo: flags.demo ?? false,
          ...(organisation ? { organisation } : {}),
          onProgress: (_p, done, total) => bar.update(done, total),
        })
        bar.stop()
        const loaded = node.loaded
          ? `${node.loaded.items.created + node.loaded.places.created} reference records added, ${node.loaded.items.updated + node.loaded.places.updated} updated`
          : 'reference data already current'
        process.stdout.write(
          `Node ${node.ctx.node.id} ready on ${node.ctx.store.kind}: ${loaded}${node.demoLoaded ? `; demo partners and hubs added, ${node.routeNetwork?.derived ?? 0} route legs derived` : ''}.\n`,
        )
        if (node.adminPassword)
          process.stderr.write(
            `\nCreated the first user "admin" with the one-time password ${node.adminPassword}\nSign in with it and choose a new password; it is not shown again (kizuna user reset-password admin makes a new one).\n\n`,
          )
        await node.ctx.store.close()
      },
    )
}
