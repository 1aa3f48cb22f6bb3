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
import {
  type ClientErrors,
  FormError,
  fieldErrorsOf,
  TextField,
  translateErrors,
} from '../common/form.js'
import { ModalDialog } from '../common/modal-dialog.js'
import { useSubmit } from '../common/use-submit.js'
import { normaliseWhole } from '../common/whole-number.js'
import { formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { type PlaceOption, PlacePicker, usePlaceOption } from '../stock/stock-pickers.js'
import { checkQuantity, type Pledge } from './pledge-model.js'

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
  const submit = useSubmit()

  // The pledge's place is the first guess, once its name has arrived.
  useEffect(() => {
    if (!placeChanged && pledgedPlace) setPlace(pledgedPlace)
  }, [pledgedPlace, placeChanged])

  const problems: ClientErrors = {}
  if (!place) problems.place = 'pledges.errors.placeRequired'
  const quantityProblem = checkQuantity(quantity)
  if (quantityProblem) problems.quantity = quantityProblem
  if (lot.trim().length > 60) problems.lot = ['pledges.errors.tooLong', { count: 60 }]
  const clientErrors = translateErrors(t, problems)
  const serverErrors = fieldErrorsOf(submit.error)
  const shown = (name: string) => serverErrors[name] ?? (tried ? clientErrors[name] : undefined)

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    setTried(true)
    if (Object.keys(problems).length > 0) return
    const body = {
      place: place?.id,
      quantity: Number(normaliseWhole(quantity)),
      ...(lot.trim() && { lot: lot.trim() }),
      expiresOn: expiresOn || null,
    }
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
            onChange={setQuantity}
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
            onChange={setLot}
            hint={t('pledges.hints.lot')}
            error={shown('lot')}
            optional
          />
          <TextField
            label={t('pledges.fields.expiresOn')}
            name="expiresOn"
            type="date"
            value={expiresOn}
            onChange={setExpiresOn}
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
