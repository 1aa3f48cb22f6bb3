/**
 * @module app/map-picture
 * The map of the common operating picture for one viewer: the places in a box, and the operational
 * layers — stock by place, open needs by place (the dashboard's own sums), requests at their
 * destinations, consignments on their way along their route, closed and damaged legs, and affected
 * areas. Every read is releasability-filtered at the store; a feature whose place the viewer may not
 * see cannot be drawn and is left out, and a consignment's path keeps only the places it may see.
 */
import { unmetNeeds } from '../domain/dashboard/figures.js'
import {
  activeRequestStatuses,
  type InFlightStatus,
  isLate,
  latestPosition,
  mostUrgent,
  travelPath,
} from '../domain/map/picture.js'
import type { PlaceType } from '../domain/places/place.js'
import { type Priority, priorities, type RequestStatus } from '../domain/requests/request.js'
import type { AppContext } from './context.js'
import { Refusal } from './errors.js'
import type { MapAreaRow, MapLegRow, MapPlaceRow, PlaceStockTotals } from './map-reads.js'
import type { Viewer } from './ports.js'

export interface MapPlaces {
  readonly places: MapPlaceRow[]
  readonly truncated: boolean
}

type StockSums = Omit<PlaceStockTotals, 'availableWeightG'> & { availableWeightKg: number }

/** This node's stock by place, with other nodes' (replicas) beside it by home; a place may hold only theirs. */
function stockWithReplicas(
  own: readonly PlaceStockTotals[],
  replicas: readonly (PlaceStockTotals & { home: string })[],
): MapPicture['stock'] {
  const sums = ({ availableWeightG, ...rest }: PlaceStockTotals) => ({
    ...rest,
    availableWeightKg: kg(availableWeightG),
  })
  const byPlace = new Map<string, MapPicture['stock'][number]>()
  for (const row of own) byPlace.set(row.place, { ...sums(row), replicas: [] })
  for (const { home, ...row } of replicas) {
    const entry = byPlace.get(row.place) ?? {
      place: row.place,
      available: 0,
      reserved: 0,
      availableWeightKg: 0,
      items: 0,
      replicas: [],
    }
    const { place: _place, ...rest } = sums(row)
    entry.replicas.push({ home, ...rest })
    byPlace.set(row.place, entry)
  }
  return [...byPlace.values()].sort((a, b) => (a.place < b.place ? -1 : a.place > b.place ? 1 : 0))
}

interface NeedSums {
  openQuantity: number
  lines: number
}

export interface MapPicture {
  readonly generatedAt: string
  readonly operation: { id: string; name: string } | null
  readonly places: MapPlaceRow[]
  readonly stock: (StockSums & {
    /** Other nodes' stock here (read-only replicas), by home node; not in the sums above. */
    replicas: (Omit<StockSums, 'place'> & { home: string })[]
  })[]
  readonly needs: (NeedSums & {
    place: string
    priority: Priority
    byPriority: (NeedSums & { priority: Priority })[]
  })[]
  readonly requests: (NeedSums & {
    id: string
    /** The node whose request it is: another node's is a read-only replica here. */
    home: string
    code: string
    status: RequestStatus
    priority: Priority
    destination: string
    neededBy: string
  })[]
  readonly consignments: {
    id: string
    home: string
    status: InFlightStatus
    origin: string
    destination: string
    path: string[]
    legs: number
    dispatchedAt: string | null
    arrivedAt: string | null
    eta: string | null
    late: boolean
    position: { lat: number; lon: number; at: string } | null
    quantity: number
    lines: number
  }[]
  readonly legs: MapLegRow[]
  readonly areas: MapAreaRow[]
}

export interface MapPlacesOptions {
  readonly bbox: { west: number; south: number; east: number; north: number }
  readonly types?: readonly PlaceType[] | undefined
  readonly limit: number
}

export async function readMapPlaces(
  ctx: AppContext,
  viewer: Viewer,
  { bbox, types, limit }: MapPlacesOptions,
): Promise<MapPlaces> {
  const rows = await ctx.store.mapPlaces({ bbox, types, limit }, viewer)
  return { places: rows.slice(0, limit), truncated: rows.length > limit }
}

export interface MapPictureOptions {
  readonly operation?: string | undefined
  readonly status?: readonly RequestStatus[] | undefined
  readonly priority?: Priority | undefined
}

const kg = (grams: number) => grams / 1000

