/**
 * @module cli/commands/pledge
 * `kizuna pledge list|add|confirm|withdraw|receive` and `kizuna donation`: partners' pledges and
 * unannounced donations from the node's shell, as the node's organisation (like `kizuna stock`).
 * Items, places and organisations are named by code; pledges by id (`kizuna pledge list` shows them).
 */
import type { Command } from 'commander'
import { v7 as uuidv7 } from 'uuid'
import { LedgerWriter } from '../../app/ledger-writer.js'
import { actOnPledge, createPledge, recordDonation } from '../../app/pledges.js'
import type { StockContext } from '../../app/stock.js'
import {
  type Pledge,
  type PledgeAction,
  type PledgeStatus,
  pledgeStatuses,
  type Triage,
  triages,
} from '../../domain/requests/pledge.js'
import { type Capability, capabilities } from '../../domain/requests/request.js'
import { openNode } from '../open-node.js'
import { databaseSettings } from '../settings.js'
import { UsageError } from '../usage-error.js'
import { operationId } from './needs.js'

interface Flags {
  db?: string
  key?: string
  id?: string
  status?: string
  org?: string
  donor?: string
  item?: string
  capability?: string
  description?: string
  unit?: string
  quantity?: string
  place?: string
  from?: string
  until?: string
  conditions?: string
  operation?: string
  lot?: string
  expires?: string
  triage?: string
  limit?: string
}

type Node = Awaited<ReturnType<typeof openNode>>

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const DATE = /^\d{4}-\d{2}-\d{2}$/

async function withNode(
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

async function placeId(node: Node, code: string, flag = '--place'): Promise<string> {
  const [place] = await node.ctx.store.getPlacesByCodes([code])
  if (!place) throw new UsageError(`${flag}: no place with code "${code}"`)
  return place.id
}

async function itemId(node: Node, code: string): Promise<string> {
  const [item] = await node.ctx.store.getItemsByCodes([code])
  if (!item) throw new UsageError(`--item: no item with code "${code}"`)
  return item.id
}

async function orgId(node: Node, code: string, flag: string): Promise<string> {
  const found = (await node.ctx.store.listOrganisations(null)).find((o) => o.code === code)
  if (!found) throw new UsageError(`${flag}: no organisation with code "${code}"`)
  return found.id
}

function wholeNumber(value: string | undefined, flag: string): number {
  const n = Number(value)
  if (value === undefined || !Number.isInteger(n) || n < 1 || n > 1_000_000_000)
    throw new UsageError(
      `${flag} must be a whole number from 1 to 1,000,000,000, not "${value ?? ''}"`,
    )
  return n
}

/** A date (the start of the day, or its end for --until, in UTC) or an ISO 8601 time with offset. */
function when(value: string | undefined, flag: string, endOfDay = false): string | undefined {
  if (value === undefined) return undefined
  if (DATE.test(value) && !Number.isNaN(Date.parse(value)))
    return `${value}T${endOfDay ? '23:59:59' : '00:00:00'}Z`
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value))
    if (!Number.isNaN(Date.parse(value))) return value
  throw new UsageError(
    `${flag} must be a date YYYY-MM-DD or a time such as 2024-01-03T09:00:00+09:00, not "${value}"`,
  )
}

function expiry(value: string | undefined): string | null {
  if (value === undefined) return null
  if (!DATE.test(value) || Number.isNaN(Date.parse(value)))
    throw new UsageError(`--expires must be a date YYYY-MM-DD, not "${value}"`)
  return value
}

function pledgeRef(ref: string): string {
  if (!UUID.test(ref))
    throw new UsageError(`"${ref}" is not a pledge id; kizuna pledge list shows them`)
  return ref.toLowerCase()
}

async function namer(node: Node) {
  const organisations = new Map(
    (await node.ctx.store.listOrganisations(null)).map((o) => [o.id, o.code]),
  )
  const cache = new Map<string, string>()
  const cached = async (id: string, look: () => Promise<string | undefined>) => {
    if (!cache.has(id)) cache.set(id, (await look()) ?? id)
    return cache.get(id) as string
  }
  return {
    org: (id: string) => organisations.get(id) ?? id,
    place: (id: string | null) =>
      id ? cached(id, async () => (await node.ctx.store.getPlace(id, null))?.code) : '',
    item: (id: string) => cached(id, async () => (await node.ctx.store.getItem(id, null))?.code),
  }
}

async function describePledge(node: Node, pledge: Pledge): Promise<string> {
  const n = await namer(node)
  const what = pledge.item ? await n.item(pledge.item) : (pledge.capability ?? '')
  return `${pledge.id}  ${pledge.status}  ${n.org(pledge.org)}  ${what}  ${pledge.quantity}${pledge.unit ? ` ${pledge.unit}` : ''}${pledge.place ? `  at ${await n.place(pledge.place)}` : ''}${pledge.received !== null ? `  received ${pledge.received}` : ''}${pledge.triage ? `  triage ${pledge.triage}` : ''}`
}

