/**
 * @module web/plans/plans-page
 * /plans: the allocation plans this organisation may see, newest first or sorted by a column header,
 * paged and filtered by status on the server (GET /api/plans; ?status=&sort=&offset=&limit= in the
 * address). Each row: its reference (to
 * the plan), status (with progress while it runs), operation, when it starts and was made, and the
 * fulfilment of each tier. Planners and administrators start a new plan from the form above the list.
 * While a plan in the list is running, the list is read again every second.
 */
import { planSortFields } from '@contract/plans.js'
import { useEffect, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorMessage } from '../common/error-message.js'
import { FilterSelect } from '../common/filter-select.js'
import { Pager, pageSizes } from '../common/pager.js'
import { SortHeader, sortFromParam } from '../common/sort-header.js'
import { useApiData } from '../common/use-api-data.js'
import { formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { useOperations } from '../operations/operations.js'
import { ZonedTime } from '../requests/request-bits.js'
import { Link, setSearchParams, useLocation } from '../router.js'
import { useSignedInSession } from '../session/session.js'
import { NewPlanForm } from './new-plan-form.js'
import { formatShare, PlanProgressLine, PlanStatusBadge, planRef, TableWrap } from './plan-bits.js'
import { isPlanStatus, mayPlan, type PlanList, planStatuses, pollMs } from './plan-model.js'
import { fulfilmentShare, tierOrder } from './plan-rules.js'
import './plans.css'

const defaultLimit = 50

export function PlansPage() {
  const { t } = useTranslation()
  const language = useLanguage()
  const session = useSignedInSession()
  const operations = useOperations()
  const { search } = useLocation()
  const statusParam = search.get('status') ?? ''
  const status = isPlanStatus(statusParam) ? statusParam : ''
  const sort = sortFromParam(search.get('sort'), planSortFields, '-createdAt')
  const onSort = (next: string) => setSearchParams({ sort: next, offset: undefined })
  const offset = Math.max(0, Number(search.get('offset')) || 0)
  const limitParam = Number(search.get('limit'))
  const limit = (pageSizes as readonly number[]).includes(limitParam) ? limitParam : defaultLimit
  const { data, error, loading, reload } = useApiData<PlanList>('/api/plans', {
    status,
    sort,
    limit,
    offset,
  })
  const rows = data?.plans ?? []
  const running = rows.some((row) => row.status === 'running')
  useEffect(() => {
    if (!running || !data) return
    const timer = window.setTimeout(reload, pollMs)
    return () => window.clearTimeout(timer)
  }, [running, data, reload])
  const operationName = useMemo(() => {
    const names = new Map(operations.map((each) => [each.id, each.name]))
    return (id: string | null) => (id ? (names.get(id) ?? '…') : t('plans.allOperations'))
  }, [operations, t])

  return (
    <section className="page plans-page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title" tabIndex={-1}>
          {t('plans.title')}
        </h1>
      </div>
      <p className="subtle">{t('plans.intro')}</p>
      {mayPlan(session) && <NewPlanForm />}
      <div className="filters">
        <FilterSelect
          label={t('plans.filters.status')}
          value={status}
          all={t('plans.filters.allStatuses')}
          onChange={(value) => setSearchParams({ status: value, offset: undefined })}
        >
          {planStatuses.map((each) => (
            <option key={each} value={each}>
              {t(`plans.status.${each}`)}
            </option>
          ))}
        </FilterSelect>
      </div>
      {error && <ErrorMessage error={error} onRetry={reload} />}
      <TableWrap label={t('plans.title')}>
        <table className="data-table plan-table" aria-busy={loading}>
          <caption className="visually-hidden">{t('plans.title')}</caption>
          <thead>
            <tr>
              <SortHeader
                label={t('plans.columns.reference')}
                field="createdAt"
                sort={sort}
                onSort={onSort}
              />
              <SortHeader
                label={t('plans.columns.status')}
                field="status"
                sort={sort}
                onSort={onSort}
              />
              <th scope="col">{t('plans.columns.operation')}</th>
              <SortHeader
                label={t('plans.columns.start')}
                field="start"
                alsoFields={['horizonHours']}
                sort={sort}
                onSort={onSort}
              />
              {tierOrder.map((tier) => (
                <th key={tier} scope="col" className="number">
                  {t(`requests.priority.${tier}`)}{' '}
                  <span className="column-sub">{t('plans.columns.fulfilment')}</span>
                </th>
              ))}
              <th scope="col" className="number">
                {t('plans.columns.sorties')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} data-plan={row.id}>
                <td className="nowrap">
                  <Link href={`/plans/${row.id}`} className="code">
                    <abbr title={row.id}>{planRef(row.id)}</abbr>
                  </Link>
                </td>
                <td>
                  <PlanStatusBadge status={row.status} />
                  {row.status === 'running' && <PlanProgressLine plan={row} />}
                </td>
                <td>{operationName(row.operation)}</td>
                <td>
                  <ZonedTime iso={row.start} inline />
                  <span className="column-sub">
                    {t('plans.hoursAhead', {
                      hours: formatNumber(row.horizonHours, language, 1),
                    })}
                  </span>
                </td>
                {tierOrder.map((tier) => {
                  const figures = row.tiers.find((each) => each.tier === tier)
                  return (
                    <td key={tier} className="number" data-tier={tier}>
                      {figures
                        ? formatShare(fulfilmentShare(figures.fulfilment, figures.lines), language)
                        : '—'}
                    </td>
                  )
                })}
                <td className="number">
                  {row.status === 'running' ? '—' : formatNumber(row.consignmentsPlanned, language)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {data && rows.length === 0 && (
          <p className="empty">{status ? t('plans.noResults') : t('plans.none')}</p>
        )}
        {!data && loading && <p className="empty">{t('app.loading')}</p>}
      </TableWrap>
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
