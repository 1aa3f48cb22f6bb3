/**
 * @module store/migrations/0015-transfers-by-item
 * The transfers' two indexes by account (from, to) give way to one by item and time. A commit
 * wrote one leaf page of each per account moved — 600 pages for a submit of 1,000 transfers over
 * 300 accounts — and that, not the fsync, was most of a batched submit's time on SQLite; by item,
 * the same submit touches one page per item moved. A transfer's accounts hold its item, so a
 * stock card reads its item's transfers and keeps its account's (bench/RESULTS.md, issue 4).
 */
import type { Kysely } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the schema type exists
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('transfers_from').execute()
  await db.schema.dropIndex('transfers_to').execute()
  await db.schema.createIndex('transfers_item').on('transfers').columns(['item_id', 'at']).execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('transfers_item').execute()
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
}
