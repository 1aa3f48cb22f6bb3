/**
 * @module domain/transport/route-finder
 * Many fastest routes for one mover on one network: the route fastestRoute finds for each (from, to),
 * without building the graph again for each pair. A truck, an aircraft or a ship uses the same graph
 * whatever the pair, so one search from an origin settles every destination at once (one-to-many);
 * its tree is kept and each route read from it when asked. A helicopter's graph has direct flights
 * from the pair's own ends, so it gets one small search per pair, on stored legs built once and the
 * direct flights from each place worked out once.
 *
 * The search breaks ties in the order edges were added, as fastestRoute's does, and a search that goes
 * on past a destination has settled it just as one that stopped there: the routes are the same.
 */
import {
  airfieldsOf,
  directFlight,
  type Mover,
  type Route,
  type RoutingLeg,
  type RoutingPlace,
  storedEdges,
  legModesOf,
} from './fastest-route.js'
import type { NetworkParameters } from './route-network.js'
import { type Edge, explore, routeIn, type SearchTree } from './route-search.js'

export interface RouteFinderQuery {
  readonly mover: Mover
  readonly legs: readonly RoutingLeg[]
  readonly places: ReadonlyMap<string, RoutingPlace>
  readonly parameters?: NetworkParameters | undefined
}

/** The fastest route between two places, or null (none, an unknown place, or the same place). */
export type RouteFinder = (from: string, to: string) => Route | null

const OPEN = { closed: false, range: false } as const

export function routeFinder(query: RouteFinderQuery): RouteFinder {
  const { mover, places } = query
  const { edges, joined } = storedEdges(query, OPEN)
  const access = legModesOf(mover.kind).length > 1
  const known = (from: string, to: string) => from !== to && places.has(from) && places.has(to)

  if (mover.kind !== 'helicopter') {
    const trees = new Map<string, SearchTree>()
    const edgesOf = (node: string) => edges.get(node)
    return (from, to) => {
      if (!known(from, to)) return null
      let tree = trees.get(from)
      if (!tree) {
        tree = explore(from, access, edgesOf)
        trees.set(from, tree)
      }
      return routeIn(tree, to)
    }
  }

  // A helicopter: its direct flights from each place it starts or ends at are worked out once.
  const airfields = airfieldsOf(places)
  const flights = new Map<string, Map<string, Edge['step'] | null>>()
  const flight = (a: string, b: string): Edge['step'] | null => {
    let from = flights.get(a)
    if (!from) {
      from = new Map()
      flights.set(a, from)
    }
    let step = from.get(b)
    if (step === undefined) {
      step = directFlight(query, joined, a, b)
      from.set(b, step)
      flights.get(b)?.set(a, step)
    }
    return step
  }
  const airfieldSet = new Set(airfields)
  return (from, to) => {
    if (!known(from, to)) return null
    // The direct flights buildEdges adds for this pair, each place's in the order it adds them:
    // the origin to every airfield (the destination among them, or last), then the destination to
    // every airfield; an airfield to the origin, then to the destination.
    const out = (node: string, other: string): Edge[] => {
      const step = flight(node, other)
      return step ? [{ to: other, step, main: true }] : []
    }
    const fromEdges: Edge[] = []
    for (const airfield of airfields) if (airfield !== from) fromEdges.push(...out(from, airfield))
    if (!airfieldSet.has(to)) fromEdges.push(...out(from, to))
    const toEdges: Edge[] = out(to, from)
    for (const airfield of airfields)
      if (airfield !== to && airfield !== from) toEdges.push(...out(to, airfield))
    const edgesOf = (node: string): readonly Edge[] | undefined => {
      const stored = edges.get(node) ?? []
      if (node === from) return [...stored, ...fromEdges]
      if (node === to) return [...stored, ...toEdges]
      if (!airfieldSet.has(node)) return stored
      return [...stored, ...out(node, from), ...out(node, to)]
    }
    return routeIn(explore(from, access, edgesOf, to), to)
  }
}
