/**
 * @module store/migrations/0008-consignment-tracking
 * Tracking a consignment on its way: one row per event (departed, position, delayed, arrived), and the
 * consignment's latest ETA beside its status. An event is part of its consignment, not a record of its
 * own — the consignment's home, owner and share are its — so it has no envelope, only a key to it.
 */
import { type Kysely, sql } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the schema type exists
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('consignments').addColumn('eta', 'text').execute()
  await db.schema
    .createTable('tracking_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('consignment', 'text', (c) =>
      c.notNull().references('consignments.id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('departed', 'position', 'delayed', 'arrived')`),
    )
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('lat', 'double precision', (c) => c.check(sql`lat between -90 and 90`))
    .addColumn('lon', 'double precision', (c) => c.check(sql`lon between -180 and 180`))
    .addColumn('eta', 'text')
    .addColumn('note', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('tracking_events_consignment')
    .on('tracking_events')
    .columns(['consignment', 'at'])
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('tracking_events').execute()
  await db.schema.alterTable('consignments').dropColumn('eta').execute()
}
