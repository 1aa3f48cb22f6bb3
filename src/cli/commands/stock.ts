/**
 * @module cli/commands/stock
 * `kizuna stock list|receive|move|adjust|loss|issue`: the stock movements from the node's shell, naming
 * places, items and owners by their codes. Each movement takes --id to make a retry safe.
 */
import type { Command } from 'commander'
import { v7 as uuidv7 } from 'uuid'
import { LedgerWriter } from '../../app/ledger-writer.js'
import {
  adjustStock,
  assembleKit,
  breakDownKit,
  issueStock,
  lossReasons,
  moveStock,
  receiveStock,
  recordLoss,
  type StockContext,
} from '../../app/stock.js'
import { available } from '../../domain/ledger/account.js'
import { openNode } from '../open-node.js'
import { databaseSettings } from '../settings.js'
import { UsageError } from '../usage-error.js'

interface Flags {
  db?: string
  key?: string
  place?: string
  to?: string
  item?: string
  owner?: string
  quantity?: string
  counted?: string
  lot?: string
  expires?: string
  source?: string
  document?: string
  reason?: string
  note?: string
  id?: string
}

type Node = Awaited<ReturnType<typeof openNode>>

async function placeId(node: Node, code: string | undefined, flag = '--place'): Promise<string> {
  if (!code) throw new UsageError(`${flag} is required: a place code such as HUB:KOMATSU`)
  const [place] = await node.ctx.store.getPlacesByCodes([code])
  if (!place) throw new UsageError(`${flag}: no place with code "${code}"`)
  return place.id
}

async function itemId(node: Node, code: string | undefined): Promise<string> {
  if (!code) throw new UsageError('--item is required: an item code such as KZ-WASH-001')
  const [item] = await node.ctx.store.getItemsByCodes([code])
  if (!item) throw new UsageError(`--item: no item with code "${code}"`)
  return item.id
}

async function ownerId(node: Node, code: string | undefined): Promise<string> {
  if (!code) return node.ctx.node.org
  const found = (await node.ctx.store.listOrganisations(null)).find((o) => o.code === code)
  if (!found) throw new UsageError(`--owner: no organisation with code "${code}"`)
  return found.id
}

function wholeNumber(value: string | undefined, flag: string, min = 1): number {
  const n = Number(value)
  if (value === undefined || !Number.isInteger(n) || n < min)
    throw new UsageError(`${flag} must be a whole number of at least ${min}, not "${value ?? ''}"`)
  return n
}

async function withStock(
  flags: Flags,
  work: (node: Node, stock: StockContext) => Promise<void>,
): Promise<void> {
  const node = await openNode({ ...databaseSettings(flags), create: false, bundledData: false })
  try {
    await work(node, { ctx: node.ctx, writer: new LedgerWriter(node.ctx) })
  } finally {
    await node.ctx.store.close()
  }
}

const cli = (node: Node) => ({
  kind: 'cli' as const,
  id: process.env.USER ?? 'cli',
  org: node.ctx.node.org,
})

function report(outcome: {
  result: string
  transfers: { id: string; quantity: number; reason: string }[]
}) {
  const lines = outcome.transfers.map((t) => `  ${t.id}  ${t.reason}  ${t.quantity}`).join('\n')
  process.stdout.write(
    `${outcome.result === 'exists' ? 'Already recorded (same id): nothing changed.' : 'Recorded.'}\n${lines}\n`,
  )
}

