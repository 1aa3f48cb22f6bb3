/**
 * @module sync/pull
 * Pulls a peer's events (DESIGN.md, "Federation"): asks for the page after this node's checkpoint with a
 * request signed by the node key, verifies the page's signature against the peer's registered key (or a
 * retired key still valid for the page's range), checks each event's hash and the chain where it is in
 * view (domain/federation/page.ts says where), and applies the new events to the replicas with the
 * checkpoint moved in the same transaction. A page refused for any reason applies nothing; the reason is
 * kept on the checkpoint as the peer's last error.
 */
import type { NodeKey, PullProgress, PullReport, SyncCheckpoint } from '../app/ports.js'
import { checkPage, openSignedPage, type ReplicationPage } from '../domain/federation/page.js'
import { keysForPage, type Peer } from '../domain/federation/peer.js'
import { planApply } from '../domain/federation/replica.js'
import { requestMessage, syncHeaders } from '../domain/federation/request.js'
import type { SyncContext } from './context.js'

/** What pulling needs of `fetch`: the global one fits, and tests pass a network of their own. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; signal?: AbortSignal },
) => Promise<{ readonly status: number; text(): Promise<string> }>

export interface PullDeps {
  readonly ctx: SyncContext
  readonly key: NodeKey
  readonly fetch: FetchLike
  /** Seqs asked for per page. */
  readonly pageLimit?: number
  readonly timeoutMs?: number
  /** Aborts a pull in flight (the background loop stopping). */
  readonly signal?: AbortSignal
}

export type PageOutcome =
  | {
      readonly kind: 'applied' | 'stale' | 'ahead'
      readonly received: number
      readonly seq: number
      readonly head: number
      /** Nothing more to ask for now: the page reached the head it announced. */
      readonly caughtUp: boolean
    }
  | { readonly kind: 'failed'; readonly error: string }

/** Asks `peer` for one page after the checkpoint and applies it, or records why not. */
export async function pullPage(deps: PullDeps, peer: Peer): Promise<PageOutcome> {
  const { ctx } = deps
  const checkpoint = await ctx.store.getCheckpoint(peer.id)
  if (!checkpoint) return { kind: 'failed', error: `no checkpoint for peer ${peer.id}` }
  const url = `${peer.url}/api/sync/events?after=${checkpoint.seq}&limit=${deps.pageLimit ?? 1000}`
  const parsed = new URL(url)
  const timestamp = ctx.clock.now().toISOString()
  const signature = deps.key.sign(
    requestMessage({
      asker: ctx.node.id,
      target: peer.id,
      method: 'GET',
      pathAndQuery: `${parsed.pathname}${parsed.search}`,
      timestamp,
    }),
  )
  let status: number
  let text: string
  try {
    const signals = [AbortSignal.timeout(deps.timeoutMs ?? 30_000)]
    if (deps.signal) signals.push(deps.signal)
    const response = await deps.fetch(url, {
      method: 'GET',
      headers: {
        accept: 'application/json',
        [syncHeaders.node]: ctx.node.id,
        [syncHeaders.timestamp]: timestamp,
        [syncHeaders.signature]: signature,
      },
      signal: AbortSignal.any(signals),
    })
    status = response.status
    text = await response.text()
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error)
    return fail(deps, peer, `could not reach ${peer.url}: ${why}`, false)
  }
  if (status !== 200)
    return fail(deps, peer, `${peer.url} answered ${status}: ${errorOf(text)}`, true)
  const opened = openSignedPage(
    text,
    (page) => keysForPage(peer, page.to),
    (message, sig, publicKey) => deps.key.verify(message, sig, publicKey),
  )
  if (!opened.ok)
    return fail(
      deps,
      peer,
      `page refused (${opened.problem.code}): ${opened.problem.message}`,
      true,
    )
  const problem = checkPage(opened.page, { node: peer.id, asker: ctx.node.id })
  if (problem) return fail(deps, peer, `page refused (${problem.code}): ${problem.message}`, true)
  return apply(deps, peer, opened.page)
}

