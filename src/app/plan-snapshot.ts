/**
 * @module app/plan-snapshot
 * The snapshot a plan is solved on, read from the store for the planner's organisation (DESIGN.md,
 * "Allocation"):
 *
 * - **stock**: available (posted − pending out) by place, owner, lot and expiry, of the items asked
 *   for, at places released to the planner's organisation. Owners' allocation rules travel with the
 *   snapshot and the model applies them, so stock no rule lets a requester receive is reported
 *   `not-allowed` rather than silently left out;
 * - **other nodes' stock**: their balances replicated here, at places released to the organisation,
 *   each lot marked with its home, less what this node's proposals not yet decided ask of it.
 *   Allocation rules are not replicated: a home that releases a balance to the organisation lets it be
 *   planned with, any rule this node keeps for the owner applies as to local stock, and the home's own
 *   rules are applied where they are kept — when its logistician accepts the proposal;
 * - **lines**: item lines of validated requests still in progress (of one operation or all), each
 *   with its open quantity. A line's counters nest (planned ⊇ dispatched ⊇ delivered: each stage never
 *   exceeds the one before), so what is open is requested − planned;
 * - **re-planning**: consignments still `planned` by an approved plan in scope are planned again, not
 *   kept: their reserved stock counts as available and their quantity as open (they are cancelled
 *   when the new plan is approved). What is loading or dispatched stays out: its stock is no longer
 *   available and its lines count it as planned;
 * - **network**: the places released to the organisation (and any place a line or asset names), the
 *   legs between them with their status, and the assets available now.
 */

import type { PlanRecord, SnapshotSummary } from '../domain/allocation/plan-life.js'
import type {
  AllocationSnapshot,
  RequestLine,
  SnapshotAsset,
  StockLot,
} from '../domain/allocation/snapshot.js'
import { heldByProposals, peerLotKey } from '../domain/federation/proposal.js'
import { accountId } from '../domain/ledger/account.js'
import type { RequestStatus } from '../domain/requests/request.js'
import type { Consignment } from '../domain/transport/consignment.js'
import type { RoutingPlace } from '../domain/transport/fastest-route.js'
import type { AppContext } from './context.js'
import type { Page } from './ports.js'

export interface SnapshotScope {
  readonly org: string
  readonly operation: string | null
  readonly start: string
  readonly horizonHours: number
}

export interface PlanSnapshot {
  readonly snapshot: AllocationSnapshot
  readonly summary: SnapshotSummary
  /** Planned consignments of approved plans in scope, planned again here. */
  readonly released: readonly Consignment[]
  /** The newest approved plan in scope: what moved is reported against it. */
  readonly replaces: PlanRecord | null
}

const PAGE = 5000
const open: RequestStatus[] = [
  'validated',
  'partially-planned',
  'planned',
  'partially-dispatched',
  'dispatched',
  'partially-delivered',
]

async function all<T>(read: (offset: number) => Promise<Page<T>>): Promise<T[]> {
  const rows: T[] = []
  for (let offset = 0; ; offset += PAGE) {
    const page = await read(offset)
    rows.push(...page.rows)
    if (page.rows.length < PAGE || rows.length >= page.total) return rows
  }
}

const add = (map: Map<string, number>, key: string, quantity: number) =>
  map.set(key, (map.get(key) ?? 0) + quantity)

/** The approved plans in scope, newest first, and their consignments that are still only planned. */
async function releasable(ctx: AppContext, scope: SnapshotScope, requests: ReadonlySet<string>) {
  const approved = (
    await all((offset) =>
      ctx.store.listPlans({ statuses: ['approved'], limit: PAGE, offset }, { org: scope.org }),
    )
  ).filter(
    (plan) =>
      plan.org === scope.org &&
      (scope.operation === null || plan.operation === null || plan.operation === scope.operation),
  )
  const released: Consignment[] = []
  for (const plan of approved)
    for (const id of plan.consignments) {
      const consignment = await ctx.store.getConsignment(id, null)
      // A consignment is planned again only when every line it carries is in scope.
      if (
        consignment?.status === 'planned' &&
        consignment.lines.every((line) => line.request !== null && requests.has(line.request))
      )
        released.push(consignment)
    }
  return { replaces: approved[0] ?? null, released }
}

