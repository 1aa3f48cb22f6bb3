/**
 * @module interop/hxl/tag-pattern
 * HXL tag patterns, as libhxl and the HXL Proxy read them, for finding columns by meaning rather than
 * by position:
 *
 * - `#org` matches every `#org` column, whatever its attributes;
 * - `#org+impl` matches `#org` columns that have `+impl` (other attributes allowed);
 * - `#org-funder` matches `#org` columns without `+funder`;
 * - `#org+name!` matches `#org` columns with exactly the attributes written (`+name` and no other);
 * - `#*+code` matches any hashtag with `+code`.
 *
 * Matching ignores case. A malformed pattern is a programmer error and throws.
 */
import assert from 'node:assert/strict'
import { type Tagspec, TOKEN } from './tagspec.js'

export interface TagPattern {
  /** The pattern as written. */
  readonly text: string
  /** `#item`, or `#*` for any hashtag. */
  readonly tag: string
  /** Attributes a column must have. */
  readonly include: readonly string[]
  /** Attributes a column must not have. */
  readonly exclude: readonly string[]
  /** True for `!`: no attributes beyond `include`. */
  readonly absolute: boolean
  /** Whether the column's hashtag and attributes fit the pattern; usable as `columns.filter(p.matches)`. */
  readonly matches: (column: Tagspec) => boolean
}

const PATTERN = new RegExp(`^#(${TOKEN}|\\*)((?:\\s*[+-]${TOKEN})*)\\s*(!)?$`)

/** Parses a tag pattern such as `#item+name+i_ja`, `#org-funder` or `#*+code`. */
export function pattern(text: string): TagPattern {
  const match = PATTERN.exec(text.trim())
  assert(match?.[1], `"${text}" is not a HXL tag pattern such as #item+name or #org-funder`)
  const include: string[] = []
  const exclude: string[] = []
  for (const part of (match[2] ?? '').match(/[+-]\w+/g) ?? []) {
    const attribute = part.slice(1).toLowerCase()
    ;(part.startsWith('+') ? include : exclude).push(attribute)
  }
  const absolute = match[3] === '!'
  assert(!(absolute && exclude.length > 0), `"${text}": an exact (!) pattern cannot exclude`)
  const tag = `#${match[1].toLowerCase()}`
  return {
    text,
    tag,
    include,
    exclude,
    absolute,
    matches: (column) =>
      (tag === '#*' || column.tag === tag) &&
      include.every((attribute) => column.attributes.includes(attribute)) &&
      !exclude.some((attribute) => column.attributes.includes(attribute)) &&
      (!absolute || column.attributes.every((attribute) => include.includes(attribute))),
  }
}

const toPattern = (p: TagPattern | string) => (typeof p === 'string' ? pattern(p) : p)

/** 0-based index of the first column the pattern matches, or -1. */
export function findColumn(columns: readonly Tagspec[], p: TagPattern | string): number {
  return columns.findIndex(toPattern(p).matches)
}

interface Columns {
  readonly columns: readonly Tagspec[]
}
interface Values {
  readonly values: readonly string[]
}

/**
 * The row's value in the first column the pattern matches (possibly ''), or null when no column
 * matches. Pass the table (or anything holding its columns) with one of its rows.
 */
export function get(table: Columns, row: Values, p: TagPattern | string): string | null {
  const index = findColumn(table.columns, p)
  return index < 0 ? null : (row.values[index] ?? null)
}

/** The row's values in every column the pattern matches, in column order (e.g. `#sector+list` twice). */
export function getAll(table: Columns, row: Values, p: TagPattern | string): string[] {
  const { matches } = toPattern(p)
  return table.columns.flatMap((column, i) => (matches(column) ? [row.values[i] ?? ''] : []))
}
