/**
 * @module store/kysely/tracking-queries
 * A consignment's tracking events: read with the consignments they belong to (one query for a page),
 * and appended one at a time. Rows are never changed: a wrong position is mended by a newer one.
 */
import type { Kysely, Selectable } from 'kysely'
import {
  inTimeOrder,
  type TrackingEvent,
  type TrackingKind,
} from '../../domain/transport/tracking.js'
import type { Database, TrackingEventTable } from './schema.js'

const num = (value: number | string | null) => (value === null ? null : Number(value))

function toTrackingEvent(row: Selectable<TrackingEventTable>): TrackingEvent {
  return {
    id: row.id,
    kind: row.kind as TrackingKind,
    at: row.at,
    lat: num(row.lat),
    lon: num(row.lon),
    eta: row.eta,
    note: row.note,
    actor: row.actor,
  }
}

/** The timelines of these consignments, each in time order; a consignment without events maps to []. */
export async function readTracking(
  db: Kysely<Database>,
  consignments: readonly string[],
): Promise<Map<string, TrackingEvent[]>> {
  const byConsignment = new Map<string, TrackingEvent[]>(consignments.map((id) => [id, []]))
  if (consignments.length === 0) return byConsignment
  const rows = await db
    .selectFrom('tracking_events')
    .selectAll()
    .where('consignment', 'in', [...new Set(consignments)])
    .execute()
  for (const row of rows) byConsignment.get(row.consignment)?.push(toTrackingEvent(row))
  for (const [id, events] of byConsignment) byConsignment.set(id, inTimeOrder(events))
  return byConsignment
}

export async function insertTrackingEvent(
  trx: Kysely<Database>,
  consignment: string,
  event: TrackingEvent,
  createdAt: string,
): Promise<void> {
  await trx
    .insertInto('tracking_events')
    .values({
      id: event.id,
      consignment,
      kind: event.kind,
      at: event.at,
      lat: event.lat,
      lon: event.lon,
      eta: event.eta,
      note: event.note,
      actor: event.actor,
      created_at: createdAt,
    })
    .execute()
}
