/**
 * @module app/consignments
 * Consignments through the ledger (DESIGN.md, "Consignments and the ledger"): creating one reserves
 * each line by pending transfers stock → transit(consignment), lots picked FEFO; dispatch posts them;
 * cancel voids them; receipt moves transit → stock at the destination per lot, any shortfall to loss
 * and any surplus in from supply, each with its reason. Transfer ids derive from the consignment id
 * and a step, so a retry finds what the first attempt wrote. The ledger batch commits first and the
 * consignment record after it (as pledges do): a retry after a failure between the two completes it.
 */
import { createHash } from 'node:crypto'
import { mayHandleStockAt } from '../domain/access/permissions.js'
import { canonicalJson } from '../domain/events/chain.js'
import { available } from '../domain/ledger/account.js'
import { pickFefo } from '../domain/ledger/fefo.js'
import { type Actor, actorLabel } from '../domain/records/record.js'
import type { Share } from '../domain/records/share.js'
import { type Request, recordRequestProgress } from '../domain/requests/request.js'
import { checkCarrier } from '../domain/transport/carrier.js'
import {
  type Consignment,
  type ConsignmentAction,
  type ConsignmentLine,
  type ConsignmentPick,
  checkLoad,
  checkRoute,
  type ShortfallReason,
  splitReceipt,
  transitionConsignment,
} from '../domain/transport/consignment.js'
import type { Leg } from '../domain/transport/leg.js'
import { etaAtDispatch, inTimeOrder, type TrackingEvent } from '../domain/transport/tracking.js'
import { checkAllocation } from './allocation-rules.js'
import type { AppContext } from './context.js'
import { Refusal } from './errors.js'
import type { AccountRef, TransferRequest } from './ledger-writer.js'
import { receiveFromPeer } from './peer-receipts.js'
import type { ConsignmentFilter, Page, StoreWrites, Viewer } from './ports.js'
import { isReplica, refuseReplica } from './replicas.js'
import { type StockContext, stepId } from './stock.js'

/** Steps of a consignment's transfers: line i, lot k of the line; each phase its own range. */
const LOTS_PER_LINE = 1000
const phase = { reserve: 1, dispatch: 10_000_000, cancel: 20_000_000, receive: 30_000_000 }
const reserveStep = (line: number, lot: number) => phase.reserve + line * LOTS_PER_LINE + lot
/** Most lots one line is reserved from (a retry looks this far for what was written). */
const LOTS_MAX = 32

export interface NewConsignmentLine {
  readonly item: string
  readonly owner: string
  readonly quantity: number
  readonly lot?: string | null | undefined
  readonly request?: string | null | undefined
  readonly requestLine?: string | null | undefined
}

export interface NewConsignment {
  readonly id?: string | undefined
  readonly origin: string
  readonly destination: string
  readonly route?: readonly string[] | undefined
  readonly asset?: string | null | undefined
  readonly lines: readonly NewConsignmentLine[]
  readonly note?: string | null | undefined
  readonly share?: Share | undefined
  /** When it is to leave (a plan's sortie): the asset's availability is checked then; default now. */
  readonly departure?: string | undefined
}

/** A lot at a place, as batches of consignments count what each takes from it. */
export const lotKey = (place: string, item: string, owner: string, lot: string) =>
  `${place}|${item}|${owner}|${lot}`

const field = (name: string, message: string) => [{ field: name, message }]

const stockRef = (
  place: string,
  line: { item: string; owner: string },
  lot: string,
  expiresOn: string | null = null,
): AccountRef => ({
  kind: 'stock',
  where: place,
  item: line.item,
  owner: line.owner,
  lot,
  expiresOn,
})

const transitRef = (
  id: string,
  line: { item: string; owner: string },
  lot: string,
  expiresOn: string | null = null,
): AccountRef => ({
  kind: 'transit',
  where: id,
  item: line.item,
  owner: line.owner,
  lot,
  expiresOn,
})

export function bypassesOrgChecks(actor: Actor): boolean {
  return actor.kind === 'cli' || actor.kind === 'system'
}

/** Create, dispatch and cancel are the origin's: the logisticians of the organisation that runs it. */
function checkOriginOrg(ctx: AppContext, actor: Actor, originOrg: string, what: string): void {
  if (!bypassesOrgChecks(actor) && !mayHandleStockAt(actor, originOrg, ctx.node.org))
    throw new Refusal(
      'forbidden',
      `origin: ${what} is for the organisation that runs the origin place, not yours`,
    )
}

export async function placeOrgs(ctx: AppContext, places: readonly string[], actor: Actor) {
  const found = await ctx.store.stockReferences(
    { places, items: [], organisations: [] },
    { org: actor.org },
  )
  return found.placeOrgs
}

