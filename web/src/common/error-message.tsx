/**
 * @module web/common/error-message
 * An API failure said plainly, with a way to try again. Refusals every screen can meet (no network, not
 * signed in, not allowed, too many attempts, changed meanwhile) are said in the reader's language; others
 * in the server's own words, which name the field or record.
 */
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import type { ApiError } from '../api.js'

const translatedCodes = new Set([
  'network',
  'unauthenticated',
  'forbidden',
  'csrf_mismatch',
  'version_conflict',
  'internal',
])

export function describeError(error: ApiError, t: TFunction): string {
  if (error.code === 'rate_limited') {
    const seconds = (error.details as { retryAfterSeconds?: unknown } | undefined)
      ?.retryAfterSeconds
    if (typeof seconds === 'number')
      return t('errors.code.rateLimitedMinutes', { count: Math.max(1, Math.ceil(seconds / 60)) })
    return t('errors.code.rate_limited')
  }
  if (translatedCodes.has(error.code)) return t(`errors.code.${error.code}`)
  return error.message
}

export function ErrorMessage({
  error,
  onRetry,
  title,
}: {
  error: ApiError
  onRetry?: () => void
  /** What failed, e.g. "Could not load this:" (the default) or "Not saved:". */
  title?: string
}) {
  const { t } = useTranslation()
  return (
    <div className="error" role="alert">
      <p>
        <strong>{title ?? t('errors.title')}</strong> {describeError(error, t)}
      </p>
      {onRetry && error.code !== 'forbidden' && (
        <button type="button" onClick={onRetry}>
          {t('app.retry')}
        </button>
      )}
    </div>
  )
}