async function apply(deps: PullDeps, peer: Peer, page: ReplicationPage): Promise<PageOutcome> {
  const now = deps.ctx.clock.now().toISOString()
  return deps.ctx.store.syncTransact(peer.id, async (tx, checkpoint) => {
    const plan = planApply(checkpoint, page)
    const contact: SyncCheckpoint = { ...checkpoint, lastContactAt: now, updatedAt: now }
    if (plan.code === 'chain_broken') {
      await tx.saveCheckpoint({
        ...contact,
        lastError: `page refused (chain_broken): the peer's log does not match the events received up to seq ${plan.seq}; its history changed`,
        lastErrorAt: now,
        failures: checkpoint.failures + 1,
      })
      return { kind: 'failed', error: `the peer's log no longer matches at seq ${plan.seq}` }
    }
    if (plan.code !== 'apply') {
      const head = Math.max(checkpoint.headSeq, page.head)
      await tx.saveCheckpoint({ ...contact, headSeq: head, lastSuccessAt: now, failures: 0 })
      return {
        kind: plan.code,
        received: 0,
        seq: checkpoint.seq,
        head,
        caughtUp: plan.code === 'stale' && checkpoint.seq >= page.head,
      }
    }
    const received = await tx.insertReplicaEvents(peer.id, plan.events, now)
    // The records the events are about, as read-only replicas, in the same transaction.
    await tx.projectReplicaEvents(peer.id, plan.events)
    await tx.saveCheckpoint({
      ...contact,
      seq: plan.checkpoint.seq,
      hash: plan.checkpoint.hash,
      headSeq: page.head,
      lastSuccessAt: now,
      failures: 0,
    })
    return {
      kind: 'applied',
      received,
      seq: plan.checkpoint.seq,
      head: page.head,
      caughtUp: !page.truncated,
    }
  })
}

async function fail(
  deps: PullDeps,
  peer: Peer,
  error: string,
  contacted: boolean,
): Promise<PageOutcome> {
  const now = deps.ctx.clock.now().toISOString()
  await deps.ctx.store.syncTransact(peer.id, (tx, checkpoint) =>
    tx.saveCheckpoint({
      ...checkpoint,
      lastContactAt: contacted ? now : checkpoint.lastContactAt,
      lastError: error,
      lastErrorAt: now,
      failures: checkpoint.failures + 1,
      updatedAt: now,
    }),
  )
  return { kind: 'failed', error }
}

/** The message of an error body, or the start of whatever came. */
function errorOf(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } }
    if (typeof body.error?.message === 'string') return body.error.message
  } catch {
    // not JSON: say what came
  }
  return text.slice(0, 200) || '(no body)'
}

/** Late or repeated answers before a page lands: asked again this many times, then left to the next pull. */
const retriesMax = 3

/** Pulls pages from `peer` until caught up, refused, or out of retries. */
export async function pullPeer(
  deps: PullDeps,
  peer: Peer,
  onProgress?: (progress: PullProgress) => void,
): Promise<PullReport> {
  let received = 0
  let retries = 0
  let last: PullProgress = { peer: peer.id, seq: 0, head: 0, received: 0 }
  for (;;) {
    if (deps.signal?.aborted) return { ...last, outcome: 'behind', error: null }
    const outcome = await pullPage(deps, peer)
    if (outcome.kind === 'failed') {
      const checkpoint = await deps.ctx.store.getCheckpoint(peer.id)
      return {
        peer: peer.id,
        seq: checkpoint?.seq ?? 0,
        head: checkpoint?.headSeq ?? 0,
        received,
        outcome: 'failed',
        error: outcome.error,
      }
    }
    received += outcome.received
    last = { peer: peer.id, seq: outcome.seq, head: outcome.head, received }
    onProgress?.(last)
    if (outcome.caughtUp) return { ...last, outcome: 'caught_up', error: null }
    if (outcome.kind !== 'applied' && ++retries >= retriesMax)
      return { ...last, outcome: 'behind', error: null }
  }
}
