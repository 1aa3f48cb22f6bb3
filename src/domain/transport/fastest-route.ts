/**
 * @module domain/transport/fastest-route
 * The fastest route between two places for what an asset kind can use (Dijkstra; minutes are whole
 * numbers, so comparisons are exact):
 *
 * - **truck**: road legs only;
 * - **fixed-wing**: air legs between two airports (not heliports), with road legs before the first
 *   flight and after the last to reach an airport from the origin and the destination from one —
 *   the first and last stretch by truck; never road between two flights;
 * - **ship**: sea legs between seaports, with road legs at the ends in the same way;
 * - **helicopter**: air legs between airports and heliports, plus a direct flight between the origin,
 *   the destination and any airfield within its range where no stored leg joins the two (a helicopter
 *   lands at a hub or a shelter's ground; it needs no route, only fuel stops when the hop is too far).
 *
 * A closed leg is never used; a damaged one is, and the route names it. Air and sea legs longer than
 * the craft's range are not used. Air and sea times scale from the mode's reference speed to the
 * craft's; road times are the road's (a truck faster than the road does not make the road faster).
 */
import type { AssetKind } from './asset.js'
import { greatCircleKm, type Point } from './geo.js'
import type { LegMode, LegStatus } from './leg.js'
import { defaultNetworkParameters, minutesAt, type NetworkParameters } from './route-network.js'
import { type Edge, explore, routeIn } from './route-search.js'

export type { Edge }

export interface RoutingLeg {
  readonly id: string
  readonly mode: LegMode
  readonly from: string
  readonly to: string
  readonly distanceKm: number
  readonly transitMinutes: number
  readonly status: LegStatus
  readonly note?: string | null | undefined
}

export interface RoutingPlace extends Point {
  readonly id: string
  readonly type: string
}

/** What moves: its kind, cruise speed and range (null: range does not limit it). */
export interface Mover {
  readonly kind: AssetKind
  readonly speedKmh: number
  readonly rangeKm: number | null
}

/**
 * When no asset is named: the network's reference speeds, and for a helicopter a conservative 400 km
 * (a UH-60's published range is about 590 km, a CH-47's more; fuel reserves come out of it).
 */
export function defaultMover(
  kind: AssetKind,
  parameters: NetworkParameters = defaultNetworkParameters,
): Mover {
  switch (kind) {
    case 'fixed-wing':
      return { kind, speedKmh: parameters.air.speedKmh, rangeKm: null }
    case 'helicopter':
      return { kind, speedKmh: 220, rangeKm: 400 }
    case 'ship':
      return { kind, speedKmh: parameters.sea.speedKmh, rangeKm: null }
    case 'truck':
      return { kind, speedKmh: parameters.road.speedKmh, rangeKm: null }
  }
}

export interface RouteStep {
  /** The stored leg, or null for a helicopter's direct flight. */
  readonly leg: string | null
  readonly mode: LegMode
  readonly from: string
  readonly to: string
  readonly distanceKm: number
  readonly minutes: number
  readonly status: LegStatus
  readonly note: string | null
}

export interface Route {
  readonly steps: readonly RouteStep[]
  readonly distanceKm: number
  readonly minutes: number
}

export type NoRouteReason =
  | 'same_place'
  | 'unknown_place'
  | 'closed_legs'
  | 'out_of_range'
  | 'not_connected'

export type RouteAnswer =
  | { readonly ok: true; readonly route: Route }
  | {
      readonly ok: false
      readonly reason: NoRouteReason
      /** For closed_legs: the closed legs a route would need (those on the fastest one if they opened). */
      readonly closedLegs: readonly string[]
    }

export interface RouteQuery {
  readonly from: string
  readonly to: string
  readonly mover: Mover
  readonly legs: readonly RoutingLeg[]
  readonly places: ReadonlyMap<string, RoutingPlace>
  readonly parameters?: NetworkParameters | undefined
}

interface Rules {
  readonly main: LegMode
  /** The mode that may reach the main network at the start and leave it at the end, if any. */
  readonly access: LegMode | null
}

const rulesOf: Record<AssetKind, Rules> = {
  truck: { main: 'road', access: null },
  'fixed-wing': { main: 'air', access: 'road' },
  ship: { main: 'sea', access: 'road' },
  helicopter: { main: 'air', access: null },
}

/** The modes a kind of asset travels by: its main mode, and the one that reaches it, if any. */
export function legModesOf(kind: AssetKind): LegMode[] {
  const rules = rulesOf[kind]
  return rules.access === null ? [rules.main] : [rules.main, rules.access]
}

const isAirfield = (place: RoutingPlace | undefined) =>
  place?.type === 'airport' || place?.type === 'heliport'

export type Relax = { readonly closed: boolean; readonly range: boolean }
type Push = (a: string, b: string, step: Edge['step'], main: boolean) => void

/** Adds edges to a graph, each to the end of its place's list. */
const edgePusher =
  (edges: Map<string, Edge[]>): Push =>
  (a, b, step, main) => {
    const list = edges.get(a)
    if (list) list.push({ to: b, step, main })
    else edges.set(a, [{ to: b, step, main }])
  }

const inRangeOf = (mover: Mover, relax: Relax) => (km: number) =>
  relax.range || mover.rangeKm === null || km <= mover.rangeKm

/**
 * The stored legs a mover may use, both ways, in leg order; and for a helicopter the pairs of places
 * a stored air leg joins (exported for route-finder.ts, which builds them once per mover).
 */
