/**
 * Migration 0019 splits the transfers into what a batch's transfers share (`transfer_batches`) and
 * each one's own columns (`transfer_lines`), behind a `transfers` view: the transfers stored before it
 * read exactly as they did, even where transfers of one batch differ in a shared column, and going
 * back to 0018 gives the table back as it was. On both stores.
 */
import { type Kysely, Migrator, sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { ledgerReads } from '../../src/store/kysely/ledger-queries.js'
import type { Database } from '../../src/store/kysely/schema.js'
import { migrationProvider } from '../../src/store/migrations/index.js'
import { openSqlite } from '../../src/store/sqlite/open-sqlite.js'
import { migratorOf, openMigrationDb } from '../support/migration-db.js'
import { dialects } from '../support/stores.js'

const envelope = {
  home: 'node',
  org: 'org',
  share: 'all',
  created_at: '2024-01-01T00:00:00Z',
  updated_at: '2024-01-01T00:00:00Z',
  version: 1,
}

function account(id: string, kind: string, posted: number) {
  // biome-ignore format: one row
  return { ...envelope, id, kind, where_id: id, item_id: 'water', owner: 'org', lot: '', expires_on: null, posted, pending_out: 0, pending_in: 0, card_last: null, card_lines: 0 }
}

/** A transfer row as 0018 stored it; `over` changes any column. */
function transfer(seq: number, from: string, to: string, over: Record<string, unknown> = {}) {
  // biome-ignore format: one row
  return { ...envelope, seq, id: `t${seq}`, batch_id: 'b1', mode: 'single', from_account: from, to_account: to, item_id: 'water', quantity: seq, reason: 'r', ref: null, pending_id: null, timeout_at: null, actor: 'cli:x', at: '2024-01-02T00:00:00Z', from_prev: null, to_prev: null, ...over }
}

/** Every transfer as `transfers` reads, numbers as numbers (PostgreSQL gives bigints as text). */
async function allTransfers(db: Kysely<Database>) {
  const rows = await db.selectFrom('transfers').selectAll().orderBy('seq').execute()
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [
        k,
        typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v,
      ]),
    ),
  )
}

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`migration 0019-transfer-batches on ${dialect.name}`, () => {
    it('reads the transfers stored before it as they were, and gives them back going down', async () => {
      const { db, schema, drop } = await openMigrationDb(dialect.name)
      try {
        const migrator = migratorOf(db, schema)
        expect((await migrator.migrateTo('0018-stock-card-chain')).error).toBeUndefined()
        // biome-ignore lint/suspicious/noExplicitAny: the tables as 0018 left them
        const old = db as Kysely<any>
        await old
          .insertInto('accounts')
          .values([account('A', 'stock', 7), account('B', 'stock', 8), account('S', 'supply', -15)])
          .execute()
        await old
          .insertInto('transfers')
          .values([
            transfer(1, 'S', 'A'),
            transfer(2, 'S', 'B', { to_prev: null, from_prev: 1 }),
            // Same batch id, another time and actor: a batch row of its own, nothing lost.
            transfer(3, 'A', 'B', {
              at: '2024-01-03T00:00:00Z',
              actor: 'u:y',
              from_prev: 1,
              to_prev: 2,
            }),
            transfer(4, 'B', 'A', {
              batch_id: 'b2',
              share: '["o2"]',
              version: 2,
              ref: 'R "1"',
              from_prev: 3,
              to_prev: 3,
            }),
            transfer(5, 'S', 'A', { reason: 'again', from_prev: 2, to_prev: 4 }),
          ])
          .execute()
        await old
          .updateTable('accounts')
          .set({
            card_last: sql`case id when 'A' then 5 when 'B' then 4 else 5 end`,
            card_lines: sql`case id when 'A' then 4 when 'B' then 3 else 3 end`,
          })
          .execute()
        const before = await allTransfers(db as Kysely<Database>)

        expect((await migrator.migrateToLatest()).error).toBeUndefined()
        expect(await allTransfers(db as Kysely<Database>)).toEqual(before)
        const batches = await db.selectFrom('transfer_batches').select('id').orderBy('id').execute()
        // Transfers 1, 2 and 5 share every shared value; 3 and 4 each differ.
        expect(batches.map((b) => Number(b.id))).toEqual([1, 3, 4])
        const reads = ledgerReads(db as Kysely<Database>)
        expect(await reads.findCardBreaks()).toEqual([])
        const card = await reads.stockCard('A', 50, 0)
        expect(card.rows.map((l) => [l.transfer.id, l.transfer.actor, l.transfer.at])).toEqual([
          ['t1', 'cli:x', '2024-01-02T00:00:00Z'],
          ['t3', 'u:y', '2024-01-03T00:00:00Z'],
          ['t4', 'cli:x', '2024-01-02T00:00:00Z'],
          ['t5', 'cli:x', '2024-01-02T00:00:00Z'],
        ])

        expect((await migrator.migrateTo('0018-stock-card-chain')).error).toBeUndefined()
        expect(await allTransfers(db as Kysely<Database>)).toEqual(before)
      } finally {
        await db.destroy()
        await drop()
      }
    })
  })
}

describe('migration 0019-transfer-batches on sqlite, interrupted', () => {
  /** A node at 0018 with two transfers. */
  async function at0018() {
    const db = openSqlite(':memory:')
    const migrator = new Migrator({ db, provider: migrationProvider })
    expect((await migrator.migrateTo('0018-stock-card-chain')).error).toBeUndefined()
    // biome-ignore lint/suspicious/noExplicitAny: the tables as 0018 left them
    const old = db as Kysely<any>
    await old
      .insertInto('accounts')
      .values([account('A', 'stock', 3), account('S', 'supply', -3)])
      .execute()
    await old
      .insertInto('transfers')
      .values([transfer(1, 'S', 'A'), transfer(2, 'S', 'A', { from_prev: 1, to_prev: 1 })])
      .execute()
    await old.updateTable('accounts').set({ card_last: 2, card_lines: 2 }).execute()
    return { db, old, migrator }
  }

  it('is found done on the next start when a crash came before Kysely recorded it', async () => {
    const { db, old, migrator } = await at0018()
    try {
      const before = await allTransfers(db)
      expect((await migrator.migrateTo('0019-transfer-batches')).error).toBeUndefined()
      await old.deleteFrom('kysely_migration').where('name', '=', '0019-transfer-batches').execute()
      expect((await migrator.migrateToLatest()).error).toBeUndefined()
      expect(await allTransfers(db)).toEqual(before)
    } finally {
      await db.destroy()
    }
  })

  it('leaves the transfers table as it was when a step fails', async () => {
    const { db, old, migrator } = await at0018()
    try {
      const before = await allTransfers(db)
      // Something outside the ledger pointing at a transfer: dropping the table then fails.
      await sql`create table pins (transfer text references transfers (id))`.execute(db)
      await sql`insert into pins values ('t1')`.execute(db)
      expect((await migrator.migrateTo('0019-transfer-batches')).error).toBeDefined()
      const tables = await sql<{ name: string; type: string }>`
        select name, type from sqlite_master where name in ('transfers', 'transfer_lines', 'transfer_batches')`.execute(
        db,
      )
      expect(tables.rows).toEqual([{ name: 'transfers', type: 'table' }])
      expect(await allTransfers(db)).toEqual(before)
      expect(
        await old
          .selectFrom('kysely_migration')
          .select('name')
          .orderBy('name', 'desc')
          .executeTakeFirst(),
      ).toEqual({
        name: '0018-stock-card-chain',
      })
    } finally {
      await db.destroy()
    }
  })
})
