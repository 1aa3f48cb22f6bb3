/**
 * @module store/kysely/sorting
 * A list's `sort` parameter ("field" or "-field") as SQL: the column, nulls last in both directions
 * (SQLite puts nulls first and PostgreSQL last by default: this makes both the same), then the
 * tiebreak columns, so that every page of a sorted list is stable.
 */
import { type RawBuilder, sql } from 'kysely'

export function orderClause(
  sort: string,
  columns: Readonly<Record<string, RawBuilder<unknown>>>,
  tiebreak: RawBuilder<unknown>,
): RawBuilder<unknown> {
  const descending = sort.startsWith('-')
  const column = columns[descending ? sort.slice(1) : sort]
  // The contract admits only known fields: anything else here is a programmer error.
  if (!column) throw new Error(`unknown sort "${sort}"`)
  const direction = descending ? sql`desc` : sql`asc`
  return sql`case when ${column} is null then 1 else 0 end, ${column} ${direction}, ${tiebreak}`
}

/** Text folded as the `search` columns are, as a LIKE pattern with its wildcards escaped. */
export function containsPattern(folded: string): string {
  return `%${folded.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}
