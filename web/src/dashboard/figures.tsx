/**
 * @module web/dashboard/figures
 * Three figures of the dashboard, each a chart with its numbers as a table: stock by place and
 * category (stacked bars of weight), the request pipeline per day (lines), and unmet needs by
 * priority (bars) with their destinations.
 */
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { formatNumber } from '../format.js'
import { type Language, useLanguage } from '../i18n/i18n.js'
import { type BarRow, Legend, Lines, type Series, StackedBars } from './charts.js'
import {
  categoryColour,
  type DashboardView,
  formatDay,
  type NamedRef,
  priorityColours,
  refName,
  stageStyles,
  stages,
} from './dashboard-model.js'
import { FigurePanel } from './figure-panel.js'

export const categoryName = (t: TFunction, exists: (key: string) => boolean, category: string) =>
  exists(`itemCategory.${category}`) ? t(`itemCategory.${category}`) : category

/** A place or partner in a table cell, marked with its language when the name is in the other one. */
export function RefCell({ value, language }: { value: NamedRef; language: Language }) {
  const name = refName(value, language)
  return (
    <th scope="row">
      <span lang={name.lang}>{name.text}</span>
      {value.code && <span className="code subtle"> {value.code}</span>}
    </th>
  )
}

export function StockFigure({ figure, csv }: { figure: DashboardView['stock']; csv: string }) {
  const { t, i18n } = useTranslation()
  const language = useLanguage()
  const category = (c: string) => categoryName(t, (key) => i18n.exists(key), c)
  const categories = [...new Set(figure.rows.map((r) => r.category))].sort()
  const series: Series[] = categories.map((c, i) => ({
    key: c,
    label: category(c),
    colour: categoryColour(c, i),
  }))
  const bars = new Map<string, BarRow & { values: Record<string, number> }>()
  for (const row of figure.rows) {
    const bar = bars.get(row.place.id) ?? {
      key: row.place.id,
      label: refName(row.place, language).text,
      values: {},
    }
    bar.values[row.category] = row.weightKg
    bars.set(row.place.id, bar)
  }
  const kg = (v: number) => formatNumber(v, language, 1)
  const number = (v: number, digits = 0) => formatNumber(v, language, digits)
  return (
    <FigurePanel
      id="stock"
      title={t('dashboard.stock.title')}
      notes={[t('dashboard.stock.note')]}
      csv={csv}
      empty={figure.rows.length === 0 ? t('dashboard.stock.none') : undefined}
      chart={
        <>
          <StackedBars
            label={t('dashboard.stock.chart', { count: bars.size })}
            rows={[...bars.values()]}
            series={series}
            format={kg}
          />
          <Legend series={series} />
        </>
      }
      table={
        <table className="data-table">
          <caption className="visually-hidden">{t('dashboard.stock.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.columns.place')}</th>
              <th scope="col">{t('dashboard.columns.category')}</th>
              <th scope="col" className="number">
                {t('dashboard.stock.posted')}
              </th>
              <th scope="col" className="number">
                {t('dashboard.stock.pending')}
              </th>
              <th scope="col" className="number">
                {t('dashboard.stock.available')}
              </th>
              <th scope="col" className="number">
                {t('dashboard.columns.weight')}
              </th>
              <th scope="col" className="number">
                {t('dashboard.columns.volume')}
              </th>
            </tr>
          </thead>
          <tbody>
            {figure.rows.map((row) => (
              <tr key={`${row.place.id}|${row.category}`}>
                <RefCell value={row.place} language={language} />
                <td>{category(row.category)}</td>
                <td className="number">{number(row.posted)}</td>
                <td className="number">{number(row.pending)}</td>
                <td className="number">{number(row.available)}</td>
                <td className="number">{number(row.weightKg, 3)}</td>
                <td className="number">{number(row.volumeM3, 3)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  )
}

export function PipelineFigure({
  figure,
  csv,
}: {
  figure: DashboardView['pipeline']
  csv: string
}) {
  const { t } = useTranslation()
  const language = useLanguage()
  const series: Series[] = stages.map((stage) => ({
    key: stage,
    label: t(`dashboard.pipeline.stages.${stage}`),
    colour: stageStyles[stage].colour,
    dash: stageStyles[stage].dash,
  }))
  const values = Object.fromEntries(stages.map((s) => [s, figure.days.map((d) => d[s])]))
  const first = figure.days[0]?.day
  const last = figure.days[figure.days.length - 1]?.day
  const number = (v: number) => formatNumber(v, language)
  return (
    <FigurePanel
      id="pipeline"
      title={t('dashboard.pipeline.title')}
      notes={[
        t('dashboard.pipeline.note', { zone: figure.zone }),
        figure.byOperation && t('dashboard.byOperation'),
      ]}
      csv={csv}
      chart={
        <>
          <Lines
            label={t('dashboard.pipeline.chart', {
              from: first ? formatDay(first, language, true) : '',
              to: last ? formatDay(last, language, true) : '',
            })}
            points={figure.days.map((d) => formatDay(d.day, language))}
            series={series}
            values={values}
            format={number}
          />
          <Legend series={series} />
        </>
      }
      table={
        <table className="data-table">
          <caption className="visually-hidden">{t('dashboard.pipeline.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.columns.day')}</th>
              {stages.map((stage) => (
                <th key={stage} scope="col" className="number">
                  {t(`dashboard.pipeline.stages.${stage}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {figure.days.map((day) => (
              <tr key={day.day}>
                <th scope="row">
                  <time dateTime={day.day}>{formatDay(day.day, language, true)}</time>
                </th>
                {stages.map((stage) => (
                  <td key={stage} className="number">
                    {number(day[stage])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  )
}

export function UnmetFigure({ figure, csv }: { figure: DashboardView['unmet']; csv: string }) {
  const { t } = useTranslation()
  const language = useLanguage()
  const priority = (p: string) => t(`requests.priority.${p}`)
  const series: Series[] = figure.byPriority.map((p) => ({
    key: p.priority,
    label: priority(p.priority),
    colour: priorityColours[p.priority],
  }))
  const number = (v: number, digits = 0) => formatNumber(v, language, digits)
  const sums = (row: { openQuantity: number; openWeightKg: number; lines: number }) => (
    <>
      <td className="number">{number(row.openQuantity)}</td>
      <td className="number">{number(row.openWeightKg, 3)}</td>
      <td className="number">{number(row.lines)}</td>
    </>
  )
  const sumHeads = (
    <>
      <th scope="col" className="number">
        {t('dashboard.unmet.open')}
      </th>
      <th scope="col" className="number">
        {t('dashboard.unmet.openWeight')}
      </th>
      <th scope="col" className="number">
        {t('dashboard.unmet.lines')}
      </th>
    </>
  )
  return (
    <FigurePanel
      id="unmet"
      title={t('dashboard.unmet.title')}
      notes={[t('dashboard.unmet.note'), figure.byOperation && t('dashboard.byOperation')]}
      csv={csv}
      empty={figure.rows.length === 0 ? t('dashboard.unmet.none') : undefined}
      chart={
        <StackedBars
          label={t('dashboard.unmet.chart')}
          rows={figure.byPriority.map((p) => ({
            key: p.priority,
            label: priority(p.priority),
            values: { [p.priority]: p.openQuantity },
          }))}
          series={series}
          format={(v) => number(v)}
        />
      }
      table={
        <>
          <table className="data-table">
            <caption>{t('dashboard.unmet.byPriority')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dashboard.columns.priority')}</th>
                {sumHeads}
              </tr>
            </thead>
            <tbody>
              {figure.byPriority.map((row) => (
                <tr key={row.priority}>
                  <th scope="row">{priority(row.priority)}</th>
                  {sums(row)}
                </tr>
              ))}
            </tbody>
          </table>
          <table className="data-table">
            <caption>{t('dashboard.unmet.byPlace')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dashboard.columns.destination')}</th>
                <th scope="col">{t('dashboard.columns.priority')}</th>
                {sumHeads}
              </tr>
            </thead>
            <tbody>
              {figure.rows.map((row) => (
                <tr key={`${row.place.id}|${row.priority}`}>
                  <RefCell value={row.place} language={language} />
                  <td>{priority(row.priority)}</td>
                  {sums(row)}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      }
    />
  )
}
