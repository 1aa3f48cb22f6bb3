/**
 * @module app/exchange-import
 * Imports requests for assistance (and pledges) from a HXL sheet, all or nothing: the sheet is read
 * and every code resolved first (a bad tag, value or code refuses the file naming its line and
 * column), then every request is drafted — and submitted, when asked — by the ordinary use cases,
 * inside one transaction, so each has its actor and events and a refusal of any leaves nothing
 * written. A request (pledge) column makes the import idempotent: its value names the record within
 * the organisation, so a second run finds the records already there.
 */
import { v5 as uuidv5 } from 'uuid'
import type { Problem } from '../domain/problem.js'
import type { Actor } from '../domain/records/record.js'
import { FileProblems } from '../interop/csv/read-table.js'
import { readPledgeSheet } from '../interop/exchange/pledge-sheet.js'
import {
  type Cell,
  readRequestSheet,
  type SheetRequest,
} from '../interop/exchange/request-sheet.js'
import type { AppContext } from './context.js'
import { Refusal } from './errors.js'
import { createPledge } from './pledges.js'
import type { Store, StoreWrites } from './ports.js'
import { actOnRequest, createRequest, type NewRequest } from './requests.js'

/** Namespace of request ids derived from (organisation, request reference). */
const IMPORT_NAMESPACE = '8c4f7d2a-3b61-4e9a-9f05-6a1d2c7e4b38'

export interface ImportedRequest {
  readonly id: string
  readonly code: string
  readonly reference: string | null
  readonly status: string
  readonly lines: number
  /** `created`, or `exists` when an earlier import of the same reference made it. */
  readonly result: 'created' | 'exists'
  /** 1-based file lines of its rows. */
  readonly fileLines: number[]
}

export interface RequestImportOutcome {
  readonly requests: ImportedRequest[]
  readonly created: number
  readonly existing: number
  readonly warnings: string[]
  /** Hashtags of the columns not read. */
  readonly ignored: string[]
}

/** The use cases, run inside an open transaction: their own `transact` joins it. */
function joined(ctx: AppContext, tx: StoreWrites): AppContext {
  const store: Store = { ...ctx.store, ...tx, transact: (work) => work(tx) }
  return { ...ctx, store }
}

const problemAt = (cell: Cell<string>, message: string): Problem => ({
  field: cell.hashtag,
  line: cell.line,
  column: cell.column,
  message,
})

/** Places, items, organisation and operations named by code, as the actor may see them. */
async function resolve(
  ctx: AppContext,
  actor: Actor,
  file: string,
  requests: readonly SheetRequest[],
): Promise<NewRequest[]> {
  const viewer = { org: actor.org }
  const problems: Problem[] = []
  const placeCodes = [...new Set(requests.map((r) => r.destination.value))]
  const places = new Map<string, string>()
  for (const place of await ctx.store.getPlacesByCodes(placeCodes))
    if (await ctx.store.getPlace(place.id, viewer)) places.set(place.code, place.id)
  const itemCodes = [
    ...new Set(requests.flatMap((r) => r.lines.flatMap((l) => (l.item ? [l.item.value] : [])))),
  ]
  const items = new Map<string, string>()
  for (const item of await ctx.store.getItemsByCodes(itemCodes))
    if (await ctx.store.getItem(item.id, viewer)) items.set(item.code, item.id)
  const own = (await ctx.store.getOrganisation(actor.org))?.code
  const operations = new Map(
    (await ctx.store.listOperations(viewer)).map((o) => [o.name.trim().toLowerCase(), o.id]),
  )
  const drafts = requests.map((request): NewRequest => {
    const destination = places.get(request.destination.value)
    if (!destination)
      problems.push(
        problemAt(request.destination, `no place with code "${request.destination.value}"`),
      )
    if (request.org && request.org.value !== own)
      problems.push(
        problemAt(
          request.org,
          `requests are imported for your own organisation (${own ?? actor.org}), not "${request.org.value}"`,
        ),
      )
    const operation = request.operation
      ? operations.get(request.operation.value.trim().toLowerCase())
      : null
    if (request.operation && !operation)
      problems.push(problemAt(request.operation, `no operation named "${request.operation.value}"`))
    return {
      id: request.reference
        ? uuidv5(`${actor.org}\u0000${request.reference}`, IMPORT_NAMESPACE)
        : undefined,
      operation: operation ?? null,
      destination: destination ?? '',
      neededBy: request.neededBy,
      justification: request.justification,
      lines: request.lines.map((line) => {
        const neededBy = line.neededBy === request.neededBy ? null : line.neededBy
        if (line.item) {
          const item = items.get(line.item.value)
          if (!item) problems.push(problemAt(line.item, `no item with code "${line.item.value}"`))
          return {
            kind: 'item' as const,
            item: item ?? '',
            quantity: line.quantity ?? 0,
            priority: line.priority,
            neededBy,
          }
        }
        return {
          kind: 'capability' as const,
          capability: line.capability ?? 'other',
          description: line.description ?? '',
          quantity: line.quantity,
          unit: line.unit,
          priority: line.priority,
          neededBy,
        }
      }),
    }
  })
  if (problems.length > 0) throw new FileProblems(file, problems)
  return drafts
}

