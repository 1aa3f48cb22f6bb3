/** @module web/common/error-message — an API failure said plainly, with a way to try again. */
import { useTranslation } from 'react-i18next'
import type { ApiError } from '../api.js'

export function ErrorMessage({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { t } = useTranslation()
  const message = error.code === 'network' ? t('errors.network') : error.message
  return (
    <div className="error" role="alert">
      <p>
        <strong>{t('errors.title')}</strong> {message}
      </p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('app.retry')}
        </button>
      )}
    </div>
  )
}
