/**
 * Migration 0013 fills the new pledge columns from the bodies of pledges stored before it, so an
 * upgraded node sorts and searches its old pledges like new ones (SQLite; the statements are the
 * same on PostgreSQL, where the pledges API tests run them on an empty table).
 */
import { Migrator } from 'kysely'
import { describe, expect, it } from 'vitest'
import { migrationProvider } from '../../src/store/migrations/index.js'
import { openSqlite } from '../../src/store/sqlite/open-sqlite.js'

describe('migration 0014-pledge-columns', () => {
  it("fills an old pledge's item, place, quantity, dates and folded words from its body", async () => {
    const db = openSqlite(':memory:')
    try {
      const migrator = new Migrator({ db, provider: migrationProvider })
      const before = await migrator.migrateTo('0012-stock-sums')
      expect(before.error).toBeUndefined()
      const body = {
        operation: null,
        kind: 'item',
        item: '01900000-0000-7000-8000-000000000002',
        capability: null,
        description: 'Ｗｉｎｔｅｒ Tents',
        quantity: 200,
        unit: null,
        place: '01900000-0000-7000-8000-000000000001',
        availableFrom: '2024-01-05T00:00:00Z',
        availableUntil: null,
        conditions: 'For Noto',
        unsolicited: false,
        triage: null,
        receipt: null,
      }
      await db
        .insertInto('pledges')
        .values({
          id: '01900000-0000-7000-8000-0000000000aa',
          home: 'node',
          org: 'org',
          share: 'all',
          created_at: '2024-01-01T00:00:00Z',
          updated_at: '2024-01-01T00:00:00Z',
          version: 1,
          status: 'offered',
          body: JSON.stringify(body),
        } as never)
        .execute()
      const after = await migrator.migrateTo('0014-pledge-columns')
      expect(after.error).toBeUndefined()
      const row = await db.selectFrom('pledges').selectAll().executeTakeFirstOrThrow()
      expect(row).toMatchObject({
        item: body.item,
        place: body.place,
        quantity: 200,
        available_from: '2024-01-05T00:00:00Z',
        available_until: null,
        search: 'winter tents for noto',
      })
    } finally {
      await db.destroy()
    }
  })
})
