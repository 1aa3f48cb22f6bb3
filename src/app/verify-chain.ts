/**
 * @module app/verify-chain
 * `kizuna verify`: recomputes the event log's hash chain and checks every signed chain head against the
 * node's public key. The first problem is named by its event seq.
 */
import {
  type ChainProblem,
  checkChainRun,
  GENESIS_HASH,
  headMessage,
} from '../domain/events/chain.js'
import { previousNodeKeys } from './node-identity.js'
import type { NodeKey, Store } from './ports.js'

export type VerifyProblem =
  | ChainProblem
  | { readonly code: 'head_signature_invalid'; readonly seq: number }
  | { readonly code: 'head_hash_mismatch'; readonly seq: number }
  | { readonly code: 'unsigned_events'; readonly seq: number }

export interface VerifyReport {
  readonly ok: boolean
  readonly events: number
  readonly heads: number
  readonly problem: (VerifyProblem & { readonly message: string }) | null
}

const messages: Record<VerifyProblem['code'], (seq: number) => string> = {
  seq_gap: (seq) =>
    `event ${seq} does not follow the one before it: an event is missing or was inserted`,
  prev_hash_mismatch: (seq) =>
    `event ${seq} does not link to the event before it: the log was altered at or before ${seq}`,
  hash_mismatch: (seq) => `event ${seq} was altered: its content no longer matches its hash`,
  head_signature_invalid: (seq) =>
    `the signed chain head at event ${seq} has a signature that this node's key did not make`,
  head_hash_mismatch: (seq) =>
    `the signed chain head at event ${seq} names a different hash than the log holds`,
  unsigned_events: (seq) => `events after ${seq} are not covered by any signed chain head`,
}

export async function verifyChain(
  store: Store,
  nodeId: string,
  key: NodeKey,
  onProgress: (done: number) => void = () => {},
): Promise<VerifyReport> {
  const publicKeyPem = (await store.getMeta('node_public_key')) ?? key.publicKeyPem
  // After a key rotation, the heads up to each retired key's last seq were signed with that key.
  const retired = await previousNodeKeys(store)
  const keyAt = (seq: number) =>
    retired.find((old) => seq <= old.validToSeq)?.publicKey ?? publicKeyPem
  const fail = (problem: VerifyProblem, events: number, heads: number): VerifyReport => ({
    ok: false,
    events,
    heads,
    problem: { ...problem, message: messages[problem.code](problem.seq) },
  })
  const hashes = new Map<number, string>()
  let previous = { seq: 0, hash: GENESIS_HASH }
  let events = 0
  for (;;) {
    const page = await store.readEvents(previous.seq, 5000)
    if (page.length === 0) break
    const run = checkChainRun(page, previous)
    if (!run.ok) return fail(run.problem, run.problem.seq - 1, 0)
    events += page.length
    // Keep only what the head checks need: the hash at each seq.
    for (const event of page) hashes.set(event.seq, event.hash)
    previous = { seq: run.seq, hash: run.hash }
    onProgress(events)
  }
  let heads = 0
  let lastSigned = 0
  for (;;) {
    const page = await store.readHeads(lastSigned, 5000)
    if (page.length === 0) break
    for (const head of page) {
      if (hashes.get(head.seq) !== head.hash)
        return fail({ code: 'head_hash_mismatch', seq: head.seq }, events, heads)
      if (!key.verify(headMessage(nodeId, head.seq, head.hash), head.signature, keyAt(head.seq))) {
        return fail({ code: 'head_signature_invalid', seq: head.seq }, events, heads)
      }
      heads++
      lastSigned = head.seq
    }
  }
  if (lastSigned !== previous.seq)
    return fail({ code: 'unsigned_events', seq: lastSigned }, events, heads)
  return { ok: true, events, heads, problem: null }
}
