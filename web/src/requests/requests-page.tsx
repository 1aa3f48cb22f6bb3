/**
 * @module web/requests/requests-page
 * /requests: the request board — every request this user may see, paged, sorted and filtered on the
 * server (GET /api/requests) by status, priority (that one or more urgent), destination text or tracking
 * code, and requesting organisation. The list state lives in the address (?status=&priority=&q=&org=
 * &destination=&sort=&offset=&limit=) so Back and shared links bring it back. Needed-by times are shown
 * in the reader's zone (named: JST) with UTC beneath; item lines show their progress as small bars.
 */
import { priorities, requestStatuses } from '@contract/requests.js'
import { useCallback, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorMessage } from '../common/error-message.js'
import { HomeBadge } from '../common/home-badge.js'
import { liveKinds, useLiveUpdates } from '../common/live.js'
import { Pager, pageSizes } from '../common/pager.js'
import { SearchBox } from '../common/search-box.js'
import { SortHeader } from '../common/sort-header.js'
import { useApiData } from '../common/use-api-data.js'
import { useLanguage } from '../i18n/i18n.js'
import { Link, navigate, setSearchParams, useLocation } from '../router.js'
import { useSignedInSession } from '../session/session.js'
import {
  isOverdue,
  LineProgress,
  PriorityBadge,
  ProgressKey,
  StatusBadge,
  ZonedTime,
  zonedTime,
} from './request-bits.js'
import { named, useItems, useOrganisations, usePlaces } from './request-lookups.js'
import {
  canDraftRequests,
  capabilityLines,
  isFinished,
  isPriority,
  isRequestStatus,
  itemLines,
  type RequestList,
  type RequestSort,
  type RequestStatus,
  requestSorts,
  topPriority,
} from './request-model.js'

const defaultLimit = 50

function parseStatuses(value: string | null): RequestStatus[] {
  if (!value) return []
  const wanted = value.split(',')
  return requestStatuses.filter((status) => wanted.includes(status) && isRequestStatus(status))
}

