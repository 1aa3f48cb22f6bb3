/**
 * @module domain/map/picture
 * The rules behind the common operating picture's map: which requests it shows by default, a
 * consignment's path through the legs of its route (a leg is used both ways, so each leg is entered
 * from the end the path has reached), whether a consignment is late against its ETA, and the most
 * urgent priority of a set of lines. Pure: the clock is passed in.
 */
import { type Priority, priorities, type RequestStatus } from '../requests/request.js'

/** Requests still in play, from awaiting review to partly delivered: the map's default. */
export const activeRequestStatuses: readonly RequestStatus[] = [
  'submitted',
  'validated',
  'partially-planned',
  'planned',
  'partially-dispatched',
  'dispatched',
  'partially-delivered',
]

/** Consignments on the map: on their way, or arrived and not yet received. */
export const consignmentStatusesInFlight = ['dispatched', 'arrived'] as const
export type InFlightStatus = (typeof consignmentStatusesInFlight)[number]

export interface LegEnds {
  readonly id: string
  readonly from: string
  readonly to: string
}

/**
 * The places a consignment passes, origin first and destination last, following its route's legs in
 * travel order. A route that does not chain from the origin (a leg missing, or not touching where the
 * path stands) falls back to the straight line: the map never draws a path the route does not take.
 */
export function travelPath(
  origin: string,
  destination: string,
  route: readonly string[],
  legs: ReadonlyMap<string, LegEnds>,
): string[] {
  const path = [origin]
  let here = origin
  for (const id of route) {
    const leg = legs.get(id)
    if (!leg) return [origin, destination]
    if (leg.from === here) here = leg.to
    else if (leg.to === here) here = leg.from
    else return [origin, destination]
    path.push(here)
  }
  if (here !== destination) path.push(destination)
  return path
}

/**
 * Late against its ETA: still on its way after the ETA, or arrived after it. Without an ETA nothing
 * can be late.
 */
export function isLate(
  status: InFlightStatus,
  eta: string | null,
  arrivedAt: string | null,
  now: Date,
): boolean {
  if (eta === null) return false
  const due = Date.parse(eta)
  if (Number.isNaN(due)) return false
  if (status === 'arrived') return arrivedAt !== null && Date.parse(arrivedAt) > due
  return now.getTime() > due
}

/** The most urgent of these priorities, or null for none. */
export function mostUrgent(list: Iterable<Priority>): Priority | null {
  let best: number | null = null
  for (const priority of list) {
    const rank = priorities.indexOf(priority)
    if (best === null || rank < best) best = rank
  }
  return best === null ? null : (priorities[best] ?? null)
}

/** The latest position a tracking timeline (in time order) reported, or null when none had one. */
export function latestPosition(
  timeline: readonly { at: string; lat: number | null; lon: number | null }[],
): { at: string; lat: number; lon: number } | null {
  for (let index = timeline.length - 1; index >= 0; index -= 1) {
    const event = timeline[index]
    if (event && event.lat !== null && event.lon !== null)
      return { at: event.at, lat: event.lat, lon: event.lon }
  }
  return null
}
