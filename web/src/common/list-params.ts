/**
 * @module web/common/list-params
 * The state of a list that pages, sorts and searches on the server, kept in the address (?q=&sort=
 * &offset=&limit=) so Back and shared links bring it back; and the handlers that change it.
 */
import { useCallback } from 'react'
import { setSearchParams, useLocation } from '../router.js'
import { pageSizes } from './pager.js'
import { sortFromParam } from './sort-header.js'

export function useListParams<const F extends string>(
  fields: readonly F[],
  defaultSort: F | `-${F}`,
  defaultLimit = 50,
) {
  const { search } = useLocation()
  const sort = sortFromParam(search.get('sort'), fields, defaultSort)
  const q = search.get('q') ?? ''
  const offset = Math.max(0, Number(search.get('offset')) || 0)
  const limitParam = Number(search.get('limit'))
  const limit = (pageSizes as readonly number[]).includes(limitParam) ? limitParam : defaultLimit
  const onSearch = useCallback(
    (text: string) => setSearchParams({ q: text, offset: undefined }, { replace: true }),
    [],
  )
  return {
    search,
    sort,
    q,
    offset,
    limit,
    onSearch,
    onSort: (next: string) => setSearchParams({ sort: next, offset: undefined }),
    onPage: (next: number) => setSearchParams({ offset: next > 0 ? String(next) : undefined }),
    onLimit: (next: number) => setSearchParams({ limit: String(next), offset: undefined }),
    /** Sets a filter of the list and goes back to its first page. */
    onFilter: (name: string, value: string) =>
      setSearchParams({ [name]: value, offset: undefined }),
  }
}