export async function readMapPicture(
  ctx: AppContext,
  viewer: Viewer,
  options: MapPictureOptions,
): Promise<MapPicture> {
  const { store } = ctx
  const now = ctx.clock.now()
  let operation: MapPicture['operation'] = null
  if (options.operation) {
    const found = await store.getOperation(options.operation, viewer)
    if (!found)
      throw new Refusal('not_found', `operation: no operation ${options.operation}`, [
        { field: 'operation', message: 'unknown operation' },
      ])
    operation = { id: found.id, name: found.name }
  }

  const [ownStock, replicaStock, open, requests, onTheWay, cut, areas, operationRequests] =
    await Promise.all([
      store.stockTotalsByPlace(viewer),
      store.replicaStockTotalsByPlace(viewer),
      store.openRequests(operation?.id, viewer),
      store.mapRequests(
        {
          statuses: options.status ?? activeRequestStatuses,
          priority: options.priority,
          operation: operation?.id,
        },
        viewer,
      ),
      store.consignmentsOnTheWay(viewer),
      store.cutLegs(),
      store.operationAreas(operation?.id, now.toISOString().slice(0, 10), viewer),
      operation ? store.requestIdsOf(operation.id, viewer) : Promise.resolve(null),
    ])
  // A consignment belongs to the operation when a request it serves does.
  const consignments = operationRequests
    ? onTheWay.filter((c) => c.requests.some((id) => operationRequests.has(id)))
    : onTheWay
  const routeLegs = new Map(
    (await store.legsById(consignments.flatMap((c) => c.route))).map((leg) => [leg.id, leg]),
  )
  const paths = new Map(
    consignments.map((c) => [c.id, travelPath(c.origin, c.destination, c.route, routeLegs)]),
  )

  const needs = new Map<string, MapPicture['needs'][number]>()
  for (const row of unmetNeeds(open, new Map()).rows) {
    const entry = needs.get(row.place.id) ?? {
      place: row.place.id,
      priority: row.priority,
      openQuantity: 0,
      lines: 0,
      byPriority: [],
    }
    entry.openQuantity += row.openQuantity
    entry.lines += row.lines
    entry.byPriority.push({
      priority: row.priority,
      openQuantity: row.openQuantity,
      lines: row.lines,
    })
    entry.priority = mostUrgent(entry.byPriority.map((p) => p.priority)) ?? row.priority
    needs.set(row.place.id, entry)
  }

  const stock = stockWithReplicas(ownStock, replicaStock)
  const named = [
    ...stock.map((s) => s.place),
    ...needs.keys(),
    ...requests.map((r) => r.destination),
    ...[...paths.values()].flat(),
    ...cut.flatMap((leg) => [leg.from, leg.to]),
  ]
  const places = await store.mapPlacesById(named, viewer)
  const seen = new Set(places.map((place) => place.id))

  return {
    generatedAt: now.toISOString(),
    operation,
    places,
    stock: stock.filter((s) => seen.has(s.place)),
    needs: [...needs.values()].filter((n) => seen.has(n.place)),
    requests: requests
      .filter((r) => seen.has(r.destination))
      .map((r) => {
        const items = r.lines.flatMap((line) => (line.kind === 'item' ? [line] : []))
        return {
          id: r.id,
          home: r.home,
          code: r.code,
          status: r.status,
          priority: mostUrgent(r.lines.map((line) => line.priority)) ?? priorities[2],
          destination: r.destination,
          neededBy: r.neededBy,
          openQuantity: items.reduce(
            (sum, line) => sum + Math.max(0, line.quantity - line.quantityDelivered),
            0,
          ),
          lines: r.lines.length,
        }
      }),
    consignments: consignments.map((c) => ({
      id: c.id,
      home: c.home,
      status: c.status,
      origin: c.origin,
      destination: c.destination,
      path: (paths.get(c.id) ?? []).filter((id) => seen.has(id)),
      legs: c.route.length,
      dispatchedAt: c.dispatchedAt,
      arrivedAt: c.arrivedAt,
      eta: c.eta,
      late: isLate(c.status, c.eta, c.arrivedAt, now),
      position: latestPosition(c.timeline),
      quantity: c.quantities.reduce((sum, q) => sum + q, 0),
      lines: c.quantities.length,
    })),
    legs: cut
      .filter((leg) => seen.has(leg.from) && seen.has(leg.to))
      .map(({ id, mode, from, to, status, note, distanceKm }) => ({
        id,
        mode,
        from,
        to,
        status,
        note,
        distanceKm,
      })),
    areas: areas.map((a) => ({ ...a })),
  }
}