/** A request line's counters moved, refused with the consignment line named. */
function progress(
  request: Request,
  lineId: string,
  change: { planned?: number; dispatched?: number; delivered?: number },
  where: string,
): Request['lines'] {
  const moved = recordRequestProgress(request, lineId, change)
  if (!moved.ok)
    throw new Refusal(
      'invalid_transition',
      `${where}: request ${request.code}: ${moved.reason}`,
      field(where, moved.reason),
    )
  return moved.lines
}

/**
 * Applies each line's change to the requests it serves and writes them with events. `strict` refuses
 * a change the request's rules refuse (at creation); later steps skip it, because the goods have moved
 * whatever became of the request meanwhile (cancelled, closed), and name it in the event. A proposal's
 * moves (app/proposal-progress.ts) come this way too, named by `proposal` in the event.
 */
export async function moveRequests(
  tx: StoreWrites,
  actor: Actor,
  at: string,
  consignment: Pick<Consignment, 'id' | 'home'>,
  changes: readonly {
    line: Pick<ConsignmentLine, 'request' | 'requestLine'>
    index: number
    change: Record<string, number>
  }[],
  strict: boolean,
  proposal?: string,
): Promise<string[]> {
  const skipped: string[] = []
  const byRequest = new Map<string, typeof changes>()
  for (const c of changes)
    if (c.line.request && c.line.requestLine)
      byRequest.set(c.line.request, [...(byRequest.get(c.line.request) ?? []), c])
  for (const [requestId, list] of byRequest) {
    const request = await tx.getRequest(requestId, null)
    if (!request) {
      if (strict)
        throw new Refusal('unknown_reference', `lines: no request ${requestId}`, [
          { field: 'lines.request', message: 'unknown request' },
        ])
      skipped.push(requestId)
      continue
    }
    // Another node's request moves only on its home (its replica here follows): a consignment made
    // here for it is refused; a later step of one made before leaves it, named in the event.
    if (isReplica({ node: { id: consignment.home } }, request)) {
      if (strict)
        await refuseReplica(
          { node: { id: consignment.home } },
          request,
          `request ${request.code}`,
          tx,
        )
      skipped.push(requestId)
      continue
    }
    let next: Request = request
    try {
      for (const c of list) {
        const lines = progress(
          next,
          c.line.requestLine as string,
          c.change,
          `lines[${c.index}].requestLine`,
        )
        next = { ...next, lines }
        const moved = recordRequestProgress(next, c.line.requestLine as string, {})
        if (moved.ok) next = { ...next, status: moved.status }
      }
    } catch (error) {
      if (strict) throw error
      skipped.push(requestId)
      continue
    }
    next = { ...next, updatedAt: at, version: request.version + 1 }
    if (!(await tx.updateRequest(next, request.version)))
      throw new Refusal('version_conflict', `request ${request.code} changed meanwhile: try again`)
    await tx.appendEvents(at, actorLabel(actor), [
      {
        kind: 'request.progressed',
        subject: requestId,
        body: {
          consignment: consignment.id,
          ...(proposal ? { proposal } : {}),
          status: next.status,
          lines: list.map((c) => ({ line: c.line.requestLine, ...c.change })),
        },
        share: next.share,
      },
    ])
  }
  return skipped
}

/** Picks the lots for each line: the one named, or FEFO over what is available, across lines. */
async function pickLots(
  { ctx }: StockContext,
  origin: string,
  lines: readonly NewConsignmentLine[],
  taken = new Map<string, number>(),
): Promise<Omit<ConsignmentPick, 'pendingId'>[][]> {
  const today = ctx.clock.now().toISOString().slice(0, 10)
  const picked: Omit<ConsignmentPick, 'pendingId'>[][] = []
  for (const [index, line] of lines.entries()) {
    const accounts = (
      await ctx.store.listBalances(
        {
          kind: 'stock',
          place: origin,
          item: line.item,
          owner: line.owner,
          ...(line.lot ? { lot: line.lot } : {}),
          limit: 5000,
          offset: 0,
        },
        null,
      )
    ).rows.map((row) => row.account)
    const key = (lot: string) => lotKey(origin, line.item, line.owner, lot)
    const lots = accounts.map((a) => ({
      lot: a.lot,
      expiresOn: a.expiresOn,
      available: available(a) - (taken.get(key(a.lot)) ?? 0),
    }))
    const pick = line.lot
      ? {
          picks: lots
            .filter((l) => l.lot === line.lot)
            .map((l) => ({ ...l, quantity: Math.min(l.available, line.quantity) })),
          shortfall: Math.max(
            0,
            line.quantity - (lots.find((l) => l.lot === line.lot)?.available ?? 0),
          ),
          expiredQuantity: 0,
        }
      : pickFefo(lots, line.quantity, today)
    if (pick.shortfall > 0) {
      const usable = line.quantity - pick.shortfall
      throw new Refusal(
        'transfer_refused',
        `lines[${index}].quantity: only ${usable} available${line.lot ? ` in lot ${line.lot}` : ' in unexpired lots'} at the origin${pick.expiredQuantity > 0 ? ` (${pick.expiredQuantity} more have expired)` : ''}; asked for ${line.quantity}`,
        {
          field: `lines[${index}].quantity`,
          result: 'exceeds_available',
          available: usable,
          expired: pick.expiredQuantity,
        },
      )
    }
    if (pick.picks.length > LOTS_MAX)
      throw new Refusal(
        'invalid_request',
        `lines[${index}].quantity: it would take ${pick.picks.length} lots; split the line (at most ${LOTS_MAX} lots a line)`,
        field(`lines[${index}].quantity`, 'too many lots'),
      )
    for (const p of pick.picks) taken.set(key(p.lot), (taken.get(key(p.lot)) ?? 0) + p.quantity)
    picked.push(
      pick.picks.map((p) => ({ lot: p.lot, expiresOn: p.expiresOn, quantity: p.quantity })),
    )
  }
  return picked
}

