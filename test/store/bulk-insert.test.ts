/**
 * SQLite's bulk inserts run one row's statement once per row (store/kysely/bulk.ts,
 * store/sqlite/open-sqlite.ts): they must stay one statement to the caller — every row or none,
 * inside or outside a transaction — and skip or update conflicting rows when asked; the inserts that
 * say which rows they wrote use multi-row statements.
 */
import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Column, insertNewRows, insertRows } from '../../src/store/kysely/bulk.js'
import { openSqlite } from '../../src/store/sqlite/open-sqlite.js'

const columns: Column[] = [
  { name: 'id', type: 'text' },
  { name: 'quantity', type: 'bigint' },
]

describe('bulk insert on SQLite', () => {
  let db: ReturnType<typeof openSqlite>
  // biome-ignore lint/suspicious/noExplicitAny: a scratch table outside the schema
  let any: any
  beforeEach(async () => {
    db = openSqlite(':memory:')
    any = db
    await sql`create table lines (id text primary key, quantity bigint not null check (quantity > 0))`.execute(
      db,
    )
  })
  afterEach(async () => {
    await db.destroy()
  })
  const ids = async () =>
    (await sql<{ id: string }>`select id from lines order by id`.execute(db)).rows.map((r) => r.id)

  it('inserts every row, in order, and counts them', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => [`r${String(i).padStart(3, '0')}`, i + 1])
    expect(await insertRows(any, 'lines', columns, rows)).toBe(300)
    expect(await ids()).toEqual(rows.map((r) => r[0]))
    const sum = await sql<{ s: number }>`select sum(quantity) as s from lines`.execute(db)
    expect(Number(sum.rows[0]?.s)).toBe((300 * 301) / 2)
  })

  it('writes no row of a statement refused at a later row, outside a transaction', async () => {
    await expect(
      insertRows(any, 'lines', columns, [
        ['a', 1],
        ['b', 2],
        ['c', 0],
      ]),
    ).rejects.toThrow(/CHECK constraint/)
    expect(await ids()).toEqual([])
  })

  it('takes back only the refused statement inside a transaction, which goes on', async () => {
    await db.transaction().execute(async (trx) => {
      // biome-ignore lint/suspicious/noExplicitAny: see above
      const t = trx as any
      await insertRows(t, 'lines', columns, [['a', 1]])
      await expect(
        insertRows(t, 'lines', columns, [
          ['b', 2],
          ['a', 3],
        ]),
      ).rejects.toThrow(/UNIQUE constraint/)
      await insertRows(t, 'lines', columns, [['c', 3]])
    })
    expect(await ids()).toEqual(['a', 'c'])
  })

  it('skips the rows whose key is taken when asked, counting only those written', async () => {
    await insertRows(any, 'lines', columns, [['a', 1]])
    const written = await insertRows(
      any,
      'lines',
      columns,
      [
        ['a', 5],
        ['b', 2],
      ],
      { on: ['id'] },
    )
    expect(written).toBe(1)
    expect(await ids()).toEqual(['a', 'b'])
  })

  it('sets the columns named from the new row where the key is taken (an upsert)', async () => {
    await insertRows(any, 'lines', columns, [['a', 1]])
    const written = await insertRows(
      any,
      'lines',
      columns,
      [
        ['a', 5],
        ['b', 2],
      ],
      { on: ['id'], update: ['quantity'] },
    )
    expect(written).toBe(2)
    expect(
      (
        await sql<{
          id: string
          quantity: number
        }>`select id, quantity from lines order by id`.execute(db)
      ).rows,
    ).toEqual([
      { id: 'a', quantity: 5 },
      { id: 'b', quantity: 2 },
    ])
  })

  it('says which rows it wrote when rows a key holds already are skipped', async () => {
    await insertRows(any, 'lines', columns, [['b', 1]])
    const rows = Array.from({ length: 300 }, (_, i) => [`r${String(i).padStart(3, '0')}`, i + 1])
    const written = await insertNewRows(any, 'lines', columns, [...rows, ['b', 9]], 'id')
    expect([...written].sort()).toEqual(rows.map(([id]) => id))
    expect((await ids()).length).toBe(301)
  })

  it('refuses values that are not whole rows', async () => {
    await expect(insertRows(any, 'lines', columns, [['a', 1], ['b']])).rejects.toThrow(
      /not 2 values/,
    )
    expect(await ids()).toEqual([])
  })
})
