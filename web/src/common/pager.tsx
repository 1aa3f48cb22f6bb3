/** @module web/common/pager — "1–50 of 941" with first, previous, next and last page, and a page size. */
import { useTranslation } from 'react-i18next'
import { formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'

export const pageSizes = [25, 50, 100, 200] as const

export interface PagerProps {
  total: number
  limit: number
  offset: number
  onPage: (offset: number) => void
  onLimit: (limit: number) => void
}

export function Pager({ total, limit, offset, onPage, onLimit }: PagerProps) {
  const { t } = useTranslation()
  const language = useLanguage()
  const from = total === 0 ? 0 : offset + 1
  const to = Math.min(offset + limit, total)
  const last = total === 0 ? 0 : Math.floor((total - 1) / limit) * limit
  const range = t('table.range', {
    from: formatNumber(from, language),
    to: formatNumber(to, language),
    total: formatNumber(total, language),
  })
  return (
    <nav className="pager" aria-label={t('table.pager')}>
      <output className="pager-range" aria-live="polite">
        {range}
      </output>
      <button
        type="button"
        onClick={() => onPage(0)}
        disabled={offset <= 0}
        aria-label={t('table.firstPage')}
      >
        «
      </button>
      <button
        type="button"
        onClick={() => onPage(Math.max(0, offset - limit))}
        disabled={offset <= 0}
        aria-label={t('table.previousPage')}
      >
        ‹
      </button>
      <button
        type="button"
        onClick={() => onPage(offset + limit)}
        disabled={offset + limit >= total}
        aria-label={t('table.nextPage')}
      >
        ›
      </button>
      <button
        type="button"
        onClick={() => onPage(last)}
        disabled={offset >= last}
        aria-label={t('table.lastPage')}
      >
        »
      </button>
      <label className="pager-size">
        {t('table.pageSize')}
        <select value={limit} onChange={(event) => onLimit(Number(event.target.value))}>
          {pageSizes.map((size) => (
            <option key={size} value={size}>
              {formatNumber(size, language)}
            </option>
          ))}
        </select>
      </label>
    </nav>
  )
}
