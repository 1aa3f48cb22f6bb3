/**
 * @module store/sqlite/open-sqlite
 * The embedded default: one SQLite file in WAL mode with durable commits (`synchronous=FULL`: a power
 * cut loses nothing that was acknowledged). NOTES.md measured the cost; batching pays for it.
 */
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import type { Database } from '../kysely/schema.js'

export function openSqlite(path: string): Kysely<Database> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const database = new SqliteDatabase(path)
  database.pragma('journal_mode = WAL')
  database.pragma('synchronous = FULL')
  database.pragma('foreign_keys = ON')
  // Another process of the same node may hold the write lock for a moment.
  database.pragma('busy_timeout = 10000')
  return new Kysely<Database>({ dialect: new SqliteDialect({ database }) })
}
