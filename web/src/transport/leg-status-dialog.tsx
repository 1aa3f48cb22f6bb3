/**
 * @module web/transport/leg-status-dialog
 * Close a leg (a road cut by a landslide, a runway closed), saying why, or open it again
 * (POST /api/legs/:id/close|open). The reason is required to close: checked here and by the server,
 * whose refusal is shown by the field it names.
 */
import { type FormEvent, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { apiRequest } from '../api.js'
import { FormError, fieldErrorsOf, TextField } from '../common/form.js'
import { ModalDialog } from '../common/modal-dialog.js'
import { useSubmit } from '../common/use-submit.js'
import type { LegView } from './transport-model.js'

export interface LegToChange {
  id: string
  /** "Road: Komatsu → Kanazawa", said in the dialog's title and message. */
  label: string
  version?: number | undefined
}

export function LegStatusDialog({
  leg,
  action,
  onClose,
  onDone,
}: {
  leg: LegToChange
  action: 'close' | 'open'
  onClose: () => void
  onDone: (leg: LegView) => void
}) {
  const { t } = useTranslation()
  const submit = useSubmit()
  const [reason, setReason] = useState('')
  const [tried, setTried] = useState(false)
  // Said on leaving the box, not only on sending: a closure without a reason is refused.
  const [left, setLeft] = useState(false)
  const serverErrors = fieldErrorsOf(submit.error)
  const missing = action === 'close' && reason.trim() === ''
  const reasonError =
    serverErrors.reason ??
    ((tried || left) && missing ? t('transport.legs.reasonRequired') : undefined)

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    setTried(true)
    if (missing) {
      document.querySelector<HTMLElement>('.leg-status-form [name="reason"]')?.focus()
      return
    }
    const body = {
      ...(reason.trim() ? { reason: reason.trim() } : {}),
      ...(leg.version ? { version: leg.version } : {}),
    }
    const outcome = await submit.run(() =>
      apiRequest<LegView>('POST', `/api/legs/${leg.id}/${action}`, body),
    )
    if (outcome.ok) onDone(outcome.value)
  }

  return (
    <ModalDialog title={t(`transport.legs.${action}Title`, { leg: leg.label })} onClose={onClose}>
      <form className="leg-status-form" onSubmit={(event) => void onSubmit(event)} noValidate>
        <p>{t(`transport.legs.${action}Message`)}</p>
        <FormError error={submit.error} fieldErrors={serverErrors} />
        <TextField
          label={t('transport.legs.reason')}
          name="reason"
          value={reason}
          onChange={setReason}
          hint={t(`transport.legs.${action}ReasonHint`)}
          error={reasonError}
          onBlur={() => setLeft(true)}
          required={action === 'close'}
          optional={action === 'open'}
          maxLength={500}
          autoFocus
        />
        <div className="form-actions">
          <button
            type="submit"
            className={action === 'close' ? 'danger' : 'primary'}
            disabled={submit.busy}
          >
            {t(`transport.legs.${action}Confirm`)}
          </button>
          <button type="button" onClick={onClose}>
            {t('form.cancel')}
          </button>
        </div>
      </form>
    </ModalDialog>
  )
}
