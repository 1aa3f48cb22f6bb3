/**
 * @module store/migrations/0003-ledger
 * The stock ledger: accounts with their balances, immutable transfers, pending transfers' states, and
 * owners' allocation rules. The database refuses a negative stock or transit balance too, as a backstop
 * behind the domain's check.
 */
import { type Kysely, sql } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the schema type exists
export async function up(db: Kysely<any>): Promise<void> {
  const envelope = (table: ReturnType<typeof db.schema.createTable>) =>
    table
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('home', 'text', (c) => c.notNull())
      .addColumn('org', 'text', (c) => c.notNull())
      .addColumn('share', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().check(sql`version > 0`))

  await envelope(db.schema.createTable('accounts'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('where_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('lot', 'text', (c) => c.notNull())
    .addColumn('expires_on', 'text')
    .addColumn('posted', 'bigint', (c) => c.notNull())
    .addColumn('pending_out', 'bigint', (c) => c.notNull().check(sql`pending_out >= 0`))
    .addColumn('pending_in', 'bigint', (c) => c.notNull().check(sql`pending_in >= 0`))
    .addCheckConstraint(
      'accounts_never_negative',
      sql`kind not in ('stock', 'transit') or (posted >= 0 and posted - pending_out >= 0)`,
    )
    .addUniqueConstraint('accounts_key', ['kind', 'where_id', 'item_id', 'owner', 'lot'])
    .execute()
  await db.schema
    .createIndex('accounts_where')
    .on('accounts')
    .columns(['where_id', 'item_id'])
    .execute()
  await db.schema.createIndex('accounts_item').on('accounts').columns(['item_id', 'kind']).execute()

  await envelope(db.schema.createTable('transfers'))
    .addColumn('batch_id', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('from_account', 'text', (c) => c.notNull())
    .addColumn('to_account', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('quantity', 'bigint', (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('ref', 'text')
    .addColumn('pending_id', 'text')
    .addColumn('timeout_at', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('transfers_from')
    .on('transfers')
    .columns(['from_account', 'at'])
    .execute()
  await db.schema
    .createIndex('transfers_to')
    .on('transfers')
    .columns(['to_account', 'at'])
    .execute()
  await db.schema.createIndex('transfers_at').on('transfers').column('at').execute()

  await db.schema
    .createTable('pendings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('from_account', 'text', (c) => c.notNull())
    .addColumn('to_account', 'text', (c) => c.notNull())
    .addColumn('quantity', 'bigint', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('timeout_at', 'text')
    .addColumn('resolved_by', 'text')
    .addColumn('resolved_at', 'text')
    .execute()
  await db.schema
    .createIndex('pendings_open')
    .on('pendings')
    .columns(['state', 'timeout_at'])
    .execute()

  await envelope(db.schema.createTable('allocation_rules'))
    .addColumn('item_id', 'text')
    .addColumn('place_id', 'text')
    .addColumn('allowed', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute()
  await db.schema
    .createIndex('allocation_rules_org')
    .on('allocation_rules')
    .columns(['org', 'item_id', 'place_id'])
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['allocation_rules', 'pendings', 'transfers', 'accounts'])
    await db.schema.dropTable(table).execute()
}
