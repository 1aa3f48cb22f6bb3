/**
 * @module domain/ledger/committed-event
 * The body of a `transfers.committed` event — the batch's accounts by key, its actor and its
 * transfers — written straight to canonical JSON. Byte for byte what canonicalJson makes of the same
 * object (test/domain/ledger/committed-event.test.ts), without walking and copying a thousand
 * transfers first: the fields a batch shares are encoded once (bench/RESULTS.md, issue 4).
 */
import { CanonicalText, canonicalJson } from '../events/chain.js'

/**
 * A transfer as its event carries it: these fields of the stored transfer, not its record envelope.
 * The encoder reads only these, so a stored transfer may be passed as it is.
 */
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

/**
 * canonicalJson({ accounts, actor, transfers: transfers each cut to EventTransfer's fields }), as text
 * the event store takes as it is.
 */
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
      parts.push(canonicalJson(eventFields(t)))
      continue
    }
    // biome-ignore format: one transfer, keys in sorted order
    parts.push(`{"actor":${quote(t.actor)},"at":${quote(t.at)},"batch":${quote(t.batch)},"fromAccount":${quote(t.fromAccount)},"id":${JSON.stringify(t.id)},"item":${quote(t.item)},"mode":${quote(t.mode)},"org":${quote(t.org)},"pendingId":${orNull(t.pendingId)},"quantity":${JSON.stringify(t.quantity)},"reason":${quote(t.reason)},"ref":${orNull(t.ref)},"timeoutAt":${orNull(t.timeoutAt)},"toAccount":${quote(t.toAccount)}}`)
  }
  return new CanonicalText(`${head.slice(0, -1)},"transfers":[${parts.join(',')}]}`)
}

/** The fields with the types they are declared with; anything else goes the generic way. */
function plain(t: EventTransfer): boolean {
  return (
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

/** A transfer's event fields, for the generic encoder. */
export function eventFields(t: EventTransfer): EventTransfer {
  return {
    actor: t.actor,
    at: t.at,
    batch: t.batch,
    fromAccount: t.fromAccount,
    id: t.id,
    item: t.item,
    mode: t.mode,
    org: t.org,
    pendingId: t.pendingId,
    quantity: t.quantity,
    reason: t.reason,
    ref: t.ref,
    timeoutAt: t.timeoutAt,
    toAccount: t.toAccount,
  }
}
