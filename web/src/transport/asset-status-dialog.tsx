/**
 * @module web/transport/asset-status-dialog
 * Mark an asset available, tasked, in maintenance or unavailable, with an optional note
 * (POST /api/assets/:id/status, with the version read: a change made meanwhile is refused).
 */
import { type FormEvent, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { apiRequest } from '../api.js'
import { FormError, fieldErrorsOf, SelectField, TextField } from '../common/form.js'
import { ModalDialog } from '../common/modal-dialog.js'
import { useSubmit } from '../common/use-submit.js'
import { type AssetStatus, type AssetView, assetStatuses, oneOf } from './transport-model.js'

export function AssetStatusDialog({
  asset,
  onClose,
  onDone,
}: {
  asset: AssetView
  onClose: () => void
  onDone: (asset: AssetView) => void
}) {
  const { t } = useTranslation()
  const submit = useSubmit()
  const [status, setStatus] = useState<AssetStatus>(asset.status)
  const [note, setNote] = useState(asset.statusNote ?? '')
  const serverErrors = fieldErrorsOf(submit.error)

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    const body = { status, note: note.trim() || null, version: asset.version }
    const outcome = await submit.run(() =>
      apiRequest<AssetView>('POST', `/api/assets/${asset.id}/status`, body),
    )
    if (outcome.ok) onDone(outcome.value)
  }

  return (
    <ModalDialog title={t('transport.assets.statusTitle', { asset: asset.name })} onClose={onClose}>
      <form onSubmit={(event) => void onSubmit(event)} noValidate>
        <FormError error={submit.error} fieldErrors={serverErrors} />
        <div className="form-grid">
          <SelectField
            label={t('transport.fields.status')}
            name="status"
            value={status}
            onChange={(value) => setStatus(oneOf(assetStatuses, value) || asset.status)}
            options={assetStatuses.map((each) => ({
              value: each,
              label: t(`transport.assetStatus.${each}`),
            }))}
            error={serverErrors.status}
          />
          <TextField
            label={t('transport.fields.statusNote')}
            name="note"
            value={note}
            onChange={setNote}
            hint={t('transport.hints.statusNote')}
            error={serverErrors.note}
            maxLength={500}
            optional
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={submit.busy}>
            {t('transport.assets.saveStatus')}
          </button>
          <button type="button" onClick={onClose}>
            {t('form.cancel')}
          </button>
        </div>
      </form>
    </ModalDialog>
  )
}
