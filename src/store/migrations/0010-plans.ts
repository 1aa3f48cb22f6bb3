/**
 * @module store/migrations/0010-plans
 * Allocation plans: the envelope like every operational record, the status of its life, the
 * operation and parameters it was run with, the snapshot it was solved on (whole, so that the model
 * can be rebuilt and shown as LP text, and its summary for lists), the result and the greedy
 * comparison as JSON (always read and written whole), the consignments its approval created, the
 * consignments of earlier plans it re-plans, timings and model size.
 */
import { type Kysely, sql } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the schema type exists
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('home', 'text', (c) => c.notNull())
    .addColumn('org', 'text', (c) => c.notNull())
    .addColumn('share', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version > 0`))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`status in ('running', 'draft', 'failed', 'cancelled', 'approved', 'done', 'discarded')`,
        ),
    )
    .addColumn('operation', 'text')
    .addColumn('note', 'text')
    .addColumn('start', 'text', (c) => c.notNull())
    .addColumn('horizon_hours', 'double precision', (c) => c.notNull())
    .addColumn('snapshot', 'text')
    .addColumn('snapshot_summary', 'text')
    .addColumn('figures', 'text')
    .addColumn('result', 'text')
    .addColumn('comparison', 'text')
    .addColumn('failure', 'text')
    .addColumn('consignments', 'text', (c) => c.notNull())
    .addColumn('released', 'text', (c) => c.notNull())
    .addColumn('replaces', 'text')
    .addColumn('model_size', 'text')
    .addColumn('timings', 'text')
    .addColumn('approved_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('discarded_at', 'text')
    .execute()
  await db.schema.createIndex('plans_created').on('plans').columns(['created_at', 'id']).execute()
  await db.schema.createIndex('plans_status').on('plans').columns(['status', 'operation']).execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('plans').execute()
}
