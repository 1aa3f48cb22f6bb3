/**
 * Every row of every table of a test node, read straight from the database (not through the store), so
 * a test can assert what is — and is not — written down: no password, token or session id in clear.
 */
import SqliteDatabase from 'better-sqlite3'
import { sql } from 'kysely'
import { openPostgres } from '../../src/store/postgres/open-postgres.js'
import type { TestNode } from './stores.js'

export type RawTables = Record<string, Record<string, unknown>[]>

export async function readRawTables(node: TestNode): Promise<RawTables> {
  const tables: RawTables = {}
  if (node.store.kind === 'sqlite') {
    const db = new SqliteDatabase(node.database, { readonly: true })
    try {
      const names = db
        .prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`)
        .all() as { name: string }[]
      for (const { name } of names)
        tables[name] = db.prepare(`select * from "${name.replace(/"/g, '""')}"`).all() as Record<
          string,
          unknown
        >[]
    } finally {
      db.close()
    }
    return tables
  }
  const db = openPostgres(node.database, node.schema)
  try {
    const names = await sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = ${node.schema ?? 'public'} and table_type = 'BASE TABLE'`.execute(db)
    for (const { table_name: name } of names.rows) {
      const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db)
      tables[name] = rows.rows
    }
  } finally {
    await db.destroy()
  }
  return tables
}

/** Where `secret` appears in clear: "table.column" for each cell that contains it. */
export function whereFound(tables: RawTables, secret: string): string[] {
  const found: string[] = []
  for (const [table, rows] of Object.entries(tables))
    for (const row of rows)
      for (const [column, value] of Object.entries(row)) {
        const text =
          typeof value === 'string'
            ? value
            : value instanceof Uint8Array
              ? Buffer.from(value).toString('latin1')
              : JSON.stringify(value ?? null)
        if (text.includes(secret)) found.push(`${table}.${column}`)
      }
  return found
}
