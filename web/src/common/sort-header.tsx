/**
 * @module web/common/sort-header
 * A column header that sorts on the server: `sort` is a field name, descending with a leading "-".
 * Announces its state through aria-sort; a click sorts ascending, a second click descending.
 */
import type { ReactNode } from 'react'

export interface SortHeaderProps {
  label: ReactNode
  /** The field this column sorts by. */
  field: string
  /** Fields that count as this column being sorted (e.g. nameEn and nameJa for a "Name" column). */
  alsoFields?: readonly string[]
  sort: string
  onSort: (sort: string) => void
  className?: string
}

export function SortHeader({
  label,
  field,
  alsoFields = [],
  sort,
  onSort,
  className,
}: SortHeaderProps) {
  const descending = sort.startsWith('-')
  const current = descending ? sort.slice(1) : sort
  const active = current === field || alsoFields.includes(current)
  const ariaSort = !active ? 'none' : descending ? 'descending' : 'ascending'
  const next = active && !descending ? `-${field}` : field
  return (
    <th scope="col" aria-sort={ariaSort} className={className}>
      <button type="button" className="sort-button" onClick={() => onSort(next)}>
        {label}
        <span className="sort-mark" aria-hidden="true">
          {!active ? '↕' : descending ? '▼' : '▲'}
        </span>
      </button>
    </th>
  )
}

/** The sort in the address if the API accepts it (one of `fields`, maybe with "-"); else `fallback`. */
export function sortFromParam<const F extends string>(
  param: string | null,
  fields: readonly F[],
  fallback: F | `-${F}`,
): F | `-${F}` {
  const field = param?.replace(/^-/, '')
  return field && (fields as readonly string[]).includes(field) ? (param as F | `-${F}`) : fallback
}
