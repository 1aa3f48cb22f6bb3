/**
 * @module web/operations/operations-page
 * /operations: the operations this user may see (GET /api/operations), newest first or sorted by a
 * column header, paged and searched by name on the server (?q=&open=&sort=&offset=&limit= in the
 * address); each with its dates and how many of the standards it sets its own figure for; a name opens
 * the operation to change it.
 */
import { operationSortFields } from '@contract/requests.js'
import { useTranslation } from 'react-i18next'
import { ErrorMessage } from '../common/error-message.js'
import { FilterSelect } from '../common/filter-select.js'
import { useListParams } from '../common/list-params.js'
import { Pager } from '../common/pager.js'
import { SearchBox } from '../common/search-box.js'
import { SortHeader } from '../common/sort-header.js'
import { useApiData } from '../common/use-api-data.js'
import { Link } from '../router.js'
import type { Operation } from './operations.js'

export function OperationsPage() {
  const { t } = useTranslation()
  const list = useListParams(operationSortFields, '-startedOn')
  const openParam = list.search.get('open')
  const open = openParam === 'true' || openParam === 'false' ? openParam : ''
  const { data, error, loading, reload } = useApiData<{
    operations: Operation[]
    total: number
  }>('/api/operations', {
    q: list.q,
    open,
    sort: list.sort,
    limit: list.limit,
    offset: list.offset,
  })
  const operations = data?.operations ?? []
  const filtered = Boolean(list.q || open)
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {t('operations.title')}
      </h1>
      <p className="subtle">{t('operations.intro')}</p>
      <div className="filters">
        <SearchBox label={t('operations.search')} value={list.q} onSearch={list.onSearch} />
        <FilterSelect
          label={t('operations.filters.state')}
          value={open}
          all={t('operations.filters.allStates')}
          onChange={(value) => list.onFilter('open', value)}
        >
          <option value="true">{t('operations.ongoing')}</option>
          <option value="false">{t('operations.filters.ended')}</option>
        </FilterSelect>
      </div>
      {error && <ErrorMessage error={error} onRetry={reload} />}
      {data && operations.length === 0 && (
        <p className="empty">{filtered ? t('operations.noResults') : t('operations.empty')}</p>
      )}
      {operations.length > 0 && (
        <div className="table-wrap">
          <table className="data-table" aria-busy={loading}>
            <caption className="visually-hidden">{t('operations.title')}</caption>
            <thead>
              <tr>
                <SortHeader
                  label={t('operations.fields.name')}
                  field="name"
                  sort={list.sort}
                  onSort={list.onSort}
                />
                <SortHeader
                  label={t('operations.fields.startedOn')}
                  field="startedOn"
                  sort={list.sort}
                  onSort={list.onSort}
                />
                <SortHeader
                  label={t('operations.fields.endedOn')}
                  field="endedOn"
                  sort={list.sort}
                  onSort={list.onSort}
                />
                <th scope="col" className="number">
                  {t('operations.columns.ownFigures')}
                </th>
              </tr>
            </thead>
            <tbody>
              {operations.map((operation) => (
                <tr key={operation.id}>
                  <th scope="row">
                    <Link href={`/operations/${operation.id}`}>{operation.name}</Link>
                  </th>
                  <td className="nowrap">{operation.startedOn}</td>
                  <td className="nowrap">{operation.endedOn ?? t('operations.ongoing')}</td>
                  <td className="number">{Object.keys(operation.standards).length}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && (
        <Pager
          total={data.total}
          limit={list.limit}
          offset={list.offset}
          onPage={list.onPage}
          onLimit={list.onLimit}
        />
      )}
    </section>
  )
}
