/**
 * @module store/kysely/kysely-store
 * The Store port over Kysely, the same for SQLite and PostgreSQL. A write transaction first touches the
 * single chain-head row (which serialises writers on the node), appends events with their hash chain,
 * and signs the new head once, at commit (DESIGN.md, principle 4).
 */
import { type Kysely, Migrator, sql, type Transaction } from 'kysely'
import type { NewEvent, NodeKey, SignedHead, Store, StoreWrites } from '../../app/ports.js'
import {
  type ChainEvent,
  canonicalJson,
  hashEvent,
  headMessage,
} from '../../domain/events/chain.js'
import { encodeShare } from '../../domain/records/share.js'
import { migrationProvider } from '../migrations/index.js'
import { accessWrites, toChainEvent } from './access-queries.js'
import { type Column, dialectOf, insertRows } from './bulk.js'
import { consignmentReads, consignmentWrites } from './consignment-queries.js'
import { dashboardReads } from './dashboard-queries.js'
import { federationReads, federationWrites } from './federation-queries.js'
import { ledgerWrites } from './ledger-queries.js'
import { mapReads } from './map-queries.js'
import { eventColumnNames, eventValues } from './event-rows.js'
import { fromItem, fromOrganisation, fromPlace, fromPlaceStatus } from './mappers.js'
import { planReads, planWrites } from './plan-queries.js'
import { replicaStockReads } from './projection-queries.js'
import { proposalReads, proposalWrites } from './proposal-queries.js'
import { storeReads } from './reads.js'
import { directoryReads } from './directory-queries.js'
import { syncTransact as syncTransactOn } from './replica-queries.js'
import { requestWrites } from './request-queries.js'
import type { Database } from './schema.js'
import { transportReads, transportWrites } from './transport-queries.js'

/** Rows per multi-row INSERT: below SQLite's 32,766 bound parameters for our widest table. */
const INSERT_CHUNK = 500

export interface KyselyStoreOptions {
  readonly kind: 'sqlite' | 'postgres'
  readonly db: Kysely<Database>
  /** The node's id, named in every signed head. Read from meta when the store opens. */
  readonly nodeId: () => string
  readonly key: () => NodeKey
  readonly clock: { now(): Date }
  readonly onClose?: () => Promise<void>
}