export async function importRequests(
  ctx: AppContext,
  actor: Actor,
  file: string,
  bytes: Uint8Array,
  options: { submit?: boolean | undefined } = {},
): Promise<RequestImportOutcome> {
  const sheet = readRequestSheet(file, bytes, ctx.clock.now())
  const drafts = await resolve(ctx, actor, file, sheet.requests)
  const warnings: string[] = []
  const requests = await ctx.store.transact(async (tx) => {
    const inner = joined(ctx, tx)
    const done: ImportedRequest[] = []
    for (const [index, draft] of drafts.entries()) {
      const source = sheet.requests[index] as SheetRequest
      const fileLines = source.lines.map((l) => l.line)
      const where = `request ${source.reference ? `${source.reference} ` : ''}on line${fileLines.length > 1 ? 's' : ''} ${fileLines.join(', ')}`
      try {
        const { result, request } = await createRequest(inner, actor, draft)
        let status: string = request.status
        if (options.submit && result === 'created') {
          const submitted = await actOnRequest(inner, actor, request.id, 'submit')
          status = submitted.request.status
          for (const warning of submitted.warnings as unknown[])
            warnings.push(
              `${request.code}: ${typeof warning === 'string' ? warning : ((warning as { message?: string }).message ?? JSON.stringify(warning))}`,
            )
        }
        done.push({
          id: request.id,
          code: request.code,
          reference: source.reference,
          status,
          lines: request.lines.length,
          result,
          fileLines,
        })
      } catch (error) {
        if (error instanceof Refusal)
          throw new Refusal(error.code, `${file}: ${where}: ${error.message}`, error.details)
        throw error
      }
    }
    return done
  })
  return {
    requests,
    created: requests.filter((r) => r.result === 'created').length,
    existing: requests.filter((r) => r.result === 'exists').length,
    warnings,
    ignored: sheet.ignored,
  }
}

export interface PledgeImportOutcome {
  readonly pledges: {
    id: string
    reference: string | null
    status: string
    result: 'created' | 'exists'
    fileLine: number
  }[]
  readonly created: number
  readonly existing: number
  readonly ignored: string[]
}

/** Pledges from a HXL sheet, recorded as offered (for their organisation, default the actor's). */
export async function importPledges(
  ctx: AppContext,
  actor: Actor,
  file: string,
  bytes: Uint8Array,
): Promise<PledgeImportOutcome> {
  const sheet = readPledgeSheet(file, bytes)
  const viewer = { org: actor.org }
  const problems: Problem[] = []
  const organisations = new Map(
    (await ctx.store.listOrganisations(viewer)).map((o) => [o.code, o.id]),
  )
  const operations = new Map(
    (await ctx.store.listOperations(viewer)).map((o) => [o.name.trim().toLowerCase(), o.id]),
  )
  const items = new Map<string, string>()
  const itemCodes = sheet.pledges.flatMap((p) => (p.item ? [p.item.value] : []))
  for (const item of await ctx.store.getItemsByCodes([...new Set(itemCodes)]))
    if (await ctx.store.getItem(item.id, viewer)) items.set(item.code, item.id)
  const places = new Map<string, string>()
  const placeCodes = sheet.pledges.flatMap((p) => (p.place ? [p.place.value] : []))
  for (const place of await ctx.store.getPlacesByCodes([...new Set(placeCodes)]))
    if (await ctx.store.getPlace(place.id, viewer)) places.set(place.code, place.id)
  const lookup = (map: Map<string, string>, cell: Cell<string> | null, what: string) => {
    if (!cell) return null
    const id = map.get(what === 'operation' ? cell.value.trim().toLowerCase() : cell.value)
    if (!id)
      problems.push(
        problemAt(
          cell,
          `no ${what} ${what === 'operation' ? 'named' : 'with code'} "${cell.value}"`,
        ),
      )
    return id ?? null
  }
  const drafts = sheet.pledges.map((pledge) => {
    const org = lookup(organisations, pledge.org, 'organisation') ?? actor.org
    return {
      line: pledge.line,
      reference: pledge.reference,
      input: {
        id: pledge.reference
          ? uuidv5(`pledge\u0000${org}\u0000${pledge.reference}`, IMPORT_NAMESPACE)
          : ctx.ids.newId(),
        org,
        operation: lookup(operations, pledge.operation, 'operation'),
        kind: pledge.item ? ('item' as const) : ('capability' as const),
        item: lookup(items, pledge.item, 'item'),
        capability: pledge.capability,
        description: pledge.description,
        quantity: pledge.quantity,
        unit: pledge.unit,
        place: lookup(places, pledge.place, 'place'),
        availableFrom: pledge.availableFrom,
        availableUntil: pledge.availableUntil,
        conditions: pledge.conditions,
      },
    }
  })
  if (problems.length > 0) throw new FileProblems(file, problems)
  const pledges = await ctx.store.transact(async (tx) => {
    const inner = joined(ctx, tx)
    const done: PledgeImportOutcome['pledges'] = []
    for (const { line, reference, input } of drafts) {
      const existing = await tx.getPledge(input.id, null)
      try {
        const pledge = await createPledge(inner, actor, input)
        done.push({
          id: pledge.id,
          reference,
          status: pledge.status,
          result: existing ? 'exists' : 'created',
          fileLine: line,
        })
      } catch (error) {
        if (error instanceof Refusal)
          throw new Refusal(error.code, `${file}: line ${line}: ${error.message}`, error.details)
        throw error
      }
    }
    return done
  })
  return {
    pledges,
    created: pledges.filter((p) => p.result === 'created').length,
    existing: pledges.filter((p) => p.result === 'exists').length,
    ignored: sheet.ignored,
  }
}