/** The reservations a first attempt already wrote for this consignment, per line, or null. */
async function recordedReservations(
  { ctx }: StockContext,
  id: string,
  lines: readonly NewConsignmentLine[],
): Promise<ConsignmentPick[][] | null> {
  const [first] = await ctx.store.getTransfers([stepId(id, reserveStep(0, 0))])
  if (!first) return null
  const ids = lines.flatMap((_, i) =>
    Array.from({ length: LOTS_MAX }, (_, k) => stepId(id, reserveStep(i, k))),
  )
  const transfers = new Map((await ctx.store.getTransfers(ids)).map((t) => [t.id, t]))
  const accounts = new Map(
    (await ctx.store.getAccounts([...transfers.values()].map((t) => t.fromAccount))).map((a) => [
      a.id,
      a,
    ]),
  )
  return lines.map((line, i) => {
    const picks: ConsignmentPick[] = []
    for (let k = 0; k < LOTS_MAX; k++) {
      const t = transfers.get(stepId(id, reserveStep(i, k)))
      if (!t) break
      const account = accounts.get(t.fromAccount)
      picks.push({
        lot: account?.lot ?? '',
        expiresOn: account?.expiresOn ?? null,
        quantity: t.quantity,
        pendingId: t.id,
      })
    }
    if (picks.reduce((sum, p) => sum + p.quantity, 0) !== line.quantity)
      throw new Refusal(
        'exists_with_different_fields',
        `consignment ${id} was already begun with different lines`,
        { id },
      )
    return picks
  })
}

/** A consignment checked and its lots picked: everything short of writing it. */
export interface ReadyConsignment {
  readonly id: string
  readonly input: NewConsignment
  readonly originOrg: string
  readonly route: string[]
  readonly picks: ConsignmentPick[][]
  /** The pending transfers stock → transit that reserve it. */
  readonly reservations: TransferRequest[]
  /** An earlier attempt already wrote the reservations (a retry). */
  readonly recorded: boolean
}

export interface PrepareOptions {
  /** What other consignments of one batch take from lots (negative: give back), by lotKey. */
  readonly taken?: Map<string, number> | undefined
  /** The batch checked the request lines' counters for all its consignments together. */
  readonly requestsChecked?: boolean | undefined
}

