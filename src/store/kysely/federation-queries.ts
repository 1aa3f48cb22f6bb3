/**
 * @module store/kysely/federation-queries
 * Peers, sync checkpoints and replicated events (migration 0009). The tables' shapes are declared here
 * and added to the schema with `withTables`, so the federation stays in its own files.
 */
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely'
import type { FederationReads, FederationWrites, SyncCheckpoint } from '../../app/ports.js'
import { GENESIS_HASH } from '../../domain/events/chain.js'
import type { Peer, PeerStatus, RetiredKey } from '../../domain/federation/peer.js'
import { dialectOf, idIn } from './bulk.js'
import { mentions } from './directory-queries.js'
import type { Database } from './schema.js'
import { orderClause } from './sorting.js'

// A type, not an interface: `withTables` wants an index signature.
export type PeerTable = {
  id: string
  organisation: string
  url: string
  public_key: string
  status: string
  status_reason: string | null
  previous_keys: string
  added_at: string
  updated_at: string
  version: number
}

export type SyncCheckpointTable = {
  peer: string
  seq: number
  hash: string
  head_seq: number
  last_contact_at: string | null
  last_success_at: string | null
  last_error: string | null
  last_error_at: string | null
  failures: number
  updated_at: string
}

export type ReplicaEventTable = {
  home: string
  seq: number
  at: string
  actor: string
  kind: string
  subject: string
  body: string
  share: string
  prev_hash: string
  hash: string
  received_at: string
}

export type FederationTables = {
  peers: PeerTable
  sync_checkpoints: SyncCheckpointTable
  replica_events: ReplicaEventTable
}

const peerSortColumns = {
  addedAt: sql`peers.added_at`,
  organisation: sql`(select organisations.code from organisations where organisations.id = peers.organisation)`,
  url: sql`peers.url`,
  status: sql`peers.status`,
  lastContactAt: sql`(select sync_checkpoints.last_contact_at from sync_checkpoints where sync_checkpoints.peer = peers.id)`,
}

export const withFederation = (db: Kysely<Database>) => db.withTables<FederationTables>()

/** The tables of records with an envelope: where an event's subject may be found. */
const recordTables = [
  'organisations',
  'items',
  'places',
  'place_statuses',
  'users',
  'api_tokens',
  'accounts',
  'transfers',
  'allocation_rules',
  'operations',
  'requests',
  'pledges',
  'assets',
  'legs',
  'consignments',
] as const

function toPeer(row: Selectable<PeerTable>): Peer {
  return {
    id: row.id,
    organisation: row.organisation,
    url: row.url,
    publicKey: row.public_key,
    status: row.status as PeerStatus,
    statusReason: row.status_reason,
    previousKeys: JSON.parse(row.previous_keys) as RetiredKey[],
    addedAt: row.added_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
  }
}

function fromPeer(peer: Peer): PeerTable {
  return {
    id: peer.id,
    organisation: peer.organisation,
    url: peer.url,
    public_key: peer.publicKey,
    status: peer.status,
    status_reason: peer.statusReason,
    previous_keys: JSON.stringify(peer.previousKeys),
    added_at: peer.addedAt,
    updated_at: peer.updatedAt,
    version: peer.version,
  }
}

export function toCheckpoint(row: Selectable<SyncCheckpointTable>): SyncCheckpoint {
  return {
    peer: row.peer,
    seq: Number(row.seq),
    hash: row.hash,
    headSeq: Number(row.head_seq),
    lastContactAt: row.last_contact_at,
    lastSuccessAt: row.last_success_at,
    lastError: row.last_error,
    lastErrorAt: row.last_error_at,
    failures: Number(row.failures),
    updatedAt: row.updated_at,
  }
}

