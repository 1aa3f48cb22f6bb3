/**
 * @module store/migrations/0017-transfers-without-at
 * The transfers' index by time alone goes. Only stock as of a time read by it (`at <=` a time), and
 * that read takes every transfer up to then — for any time past the first days of an operation, most
 * of the table, which a scan reads no slower than the index and the rows it points to. Each submit
 * paid for it: about 0.5 ms of 8 to insert 1,000 transfers on SQLite (bench/RESULTS.md, issue 4).
 */
import type { Kysely } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the schema type exists
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('transfers_at').execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('transfers_at').on('transfers').column('at').execute()
}