export async function buildPlanSnapshot(
  ctx: AppContext,
  scope: SnapshotScope,
): Promise<PlanSnapshot> {
  const viewer = { org: scope.org }
  // Another node's requests (replicas here) move only on their home: this node plans its own.
  const requests = (
    await all((offset) =>
      ctx.store.listRequests(
        {
          status: open,
          ...(scope.operation ? { operation: scope.operation } : {}),
          sort: 'createdAt',
          limit: PAGE,
          offset,
        },
        viewer,
      ),
    )
  ).filter((request) => request.home === ctx.node.id)
  const { replaces, released } = await releasable(
    ctx,
    scope,
    new Set(requests.map((request) => request.id)),
  )
  const reopened = new Map<string, number>()
  const freed = new Map<string, number>()
  for (const consignment of released)
    for (const line of consignment.lines) {
      if (line.requestLine) add(reopened, line.requestLine, line.quantity)
      for (const pick of line.picks)
        add(
          freed,
          accountId({
            kind: 'stock',
            where: consignment.origin,
            item: line.item,
            owner: line.owner,
            lot: pick.lot,
          }),
          pick.quantity,
        )
    }

  const held = heldByProposals(await ownProposals(ctx))
  const lines: RequestLine[] = []
  for (const request of requests)
    for (const line of request.lines) {
      if (line.kind !== 'item') continue
      // Lines served by proposals are in quantityPlanned (proposal-progress.ts) until released.
      const quantity = line.quantity - line.quantityPlanned + (reopened.get(line.id) ?? 0)
      if (quantity <= 0) continue
      lines.push({
        id: line.id,
        request: request.id,
        requester: request.org,
        destination: request.destination,
        item: line.item,
        quantity,
        tier: line.priority,
        neededBy: line.neededBy ?? request.neededBy,
      })
    }
  const asked = new Set(lines.map((line) => line.item))

  const networkPlaces = await ctx.store.listNetworkPlaces(viewer)
  const places = new Map<string, RoutingPlace>(
    networkPlaces.map((p) => [p.id, { id: p.id, type: p.type, lat: p.lat, lon: p.lon }]),
  )
  const visible = new Set(places.keys())

  const lots: StockLot[] = []
  if (asked.size > 0) {
    const balances = await all((offset) =>
      ctx.store.listBalances({ kind: 'stock', nonZero: true, limit: PAGE, offset }, viewer),
    )
    for (const { account } of balances) {
      if (!asked.has(account.item) || !visible.has(account.where)) continue
      const available = account.posted - account.pendingOut + (freed.get(account.id) ?? 0)
      if (available <= 0) continue
      lots.push({
        id: account.id,
        place: account.where,
        item: account.item,
        owner: account.owner,
        lot: account.lot,
        expiresOn: account.expiresOn,
        available,
      })
    }
  }

  if (asked.size > 0) lots.push(...(await replicaStock(ctx, viewer, asked, visible, held.lots)))

  const assets: SnapshotAsset[] = (
    await all((offset) =>
      ctx.store.listAssets({ status: 'available', limit: PAGE, offset }, viewer),
    )
  ).map((asset) => ({
    id: asset.id,
    kind: asset.kind,
    owner: asset.org,
    payloadKg: asset.payloadKg,
    volumeM3: asset.volumeM3,
    speedKmh: asset.speedKmh,
    rangeKm: asset.rangeKm,
    base: asset.base,
    availableFrom: asset.availableFrom,
    availableUntil: asset.availableUntil,
    status: asset.status,
  }))

  // A line's destination or an asset's base the organisation may not see is still a point to route to.
  for (const id of new Set([...lines.map((l) => l.destination), ...assets.map((a) => a.base)])) {
    if (places.has(id)) continue
    const place = await ctx.store.getPlace(id, null)
    if (place) places.set(id, { id, type: place.type, lat: place.lat, lon: place.lon })
  }
  const legs = (await ctx.store.listAllLegs())
    .filter((leg) => places.has(leg.from) && places.has(leg.to))
    .map((leg) => ({
      id: leg.id,
      mode: leg.mode,
      from: leg.from,
      to: leg.to,
      distanceKm: leg.distanceKm,
      transitMinutes: leg.transitMinutes,
      status: leg.status,
      note: leg.note,
    }))

  const itemIds = [...new Set([...lines.map((l) => l.item), ...lots.map((l) => l.item)])].sort()
  const items = (await Promise.all(itemIds.map((id) => ctx.store.getItem(id, null)))).flatMap(
    (item) =>
      item
        ? [
            {
              id: item.id,
              // Unmeasured items weigh nothing to the model; the consignment's load check names them.
              unitWeightG: item.unitWeightG ?? 0,
              unitVolumeMl: item.unitVolumeMl ?? 0,
            },
          ]
        : [],
  )
  const owners = new Set(lots.map((lot) => lot.owner))
  const rules = (await ctx.store.listAllocationRules(null))
    .filter((rule) => owners.has(rule.org))
    .map((rule) => ({
      id: rule.id,
      org: rule.org,
      item: rule.item,
      place: rule.place,
      allowed: rule.allowed,
      note: rule.note,
    }))

  const snapshot: AllocationSnapshot = {
    start: scope.start,
    horizonHours: scope.horizonHours,
    lots,
    lines,
    items,
    places: [...places.values()],
    legs,
    assets: assets.filter((asset) => places.has(asset.base)),
    rules,
  }
  return {
    snapshot,
    summary: summarise(snapshot),
    released,
    replaces,
  }
}

