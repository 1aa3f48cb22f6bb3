/**
 * @module store/migrations/0011-replicas
 * Other nodes' records as read-only replicas. Requests, consignments, pledges, places and place
 * statuses of another home live in their own tables beside this node's (their `home` tells them
 * apart, so lists, the map and releasability treat them alike); `replica_records` keeps, for each, the
 * seq of its home's last event folded into it, which makes a replayed event change nothing. Another
 * node's stock is kept apart from this node's ledger (which `kizuna verify` recomputes from its own
 * transfers): its accounts' balances and its open pending transfers by home, and the seq of the last
 * `transfers.committed` event applied to them.
 */
import { type Kysely, sql } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the schema type exists
export async function up(db: Kysely<any>): Promise<void> {
  // Each replica transaction reads the home's organisation events to match organisation ids: by kind,
  // not by a scan of everything received from that home.
  await db.schema
    .createIndex('replica_events_kind')
    .on('replica_events')
    .columns(['home', 'kind', 'seq'])
    .execute()

  await db.schema
    .createTable('replica_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('home', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull().check(sql`seq > 0`))
    .execute()

  await db.schema
    .createTable('replica_ledgers')
    .addColumn('home', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull().check(sql`seq >= 0`))
    .execute()

  // The key is null while no event has described the account (events written before they did).
  await db.schema
    .createTable('replica_accounts')
    .addColumn('home', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text')
    .addColumn('where_id', 'text')
    .addColumn('item_id', 'text')
    .addColumn('owner', 'text')
    .addColumn('lot', 'text')
    .addColumn('expires_on', 'text')
    .addColumn('posted', 'bigint', (c) => c.notNull())
    .addColumn('pending_out', 'bigint', (c) => c.notNull())
    .addColumn('pending_in', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('replica_accounts_pk', ['home', 'id'])
    .execute()
  await db.schema
    .createIndex('replica_accounts_where')
    .on('replica_accounts')
    .columns(['where_id', 'item_id'])
    .execute()

  await db.schema
    .createTable('replica_pendings')
    .addColumn('home', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('from_account', 'text', (c) => c.notNull())
    .addColumn('to_account', 'text', (c) => c.notNull())
    .addColumn('quantity', 'bigint', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('replica_pendings_pk', ['home', 'id'])
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('replica_events_kind').execute()
  for (const table of [
    'replica_pendings',
    'replica_accounts',
    'replica_ledgers',
    'replica_records',
  ])
    await db.schema.dropTable(table).execute()
}