export function pledgeCommand(program: Command): void {
  const pledge = program
    .command('pledge')
    .description(
      "Partners' pledges of items or capabilities: list, add, confirm, receive into stock, withdraw.",
    )
  const common = (command: Command) =>
    command
      .option('--db <path-or-url>', 'SQLite file or postgres:// URL (env KIZUNA_DB)')
      .option('--key <file>', 'node key file (env KIZUNA_KEY_FILE)')

  common(pledge.command('list').description('Pledges and donations received, newest first.'))
    .option('--status <status>', pledgeStatuses.join(', '))
    .option('--org <org-code>', 'only the pledges of this organisation')
    .option('--limit <n>', 'at most this many (default 200)')
    .addHelpText(
      'after',
      '\nExamples:\n  kizuna pledge list --status confirmed\n  kizuna pledge list --org AU-DFAT',
    )
    .action(async (flags: Flags) => {
      if (flags.status && !(pledgeStatuses as readonly string[]).includes(flags.status))
        throw new UsageError(
          `--status: unknown status "${flags.status}"; expected one of ${pledgeStatuses.join(', ')}`,
        )
      const limit = flags.limit === undefined ? 200 : Number(flags.limit)
      if (!Number.isInteger(limit) || limit < 1 || limit > 5000)
        throw new UsageError('--limit must be a whole number from 1 to 5000')
      await withNode(flags, async (node) => {
        const page = await node.ctx.store.listPledges(
          {
            status: flags.status as PledgeStatus | undefined,
            org: flags.org ? await orgId(node, flags.org, '--org') : undefined,
            limit,
            offset: 0,
          },
          null,
        )
        const n = await namer(node)
        process.stdout.write(
          'id\tstatus\torg\titem_or_capability\tquantity\tunit\tplace\tavailable_from\tavailable_until\treceived\ttriage\n',
        )
        for (const p of page.rows)
          process.stdout.write(
            `${p.id}\t${p.status}\t${n.org(p.org)}\t${p.item ? await n.item(p.item) : (p.capability ?? '')}\t${p.quantity}\t${p.unit ?? ''}\t${await n.place(p.place)}\t${p.availableFrom ?? ''}\t${p.availableUntil ?? ''}\t${p.received ?? ''}\t${p.triage ?? ''}\n`,
          )
        if (page.total > page.rows.length)
          process.stderr.write(`${page.rows.length} of ${page.total} shown; use --limit\n`)
      })
    })

  common(
    pledge
      .command('add')
      .description(
        'Record a pledge: items (--item) or a capability (--capability) a partner offers.',
      ),
  )
    .option('--item <code>', 'the item pledged, by code, e.g. KZ-WASH-001')
    .option('--capability <name>', capabilities.join(', '))
    .option('--description <text>', 'what the capability is, e.g. "C-130J, 3 sorties"')
    .requiredOption('--quantity <n>', 'how many (items in their base unit, or in --unit)')
    .option('--unit <unit>', 'the unit of a capability quantity, e.g. sorties, tonnes')
    .option('--org <org-code>', "the pledging partner (default: the node's organisation)")
    .option('--place <code>', 'where it will be available')
    .option('--from <when>', 'available from: YYYY-MM-DD or an ISO 8601 time')
    .option(
      '--until <when>',
      'available until: YYYY-MM-DD (the end of that day) or an ISO 8601 time',
    )
    .option('--conditions <text>', 'any conditions, e.g. "for Noto only"')
    .option('--operation <name-or-id>', 'the operation it is for')
    .option('--id <uuid>', 'an id for this pledge, so that running it again changes nothing')
    .addHelpText(
      'after',
      '\nExamples:\n  kizuna pledge add --org AU-DFAT --item KZ-SHEL-001 --quantity 200 --place HUB:KOMATSU --until 2024-02-15 --conditions "for Noto only"\n  kizuna pledge add --org AU-DFAT --capability airlift --description "C-130J" --quantity 3 --unit sorties',
    )
    .action(async (flags: Flags) => {
      if (Boolean(flags.item) === Boolean(flags.capability))
        throw new UsageError('give either --item (items) or --capability (a capability), not both')
      if (flags.capability && !(capabilities as readonly string[]).includes(flags.capability))
        throw new UsageError(
          `--capability: unknown capability "${flags.capability}"; expected one of ${capabilities.join(', ')}`,
        )
      const quantity = wholeNumber(flags.quantity, '--quantity')
      const availableFrom = when(flags.from, '--from')
      const availableUntil = when(flags.until, '--until', true)
      if (flags.id !== undefined && !UUID.test(flags.id))
        throw new UsageError(`--id must be a UUID, not "${flags.id}"`)
      await withNode(flags, async (node) => {
        const done = await createPledge(node.ctx, cli(node), {
          id: flags.id?.toLowerCase() ?? uuidv7(),
          org: flags.org ? await orgId(node, flags.org, '--org') : undefined,
          operation: flags.operation ? await operationId(node, flags.operation) : null,
          kind: flags.item ? 'item' : 'capability',
          item: flags.item ? await itemId(node, flags.item) : null,
          capability: (flags.capability as Capability | undefined) ?? null,
          description: flags.description ?? null,
          quantity,
          unit: flags.unit ?? null,
          place: flags.place ? await placeId(node, flags.place) : null,
          availableFrom,
          availableUntil,
          conditions: flags.conditions ?? null,
        })
        process.stdout.write(`${await describePledge(node, done)}\n`)
      })
    })

  const actions: [PledgeAction, string][] = [
    ['confirm', 'Confirm an offered pledge (the hub accepts it).'],
    ['withdraw', 'Withdraw a pledge that has not arrived.'],
    [
      'receive',
      'Receive a confirmed item pledge into stock (a ledger receipt owned by the partner).',
    ],
  ]
  for (const [action, description] of actions) {
    const command = common(
      pledge.command(action).description(description).argument('<id>', 'the pledge id'),
    )
    if (action === 'receive')
      command
        .option('--place <code>', 'where it arrived (default: the pledge place)')
        .option('--quantity <n>', 'how much arrived (default: the pledged quantity)')
        .option('--lot <code>', 'lot code')
        .option('--expires <date>', 'lot expiry, YYYY-MM-DD')
    command
      .addHelpText(
        'after',
        `\nExample:\n  kizuna pledge ${action} 0190f4c2-6a1e-7c3b-9d2e-5f8a7b6c4d3e${action === 'receive' ? ' --place HUB:KOMATSU --quantity 180 --lot T2024 --expires 2029-12-31' : ''}`,
      )
      .action(async (ref: string, flags: Flags) => {
        const id = pledgeRef(ref)
        const quantity =
          flags.quantity === undefined ? undefined : wholeNumber(flags.quantity, '--quantity')
        const expiresOn = expiry(flags.expires)
        await withNode(flags, async (node, stock) => {
          const before = await node.ctx.store.getPledge(id, null)
          if (!before) throw new UsageError(`no pledge "${ref}"; kizuna pledge list shows them`)
          const done = await actOnPledge(node.ctx, stock, cli(node), id, action, {
            place: flags.place ? await placeId(node, flags.place) : undefined,
            quantity,
            lot: flags.lot,
            expiresOn,
          })
          process.stdout.write(
            `${before.status} → ${done.status}\n${await describePledge(node, done)}\n`,
          )
        })
      })
  }
}

