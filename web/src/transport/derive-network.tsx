/**
 * @module web/transport/derive-network
 * The button that derives the route network from the places (POST /api/routes/derive): it takes a
 * second or three, so the button says it is working, and the answer says how many legs it made.
 */

import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { apiRequest } from '../api.js'
import { FormError } from '../common/form.js'
import { useSubmit } from '../common/use-submit.js'
import { formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import type { DeriveResult } from './transport-model.js'

export function DeriveNetwork({ empty, onDerived }: { empty: boolean; onDerived: () => void }) {
  const { t } = useTranslation()
  const language = useLanguage()
  const submit = useSubmit()
  const [result, setResult] = useState<DeriveResult>()

  const derive = async () => {
    setResult(undefined)
    const outcome = await submit.run(() => apiRequest<DeriveResult>('POST', '/api/routes/derive'))
    if (outcome.ok) {
      setResult(outcome.value)
      onDerived()
    }
  }

  return (
    <div className="derive-network">
      {empty && <p>{t('transport.derive.empty')}</p>}
      <button
        type="button"
        className={empty ? 'primary' : undefined}
        disabled={submit.busy}
        aria-busy={submit.busy}
        onClick={() => void derive()}
      >
        {submit.busy
          ? t('transport.derive.working')
          : empty
            ? t('transport.derive.action')
            : t('transport.derive.again')}
      </button>
      <FormError error={submit.error} />
      {result && (
        <p className="success" role="status">
          {t('transport.derive.done', {
            legs: formatNumber(result.derived, language),
            created: formatNumber(result.created, language),
            places: formatNumber(result.places, language),
            kept: formatNumber(result.keptEdited, language),
          })}
        </p>
      )}
    </div>
  )
}
