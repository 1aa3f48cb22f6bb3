/**
 * @module store/migrations/0007-consignments
 * Consignments (lines and the lots reserved for them kept as JSON: always read and written whole with
 * the consignment) and proofs of delivery: the signature and photo live apart from the event log
 * (DESIGN.md, principle 9), which holds only their hash.
 */
import { type Kysely, sql } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the schema type exists
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('consignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('home', 'text', (c) => c.notNull())
    .addColumn('org', 'text', (c) => c.notNull())
    .addColumn('share', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version > 0`))
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('asset', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('lines', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('dispatched_at', 'text')
    .addColumn('arrived_at', 'text')
    .addColumn('received_at', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('proof', 'text')
    .execute()
  await db.schema
    .createIndex('consignments_status')
    .on('consignments')
    .columns(['status', 'created_at'])
    .execute()
  await db.schema.createIndex('consignments_origin').on('consignments').column('origin').execute()
  await db.schema
    .createIndex('consignments_destination')
    .on('consignments')
    .column('destination')
    .execute()

  await db.schema
    .createTable('delivery_proofs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('consignment', 'text', (c) => c.notNull().unique())
    .addColumn('org', 'text', (c) => c.notNull())
    .addColumn('received_by', 'text', (c) => c.notNull())
    .addColumn('signature', 'text')
    .addColumn('photo', 'text')
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('redacted_at', 'text')
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('delivery_proofs').execute()
  await db.schema.dropTable('consignments').execute()
}
