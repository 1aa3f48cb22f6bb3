/**
 * @module store/kysely/event-rows
 * An event of the hash chain as the columns of the `events` table, in their order; a peer's events in
 * `replica_events` carry the same columns between their home and when they were received.
 */
import type { ChainEvent } from '../../domain/events/chain.js'

export const eventColumnNames = [
  'seq',
  'at',
  'actor',
  'kind',
  'subject',
  'body',
  'share',
  'prev_hash',
  'hash',
] as const

/** The event's values in the order of `eventColumnNames`. */
export function eventValues(e: ChainEvent): unknown[] {
  return [e.seq, e.at, e.actor, e.kind, e.subject, e.body, e.share, e.prevHash, e.hash]
}
