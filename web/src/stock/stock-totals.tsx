/**
 * @module web/stock/stock-totals
 * The totals by category above the balances: bars by weight or volume (plain CSS, each with its number
 * written beside it), the same numbers as a table, and as CSV made here. Also the "as of" control that
 * turns the stock screen into the stock as it stood at a past time.
 */
import { useId, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import {
  csvHref,
  currentZoneLabel,
  formatKg,
  formatM3,
  formatZonedTime,
  localDay,
  toCsv,
} from './stock-format.js'
import type { Balance, CategoryTotal } from './stock-types.js'

/** Totals by category added up from balances (for a past time, when the API gives none). */
export function totalsOf(balances: readonly Balance[]): CategoryTotal[] {
  const byCategory = new Map<string, CategoryTotal>()
  for (const balance of balances) {
    const total = byCategory.get(balance.item.category) ?? {
      category: balance.item.category,
      quantity: 0,
      available: 0,
      weightKg: 0,
      volumeM3: 0,
    }
    total.quantity += balance.posted
    total.available += balance.available
    total.weightKg += balance.weightKg ?? 0
    total.volumeM3 += balance.volumeM3 ?? 0
    byCategory.set(balance.item.category, total)
  }
  return [...byCategory.values()].sort((a, b) => a.category.localeCompare(b.category))
}

type Measure = 'weightKg' | 'volumeM3'

export function TotalsPanel({
  totals,
  asOf,
  tooMany,
  loading,
}: {
  totals: CategoryTotal[] | undefined
  asOf: string | undefined
  tooMany: boolean
  loading: boolean
}) {
  const { t, i18n } = useTranslation()
  const language = useLanguage()
  const titleId = useId()
  const [measure, setMeasure] = useState<Measure>('weightKg')
  const categoryName = (category: string) =>
    i18n.exists(`itemCategory.${category}`) ? t(`itemCategory.${category}`) : category
  const format = (value: number, which: Measure) =>
    which === 'weightKg' ? formatKg(value, language) : formatM3(value, language)
  const largest = Math.max(0, ...(totals ?? []).map((total) => total[measure]))
  const day = localDay(asOf ? new Date(asOf) : new Date())
  const csv = useMemo(
    () =>
      totals && totals.length > 0
        ? csvHref(
            toCsv([
              [
                t('stock.csv.categoryCode'),
                t('stock.totals.columns.category'),
                t('stock.totals.columns.quantity'),
                t('stock.totals.columns.available'),
                t('stock.totals.columns.weight'),
                t('stock.totals.columns.volume'),
              ],
              ...totals.map((total) => [
                total.category,
                i18n.exists(`itemCategory.${total.category}`)
                  ? t(`itemCategory.${total.category}`)
                  : total.category,
                total.quantity,
                asOf ? null : total.available,
                Math.round(total.weightKg * 1000) / 1000,
                Math.round(total.volumeM3 * 1000) / 1000,
              ]),
            ]),
          )
        : undefined,
    [totals, asOf, t, i18n],
  )

  return (
    <section className="panel totals" aria-labelledby={titleId}>
      <div className="totals-head">
        <h2 id={titleId}>
          {asOf
            ? t('stock.totals.titleAsOf', { time: formatZonedTime(asOf, language).local })
            : t('stock.totals.title')}
        </h2>
        {/* biome-ignore lint/a11y/useSemanticElements: a group of toggle buttons, not a form fieldset */}
        <div className="segmented" role="group" aria-label={t('stock.totals.measure')}>
          {(['weightKg', 'volumeM3'] as const).map((each) => (
            <button
              key={each}
              type="button"
              aria-pressed={measure === each}
              onClick={() => setMeasure(each)}
            >
              {each === 'weightKg' ? t('stock.totals.byWeight') : t('stock.totals.byVolume')}
            </button>
          ))}
        </div>
      </div>
      {tooMany ? (
        <p className="subtle">{t('stock.totals.tooMany')}</p>
      ) : !totals ? (
        <p className="subtle">{loading ? t('app.loading') : t('table.none')}</p>
      ) : totals.length === 0 ? (
        <p className="subtle">{t('stock.totals.none')}</p>
      ) : (
        <>
          <ul className="bars">
            {totals.map((total) => {
              const value = total[measure]
              const share = largest > 0 ? Math.max(0, value / largest) : 0
              return (
                <li key={total.category} className="bar-row">
                  <span className="bar-label">{categoryName(total.category)}</span>
                  <span className="bar-track" aria-hidden="true">
                    <span
                      className={`bar bar-${total.category}`}
                      style={{ width: `${(share * 100).toFixed(1)}%` }}
                    />
                  </span>
                  <span className="bar-value">
                    {format(value, measure)} {measure === 'weightKg' ? 'kg' : 'm³'}
                  </span>
                </li>
              )
            })}
          </ul>
          {asOf && <p className="subtle">{t('stock.totals.computed')}</p>}
          <details className="totals-table">
            <summary>{t('stock.totals.showTable')}</summary>
            <div className="table-wrap">
              <table className="data-table">
                <caption className="visually-hidden">{t('stock.totals.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('stock.totals.columns.category')}</th>
                    <th scope="col" className="number">
                      {t('stock.totals.columns.quantity')}
                    </th>
                    <th scope="col" className="number">
                      {t('stock.totals.columns.available')}
                    </th>
                    <th scope="col" className="number">
                      {t('stock.totals.columns.weight')}
                    </th>
                    <th scope="col" className="number">
                      {t('stock.totals.columns.volume')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {totals.map((total) => (
                    <tr key={total.category}>
                      <th scope="row">{categoryName(total.category)}</th>
                      <td className="number">{formatNumber(total.quantity, language)}</td>
                      <td className="number">
                        {asOf ? t('table.none') : formatNumber(total.available, language)}
                      </td>
                      <td className="number">{format(total.weightKg, 'weightKg')}</td>
                      <td className="number">{format(total.volumeM3, 'volumeM3')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
          {csv && (
            <p className="download">
              <a href={csv} download={`kizuna-stock-totals-${day}.csv`}>
                {t('stock.totals.download')}
              </a>
            </p>
          )}
        </>
      )}
    </section>
  )
}

/** An ISO time as the value of <input type="datetime-local" step="1"> in the reader's zone. */
function toLocalInput(iso: string | undefined): string {
  if (!iso) return ''
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${localDay(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
}

/** "As of": a time in the reader's zone (to the second); empty means now. */
export function AsOfControl({
  asOf,
  onChange,
}: {
  asOf: string | undefined
  onChange: (asOf: string | undefined) => void
}) {
  const { t } = useTranslation()
  const language = useLanguage()
  const id = useId()
  const [value, setValue] = useState(() => toLocalInput(asOf))
  const [shown, setShown] = useState(asOf)
  // Follows the address (Back, "Clear filters").
  if (shown !== asOf) {
    setShown(asOf)
    setValue(toLocalInput(asOf))
  }
  return (
    <div className="select-box as-of">
      <label htmlFor={id}>{t('stock.filters.asOf')}</label>
      <div className="as-of-control">
        <input
          id={id}
          type="datetime-local"
          step={1}
          value={value}
          aria-describedby={`${id}-hint`}
          onChange={(event) => {
            setValue(event.target.value)
            if (event.target.value === '') {
              onChange(undefined)
              return
            }
            const date = new Date(event.target.value)
            if (!Number.isNaN(date.getTime())) onChange(date.toISOString())
          }}
        />
        {asOf && (
          <button type="button" onClick={() => onChange(undefined)}>
            {t('stock.filters.now')}
          </button>
        )}
      </div>
      <span id={`${id}-hint`} className="field-hint">
        {t('stock.filters.asOfHint', { zone: currentZoneLabel(language) })}
      </span>
    </div>
  )
}
