/**
 * @module web/pledges/pledge-form-page
 * /pledges/new (planners, logisticians, administrators): record what a partner offers — items of the
 * catalogue (a whole quantity of the item's unit) or a capability (airlift, medical team … with a free
 * description and a quantity such as tonnes or people), where and when it will be available, and on what
 * conditions — for the operation it helps. A coordinator may record a partner's pledge on its behalf.
 * Fields are checked as typed; the server's refusals are shown by the fields they name. The pledge's id is
 * chosen here once, so sending again after a lost answer cannot record it twice.
 */
import type { Place, PlaceList } from '@contract/places.js'
import { capabilities } from '@contract/requests.js'
import { type FormEvent, useCallback, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { apiGet, apiRequest } from '../api.js'
import {
  FormError,
  fieldErrorsOf,
  SelectField,
  TextField,
  translateErrors,
} from '../common/form.js'
import { type PickerOption, RecordPicker } from '../common/record-picker.js'
import { useTouched } from '../common/field-checks.js'
import { useSubmit } from '../common/use-submit.js'
import { fromDateTimeLocal } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { OperationSelect, useOperations } from '../operations/operations.js'
import {
  type ItemOption,
  ItemPicker,
  named,
  placeOption,
  useOrganisations,
  useUnitName,
} from '../requests/request-lookups.js'
import { newId } from '../requests/request-model.js'
import { Link, navigate } from '../router.js'
import { useSignedInSession } from '../session/session.js'
import { type PledgeFields, pledgeBody, pledgeProblems } from './pledge-checks.js'
import type { Pledge } from './pledge-model.js'
import './pledges.css'

type Kind = 'item' | 'capability'

/** Any place: a partner's warehouse, an airport, a port, a hub … wherever the offer will be. */
function AnyPlacePicker(props: {
  label: string
  name: string
  selected: PickerOption | undefined
  onSelect: (option: PickerOption | undefined) => void
  hint?: string
  error?: string | undefined
}) {
  const { t } = useTranslation()
  const language = useLanguage()
  const search = useCallback(
    async (text: string, signal: AbortSignal) => {
      const list = await apiGet<PlaceList>(
        '/api/places',
        { q: text, sort: 'code', limit: 12 },
        { signal },
      )
      return list.places.map((place: Place) => placeOption(place, language, t))
    },
    [language, t],
  )
  return (
    <RecordPicker
      {...props}
      search={search}
      placeholder={t('pledges.form.placePlaceholder')}
      optional
    />
  )
}

export function PledgeFormPage() {
  const { t } = useTranslation()
  const language = useLanguage()
  const session = useSignedInSession()
  const orgs = useOrganisations()
  const operations = useOperations()
  const unitName = useUnitName()
  const conditionsId = useId()
  const [id] = useState(newId)
  const [org, setOrg] = useState(session.org.id)
  const [operation, setOperation] = useState('')
  const [kind, setKind] = useState<Kind>('item')
  const [item, setItem] = useState<ItemOption>()
  const [capability, setCapability] = useState('')
  const [description, setDescription] = useState('')
  const [quantity, setQuantity] = useState('')
  const [unit, setUnit] = useState('')
  const [place, setPlace] = useState<PickerOption>()
  const [availableFrom, setAvailableFrom] = useState('')
  const [availableUntil, setAvailableUntil] = useState('')
  const [conditions, setConditions] = useState('')
  const [tried, setTried] = useState(false)
  const touched = useTouched()
  const submit = useSubmit()

  const from = availableFrom === '' ? null : (fromDateTimeLocal(availableFrom) ?? availableFrom)
  const until = availableUntil === '' ? null : (fromDateTimeLocal(availableUntil) ?? availableUntil)
  const fields: PledgeFields = {
    id,
    org,
    operation,
    kind,
    item: item?.id,
    capability,
    description,
    quantity,
    unit,
    place: place?.id,
    availableFrom: from,
    availableUntil: until,
    conditions,
  }
  // Problems as typed, by the contract's schema: a field's once changed, every one's once sent.
  const problems = pledgeProblems(fields)
  const clientErrors = translateErrors(t, problems)
  const serverErrors = fieldErrorsOf(submit.error)
  const shown = (name: string) =>
    serverErrors[name] ?? (tried || touched.has(name) ? clientErrors[name] : undefined)
  const order = [
    'org',
    'operation',
    'item',
    'capability',
    'description',
    'quantity',
    'unit',
    'place',
    'availableFrom',
    'availableUntil',
    'conditions',
  ]

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    setTried(true)
    const first = order.find((name) => problems[name])
    if (first) {
      document.querySelector<HTMLElement>(`.pledge-form [name="${first}"]`)?.focus()
      return
    }
    const body = pledgeBody(fields)
    const outcome = await submit.run(() => apiRequest<Pledge>('POST', '/api/pledges', body))
    if (outcome.ok) navigate('/pledges')
  }

  return (
    <section className="page pledge-form-page" aria-labelledby="page-title">
      <p className="back">
        <Link href="/pledges">← {t('pledges.back')}</Link>
      </p>
      <h1 id="page-title" tabIndex={-1}>
        {t('pledges.form.title')}
      </h1>
      <p className="subtle">{t('pledges.form.intro')}</p>
      <FormError error={submit.error} fieldErrors={serverErrors} />
      {tried && !submit.error && Object.keys(problems).length > 0 && (
        <div className="error" role="alert">
          <p>
            <strong>{t('pledges.form.notSent')}</strong> {t('errors.checkFields')}
          </p>
        </div>
      )}
      <form className="pledge-form" onSubmit={(event) => void onSubmit(event)} noValidate>
        <fieldset className="form-section">
          <legend>{t('pledges.form.who')}</legend>
          <div className="form-grid">
            <SelectField
              label={t('pledges.fields.org')}
              name="org"
              value={org}
              onChange={touched.on('org', setOrg)}
              options={
                orgs.list.length > 0
                  ? orgs.list.map((each) => ({
                      value: each.id,
                      label: `${each.code} — ${named(each, language, each.code).text}`,
                    }))
                  : [{ value: session.org.id, label: session.org.code }]
              }
              hint={t('pledges.hints.org')}
              error={shown('org')}
              required
            />
            <OperationSelect
              value={operation}
              onChange={touched.on('operation', setOperation)}
              operations={operations}
              error={shown('operation')}
            />
          </div>
        </fieldset>
        <fieldset className="form-section">
          <legend>{t('pledges.form.what')}</legend>
          <fieldset className="chips kind-chips">
            <legend>{t('pledges.fields.kind')}</legend>
            {(['item', 'capability'] as const).map((each) => (
              <label key={each} className="chip">
                <input
                  type="radio"
                  name="kind"
                  value={each}
                  checked={kind === each}
                  onChange={() => setKind(each)}
                />
                {t(`pledges.kind.${each}`)}
              </label>
            ))}
          </fieldset>
          <div className="form-grid">
            {kind === 'item' ? (
              <ItemPicker
                label={t('pledges.fields.item')}
                name="item"
                selected={item}
                onSelect={touched.on('item', setItem)}
                error={shown('item')}
                required
              />
            ) : (
              <SelectField
                label={t('pledges.fields.capability')}
                name="capability"
                value={capability}
                onChange={touched.on('capability', setCapability)}
                options={[
                  { value: '', label: t('requests.form.chooseCapability') },
                  ...capabilities.map((each) => ({
                    value: each,
                    label: t(`requests.capability.${each}`),
                  })),
                ]}
                error={shown('capability')}
                required
              />
            )}
            <TextField
              label={t('pledges.fields.quantity')}
              name="quantity"
              value={quantity}
              inputMode="numeric"
              onChange={touched.on('quantity', setQuantity)}
              hint={
                kind === 'item'
                  ? item
                    ? t('pledges.hints.quantityUnit', { unit: unitName(item.unit) })
                    : t('pledges.hints.quantity')
                  : t('pledges.hints.capabilityQuantity')
              }
              error={shown('quantity')}
              required
            />
            {kind === 'capability' && (
              <TextField
                label={t('pledges.fields.unit')}
                name="unit"
                value={unit}
                maxLength={30}
                onChange={touched.on('unit', setUnit)}
                hint={t('pledges.hints.unit')}
                error={shown('unit')}
                optional
              />
            )}
            <TextField
              label={t('pledges.fields.description')}
              name="description"
              value={description}
              maxLength={500}
              onChange={touched.on('description', setDescription)}
              hint={t(
                kind === 'item' ? 'pledges.hints.descriptionItem' : 'pledges.hints.description',
              )}
              error={shown('description')}
              optional
            />
          </div>
        </fieldset>
        <fieldset className="form-section">
          <legend>{t('pledges.form.whereWhen')}</legend>
          <div className="form-grid">
            <AnyPlacePicker
              label={t('pledges.fields.place')}
              name="place"
              selected={place}
              onSelect={touched.on('place', setPlace)}
              hint={t('pledges.hints.place')}
              error={shown('place')}
            />
            <TextField
              label={t('pledges.fields.availableFrom')}
              name="availableFrom"
              type="datetime-local"
              value={availableFrom}
              onChange={touched.on('availableFrom', setAvailableFrom)}
              error={shown('availableFrom')}
              optional
            />
            <TextField
              label={t('pledges.fields.availableUntil')}
              name="availableUntil"
              type="datetime-local"
              value={availableUntil}
              onChange={touched.on('availableUntil', setAvailableUntil)}
              error={shown('availableUntil')}
              optional
            />
          </div>
          <div className="field-box">
            <label htmlFor={conditionsId}>
              {t('pledges.fields.conditions')}
              <span className="optional-mark"> {t('form.optional')}</span>
            </label>
            <textarea
              id={conditionsId}
              name="conditions"
              rows={3}
              maxLength={1000}
              value={conditions}
              aria-describedby={`${conditionsId}-hint${shown('conditions') ? ` ${conditionsId}-error` : ''}`}
              aria-invalid={shown('conditions') ? true : undefined}
              onChange={(event) => touched.on('conditions', setConditions)(event.target.value)}
            />
            <p id={`${conditionsId}-hint`} className="field-hint">
              {t('pledges.hints.conditions')}
            </p>
            {shown('conditions') && (
              <p id={`${conditionsId}-error`} className="field-error">
                {shown('conditions')}
              </p>
            )}
          </div>
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={submit.busy}>
            {submit.busy ? t('pledges.form.saving') : t('pledges.form.save')}
          </button>
          <Link href="/pledges" className="button-like">
            {t('form.cancel')}
          </Link>
        </div>
      </form>
    </section>
  )
}
