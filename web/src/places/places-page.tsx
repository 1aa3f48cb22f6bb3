/**
 * @module web/places/places-page
 * /places: every place, paged, sorted and filtered on the server (GET /api/places). The list state lives
 * in the address (?q=&type=&sort=&offset=&limit=) so Back and shared links bring it back.
 */
import type { PlaceList, PlaceType } from '@contract/places.js'
import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorMessage } from '../common/error-message.js'
import { Pager, pageSizes } from '../common/pager.js'
import { RecordName } from '../common/record-name.js'
import { SearchBox } from '../common/search-box.js'
import { SortHeader } from '../common/sort-header.js'
import { useApiData } from '../common/use-api-data.js'
import { formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { Link, navigate, setSearchParams, useLocation } from '../router.js'
import { PlaceTypeFilter, parsePlaceTypes } from './place-type-filter.js'

const defaultLimit = 50

export function PlacesPage() {
  const { t } = useTranslation()
  const language = useLanguage()
  const { search } = useLocation()
  const q = search.get('q') ?? ''
  const types = parsePlaceTypes(search.get('type'))
  const sort = search.get('sort') ?? 'code'
  const offset = Math.max(0, Number(search.get('offset')) || 0)
  const limitParam = Number(search.get('limit'))
  const limit = (pageSizes as readonly number[]).includes(limitParam) ? limitParam : defaultLimit
  const admin = search.get('admin') ?? undefined

  const { data, error, loading, reload } = useApiData<PlaceList>('/api/places', {
    q,
    type: types,
    admin,
    sort,
    limit,
    offset,
  })

  const onSearch = useCallback(
    (text: string) => setSearchParams({ q: text, offset: undefined }, { replace: true }),
    [],
  )
  const onTypes = (next: PlaceType[]) =>
    setSearchParams({ type: next.join(','), offset: undefined })
  const onSort = (next: string) => setSearchParams({ sort: next, offset: undefined })
  const nameField = language === 'ja' ? 'nameJa' : 'nameEn'

  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {t('places.title')}
      </h1>
      <div className="filters">
        <SearchBox
          label={t('places.search')}
          placeholder={t('places.searchPlaceholder')}
          value={q}
          onSearch={onSearch}
        />
        <PlaceTypeFilter selected={types} onChange={onTypes} />
      </div>
      {error && <ErrorMessage error={error} onRetry={reload} />}
      <div className="table-wrap">
        <table className="data-table" aria-busy={loading}>
          <caption className="visually-hidden">{t('places.title')}</caption>
          <thead>
            <tr>
              <SortHeader
                label={t('places.columns.name')}
                field={nameField}
                alsoFields={['nameEn', 'nameJa']}
                sort={sort}
                onSort={onSort}
              />
              <SortHeader
                label={t('places.columns.type')}
                field="type"
                sort={sort}
                onSort={onSort}
              />
              <th scope="col">{t('places.columns.municipality')}</th>
              <SortHeader
                label={t('places.columns.capacity')}
                field="capacity"
                sort={sort}
                onSort={onSort}
                className="number"
              />
              <th scope="col">{t('places.columns.status')}</th>
              <SortHeader
                label={t('places.columns.code')}
                field="code"
                sort={sort}
                onSort={onSort}
              />
            </tr>
          </thead>
          <tbody>
            {data?.places.map((place) => {
              const href = `/places/${place.id}`
              return (
                // The name is the link for keyboards and screen readers; a click anywhere on the row is for pointers.
                <tr
                  key={place.id}
                  className="clickable"
                  onClick={(event) => {
                    if (
                      (event.target as HTMLElement).closest('a') ||
                      window.getSelection()?.toString()
                    )
                      return
                    navigate(href)
                  }}
                >
                  <td>
                    <Link href={href}>
                      <RecordName record={place} />
                    </Link>
                  </td>
                  <td>{t(`placeType.${place.type}`)}</td>
                  <td>{place.municipality ?? t('table.none')}</td>
                  <td className="number">
                    {place.capacity === null
                      ? t('table.none')
                      : formatNumber(place.capacity, language)}
                  </td>
                  <td>
                    {place.status ? (
                      <span className={`status status-${place.status.status}`}>
                        {t(`placeStatus.${place.status.status}`)}
                      </span>
                    ) : (
                      t('table.none')
                    )}
                  </td>
                  <td className="code">{place.code}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
        {data && data.places.length === 0 && <p className="empty">{t('places.noResults')}</p>}
        {!data && loading && <p className="empty">{t('app.loading')}</p>}
      </div>
      {data && (
        <Pager
          total={data.total}
          limit={limit}
          offset={offset}
          onPage={(next) => setSearchParams({ offset: next > 0 ? String(next) : undefined })}
          onLimit={(next) => setSearchParams({ limit: String(next), offset: undefined })}
        />
      )}
    </section>
  )
}