export function storedEdges(
  query: Omit<RouteQuery, 'from' | 'to'>,
  relax: Relax,
): { edges: Map<string, Edge[]>; joined: Set<string> } {
  const { mover, places } = query
  const parameters = query.parameters ?? defaultNetworkParameters
  const rules = rulesOf[mover.kind]
  const edges = new Map<string, Edge[]>()
  const push = edgePusher(edges)
  const inRange = inRangeOf(mover, relax)
  const scale: Record<LegMode, number> = {
    air: parameters.air.speedKmh / mover.speedKmh,
    sea: parameters.sea.speedKmh / mover.speedKmh,
    // Only a truck slower than the road's reference speed makes a road slower.
    road: mover.kind === 'truck' ? Math.max(1, parameters.road.speedKmh / mover.speedKmh) : 1,
  }
  const joined = new Set<string>()
  for (const leg of query.legs) {
    // A stored air leg, even closed, stands for its pair: no direct flight may go around its closure.
    if (mover.kind === 'helicopter' && leg.mode === 'air')
      joined.add(`${leg.from}|${leg.to}`).add(`${leg.to}|${leg.from}`)
    if (leg.status === 'closed' && !relax.closed) continue
    const main = leg.mode === rules.main
    if (!main && leg.mode !== rules.access) continue
    if (main && leg.mode !== 'road' && !inRange(leg.distanceKm)) continue
    if (main && mover.kind === 'fixed-wing') {
      if (places.get(leg.from)?.type !== 'airport' || places.get(leg.to)?.type !== 'airport')
        continue
    }
    const step = {
      leg: leg.id,
      mode: leg.mode,
      distanceKm: leg.distanceKm,
      minutes: Math.max(1, Math.round(leg.transitMinutes * scale[leg.mode])),
      status: leg.status,
      note: leg.note ?? null,
    }
    push(leg.from, leg.to, step, main)
    push(leg.to, leg.from, step, main)
  }
  return { edges, joined }
}

/** The ids of the airports and heliports, in the places' order. */
export const airfieldsOf = (places: ReadonlyMap<string, RoutingPlace>): string[] =>
  [...places.values()].filter(isAirfield).map((p) => p.id)

/** A helicopter's direct flight between two places: none where a stored air leg joins them. */
export function directFlight(
  query: Omit<RouteQuery, 'from' | 'to'>,
  joined: ReadonlySet<string>,
  a: string,
  b: string,
  relax: Relax = { closed: false, range: false },
): Edge['step'] | null {
  if (joined.has(`${a}|${b}`)) return null
  const pa = query.places.get(a)
  const pb = query.places.get(b)
  if (!pa || !pb) return null
  const km = Math.round(greatCircleKm(pa, pb) * 10) / 10
  if (!inRangeOf(query.mover, relax)(km)) return null
  return {
    leg: null,
    mode: 'air',
    distanceKm: km,
    minutes: minutesAt(km, query.mover.speedKmh),
    status: 'open',
    note: null,
  }
}

/**
 * A helicopter's direct flights for one query: between the origin, the destination and every
 * airfield in range, where no stored air leg joins the two.
 */
function pushDirectFlights(
  query: RouteQuery,
  joined: ReadonlySet<string>,
  airfields: readonly string[],
  relax: Relax,
  push: Push,
) {
  const ends = [query.from, query.to]
  const pairs = new Set<string>()
  for (const end of ends)
    for (const other of [...airfields, ...ends])
      if (other !== end) pairs.add(end < other ? `${end}|${other}` : `${other}|${end}`)
  for (const pair of pairs) {
    const [a, b] = pair.split('|') as [string, string]
    const step = directFlight(query, joined, a, b, relax)
    if (!step) continue
    push(a, b, step, true)
    push(b, a, step, true)
  }
}

function buildEdges(query: RouteQuery, relax: Relax): Map<string, Edge[]> {
  const { edges, joined } = storedEdges(query, relax)
  if (query.mover.kind === 'helicopter')
    pushDirectFlights(query, joined, airfieldsOf(query.places), relax, edgePusher(edges))
  return edges
}

function search(query: RouteQuery, edges: Map<string, Edge[]>): Route | null {
  const access = rulesOf[query.mover.kind].access !== null
  const tree = explore(query.from, access, (node) => edges.get(node), query.to)
  return routeIn(tree, query.to)
}

/** The fastest route, or why there is none: closed legs, range, or no legs joining the two at all. */
export function fastestRoute(query: RouteQuery): RouteAnswer {
  if (!query.places.has(query.from) || !query.places.has(query.to))
    return { ok: false, reason: 'unknown_place', closedLegs: [] }
  if (query.from === query.to) return { ok: false, reason: 'same_place', closedLegs: [] }
  const route = search(query, buildEdges(query, { closed: false, range: false }))
  if (route) return { ok: true, route }
  const withClosed = search(query, buildEdges(query, { closed: true, range: false }))
  if (withClosed)
    return {
      ok: false,
      reason: 'closed_legs',
      closedLegs: withClosed.steps
        .filter((step) => step.status === 'closed' && step.leg !== null)
        .map((step) => step.leg as string),
    }
  if (search(query, buildEdges(query, { closed: true, range: true })))
    return { ok: false, reason: 'out_of_range', closedLegs: [] }
  return { ok: false, reason: 'not_connected', closedLegs: [] }
}
