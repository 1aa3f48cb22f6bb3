/**
 * @module domain/requests/operation
 * An operation: the response to one disaster. Requests, pledges and reports belong to one.
 */
import type { RecordEnvelope } from '../records/record.js'

export interface Operation extends RecordEnvelope {
  readonly name: string
  readonly startedOn: string
  readonly endedOn: string | null
  /** The affected area as a GeoJSON geometry, or null. */
  readonly area: unknown
  /** Overrides of the bundled standards used by the needs estimator, by key. */
  readonly standards: Record<string, number>
}
