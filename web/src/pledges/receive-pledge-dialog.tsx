/**
 * @module web/pledges/receive-pledge-dialog
 * A confirmed item pledge arrives: where it arrived (the pledge's place unless changed: a hub,
 * warehouse, staging area or distribution point whose stock this user's organisation handles), how much
 * came (the pledged quantity unless less or more arrived), and the lot and expiry printed on the cases.
 * POST /api/pledges/:id/receive records a ledger receipt owned by the pledging partner; receiving twice
 * finds the first receipt. The server's refusals are shown by the fields they name.
 */
import { type FormEvent, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { apiRequest } from '../api.js'
import { FormError, fieldErrorsOf, TextField, translateErrors } from '../common/form.js'
import { ModalDialog } from '../common/modal-dialog.js'
import { useTouched } from '../common/field-checks.js'
import { useSubmit } from '../common/use-submit.js'
import { formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { type PlaceOption, PlacePicker, usePlaceOption } from '../stock/stock-pickers.js'
import {
  type ReceivePledgeFields,
  receivePledgeBody,
  receivePledgeProblems,
} from './pledge-checks.js'
import type { Pledge } from './pledge-model.js'

export function ReceivePledgeDialog({
  pledge,
  what,
  onClose,
  onReceived,
}: {
  pledge: Pledge
  what: { text: string; unit: string }
  onClose: () => void
  onReceived: (pledge: Pledge) => void
}) {
  const { t } = useTranslation()
  const language = useLanguage()
  const pledgedPlace = usePlaceOption(pledge.place ?? undefined)
  const [place, setPlace] = useState<PlaceOption>()
  const [placeChanged, setPlaceChanged] = useState(false)
  const [quantity, setQuantity] = useState(String(pledge.quantity))
  const [lot, setLot] = useState('')
  const [expiresOn, setExpiresOn] = useState('')
  const [tried, setTried] = useState(false)
  const touched = useTouched()
  const submit = useSubmit()

  // The pledge's place is the first guess, once its name has arrived.
  useEffect(() => {
    if (!placeChanged && pledgedPlace) setPlace(pledgedPlace)
  }, [pledgedPlace, placeChanged])

  const fields: ReceivePledgeFields = { place: place?.id, quantity, lot, expiresOn }
  // Problems as typed, by the contract's schema: a field's once changed, every one's once sent.
  const problems = receivePledgeProblems(fields)
  const clientErrors = translateErrors(t, problems)
  const serverErrors = fieldErrorsOf(submit.error)
  const shown = (name: string) =>
    serverErrors[name] ?? (tried || touched.has(name) ? clientErrors[name] : undefined)

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    setTried(true)
    if (Object.keys(problems).length > 0) return
    const body = receivePledgeBody(fields)
    const outcome = await submit.run(() =>
      apiRequest<Pledge>('POST', `/api/pledges/${pledge.id}/receive`, body),
    )
    if (outcome.ok) onReceived(outcome.value)
  }

  return (
    <ModalDialog title={t('pledges.receive.title', { what: what.text })} onClose={onClose}>
      <p className="subtle">
        {t('pledges.receive.intro', {
          quantity: formatNumber(pledge.quantity, language),
          unit: what.unit,
        })}
      </p>
      <FormError error={submit.error} fieldErrors={serverErrors} />
      <form onSubmit={(event) => void onSubmit(event)} noValidate>
        <div className="form-grid">
          <PlacePicker
            label={t('pledges.fields.arrivedAt')}
            name="place"
            selected={place}
            onSelect={(option) => {
              setPlace(option)
              setPlaceChanged(true)
              touched.touch('place')
            }}
            hint={t('pledges.hints.arrivedAt')}
            error={shown('place')}
            required
          />
          <TextField
            label={t('pledges.fields.quantityArrived')}
            name="quantity"
            value={quantity}
            inputMode="numeric"
            onChange={touched.on('quantity', setQuantity)}
            hint={t('pledges.hints.quantityArrived', { unit: what.unit })}
            error={shown('quantity')}
            required
            autoFocus
          />
          <TextField
            label={t('pledges.fields.lot')}
            name="lot"
            value={lot}
            maxLength={60}
            onChange={touched.on('lot', setLot)}
            hint={t('pledges.hints.lot')}
            error={shown('lot')}
            optional
          />
          <TextField
            label={t('pledges.fields.expiresOn')}
            name="expiresOn"
            type="date"
            value={expiresOn}
            onChange={touched.on('expiresOn', setExpiresOn)}
            hint={t('pledges.hints.expiresOn')}
            error={shown('expiresOn')}
            optional
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={submit.busy}>
            {submit.busy ? t('pledges.receive.saving') : t('pledges.receive.submit')}
          </button>
          <button type="button" onClick={onClose}>
            {t('form.cancel')}
          </button>
        </div>
      </form>
    </ModalDialog>
  )
}
