/**
 * @module store/kysely/bulk
 * Many rows in one statement whose text does not depend on how many: SQLite reads them from one JSON
 * parameter (`json_each`), PostgreSQL from one array per column (`unnest`). The ledger's hot writes use
 * these, because building, compiling and preparing a statement per row or per chunk cost more than
 * running it (bench/RESULTS.md). A fixed text also stays in SQLite's prepared-statement cache.
 */
import { type Kysely, PostgresAdapter, type RawBuilder, sql } from 'kysely'

export type Dialect = 'sqlite' | 'postgres'

// biome-ignore lint/suspicious/noExplicitAny: works on any schema
export function dialectOf(db: Kysely<any>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite'
}

/** Column types as PostgreSQL's arrays need them; SQLite takes JSON values as they are. */
export type ColumnType = 'text' | 'bigint' | 'integer'

export interface Column {
  readonly name: string
  readonly type: ColumnType
}

/**
 * A row source with the given columns, for `insert into t (cols) select … from <source>` or an update's
 * `from`: `select <columns> from <source> as v`. `rows` are arrays in the order of `columns`.
 */
export function rowsOf(
  dialect: Dialect,
  columns: readonly Column[],
  rows: readonly (readonly unknown[])[],
): RawBuilder<unknown> {
  if (dialect === 'postgres') {
    const arrays = columns.map(
      (column, c) => sql`${rows.map((row) => row[c])}::${sql.raw(column.type)}[]`,
    )
    return sql`(select * from unnest(${sql.join(arrays)}) as u(${sql.join(
      columns.map((column) => sql.id(column.name)),
    )}))`
  }
  const fields = columns.map(
    (column, c) => sql`value ->> ${sql.lit(`$[${c}]`)} as ${sql.id(column.name)}`,
  )
  return sql`(select ${sql.join(fields)} from json_each(${JSON.stringify(rows)}))`
}

/** `id in (<these ids>)` with one parameter whatever their number. */
export function idIn(
  dialect: Dialect,
  column: string,
  ids: readonly string[],
): RawBuilder<boolean> {
  if (dialect === 'postgres') return sql<boolean>`${sql.ref(column)} = any(${[...ids]}::text[])`
  return sql<boolean>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(ids)}))`
}
