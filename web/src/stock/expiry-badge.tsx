/**
 * @module web/stock/expiry-badge
 * A lot's expiry date, flagged in words (not colour alone) when it has passed or comes within 30 days.
 */
import { useTranslation } from 'react-i18next'
import { useLanguage } from '../i18n/i18n.js'
import { expiryState, formatDay } from './stock-format.js'

export function ExpiryBadge({ expiresOn, today }: { expiresOn: string | null; today: string }) {
  const { t } = useTranslation()
  const language = useLanguage()
  if (!expiresOn) return <span className="subtle">{t('table.none')}</span>
  const state = expiryState(expiresOn, today)
  return (
    <span className={`expiry expiry-${state.kind}`}>
      <time dateTime={expiresOn}>{formatDay(expiresOn, language)}</time>
      {state.kind === 'expired' && (
        <span className="status status-closed">{t('stock.expired')}</span>
      )}
      {state.kind === 'soon' && (
        <span className="status status-damaged">
          {state.days === 0 ? t('stock.expiresToday') : t('stock.expiresIn', { count: state.days })}
        </span>
      )}
    </span>
  )
}
