/**
 * @module store/kysely/bulk
 * Many rows in statements whose text does not depend on how many: PostgreSQL reads them from one array
 * per column (`unnest`); SQLite's updates read them from one JSON parameter (`json_each`) and its
 * inserts run one prepared row's statement once per row, in one call. The ledger's hot writes use
 * these, because building, compiling and preparing a statement per row or per chunk cost more than
 * running it (bench/RESULTS.md). A fixed text also stays in SQLite's prepared-statement cache.
 */
import {
  CompiledQuery,
  type Kysely,
  PostgresAdapter,
  type QueryResult,
  type RawBuilder,
  sql,
} from 'kysely'

/**
 * Row counts of SQLite's multi-row inserts that return what they inserted (`insertNewRows`; the
 * row-by-row statement returns nothing), largest first: a few fixed texts serve every count.
 */
const SQLITE_INSERT_SIZES = [256, 32, 4, 1] as const

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

/**
 * A table of the given ids, one parameter whatever their number, to join to: `from <ids> join t on
 * t.id = ids.value`. A join reads one row per id by the table's key; SQLite ran three `id in (select
 * value from json_each(?))` in one statement 5–8 times slower than as joins (70–110 µs against 13,
 * issue 4).
 */
export function idTable(dialect: Dialect, ids: readonly string[]): RawBuilder<unknown> {
  if (dialect === 'postgres') return sql`unnest(${[...ids]}::text[]) as ids(value)`
  return sql`json_each(${JSON.stringify(ids)}) as ids`
}

/**
 * A statement of id lists (`idTable`s), built and compiled by Kysely once; each run fills in its lists.
 * Building and compiling the stock reference check took Kysely about twice as long as SQLite took to
 * run it (issue 4). `build` gets the lists' tables in the order the runs will give the lists.
 */
