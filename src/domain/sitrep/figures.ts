/**
 * @module domain/sitrep/figures
 * The situation report's own key figures, beside the dashboard's: an operation's requests by status,
 * the quantities asked for and delivered, and the people in shelters within its affected area where
 * places carry such counts. Over records already filtered to what the reader may see. Pure.
 */

import { type RequestLine, type RequestStatus, requestStatuses } from '../requests/request.js'
import { inArea, type Polygon } from './area.js'

export interface RequestTally {
  /** Every status, in the order of a request's life, with how many requests are in it. */
  readonly byStatus: { readonly status: RequestStatus; readonly requests: number }[]
  readonly requests: number
  /** Item quantities of requests submitted and not rejected or cancelled (base units). */
  readonly quantityRequested: number
  readonly quantityDelivered: number
}

/** Requests that never asked for anything yet, or no longer do. */
const notCounted: readonly RequestStatus[] = ['draft', 'rejected', 'cancelled']

export function tallyRequests(
  requests: readonly { readonly status: RequestStatus; readonly lines: readonly RequestLine[] }[],
): RequestTally {
  const counts = new Map<RequestStatus, number>(requestStatuses.map((s) => [s, 0]))
  let quantityRequested = 0
  let quantityDelivered = 0
  for (const request of requests) {
    counts.set(request.status, (counts.get(request.status) ?? 0) + 1)
    if (notCounted.includes(request.status)) continue
    for (const line of request.lines) {
      if (line.kind !== 'item') continue
      quantityRequested += line.quantity
      quantityDelivered += line.quantityDelivered
    }
  }
  return {
    byStatus: requestStatuses.map((status) => ({ status, requests: counts.get(status) ?? 0 })),
    requests: requests.length,
    quantityRequested,
    quantityDelivered,
  }
}

export interface PlaceWithFigures {
  readonly lat: number
  readonly lon: number
  readonly attributes: Readonly<Record<string, unknown>>
}

export interface PeopleInShelters {
  readonly people: number
  /** How many places gave a count. */
  readonly places: number
  /** The latest date of the counts added up (YYYY-MM-DD), or null when none is dated. */
  readonly asOf: string | null
}

/**
 * A place's count of evacuees in shelters, as imported reference data carries it: an attribute group
 * (e.g. `noto2024`) with `evacuees_in_municipal_shelters: { value, asOf }` (data/README.md).
 */
export function evacueesOf(
  attributes: Readonly<Record<string, unknown>>,
): { people: number; asOf: string | null } | null {
  for (const group of Object.values(attributes)) {
    if (group === null || typeof group !== 'object') continue
    const figure = (group as Record<string, unknown>).evacuees_in_municipal_shelters
    if (figure === null || typeof figure !== 'object') continue
    const { value, asOf } = figure as { value?: unknown; asOf?: unknown }
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0)
      return { people: value, asOf: typeof asOf === 'string' ? asOf.slice(0, 10) : null }
  }
  return null
}

/** People in shelters within the affected area: null when no place there carries a count. */
export function peopleInShelters(
  places: readonly PlaceWithFigures[],
  area: readonly Polygon[],
): PeopleInShelters | null {
  let people = 0
  let counted = 0
  let asOf: string | null = null
  for (const place of places) {
    if (!inArea(area, place.lon, place.lat)) continue
    const figure = evacueesOf(place.attributes)
    if (!figure) continue
    people += figure.people
    counted += 1
    if (figure.asOf && (asOf === null || figure.asOf > asOf)) asOf = figure.asOf
  }
  return counted === 0 ? null : { people, places: counted, asOf }
}
