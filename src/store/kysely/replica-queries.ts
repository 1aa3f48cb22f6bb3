/**
 * @module store/kysely/replica-queries
 * The replica transaction (Store.syncTransact): events received from a peer inserted once each, and the
 * peer's checkpoint moved, in one transaction that first locks the checkpoint row.
 */
import { type Kysely, sql, type Transaction } from 'kysely'
import type { ReplicaWrites, SyncCheckpoint } from '../../app/ports.js'
import type { ChainEvent } from '../../domain/events/chain.js'
import { type Column, insertRows } from './bulk.js'
import { eventColumnNames, eventValues } from './event-rows.js'
import { toCheckpoint, withFederation } from './federation-queries.js'
import { projectReplicaEvents } from './projection-queries.js'
import type { Database } from './schema.js'

const replicaColumns: readonly Column[] = [
  { name: 'home', type: 'text' },
  ...eventColumnNames.map((name): Column => ({ name, type: name === 'seq' ? 'bigint' : 'text' })),
  { name: 'received_at', type: 'text' },
]

function replicaWrites(trx: Transaction<Database>): ReplicaWrites {
  const fdb = withFederation(trx)
  return {
    async insertReplicaEvents(home, events: readonly ChainEvent[], receivedAt) {
      const rows = events.map((e) => [home, ...eventValues(e), receivedAt])
      // Bound values on SQLite (insertRows): reading each row out of a JSON parameter cost more
      // than the insert (bench/RESULTS.md, federation).
      return insertRows(
        trx,
        'replica_events',
        replicaColumns,
        rows,
        { on: ['home', 'seq'] },
        'values',
      )
    },
    async projectReplicaEvents(home, events) {
      await projectReplicaEvents(trx, home, events)
    },
    async saveCheckpoint(checkpoint) {
      await fdb
        .updateTable('sync_checkpoints')
        .set({
          seq: checkpoint.seq,
          hash: checkpoint.hash,
          head_seq: checkpoint.headSeq,
          last_contact_at: checkpoint.lastContactAt,
          last_success_at: checkpoint.lastSuccessAt,
          last_error: checkpoint.lastError,
          last_error_at: checkpoint.lastErrorAt,
          failures: checkpoint.failures,
          updated_at: checkpoint.updatedAt,
        })
        .where('peer', '=', checkpoint.peer)
        .execute()
    },
  }
}

/** One transaction on one peer's replicas, its checkpoint row locked first (Store.syncTransact). */
export async function syncTransact<T>(
  db: Kysely<Database>,
  peer: string,
  work: (tx: ReplicaWrites, checkpoint: SyncCheckpoint) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    // A write first: it takes SQLite's write lock now, or the row's lock in PostgreSQL, so that two
    // pulls of one peer (the background loop and `kizuna sync`) apply one after the other.
    const row = await withFederation(trx)
      .updateTable('sync_checkpoints')
      .set({ failures: sql`failures` })
      .where('peer', '=', peer)
      .returningAll()
      .executeTakeFirst()
    if (!row) throw new Error(`no sync checkpoint for peer ${peer}: it is not registered`)
    return work(replicaWrites(trx), toCheckpoint(row))
  })
}
