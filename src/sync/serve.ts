/**
 * @module sync/serve
 * Answers a peer's pull (DESIGN.md, "Federation"): authenticates the asking node by its signed request
 * (a registered, active peer; a clock within five minutes; a signature by its registered key), then
 * reads the log after the asker's checkpoint, keeps the events releasable to the peer's organisation,
 * and signs the page with the node key. What is not released never leaves the node.
 */
import { strict as assert } from 'node:assert'
import type { NodeKey, ServeOutcome, ServeRefusal, SyncAsk } from '../app/ports.js'
import { type ChainEvent, GENESIS_HASH } from '../domain/events/chain.js'
import { pageText, type ReplicationPage, signedPageText } from '../domain/federation/page.js'
import type { Peer } from '../domain/federation/peer.js'
import {
  type EventOwner,
  isNodeLocal,
  mayNameOwner,
  needsOwnerLookup,
  ownerInBody,
  ownerMatters,
  releaseOf,
} from '../domain/federation/release.js'
import { checkTimestamp, requestMessage, syncHeaders } from '../domain/federation/request.js'
import type { SyncContext } from './context.js'

export const pageLimitDefault = 1000
export const pageLimitMax = 5000
/** Characters of event bodies a page carries at most: past them it stops early (a truncation). */
const pageBodyCharsMax = 4_000_000

const refuse = (reason: ServeRefusal, message: string): ServeOutcome => ({
  ok: false,
  reason,
  message,
})

export async function serveEvents(
  ctx: SyncContext,
  key: NodeKey,
  ask: SyncAsk,
): Promise<ServeOutcome> {
  const header = (name: string) => {
    const value = ask.headers[name]
    return Array.isArray(value) ? value[0] : value
  }
  const asker = header(syncHeaders.node)
  const timestamp = header(syncHeaders.timestamp)
  const signature = header(syncHeaders.signature)
  if (!asker || !timestamp || !signature)
    return refuse(
      'missing_signature',
      `a peer signs its request: send the ${Object.values(syncHeaders).join(', ')} headers`,
    )
  const now = ctx.clock.now()
  const time = checkTimestamp(timestamp, now)
  if (time !== 'ok')
    return refuse(
      'clock_skew',
      time === 'malformed'
        ? `${syncHeaders.timestamp}: "${timestamp.slice(0, 40)}" is not an ISO-8601 UTC time`
        : `${syncHeaders.timestamp}: ${timestamp} is more than 5 minutes from this node's clock (${now.toISOString()}); check both clocks`,
    )
  const peer = await ctx.store.getPeer(asker)
  if (!peer)
    return refuse(
      'unknown_peer',
      `node ${asker.slice(0, 80)} is not a registered peer of this node; an admin here must add it (kizuna peer add)`,
    )
  if (peer.status === 'suspended')
    return refuse(
      'suspended_peer',
      `node ${asker} is suspended on this node${peer.statusReason ? `: ${peer.statusReason}` : ''}`,
    )
  const message = requestMessage({
    asker,
    target: ctx.node.id,
    method: ask.method,
    pathAndQuery: ask.pathAndQuery,
    timestamp,
  })
  if (!key.verify(message, signature, peer.publicKey))
    return refuse(
      'bad_signature',
      `the request's signature was not made by the key registered here for node ${asker}`,
    )
  const page = await makePage(ctx, peer, ask.after, Math.min(ask.limit, pageLimitMax))
  if (page === 'ahead')
    return refuse(
      'checkpoint_ahead',
      `after: ${ask.after} is beyond this node's last event; was this node restored from a backup?`,
    )
  const text = pageText(page)
  return { ok: true, text: signedPageText(text, key.sign(Buffer.from(text, 'utf8'))) }
}

/** The page after `after` for `peer`: at most `limit` seqs of the log, the releasable events of them. */
export async function makePage(
  ctx: SyncContext,
  peer: Pick<Peer, 'id' | 'organisation'>,
  after: number,
  limit: number,
): Promise<ReplicationPage | 'ahead'> {
  const head = await ctx.store.readChainHead()
  if (after > head.seq) return 'ahead'
  const end = Math.min(after + limit, head.seq)
  let prevHash = head.hash
  let scanned: ChainEvent[] = []
  if (after < head.seq) {
    // One read, from the event before the page: the page starts from its hash.
    const rows = await ctx.store.readEvents(
      Math.max(after - 1, 0),
      end - after + (after > 0 ? 1 : 0),
    )
    const before = after > 0 ? rows[0] : undefined
    assert(after === 0 || before?.seq === after, `event ${after} is missing from the log`)
    prevHash = before?.hash ?? GENESIS_HASH
    scanned = after > 0 ? rows.slice(1) : rows
  }
  let chars = 0
  for (let i = 0; i < scanned.length; i++) {
    chars += (scanned[i] as ChainEvent).body.length
    if (chars > pageBodyCharsMax && i > 0) {
      scanned = scanned.slice(0, i)
      break
    }
  }
  const last = scanned.at(-1)
  const to = last?.seq ?? after
  return {
    node: ctx.node.id,
    asker: peer.id,
    from: after + 1,
    to,
    head: head.seq,
    prevHash,
    toHash: last?.hash ?? prevHash,
    events: await releasable(ctx, scanned, peer.organisation),
    truncated: to < head.seq,
    signedAt: ctx.clock.now().toISOString(),
  }
}

const unnamed: EventOwner = { org: null, home: null }

/** The events `org` may receive; the owners their bodies do not name are looked up in one read. */
async function releasable(
  ctx: SyncContext,
  events: readonly ChainEvent[],
  org: string,
): Promise<ChainEvent[]> {
  const owners: EventOwner[] = []
  const lookups: string[] = []
  for (const event of events) {
    const owner =
      isNodeLocal(event.kind) || !ownerMatters(event) || !mayNameOwner(event.body)
        ? unnamed
        : ownerInBody(event.body)
    owners.push(owner)
    if (!isNodeLocal(event.kind) && needsOwnerLookup(event, owner)) lookups.push(event.subject)
  }
  const found = lookups.length > 0 ? await ctx.store.recordOwners(lookups) : new Map()
  return events.filter((event, i) => {
    const named = owners[i] ?? unnamed
    const record = found.get(event.subject)
    const owner = {
      org: named.org ?? record?.org ?? null,
      home: named.home ?? record?.home ?? null,
    }
    return releaseOf(event, owner, org) === 'released'
  })
}
