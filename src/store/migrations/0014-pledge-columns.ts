/**
 * @module store/migrations/0014-pledge-columns
 * What a pledge list sorts and searches by, as columns beside the pledge's JSON body: the item, the
 * place, the quantity, the dates it is available, and its own words folded for `?q=` (description,
 * capability, conditions). Existing pledges, this node's and replicas alike, are filled from their body.
 */
import type { Kysely } from 'kysely'
import { pledgeColumns } from '../kysely/pledge-columns.js'

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the schema type exists
export async function up(db: Kysely<any>): Promise<void> {
  // One column per statement: SQLite adds only one at a time.
  for (const column of ['item', 'place', 'available_from', 'available_until'])
    await db.schema.alterTable('pledges').addColumn(column, 'text').execute()
  await db.schema.alterTable('pledges').addColumn('quantity', 'bigint').execute()
  await db.schema
    .alterTable('pledges')
    .addColumn('search', 'text', (c) => c.notNull().defaultTo(''))
    .execute()
  const rows = (await db.selectFrom('pledges').select(['id', 'body']).execute()) as {
    id: string
    body: string
  }[]
  for (const row of rows)
    await db
      .updateTable('pledges')
      .set(pledgeColumns(JSON.parse(row.body)))
      .where('id', '=', row.id)
      .execute()
  await db.schema.createIndex('pledges_created').on('pledges').columns(['created_at']).execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('pledges_created').execute()
  for (const column of ['search', 'available_until', 'available_from', 'quantity', 'place', 'item'])
    await db.schema.alterTable('pledges').dropColumn(column).execute()
}
