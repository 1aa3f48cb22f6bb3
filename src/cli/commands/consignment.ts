/**
 * @module cli/commands/consignment
 * `kizuna consignment list|show|create|load|dispatch|arrive|cancel|receive|track`: consignments
 * from the node's shell, as the node's organisation (like `kizuna stock`). Places, items and owners
 * are named by code; consignments by id (`kizuna consignment list` shows them); lines at receipt by
 * their number in `kizuna consignment show`, from 1.
 */
import type { Command } from 'commander'
import { v7 as uuidv7 } from 'uuid'
import {
  actOnConsignment,
  createConsignment,
  type NewConsignmentLine,
  type ReceiptLine,
  receiveConsignment,
} from '../../app/consignments.js'
import { LedgerWriter } from '../../app/ledger-writer.js'
import type { StockContext } from '../../app/stock.js'
import {
  type Consignment,
  type ConsignmentAction,
  type ConsignmentStatus,
  consignmentStatuses,
  type ShortfallReason,
  shortfallReasons,
} from '../../domain/transport/consignment.js'
import { openNode } from '../open-node.js'
import { databaseSettings } from '../settings.js'
import { UsageError } from '../usage-error.js'
import {
  coordinates,
  describeTracking,
  signatureDataUrl,
  trackCommand,
} from './consignment-tracking.js'
import { consignmentWaybillCommand } from './consignment-waybill.js'

interface Flags {
  db?: string
  key?: string
  id?: string
  status?: string
  origin?: string
  destination?: string
  limit?: string
  from?: string
  to?: string
  line?: string[]
  asset?: string
  request?: string[]
  note?: string
  by?: string
  lat?: string
  lon?: string
  signature?: string
}

type Node = Awaited<ReturnType<typeof openNode>>

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const EXAMPLE_ID = '0190f4c2-6a1e-7c3b-9d2e-5f8a7b6c4d3e'

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

const repeat = (value: string, previous: string[] = []) => [...previous, value]

async function placeId(node: Node, code: string | undefined, flag: string): Promise<string> {
  if (!code) throw new UsageError(`${flag} is required: a place code such as HUB:KOMATSU`)
  const [place] = await node.ctx.store.getPlacesByCodes([code])
  if (!place) throw new UsageError(`${flag}: no place with code "${code}"`)
  return place.id
}

function consignmentRef(ref: string): string {
  if (!UUID.test(ref))
    throw new UsageError(`"${ref}" is not a consignment id; kizuna consignment list shows them`)
  return ref.toLowerCase()
}

async function found(node: Node, ref: string): Promise<Consignment> {
  const consignment = await node.ctx.store.getConsignment(consignmentRef(ref), null)
  if (!consignment)
    throw new UsageError(`no consignment "${ref}"; kizuna consignment list shows them`)
  return consignment
}

function wholeNumber(value: string, what: string, min: number): number {
  const n = Number(value)
  if (value === '' || !Number.isInteger(n) || n < min || n > 1_000_000_000)
    throw new UsageError(
      `${what} must be a whole number from ${min} to 1,000,000,000, not "${value}"`,
    )
  return n
}

/** `ITEM:QTY[:LOT][@OWNER]`, checked before the database is opened. */
function lineSpec(spec: string) {
  const at = spec.lastIndexOf('@')
  const owner = at >= 0 ? spec.slice(at + 1) : undefined
  const [item = '', quantity = '', ...lot] = (at >= 0 ? spec.slice(0, at) : spec).split(':')
  if (!item || quantity === '' || owner === '')
    throw new UsageError(
      `--line "${spec}": expected ITEM:QUANTITY[:LOT][@OWNER], e.g. KZ-WASH-001:600 or KZ-WASH-001:600:W2031@JRCS`,
    )
  return {
    item,
    quantity: wholeNumber(quantity, `--line "${spec}": the quantity`, 1),
    lot: lot.length > 0 ? lot.join(':') : undefined,
    owner,
  }
}

/** `REQUEST:LINE`: the request by tracking code or id, its line by id or number from 1. */
function requestSpec(spec: string) {
  const colon = spec.lastIndexOf(':')
  if (colon <= 0 || colon === spec.length - 1)
    throw new UsageError(
      `--request "${spec}": expected REQUEST:LINE, the request by tracking code or id and its line by number from 1 or id`,
    )
  return { request: spec.slice(0, colon), line: spec.slice(colon + 1) }
}

