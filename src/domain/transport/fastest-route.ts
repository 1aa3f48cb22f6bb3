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

interface Edge {
  readonly to: string
  readonly step: Omit<RouteStep, 'from' | 'to'>
  readonly main: boolean
}

/** Phases of a route: before the main mode, on it, after it. A route must use the main mode. */
const BEFORE = 0
const ON = 1
const AFTER = 2

function buildEdges(
  query: RouteQuery,
  relax: { closed: boolean; range: boolean },
): Map<string, Edge[]> {
  const { mover, places } = query
  const parameters = query.parameters ?? defaultNetworkParameters
  const rules = rulesOf[mover.kind]
  const edges = new Map<string, Edge[]>()
  const push = (a: string, b: string, step: Edge['step'], main: boolean) => {
    const list = edges.get(a)
    if (list) list.push({ to: b, step, main })
    else edges.set(a, [{ to: b, step, main }])
  }
  const inRange = (km: number) => relax.range || mover.rangeKm === null || km <= mover.rangeKm
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
  if (mover.kind === 'helicopter') {
    const ends = [query.from, query.to]
    const airfields = [...places.values()].filter(isAirfield).map((p) => p.id)
    const pairs = new Set<string>()
    for (const end of ends)
      for (const other of [...airfields, ...ends])
        if (other !== end) pairs.add(end < other ? `${end}|${other}` : `${other}|${end}`)
    for (const pair of pairs) {
      if (joined.has(pair)) continue
      const [a, b] = pair.split('|') as [string, string]
      const pa = places.get(a)
      const pb = places.get(b)
      if (!pa || !pb) continue
      const km = Math.round(greatCircleKm(pa, pb) * 10) / 10
      if (!inRange(km)) continue
      const step = {
        leg: null,
        mode: 'air' as const,
        distanceKm: km,
        minutes: minutesAt(km, mover.speedKmh),
        status: 'open' as const,
        note: null,
      }
      push(a, b, step, true)
      push(b, a, step, true)
    }
  }
  return edges
}

/** A binary heap of [minutes, sequence, state], smallest first; the sequence keeps ties stable. */
class Queue {
  private readonly items: [number, number, string, number][] = []
  private sequence = 0
  get size() {
    return this.items.length
  }
  push(minutes: number, node: string, phase: number) {
    const items = this.items
    items.push([minutes, this.sequence++, node, phase])
    let i = items.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.less(i, parent)) break
      ;[items[i], items[parent]] = [items[parent]!, items[i]!]
      i = parent
    }
  }
  pop(): [number, number, string, number] {
    const items = this.items
    const top = items[0]!
    const last = items.pop()!
    if (items.length > 0) {
      items[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < items.length && this.less(l, m)) m = l
        if (r < items.length && this.less(r, m)) m = r
        if (m === i) break
        ;[items[i], items[m]] = [items[m]!, items[i]!]
        i = m
      }
    }
    return top
  }
  private less(a: number, b: number) {
    const x = this.items[a]!
    const y = this.items[b]!
    return x[0] < y[0] || (x[0] === y[0] && x[1] < y[1])
  }
}

function search(query: RouteQuery, edges: Map<string, Edge[]>): Route | null {
  const rules = rulesOf[query.mover.kind]
  const key = (node: string, phase: number) => `${phase}|${node}`
  const best = new Map<string, number>()
  const previous = new Map<string, { state: string; node: string; edge: Edge }>()
  const queue = new Queue()
  best.set(key(query.from, BEFORE), 0)
  queue.push(0, query.from, BEFORE)
  while (queue.size > 0) {
    const [minutes, , node, phase] = queue.pop()
    const state = key(node, phase)
    if (minutes > (best.get(state) ?? Number.POSITIVE_INFINITY)) continue
    if (node === query.to && phase !== BEFORE) {
      const steps: RouteStep[] = []
      let at = state
      let atNode = node
      for (let back = previous.get(at); back; back = previous.get(at)) {
        steps.push({ ...back.edge.step, from: back.node, to: atNode })
        at = back.state
        atNode = back.node
      }
      steps.reverse()
      const distanceKm = Math.round(steps.reduce((sum, s) => sum + s.distanceKm, 0) * 10) / 10
      return { steps, distanceKm, minutes }
    }
    for (const edge of edges.get(node) ?? []) {
      // Main legs may follow the start or main legs; access legs come before or after them.
      const next = edge.main
        ? phase === AFTER
          ? null
          : ON
        : rules.access === null
          ? null
          : phase === BEFORE
            ? BEFORE
            : AFTER
      if (next === null) continue
      const total = minutes + edge.step.minutes
      const nextState = key(edge.to, next)
      if (total < (best.get(nextState) ?? Number.POSITIVE_INFINITY)) {
        best.set(nextState, total)
        previous.set(nextState, { state, node, edge })
        queue.push(total, edge.to, next)
      }
    }
  }
  return null
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
