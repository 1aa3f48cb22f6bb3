/**
 * @module web/transport/legs-page
 * /transport/legs: the legs of the route network, paged, sorted and filtered on the server (GET /api/legs)
 * by mode, status, place and free text (a place's name or code); the list state lives in the address
 * (?mode=&status=&place=&q=&sort=&offset=&limit=).
 * Planners, logisticians and administrators close a leg saying why, open it again, and derive the
 * network from the places (offered first when there are no legs at all).
 */
import { legSortFields } from '@contract/transport.js'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorMessage } from '../common/error-message.js'
import { FilterSelect } from '../common/filter-select.js'
import { Pager, pageSizes } from '../common/pager.js'
import { SearchBox } from '../common/search-box.js'
import { SortHeader, sortFromParam } from '../common/sort-header.js'
import { useApiData } from '../common/use-api-data.js'
import { useLanguage } from '../i18n/i18n.js'
import { named, placeOption, usePlaces } from '../requests/request-lookups.js'
import { setSearchParams, useLocation } from '../router.js'
import { useSignedInSession } from '../session/session.js'
import { DeriveNetwork } from './derive-network.js'
import { LegStatusDialog, type LegToChange } from './leg-status-dialog.js'
import {
  formatKm,
  formatMinutes,
  type LegList,
  legModes,
  legStatuses,
  mayWriteTransport,
  oneOf,
} from './transport-model.js'
import { AnyPlacePicker, TransportTabs } from './transport-pickers.js'
import './transport.css'

const defaultLimit = 25

