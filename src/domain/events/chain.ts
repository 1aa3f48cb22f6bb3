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

/**
 * A copy with keys sorted at every depth — or the value itself where it already is so (a plain
 * object whose keys are in order, with no integer-like key), which spares copying the thousands of
 * transfers of a ledger batch, written in order (bench/RESULTS.md). Either serialises the same.
 */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    let changed = false
    const out = value.map((element) => {
      const sorted = sortKeys(element)
      if (sorted !== element) changed = true
      return sorted
    })
    return changed ? out : value
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>
    if (inOrder(record)) {
      let changed = false
      const entries = Object.keys(record).map((key) => {
        const sorted = sortKeys(record[key])
        if (sorted !== record[key]) changed = true
        return [key, sorted] as const
      })
      return changed ? Object.fromEntries(entries.filter(([, v]) => v !== undefined)) : value
    }
    const entries = Object.entries(record)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]))
  }
  return value
}

/** A plain object whose keys are already in the order sorting would give them. */
function inOrder(record: Record<string, unknown>): boolean {
  const prototype = Object.getPrototypeOf(record)
  if (prototype !== Object.prototype && prototype !== null) return false
  const keys = Object.keys(record)
  // Integer-like keys come first whatever the insertion order; the copy would too, but leave them be.
  if (keys.length > 0 && /^(0|[1-9]\d*)$/.test(keys[0] as string)) return false
  for (let i = 1; i < keys.length; i++)
    if (!((keys[i - 1] as string) < (keys[i] as string))) return false
  return true
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
