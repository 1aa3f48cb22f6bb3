/**
 * @module store/migrations/0009-federation
 * Federation: the peers an admin registered (with the keys they used before), a checkpoint per peer
 * (the last seq applied from it, the chain hash there, the head it last announced, last contact and
 * error), and the events received from peers, verbatim with their hash-chain fields, keyed by their
 * home and seq. Peers are this node's own configuration: no envelope, no replication.
 */
import { type Kysely, sql } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the schema type exists
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('peers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'suspended')`))
    .addColumn('status_reason', 'text')
    // JSON: [{ publicKey, retiredAt, validToSeq }], oldest first.
    .addColumn('previous_keys', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version > 0`))
    .execute()

  await db.schema
    .createTable('sync_checkpoints')
    .addColumn('peer', 'text', (c) => c.primaryKey().references('peers.id'))
    .addColumn('seq', 'bigint', (c) => c.notNull().check(sql`seq >= 0`))
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('head_seq', 'bigint', (c) => c.notNull().check(sql`head_seq >= 0`))
    .addColumn('last_contact_at', 'text')
    .addColumn('last_success_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', 'text')
    .addColumn('failures', 'integer', (c) => c.notNull().check(sql`failures >= 0`))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('replica_events')
    .addColumn('home', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('share', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('replica_events_pk', ['home', 'seq'])
    .execute()
  await db.schema
    .createIndex('replica_events_subject')
    .on('replica_events')
    .columns(['subject', 'home', 'seq'])
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['replica_events', 'sync_checkpoints', 'peers'])
    await db.schema.dropTable(table).execute()
}