/** `schema`: PostgreSQL's schema, named so the migrator does not mistake another schema's tables for ours. */
export async function migrate(db: Kysely<Database>, schema?: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    migrationTableName: 'kizuna_migrations',
    migrationLockTableName: 'kizuna_migrations_lock',
    ...(schema ? { migrationTableSchema: schema } : {}),
  })
  let { error, results } = await migrator.migrateToLatest()
  // Kysely's migrator first lists every table of every schema to find its own; on PostgreSQL that
  // listing fails when another schema changes at the same moment (tests, other nodes on one
  // server). Nothing has run yet then, so trying again is safe.
  for (let attempt = 1; attempt < 5 && isCatalogRace(error, results); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 50 * attempt))
    ;({ error, results } = await migrator.migrateToLatest())
  }
  const failed = results?.find((result) => result.status === 'Error')
  if (error || failed) {
    throw new Error(
      `database migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
}

/**
 * A failure before any migration ran: the migrator's listing of every schema's tables and columns,
 * which PostgreSQL fails in several ways when another session changes or drops one of them meanwhile
 * (schema, relation or column "does not exist", a catalog "cache lookup failed"; seen with test files
 * side by side). Nothing was written, so trying again is safe whatever the message; a lasting problem
 * fails again and is reported.
 */
export function isCatalogRace(
  error: unknown,
  results: readonly { status: string }[] | undefined,
): boolean {
  return error !== undefined && (results === undefined || results.length === 0)
}

function chunks<T>(rows: readonly T[], size = INSERT_CHUNK): T[][] {
  const out: T[][] = []
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size))
  return out
}

function writes(
  trx: Transaction<Database>,
  head: { seq: number; hash: string },
  now: () => string,
): StoreWrites {
  return {
    ...storeReads(trx),
    ...accessWrites(trx, now),
    ...ledgerWrites(trx),
    ...requestWrites(trx),
    ...transportReads(trx),
    ...transportWrites(trx),
    ...consignmentReads(trx),
    ...consignmentWrites(trx),
    ...federationReads(trx),
    ...federationWrites(trx),
    ...planReads(trx),
    ...planWrites(trx),
    ...proposalReads(trx),
    ...proposalWrites(trx),

    async setMeta(key, value) {
      await trx
        .insertInto('meta')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
        .execute()
    },

    async insertItems(items) {
      for (const chunk of chunks(items.map(fromItem)))
        await trx.insertInto('items').values(chunk).execute()
    },

    async updateItem(item, expectedVersion) {
      const { id, ...row } = fromItem(item)
      const result = await trx
        .updateTable('items')
        .set(row)
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },

    async insertPlaces(places) {
      for (const chunk of chunks(places.map(fromPlace)))
        await trx.insertInto('places').values(chunk).execute()
    },

    async updatePlace(place, expectedVersion) {
      const { id, ...row } = fromPlace(place)
      const result = await trx
        .updateTable('places')
        .set(row)
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },

    async insertPlaceStatus(status) {
      await trx.insertInto('place_statuses').values(fromPlaceStatus(status)).execute()
    },

    async insertOrganisations(organisations) {
      for (const chunk of chunks(organisations.map(fromOrganisation)))
        await trx.insertInto('organisations').values(chunk).execute()
    },

    async appendEvents(at, actor, events: readonly NewEvent[]) {
      const rows: ChainEvent[] = []
      for (const event of events) {
        const fields = {
          seq: head.seq + 1,
          at,
          actor,
          kind: event.kind,
          subject: event.subject,
          body: canonicalJson(event.body),
          share: encodeShare(event.share),
          prevHash: head.hash,
        }
        const hash = hashEvent(fields)
        rows.push({ ...fields, hash })
        head.seq = fields.seq
        head.hash = hash
      }
      if (rows.length === 0) return
      const values = rows.map(eventValues)
      if (dialectOf(trx) === 'postgres') {
        // One round trip for the whole group commit, each body a plain parameter (an array
        // parameter would escape a large body again).
        for (const chunk of chunks(values))
          await sql`insert into events (${eventNames})
            values ${sql.join(chunk.map((row) => sql`(${sql.join(row)})`))}`.execute(trx)
        return
      }
      // SQLite runs in-process: one prepared row's statement run once per event, in one call (Kysely
      // building and compiling a statement per event cost more than the insert, issue 4).
      await insertRows(trx, 'events', eventColumns, values)
    },
  }
}

const eventNames = sql.join(eventColumnNames.map((name) => sql.id(name)))
// Their types matter only to PostgreSQL's arrays, which events do not use.
const eventColumns: Column[] = eventColumnNames.map((name) => ({ name, type: 'text' }))

export function kyselyStore(options: KyselyStoreOptions): Store {
  const { db } = options
  return {
    kind: options.kind,
    ...storeReads(db),
    ...transportReads(db),
    ...consignmentReads(db),
    ...federationReads(db),
    syncTransact: (peer, work) => syncTransactOn(db, peer, work),
    ...dashboardReads(db),
    ...mapReads(db),
    ...planReads(db),
    ...proposalReads(db),
    ...replicaStockReads(db),
    ...directoryReads(db),

    async transact(work) {
      return db.transaction().execute(async (trx) => {
        // Touch the head row first: it takes the write lock now (SQLite) or the row lock (PostgreSQL).
        const start = await trx
          .updateTable('chain_head')
          .set({ seq: sql`seq` })
          .where('id', '=', 1)
          .returning(['seq', 'hash'])
          .executeTakeFirstOrThrow()
        const head = { seq: Number(start.seq), hash: start.hash }
        const result = await work(writes(trx, head, () => options.clock.now().toISOString()))
        if (head.seq !== Number(start.seq)) {
          await trx
            .updateTable('chain_head')
            .set({ seq: head.seq, hash: head.hash })
            .where('id', '=', 1)
            .execute()
          const signature = options.key().sign(headMessage(options.nodeId(), head.seq, head.hash))
          await trx
            .insertInto('signed_heads')
            .values({
              seq: head.seq,
              hash: head.hash,
              signature,
              signed_at: options.clock.now().toISOString(),
            })
            .execute()
        }
        return result
      })
    },

    async readEvents(afterSeq, limit) {
      const rows = await db
        .selectFrom('events')
        .selectAll()
        .where('seq', '>', afterSeq)
        .orderBy('seq')
        .limit(limit)
        .execute()
      return rows.map(toChainEvent)
    },

    async readHeads(afterSeq, limit): Promise<SignedHead[]> {
      const rows = await db
        .selectFrom('signed_heads')
        .selectAll()
        .where('seq', '>', afterSeq)
        .orderBy('seq')
        .limit(limit)
        .execute()
      return rows.map((row) => ({
        seq: Number(row.seq),
        hash: row.hash,
        signature: row.signature,
        signedAt: row.signed_at,
      }))
    },

    async touchSession(idHash, at) {
      await db
        .updateTable('sessions')
        .set({ last_seen_at: at })
        .where('id_hash', '=', idHash)
        .execute()
    },

    async touchToken(id, at) {
      await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute()
    },

    async close() {
      await db.destroy()
      await options.onClose?.()
    },
  }
}