/** Checks a new consignment (places, items, owners, rules, route, asset, load, requests) and picks its lots. */
export async function prepareConsignment(
  stock: StockContext,
  actor: Actor,
  id: string,
  input: NewConsignment,
  options: PrepareOptions = {},
): Promise<ReadyConsignment> {
  const { ctx } = stock
  if (input.lines.length === 0)
    throw new Refusal(
      'invalid_request',
      'lines: at least one line is required',
      field('lines', 'empty'),
    )
  if (input.origin === input.destination)
    throw new Refusal(
      'invalid_request',
      'destination: the destination is the origin',
      field('destination', 'same as origin'),
    )
  const found = await ctx.store.stockReferences(
    {
      places: [input.origin, input.destination],
      items: input.lines.map((l) => l.item),
      organisations: input.lines.map((l) => l.owner),
    },
    { org: actor.org },
  )
  const originOrg = found.placeOrgs.get(input.origin)
  const destinationOrg = found.placeOrgs.get(input.destination)
  if (originOrg === undefined)
    throw new Refusal(
      'unknown_reference',
      `origin: no place ${input.origin}`,
      field('origin', 'unknown place'),
    )
  if (destinationOrg === undefined)
    throw new Refusal(
      'unknown_reference',
      `destination: no place ${input.destination}`,
      field('destination', 'unknown place'),
    )
  for (const [i, line] of input.lines.entries()) {
    if (!found.items.has(line.item))
      throw new Refusal(
        'unknown_reference',
        `lines[${i}].item: no item ${line.item}`,
        field(`lines[${i}].item`, 'unknown item'),
      )
    if (!found.organisations.has(line.owner))
      throw new Refusal(
        'unknown_reference',
        `lines[${i}].owner: no organisation ${line.owner}`,
        field(`lines[${i}].owner`, 'unknown organisation'),
      )
    if (Boolean(line.request) !== Boolean(line.requestLine))
      throw new Refusal(
        'invalid_request',
        `lines[${i}].requestLine: name both the request and its line, or neither`,
        field(`lines[${i}].requestLine`, 'request and requestLine go together'),
      )
  }
  checkOriginOrg(ctx, actor, originOrg, 'making a consignment')
  for (const line of input.lines)
    await checkAllocation(ctx, line.owner, line.item, input.origin, destinationOrg)

  const route = [...(input.route ?? [])]
  let routeLegs: Leg[] = []
  if (route.length > 0) {
    const legs = new Map((await ctx.store.getLegs(route)).map((l) => [l.id, l]))
    const missing = route.findIndex((legId) => !legs.has(legId))
    if (missing >= 0)
      throw new Refusal(
        'unknown_reference',
        `route[${missing}]: no leg ${route[missing]}`,
        field(`route[${missing}]`, 'unknown leg'),
      )
    routeLegs = route.map((legId) => legs.get(legId) as Leg)
    const checked = checkRoute(input.origin, input.destination, routeLegs)
    if (!checked.ok)
      throw new Refusal(
        'no_route',
        `route[${checked.index}]: ${checked.reason}`,
        field(`route[${checked.index}]`, checked.reason),
      )
  }
  if (input.asset) {
    const asset = await ctx.store.getAsset(input.asset, { org: actor.org })
    if (!asset)
      throw new Refusal(
        'unknown_reference',
        `asset: no asset ${input.asset}`,
        field('asset', 'unknown asset'),
      )
    const carrier = checkCarrier(asset, routeLegs, input.departure ?? ctx.clock.now().toISOString())
    if (!carrier.ok)
      throw new Refusal(
        'asset_unsuitable',
        `${carrier.field}: ${carrier.reason}`,
        field(carrier.field, carrier.reason),
      )
    const items = await Promise.all(
      [...new Set(input.lines.map((l) => l.item))].map((item) => ctx.store.getItem(item, null)),
    )
    const load = checkLoad(
      input.lines,
      items.flatMap((item) =>
        item
          ? [
              {
                item: item.id,
                code: item.code,
                unitWeightG: item.unitWeightG,
                unitVolumeMl: item.unitVolumeMl,
              },
            ]
          : [],
      ),
      asset,
    )
    if (!load.ok)
      throw new Refusal('load_exceeds_asset', `asset: ${load.reason}`, {
        field: 'asset',
        ...load,
      })
  }
  // Requests are checked now, so that a refused one writes nothing to the ledger either.
  for (const [i, line] of input.lines.entries()) {
    if (!line.request || !line.requestLine) continue
    const request = await ctx.store.getRequest(line.request, { org: actor.org })
    if (!request)
      throw new Refusal(
        'unknown_reference',
        `lines[${i}].request: no request ${line.request}`,
        field(`lines[${i}].request`, 'unknown request'),
      )
    const requestLine = request.lines.find((l) => l.id === line.requestLine)
    if (requestLine?.kind === 'item' && requestLine.item !== line.item)
      throw new Refusal(
        'invalid_request',
        `lines[${i}].requestLine: the request line asks for another item`,
        field(`lines[${i}].requestLine`, 'different item'),
      )
    if (!options.requestsChecked)
      progress(request, line.requestLine, { planned: line.quantity }, `lines[${i}].requestLine`)
  }

  const recorded = await recordedReservations(stock, id, input.lines)
  const picks =
    recorded ??
    (await pickLots(stock, input.origin, input.lines, options.taken)).map((lots, i) =>
      lots.map((lot, k) => ({ ...lot, pendingId: stepId(id, reserveStep(i, k)) })),
    )
  const reservations: TransferRequest[] = input.lines.flatMap((line, i) =>
    (picks[i] ?? []).map((pick) => ({
      id: pick.pendingId,
      mode: 'pending' as const,
      from: stockRef(input.origin, line, pick.lot),
      to: transitRef(id, line, pick.lot, pick.expiresOn),
      quantity: pick.quantity,
      reason: 'reserved',
      ref: id,
      timeoutAt: null,
    })),
  )
  return { id, input, originOrg, route, picks, reservations, recorded: recorded !== null }
}

/**
 * Writes a consignment whose reservations are committed: the record, its event, and the planned
 * counters of the request lines it serves, in the caller's transaction.
 */
