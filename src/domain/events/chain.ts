/**
 * @module domain/events/chain
 * The event log as a hash chain (DESIGN.md, principle 4). Each event's hash covers its fields and the
 * previous event's hash; the node signs the chain head once per commit. Pure: hashing is deterministic.
 */
import { createHash } from 'node:crypto'

export interface EventFields {
  readonly seq: number
  readonly at: string
  readonly actor: string
  readonly kind: string
  readonly subject: string
  /** Canonical JSON text of the new state, exactly as stored. */
  readonly body: string
  /** Stored share text (`own`, `all` or a JSON list). */
  readonly share: string
  readonly prevHash: string
}

export interface ChainEvent extends EventFields {
  readonly hash: string
}

/** The hash before the first event. */
export const GENESIS_HASH = '0'.repeat(64)

/** JSON with object keys sorted at every depth, so equal values always give equal text and hashes. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value))
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]))
  }
  return value
}

export function hashEvent(event: EventFields): string {
  const text = JSON.stringify([
    event.seq,
    event.at,
    event.actor,
    event.kind,
    event.subject,
    event.body,
    event.share,
    event.prevHash,
  ])
  return createHash('sha256').update(text).digest('hex')
}

/** The bytes a node signs for its chain head. Names the node so a head cannot be replayed as another's. */
export function headMessage(nodeId: string, seq: number, hash: string): Buffer {
  return Buffer.from(`kizuna-head:v1:${nodeId}:${seq}:${hash}`, 'utf8')
}

export type ChainProblem =
  | { readonly code: 'seq_gap'; readonly seq: number; readonly expected: number }
  | { readonly code: 'prev_hash_mismatch'; readonly seq: number }
  | { readonly code: 'hash_mismatch'; readonly seq: number }

/**
 * Checks a run of events in seq order, continuing from `previous` (seq and hash of the event before the
 * run, or 0 and the genesis hash). Returns the first problem, or the last seq and hash when all is sound.
 */
export function checkChainRun(
  events: readonly ChainEvent[],
  previous: { seq: number; hash: string },
): { ok: true; seq: number; hash: string } | { ok: false; problem: ChainProblem } {
  let { seq, hash } = previous
  for (const event of events) {
    if (event.seq !== seq + 1)
      return { ok: false, problem: { code: 'seq_gap', seq: event.seq, expected: seq + 1 } }
    if (event.prevHash !== hash)
      return { ok: false, problem: { code: 'prev_hash_mismatch', seq: event.seq } }
    if (hashEvent(event) !== event.hash)
      return { ok: false, problem: { code: 'hash_mismatch', seq: event.seq } }
    seq = event.seq
    hash = event.hash
  }
  return { ok: true, seq, hash }
}
