/**
 * @module web/dashboard/flow-figures
 * Two figures of the dashboard: consignments late against their ETA or due soon (a table linking to
 * each consignment, times in the reader's zone with the zone named), and partners' contributions
 * (stacked bars of the weight each partner has given, by category, with its pledges and deliveries
 * in the table).
 */
import { useTranslation } from 'react-i18next'
import { formatDateTime, formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { Link } from '../router.js'
import { type BarRow, Legend, type Series, StackedBars } from './charts.js'
import {
  categoryColour,
  type DashboardView,
  refName,
  shortRef,
  splitMinutes,
} from './dashboard-model.js'
import { FigurePanel } from './figure-panel.js'
import { categoryName, RefCell } from './figures.js'

export function ConsignmentsFigure({
  figure,
  csv,
}: {
  figure: DashboardView['consignments']
  csv: string
}) {
  const { t } = useTranslation()
  const language = useLanguage()
  const late = figure.rows.filter((r) => r.state === 'late').length
  return (
    <FigurePanel
      id="consignments"
      title={t('dashboard.consignments.title')}
      notes={[
        t('dashboard.consignments.note', {
          late: formatNumber(late, language),
          dueSoon: formatNumber(figure.rows.length - late, language),
          hours: formatNumber(figure.dueWithinHours, language),
        }),
        figure.withoutEta > 0 &&
          t('dashboard.consignments.withoutEta', {
            count: figure.withoutEta,
            number: formatNumber(figure.withoutEta, language),
          }),
        figure.byOperation && t('dashboard.byOperation'),
      ]}
      csv={csv}
      tableShown
      empty={
        figure.rows.length === 0
          ? t('dashboard.consignments.none', { hours: figure.dueWithinHours })
          : undefined
      }
      table={
        <table className="data-table eta-table">
          <caption className="visually-hidden">{t('dashboard.consignments.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.consignments.consignment')}</th>
              <th scope="col">{t('dashboard.consignments.state')}</th>
              <th scope="col">{t('dashboard.consignments.route')}</th>
              <th scope="col">{t('dashboard.consignments.eta')}</th>
              <th scope="col" className="number">
                {t('dashboard.consignments.quantity')}
              </th>
            </tr>
          </thead>
          <tbody>
            {figure.rows.map((row) => {
              const from = refName(row.origin, language)
              const to = refName(row.destination, language)
              const time = t('dashboard.consignments.duration', splitMinutes(row.minutes))
              return (
                <tr key={row.id} className={`eta-${row.state}`} data-consignment={row.id}>
                  <th scope="row">
                    <Link href={`/consignments/${row.id}`} className="code">
                      <abbr title={row.id}>{shortRef(row.id)}</abbr>
                    </Link>
                  </th>
                  <td>
                    <span className={`tag eta-tag-${row.state}`}>
                      {t(`dashboard.consignments.states.${row.state}`)}
                    </span>{' '}
                    {row.state === 'late'
                      ? t('dashboard.consignments.lateBy', { time })
                      : t('dashboard.consignments.dueIn', { time })}
                  </td>
                  <td>
                    <span lang={from.lang}>{from.text}</span> →{' '}
                    <span lang={to.lang}>{to.text}</span>
                  </td>
                  <td>
                    <time dateTime={row.eta}>{formatDateTime(row.eta, language)}</time>
                  </td>
                  <td className="number">{formatNumber(row.quantity, language)}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      }
    />
  )
}

export function ContributionsFigure({
  figure,
  csv,
}: {
  figure: DashboardView['contributions']
  csv: string
}) {
  const { t, i18n } = useTranslation()
  const language = useLanguage()
  const category = (c: string) => categoryName(t, (key) => i18n.exists(key), c)
  const series: Series[] = figure.categories.map((c, i) => ({
    key: c,
    label: category(c),
    colour: categoryColour(c, i),
  }))
  const rows: BarRow[] = figure.partners.map((p) => ({
    key: p.organisation.id,
    label: p.organisation.code ?? refName(p.organisation, language).text,
    values: Object.fromEntries(p.received.map((r) => [r.category, r.weightKg])),
  }))
  const number = (v: number, digits = 0) => formatNumber(v, language, digits)
  const weightOf = (p: (typeof figure.partners)[number], c: string) =>
    p.received.find((r) => r.category === c)?.weightKg ?? 0
  return (
    <FigurePanel
      id="contributions"
      title={t('dashboard.contributions.title')}
      notes={[
        t('dashboard.contributions.note'),
        figure.byOperation && t('dashboard.contributions.byOperation'),
      ]}
      csv={csv}
      empty={figure.partners.length === 0 ? t('dashboard.contributions.none') : undefined}
      chart={
        <>
          <StackedBars
            label={t('dashboard.contributions.chart', { count: rows.length })}
            rows={rows}
            series={series}
            format={(v) => number(v, 1)}
          />
          <Legend series={series} />
        </>
      }
      table={
        <table className="data-table">
          <caption className="visually-hidden">{t('dashboard.contributions.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.columns.partner')}</th>
              {figure.categories.map((c) => (
                <th key={c} scope="col" className="number">
                  {t('dashboard.contributions.receivedIn', { category: category(c) })}
                </th>
              ))}
              <th scope="col" className="number">
                {t('dashboard.contributions.receivedTotal')}
              </th>
              <th scope="col" className="number">
                {t('dashboard.contributions.pledgesConfirmed')}
              </th>
              <th scope="col" className="number">
                {t('dashboard.contributions.pledgesReceived')}
              </th>
              <th scope="col" className="number">
                {t('dashboard.contributions.delivered')}
              </th>
            </tr>
          </thead>
          <tbody>
            {figure.partners.map((p) => (
              <tr key={p.organisation.id}>
                <RefCell value={p.organisation} language={language} />
                {figure.categories.map((c) => (
                  <td key={c} className="number">
                    {number(weightOf(p, c), 3)}
                  </td>
                ))}
                <td className="number">{number(p.receivedWeightKg, 3)}</td>
                <td className="number">{number(p.pledgesConfirmed)}</td>
                <td className="number">{number(p.pledgesReceived)}</td>
                <td className="number">{number(p.consignmentsDelivered)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  )
}
