/**
 * @module store/migrations/0016-proposal-progress
 * Which moves of its request lines the proposing node applied for each of its proposals
 * (domain/federation/proposal-progress.ts): one row per proposal and stage, so that a fact pulled
 * twice, or a pull racing a receipt, moves a line once. This node's bookkeeping, not replicated.
 */
import type { Kysely } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the schema type exists
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('proposal_progress')
    .addColumn('proposal_id', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('proposal_progress_pk', ['proposal_id', 'stage'])
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('proposal_progress').execute()
}