export function federationReads(db: Kysely<Database>): FederationReads {
  const fdb = withFederation(db)
  return {
    async getPeer(id) {
      const row = await fdb.selectFrom('peers').selectAll().where('id', '=', id).executeTakeFirst()
      return row ? toPeer(row) : null
    },
    async listPeers() {
      return (await fdb.selectFrom('peers').selectAll().orderBy('added_at').execute()).map(toPeer)
    },
    async searchPeers(search) {
      let query = fdb.selectFrom('peers')
      if (search.status) query = query.where('peers.status', '=', search.status)
      if (search.q) {
        const text = mentions(search.q, [
          sql`organisations.code`,
          sql`organisations.name_en`,
          sql`organisations.name_ja`,
        ])
        const orgs = fdb.selectFrom('organisations').select('organisations.id').where(text)
        query = query.where((eb) =>
          eb.or([
            mentions(search.q as string, [sql`peers.url`, sql`peers.id`]),
            eb('peers.organisation', 'in', orgs),
          ]),
        )
      }
      const order = orderClause(search.sort ?? 'addedAt', peerSortColumns, sql`peers.id`)
      const [rows, count] = await Promise.all([
        query.selectAll().orderBy(order).limit(search.limit).offset(search.offset).execute(),
        query
          .select((eb) => eb.fn.countAll<string | number>().as('total'))
          .executeTakeFirstOrThrow(),
      ])
      return { rows: rows.map(toPeer), total: Number(count.total) }
    },
    async getCheckpoint(peer) {
      const row = await fdb
        .selectFrom('sync_checkpoints')
        .selectAll()
        .where('peer', '=', peer)
        .executeTakeFirst()
      return row ? toCheckpoint(row) : null
    },
    async listCheckpoints() {
      return (await fdb.selectFrom('sync_checkpoints').selectAll().execute()).map(toCheckpoint)
    },
    async recordOwners(ids) {
      const owners = new Map<string, { org: string; home: string }>()
      if (ids.length === 0) return owners
      const dialect = dialectOf(db)
      const unique = [...new Set(ids)]
      const parts = recordTables.map(
        (table) =>
          sql`select id, org, home from ${sql.table(table)} where ${idIn(dialect, 'id', unique)}`,
      )
      const { rows } = await sql<{ id: string; org: string; home: string }>`${sql.join(
        parts,
        sql` union all `,
      )}`.execute(db)
      for (const row of rows) owners.set(row.id, { org: row.org, home: row.home })
      return owners
    },
    async readReplicaEvents(home, afterSeq, limit) {
      const rows = await fdb
        .selectFrom('replica_events')
        .selectAll()
        .where('home', '=', home)
        .where('seq', '>', afterSeq)
        .orderBy('seq')
        .limit(limit)
        .execute()
      return rows.map((row) => ({
        seq: Number(row.seq),
        at: row.at,
        actor: row.actor,
        kind: row.kind,
        subject: row.subject,
        body: row.body,
        share: row.share,
        prevHash: row.prev_hash,
        hash: row.hash,
      }))
    },
    async readChainHead() {
      const row = await db
        .selectFrom('chain_head')
        .select(['seq', 'hash'])
        .where('id', '=', 1)
        .executeTakeFirstOrThrow()
      return { seq: Number(row.seq), hash: row.hash }
    },
  }
}

export function federationWrites(trx: Transaction<Database>): FederationWrites {
  const fdb = withFederation(trx)
  return {
    async savePeer(peer, expectedVersion) {
      const row = fromPeer(peer)
      if (expectedVersion === null) {
        await fdb.insertInto('peers').values(row).execute()
        await fdb
          .insertInto('sync_checkpoints')
          .values({
            peer: peer.id,
            seq: 0,
            hash: GENESIS_HASH,
            head_seq: 0,
            last_contact_at: null,
            last_success_at: null,
            last_error: null,
            last_error_at: null,
            failures: 0,
            updated_at: peer.addedAt,
          })
          .execute()
        return true
      }
      const { id, ...rest } = row
      const result = await fdb
        .updateTable('peers')
        .set(rest)
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },
  }
}