export function LegsPage() {
  const { t } = useTranslation()
  const language = useLanguage()
  const session = useSignedInSession()
  const writer = mayWriteTransport(session)
  const { search } = useLocation()
  const mode = oneOf(legModes, search.get('mode'))
  const status = oneOf(legStatuses, search.get('status'))
  const place = search.get('place') ?? ''
  const q = search.get('q') ?? ''
  const sort = sortFromParam(search.get('sort'), legSortFields, 'mode')
  const onSort = (next: string) => setSearchParams({ sort: next, offset: undefined })
  const offset = Math.max(0, Number(search.get('offset')) || 0)
  const limitParam = Number(search.get('limit'))
  const limit = (pageSizes as readonly number[]).includes(limitParam) ? limitParam : defaultLimit
  const { data, error, loading, reload } = useApiData<LegList>('/api/legs', {
    mode,
    status,
    place,
    q,
    sort,
    limit,
    offset,
  })
  const legs = data?.legs ?? []
  const places = usePlaces(
    useMemo(
      () => [...(place ? [place] : []), ...legs.flatMap((leg) => [leg.from, leg.to])],
      [place, legs],
    ),
  )
  const [changing, setChanging] = useState<{ leg: LegToChange; action: 'close' | 'open' }>()
  const [done, setDone] = useState<string>()
  // biome-ignore lint/correctness/useExhaustiveDependencies: the filters and page are the trigger
  useEffect(() => setDone(undefined), [mode, status, place, q, offset, limit])
  const filtered = Boolean(mode || status || place || q)
  const onSearch = useCallback(
    (text: string) => setSearchParams({ q: text, offset: undefined }, { replace: true }),
    [],
  )
  const chosenPlace = places.get(place)
  const placeChoice = chosenPlace ? placeOption(chosenPlace, language, t) : undefined
  const nameOf = (id: string) => named(places.get(id), language, '…')

  return (
    <section className="page transport-page" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {t('transport.legs.title')}
      </h1>
      <TransportTabs />
      <p className="subtle">{t('transport.legs.intro')}</p>
      {writer && data && !filtered && <DeriveNetwork empty={data.total === 0} onDerived={reload} />}
      <div className="filters transport-filters">
        <FilterSelect
          label={t('transport.legs.filterMode')}
          value={mode}
          all={t('transport.legs.allModes')}
          onChange={(value) => setSearchParams({ mode: value, offset: undefined })}
        >
          {legModes.map((each) => (
            <option key={each} value={each}>
              {t(`transport.mode.${each}`)}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect
          label={t('transport.legs.filterStatus')}
          value={status}
          all={t('transport.legs.allStatuses')}
          onChange={(value) => setSearchParams({ status: value, offset: undefined })}
        >
          {legStatuses.map((each) => (
            <option key={each} value={each}>
              {t(`transport.legStatus.${each}`)}
            </option>
          ))}
        </FilterSelect>
        <AnyPlacePicker
          label={t('transport.legs.filterPlace')}
          name="place"
          selected={placeChoice}
          onSelect={(option) => setSearchParams({ place: option?.id, offset: undefined })}
        />
        <SearchBox
          label={t('transport.legs.search')}
          placeholder={t('transport.legs.searchPlaceholder')}
          value={q}
          onSearch={onSearch}
        />
        {filtered && (
          <button
            type="button"
            className="clear-filters"
            onClick={() =>
              setSearchParams({
                mode: undefined,
                status: undefined,
                place: undefined,
                q: undefined,
                offset: undefined,
              })
            }
          >
            {t('transport.legs.clearFilters')}
          </button>
        )}
      </div>
      {done && (
        <p className="success" role="status">
          {done}
        </p>
      )}
      {error && <ErrorMessage error={error} onRetry={reload} />}
      <div className="table-wrap">
        <table className="data-table leg-table" aria-busy={loading}>
          <caption className="visually-hidden">{t('transport.legs.title')}</caption>
          <thead>
            <tr>
              <SortHeader
                label={t('transport.columns.mode')}
                field="mode"
                sort={sort}
                onSort={onSort}
              />
              <th scope="col">{t('transport.columns.from')}</th>
              <th scope="col">{t('transport.columns.to')}</th>
              <SortHeader
                label={t('transport.columns.distance')}
                field="distanceKm"
                sort={sort}
                onSort={onSort}
                className="number"
              />
              <SortHeader
                label={t('transport.columns.time')}
                field="transitMinutes"
                sort={sort}
                onSort={onSort}
                className="number"
              />
              <SortHeader
                label={t('transport.columns.status')}
                field="status"
                sort={sort}
                onSort={onSort}
              />
              {writer && <th scope="col">{t('transport.columns.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {legs.map((leg) => {
              const from = nameOf(leg.from)
              const to = nameOf(leg.to)
              const label = `${t(`transport.mode.${leg.mode}`)}: ${from.text} → ${to.text}`
              const action = leg.status === 'open' ? 'close' : 'open'
              return (
                <tr key={leg.id} data-leg={leg.id}>
                  <td>{t(`transport.mode.${leg.mode}`)}</td>
                  <td>
                    <span lang={from.lang}>{from.text}</span>
                  </td>
                  <td>
                    <span lang={to.lang}>{to.text}</span>
                  </td>
                  <td className="number nowrap">{formatKm(leg.distanceKm, language)}</td>
                  <td className="number nowrap">{formatMinutes(leg.transitMinutes, t)}</td>
                  <td>
                    <span className={`leg-status leg-${leg.status}`}>
                      {t(`transport.legStatus.${leg.status}`)}
                    </span>
                    {leg.note && <span className="column-sub">{leg.note}</span>}
                    {leg.edited && <span className="column-sub">{t('transport.legs.edited')}</span>}
                  </td>
                  {writer && (
                    <td className="actions nowrap">
                      <button
                        type="button"
                        aria-label={t(`transport.legs.${action}Label`, { leg: label })}
                        onClick={() =>
                          setChanging({ leg: { id: leg.id, label, version: leg.version }, action })
                        }
                      >
                        {t(`transport.legs.${action}`)}
                      </button>
                    </td>
                  )}
                </tr>
              )
            })}
          </tbody>
        </table>
        {data && legs.length === 0 && (
          <p className="empty">
            {filtered ? t('transport.legs.noResults') : t('transport.legs.none')}
          </p>
        )}
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
      {changing && (
        <LegStatusDialog
          leg={changing.leg}
          action={changing.action}
          onClose={() => setChanging(undefined)}
          onDone={() => {
            setDone(t(`transport.legs.${changing.action}Done`, { leg: changing.leg.label }))
            setChanging(undefined)
            reload()
          }}
        />
      )}
    </section>
  )
}
