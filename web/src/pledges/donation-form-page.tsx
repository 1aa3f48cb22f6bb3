/**
 * @module web/pledges/donation-form-page
 * /pledges/donation (planners, logisticians, administrators): a donation nobody announced has arrived at
 * the hub. It is received into stock where it arrived (owned by the donor), with its lot and expiry, and
 * triaged on the spot: urgent (needed now), can wait, or not needed (kept apart, not pushed to people).
 * POST /api/donations; the id is chosen here once, so sending again after a lost answer cannot receive it
 * twice. Afterwards the page says what was recorded, with a link to the stock it made.
 */
import { triages } from '@contract/requests.js'
import { type FormEvent, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { apiRequest } from '../api.js'
import {
  FormError,
  fieldErrorsOf,
  SelectField,
  TextField,
  translateErrors,
} from '../common/form.js'
import { useTouched } from '../common/field-checks.js'
import { useSubmit } from '../common/use-submit.js'
import { formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { named, useOrganisations } from '../requests/request-lookups.js'
import { newId } from '../requests/request-model.js'
import { Link } from '../router.js'
import {
  type ItemOption,
  ItemPicker,
  type PlaceOption,
  PlacePicker,
  useUnitName,
} from '../stock/stock-pickers.js'
import { type DonationFields, donationBody, donationProblems } from './pledge-checks.js'
import type { Pledge, Triage } from './pledge-model.js'
import './pledges.css'

interface Recorded {
  pledge: Pledge
  item: ItemOption
  place: PlaceOption
}

export function DonationFormPage() {
  const { t } = useTranslation()
  const language = useLanguage()
  const orgs = useOrganisations()
  const unitName = useUnitName()
  const triageId = useId()
  const [id, setId] = useState(newId)
  const [place, setPlace] = useState<PlaceOption>()
  const [item, setItem] = useState<ItemOption>()
  const [org, setOrg] = useState('')
  const [quantity, setQuantity] = useState('')
  const [triage, setTriage] = useState<Triage | ''>('')
  const [lot, setLot] = useState('')
  const [expiresOn, setExpiresOn] = useState('')
  const [description, setDescription] = useState('')
  const [tried, setTried] = useState(false)
  const touched = useTouched()
  const [recorded, setRecorded] = useState<Recorded>()
  const submit = useSubmit()

  const fields: DonationFields = {
    id,
    place: place?.id,
    item: item?.id,
    org,
    quantity,
    triage,
    lot,
    expiresOn,
    description,
  }
  // Problems as typed, by the contract's schema: a field's once changed, every one's once sent.
  const problems = donationProblems(fields)
  const clientErrors = translateErrors(t, problems)
  const serverErrors = fieldErrorsOf(submit.error)
  const shown = (name: string) =>
    serverErrors[name] ?? (tried || touched.has(name) ? clientErrors[name] : undefined)
  const order = ['place', 'item', 'org', 'quantity', 'triage', 'lot', 'expiresOn', 'description']

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    setTried(true)
    const first = order.find((name) => problems[name])
    if (first) {
      document.querySelector<HTMLElement>(`.donation-form [name="${first}"]`)?.focus()
      return
    }
    const body = donationBody(fields)
    const outcome = await submit.run(() => apiRequest<Pledge>('POST', '/api/donations', body))
    if (outcome.ok && place && item) {
      setRecorded({ pledge: outcome.value, item, place })
      window.setTimeout(() => document.getElementById('donation-done')?.focus(), 0)
    }
  }

  /** Another donation: a new id, the place kept (the same dock), the rest emptied. */
  const another = () => {
    setId(newId())
    setRecorded(undefined)
    setItem(undefined)
    setOrg('')
    setQuantity('')
    setTriage('')
    setLot('')
    setExpiresOn('')
    setDescription('')
    setTried(false)
    touched.clear()
    submit.clear()
  }

  if (recorded) {
    const { pledge } = recorded
    return (
      <section className="page donation-page" aria-labelledby="page-title">
        <p className="back">
          <Link href="/pledges">← {t('pledges.back')}</Link>
        </p>
        <h1 id="page-title" tabIndex={-1}>
          {t('pledges.donation.title')}
        </h1>
        <div className="success" id="donation-done" tabIndex={-1} role="status">
          <p>
            {t('pledges.donation.done', {
              quantity: formatNumber(pledge.quantity, language),
              unit: unitName(recorded.item.unit),
              item: recorded.item.text,
              place: recorded.place.text,
              donor: orgs.codeOf(pledge.org),
            })}{' '}
            <span className={`triage triage-${pledge.triage}`}>
              {t(`pledges.triage.${pledge.triage ?? 'urgent'}`)}
            </span>
          </p>
        </div>
        <div className="form-actions">
          <Link
            href={`/stock?place=${encodeURIComponent(recorded.place.id)}&q=${encodeURIComponent(recorded.item.code)}`}
            className="button-like primary"
          >
            {t('pledges.seeStockAt', { place: recorded.place.text })}
          </Link>
          <button type="button" onClick={another}>
            {t('pledges.donation.another')}
          </button>
          <Link href="/pledges" className="button-like">
            {t('pledges.back')}
          </Link>
        </div>
      </section>
    )
  }

  return (
    <section className="page donation-page" aria-labelledby="page-title">
      <p className="back">
        <Link href="/pledges">← {t('pledges.back')}</Link>
      </p>
      <h1 id="page-title" tabIndex={-1}>
        {t('pledges.donation.title')}
      </h1>
      <p className="subtle">{t('pledges.donation.intro')}</p>
      <FormError error={submit.error} fieldErrors={serverErrors} />
      {tried && !submit.error && Object.keys(problems).length > 0 && (
        <div className="error" role="alert">
          <p>
            <strong>{t('pledges.form.notSent')}</strong> {t('errors.checkFields')}
          </p>
        </div>
      )}
      <form className="donation-form" onSubmit={(event) => void onSubmit(event)} noValidate>
        <div className="form-grid">
          <PlacePicker
            label={t('pledges.fields.arrivedAt')}
            name="place"
            selected={place}
            onSelect={touched.on('place', setPlace)}
            hint={t('pledges.hints.arrivedAt')}
            error={shown('place')}
            required
          />
          <ItemPicker
            label={t('pledges.fields.item')}
            name="item"
            selected={item}
            onSelect={touched.on('item', setItem)}
            error={shown('item')}
            required
          />
          <SelectField
            label={t('pledges.fields.donor')}
            name="org"
            value={org}
            onChange={touched.on('org', setOrg)}
            options={[
              { value: '', label: t('pledges.form.chooseDonor') },
              ...orgs.list.map((each) => ({
                value: each.id,
                label: `${each.code} — ${named(each, language, each.code).text}`,
              })),
            ]}
            hint={t('pledges.hints.donor')}
            error={shown('org')}
            required
          />
          <TextField
            label={t('pledges.fields.quantity')}
            name="quantity"
            value={quantity}
            inputMode="numeric"
            onChange={touched.on('quantity', setQuantity)}
            hint={
              item
                ? t('pledges.hints.quantityUnit', { unit: unitName(item.unit) })
                : t('pledges.hints.quantity')
            }
            error={shown('quantity')}
            required
          />
        </div>
        <fieldset
          className="chips triage-chips"
          aria-invalid={shown('triage') ? true : undefined}
          aria-describedby={`${triageId}-hint${shown('triage') ? ` ${triageId}-error` : ''}`}
        >
          <legend>{t('pledges.fields.triage')}</legend>
          {triages.map((each) => (
            <label key={each} className={`chip triage-chip triage-${each}`}>
              <input
                type="radio"
                name="triage"
                value={each}
                checked={triage === each}
                onChange={() => touched.on('triage', setTriage)(each)}
              />
              {t(`pledges.triage.${each}`)}
            </label>
          ))}
          <p id={`${triageId}-hint`} className="field-hint">
            {t('pledges.hints.triage')}
          </p>
          {shown('triage') && (
            <p id={`${triageId}-error`} className="field-error">
              {shown('triage')}
            </p>
          )}
        </fieldset>
        <div className="form-grid">
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
          <TextField
            label={t('pledges.fields.description')}
            name="description"
            value={description}
            maxLength={500}
            onChange={touched.on('description', setDescription)}
            hint={t('pledges.hints.donationDescription')}
            error={shown('description')}
            optional
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={submit.busy}>
            {submit.busy ? t('pledges.donation.saving') : t('pledges.donation.save')}
          </button>
          <Link href="/pledges" className="button-like">
            {t('form.cancel')}
          </Link>
        </div>
      </form>
    </section>
  )
}