export async function recordPlanned(
  tx: StoreWrites,
  ctx: AppContext,
  actor: Actor,
  now: string,
  ready: ReadyConsignment,
): Promise<Consignment> {
  const { id, input, originOrg, route } = ready
  const consignment: Consignment = {
    id,
    home: ctx.node.id,
    org: originOrg === 'public' ? ctx.node.org : originOrg,
    share: input.share ?? 'all',
    createdAt: now,
    updatedAt: now,
    version: 1,
    origin: input.origin,
    destination: input.destination,
    route,
    asset: input.asset ?? null,
    status: 'planned',
    lines: input.lines.map((line, i) => ({
      id: stepId(id, 100_000_000 + i),
      item: line.item,
      lot: line.lot ?? null,
      owner: line.owner,
      quantity: line.quantity,
      request: line.request ?? null,
      requestLine: line.requestLine ?? null,
      picks: ready.picks[i] ?? [],
      quantityReceived: null,
      discrepancyReason: null,
    })),
    note: input.note ?? null,
    dispatchedAt: null,
    arrivedAt: null,
    receivedAt: null,
    cancelledAt: null,
    proof: null,
    eta: null,
    tracking: [],
  }
  await tx.saveConsignment(consignment, null)
  await tx.appendEvents(now, actorLabel(actor), [
    { kind: 'consignment.planned', subject: id, body: consignment, share: consignment.share },
  ])
  await moveRequests(
    tx,
    actor,
    now,
    consignment,
    consignment.lines.map((line, index) => ({
      line,
      index,
      change: { planned: line.quantity },
    })),
    true,
  )
  return consignment
}

export async function createConsignment(
  stock: StockContext,
  actor: Actor,
  input: NewConsignment,
): Promise<{ result: 'created' | 'exists'; consignment: Consignment }> {
  const { ctx } = stock
  const id = input.id ?? ctx.ids.newId()
  const existing = await ctx.store.getConsignment(id, null)
  if (existing) {
    const same =
      existing.origin === input.origin &&
      existing.destination === input.destination &&
      existing.lines.length === input.lines.length &&
      existing.lines.every((l, i) => {
        const asked = input.lines[i]
        // Every field the client chose: a retry repeats them all; anything else is another consignment.
        return (
          asked !== undefined &&
          l.item === asked.item &&
          l.owner === asked.owner &&
          l.quantity === asked.quantity &&
          l.lot === (asked.lot ?? null) &&
          l.request === (asked.request ?? null) &&
          l.requestLine === (asked.requestLine ?? null)
        )
      })
    if (same) return { result: 'exists', consignment: existing }
    throw new Refusal(
      'exists_with_different_fields',
      `a consignment with id ${id} already exists with different fields`,
      { id },
    )
  }
  const ready = await prepareConsignment(stock, actor, id, input)
  await stock.writer.submit(actor, ready.reservations)
  return ctx.store.transact(async (tx) => {
    const now = ctx.clock.now().toISOString()
    const raced = await tx.getConsignment(id, null)
    if (raced) return { result: 'exists' as const, consignment: raced }
    return {
      result: 'created' as const,
      consignment: await recordPlanned(tx, ctx, actor, now, ready),
    }
  })
}

/** The void transfers that release a planned consignment's reservations: the ids cancel uses. */
export function releaseTransfers(consignment: Consignment): TransferRequest[] {
  return consignment.lines
    .flatMap((line) => line.picks.map((p) => p.pendingId))
    .map((pendingId, n) => ({
      id: stepId(consignment.id, phase.cancel + n),
      mode: 'void' as const,
      pendingId,
      reason: 'cancelled',
      ref: consignment.id,
    }))
}

/**
 * Records the cancellation of a planned consignment whose reservations are voided (releaseTransfers),
 * in the caller's transaction: its status, the request lines' planned counters, and the event.
 */
export async function recordCancelled(
  tx: StoreWrites,
  actor: Actor,
  now: string,
  consignment: Consignment,
  why: string,
): Promise<Consignment> {
  const next: Consignment = {
    ...consignment,
    status: 'cancelled',
    cancelledAt: now,
    updatedAt: now,
    version: consignment.version + 1,
  }
  if (!(await tx.saveConsignment(next, consignment.version)))
    throw new Refusal(
      'version_conflict',
      `consignment ${consignment.id} changed meanwhile: reload it`,
    )
  const skipped = await moveRequests(
    tx,
    actor,
    now,
    next,
    next.lines.map((line, index) => ({ line, index, change: { planned: -line.quantity } })),
    false,
  )
  await tx.appendEvents(now, actorLabel(actor), [
    {
      kind: 'consignment.cancelled',
      subject: next.id,
      body: { status: next.status, version: next.version, requestsSkipped: skipped, why },
      share: next.share,
    },
  ])
  return next
}

const pastTense: Record<ConsignmentAction, string> = {
  load: 'loading',
  dispatch: 'dispatched',
  arrive: 'arrived',
  receive: 'received',
  cancel: 'cancelled',
}

export async function ownConsignment(
  ctx: AppContext,
  actor: Actor,
  id: string,
): Promise<Consignment> {
  const consignment = await ctx.store.getConsignment(id, { org: actor.org })
  if (!consignment) throw new Refusal('not_found', `no consignment ${id}`)
  await refuseReplica(ctx, consignment, `consignment ${id}`, ctx.store)
  return consignment
}