/** This node's proposals with what their addressees decided, as far as pulled. */
async function ownProposals(ctx: AppContext) {
  const proposals = await all((offset) =>
    ctx.store.listProposals({ home: ctx.node.id, limit: PAGE, offset }, null),
  )
  const decisions = await ctx.store.getDecisions(proposals.map((p) => p.id))
  return proposals.map((proposal) => ({
    proposal,
    state: decisions.get(proposal.id)?.decision ?? ('proposed' as const),
  }))
}

/**
 * Other nodes' available stock of the items asked for, at places the organisation sees, by home, less
 * what undecided proposals of this node ask of it (`proposed`, by peerLotKey).
 */
async function replicaStock(
  ctx: AppContext,
  viewer: { org: string },
  asked: ReadonlySet<string>,
  visible: ReadonlySet<string>,
  proposed: ReadonlyMap<string, number>,
): Promise<(StockLot & { home: string })[]> {
  const balances = await all((offset) =>
    ctx.store.listReplicaBalances({ kind: 'stock', nonZero: true, limit: PAGE, offset }, viewer),
  )
  return balances.flatMap(({ account }) => {
    const key = peerLotKey(account.home, account.where, account.item, account.owner, account.lot)
    const available = account.posted - account.pendingOut - (proposed.get(key) ?? 0)
    if (!asked.has(account.item) || !visible.has(account.where) || available <= 0) return []
    return [
      {
        id: account.id,
        home: account.home,
        place: account.where,
        item: account.item,
        owner: account.owner,
        lot: account.lot,
        expiresOn: account.expiresOn,
        available,
      },
    ]
  })
}

export function summarise(snapshot: AllocationSnapshot): SnapshotSummary {
  return {
    start: snapshot.start,
    horizonHours: snapshot.horizonHours,
    lots: snapshot.lots.length,
    lines: snapshot.lines.length,
    items: snapshot.items.length,
    places: snapshot.places.length,
    legs: snapshot.legs.length,
    closedLegs: snapshot.legs.filter((leg) => leg.status === 'closed').length,
    assets: snapshot.assets.length,
    rules: snapshot.rules.length,
    stockUnits: snapshot.lots.reduce((sum, lot) => sum + lot.available, 0),
    requestedUnits: snapshot.lines.reduce((sum, line) => sum + line.quantity, 0),
  }
}
