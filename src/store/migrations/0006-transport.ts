/**
 * @module store/migrations/0006-transport
 * Transport: the assets partners offer and the legs of the route network. A leg is one row per pair
 * of places and mode (used both ways), so deriving the network again finds the legs it made before.
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

  await envelope(db.schema.createTable('assets'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('type_code', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('payload_kg', 'integer', (c) => c.notNull().check(sql`payload_kg > 0`))
    .addColumn('volume_m3', 'double precision', (c) => c.notNull().check(sql`volume_m3 > 0`))
    .addColumn('speed_kmh', 'double precision', (c) => c.notNull().check(sql`speed_kmh > 0`))
    .addColumn('range_km', 'double precision', (c) => c.check(sql`range_km > 0`))
    .addColumn('base', 'text', (c) => c.notNull())
    .addColumn('available_from', 'text')
    .addColumn('available_until', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_note', 'text')
    .addColumn('search', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('assets_kind_status')
    .on('assets')
    .columns(['kind', 'status'])
    .execute()
  await db.schema.createIndex('assets_org').on('assets').column('org').execute()

  await envelope(db.schema.createTable('legs'))
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('from_place', 'text', (c) => c.notNull())
    .addColumn('to_place', 'text', (c) => c.notNull())
    .addColumn('distance_km', 'double precision', (c) => c.notNull().check(sql`distance_km > 0`))
    .addColumn('transit_minutes', 'integer', (c) => c.notNull().check(sql`transit_minutes > 0`))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('edited', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('legs_mode_pair', ['mode', 'from_place', 'to_place'])
    .execute()
  await db.schema.createIndex('legs_from').on('legs').column('from_place').execute()
  await db.schema.createIndex('legs_to').on('legs').column('to_place').execute()
  await db.schema.createIndex('legs_status').on('legs').columns(['status', 'mode']).execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('legs').execute()
  await db.schema.dropTable('assets').execute()
}