export function RequestsPage() {
  const { t } = useTranslation()
  const language = useLanguage()
  const session = useSignedInSession()
  const { search } = useLocation()
  const statuses = parseStatuses(search.get('status'))
  const priorityParam = search.get('priority') ?? ''
  const priority = isPriority(priorityParam) ? priorityParam : ''
  const q = search.get('q') ?? ''
  const org = search.get('org') ?? ''
  const destination = search.get('destination') ?? ''
  const sortParam = search.get('sort') ?? ''
  const sort: RequestSort = (requestSorts as readonly string[]).includes(sortParam)
    ? (sortParam as RequestSort)
    : 'neededBy'
  const offset = Math.max(0, Number(search.get('offset')) || 0)
  const limitParam = Number(search.get('limit'))
  const limit = (pageSizes as readonly number[]).includes(limitParam) ? limitParam : defaultLimit

  const { data, error, loading, reload } = useApiData<RequestList>('/api/requests', {
    status: statuses,
    priority,
    q,
    org,
    destination,
    sort,
    limit,
    offset,
  })
  // A request made or changed elsewhere shows without a reload.
  useLiveUpdates(liveKinds.requests, reload)
  const orgs = useOrganisations()
  const requests = data?.requests ?? []
  const places = usePlaces(
    useMemo(
      () => [...requests.map((each) => each.destination), ...(destination ? [destination] : [])],
      [requests, destination],
    ),
  )
  const items = useItems(
    useMemo(() => requests.flatMap((each) => itemLines(each).map((line) => line.item)), [requests]),
  )

  const onSearch = useCallback(
    (text: string) => setSearchParams({ q: text, offset: undefined }, { replace: true }),
    [],
  )
  const onStatuses = (next: RequestStatus[]) =>
    setSearchParams({ status: next.join(','), offset: undefined })
  const onSort = (next: string) => setSearchParams({ sort: next, offset: undefined })
  const filtered = statuses.length > 0 || priority || q || org || destination
  const now = Date.now()

  return (
    <section className="page requests-page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title" tabIndex={-1}>
          {t('requests.title')}
        </h1>
        <div className="head-links">
          <Link href="/track" className="button-like">
            {t('requests.trackLink')}
          </Link>
          {canDraftRequests(session) && (
            <Link href="/requests/new" className="button-like primary">
              {t('requests.new')}
            </Link>
          )}
        </div>
      </div>
      <fieldset className="chips status-chips">
        <legend>{t('requests.filters.status')}</legend>
        <button
          type="button"
          className="chip-clear"
          onClick={() => onStatuses([])}
          aria-pressed={statuses.length === 0}
        >
          {t('requests.filters.allStatuses')}
        </button>
        {requestStatuses.map((status) => (
          <label key={status} className="chip">
            <input
              type="checkbox"
              checked={statuses.includes(status)}
              onChange={(event) =>
                onStatuses(
                  requestStatuses.filter((each) =>
                    each === status ? event.target.checked : statuses.includes(each),
                  ),
                )
              }
            />
            {t(`requests.status.${status}`)}
          </label>
        ))}
      </fieldset>
      <div className="filters request-filters">
        <SearchBox
          label={t('requests.filters.search')}
          placeholder={t('requests.filters.searchPlaceholder')}
          value={q}
          onSearch={onSearch}
        />
        <label className="select-box">
          {t('requests.filters.priority')}
          <select
            value={priority}
            onChange={(event) =>
              setSearchParams({ priority: event.target.value, offset: undefined })
            }
          >
            <option value="">{t('requests.filters.anyPriority')}</option>
            {priorities.map((each) => (
              <option key={each} value={each}>
                {t(`requests.filters.priorityAtLeast.${each}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="select-box">
          {t('requests.filters.org')}
          <select
            value={org}
            onChange={(event) => setSearchParams({ org: event.target.value, offset: undefined })}
          >
            <option value="">{t('requests.filters.allOrgs')}</option>
            {orgs.list.map((each) => (
              <option key={each.id} value={each.id}>
                {each.code} — {named(each, language, each.code).text}
              </option>
            ))}
          </select>
        </label>
        {destination && (
          <p className="filter-tag">
            {t('requests.filters.destination')}{' '}
            <strong>{named(places.get(destination), language, destination).text}</strong>{' '}
            <button
              type="button"
              onClick={() => setSearchParams({ destination: undefined, offset: undefined })}
            >
              {t('requests.filters.removeDestination')}
            </button>
          </p>
        )}
        {filtered && (
          <button
            type="button"
            className="clear-filters"
            onClick={() =>
              setSearchParams({
                status: undefined,
                priority: undefined,
                q: undefined,
                org: undefined,
                destination: undefined,
                offset: undefined,
              })
            }
          >
            {t('requests.filters.clear')}
          </button>
        )}
      </div>
      {error && <ErrorMessage error={error} onRetry={reload} />}
      <ProgressKey />
      <div className="table-wrap">
        <table className="data-table request-table" aria-busy={loading}>
          <caption className="visually-hidden">{t('requests.title')}</caption>
          <thead>
            <tr>
              <th scope="col">
                {t('requests.columns.code')}
                <span className="column-sub">{t('requests.columns.org')}</span>
              </th>
              <th scope="col">{t('requests.columns.destination')}</th>
              <SortHeader
                label={t('requests.columns.neededBy')}
                field="neededBy"
                sort={sort}
                onSort={onSort}
              />
              <th scope="col" aria-sort={sort === 'priority' ? 'ascending' : 'none'}>
                <button
                  type="button"
                  className="sort-button"
                  onClick={() => onSort(sort === 'priority' ? 'neededBy' : 'priority')}
                >
                  {t('requests.columns.priority')}
                  <span className="sort-mark" aria-hidden="true">
                    {sort === 'priority' ? '▲' : '↕'}
                  </span>
                </button>
              </th>
              <th scope="col">{t('requests.columns.status')}</th>
              <th scope="col">{t('requests.columns.progress')}</th>
              <SortHeader
                label={t('requests.columns.createdAt')}
                field="createdAt"
                sort={sort}
                onSort={onSort}
                className="created-cell"
              />
            </tr>
          </thead>
          <tbody>
            {requests.map((request) => {
              const href = `/requests/${request.id}`
              const place = named(places.get(request.destination), language, '…')
              const overdue = isOverdue(request.neededBy, isFinished(request.status), now)
              return (
                <tr
                  key={request.id}
                  className="clickable"
                  onClick={(event) => {
                    if (
                      (event.target as HTMLElement).closest('a, button') ||
                      window.getSelection()?.toString()
                    )
                      return
                    navigate(href)
                  }}
                >
                  <td className="nowrap">
                    <Link href={href} className="code request-code">
                      {request.code}
                    </Link>
                    <HomeBadge home={request.home} />
                    <span className="column-sub">
                      <abbr title={named(orgs.byId.get(request.org), language, request.org).text}>
                        {orgs.codeOf(request.org)}
                      </abbr>
                    </span>
                  </td>
                  <td className="destination-cell">
                    <span lang={place.lang}>{place.text}</span>
                  </td>
                  <td className="nowrap">
                    <ZonedTime iso={request.neededBy} />
                    {overdue && <span className="overdue">{t('requests.overdue')}</span>}
                  </td>
                  <td>
                    <PriorityBadge priority={topPriority(request)} />
                  </td>
                  <td>
                    <StatusBadge status={request.status} />
                  </td>
                  <td className="progress-cell">
                    {itemLines(request).map((line) => (
                      <LineProgress
                        key={line.id}
                        line={line}
                        compact
                        label={named(items.get(line.item), language, '…').text}
                      />
                    ))}
                    {capabilityLines(request).map((line) => (
                      <p key={line.id} className="capability-summary">
                        {t(`requests.capability.${line.capability}`)}
                        {' · '}
                        {line.status
                          ? t(`requests.capabilityStatus.${line.status}`)
                          : t('requests.capabilityStatus.none')}
                      </p>
                    ))}
                  </td>
                  <td className="nowrap created-cell">
                    <time dateTime={request.createdAt}>
                      {zonedTime(request.createdAt, language).local}
                    </time>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
        {data && requests.length === 0 && (
          <p className="empty">{filtered ? t('requests.noResults') : t('requests.noRequests')}</p>
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
