/**
 * @module domain/ledger/committed-event
 * The body of a `transfers.committed` event — the batch's accounts by key, what the batch's transfers
 * share (actor, time, batch id, organisation) once, and its transfers — written straight to canonical
 * JSON. Byte for byte what canonicalJson makes of the same object
 * (test/domain/ledger/committed-event.test.ts), without walking and copying a thousand transfers
 * first (bench/RESULTS.md, issue 4).
 *
 * Events written before 27 Nov 2026 repeat the actor, time, batch and organisation in every transfer
 * and have no top-level `at`, `batch` or `org`; they stay in every log and every peer's replica as
 * they are (the chain hashes them). Readers take from each transfer only what both forms carry
 * (domain/federation/projection.ts reads its id, mode, accounts, quantity and pending id).
 */
import { CanonicalText, canonicalJson } from '../events/chain.js'

/** What every transfer of a batch shares, said once in its event. */
export interface CommittedBatch {
  readonly actor: string
  readonly at: string
  readonly batch: string
  readonly org: string
}

/**
 * A transfer as its event carries it: these fields of the stored transfer, not its record envelope.
 * The encoder reads only these (and checks the shared ones), so a stored transfer may be passed as it is.
 */
export interface EventTransfer {
  readonly fromAccount: string
  readonly id: string
  readonly item: string
  readonly mode: string
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
 * canonicalJson({ accounts, actor, at, batch, org, transfers: transfers each cut to EventTransfer's
 * fields }), as text the event store takes as it is. Every transfer must belong to `batch`: its
 * actor, time, batch and organisation are written once, for all.
 */
export function committedBody(
  accounts: readonly EventAccount[],
  batch: CommittedBatch,
  transfers: readonly (EventTransfer & CommittedBatch)[],
): CanonicalText {
  // "transfers" sorts after "accounts", "actor", "at", "batch" and "org": the transfers close the object.
  const head = canonicalJson({
    accounts,
    actor: batch.actor,
    at: batch.at,
    batch: batch.batch,
    org: batch.org,
  })
  // Each transfer cut to its event fields, keys created in sorted order, then one JSON.stringify of
  // them all: the same text as canonicalJson when every value is a string, number or null (the
  // common case), in 1.0 ms for 1,000 transfers against 1.7 for one template per transfer.
  const cut: EventTransfer[] = new Array(transfers.length)
  let allPlain = true
  for (let i = 0; i < transfers.length; i++) {
    const t = transfers[i] as EventTransfer & CommittedBatch
    if (
      t.actor !== batch.actor ||
      t.at !== batch.at ||
      t.batch !== batch.batch ||
      t.org !== batch.org
    )
      throw new Error(
        `transfer ${t.id} is not of batch ${batch.batch}: its event would misstate it`,
      )
    if (allPlain && !plain(t)) allPlain = false
    cut[i] = eventFields(t)
  }
  const list = allPlain ? JSON.stringify(cut) : canonicalJson(cut)
  return new CanonicalText(`${head.slice(0, -1)},"transfers":${list}}`)
}

/** The fields with the types they are declared with; anything else goes the generic way. */
function plain(t: EventTransfer): boolean {
  return (
    typeof t.fromAccount === 'string' &&
    typeof t.id === 'string' &&
    typeof t.item === 'string' &&
    typeof t.mode === 'string' &&
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
    fromAccount: t.fromAccount,
    id: t.id,
    item: t.item,
    mode: t.mode,
    pendingId: t.pendingId,
    quantity: t.quantity,
    reason: t.reason,
    ref: t.ref,
    timeoutAt: t.timeoutAt,
    toAccount: t.toAccount,
  }
}
