/**
 * @module app/map-reads
 * The map's reads of the store (a port, implemented in store/kysely/map-queries.ts). Each applies
 * releasability at the source, as the lists do: a record not released to the viewer is not read.
 */
import type { InFlightStatus } from '../domain/map/picture.js'
import type { PlaceStatusValue, PlaceType } from '../domain/places/place.js'
import type { Priority, RequestLine, RequestStatus } from '../domain/requests/request.js'
import type { LegMode, LegStatus } from '../domain/transport/leg.js'
import type { Viewer } from './ports.js'

/** A place as a marker needs it. */
export interface MapPlaceRow {
  readonly id: string
  readonly type: PlaceType
  readonly code: string
  readonly nameEn: string | null
  readonly nameJa: string | null
  readonly lat: number
  readonly lon: number
  readonly status: PlaceStatusValue | null
}

export interface MapPlaceFilter {
  readonly bbox: { west: number; south: number; east: number; north: number }
  readonly types?: readonly PlaceType[] | undefined
  readonly limit: number
}

/** Stock accounts at one place, summed. */
export interface PlaceStockTotals {
  readonly place: string
  readonly available: number
  readonly reserved: number
  readonly availableWeightG: number
  readonly items: number
}

export interface MapRequestFilter {
  readonly statuses: readonly RequestStatus[]
  /** This priority or a more urgent one. */
  readonly priority?: Priority | undefined
  readonly operation?: string | undefined
}

export interface MapRequestRow {
  readonly id: string
  /** The node whose request it is: another node's is a read-only replica here. */
  readonly home: string
  readonly code: string
  readonly status: RequestStatus
  readonly destination: string
  readonly neededBy: string
  readonly lines: readonly RequestLine[]
}

export interface MapConsignmentRow {
  readonly id: string
  readonly home: string
  readonly status: InFlightStatus
  readonly origin: string
  readonly destination: string
  readonly route: readonly string[]
  readonly dispatchedAt: string | null
  readonly arrivedAt: string | null
  readonly eta: string | null
  readonly quantities: readonly number[]
  /** The requests its lines serve. */
  readonly requests: readonly string[]
  /** Its tracking events in time order (only when and where). */
  readonly timeline: readonly { at: string; lat: number | null; lon: number | null }[]
}

export interface MapLegRow {
  readonly id: string
  readonly mode: LegMode
  readonly from: string
  readonly to: string
  readonly status: LegStatus
  readonly note: string | null
  readonly distanceKm: number
}

export interface MapAreaRow {
  readonly operation: string
  readonly name: string
  readonly startedOn: string
  readonly area: unknown
}

export interface MapReads {
  /** Places in a box, in code order, at most `limit` + 1 (so the caller knows there were more). */
  mapPlaces(filter: MapPlaceFilter, viewer: Viewer): Promise<MapPlaceRow[]>
  /** These places, those the viewer may see, in code order. */
  mapPlacesById(ids: readonly string[], viewer: Viewer): Promise<MapPlaceRow[]>
  /** Stock accounts summed by place (places holding none are left out). */
  stockTotalsByPlace(viewer: Viewer): Promise<PlaceStockTotals[]>
  /** Other nodes' stock (replicas) summed by place and home node. */
  replicaStockTotalsByPlace(viewer: Viewer): Promise<(PlaceStockTotals & { home: string })[]>
  mapRequests(filter: MapRequestFilter, viewer: Viewer): Promise<MapRequestRow[]>
  /** Consignments dispatched or arrived (not yet received). */
  consignmentsOnTheWay(viewer: Viewer): Promise<MapConsignmentRow[]>
  /** Legs by id, whatever their status (legs are shared with all partners). */
  legsById(ids: readonly string[]): Promise<MapLegRow[]>
  /** Legs damaged or closed. */
  cutLegs(): Promise<MapLegRow[]>
  /** The areas of one operation, or of every operation not ended by `today`, that have one. */
  operationAreas(
    operation: string | undefined,
    today: string,
    viewer: Viewer,
  ): Promise<MapAreaRow[]>
}