/**
 * The tracking event dispatch and arrival write: departed, with the ETA from the route legs' transit
 * times (null without a route), and arrived. Ids derive from the consignment's: one of each.
 */
async function trackingOf(
  tx: StoreWrites,
  actor: Actor,
  consignment: Consignment,
  action: Exclude<ConsignmentAction, 'receive'>,
  now: string,
): Promise<TrackingEvent | null> {
  if (action !== 'dispatch' && action !== 'arrive') return null
  const legs = action === 'dispatch' ? await tx.getLegs(consignment.route) : []
  return {
    id: stepId(consignment.id, action === 'dispatch' ? 300_000_000 : 300_000_001),
    kind: action === 'dispatch' ? 'departed' : 'arrived',
    at: now,
    lat: null,
    lon: null,
    // A leg gone from the network leaves the time unknown rather than short.
    eta:
      action === 'dispatch' && legs.length === consignment.route.length
        ? etaAtDispatch(now, legs)
        : null,
    note: null,
    actor: actorLabel(actor),
  }
}

/** Load, dispatch, arrive or cancel. A retry of an action already done answers with the consignment. */
export async function actOnConsignment(
  stock: StockContext,
  actor: Actor,
  id: string,
  action: Exclude<ConsignmentAction, 'receive'>,
): Promise<Consignment> {
  const { ctx } = stock
  const consignment = await ownConsignment(ctx, actor, id)
  const orgs = await placeOrgs(ctx, [consignment.origin, consignment.destination], actor)
  const originOrg = orgs.get(consignment.origin) ?? consignment.org
  const destinationOrg = orgs.get(consignment.destination) ?? consignment.org
  if (action === 'arrive') {
    if (
      !bypassesOrgChecks(actor) &&
      !mayHandleStockAt(actor, originOrg, ctx.node.org) &&
      !mayHandleStockAt(actor, destinationOrg, ctx.node.org)
    )
      throw new Refusal(
        'forbidden',
        'only the organisations that run the origin or the destination record an arrival',
      )
  } else
    checkOriginOrg(
      ctx,
      actor,
      originOrg,
      `${action === 'load' ? 'loading' : action === 'dispatch' ? 'dispatching' : 'cancelling'} a consignment`,
    )
  const transition = transitionConsignment(consignment.status, action)
  if (!transition.ok) {
    if (consignment.status === pastTense[action]) return consignment
    throw new Refusal('invalid_transition', transition.reason, { allowed: transition.allowed })
  }
  const pendings = consignment.lines.flatMap((line) => line.picks.map((p) => p.pendingId))
  if (action === 'dispatch' || action === 'cancel')
    await stock.writer.submit(
      actor,
      pendings.map((pendingId, n) => ({
        id: stepId(id, phase[action] + n),
        mode: action === 'dispatch' ? ('post' as const) : ('void' as const),
        pendingId,
        reason: action === 'dispatch' ? 'dispatched' : 'cancelled',
        ref: id,
      })),
    )
  return ctx.store.transact(async (tx) => {
    const now = ctx.clock.now().toISOString()
    const tracked = await trackingOf(tx, actor, consignment, action, now)
    const next: Consignment = {
      ...consignment,
      status: transition.status,
      dispatchedAt: action === 'dispatch' ? now : consignment.dispatchedAt,
      arrivedAt: action === 'arrive' ? now : consignment.arrivedAt,
      cancelledAt: action === 'cancel' ? now : consignment.cancelledAt,
      eta: action === 'dispatch' ? (tracked?.eta ?? null) : consignment.eta,
      tracking: tracked ? inTimeOrder([...consignment.tracking, tracked]) : consignment.tracking,
      updatedAt: now,
      version: consignment.version + 1,
    }
    if (!(await tx.saveConsignment(next, consignment.version)))
      throw new Refusal('version_conflict', `consignment ${id} changed meanwhile: reload it`)
    if (tracked) await tx.insertTrackingEvent(id, tracked, now)
    const change = (line: ConsignmentLine): Record<string, number> =>
      action === 'dispatch'
        ? { dispatched: line.quantity }
        : action === 'cancel'
          ? { planned: -line.quantity }
          : {}
    const skipped =
      action === 'dispatch' || action === 'cancel'
        ? await moveRequests(
            tx,
            actor,
            now,
            next,
            next.lines.map((line, index) => ({ line, index, change: change(line) })),
            false,
          )
        : []
    await tx.appendEvents(now, actorLabel(actor), [
      {
        kind: `consignment.${pastTense[action]}`,
        subject: id,
        body: {
          status: next.status,
          version: next.version,
          requestsSkipped: skipped,
          ...(tracked ? { eta: next.eta, tracking: tracked } : {}),
        },
        share: next.share,
      },
    ])
    return next
  })
}

