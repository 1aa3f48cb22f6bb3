/**
 * Migration 0018 numbers the transfers stored before it in the order of their time and id and chains
 * each account's lines, so an upgraded node's stock cards read as before; `findCardBreaks` (what
 * `kizuna verify` reports) finds a link or an account's head that no longer matches. On both stores.
 */
import { type Kysely, Migrator } from 'kysely'
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

function account(id: string, kind: string, posted: number, pendingOut = 0, pendingIn = 0) {
  // biome-ignore format: one row
  return { ...envelope, id, kind, where_id: id, item_id: 'water', owner: 'org', lot: '', expires_on: null, posted, pending_out: pendingOut, pending_in: pendingIn }
}

function transfer(
  id: string,
  at: string,
  from: string,
  to: string,
  quantity: number,
  mode = 'single',
) {
  // biome-ignore format: one row
  return { ...envelope, id, batch_id: 'b', mode, from_account: from, to_account: to, item_id: 'water', quantity, reason: 'r', ref: null, pending_id: null, timeout_at: null, actor: 'cli:x', at }
}

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`migration 0018-stock-card-chain on ${dialect.name}`, () => {
    it("chains the transfers already stored, and finds a broken link or an account's head", async () => {
      const { db, schema, drop } = await openMigrationDb(dialect.name)
      try {
        const migrator = migratorOf(db, schema)
        expect((await migrator.migrateTo('0017-transfers-without-at')).error).toBeUndefined()
        // biome-ignore lint/suspicious/noExplicitAny: the tables as 0017 left them
        const old = db as Kysely<any>
        await old
          .insertInto('accounts')
          .values([
            account('A', 'stock', 7, 0, 1),
            account('B', 'stock', 8, 1),
            account('S', 'supply', -15),
          ])
          .execute()
        // Stored out of order: the migration numbers them by time, then id.
        await old
          .insertInto('transfers')
          .values([
            transfer('t4', '2024-01-03T00:00:00Z', 'B', 'A', 1, 'pending'),
            transfer('t3', '2024-01-02T00:00:00Z', 'S', 'B', 5),
            transfer('t1', '2024-01-01T00:00:00Z', 'S', 'A', 10),
            transfer('t2', '2024-01-02T00:00:00Z', 'A', 'B', 3),
          ])
          .execute()
        // To 0018 itself: the transfers are a table there, so a link can be cut by hand below.
        expect((await migrator.migrateTo('0018-stock-card-chain')).error).toBeUndefined()

        const rows = await db
          .selectFrom('transfers')
          .select(['id', 'seq', 'from_prev', 'to_prev'])
          .orderBy('seq')
          .execute()
        expect(rows.map((r) => [r.id, Number(r.seq), r.from_prev, r.to_prev].map(num))).toEqual([
          ['t1', 1, null, null],
          ['t2', 2, 1, null],
          ['t3', 3, 1, 2],
          ['t4', 4, 3, 2],
        ])
        const heads = await db
          .selectFrom('accounts')
          .select(['id', 'card_last', 'card_lines'])
          .orderBy('id')
          .execute()
        expect(heads.map((a) => [a.id, a.card_last, a.card_lines].map(num))).toEqual([
          ['A', 4, 3],
          ['B', 4, 3],
          ['S', 3, 2],
        ])

        const reads = ledgerReads(db as Kysely<Database>)
        const card = await reads.stockCard('A', 50, 0)
        expect(card.total).toBe(3)
        expect(card.rows.map((l) => [l.transfer.id, l.change, l.postedAfter])).toEqual([
          ['t1', 10, 10],
          ['t2', -3, 7],
          ['t4', 0, 7],
        ])
        expect(await reads.findCardBreaks()).toEqual([])

        // A link cut by hand, and a count changed by hand.
        await old.updateTable('transfers').set({ to_prev: null }).where('id', '=', 't3').execute()
        await db.updateTable('accounts').set({ card_lines: 9 }).where('id', '=', 'S').execute()
        const breaks = [
          { accountId: 'B', transfer: 't3', what: 'previous', stored: null, expected: 2 },
          { accountId: 'S', transfer: null, what: 'lines', stored: 9, expected: 2 },
        ]
        expect(await reads.findCardBreaks()).toEqual(breaks)
        // On to the latest schema (0019 splits the transfers in two tables behind a view): the
        // breaks are carried over as they were, and verify still finds them.
        expect((await migrator.migrateToLatest()).error).toBeUndefined()
        expect(await reads.findCardBreaks()).toEqual(breaks)
      } finally {
        await db.destroy()
        await drop()
      }
    })
  })
}

describe('migration 0018-stock-card-chain on sqlite, done but not recorded', () => {
  it('is found done on the next start: Kysely records a SQLite migration apart from it', async () => {
    const db = openSqlite(':memory:')
    try {
      const migrator = new Migrator({ db, provider: migrationProvider })
      expect((await migrator.migrateTo('0017-transfers-without-at')).error).toBeUndefined()
      // biome-ignore lint/suspicious/noExplicitAny: the tables as 0017 left them
      const old = db as Kysely<any>
      await old
        .insertInto('accounts')
        .values([account('A', 'stock', 10), account('S', 'supply', -10)])
        .execute()
      await old
        .insertInto('transfers')
        .values([transfer('t1', '2024-01-01T00:00:00Z', 'S', 'A', 10)])
        .execute()
      expect((await migrator.migrateTo('0018-stock-card-chain')).error).toBeUndefined()
      // A crash after the migration's transaction, before Kysely's record of it.
      await old.deleteFrom('kysely_migration').where('name', '=', '0018-stock-card-chain').execute()
      expect((await migrator.migrateToLatest()).error).toBeUndefined()
      const card = await ledgerReads(db as Kysely<Database>).stockCard('A', 50, 0)
      expect(card.rows.map((l) => [l.transfer.id, l.postedAfter])).toEqual([['t1', 10]])
    } finally {
      await db.destroy()
    }
  })
})

const num = (value: unknown) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value
