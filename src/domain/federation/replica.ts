/**
 * @module domain/federation/replica
 * What an asker does with a verified page, given its checkpoint for that home: apply the events it does
 * not hold yet and move the checkpoint to the page's end, or nothing. Pages may come twice, late or out
 * of order (a retry, a slow answer): one that covers nothing new is stale, one that starts after a gap
 * is ahead (ask again from the checkpoint), and one that disagrees with the chain received so far is
 * refused. So any delivery order, duplicates included, ends with the same replicas and checkpoint.
 */
import { type ChainEvent, GENESIS_HASH } from '../events/chain.js'
import type { ReplicationPage } from './page.js'

/** The last seq of a home applied here, and the home's chain hash at that seq. */
export interface Checkpoint {
  readonly seq: number
  readonly hash: string
}

export const startCheckpoint: Checkpoint = { seq: 0, hash: GENESIS_HASH }

export type ApplyPlan =
  | { readonly code: 'apply'; readonly events: ChainEvent[]; readonly checkpoint: Checkpoint }
  | { readonly code: 'stale' }
  | { readonly code: 'ahead' }
  | { readonly code: 'chain_broken'; readonly seq: number }

/** The page's chain hash at `seq`, where it shows one. */
function hashAt(page: ReplicationPage, seq: number): string | null {
  if (seq === page.from - 1) return page.prevHash
  if (seq === page.to) return page.toHash
  return page.events.find((event) => event.seq === seq)?.hash ?? null
}

export function planApply(checkpoint: Checkpoint, page: ReplicationPage): ApplyPlan {
  const known = hashAt(page, checkpoint.seq)
  if (known !== null && known !== checkpoint.hash)
    return { code: 'chain_broken', seq: checkpoint.seq }
  const next = page.events.find((event) => event.seq === checkpoint.seq + 1)
  if (next && next.prevHash !== checkpoint.hash)
    return { code: 'chain_broken', seq: checkpoint.seq + 1 }
  if (page.from - 1 > checkpoint.seq) return { code: 'ahead' }
  if (page.to <= checkpoint.seq) return { code: 'stale' }
  return {
    code: 'apply',
    events: page.events.filter((event) => event.seq > checkpoint.seq),
    checkpoint: { seq: page.to, hash: page.toHash },
  }
}