export function donationCommand(program: Command): void {
  program
    .command('donation')
    .description(
      'Receive an unannounced donation into stock (owned by the donor), triaged: urgent, can-wait, not-needed.',
    )
    .option('--db <path-or-url>', 'SQLite file or postgres:// URL (env KIZUNA_DB)')
    .option('--key <file>', 'node key file (env KIZUNA_KEY_FILE)')
    .requiredOption('--place <code>', 'where it arrived, e.g. HUB:KOMATSU')
    .requiredOption('--item <code>', 'the item, by code')
    .requiredOption('--quantity <n>', "how many, in the item's base unit")
    .requiredOption('--donor <org-code>', 'the donor organisation, by code')
    .requiredOption('--triage <triage>', triages.join(', '))
    .option('--lot <code>', 'lot code')
    .option('--expires <date>', 'lot expiry, YYYY-MM-DD')
    .option('--description <text>', 'what arrived, how')
    .option('--id <uuid>', 'an id for this donation, so that running it again changes nothing')
    .addHelpText(
      'after',
      '\nExample:\n  kizuna donation --place HUB:KOMATSU --item KZ-WASH-001 --quantity 120 --donor JP-KOMATSU-CITY --triage can-wait --description "arrived by truck without notice"',
    )
    .action(async (flags: Flags) => {
      if (!(triages as readonly string[]).includes(flags.triage ?? ''))
        throw new UsageError(`--triage must be one of ${triages.join(', ')}, not "${flags.triage}"`)
      const quantity = wholeNumber(flags.quantity, '--quantity')
      const expiresOn = expiry(flags.expires)
      if (flags.id !== undefined && !UUID.test(flags.id))
        throw new UsageError(`--id must be a UUID, not "${flags.id}"`)
      await withNode(flags, async (node, stock) => {
        const done = await recordDonation(node.ctx, stock, cli(node), {
          id: flags.id?.toLowerCase() ?? uuidv7(),
          place: await placeId(node, flags.place ?? ''),
          item: await itemId(node, flags.item ?? ''),
          org: await orgId(node, flags.donor ?? '', '--donor'),
          quantity,
          triage: flags.triage as Triage,
          lot: flags.lot,
          expiresOn,
          description: flags.description ?? null,
        })
        process.stdout.write(`Received.\n${await describePledge(node, done)}\n`)
      })
    })
}
