/**
 * @module store/migrations/0005-pledges
 * Pledges: what partners offer, and unannounced donations triaged on arrival.
 */
import { type Kysely, sql } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the schema type exists
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('pledges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('home', 'text', (c) => c.notNull())
    .addColumn('org', 'text', (c) => c.notNull())
    .addColumn('share', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version > 0`))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('pledges_status').on('pledges').columns(['status', 'org']).execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('pledges').execute()
}
