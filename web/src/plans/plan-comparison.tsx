/**
 * @module web/plans/plan-comparison
 * The plan beside what a team with a spreadsheet would do (the greedy baseline, on the same snapshot):
 * per tier a pair of bars (fulfilment of the plan and of greedy, the linear program's bound marked),
 * and the numbers in tables — requested, planned, on time and fulfilment per tier; tonne-km,
 * tonne-hours, assets and sorties; and what rounding to whole sorties lost against the bound. The chart
 * is one image with an accessible name; the tables are what a screen reader reads.
 */
import { useTranslation } from 'react-i18next'
import { formatNumber } from '../format.js'
import { type Language, useLanguage } from '../i18n/i18n.js'
import { formatShare, TableWrap } from './plan-bits.js'
import type { PlanBody } from './plan-model.js'
import { type TierRow, tierRows } from './plan-rules.js'

type Result = NonNullable<PlanBody['result']>

export function PlanComparison({ plan, result }: { plan: PlanBody; result: Result }) {
  const { t } = useTranslation()
  const language = useLanguage()
  const rows = tierRows(plan.tiers, result)
  const n = (value: number, digits = 0) => formatNumber(value, language, digits)
  const { comparison } = result
  const transport = [
    ['tonneKm', comparison.tonneKm, 1],
    ['tonneHours', comparison.tonneHours, 1],
    ['assetsUsed', comparison.assetsUsed, 0],
    ['sorties', comparison.sorties, 0],
  ] as const

  return (
    <section className="panel plan-comparison" aria-labelledby="plan-comparison-title">
      <h2 id="plan-comparison-title">{t('plans.compare.title')}</h2>
      <p className="subtle">{t('plans.compare.intro')}</p>
      {plan.source === 'greedy' && <p className="notice">{t('plans.compare.sourceGreedy')}</p>}
      <div className="comparison-layout">
        <figure className="comparison-figure">
          <ComparisonBars rows={rows} language={language} />
          <figcaption className="chart-legend comparison-legend">
            <span>
              <span className="legend-swatch swatch-plan" aria-hidden="true" />{' '}
              {t('plans.compare.plan')}
            </span>
            <span>
              <span className="legend-swatch swatch-greedy" aria-hidden="true" />{' '}
              {t('plans.compare.greedy')}
            </span>
            <span>
              <span className="legend-swatch swatch-bound" aria-hidden="true" />{' '}
              {t('plans.compare.bound')}
            </span>
          </figcaption>
        </figure>
        <TableWrap label={t('plans.compare.tiersCaption')}>
          <table className="data-table tier-table">
            <caption>{t('plans.compare.tiersCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('plans.compare.tier')}</th>
                <th scope="col" className="number">
                  {t('plans.compare.lines')}
                </th>
                <th scope="col" className="number">
                  {t('plans.compare.requested')}
                </th>
                <th scope="col" className="number">
                  {t('plans.compare.planned')}
                </th>
                <th scope="col" className="number">
                  {t('plans.compare.onTime')}
                </th>
                <th scope="col" className="number">
                  {t('plans.compare.fulfilment')}
                </th>
                <th scope="col" className="number">
                  {t('plans.compare.greedyOnTime')}
                </th>
                <th scope="col" className="number">
                  {t('plans.compare.greedyFulfilment')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.tier} data-tier={row.tier}>
                  <th scope="row">{t(`requests.priority.${row.tier}`)}</th>
                  <td className="number">{n(row.lines)}</td>
                  <td className="number">{n(row.requested)}</td>
                  <td className="number">{n(row.planned)}</td>
                  <td className="number">{n(row.plan.delivered)}</td>
                  <td className="number">{formatShare(row.plan.share, language)}</td>
                  <td className="number">{n(row.greedy.delivered)}</td>
                  <td className="number">{formatShare(row.greedy.share, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </div>
      <div className="comparison-tables">
        <TableWrap label={t('plans.compare.transportCaption')}>
          <table className="data-table transport-table">
            <caption>{t('plans.compare.transportCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('plans.compare.measure')}</th>
                <th scope="col" className="number">
                  {t('plans.compare.plan')}
                </th>
                <th scope="col" className="number">
                  {t('plans.compare.greedy')}
                </th>
              </tr>
            </thead>
            <tbody>
              {transport.map(([key, pair, digits]) => (
                <tr key={key} data-measure={key}>
                  <th scope="row">{t(`plans.compare.${key}`)}</th>
                  <td className="number">{n(pair.plan, digits)}</td>
                  <td className="number">{n(pair.greedy, digits)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        <TableWrap label={t('plans.compare.roundingCaption')}>
          <table className="data-table rounding-table">
            <caption>{t('plans.compare.roundingCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('plans.compare.tier')}</th>
                <th scope="col" className="number">
                  {t('plans.compare.boundOnTime')}
                </th>
                <th scope="col" className="number">
                  {t('plans.compare.boundFulfilment')}
                </th>
                <th scope="col" className="number">
                  {t('plans.compare.lossUnits')}
                </th>
                <th scope="col" className="number">
                  {t('plans.compare.lossShare')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.tier} data-tier={row.tier}>
                  <th scope="row">{t(`requests.priority.${row.tier}`)}</th>
                  <td className="number">{n(row.bound.delivered, 1)}</td>
                  <td className="number">{formatShare(row.bound.share, language)}</td>
                  <td className="number">{n(row.loss.delivered, 1)}</td>
                  <td className="number">{formatShare(row.loss.share, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="subtle">{t('plans.compare.roundingNote')}</p>
        </TableWrap>
      </div>
    </section>
  )
}

const WIDTH = 480
const LEFT = 130
const RIGHT = 64
const ROW = 56

/** Per tier: the plan's bar above greedy's, 0–100 %, with the bound as a dark tick across both. */
function ComparisonBars({ rows, language }: { rows: readonly TierRow[]; language: Language }) {
  const { t } = useTranslation()
  const height = rows.length * ROW + 24
  const x = (share: number | null) =>
    LEFT + Math.max(0, Math.min(1, share ?? 0)) * (WIDTH - LEFT - RIGHT)
  const label = t('plans.compare.chartLabel', {
    tiers: rows
      .map((row) =>
        t('plans.compare.chartTier', {
          tier: t(`requests.priority.${row.tier}`),
          plan: formatShare(row.plan.share, language),
          greedy: formatShare(row.greedy.share, language),
        }),
      )
      .join(t('plans.compare.chartSeparator')),
  })
  return (
    <svg
      className="chart comparison-chart"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${WIDTH} ${height}`}
      preserveAspectRatio="xMinYMin meet"
    >
      {[0, 0.5, 1].map((tick) => (
        <g key={tick} className="chart-grid">
          <line x1={x(tick)} x2={x(tick)} y1={4} y2={height - 20} />
          <text x={x(tick)} y={height - 6} textAnchor="middle">
            {formatShare(tick, language)}
          </text>
        </g>
      ))}
      {rows.map((row, index) => {
        const top = 8 + index * ROW
        return (
          <g key={row.tier} data-tier={row.tier}>
            <text className="chart-label" x={LEFT - 8} y={top + 23} textAnchor="end">
              {t(`requests.priority.${row.tier}`)}
            </text>
            {(
              [
                ['plan', row.plan.share, 0],
                ['greedy', row.greedy.share, 20],
              ] as const
            ).map(([key, share, dy]) => (
              <g key={key}>
                <rect
                  className={`bar-${key}`}
                  x={LEFT}
                  y={top + dy}
                  width={Math.max(share ? 1 : 0, x(share) - LEFT)}
                  height={16}
                />
                <text
                  className="chart-value"
                  x={Math.max(x(share), row.bound.share === null ? 0 : x(row.bound.share)) + 6}
                  y={top + dy + 13}
                >
                  {formatShare(share, language)}
                </text>
              </g>
            ))}
            {row.bound.share !== null && (
              <line
                className="bound-tick"
                x1={x(row.bound.share)}
                x2={x(row.bound.share)}
                y1={top - 3}
                y2={top + 39}
              />
            )}
          </g>
        )
      })}
    </svg>
  )
}
