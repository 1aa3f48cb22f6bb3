/**
 * @module cli/commands/request
 * `kizuna request list|show|submit|validate|reject|cancel|close`: the request board and a request's
 * transitions from the node's shell, as the node's organisation (like `kizuna stock`). Requests are
 * named by tracking code (RQ-…) or id; places and organisations by code.
 */
import type { Command } from 'commander'
import { actOnRequest } from '../../app/requests.js'
import {
  priorities,
  type Request,
  type RequestAction,
  type RequestStatus,
  requestStatuses,
} from '../../domain/requests/request.js'
import { openNode } from '../open-node.js'
import { databaseSettings } from '../settings.js'
import { UsageError } from '../usage-error.js'

type Node = Awaited<ReturnType<typeof openNode>>

interface Flags {
  db?: string
  key?: string
  status?: string
  place?: string
  org?: string
  reason?: string
  limit?: string
}

async function withNode(flags: Flags, work: (node: Node) => Promise<void>): Promise<void> {
  const node = await openNode({ ...databaseSettings(flags), create: false, bundledData: false })
  try {
    await work(node)
  } finally {
    await node.ctx.store.close()
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A request by tracking code or id, as the node operator sees it. */
async function findRequest(node: Node, ref: string): Promise<Request> {
  const request = UUID.test(ref)
    ? await node.ctx.store.getRequest(ref, null)
    : await node.ctx.store.getRequestByCode(ref.trim().toUpperCase())
  if (!request) throw new UsageError(`no request "${ref}": give a tracking code (RQ-…) or an id`)
  return request
}

async function names(node: Node) {
  const organisations = new Map(
    (await node.ctx.store.listOrganisations(null)).map((o) => [o.id, o.code]),
  )
  const places = new Map<string, string>()
  return {
    org: (id: string) => organisations.get(id) ?? id,
    place: async (id: string) => {
      if (!places.has(id)) places.set(id, (await node.ctx.store.getPlace(id, null))?.code ?? id)
      return places.get(id) as string
    },
  }
}

/** The most urgent priority among a request's lines. */
const topPriority = (request: Request) =>
  priorities.find((p) => request.lines.some((l) => l.priority === p)) ?? ''

const warningText = (warning: unknown) =>
  typeof warning === 'string'
    ? warning
    : ((warning as { message?: string }).message ?? JSON.stringify(warning))

export function requestCommand(program: Command): void {
  const request = program
    .command('request')
    .description(
      'Requests for assistance: the board, one request, and its transitions (submit, validate, reject, cancel, close).',
    )
  const common = (command: Command) =>
    command
      .option('--db <path-or-url>', 'SQLite file or postgres:// URL (env KIZUNA_DB)')
      .option('--key <file>', 'node key file (env KIZUNA_KEY_FILE)')

  common(request.command('list').description('The request board, sorted by needed-by.'))
    .option('--status <statuses>', `comma-separated: ${requestStatuses.join(', ')}`)
    .option('--place <code>', 'only requests for this destination place')
    .option('--org <org-code>', 'only requests of this organisation')
    .option('--limit <n>', 'at most this many (default 200)')
    .addHelpText(
      'after',
      '\nExamples:\n  kizuna request list --status submitted\n  kizuna request list --place DP:WAJIMA-01 --org JP-ISHIKAWA',
    )
    .action(async (flags: Flags) => {
      const status = flags.status?.split(',').map((s) => s.trim())
      const bad = status?.find((s) => !(requestStatuses as readonly string[]).includes(s))
      if (bad)
        throw new UsageError(
          `--status: unknown status "${bad}"; expected one of ${requestStatuses.join(', ')}`,
        )
      const limit = flags.limit === undefined ? 200 : Number(flags.limit)
      if (!Number.isInteger(limit) || limit < 1 || limit > 5000)
        throw new UsageError('--limit must be a whole number from 1 to 5000')
      await withNode(flags, async (node) => {
        let destination: string | undefined
        if (flags.place) {
          const [place] = await node.ctx.store.getPlacesByCodes([flags.place])
          if (!place) throw new UsageError(`--place: no place with code "${flags.place}"`)
          destination = place.id
        }
        let org: string | undefined
        if (flags.org) {
          const found = (await node.ctx.store.listOrganisations(null)).find(
            (o) => o.code === flags.org,
          )
          if (!found) throw new UsageError(`--org: no organisation with code "${flags.org}"`)
          org = found.id
        }
        const page = await node.ctx.store.listRequests(
          {
            status: status as RequestStatus[] | undefined,
            destination,
            org,
            sort: 'neededBy',
            limit,
            offset: 0,
          },
          null,
        )
        const n = await names(node)
        process.stdout.write('code\tstatus\tpriority\torg\tdestination\tneeded_by\tlines\n')
        for (const r of page.rows)
          process.stdout.write(
            `${r.code}\t${r.status}\t${topPriority(r)}\t${n.org(r.org)}\t${await n.place(r.destination)}\t${r.neededBy}\t${r.lines.length}\n`,
          )
        if (page.total > page.rows.length)
          process.stderr.write(`${page.rows.length} of ${page.total} shown; use --limit\n`)
      })
    })

  common(
    request
      .command('show')
      .description('One request: its status, destination, dates and lines with their progress.')
      .argument('<code-or-id>', 'tracking code (RQ-…) or id'),
  )
    .addHelpText('after', '\nExample:\n  kizuna request show RQ-7KX2M9QA')
    .action(async (ref: string, flags: Flags) => {
      await withNode(flags, async (node) => {
        const r = await findRequest(node, ref)
        const n = await names(node)
        const out = [
          `${r.code}  ${r.status}${r.rejectionReason ? ` (${r.rejectionReason})` : ''}`,
          `  id:            ${r.id}`,
          `  organisation:  ${n.org(r.org)}`,
          `  destination:   ${await n.place(r.destination)}`,
          `  needed by:     ${r.neededBy}`,
          `  created:       ${r.createdAt}   updated: ${r.updatedAt}   version: ${r.version}`,
          ...(r.justification ? [`  justification: ${r.justification}`] : []),
          '  lines:',
        ]
        for (const line of r.lines) {
          if (line.kind === 'item') {
            const item = await node.ctx.store.getItem(line.item, null)
            out.push(
              `    ${line.priority.padEnd(15)} ${item?.code ?? line.item}  ${line.quantity} ${item?.unit ?? ''}  planned ${line.quantityPlanned}, dispatched ${line.quantityDispatched}, delivered ${line.quantityDelivered}${line.neededBy ? `  by ${line.neededBy}` : ''}`,
            )
          } else
            out.push(
              `    ${line.priority.padEnd(15)} ${line.capability}: ${line.description}${line.quantity !== null ? `  ${line.quantity} ${line.unit ?? ''}` : ''}  ${line.status ?? 'not validated'}${line.taskedTo ? ` → ${n.org(line.taskedTo)}` : ''}`,
            )
        }
        process.stdout.write(`${out.join('\n')}\n`)
      })
    })

  const actions: [RequestAction, string][] = [
    ['submit', "Submit a draft request (the requesting organisation's)."],
    ['validate', 'Validate a submitted request (the hub).'],
    ['reject', 'Reject a submitted request, saying why (the hub).'],
    ['cancel', 'Cancel a request before anything is delivered.'],
    ['close', 'Close a delivered request.'],
  ]
  for (const [action, description] of actions) {
    const command = common(
      request
        .command(action)
        .description(description)
        .argument('<code-or-id>', 'tracking code (RQ-…) or id'),
    )
    if (action === 'reject') command.requiredOption('--reason <text>', 'why it is rejected')
    command
      .addHelpText(
        'after',
        `\nExample:\n  kizuna request ${action} RQ-7KX2M9QA${action === 'reject' ? ' --reason "covered by RQ-4HT8ZP2C"' : ''}`,
      )
      .action(async (ref: string, flags: Flags) => {
        await withNode(flags, async (node) => {
          const found = await findRequest(node, ref)
          const actor = {
            kind: 'cli' as const,
            id: process.env.USER ?? 'cli',
            org: node.ctx.node.org,
          }
          const { request: done, warnings } = await actOnRequest(
            node.ctx,
            actor,
            found.id,
            action,
            { reason: flags.reason },
          )
          process.stdout.write(`${done.code}: ${found.status} → ${done.status}\n`)
          for (const warning of warnings as unknown[])
            process.stdout.write(`  warning: ${warningText(warning)}\n`)
        })
      })
  }
}
