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

/**
 * A body already written as canonical JSON text by an encoder made for its shape (a ledger batch's:
 * domain/ledger/committed-event.ts); canonicalJson takes its text as it is.
 */
export class CanonicalText {
  constructor(readonly text: string) {}
}

/** JSON with object keys sorted at every depth, so equal values always give equal text and hashes. */
export function canonicalJson(value: unknown): string {
  if (value instanceof CanonicalText) return value.text
  return JSON.stringify(sortKeys(value))
}

/**
 * A copy with keys sorted at every depth — or the value itself where it already is so (a plain
 * object whose keys are in order, with no integer-like key), which spares copying the thousands of
 * transfers of a ledger batch, written in order (bench/RESULTS.md). Either serialises the same. The
 * in-order path allocates nothing unless a value inside it changes: it runs once per transfer.
 */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    let out: unknown[] | null = null
    for (let i = 0; i < value.length; i++) {
      const element = value[i]
      const sorted = sortKeys(element)
      if (out === null && sorted !== element) out = value.slice(0, i)
      if (out !== null) out.push(sorted)
    }
    return out ?? value
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>
    const keys = keysInOrder(record)
    if (keys) {
      let copy: Record<string, unknown> | null = null
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as string
        const sorted = sortKeys(record[key])
        if (copy === null && sorted !== record[key]) {
          // No prototype: a `__proto__` key stays a plain key, as Object.fromEntries would make it.
          copy = Object.create(null) as Record<string, unknown>
          for (let j = 0; j < i; j++) copy[keys[j] as string] = record[keys[j] as string]
        }
        if (copy !== null && sorted !== undefined) copy[key] = sorted
      }
      return copy ?? value
    }
    const entries = Object.entries(record)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]))
  }
  return value
}

/** A plain object's keys when they are already in the order sorting would give them, else null. */
function keysInOrder(record: Record<string, unknown>): string[] | null {
  const prototype = Object.getPrototypeOf(record)
  if (prototype !== Object.prototype && prototype !== null) return null
  const keys = Object.keys(record)
  // Integer-like keys come first whatever the insertion order; the copy would too, but leave them be.
  if (keys.length > 0 && isIndexLike(keys[0] as string)) return null
  for (let i = 1; i < keys.length; i++)
    if (!((keys[i - 1] as string) < (keys[i] as string))) return null
  return keys
}

/** What a regular expression /^(0|[1-9]\d*)$/ would say, without running one per transfer. */
function isIndexLike(key: string): boolean {
  const first = key.charCodeAt(0) // NaN for the empty key, which is not one
  if (!(first >= 48 && first <= 57)) return false
  if (key === '0') return true
  if (first === 48) return false
  for (let i = 1; i < key.length; i++) {
    const c = key.charCodeAt(i)
    if (c < 48 || c > 57) return false
  }
  return true
}

export function hashEvent(event: EventFields): string {
  // The hash of JSON.stringify([seq, at, actor, kind, subject, body, share, prevHash]), fed in three
  // parts so that the body (hundreds of KB for a ledger batch) is not copied into one more string.
  // The cuts fall on ASCII commas, so the UTF-8 bytes are the same.
  const head = JSON.stringify([event.seq, event.at, event.actor, event.kind, event.subject])
  const tail = JSON.stringify([event.share, event.prevHash])
  return createHash('sha256')
    .update(`${head.slice(0, -1)},`)
    .update(JSON.stringify(event.body))
    .update(`,${tail.slice(1)}`)
    .digest('hex')
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
