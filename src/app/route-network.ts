/**
 * @module app/route-network
 * The route network: derived from the places every partner may see (air, sea and road legs, see
 * domain/transport/route-network.ts), each leg edited by hand when the ground says otherwise — a road
 * cut, a runway closed, a slower crossing — and the fastest route between two places for an asset
 * kind or one asset. Routes are not stored: each is found on the network as it stands, so closing a
 * leg changes every route that used it from then on.
 */
import { type Actor, actorLabel } from '../domain/records/record.js'
import { PUBLIC } from '../domain/records/share.js'
import { type Asset, type AssetKind, isWithinWindow } from '../domain/transport/asset.js'
import {
  defaultMover,
  fastestRoute,
  type Mover,
  type RouteStep,
} from '../domain/transport/fastest-route.js'
import {
  applyLegChanges,
  checkLegChanges,
  type Leg,
  type LegChanges,
  type LegMode,
  type LegStatus,
  legId,
} from '../domain/transport/leg.js'
import {
  defaultNetworkParameters,
  deriveLegs,
  type NetworkParameters,
} from '../domain/transport/route-network.js'
import type { AppContext } from './context.js'
import { Refusal, refuseProblems } from './errors.js'
import type { LegFilter, Page, Viewer } from './ports.js'

export interface DeriveSummary {
  readonly places: number
  readonly derived: number
  readonly created: number
  /** Derived legs whose distance or time changed (their places moved), not edited by hand. */
  readonly updated: number
  readonly unchanged: number
  /** Legs edited by hand, left as they are. */
  readonly keptEdited: number
  readonly byMode: Record<LegMode, number>
  readonly milliseconds: number
}

/**
 * Derives the network from the places shared with every partner (a place hidden from some must not
 * show through a leg) and writes what is new or moved, one event per leg, in one transaction.
 */
export async function deriveRouteNetwork(
  ctx: AppContext,
  actor: Actor,
  parameters: NetworkParameters = defaultNetworkParameters,
): Promise<DeriveSummary> {
  const started = performance.now()
  const places = (await ctx.store.listNetworkPlaces(null)).filter(
    (place) => place.share === 'all' || place.org === PUBLIC,
  )
  const derived = deriveLegs(places, parameters)
  const byMode: Record<LegMode, number> = { air: 0, sea: 0, road: 0 }
  for (const leg of derived) byMode[leg.mode] += 1
  return ctx.store.transact(async (tx) => {
    const existing = new Map((await tx.listAllLegs()).map((leg) => [leg.id, leg]))
    const now = ctx.clock.now().toISOString()
    const created: Leg[] = []
    const updated: { leg: Leg; version: number }[] = []
    let unchanged = 0
    let keptEdited = 0
    for (const d of derived) {
      const id = legId(d.mode, d.from.code, d.to.code)
      const before = existing.get(id)
      if (!before) {
        created.push({
          id,
          home: ctx.node.id,
          org: ctx.node.org,
          share: 'all',
          createdAt: now,
          updatedAt: now,
          version: 1,
          mode: d.mode,
          from: d.from.id,
          to: d.to.id,
          distanceKm: d.distanceKm,
          transitMinutes: d.transitMinutes,
          status: 'open',
          note: null,
          edited: false,
        })
      } else if (before.edited) keptEdited += 1
      else if (before.distanceKm !== d.distanceKm || before.transitMinutes !== d.transitMinutes) {
        updated.push({
          version: before.version,
          leg: {
            ...before,
            distanceKm: d.distanceKm,
            transitMinutes: d.transitMinutes,
            updatedAt: now,
            version: before.version + 1,
          },
        })
      } else unchanged += 1
    }
    await tx.insertLegs(created)
    for (const { leg, version } of updated)
      if (!(await tx.updateLeg(leg, version)))
        throw new Refusal('version_conflict', `leg ${leg.id} changed meanwhile: derive again`)
    const summary = {
      places: places.length,
      derived: derived.length,
      created: created.length,
      updated: updated.length,
      unchanged,
      keptEdited,
      byMode,
    }
    await tx.appendEvents(now, actorLabel(actor), [
      ...created.map((leg) => ({
        kind: 'leg.derived',
        subject: leg.id,
        body: leg,
        share: leg.share,
      })),
      ...updated.map(({ leg }) => ({
        kind: 'leg.rederived',
        subject: leg.id,
        body: leg,
        share: leg.share,
      })),
      {
        kind: 'route_network.derived',
        subject: ctx.node.id,
        body: { ...summary, parameters },
        share: 'all' as const,
      },
    ])
    return { ...summary, milliseconds: Math.round(performance.now() - started) }
  })
}

export interface LegEdit {
  readonly version?: number | undefined
  readonly status?: LegStatus | undefined
  readonly distanceKm?: number | undefined
  readonly transitMinutes?: number | undefined
  /** Why: required to mark a leg damaged or closed; kept as the leg's note. */
  readonly reason?: string | null | undefined
}

const eventKindOf = (before: Leg, after: Leg) =>
  after.status === before.status
    ? 'leg.updated'
    : after.status === 'closed'
      ? 'leg.closed'
      : after.status === 'damaged'
        ? 'leg.damaged'
        : 'leg.opened'

