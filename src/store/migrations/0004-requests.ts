/**
 * @module store/migrations/0004-requests
 * Operations, requests for assistance and their lines. The requester's contact (personal data) lives
 * apart, so events carry only a reference and a hash of it (DESIGN.md, principle 9).
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

  await envelope(db.schema.createTable('operations'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('started_on', 'text', (c) => c.notNull())
    .addColumn('ended_on', 'text')
    .addColumn('area', 'text')
    .addColumn('standards', 'text', (c) => c.notNull())
    .execute()

  await envelope(db.schema.createTable('requests'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('operation_id', 'text')
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('needed_by', 'text', (c) => c.notNull())
    .addColumn('justification', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('rejection_reason', 'text')
    .addColumn('contact_id', 'text')
    .addColumn('lines', 'text', (c) => c.notNull())
    .addColumn('possible_duplicates', 'text', (c) => c.notNull())
    .addColumn('top_priority', 'integer', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('requests_status')
    .on('requests')
    .columns(['status', 'needed_by'])
    .execute()
  await db.schema
    .createIndex('requests_destination')
    .on('requests')
    .columns(['destination', 'status'])
    .execute()

  await db.schema
    .createTable('personal_data')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('redacted_at', 'text')
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['personal_data', 'requests', 'operations'])
    await db.schema.dropTable(table).execute()
}
