/**
 * @module domain/transport/tracking
 * Tracking a consignment on its way: `departed` (written by dispatch, with the ETA from the route's
 * transit times), `position` and `delayed` (reported while it is dispatched, each may move the ETA;
 * a delay must), and `arrived` (written by the arrival). The timeline is in time order; the
 * consignment's ETA is the one its latest estimate gave. Pure: the clock is passed in.
 */
import {
  allowedConsignmentActions,
  type ConsignmentAction,
  type ConsignmentStatus,
} from './consignment.js'

export const trackingKinds = ['departed', 'position', 'delayed', 'arrived'] as const
export type TrackingKind = (typeof trackingKinds)[number]

/** The kinds a person reports; departure and arrival are written by dispatch and arrive. */
export const reportedTrackingKinds = ['position', 'delayed'] as const
export type ReportedTrackingKind = (typeof reportedTrackingKinds)[number]

export interface TrackingEvent {
  readonly id: string
  readonly kind: TrackingKind
  readonly at: string
  readonly lat: number | null
  readonly lon: number | null
  /** A new estimated time of arrival, or null when the event does not move it. */
  readonly eta: string | null
  readonly note: string | null
  /** Who recorded it (an actor label). */
  readonly actor: string
}

export interface TrackingReport {
  readonly kind: ReportedTrackingKind
  readonly at: string
  readonly lat: number | null
  readonly lon: number | null
  readonly eta: string | null
  readonly note: string | null
}

/** How far ahead of the node's clock a device's clock may be before its time is refused. */
export const CLOCK_SKEW_MS_MAX = 5 * 60_000

export type TrackingCheck =
  | { readonly ok: true }
  | {
      readonly ok: false
      readonly result: 'not_on_its_way'
      readonly reason: string
      readonly allowed: ConsignmentAction[]
    }
  | {
      readonly ok: false
      readonly result: 'refused'
      readonly field: string
      readonly reason: string
    }

const isTime = (value: string) => !Number.isNaN(Date.parse(value))

/** Checks a reported event against the consignment it is about, in order of precedence. */
export function checkTrackingReport(
  consignment: { readonly status: ConsignmentStatus; readonly dispatchedAt: string | null },
  report: TrackingReport,
  now: string,
): TrackingCheck {
  if (consignment.status !== 'dispatched') {
    const allowed = allowedConsignmentActions(consignment.status)
    return {
      ok: false,
      result: 'not_on_its_way',
      reason: `a ${consignment.status} consignment takes no ${report.kind} events: only a dispatched one, on its way, does; allowed: ${allowed.join(', ') || 'none'}`,
      allowed,
    }
  }
  const refuse = (field: string, reason: string): TrackingCheck => ({
    ok: false,
    result: 'refused',
    field,
    reason,
  })
  if (!isTime(report.at)) return refuse('at', `"${report.at}" is not an ISO 8601 time`)
  if (report.eta !== null && !isTime(report.eta))
    return refuse('eta', `"${report.eta}" is not an ISO 8601 time`)
  if ((report.lat === null) !== (report.lon === null))
    return refuse(
      report.lat === null ? 'lat' : 'lon',
      'give both lat and lon, or neither: a position needs both',
    )
  if (report.kind === 'delayed' && report.eta === null)
    return refuse('eta', 'a delay must say when the consignment is now expected: give eta')
  if (report.kind === 'position' && report.lat === null && report.eta === null && !report.note)
    return refuse('lat', 'a position says where (lat and lon, or a note) or gives a new eta')
  const at = Date.parse(report.at)
  if (consignment.dispatchedAt !== null && at < Date.parse(consignment.dispatchedAt))
    return refuse(
      'at',
      `${report.at} is before the consignment was dispatched (${consignment.dispatchedAt})`,
    )
  if (at > Date.parse(now) + CLOCK_SKEW_MS_MAX)
    return refuse('at', `${report.at} is in the future (now is ${now})`)
  if (report.eta !== null && Date.parse(report.eta) < at)
    return refuse('eta', `the eta ${report.eta} is before the event itself (${report.at})`)
  return { ok: true }
}

/** The ETA at dispatch: the dispatch time plus the legs' transit times; null without a route. */
export function etaAtDispatch(
  dispatchedAt: string,
  legs: readonly { readonly transitMinutes: number }[],
): string | null {
  if (legs.length === 0) return null
  const minutes = legs.reduce((sum, leg) => sum + leg.transitMinutes, 0)
  return new Date(Date.parse(dispatchedAt) + minutes * 60_000).toISOString()
}

// At the same instant departure comes first and arrival last.
const rank: Record<TrackingKind, number> = { departed: 0, position: 1, delayed: 1, arrived: 2 }

/** The timeline in time order (ties: departure first, arrival last, then by id: UUIDv7 is time-ordered). */
export function inTimeOrder(events: readonly TrackingEvent[]): TrackingEvent[] {
  return [...events].sort(
    (a, b) =>
      Date.parse(a.at) - Date.parse(b.at) ||
      rank[a.kind] - rank[b.kind] ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  )
}

/** The ETA the latest estimate gave: a report made late, about earlier, does not override a newer one. */
export function latestEta(events: readonly TrackingEvent[]): string | null {
  const timeline = inTimeOrder(events)
  for (let i = timeline.length - 1; i >= 0; i--) {
    const eta = timeline[i]?.eta
    if (eta) return eta
  }
  return null
}