/** `INDEX=QTY[:REASON]`: what arrived of the line numbered INDEX in `show`, and why less did. */
function receiptSpec(spec: string, lines: number) {
  const match = /^(\d+)=(\d+)(?::([a-z-]+))?$/.exec(spec)
  if (!match)
    throw new UsageError(
      `--line "${spec}": expected INDEX=QUANTITY[:REASON], e.g. 1=90:damaged (INDEX from kizuna consignment show)`,
    )
  const index = wholeNumber(match[1] ?? '', `--line "${spec}": the index`, 1)
  if (index > lines)
    throw new UsageError(
      `--line "${spec}": the consignment has ${lines} line${lines === 1 ? '' : 's'}; INDEX is 1 to ${lines}`,
    )
  const reason = match[3]
  if (reason !== undefined && !(shortfallReasons as readonly string[]).includes(reason))
    throw new UsageError(
      `--line "${spec}": unknown reason "${reason}"; expected one of ${shortfallReasons.join(', ')}`,
    )
  return {
    index,
    quantity: wholeNumber(match[2] ?? '', `--line "${spec}": the quantity`, 0),
    reason: reason as ShortfallReason | undefined,
  }
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
    place: (id: string) => cached(id, async () => (await node.ctx.store.getPlace(id, null))?.code),
    item: (id: string) => cached(id, async () => (await node.ctx.store.getItem(id, null))?.code),
  }
}

const total = (c: Consignment) => c.lines.reduce((sum, l) => sum + l.quantity, 0)

/** The consignment's heading and its numbered lines, each with the lots reserved for it. */
async function describe(node: Node, c: Consignment): Promise<string> {
  const n = await namer(node)
  const out = [
    `${c.id}  ${c.status}  ${await n.place(c.origin)} → ${await n.place(c.destination)}  ${c.lines.length} line${c.lines.length === 1 ? '' : 's'}, ${total(c)} units${c.asset ? `  asset ${c.asset}` : ''}`,
    '#\titem\towner\tlot\tquantity\tlots_reserved\treceived\treason\trequest_line',
  ]
  for (const [i, l] of c.lines.entries())
    out.push(
      `${i + 1}\t${await n.item(l.item)}\t${n.org(l.owner)}\t${l.lot ?? ''}\t${l.quantity}\t${l.picks.map((p) => `${p.lot || '-'}:${p.quantity}`).join(' ')}\t${l.quantityReceived ?? ''}\t${l.discrepancyReason ?? ''}\t${l.requestLine ?? ''}`,
    )
  return `${out.join('\n')}\n`
}

async function requestLine(node: Node, spec: string, item: string) {
  const { request: ref, line } = requestSpec(spec)
  const request = UUID.test(ref)
    ? await node.ctx.store.getRequest(ref.toLowerCase(), null)
    : await node.ctx.store.getRequestByCode(ref.trim().toUpperCase())
  if (!request)
    throw new UsageError(`--request: no request "${ref}": give a tracking code (RQ-…) or an id`)
  const byNumber = /^\d+$/.test(line) ? request.lines[Number(line) - 1] : undefined
  const chosen = byNumber ?? request.lines.find((l) => l.id === line.toLowerCase())
  if (!chosen)
    throw new UsageError(
      `--request: request ${request.code} has no line "${line}"; it has ${request.lines.length} (1 to ${request.lines.length}, or a line id)`,
    )
  if (chosen.kind === 'item' && chosen.item !== item)
    throw new UsageError(
      `--request ${spec}: that request line asks for another item than its --line`,
    )
  return { request: request.id, requestLine: chosen.id }
}

