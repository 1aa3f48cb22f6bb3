/**
 * @module store/migrations/0013-proposals
 * Proposals and their decisions (DESIGN.md, "Allocation", last bullet): a proposal is a record of the
 * planning node that asks another node to move its stock; the decision is a record of that other node.
 * Both tables hold this node's records and replicas alike (their `home` tells them apart). Each row's
 * record is kept whole as JSON (written once, never changed); the columns beside it are what lists
 * filter on: a plan's proposals, the proposals addressed to a node, a proposal's decision.
 *
 * Receipts across nodes (`peer_receipts`): what a node received of another node's consignment, its own
 * record, replicated to the sender, which closes its transit from it. One per consignment.
 */
import type { Kysely } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the schema type exists
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('proposals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('home', 'text', (c) => c.notNull())
    .addColumn('org', 'text', (c) => c.notNull())
    .addColumn('share', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('plan_id', 'text', (c) => c.notNull())
    .addColumn('peer', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('proposals_plan').on('proposals').columns(['plan_id']).execute()
  await db.schema
    .createIndex('proposals_peer')
    .on('proposals')
    .columns(['peer', 'created_at'])
    .execute()

  // One decision per proposal: the unique index makes a second one (a race of two accepts) fail.
  await db.schema
    .createTable('proposal_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('home', 'text', (c) => c.notNull())
    .addColumn('org', 'text', (c) => c.notNull())
    .addColumn('share', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('proposal_id', 'text', (c) => c.notNull().unique())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('peer_receipts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('home', 'text', (c) => c.notNull())
    .addColumn('org', 'text', (c) => c.notNull())
    .addColumn('share', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('consignment_id', 'text', (c) => c.notNull().unique())
    .addColumn('sender', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('peer_receipts_sender')
    .on('peer_receipts')
    .columns(['sender', 'created_at'])
    .execute()
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('peer_receipts').execute()
  await db.schema.dropTable('proposal_decisions').execute()
  await db.schema.dropTable('proposals').execute()
}
