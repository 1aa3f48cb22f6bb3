/**
 * @module domain/records/record
 * The shape every operational and reference record carries (DESIGN.md, principles 1–3 and 8).
 */
import { v5 as uuidv5 } from 'uuid'
import type { Share } from './share.js'

export interface RecordEnvelope {
  readonly id: string
  /** The node that created the record and alone may change it; `public` for reference data. */
  readonly home: string
  readonly org: string
  readonly share: Share
  readonly createdAt: string
  readonly updatedAt: string
  readonly version: number
}

/** Fixed namespace of Kizuna's reference ids; changing it would re-key every node's reference data. */
export const REFERENCE_NAMESPACE = '6f1d3c52-5b8e-4d0c-9a55-2b7f0e0c4a11'

/**
 * Deterministic id of a reference record from its public code, so that every node holds the same row
 * under the same id: `referenceId('place', 'ICAO:RJNK')`.
 */
export function referenceId(kind: 'item' | 'place', code: string): string {
  return uuidv5(`${kind}:${code}`, REFERENCE_NAMESPACE)
}

/** Who did a write: a user, an API token, the CLI, or the node itself. */
export interface Actor {
  readonly kind: 'user' | 'token' | 'cli' | 'system'
  readonly id: string
  /** The organisation the actor acts for; writes are recorded on its behalf. */
  readonly org: string
}

export function actorLabel(actor: Actor): string {
  return actor.kind === 'system' ? 'system' : `${actor.kind}:${actor.id}`
}
