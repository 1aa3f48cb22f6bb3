/**
 * @module cli/commands/needs
 * `kizuna needs estimate`: the needs estimator from the node's shell — the same use case as
 * POST /api/needs/estimate — printed as a table with the arithmetic and the standards' editions, or as
 * the API's JSON with --json.
 */
import { join } from 'node:path'
import type { Command } from 'commander'
import { estimateNeedsFor, type NeedsEstimate, standardsFromFile } from '../../app/needs.js'
import { daysMax, populationMax } from '../../contract/needs.js'
import { openNode } from '../open-node.js'
import { databaseSettings, packageRoot } from '../settings.js'
import { UsageError } from '../usage-error.js'

interface Flags {
  db?: string
  key?: string
  population?: string
  days?: string
  place?: string
  operation?: string
  json?: boolean
}

type Node = Awaited<ReturnType<typeof openNode>>

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function wholeNumber(value: string, flag: string, max: number): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new UsageError(
      `${flag} must be a whole number from 1 to ${max.toLocaleString('en-US')}, not "${value}"`,
    )
  return n
}

/** An operation by id or by name (any case), as the node operator sees them. */
export async function operationId(node: Node, ref: string): Promise<string> {
  const operations = await node.ctx.store.listOperations(null)
  const wanted = ref.trim().toLowerCase()
  const found = operations.find(
    (o) => (UUID.test(ref) && o.id === ref.toLowerCase()) || o.name.trim().toLowerCase() === wanted,
  )
  if (!found)
    throw new UsageError(
      `--operation: no operation "${ref}"; ${operations.length > 0 ? `known: ${operations.map((o) => `"${o.name}"`).join(', ')}` : 'none is open (POST /api/operations)'}`,
    )
  return found.id
}

const whole = new Intl.NumberFormat('en-US')

function printEstimate(estimate: NeedsEstimate): void {
  const where = estimate.place
    ? ` at ${estimate.place.name ?? estimate.place.code} (${estimate.place.code})`
    : ''
  const out = [
    `Needs of ${whole.format(estimate.population)} people (${estimate.populationSource})${where} for ${estimate.days} day(s)${estimate.operation ? `, with the figures of operation "${estimate.operation.name}"` : ''}`,
    '',
    'need\titem\titem_name\titems_needed\tunit\tarithmetic',
  ]
  for (const line of estimate.lines)
    out.push(
      `${line.id}\t${line.itemCode}\t${line.itemName ?? '(not in this catalogue)'}\t${line.itemsNeeded}\t${line.itemUnit}\t${line.arithmetic}${line.includedIn ? ` (part of ${line.includedIn}, not in addition)` : ''}${line.note ? ` — ${line.note}` : ''}`,
    )
  out.push('', 'standard\tvalue\tunit\tfrom\tedition')
  for (const standard of estimate.standards)
    out.push(
      `${standard.key}\t${standard.value}\t${standard.unit}\t${standard.source}\t${standard.edition}`,
    )
  process.stdout.write(`${out.join('\n')}\n`)
}

export function needsCommand(program: Command): void {
  const needs = program
    .command('needs')
    .description('The needs estimator: needs by the minimum standards for a population and days.')
  needs
    .command('estimate')
    .description(
      'Estimate needs for an affected population and a number of days with the minimum standards (Sphere), as catalogue items with the arithmetic.',
    )
    .option('--db <path-or-url>', 'SQLite file or postgres:// URL (env KIZUNA_DB)')
    .option('--key <file>', 'node key file (env KIZUNA_KEY_FILE)')
    .option('--population <n>', 'affected people; when left out, --place gives it')
    .requiredOption('--days <n>', `days to cover, 1 to ${daysMax}`)
    .option(
      '--place <code>',
      'a place by code (LG:172049, GSI:…) whose Noto 2024 evacuee figure or capacity gives the population',
    )
    .option('--operation <name-or-id>', "use this operation's own figures for the standards")
    .option('--json', 'print the estimate as the API answers it')
    .addHelpText(
      'after',
      '\nExamples:\n  kizuna needs estimate --population 1200 --days 3\n  kizuna needs estimate --place LG:172049 --days 7 --operation "Noto 2024" --json',
    )
    .action(async (flags: Flags) => {
      const days = wholeNumber(flags.days ?? '', '--days', daysMax)
      const population =
        flags.population === undefined
          ? undefined
          : wholeNumber(flags.population, '--population', populationMax)
      if (population === undefined && !flags.place)
        throw new UsageError('give --population, or --place for a place whose figures give it')
      const node = await openNode({ ...databaseSettings(flags), create: false, bundledData: false })
      try {
        const bundled = await standardsFromFile(join(packageRoot, 'data', 'standards.csv'))()
        const estimate = await estimateNeedsFor(
          node.ctx,
          bundled,
          {
            population,
            days,
            place: flags.place,
            operation: flags.operation ? await operationId(node, flags.operation) : undefined,
          },
          null,
        )
        if (flags.json) process.stdout.write(`${JSON.stringify(estimate, null, 2)}\n`)
        else printEstimate(estimate)
      } finally {
        await node.ctx.store.close()
      }
    })
}
