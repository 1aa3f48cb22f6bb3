/**
 * @module store/migrations/0012-stock-sums
 * An index that holds everything the map and the dashboard sum over stock accounts (where, item,
 * the balances, and the releasability columns), so their sums read the index alone instead of
 * every account's row: with 100,000 transfers and ~40,000 stock accounts, 8-10× faster on SQLite
 * (bench/RESULTS.md, issue 8). Every balance change updates it, as it does the row.
 */
import type { Kysely } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the schema type exists
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('accounts_sums')
    .on('accounts')
    .columns(['kind', 'where_id', 'item_id', 'posted', 'pending_out', 'pending_in', 'org', 'share'])
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('accounts_sums').execute()
}