export interface ReceiptLine {
  readonly line: string
  readonly quantityReceived: number
  readonly reason?: ShortfallReason | null | undefined
  readonly note?: string | null | undefined
}

export interface Receipt {
  readonly lines: readonly ReceiptLine[]
  readonly proof: {
    readonly receivedBy: string
    readonly receivedAt?: string | undefined
    readonly lat?: number | null | undefined
    readonly lon?: number | null | undefined
    /** PNG data URL of the signature drawn on screen. */
    readonly signature?: string | null | undefined
    readonly photo?: string | null | undefined
  }
}

/**
 * Records the receipt at the destination: stock in per lot, shortfall to loss, surplus from supply.
 * Another node's consignment arriving here is received on this node's own terms (app/peer-receipts.ts);
 * `closing.peer`: this node's consignment received by that node, whose arrivals leave transit for
 * `peer:<node>` (no surplus: the receiving node's ledger took it).
 */
export async function receiveConsignment(
  stock: StockContext,
  actor: Actor,
  id: string,
  receipt: Receipt,
  closing: { readonly peer?: string } = {},
): Promise<Consignment> {
  const { ctx } = stock
  const found = await ctx.store.getConsignment(id, { org: actor.org })
  if (found && isReplica(ctx, found)) return receiveFromPeer(stock, actor, found, receipt)
  const consignment = await ownConsignment(ctx, actor, id)
  const orgs = await placeOrgs(ctx, [consignment.origin, consignment.destination], actor)
  const originOrg = orgs.get(consignment.origin) ?? consignment.org
  const destinationOrg = orgs.get(consignment.destination) ?? consignment.org
  if (
    !bypassesOrgChecks(actor) &&
    !mayHandleStockAt(actor, destinationOrg, ctx.node.org) &&
    !mayHandleStockAt(actor, originOrg, ctx.node.org)
  )
    throw new Refusal(
      'forbidden',
      "a receipt is recorded by the destination's organisation (or the origin hub's), not yours",
    )
  if (consignment.status === 'received') return consignment
  const transition = transitionConsignment(consignment.status, 'receive')
  if (!transition.ok)
    throw new Refusal('invalid_transition', transition.reason, { allowed: transition.allowed })
  const given = new Map<string, { entry: ReceiptLine; index: number }>()
  for (const [index, entry] of receipt.lines.entries()) {
    if (!consignment.lines.some((l) => l.id === entry.line))
      throw new Refusal(
        'invalid_request',
        `lines[${index}].line: the consignment has no line ${entry.line}; it sent ${consignment.lines.map((l) => l.id).join(', ')}`,
        field(`lines[${index}].line`, 'not a line of this consignment'),
      )
    if (given.has(entry.line))
      throw new Refusal(
        'invalid_request',
        `lines[${index}].line: line ${entry.line} is given twice`,
        field(`lines[${index}].line`, 'given twice'),
      )
    given.set(entry.line, { entry, index })
  }
  const missingLine = consignment.lines.find((l) => !given.has(l.id))
  if (missingLine)
    throw new Refusal(
      'invalid_request',
      `lines: say what was received of every line; line ${missingLine.id} is missing (0 if none arrived)`,
      field('lines', `line ${missingLine.id} missing`),
    )
  const transfers: TransferRequest[] = []
  for (const [i, line] of consignment.lines.entries()) {
    const { entry, index } = given.get(line.id) as { entry: ReceiptLine; index: number }
    if (entry.quantityReceived < line.quantity && !entry.reason)
      throw new Refusal(
        'invalid_request',
        `lines[${index}].reason: ${line.quantity - entry.quantityReceived} fewer than sent arrived; say why (short-shipped, damaged, stolen, spoiled, lost, other)`,
        field(`lines[${index}].reason`, 'required when less arrived than was sent'),
      )
    const split = splitReceipt(line.picks, entry.quantityReceived)
    const base = phase.receive + i * LOTS_PER_LINE * 3
    for (const [k, lot] of split.lots.entries()) {
      if (lot.received > 0)
        transfers.push({
          id: stepId(id, base + k),
          mode: 'single',
          from: transitRef(id, line, lot.lot),
          to: closing.peer
            ? {
                kind: 'peer',
                where: closing.peer,
                item: line.item,
                owner: line.owner,
                lot: lot.lot,
              }
            : stockRef(consignment.destination, line, lot.lot, lot.expiresOn),
          quantity: lot.received,
          reason: 'received',
          ref: id,
        })
      if (lot.missing > 0)
        transfers.push({
          id: stepId(id, base + LOTS_PER_LINE + k),
          mode: 'single',
          from: transitRef(id, line, lot.lot),
          to: {
            kind: 'loss',
            where: consignment.destination,
            item: line.item,
            owner: line.owner,
            lot: lot.lot,
          },
          quantity: lot.missing,
          reason: entry.reason ?? 'other',
          ref: entry.note ? `${id}: ${entry.note}` : id,
        })
    }
    // More arrived than was sent: it came from outside this ledger (`supply`). Closing another node's
    // receipt, it went to that node, whose ledger took it in from `peer:<this node>` — so the two
    // peer accounts match, surplus included.
    if (split.surplus > 0) {
      const first = line.picks[0]
      transfers.push({
        id: stepId(id, base + 2 * LOTS_PER_LINE),
        mode: 'single',
        from: { kind: 'supply', where: line.owner, item: line.item, owner: line.owner, lot: '' },
        to: closing.peer
          ? {
              kind: 'peer',
              where: closing.peer,
              item: line.item,
              owner: line.owner,
              lot: first?.lot ?? '',
            }
          : stockRef(consignment.destination, line, first?.lot ?? '', first?.expiresOn ?? null),
        quantity: split.surplus,
        reason: 'surplus',
        ref: entry.note ? `${id}: ${entry.note}` : id,
      })
    }
  }
  if (transfers.length > 0) await stock.writer.submit(actor, transfers)

  return ctx.store.transact(async (tx) => {
    const now = ctx.clock.now().toISOString()
    const proofBody = {
      receivedBy: receipt.proof.receivedBy,
      signature: receipt.proof.signature ?? null,
      photo: receipt.proof.photo ?? null,
    }
    const proofId = stepId(id, 200_000_000)
    const hash = createHash('sha256').update(canonicalJson(proofBody)).digest('hex')
    await tx.insertDeliveryProof({
      id: proofId,
      consignment: id,
      org: destinationOrg === 'public' ? ctx.node.org : destinationOrg,
      ...proofBody,
      hash,
      createdAt: now,
    })
    const next: Consignment = {
      ...consignment,
      status: 'received',
      receivedAt: now,
      lines: consignment.lines.map((line) => {
        const entry = given.get(line.id)?.entry
        return {
          ...line,
          quantityReceived: entry?.quantityReceived ?? 0,
          discrepancyReason:
            entry && entry.quantityReceived !== line.quantity
              ? (entry.reason ?? (entry.quantityReceived > line.quantity ? 'surplus' : 'other'))
              : null,
        }
      }),
      proof: {
        receivedAt: receipt.proof.receivedAt
          ? new Date(receipt.proof.receivedAt).toISOString()
          : now,
        lat: receipt.proof.lat ?? null,
        lon: receipt.proof.lon ?? null,
        proofId,
        proofHash: hash,
      },
      updatedAt: now,
      version: consignment.version + 1,
    }
    if (!(await tx.saveConsignment(next, consignment.version)))
      throw new Refusal('version_conflict', `consignment ${id} changed meanwhile: reload it`)
    const skipped = await moveRequests(
      tx,
      actor,
      now,
      next,
      next.lines.map((line, index) => ({
        line,
        index,
        // Delivered never exceeds dispatched: a surplus is stock, not more delivered to the request.
        change: { delivered: Math.min(line.quantityReceived ?? 0, line.quantity) },
      })),
      false,
    )
    await tx.appendEvents(now, actorLabel(actor), [
      {
        kind: 'consignment.received',
        subject: id,
        // The name, signature and photo stay in delivery_proofs; the event holds their hash.
        body: {
          status: next.status,
          version: next.version,
          lines: next.lines.map((l) => ({
            id: l.id,
            quantityReceived: l.quantityReceived,
            discrepancyReason: l.discrepancyReason,
          })),
          proof: next.proof,
          requestsSkipped: skipped,
        },
        share: next.share,
      },
    ])
    return next
  })
}

