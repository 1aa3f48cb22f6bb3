/**
 * @module web/dashboard/dashboard-page
 * /dashboard: the figures a coordinator watches all day — stock by hub and category, the request
 * pipeline over the last days, unmet needs by priority, consignments late against their ETA, and
 * partners' contributions — each a chart with its numbers as a table and a CSV download. The
 * operation and the pipeline's window are in the address (?operation=, ?days=) and applied by the
 * server, which counts only what the reader's organisation may see; days are the reader's own.
 */
import { useTranslation } from 'react-i18next'
import { ErrorMessage } from '../common/error-message.js'
import { FilterSelect } from '../common/filter-select.js'
import { liveKinds, useLiveUpdates } from '../common/live.js'
import { useApiData } from '../common/use-api-data.js'
import { formatDateTime } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { useOperations } from '../operations/operations.js'
import { SitrepLinks } from '../operations/sitrep-links.js'
import { setSearchParams, useLocation } from '../router.js'
import { csvPath, type DashboardView, readerZone } from './dashboard-model.js'
import { PipelineFigure, StockFigure, UnmetFigure } from './figures.js'
import { ConsignmentsFigure, ContributionsFigure } from './flow-figures.js'
import './dashboard.css'

const windows = [7, 14, 30, 90] as const
const defaultDays = 14

export function DashboardPage() {
  const { t } = useTranslation()
  const language = useLanguage()
  const { search } = useLocation()
  const operations = useOperations()
  const operation = search.get('operation') ?? ''
  const daysParam = Number(search.get('days'))
  const days = (windows as readonly number[]).includes(daysParam) ? daysParam : defaultDays
  const query = { operation, days, zone: readerZone() }
  const { data, error, loading, reload } = useApiData<DashboardView>('/api/dashboard', query)
  useLiveUpdates(liveKinds.dashboard, reload)
  const csv = (figure: Parameters<typeof csvPath>[0]) => csvPath(figure, query)

  return (
    <section className="page dashboard-page" aria-labelledby="page-title" aria-busy={loading}>
      <div className="page-head">
        <h1 id="page-title" tabIndex={-1}>
          {t('dashboard.title')}
        </h1>
        {data && (
          <p className="subtle generated-at">
            {t('dashboard.generatedAt', { time: formatDateTime(data.generatedAt, language) })}{' '}
            <button type="button" onClick={reload}>
              {t('dashboard.refresh')}
            </button>
          </p>
        )}
      </div>
      <p className="subtle">{t('dashboard.intro')}</p>
      <div className="filters dashboard-filters">
        <FilterSelect
          label={t('dashboard.filters.operation')}
          value={operation}
          all={t('dashboard.filters.allOperations')}
          onChange={(value) => setSearchParams({ operation: value })}
        >
          {operations.map((each) => (
            <option key={each.id} value={each.id}>
              {t('operations.option', { name: each.name, startedOn: each.startedOn })}
            </option>
          ))}
        </FilterSelect>
        <div className="select-box">
          <label htmlFor="dashboard-days">{t('dashboard.filters.days')}</label>
          <select
            id="dashboard-days"
            value={days}
            onChange={(event) =>
              setSearchParams({
                days: Number(event.target.value) === defaultDays ? undefined : event.target.value,
              })
            }
          >
            {windows.map((each) => (
              <option key={each} value={each}>
                {t('dashboard.filters.lastDays', { count: each })}
              </option>
            ))}
          </select>
        </div>
      </div>
      {operation ? (
        <SitrepLinks operation={operation} />
      ) : (
        <p className="subtle">{t('sitrep.chooseOperation')}</p>
      )}
      {error && <ErrorMessage error={error} onRetry={reload} />}
      {!data && loading && <p className="empty">{t('app.loading')}</p>}
      {data && (
        <div className="dashboard-grid">
          <StockFigure figure={data.stock} csv={csv('stock')} />
          <PipelineFigure figure={data.pipeline} csv={csv('pipeline')} />
          <UnmetFigure figure={data.unmet} csv={csv('unmet')} />
          <ConsignmentsFigure figure={data.consignments} csv={csv('consignments')} />
          <ContributionsFigure figure={data.contributions} csv={csv('contributions')} />
        </div>
      )}
    </section>
  )
}
