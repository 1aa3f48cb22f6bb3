/**
 * @module web/consignments/consignments-page
 * /consignments: the consignments this organisation may see, paged, sorted and filtered on the server
 * (GET /api/consignments) by status, origin, destination and the places' names; the filters live in
 * the address (?status=&origin=&destination=&q=&sort=&offset=&limit=). Each row: its reference (to the detail), origin →
 * destination, asset, status, number of lines, and when it left or is expected.
 */
import { consignmentSortFields } from '@contract/consignments.js'
import { useCallback, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorMessage } from '../common/error-message.js'
import { FilterSelect } from '../common/filter-select.js'
import { HomeBadge } from '../common/home-badge.js'
import { liveKinds, useLiveUpdates } from '../common/live.js'
import { Pager, pageSizes } from '../common/pager.js'
import { SearchBox } from '../common/search-box.js'
import { SortHeader, sortFromParam } from '../common/sort-header.js'
import { useApiData } from '../common/use-api-data.js'
import { formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { ZonedTime } from '../requests/request-bits.js'
import { named, usePlaces } from '../requests/request-lookups.js'
import { Link, setSearchParams, useLocation } from '../router.js'
import { useSignedInSession } from '../session/session.js'
import { PlacePicker, usePlaceOption } from '../stock/stock-pickers.js'
import { AnyPlacePicker } from '../transport/transport-pickers.js'
import { ConsignmentStatusBadge } from './consignment-bits.js'
import { useAssets } from './consignment-lookups.js'
import {
  type Consignment,
  type ConsignmentList,
  consignmentStatuses,
  isConsignmentStatus,
  mayWriteConsignments,
  shortRef,
} from './consignment-model.js'
import './consignments.css'

const defaultLimit = 50
const uuid = /^[0-9a-f-]{36}$/i

export function ConsignmentsPage() {
  const { t } = useTranslation()
  const language = useLanguage()
  const session = useSignedInSession()
  const { search } = useLocation()
  const statusParam = search.get('status') ?? ''
  const status = isConsignmentStatus(statusParam) ? statusParam : ''
  const origin = uuid.test(search.get('origin') ?? '') ? (search.get('origin') as string) : ''
  const destination = uuid.test(search.get('destination') ?? '')
    ? (search.get('destination') as string)
    : ''
  const q = search.get('q') ?? ''
  const sort = sortFromParam(search.get('sort'), consignmentSortFields, '-createdAt')
  const offset = Math.max(0, Number(search.get('offset')) || 0)
  const limitParam = Number(search.get('limit'))
  const limit = (pageSizes as readonly number[]).includes(limitParam) ? limitParam : defaultLimit
  const { data, error, loading, reload } = useApiData<ConsignmentList>('/api/consignments', {
    status,
    origin,
    destination,
    q,
    sort,
    limit,
    offset,
  })
  useLiveUpdates(liveKinds.consignments, reload)
  const rows = data?.consignments ?? []
  const places = usePlaces(
    useMemo(() => rows.flatMap((row) => [row.origin, row.destination]), [rows]),
  )
  const assets = useAssets(
    useMemo(() => rows.flatMap((row) => (row.asset ? [row.asset] : [])), [rows]),
  )
  const originOption = usePlaceOption(origin || undefined)
  const destinationOption = usePlaceOption(destination || undefined)
  const filtered = Boolean(status || origin || destination || q)
  const placeName = (id: string) => named(places.get(id), language, '…')
  const onSearch = useCallback(
    (text: string) => setSearchParams({ q: text, offset: undefined }, { replace: true }),
    [],
  )
  const onSort = (next: string) => setSearchParams({ sort: next, offset: undefined })

  return (
    <section className="page consignments-page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title" tabIndex={-1}>
          {t('consignments.title')}
        </h1>
        {mayWriteConsignments(session) && (
          <div className="head-links">
            <Link href="/consignments/new" className="button-like primary">
              {t('consignments.new')}
            </Link>
          </div>
        )}
      </div>
      <p className="subtle">{t('consignments.intro')}</p>
      <div className="filters consignment-filters">
        <FilterSelect
          label={t('consignments.filters.status')}
          value={status}
          all={t('consignments.filters.allStatuses')}
          onChange={(value) => setSearchParams({ status: value, offset: undefined })}
        >
          {consignmentStatuses.map((each) => (
            <option key={each} value={each}>
              {t(`consignments.status.${each}`)}
            </option>
          ))}
        </FilterSelect>
        <PlacePicker
          label={t('consignments.filters.origin')}
          name="origin"
          selected={origin ? originOption : undefined}
          onSelect={(option) => setSearchParams({ origin: option?.id, offset: undefined })}
          className="filter-picker"
        />
        <AnyPlacePicker
          label={t('consignments.filters.destination')}
          name="destination"
          selected={destination ? destinationOption : undefined}
          onSelect={(option) => setSearchParams({ destination: option?.id, offset: undefined })}
          className="filter-picker"
        />
        <SearchBox
          label={t('consignments.filters.search')}
          placeholder={t('consignments.filters.searchPlaceholder')}
          value={q}
          onSearch={onSearch}
        />
        {filtered && (
          <button
            type="button"
            className="clear-filters"
            onClick={() =>
              setSearchParams({
                status: undefined,
                origin: undefined,
                destination: undefined,
                q: undefined,
                offset: undefined,
              })
            }
          >
            {t('consignments.filters.clear')}
          </button>
        )}
      </div>
      {error && <ErrorMessage error={error} onRetry={reload} />}
      <div className="table-wrap">
        <table className="data-table consignment-table" aria-busy={loading}>
          <caption className="visually-hidden">{t('consignments.title')}</caption>
          <thead>
            <tr>
              <SortHeader
                label={t('consignments.columns.reference')}
                field="createdAt"
                sort={sort}
                onSort={onSort}
              />
              <th scope="col">{t('consignments.columns.route')}</th>
              <th scope="col">{t('consignments.columns.asset')}</th>
              <SortHeader
                label={t('consignments.columns.status')}
                field="status"
                sort={sort}
                onSort={onSort}
              />
              <th scope="col" className="number">
                {t('consignments.columns.lines')}
              </th>
              <SortHeader
                label={t('consignments.columns.when')}
                field="dispatchedAt"
                alsoFields={['eta']}
                sort={sort}
                onSort={onSort}
              />
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const from = placeName(row.origin)
              const to = placeName(row.destination)
              return (
                <tr key={row.id} data-consignment={row.id}>
                  <td className="nowrap">
                    <Link href={`/consignments/${row.id}`} className="code">
                      <abbr title={row.id}>{shortRef(row.id)}</abbr>
                    </Link>
                    <HomeBadge home={row.home} />
                  </td>
                  <td>
                    <span lang={from.lang}>{from.text}</span> →{' '}
                    <span lang={to.lang}>{to.text}</span>
                  </td>
                  <td>{row.asset ? (assets.get(row.asset)?.name ?? '…') : '—'}</td>
                  <td>
                    <ConsignmentStatusBadge status={row.status} />
                  </td>
                  <td className="number">{formatNumber(row.lines.length, language)}</td>
                  <td>
                    <WhenCell consignment={row} />
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
        {data && rows.length === 0 && (
          <p className="empty">{filtered ? t('consignments.noResults') : t('consignments.none')}</p>
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
    </section>
  )
}

/** Dispatched at, then the ETA while on the way; received at once received. */
function WhenCell({ consignment: c }: { consignment: Consignment }) {
  const { t } = useTranslation()
  if (c.receivedAt)
    return (
      <span className="when">
        {t('consignments.when.received')} <ZonedTime iso={c.receivedAt} inline />
      </span>
    )
  if (!c.dispatchedAt) return <>—</>
  return (
    <span className="when">
      {t('consignments.when.dispatched')} <ZonedTime iso={c.dispatchedAt} inline />
      {c.eta && c.status === 'dispatched' && (
        <span className="column-sub">
          {t('consignments.when.eta')} <ZonedTime iso={c.eta} inline />
        </span>
      )}
    </span>
  )
}
