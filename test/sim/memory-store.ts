/**
 * The federation's view of a store (sync/context.ts), in memory, for the seeded simulation: the log with
 * its hash chain, peers, checkpoints, replicas, and the owners of a few records. A replica transaction
 * stages its writes and keeps them only if the work completes, as a database transaction would.
 */
import type { NewEvent, SyncCheckpoint } from '../../src/app/ports.js'
import {
  type ChainEvent,
  canonicalJson,
  GENESIS_HASH,
  hashEvent,
} from '../../src/domain/events/chain.js'
import type { Peer } from '../../src/domain/federation/peer.js'
import { type HeldReplica, projectEvents } from '../../src/domain/federation/projection.js'
import { encodeShare } from '../../src/domain/records/share.js'
import type { SyncStore } from '../../src/sync/context.js'

export class MemoryStore implements SyncStore {
  readonly events: ChainEvent[] = []
  readonly peers = new Map<string, Peer>()
  readonly checkpoints = new Map<string, SyncCheckpoint>()
  /** By home, by seq. */
  readonly replicas = new Map<string, Map<number, ChainEvent>>()
  /** Records of other homes as the projection made them, by home, by id. */
  readonly projected = new Map<string, Map<string, HeldReplica>>()
  /** What a record table would say of a subject. */
  readonly records = new Map<string, { org: string; home: string }>()

  async getPeer(id: string) {
    return this.peers.get(id) ?? null
  }
  async listPeers() {
    return [...this.peers.values()]
  }
  async getCheckpoint(peer: string) {
    return this.checkpoints.get(peer) ?? null
  }
  async readChainHead() {
    const last = this.events.at(-1)
    return { seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH }
  }
  async readEvents(afterSeq: number, limit: number) {
    return this.events.slice(afterSeq, afterSeq + limit)
  }
  async recordOwners(ids: readonly string[]) {
    const found = new Map<string, { org: string; home: string }>()
    for (const id of ids) {
      const owner = this.records.get(id)
      if (owner) found.set(id, owner)
    }
    return found
  }

  async syncTransact<T>(
    peer: string,
    work: (
      tx: {
        insertReplicaEvents(
          home: string,
          events: readonly ChainEvent[],
          at: string,
        ): Promise<number>
        saveCheckpoint(checkpoint: SyncCheckpoint): Promise<void>
        projectReplicaEvents(home: string, events: readonly ChainEvent[]): Promise<void>
      },
      checkpoint: SyncCheckpoint,
    ) => Promise<T>,
  ): Promise<T> {
    const checkpoint = this.checkpoints.get(peer)
    if (!checkpoint) throw new Error(`no sync checkpoint for peer ${peer}`)
    const staged: { home: string; event: ChainEvent }[] = []
    let savedCheckpoint: SyncCheckpoint | null = null
    const projections: { home: string; events: readonly ChainEvent[] }[] = []
    const result = await work(
      {
        insertReplicaEvents: async (home, events) => {
          const held = this.replicas.get(home)
          const fresh = events.filter(
            (e) =>
              !held?.has(e.seq) && !staged.some((s) => s.home === home && s.event.seq === e.seq),
          )
          staged.push(...fresh.map((event) => ({ home, event })))
          return fresh.length
        },
        saveCheckpoint: async (next) => {
          savedCheckpoint = next
        },
        projectReplicaEvents: async (home, events) => {
          projections.push({ home, events })
        },
      },
      checkpoint,
    )
    for (const { home, event } of staged) {
      const held = this.replicas.get(home) ?? new Map<number, ChainEvent>()
      held.set(event.seq, event)
      this.replicas.set(home, held)
    }
    if (savedCheckpoint) this.checkpoints.set(peer, savedCheckpoint)
    for (const { home, events } of projections) {
      const held = this.projected.get(home) ?? new Map<string, HeldReplica>()
      for (const [id, after] of projectEvents(held, home, events)) held.set(id, after)
      this.projected.set(home, held)
    }
    return result
  }

  /** Appends events to the log with their hash chain, as the real store does at commit. */
  append(at: string, actor: string, events: readonly NewEvent[]): void {
    for (const event of events) {
      const last = this.events.at(-1)
      const fields = {
        seq: (last?.seq ?? 0) + 1,
        at,
        actor,
        kind: event.kind,
        subject: event.subject,
        body: canonicalJson(event.body),
        share: encodeShare(event.share),
        prevHash: last?.hash ?? GENESIS_HASH,
      }
      this.events.push({ ...fields, hash: hashEvent(fields) })
    }
  }
}
