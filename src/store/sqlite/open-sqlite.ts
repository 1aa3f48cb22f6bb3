/**
 * @module store/sqlite/open-sqlite
 * The embedded default: one SQLite file in WAL mode with durable commits (`synchronous=FULL`: a power
 * cut loses nothing that was acknowledged). NOTES.md measured the cost; batching pays for it.
 */
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, SqliteDialect, type SqliteStatement } from 'kysely'
import { rowWidthOf } from '../kysely/bulk.js'
import type { Database } from '../kysely/schema.js'

/** Statements kept prepared; the hot queries are a few dozen texts, the rest come and go. */
const STATEMENTS_MAX = 256

/**
 * Kysely's SQLite driver prepares every query anew, which costs more than running it for the ledger's
 * small statements (bench/RESULTS.md). This keeps the most recently used statements by their SQL text.
 * Safe because the driver runs one statement at a time and never leaves one iterating between calls
 * (nothing here streams).
 */
class PreparedStatements {
  private readonly statements = new Map<string, SqliteDatabase.Statement>()

  constructor(private readonly database: SqliteDatabase.Database) {}

  private readonly rowByRow = new Map<string, RowByRow>()

  prepare(text: string): SqliteStatement {
    const width = rowWidthOf(text)
    if (width === 0) return this.prepareOne(text)
    // A handful of texts (one per bulk-inserted table), kept for good.
    let statement = this.rowByRow.get(text)
    if (!statement) {
      statement = new RowByRow(this.database, this.database.prepare(text), width)
      this.rowByRow.set(text, statement)
    }
    return statement
  }

  private prepareOne(text: string): SqliteDatabase.Statement {
    let statement = this.statements.get(text)
    if (statement) {
      // Most recently used last, so the oldest is evicted first.
      this.statements.delete(text)
    } else {
      statement = this.database.prepare(text)
      if (this.statements.size >= STATEMENTS_MAX) {
        const oldest = this.statements.keys().next().value
        if (oldest !== undefined) this.statements.delete(oldest)
      }
    }
    this.statements.set(text, statement)
    return statement
  }

  close(): void {
    this.statements.clear()
    this.rowByRow.clear()
    this.database.close()
  }
}

/**
 * The statement Kysely's driver sees for a row-by-row text: `run` takes the rows as its parameters
 * and binds each in turn. Inside a savepoint, so that a row refused halfway (a constraint) takes the
 * rows before it back with it, as one multi-row statement would.
 */
class RowByRow {
  readonly reader = false
  private readonly runAll: (parameters: readonly unknown[]) => SqliteDatabase.RunResult

  constructor(database: SqliteDatabase.Database, one: SqliteDatabase.Statement, width: number) {
    this.runAll = database.transaction((rows: readonly unknown[]) => {
      let changes = 0
      let lastInsertRowid: number | bigint = 0
      for (const row of rows) {
        if (!Array.isArray(row) || row.length !== width)
          throw new Error(`row by row: a row is not ${width} values`)
        const result = one.run(row)
        changes += result.changes
        lastInsertRowid = result.lastInsertRowid
      }
      return { changes, lastInsertRowid }
    })
  }

  run(parameters: readonly unknown[]): SqliteDatabase.RunResult {
    return this.runAll(parameters)
  }

  all(): never {
    throw new Error('row by row: an INSERT or UPDATE returns no rows')
  }

  iterate(): never {
    return this.all()
  }
}

export function openSqlite(path: string): Kysely<Database> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const database = new SqliteDatabase(path)
  database.pragma('journal_mode = WAL')
  database.pragma('synchronous = FULL')
  database.pragma('foreign_keys = ON')
  // Another process of the same node may hold the write lock for a moment.
  database.pragma('busy_timeout = 10000')
  // A ledger commit touches a few hundred index pages (one per account moved): keep them in memory
  // (64 MiB at most) and checkpoint less often, so that a page changed by many commits is written back
  // once (bench/RESULTS.md; the WAL may grow to about 40 MB between checkpoints).
  database.pragma('cache_size = -65536')
  database.pragma('wal_autocheckpoint = 10000')
  return new Kysely<Database>({
    dialect: new SqliteDialect({ database: new PreparedStatements(database) }),
  })
}