export function consignmentCommand(program: Command): void {
  const consignment = program
    .command('consignment')
    .description(
      'Consignments of stock from one place to another: list, show, create (reserves), load, dispatch, track, arrive, receive, cancel.',
    )
  consignmentWaybillCommand(consignment)
  const common = (command: Command) =>
    command
      .option('--db <path-or-url>', 'SQLite file or postgres:// URL (env KIZUNA_DB)')
      .option('--key <file>', 'node key file (env KIZUNA_KEY_FILE)')

  common(consignment.command('list').description('Consignments, newest first.'))
    .option('--status <status>', consignmentStatuses.join(', '))
    .option('--origin <code>', 'only those leaving this place')
    .option('--destination <code>', 'only those going to this place')
    .option('--limit <n>', 'at most this many (default 200)')
    .addHelpText(
      'after',
      '\nExamples:\n  kizuna consignment list --status dispatched\n  kizuna consignment list --origin ICAO:RJNK --destination LG:172049',
    )
    .action(async (flags: Flags) => {
      if (flags.status && !(consignmentStatuses as readonly string[]).includes(flags.status))
        throw new UsageError(
          `--status: unknown status "${flags.status}"; expected one of ${consignmentStatuses.join(', ')}`,
        )
      const limit = flags.limit === undefined ? 200 : Number(flags.limit)
      if (!Number.isInteger(limit) || limit < 1 || limit > 5000)
        throw new UsageError('--limit must be a whole number from 1 to 5000')
      await withNode(flags, async (node) => {
        const page = await node.ctx.store.listConsignments(
          {
            status: flags.status as ConsignmentStatus | undefined,
            origin: flags.origin ? await placeId(node, flags.origin, '--origin') : undefined,
            destination: flags.destination
              ? await placeId(node, flags.destination, '--destination')
              : undefined,
            limit,
            offset: 0,
          },
          null,
        )
        const n = await namer(node)
        process.stdout.write(
          'id\tstatus\torigin\tdestination\tlines\tunits\tasset\tcreated\tdispatched\treceived\n',
        )
        for (const c of page.rows)
          process.stdout.write(
            `${c.id}\t${c.status}\t${await n.place(c.origin)}\t${await n.place(c.destination)}\t${c.lines.length}\t${total(c)}\t${c.asset ?? ''}\t${c.createdAt}\t${c.dispatchedAt ?? ''}\t${c.receivedAt ?? ''}\n`,
          )
        if (page.total > page.rows.length)
          process.stderr.write(`${page.rows.length} of ${page.total} shown; use --limit\n`)
      })
    })

  common(
    consignment
      .command('show')
      .description('One consignment: its lines, the lots reserved, and what was received.')
      .argument('<id>', 'the consignment id'),
  )
    .addHelpText('after', `\nExample:\n  kizuna consignment show ${EXAMPLE_ID}`)
    .action(async (ref: string, flags: Flags) => {
      consignmentRef(ref)
      await withNode(flags, async (node) => {
        const c = await found(node, ref)
        process.stdout.write(await describe(node, c))
        if (c.proof) {
          const proof = await node.ctx.store.getDeliveryProof(c.id)
          process.stdout.write(
            `received by ${proof?.receivedBy ?? '?'} at ${c.proof.receivedAt}${c.proof.lat !== null && c.proof.lon !== null ? ` (${c.proof.lat}, ${c.proof.lon})` : ''}${proof?.signature ? ', signed' : ''}\n`,
          )
        }
        process.stdout.write(describeTracking(c))
      })
    })

  common(
    consignment
      .command('create')
      .description(
        'Plan a consignment: reserves each line at the origin (first expiry first out unless a lot is named).',
      ),
  )
    .requiredOption('--from <code>', 'the origin place, by code')
    .requiredOption('--to <code>', 'the destination place, by code')
    .option(
      '--line <ITEM:QTY[:LOT][@OWNER]>',
      "a line, repeatable: item code, quantity, optional lot, optional owner org code (default: the node's)",
      repeat,
    )
    .option('--asset <id>', 'the asset carrying it (its load is checked), by id')
    .option(
      '--request <REQUEST:LINE>',
      'the request line the --line in the same position serves, repeatable: tracking code or id, line number from 1 or line id',
      repeat,
    )
    .option('--note <text>', 'a note for the consignment')
    .option('--id <uuid>', 'an id for this consignment, so that running it again changes nothing')
    .addHelpText(
      'after',
      '\nExamples:\n  kizuna consignment create --from ICAO:RJNK --to LG:172049 --line KZ-WASH-001:600 --line KZ-SHEL-001:40:T2024@AU-DFAT\n  kizuna consignment create --from ICAO:RJNK --to LG:172049 --line KZ-WASH-001:600 --request RQ-7K2M9Q:1',
    )
    .action(async (flags: Flags) => {
      if (!flags.line?.length)
        throw new UsageError('--line is required at least once, e.g. --line KZ-WASH-001:600')
      const specs = flags.line.map(lineSpec)
      const requests = flags.request ?? []
      for (const spec of requests) requestSpec(spec)
      if (requests.length > specs.length)
        throw new UsageError(
          `${requests.length} --request for ${specs.length} --line: each --request serves the --line in the same position`,
        )
      if (flags.id !== undefined && !UUID.test(flags.id))
        throw new UsageError(`--id must be a UUID, not "${flags.id}"`)
      if (flags.asset !== undefined && !UUID.test(flags.asset))
        throw new UsageError(
          `--asset must be an asset id (kizuna asset list), not "${flags.asset}"`,
        )
      await withNode(flags, async (node, stock) => {
        const organisations = await node.ctx.store.listOrganisations(null)
        const lines: NewConsignmentLine[] = []
        for (const [i, spec] of specs.entries()) {
          const [item] = await node.ctx.store.getItemsByCodes([spec.item])
          if (!item)
            throw new UsageError(`--line ${flags.line?.[i]}: no item with code "${spec.item}"`)
          const owner = spec.owner
            ? organisations.find((o) => o.code === spec.owner)?.id
            : node.ctx.node.org
          if (!owner)
            throw new UsageError(
              `--line ${flags.line?.[i]}: no organisation with code "${spec.owner}"`,
            )
          const serves = requests[i] ? await requestLine(node, requests[i], item.id) : {}
          lines.push({ item: item.id, owner, quantity: spec.quantity, lot: spec.lot, ...serves })
        }
        const done = await createConsignment(stock, cli(node), {
          id: flags.id?.toLowerCase() ?? uuidv7(),
          origin: await placeId(node, flags.from, '--from'),
          destination: await placeId(node, flags.to, '--to'),
          asset: flags.asset?.toLowerCase() ?? null,
          lines,
          note: flags.note ?? null,
        })
        process.stdout.write(
          `${done.result === 'exists' ? 'Already recorded (same id): nothing changed.' : 'Planned; the lines are reserved.'}\n${await describe(node, done.consignment)}`,
        )
      })
    })

  const actions: [Exclude<ConsignmentAction, 'receive'>, string][] = [
    ['load', 'Start loading a planned consignment.'],
    ['dispatch', 'Dispatch it: the reserved stock leaves the origin for transit.'],
    ['arrive', 'Record that it arrived at the destination (before the receipt is counted).'],
    ['cancel', 'Cancel it before dispatch: the reservations are released.'],
  ]
  for (const [action, description] of actions)
    common(
      consignment.command(action).description(description).argument('<id>', 'the consignment id'),
    )
      .addHelpText('after', `\nExample:\n  kizuna consignment ${action} ${EXAMPLE_ID}`)
      .action(async (ref: string, flags: Flags) => {
        consignmentRef(ref)
        await withNode(flags, async (node, stock) => {
          const before = await found(node, ref)
          const done = await actOnConsignment(stock, cli(node), before.id, action)
          process.stdout.write(
            `${done.version === before.version ? `Already ${done.status}: nothing changed.` : `${before.status} → ${done.status}`}\n${await describe(node, done)}`,
          )
        })
      })

  common(
    consignment
      .command('receive')
      .description(
        'Receive it at the destination: stock in per lot, any shortfall recorded as a loss with its reason.',
      )
      .argument('<id>', 'the consignment id'),
  )
    .option(
      '--line <INDEX=QTY[:REASON]>',
      `what arrived of line INDEX (from kizuna consignment show), repeatable; lines not named arrived as sent. Reasons: ${shortfallReasons.join(', ')}`,
      repeat,
    )
    .option('--by <name>', 'who received it (default: your login name)')
    .option('--lat <degrees>', 'where it was received: latitude, with --lon')
    .option('--lon <degrees>', 'where it was received: longitude, with --lat')
    .option(
      '--signature <file.png>',
      "the receiver's signature as a PNG image (kept apart from the event log, with the name)",
    )
    .addHelpText(
      'after',
      `\nExamples:\n  kizuna consignment receive ${EXAMPLE_ID} --by "Sato Hanako"\n  kizuna consignment receive ${EXAMPLE_ID} --line 1=570:damaged --line 2=0:stolen --by "Sato Hanako"\n  kizuna consignment receive ${EXAMPLE_ID} --by "Sato Hanako" --lat 37.39 --lon 136.90 --signature sato.png`,
    )
    .action(async (ref: string, flags: Flags) => {
      consignmentRef(ref)
      const receivedBy = (flags.by ?? process.env.USER ?? 'cli').trim()
      if (!receivedBy) throw new UsageError('--by must name who received it')
      const where = coordinates(flags)
      const signature = flags.signature ? signatureDataUrl(flags.signature) : null
      await withNode(flags, async (node, stock) => {
        const before = await found(node, ref)
        const given = new Map<number, ReturnType<typeof receiptSpec>>()
        for (const spec of flags.line ?? []) {
          const entry = receiptSpec(spec, before.lines.length)
          if (given.has(entry.index))
            throw new UsageError(`--line: line ${entry.index} is given twice`)
          given.set(entry.index, entry)
        }
        const lines: ReceiptLine[] = before.lines.map((line, i) => {
          const entry = given.get(i + 1)
          return {
            line: line.id,
            quantityReceived: entry?.quantity ?? line.quantity,
            reason: entry?.reason ?? null,
          }
        })
        const done = await receiveConsignment(stock, cli(node), before.id, {
          lines,
          proof: { receivedBy, ...where, signature },
        })
        process.stdout.write(
          `${done.version === before.version ? `Already ${done.status}: nothing changed.` : `${before.status} → ${done.status}, received by ${receivedBy}`}\n${await describe(node, done)}`,
        )
      })
    })

  trackCommand(consignment, {
    common,
    withContext: (flags, work) => withNode(flags, (node) => work(node.ctx, cli(node))),
    consignmentRef,
  })
}
