/**
 * @module store/kysely/bulk
 * Many rows in statements whose text does not depend on how many: PostgreSQL reads them from one array
 * per column (`unnest`); SQLite's updates read them from one JSON parameter (`json_each`) and its
 * inserts run one prepared row's statement once per row, in one call. The ledger's hot writes use
 * these, because building, compiling and preparing a statement per row or per chunk cost more than
 * running it (bench/RESULTS.md). A fixed text also stays in SQLite's prepared-statement cache.
 */
import { CompiledQuery, type Kysely, PostgresAdapter, type RawBuilder, sql } from 'kysely'

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

/**
 * `insert into <table> (<columns>) <rows>`. PostgreSQL takes every row in one statement from one array
 * per column; SQLite takes them as bound values, one row's statement run once per row
 * (`rowByRowMark`): reading each of a row's columns out of a JSON parameter cost SQLite three
 * times what inserting the row did (26–34 ms against 8 ms for 1,000 transfer rows, issue 4).
 */
export async function insertRows(
  // biome-ignore lint/suspicious/noExplicitAny: works on any schema
  db: Kysely<any>,
  table: string,
  columns: readonly Column[],
  rows: readonly (readonly unknown[])[],
  /** Rows whose key these columns already hold are skipped (`on conflict … do nothing`). */
  skipConflictOn?: readonly string[],
): Promise<number> {
  if (rows.length === 0) return 0
  const conflict = skipConflictOn
    ? ` on conflict (${skipConflictOn.map((c) => `"${c}"`).join(', ')}) do nothing`
    : ''
  if (dialectOf(db) === 'postgres') {
    const into = sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.id(c.name)))})`
    const result =
      await sql`${into} select * from ${rowsOf('postgres', columns, rows)} as v${sql.raw(conflict)}`.execute(
        db,
      )
    return Number(result.numAffectedRows ?? 0n)
  }
  // One row's statement given the rows as its parameters, run once per row by
  // store/sqlite/open-sqlite.ts: faster than multi-row VALUES (issue 4). Compiled by hand: Kysely's
  // building and compiling of thousands of parameters cost more than the insert itself.
  const result = await db.executeQuery(
    CompiledQuery.raw(
      sqliteInsertText(table, columns) + conflict + rowByRowMark(columns.length),
      rows as unknown[],
    ),
  )
  return Number(result.numAffectedRows ?? 0n)
}

/**
 * Marks a one-row statement whose parameters are rows, arrays of `width` values each: it is run once
 * per row, all rows or none. A loop of one prepared single-row INSERT took 7–9 ms for 1,000 transfer rows
 * where multi-row `VALUES` of 256 rows took 12–13 ms, and multi-row statements of 2 to 32 rows were no
 * better (bench/RESULTS.md, issue 4). Run by store/sqlite/open-sqlite.ts.
 */
export const rowByRowMark = (width: number): string => ` /* row by row: ${width} */`

const ROW_BY_ROW = / \/\* row by row: (\d+) \*\/$/

/** The row width a statement's text is marked with, or 0. */
export function rowWidthOf(text: string): number {
  if (!text.endsWith(' */')) return 0
  const match = ROW_BY_ROW.exec(text)
  return match ? Number(match[1]) : 0
}

const insertTexts = new Map<string, string>()

function sqliteInsertText(table: string, columns: readonly Column[]): string {
  const key = `${table}|${columns.map((c) => c.name).join(',')}`
  let text = insertTexts.get(key)
  if (text === undefined) {
    text = `insert into "${table}" (${columns.map((c) => `"${c.name}"`).join(', ')}) values (${columns.map(() => '?').join(', ')})`
    insertTexts.set(key, text)
  }
  return text
}