export function stockCommand(program: Command): void {
  const stock = program
    .command('stock')
    .description(
      'Stock balances and movements: receive, move, adjust, loss, issue, assemble and break down kits.',
    )
  const common = (command: Command) =>
    command
      .option('--db <path-or-url>', 'SQLite file or postgres:// URL (env KIZUNA_DB)')
      .option('--key <file>', 'node key file (env KIZUNA_KEY_FILE)')
      .option(
        '--id <uuid>',
        'an id for this movement, so that running it again changes nothing (default: a new one)',
      )
  const where = (command: Command) =>
    common(command)
      .requiredOption('--place <code>', 'the place, by code, e.g. HUB:KOMATSU')
      .requiredOption('--item <code>', 'the item, by code, e.g. KZ-WASH-001')
      .option('--owner <org-code>', "the organisation that owns the stock (default: the node's)")

  common(
    stock
      .command('list')
      .description('Balances: place, item, owner, lot, posted, pending out, available.'),
  )
    .option('--place <code>', 'only this place')
    .option('--item <code>', 'only this item')
    .action(async (flags: Flags) => {
      await withStock(flags, async (node) => {
        const page = await node.ctx.store.listBalances(
          {
            kind: 'stock',
            place: flags.place ? await placeId(node, flags.place) : undefined,
            item: flags.item ? await itemId(node, flags.item) : undefined,
            nonZero: true,
            limit: 5000,
            offset: 0,
          },
          null,
        )
        const codes = new Map(
          (await node.ctx.store.listOrganisations(null)).map((o) => [o.id, o.code]),
        )
        process.stdout.write('place\titem\towner\tlot\texpires\tposted\tpending_out\tavailable\n')
        for (const row of page.rows) {
          const a = row.account
          process.stdout.write(
            `${row.place?.code ?? a.where}\t${row.item.code}\t${codes.get(a.owner) ?? a.owner}\t${a.lot}\t${a.expiresOn ?? ''}\t${a.posted}\t${a.pendingOut}\t${available(a)}\n`,
          )
        }
      })
    })

  where(stock.command('receive').description('Receive stock from a donor or supplier.'))
    .requiredOption('--quantity <n>', "how many, in the item's base unit")
    .requiredOption('--source <donor>', 'who gave or sold it')
    .option('--lot <code>', 'lot code')
    .option('--expires <date>', 'lot expiry, YYYY-MM-DD')
    .option('--document <number>', 'delivery note or invoice number')
    .addHelpText(
      'after',
      '\nExample:\n  kizuna stock receive --place HUB:KOMATSU --item KZ-WASH-001 --quantity 2400 --source "Japanese Red Cross" --lot W2031 --expires 2031-03-31 --document DN-0042',
    )
    .action(async (flags: Flags) => {
      await withStock(flags, async (node, s) => {
        if (flags.expires && !/^\d{4}-\d{2}-\d{2}$/.test(flags.expires))
          throw new UsageError('--expires must be a date YYYY-MM-DD')
        report(
          await receiveStock(s, cli(node), {
            id: flags.id ?? uuidv7(),
            place: await placeId(node, flags.place),
            item: await itemId(node, flags.item),
            owner: await ownerId(node, flags.owner),
            quantity: wholeNumber(flags.quantity, '--quantity'),
            lot: flags.lot,
            expiresOn: flags.expires ?? null,
            source: flags.source ?? '',
            document: flags.document ?? null,
          }),
        )
      })
    })

  where(
    stock
      .command('move')
      .description(
        "Move stock to another of this node's places (first expiry first out unless --lot).",
      ),
  )
    .requiredOption('--to <code>', 'the destination place, by code')
    .requiredOption('--quantity <n>', 'how many')
    .option('--lot <code>', 'take this lot only')
    .addHelpText(
      'after',
      '\nExample:\n  kizuna stock move --place HUB:KOMATSU --to STAGE:NOTO-AIRPORT --item KZ-WASH-001 --quantity 600',
    )
    .action(async (flags: Flags) => {
      await withStock(flags, async (node, s) => {
        report(
          await moveStock(s, cli(node), {
            id: flags.id ?? uuidv7(),
            place: await placeId(node, flags.place),
            to: await placeId(node, flags.to, '--to'),
            item: await itemId(node, flags.item),
            owner: await ownerId(node, flags.owner),
            quantity: wholeNumber(flags.quantity, '--quantity'),
            lot: flags.lot,
          }),
        )
      })
    })

  where(stock.command('adjust').description('Set the book to what a count found.'))
    .requiredOption('--counted <n>', 'what the count found')
    .requiredOption('--note <text>', 'why, e.g. "monthly count, bay 3"')
    .option('--lot <code>', 'the lot counted')
    .action(async (flags: Flags) => {
      await withStock(flags, async (node, s) => {
        const outcome = await adjustStock(s, cli(node), {
          id: flags.id ?? uuidv7(),
          place: await placeId(node, flags.place),
          item: await itemId(node, flags.item),
          owner: await ownerId(node, flags.owner),
          lot: flags.lot,
          countedQuantity: wholeNumber(flags.counted, '--counted', 0),
          note: flags.note ?? '',
        })
        report(outcome)
      })
    })

  where(stock.command('loss').description(`Record a loss (${lossReasons.join(', ')}).`))
    .requiredOption('--quantity <n>', 'how many')
    .requiredOption('--reason <reason>', lossReasons.join(', '))
    .option('--lot <code>', 'the lot (required for expired stock)')
    .option('--note <text>', 'what happened')
    .action(async (flags: Flags) => {
      if (!(lossReasons as readonly string[]).includes(flags.reason ?? ''))
        throw new UsageError(`--reason must be one of ${lossReasons.join(', ')}`)
      await withStock(flags, async (node, s) => {
        report(
          await recordLoss(s, cli(node), {
            id: flags.id ?? uuidv7(),
            place: await placeId(node, flags.place),
            item: await itemId(node, flags.item),
            owner: await ownerId(node, flags.owner),
            quantity: wholeNumber(flags.quantity, '--quantity'),
            lot: flags.lot,
            reason: flags.reason as (typeof lossReasons)[number],
            note: flags.note ?? null,
          }),
        )
      })
    })

  for (const [name, description, run] of [
    [
      'assemble',
      'Assemble kits from their components at a place (components first expiry first out).',
      assembleKit,
    ],
    ['break-down', 'Break kits down into their components at a place.', breakDownKit],
  ] as const) {
    where(stock.command(name).description(description))
      .requiredOption('--quantity <n>', 'how many kits')
      .addHelpText(
        'after',
        `\nExample:\n  kizuna stock ${name} --place HUB:KOMATSU --item KZ-KIT-001 --quantity 50`,
      )
      .action(async (flags: Flags) => {
        await withStock(flags, async (node, s) => {
          report(
            await run(s, cli(node), {
              id: flags.id ?? uuidv7(),
              place: await placeId(node, flags.place),
              item: await itemId(node, flags.item),
              owner: await ownerId(node, flags.owner),
              quantity: wholeNumber(flags.quantity, '--quantity'),
            }),
          )
        })
      })
  }

  where(stock.command('issue').description('Issue stock to people at a place.'))
    .requiredOption('--quantity <n>', 'how many')
    .option('--lot <code>', 'take this lot only')
    .action(async (flags: Flags) => {
      await withStock(flags, async (node, s) => {
        report(
          await issueStock(s, cli(node), {
            id: flags.id ?? uuidv7(),
            place: await placeId(node, flags.place),
            item: await itemId(node, flags.item),
            owner: await ownerId(node, flags.owner),
            quantity: wholeNumber(flags.quantity, '--quantity'),
            lot: flags.lot,
          }),
        )
      })
    })
}