export async function getConsignment(
  ctx: AppContext,
  id: string,
  viewer: Viewer,
): Promise<Consignment> {
  const consignment = await ctx.store.getConsignment(id, viewer)
  if (!consignment) throw new Refusal('not_found', `no consignment ${id}`)
  return consignment
}

export function listConsignments(
  ctx: AppContext,
  filter: ConsignmentFilter,
  viewer: Viewer,
): Promise<Page<Consignment>> {
  return ctx.store.listConsignments(filter, viewer)
}

/** The proof of delivery with the receiver's name, signature and photo: for the origin's and destination's organisations. */
export async function getDeliveryProof(ctx: AppContext, actor: Actor, id: string) {
  const consignment = await getConsignment(ctx, id, { org: actor.org })
  const orgs = await placeOrgs(ctx, [consignment.origin, consignment.destination], actor)
  const allowed = [orgs.get(consignment.origin), orgs.get(consignment.destination)]
  if (
    !bypassesOrgChecks(actor) &&
    !allowed.some((org) => org !== undefined && mayHandleStockAt(actor, org, ctx.node.org))
  )
    throw new Refusal(
      'forbidden',
      'a proof of delivery is released to the organisations of the origin and destination only',
    )
  const proof = await ctx.store.getDeliveryProof(id)
  if (!proof) throw new Refusal('not_found', `consignment ${id} has no proof of delivery yet`)
  return proof
}
