/**
 * @module web/operations/sitrep-links
 * One click to an operation's situation report (GET /api/operations/:id/sitrep), as a PDF or a
 * printable page, in the language the app is in and with times in the reader's own zone. Opens in a
 * new tab, as the waybill does; the server counts only what the reader's organisation may see.
 */
import { useTranslation } from 'react-i18next'
import { readerZone } from '../dashboard/dashboard-model.js'
import { useLanguage } from '../i18n/i18n.js'

export function sitrepPath(operation: string, format: 'pdf' | 'html', lang: string): string {
  const query = new URLSearchParams({ format, lang, zone: readerZone() })
  return `/api/operations/${encodeURIComponent(operation)}/sitrep?${query.toString()}`
}

export function SitrepLinks({ operation }: { operation: string }) {
  const { t } = useTranslation()
  const language = useLanguage()
  return (
    <div className="head-links sitrep-links">
      <a
        href={sitrepPath(operation, 'pdf', language)}
        target="_blank"
        rel="noopener"
        className="button-like"
        data-sitrep="pdf"
      >
        {t('sitrep.pdf')}
      </a>
      <a
        href={sitrepPath(operation, 'html', language)}
        target="_blank"
        rel="noopener"
        className="button-like"
        data-sitrep="html"
      >
        {t('sitrep.html')}
      </a>
    </div>
  )
}
