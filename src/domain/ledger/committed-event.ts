/**
 * @module domain/ledger/committed-event
 * The body of a `transfers.committed` event — the batch's accounts by key, its actor and its
 * transfers — written straight to canonical JSON. Byte for byte what canonicalJson makes of the same
 * object (test/domain/ledger/committed-event.test.ts), without walking and copying a thousand
 * transfers first: the fields a batch shares are encoded once (bench/RESULTS.md, issue 4).
 */
import { CanonicalText, canonicalJson } from '../events/chain.js'

/** A transfer as its event carries it: the stored transfer without the record envelope. */
export interface EventTransfer {
  readonly actor: string
  readonly at: string
  readonly batch: string
  readonly fromAccount: string
  readonly id: string
  readonly item: string
  readonly mode: string
  readonly org: string
  readonly pendingId: string | null
  readonly quantity: number
  readonly reason: string
  readonly ref: string | null
  readonly timeoutAt: string | null
  readonly toAccount: string
}

export interface EventAccount {
  readonly expiresOn: string | null
  readonly id: string
  readonly item: string
  readonly kind: string
  readonly lot: string
  readonly owner: string
  readonly where: string
}

/** canonicalJson({ accounts, actor, transfers }), as text the event store takes as it is. */
export function committedBody(
  accounts: readonly EventAccount[],
  actor: string,
  transfers: readonly EventTransfer[],
): CanonicalText {
  // "transfers" sorts after "accounts" and "actor": the transfers close the object.
  const head = canonicalJson({ accounts, actor })
  const quoted = new Map<string, string>()
  const quote = (text: string) => {
    let json = quoted.get(text)
    if (json === undefined) {
      json = JSON.stringify(text)
      quoted.set(text, json)
    }
    return json
  }
  const orNull = (text: string | null) => (text === null ? 'null' : quote(text))
  const parts: string[] = []
  for (const t of transfers) {
    if (!plain(t)) {
      parts.push(canonicalJson(t))
      continue
    }
    // biome-ignore format: one transfer, keys in sorted order
    parts.push(`{"actor":${quote(t.actor)},"at":${quote(t.at)},"batch":${quote(t.batch)},"fromAccount":${quote(t.fromAccount)},"id":${JSON.stringify(t.id)},"item":${quote(t.item)},"mode":${quote(t.mode)},"org":${quote(t.org)},"pendingId":${orNull(t.pendingId)},"quantity":${JSON.stringify(t.quantity)},"reason":${quote(t.reason)},"ref":${orNull(t.ref)},"timeoutAt":${orNull(t.timeoutAt)},"toAccount":${quote(t.toAccount)}}`)
  }
  return new CanonicalText(`${head.slice(0, -1)},"transfers":[${parts.join(',')}]}`)
}

/** Exactly the fourteen fields with the types they are declared with; anything else goes the generic way. */
function plain(t: EventTransfer): boolean {
  return (
    Object.keys(t).length === 14 &&
    typeof t.actor === 'string' &&
    typeof t.at === 'string' &&
    typeof t.batch === 'string' &&
    typeof t.fromAccount === 'string' &&
    typeof t.id === 'string' &&
    typeof t.item === 'string' &&
    typeof t.mode === 'string' &&
    typeof t.org === 'string' &&
    (t.pendingId === null || typeof t.pendingId === 'string') &&
    typeof t.quantity === 'number' &&
    typeof t.reason === 'string' &&
    (t.ref === null || typeof t.ref === 'string') &&
    (t.timeoutAt === null || typeof t.timeoutAt === 'string') &&
    typeof t.toAccount === 'string'
  )
}
