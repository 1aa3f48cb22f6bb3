/**
 * @module store/migrations/0001-foundation
 * The event log, the signed chain head, organisations, catalog items, places and place statuses.
 * Column types are chosen to mean the same in SQLite and PostgreSQL.
 */
import { type Kysely, sql } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the schema type exists
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('events')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('share', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('events_subject').on('events').columns(['subject', 'seq']).execute()
  await db.schema.createIndex('events_at').on('events').column('at').execute()

  // One row: the head every writer updates first, which serialises writers on a node.
  await db.schema
    .createTable('chain_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addCheckConstraint('chain_head_single_row', sql`id = 1`)
    .execute()
  await db
    .insertInto('chain_head')
    .values({ id: 1, seq: 0, hash: '0'.repeat(64) })
    .execute()

  await db.schema
    .createTable('signed_heads')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('signed_at', 'text', (c) => c.notNull())
    .execute()

  const envelope = (table: ReturnType<typeof db.schema.createTable>) =>
    table
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('home', 'text', (c) => c.notNull())
      .addColumn('org', 'text', (c) => c.notNull())
      .addColumn('share', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().check(sql`version > 0`))

  await envelope(db.schema.createTable('organisations'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('name_ja', 'text')
    .addColumn('country', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .execute()

  await envelope(db.schema.createTable('items'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('name_ja', 'text')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('group_name', 'text')
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('unit_weight_g', 'bigint', (c) => c.check(sql`unit_weight_g >= 0`))
    .addColumn('unit_volume_ml', 'bigint', (c) => c.check(sql`unit_volume_ml >= 0`))
    .addColumn('shelf_life_days', 'integer')
    .addColumn('ifrc_code', 'text')
    .addColumn('components', 'text', (c) => c.notNull())
    .addColumn('search', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('items_category').on('items').columns(['category', 'code']).execute()

  await envelope(db.schema.createTable('places'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('name_ja', 'text')
    .addColumn('lat', 'double precision', (c) => c.notNull().check(sql`lat >= -90 and lat <= 90`))
    .addColumn('lon', 'double precision', (c) => c.notNull().check(sql`lon >= -180 and lon <= 180`))
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('admin_code', 'text')
    .addColumn('municipality', 'text')
    .addColumn('address', 'text')
    .addColumn('capacity', 'integer')
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('search', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('places_type').on('places').columns(['type', 'code']).execute()
  await db.schema.createIndex('places_admin').on('places').column('admin_code').execute()
  await db.schema.createIndex('places_lat_lon').on('places').columns(['lat', 'lon']).execute()

  await envelope(db.schema.createTable('place_statuses'))
    .addColumn('place_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('reported_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('place_statuses_place')
    .on('place_statuses')
    .columns(['place_id', 'reported_at'])
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'place_statuses',
    'places',
    'items',
    'organisations',
    'signed_heads',
    'chain_head',
    'events',
    'meta',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
