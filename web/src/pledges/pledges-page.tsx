/**
 * @module web/pledges/pledges-page
 * /pledges: what partners have offered and the donations received — paged and filtered on the server
 * (GET /api/pledges) by status, partner and text, newest first or sorted by a column header; the list
 * state lives in the address (?status=&org=&q=&sort=&offset=&limit=). Those who may (planners, logisticians, administrators) confirm or
 * withdraw an offer, receive a confirmed item pledge into stock (receive-pledge-dialog.tsx), record a new
 * pledge and record a donation that arrived unannounced. What was received links to the stock it made.
 */
import { pledgeSortFields, pledgeStatuses } from '@contract/requests.js'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type ApiError, apiRequest } from '../api.js'
import { describeError, ErrorMessage } from '../common/error-message.js'
import { FilterSelect } from '../common/filter-select.js'
import { HomeBadge, isReplica, useThisNode } from '../common/home-badge.js'
import { ConfirmDialog } from '../common/modal-dialog.js'
import { Pager, pageSizes } from '../common/pager.js'
import { SearchBox } from '../common/search-box.js'
import { SortHeader, sortFromParam } from '../common/sort-header.js'
import { useApiData } from '../common/use-api-data.js'
import { toApiError } from '../common/use-submit.js'
import { formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { zonedTime } from '../requests/request-bits.js'
import {
  named,
  useItems,
  useOrganisations,
  usePlaces,
  useUnitName,
} from '../requests/request-lookups.js'
import { Link, setSearchParams, useLocation } from '../router.js'
import { useSignedInSession } from '../session/session.js'
import {
  allowedPledgeActions,
  isPledgeStatus,
  mayWritePledges,
  type Pledge,
  type PledgeAction,
  type PledgeList,
} from './pledge-model.js'
import { ReceivePledgeDialog } from './receive-pledge-dialog.js'
import './pledges.css'

const defaultLimit = 50

/** What was just done to a pledge, said above the list. */
type Done = { pledge: Pledge; action: PledgeAction } | { failed: ApiError; pledge: Pledge }

export function PledgesPage() {
  const { t } = useTranslation()
  const language = useLanguage()
  const session = useSignedInSession()
  const thisNode = useThisNode()
  const { search } = useLocation()
  const statusParam = search.get('status') ?? ''
  const status = isPledgeStatus(statusParam) ? statusParam : ''
  const org = search.get('org') ?? ''
  const q = search.get('q') ?? ''
  const sort = sortFromParam(search.get('sort'), pledgeSortFields, '-createdAt')
  const offset = Math.max(0, Number(search.get('offset')) || 0)
  const limitParam = Number(search.get('limit'))
  const limit = (pageSizes as readonly number[]).includes(limitParam) ? limitParam : defaultLimit
  const { data, error, loading, reload } = useApiData<PledgeList>('/api/pledges', {
    status,
    org,
    q,
    sort,
    limit,
    offset,
  })
  const orgs = useOrganisations()
  const unitName = useUnitName()
  const pledges = data?.pledges ?? []
  const items = useItems(
    useMemo(() => pledges.flatMap((pledge) => (pledge.item ? [pledge.item] : [])), [pledges]),
  )
  const places = usePlaces(
    useMemo(() => pledges.flatMap((pledge) => (pledge.place ? [pledge.place] : [])), [pledges]),
  )
  const [busy, setBusy] = useState<string>()
  const [receiving, setReceiving] = useState<Pledge>()
  const [withdrawing, setWithdrawing] = useState<Pledge>()
  const [done, setDone] = useState<Done>()
  const writer = mayWritePledges(session)
  // What was just done is said until the list shown changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the filters and page are the trigger
  useEffect(() => setDone(undefined), [status, org, q, sort, offset, limit])
  const filtered = Boolean(status || org || q)
  const onSearch = useCallback(
    (text: string) => setSearchParams({ q: text, offset: undefined }, { replace: true }),
    [],
  )
  const onSort = (next: string) => setSearchParams({ sort: next, offset: undefined })

  const act = async (pledge: Pledge, action: 'confirm' | 'withdraw') => {
    setBusy(pledge.id)
    setDone(undefined)
    try {
      const next = await apiRequest<Pledge>('POST', `/api/pledges/${pledge.id}/${action}`, {})
      setDone({ pledge: next, action })
    } catch (failure) {
      setDone({ failed: toApiError(failure), pledge })
    } finally {
      setBusy(undefined)
      reload()
    }
  }

  const whatOf = (pledge: Pledge) => {
    if (pledge.kind === 'item' && pledge.item) {
      const item = items.get(pledge.item)
      const name = named(item, language, '…')
      return { text: name.text, lang: name.lang, unit: item ? unitName(item.unit) : '' }
    }
    return {
      text: pledge.capability ? t(`requests.capability.${pledge.capability}`) : '…',
      lang: undefined,
      unit: pledge.unit ?? '',
    }
  }
  const placeName = (id: string | null) => (id ? named(places.get(id), language, '…') : undefined)

  return (
    <section className="page pledges-page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title" tabIndex={-1}>
          {t('pledges.title')}
        </h1>
        {writer && (
          <div className="head-links">
            <Link href="/pledges/donation" className="button-like">
              {t('pledges.donation.new')}
            </Link>
            <Link href="/pledges/new" className="button-like primary">
              {t('pledges.new')}
            </Link>
          </div>
        )}
      </div>
      <p className="subtle">{t('pledges.intro')}</p>
      <div className="filters pledge-filters">
        <FilterSelect
          label={t('pledges.filters.status')}
          value={status}
          all={t('pledges.filters.allStatuses')}
          onChange={(value) => setSearchParams({ status: value, offset: undefined })}
        >
          {pledgeStatuses.map((each) => (
            <option key={each} value={each}>
              {t(`pledges.status.${each}`)}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect
          label={t('pledges.filters.org')}
          value={org}
          all={t('pledges.filters.allOrgs')}
          onChange={(value) => setSearchParams({ org: value, offset: undefined })}
        >
          {orgs.list.map((each) => (
            <option key={each.id} value={each.id}>
              {each.code} — {named(each, language, each.code).text}
            </option>
          ))}
        </FilterSelect>
        <SearchBox
          label={t('pledges.filters.search')}
          placeholder={t('pledges.filters.searchPlaceholder')}
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
                org: undefined,
                q: undefined,
                offset: undefined,
              })
            }
          >
            {t('pledges.filters.clear')}
          </button>
        )}
      </div>
      {done && <DoneMessage done={done} placeName={placeName} />}
      {error && <ErrorMessage error={error} onRetry={reload} />}
      <div className="table-wrap">
        <table className="data-table pledge-table" aria-busy={loading}>
          <caption className="visually-hidden">{t('pledges.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('pledges.columns.org')}</th>
              <th scope="col">{t('pledges.columns.what')}</th>
              <SortHeader
                label={t('pledges.columns.quantity')}
                field="quantity"
                sort={sort}
                onSort={onSort}
                className="number"
              />
              <th scope="col">{t('pledges.columns.where')}</th>
              <SortHeader
                label={t('pledges.columns.when')}
                field="availableFrom"
                sort={sort}
                onSort={onSort}
              />
              <SortHeader
                label={t('pledges.columns.status')}
                field="status"
                sort={sort}
                onSort={onSort}
              />
              {writer && <th scope="col">{t('pledges.columns.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {pledges.map((pledge) => {
              const what = whatOf(pledge)
              const where = placeName(pledge.place)
              const actions =
                writer && !isReplica(pledge.home, thisNode) ? allowedPledgeActions(pledge) : []
              const label = `${orgs.codeOf(pledge.org)} ${what.text}`
              return (
                <tr key={pledge.id} data-pledge={pledge.id}>
                  <td className="nowrap">
                    <abbr title={named(orgs.byId.get(pledge.org), language, pledge.org).text}>
                      {orgs.codeOf(pledge.org)}
                    </abbr>
                    <HomeBadge home={pledge.home} />
                  </td>
                  <td>
                    <span lang={what.lang}>{what.text}</span>
                    {pledge.description && <span className="column-sub">{pledge.description}</span>}
                    {pledge.conditions && (
                      <span className="column-sub">
                        {t('pledges.conditionsAre', { conditions: pledge.conditions })}
                      </span>
                    )}
                  </td>
                  <td className="number">
                    {formatNumber(pledge.quantity, language)} {what.unit}
                    {pledge.received !== null && pledge.received !== pledge.quantity && (
                      <span className="column-sub">
                        {t('pledges.receivedOf', {
                          received: formatNumber(pledge.received, language),
                        })}
                      </span>
                    )}
                  </td>
                  <td>{where ? <span lang={where.lang}>{where.text}</span> : '—'}</td>
                  <td className="nowrap">
                    {pledge.availableFrom || pledge.availableUntil
                      ? t('pledges.window', {
                          from: pledge.availableFrom
                            ? zonedTime(pledge.availableFrom, language).local
                            : '…',
                          until: pledge.availableUntil
                            ? zonedTime(pledge.availableUntil, language).local
                            : '…',
                        })
                      : '—'}
                  </td>
                  <td>
                    <span className={`pledge-status pledge-${pledge.status}`}>
                      {t(`pledges.status.${pledge.status}`)}
                    </span>
                    {pledge.unsolicited && (
                      <span className="column-sub">
                        {t('pledges.donation.label')}
                        {pledge.triage && (
                          <>
                            {' · '}
                            <span className={`triage triage-${pledge.triage}`}>
                              {t(`pledges.triage.${pledge.triage}`)}
                            </span>
                          </>
                        )}
                      </span>
                    )}
                    {pledge.status === 'received' && pledge.place && pledge.item && (
                      <Link
                        className="column-sub"
                        href={`/stock?place=${encodeURIComponent(pledge.place)}&q=${encodeURIComponent(items.get(pledge.item)?.code ?? '')}`}
                      >
                        {t('pledges.seeStock')}
                      </Link>
                    )}
                  </td>
                  {writer && (
                    <td className="actions nowrap">
                      {actions.map((action) => (
                        <button
                          key={action}
                          type="button"
                          disabled={busy === pledge.id}
                          aria-label={t(`pledges.actionLabel.${action}`, { pledge: label })}
                          onClick={() =>
                            action === 'receive'
                              ? setReceiving(pledge)
                              : action === 'withdraw'
                                ? setWithdrawing(pledge)
                                : void act(pledge, action)
                          }
                        >
                          {t(`pledges.action.${action}`)}
                        </button>
                      ))}
                    </td>
                  )}
                </tr>
              )
            })}
          </tbody>
        </table>
        {data && pledges.length === 0 && (
          <p className="empty">{filtered ? t('pledges.noResults') : t('pledges.none')}</p>
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
      {withdrawing && (
        <ConfirmDialog
          title={t('pledges.withdraw.title')}
          message={t('pledges.withdraw.message', {
            pledge: `${orgs.codeOf(withdrawing.org)} ${whatOf(withdrawing).text}`,
          })}
          confirmLabel={t('pledges.withdraw.confirm')}
          cancelLabel={t('pledges.withdraw.keep')}
          danger
          busy={busy === withdrawing.id}
          onCancel={() => setWithdrawing(undefined)}
          onConfirm={() => {
            const pledge = withdrawing
            setWithdrawing(undefined)
            void act(pledge, 'withdraw')
          }}
        />
      )}
      {receiving && (
        <ReceivePledgeDialog
          pledge={receiving}
          what={whatOf(receiving)}
          onClose={() => setReceiving(undefined)}
          onReceived={(pledge) => {
            setReceiving(undefined)
            setDone({ pledge, action: 'receive' })
            reload()
          }}
        />
      )}
    </section>
  )
}

function DoneMessage({
  done,
  placeName,
}: {
  done: Done
  placeName: (id: string | null) => { text: string; lang: string | undefined } | undefined
}) {
  const { t } = useTranslation()
  if ('failed' in done)
    return (
      <div className="error" role="alert">
        <p>
          <strong>{t('errors.notSaved')}</strong> {describeError(done.failed, t)}
        </p>
      </div>
    )
  const where = placeName(done.pledge.place)
  return (
    <div className="success" role="status">
      <p>
        {t(`pledges.done.${done.action}`)}
        {done.action === 'receive' && done.pledge.place && (
          <>
            {' '}
            <Link href={`/stock?place=${encodeURIComponent(done.pledge.place)}`}>
              {t('pledges.seeStockAt', { place: where?.text ?? '' })}
            </Link>
          </>
        )}
      </p>
    </div>
  )
}