/** Edits a leg: its status (with a reason), distance or transit time. */
export async function editLeg(
  ctx: AppContext,
  actor: Actor,
  id: string,
  edit: LegEdit,
): Promise<Leg> {
  return ctx.store.transact(async (tx) => {
    const leg = await tx.getLeg(id)
    if (!leg) throw new Refusal('not_found', `no leg ${id}`)
    if (leg.home !== ctx.node.id)
      throw new Refusal(
        'reference_record',
        `leg ${id} belongs to node ${leg.home}; only that node may change it`,
      )
    if (edit.version !== undefined && edit.version !== leg.version)
      throw new Refusal(
        'version_conflict',
        `leg ${id} is at version ${leg.version}, not ${edit.version}: reload it and apply your change again`,
        { version: leg.version },
      )
    const changes: LegChanges = {
      status: edit.status,
      distanceKm: edit.distanceKm,
      transitMinutes: edit.transitMinutes,
      note: edit.reason,
    }
    const problems = checkLegChanges(leg, changes)
    if (problems.length > 0) refuseProblems('invalid_request', 'leg edit refused', problems)
    const next = applyLegChanges(leg, changes, ctx.clock.now().toISOString())
    if (!(await tx.updateLeg(next, leg.version)))
      throw new Refusal('version_conflict', `leg ${id} changed meanwhile: reload it`)
    await tx.appendEvents(next.updatedAt, actorLabel(actor), [
      { kind: eventKindOf(leg, next), subject: id, body: next, share: next.share },
    ])
    return next
  })
}

export async function getLeg(ctx: AppContext, id: string): Promise<Leg> {
  const leg = await ctx.store.getLeg(id)
  if (!leg) throw new Refusal('not_found', `no leg ${id}`)
  return leg
}

export function listLegs(ctx: AppContext, filter: LegFilter): Promise<Page<Leg>> {
  return ctx.store.listLegs(filter)
}

export interface RouteRequest {
  readonly from: string
  readonly to: string
  readonly kind?: AssetKind | undefined
  /** Route for this asset: its kind, cruise speed and range. */
  readonly asset?: string | undefined
}

export interface FoundRoute {
  readonly from: string
  readonly to: string
  readonly kind: AssetKind
  readonly speedKmh: number
  readonly rangeKm: number | null
  readonly steps: (RouteStep & { fromCode: string; toCode: string })[]
  readonly distanceKm: number
  readonly minutes: number
  readonly warnings: string[]
}

const reasonText = {
  same_place: 'the origin and the destination are the same place',
  unknown_place: 'a place is not on the network',
  out_of_range: 'every route has a hop longer than the range',
  not_connected: 'no legs join the two places for this kind of asset',
} as const

/** The fastest route now, or a refusal naming why there is none. */
export async function findFastestRoute(
  ctx: AppContext,
  viewer: Viewer,
  request: RouteRequest,
): Promise<FoundRoute> {
  let asset: Asset | null = null
  if (request.asset) {
    asset = await ctx.store.getAsset(request.asset, viewer)
    if (!asset)
      throw new Refusal('unknown_reference', `asset: no asset ${request.asset}`, [
        { field: 'asset', message: 'unknown asset' },
      ])
    if (request.kind && request.kind !== asset.kind)
      throw new Refusal('invalid_request', `kind: asset ${asset.name} is a ${asset.kind}`, [
        { field: 'kind', message: `the asset is a ${asset.kind}` },
      ])
  }
  const kind = asset?.kind ?? request.kind
  if (!kind)
    throw new Refusal('invalid_request', 'kind: name an asset kind or an asset', [
      { field: 'kind', message: 'required unless an asset is given' },
    ])
  const placeRows = await ctx.store.listNetworkPlaces(viewer)
  const places = new Map(placeRows.map((place) => [place.id, place]))
  for (const field of ['from', 'to'] as const)
    if (!places.has(request[field]))
      throw new Refusal('unknown_reference', `${field}: no place ${request[field]}`, [
        { field, message: 'unknown place' },
      ])
  const mover: Mover = asset
    ? { kind, speedKmh: asset.speedKmh, rangeKm: asset.rangeKm }
    : defaultMover(kind)
  const legs = (await ctx.store.listAllLegs()).filter(
    (leg) => places.has(leg.from) && places.has(leg.to),
  )
  const answer = fastestRoute({ from: request.from, to: request.to, mover, legs, places })
  const code = (id: string) => places.get(id)?.code ?? id
  if (!answer.ok) {
    const closed = legs.filter((leg) => answer.closedLegs.includes(leg.id))
    const why =
      answer.reason === 'closed_legs'
        ? `every route is cut by a closed leg: ${closed
            .map(
              (leg) =>
                `${leg.mode} ${code(leg.from)}–${code(leg.to)}${leg.note ? ` (${leg.note})` : ''}`,
            )
            .join(', ')}`
        : reasonText[answer.reason]
    throw new Refusal(
      'no_route',
      `no route from ${code(request.from)} to ${code(request.to)} by ${kind}: ${why}`,
      {
        reason: answer.reason,
        closedLegs: closed.map((leg) => ({ id: leg.id, mode: leg.mode, note: leg.note })),
      },
    )
  }
  const warnings: string[] = []
  for (const step of answer.route.steps)
    if (step.status === 'damaged')
      warnings.push(
        `${step.mode} ${code(step.from)}–${code(step.to)} is damaged${step.note ? `: ${step.note}` : ''}`,
      )
  if (asset && asset.status !== 'available')
    warnings.push(
      `asset ${asset.name} is ${asset.status}${asset.statusNote ? `: ${asset.statusNote}` : ''}`,
    )
  if (asset && !isWithinWindow(asset, ctx.clock.now().toISOString()))
    warnings.push(`asset ${asset.name} is outside its availability window`)
  return {
    from: request.from,
    to: request.to,
    kind,
    speedKmh: mover.speedKmh,
    rangeKm: mover.rangeKm,
    steps: answer.route.steps.map((step) => ({
      ...step,
      fromCode: code(step.from),
      toCode: code(step.to),
    })),
    distanceKm: answer.route.distanceKm,
    minutes: answer.route.minutes,
    warnings,
  }
}