export function compiledWithIdLists(
  // biome-ignore lint/suspicious/noExplicitAny: works on any schema
  db: Kysely<any>,
  count: number,
  build: (tables: RawBuilder<unknown>[]) => RawBuilder<unknown>,
): (lists: readonly (readonly string[])[]) => CompiledQuery {
  const dialect = dialectOf(db)
  const markers = Array.from({ length: count }, (_, i) => `\u0000id list ${i}`)
  const compiled = build(markers.map((marker) => idTable(dialect, [marker]))).compile(db)
  const slots = markers.map((marker) => {
    const at = compiled.parameters.findIndex((parameter) =>
      dialect === 'postgres'
        ? Array.isArray(parameter) && parameter.length === 1 && parameter[0] === marker
        : parameter === JSON.stringify([marker]),
    )
    if (at < 0) throw new Error('compiledWithIdLists: a list is not a parameter of the statement')
    return at
  })
  return (lists) => {
    const parameters = [...compiled.parameters]
    slots.forEach((slot, i) => {
      const ids = lists[i] ?? []
      parameters[slot] = dialect === 'postgres' ? [...ids] : JSON.stringify(ids)
    })
    return CompiledQuery.raw(compiled.sql, parameters)
  }
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
 * Returns the number of rows inserted (or updated, with `conflict.update`).
 */
export async function insertRows(
  // biome-ignore lint/suspicious/noExplicitAny: works on any schema
  db: Kysely<any>,
  table: string,
  columns: readonly Column[],
  rows: readonly (readonly unknown[])[],
  /**
   * Rows whose key these columns already hold are skipped (`on conflict … do nothing`), or, with
   * `update`, have those columns set from the new row (an upsert; a key must not repeat in `rows`).
   */
  conflict?: { readonly on: readonly string[]; readonly update?: readonly string[] },
  postgresRows: PostgresRows = 'arrays',
): Promise<number> {
  const tail = conflict ? conflictClause(conflict.on, conflict.update ?? []) : ''
  if (rows.length === 0) return 0
  if (dialectOf(db) === 'sqlite') {
    // One row's statement given the rows as its parameters, run once per row by
    // store/sqlite/open-sqlite.ts: faster than multi-row VALUES (issue 4). Compiled by hand: Kysely's
    // building and compiling of thousands of parameters cost more than the insert itself.
    const result = await db.executeQuery(
      CompiledQuery.raw(
        sqliteInsertText(table, columns, 1) + tail + rowByRowMark(columns.length),
        rows as unknown[],
      ),
    )
    return Number(result.numAffectedRows ?? 0n)
  }
  let count = 0
  for (const result of await insertStatements(db, table, columns, rows, tail, postgresRows))
    count += Number(result.numAffectedRows ?? 0n)
  return count
}

/**
 * Inserts `rows`, skipping any that a unique key of the table already holds (`on conflict do nothing`,
 * whichever key), and returns the values of column `key` of the rows inserted.
 */
export async function insertNewRows(
  // biome-ignore lint/suspicious/noExplicitAny: works on any schema
  db: Kysely<any>,
  table: string,
  columns: readonly Column[],
  rows: readonly (readonly unknown[])[],
  key: string,
): Promise<Set<string>> {
  const inserted = new Set<string>()
  const tail = ` on conflict do nothing returning "${key}"`
  for (const result of await insertStatements(db, table, columns, rows, tail, 'values'))
    for (const row of result.rows as Record<string, unknown>[]) inserted.add(String(row[key]))
  return inserted
}

/**
 * How PostgreSQL receives many rows: one array per column (`unnest`; one statement whatever the count,
 * best for narrow rows such as transfers), or bound multi-row VALUES (best for wide text rows such as
 * events and records: an array literal of kilobyte texts must be escaped by the driver and parsed by
 * the server, which made `unnest` 2–3× slower for replica events, bench/RESULTS.md).
 */
export type PostgresRows = 'arrays' | 'values'

/** Bound parameters a PostgreSQL statement may carry (its protocol counts them in 16 bits). */
const POSTGRES_PARAMETERS_MAX = 65_535

async function insertStatements(
  // biome-ignore lint/suspicious/noExplicitAny: works on any schema
  db: Kysely<any>,
  table: string,
  columns: readonly Column[],
  rows: readonly (readonly unknown[])[],
  tail: string,
  postgresRows: PostgresRows,
): Promise<QueryResult<unknown>[]> {
  if (rows.length === 0) return []
  const postgres = dialectOf(db) === 'postgres'
  if (postgres && postgresRows === 'values') {
    const results: QueryResult<unknown>[] = []
    const perStatement = Math.floor(POSTGRES_PARAMETERS_MAX / columns.length)
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement)
      results.push(
        await db.executeQuery(
          CompiledQuery.raw(postgresInsertText(table, columns, chunk.length) + tail, chunk.flat()),
        ),
      )
    }
    return results
  }
  if (postgres) {
    const into = sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.id(c.name)))})`
    return [
      await sql`${into} select * from ${rowsOf('postgres', columns, rows)} as v${sql.raw(tail)}`.execute(
        db,
      ),
    ]
  }
  // Compiled by hand: Kysely's building and compiling of thousands of parameters cost more than
  // the insert itself.
  const results: QueryResult<unknown>[] = []
  let start = 0
  while (start < rows.length) {
    const left = rows.length - start
    const size = SQLITE_INSERT_SIZES.find((n) => n <= left) ?? 1
    const parameters: unknown[] = []
    for (let r = start; r < start + size; r++)
      for (const value of rows[r] as unknown[]) parameters.push(value)
    results.push(
      await db.executeQuery(
        CompiledQuery.raw(sqliteInsertText(table, columns, size) + tail, parameters),
      ),
    )
    start += size
  }
  return results
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

function conflictClause(on: readonly string[], update: readonly string[]): string {
  const key = on.map((c) => `"${c}"`).join(', ')
  if (update.length === 0) return ` on conflict (${key}) do nothing`
  return ` on conflict (${key}) do update set ${update.map((c) => `"${c}" = excluded."${c}"`).join(', ')}`
}

const insertTexts = new Map<string, string>()

function postgresInsertText(table: string, columns: readonly Column[], size: number): string {
  const rows: string[] = []
  for (let r = 0; r < size; r++)
    rows.push(`(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`)
  return `insert into "${table}" (${columns.map((c) => `"${c.name}"`).join(', ')}) values ${rows.join(', ')}`
}

function sqliteInsertText(table: string, columns: readonly Column[], size: number): string {
  const key = `${table}|${columns.map((c) => c.name).join(',')}|${size}`
  let text = insertTexts.get(key)
  if (text === undefined) {
    const row = `(${columns.map(() => '?').join(', ')})`
    text = `insert into "${table}" (${columns.map((c) => `"${c.name}"`).join(', ')}) values ${Array(size).fill(row).join(', ')}`
    insertTexts.set(key, text)
  }
  return text
}
