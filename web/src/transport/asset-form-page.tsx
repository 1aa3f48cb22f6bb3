/**
 * @module web/transport/asset-form-page
 * /transport/assets/new (planners, logisticians, administrators): offer an asset. Picking a reference
 * type (GET /api/asset-types: C-130J, CH-47, a 10-tonne truck …) fills in its kind, payload, volume,
 * speed and range, each still editable, and says where the figures come from; "custom" leaves them to
 * be typed. Then a name or tail/hull number, the base it operates from, the partner offering it and when
 * it is available. Fields are checked as typed with the contract's schema (asset-checks.ts); the
 * server's refusals are shown by the fields they name.
 * The id is chosen here once, so sending again after a lost answer cannot record it twice.
 */
import { type FormEvent, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { apiRequest } from '../api.js'
import { ErrorMessage } from '../common/error-message.js'
import {
  type ClientErrors,
  FormError,
  fieldErrorsOf,
  SelectField,
  TextField,
  translateErrors,
} from '../common/form.js'
import { useApiData } from '../common/use-api-data.js'
import { useSubmit } from '../common/use-submit.js'
import { fromDateTimeLocal } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { named, useOrganisations } from '../requests/request-lookups.js'
import { newId } from '../requests/request-model.js'
import { Link, navigate } from '../router.js'
import { useSignedInSession } from '../session/session.js'
import {
  type AssetKind,
  type AssetType,
  type AssetView,
  assetKinds,
  oneOf,
} from './transport-model.js'
import { type AssetFields, assetBody, assetProblems } from './asset-checks.js'
import { AnyPlacePicker, type PlaceOption, TransportTabs } from './transport-pickers.js'
import './transport.css'

const custom = ''

export function AssetFormPage() {
  const { t } = useTranslation()
  const language = useLanguage()
  const session = useSignedInSession()
  const orgs = useOrganisations()
  const types = useApiData<{ assetTypes: AssetType[] }>('/api/asset-types')
  const [id] = useState(newId)
  const [typeCode, setTypeCode] = useState(custom)
  const [kind, setKind] = useState<AssetKind | ''>('')
  const [name, setName] = useState('')
  const [payload, setPayload] = useState('')
  const [volume, setVolume] = useState('')
  const [speed, setSpeed] = useState('')
  const [range, setRange] = useState('')
  const [base, setBase] = useState<PlaceOption>()
  const [org, setOrg] = useState(session.org.id)
  const [availableFrom, setAvailableFrom] = useState('')
  const [availableUntil, setAvailableUntil] = useState('')
  const [tried, setTried] = useState(false)
  const submit = useSubmit()
  const assetTypes = types.data?.assetTypes ?? []
  const type = assetTypes.find((each) => each.code === typeCode)

  const chooseType = (code: string) => {
    setTypeCode(code)
    const chosen = assetTypes.find((each) => each.code === code)
    if (!chosen) return
    setKind(chosen.kind)
    setPayload(String(chosen.payloadKg))
    setVolume(String(chosen.volumeM3))
    setSpeed(String(chosen.speedKmh))
    setRange(chosen.rangeKm === null ? '' : String(chosen.rangeKm))
  }

  const fields: AssetFields = {
    id,
    org,
    type: type ? type.code : null,
    kind,
    name,
    payload,
    volume,
    speed,
    range,
    base: base?.id,
    availableFrom: availableFrom ? (fromDateTimeLocal(availableFrom) ?? availableFrom) : null,
    availableUntil: availableUntil ? (fromDateTimeLocal(availableUntil) ?? availableUntil) : null,
  }
  // Checked as typed with the server's schema: a field's problem shows once it holds something,
  // and every field's once sending was tried.
  const problems: ClientErrors = assetProblems(fields)
  const typedIn: Record<string, string> = {
    name,
    payloadKg: payload,
    volumeM3: volume,
    speedKmh: speed,
    rangeKm: range,
    availableFrom,
    availableUntil,
  }
  const clientErrors = translateErrors(t, problems)
  const serverErrors = fieldErrorsOf(submit.error)
  const shown = (field: string) =>
    serverErrors[field] ??
    (tried || (typedIn[field] ?? '').trim() !== '' ? clientErrors[field] : undefined)
  const order = [
    'type',
    'kind',
    'name',
    'payloadKg',
    'volumeM3',
    'speedKmh',
    'rangeKm',
    'base',
    'org',
    'availableFrom',
    'availableUntil',
  ]

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    setTried(true)
    const first = order.find((field) => problems[field])
    if (first) {
      document.querySelector<HTMLElement>(`.asset-form [name="${first}"]`)?.focus()
      return
    }
    const body = assetBody(fields)
    const outcome = await submit.run(() => apiRequest<AssetView>('POST', '/api/assets', body))
    if (outcome.ok) navigate('/transport/assets')
  }

  const typeName = (each: AssetType) =>
    language === 'ja' && each.nameJa ? each.nameJa : each.nameEn

  return (
    <section className="page transport-page" aria-labelledby="page-title">
      <p className="back">
        <Link href="/transport/assets">← {t('transport.assets.back')}</Link>
      </p>
      <h1 id="page-title" tabIndex={-1}>
        {t('transport.assets.formTitle')}
      </h1>
      <TransportTabs />
      <p className="subtle">{t('transport.assets.formIntro')}</p>
      {types.error && <ErrorMessage error={types.error} onRetry={types.reload} />}
      <FormError error={submit.error} fieldErrors={serverErrors} />
      {tried && !submit.error && Object.keys(problems).length > 0 && (
        <div className="error" role="alert">
          <p>
            <strong>{t('transport.assets.notSent')}</strong> {t('errors.checkFields')}
          </p>
        </div>
      )}
      <form className="asset-form" onSubmit={(event) => void onSubmit(event)} noValidate>
        <fieldset className="form-section">
          <legend>{t('transport.assets.what')}</legend>
          <div className="form-grid">
            <SelectField
              label={t('transport.fields.type')}
              name="type"
              value={typeCode}
              onChange={chooseType}
              options={[
                { value: custom, label: t('transport.assets.customType') },
                ...assetKinds.flatMap((each) =>
                  assetTypes
                    .filter((assetType) => assetType.kind === each)
                    .map((assetType) => ({
                      value: assetType.code,
                      label: `${t(`transport.kind.${each}`)} — ${typeName(assetType)}`,
                    })),
                ),
              ]}
              hint={
                type ? (
                  <>
                    {t('transport.assets.typeSource', { source: type.source })}
                    {type.estimates && (
                      <> {t('transport.assets.typeEstimates', { estimates: type.estimates })}</>
                    )}
                  </>
                ) : (
                  t('transport.hints.type')
                )
              }
              error={shown('type')}
            />
            <SelectField
              label={t('transport.fields.kind')}
              name="kind"
              value={kind}
              onChange={(value) => setKind(oneOf(assetKinds, value))}
              options={[
                { value: '', label: t('transport.assets.chooseKind') },
                ...assetKinds.map((each) => ({ value: each, label: t(`transport.kind.${each}`) })),
              ]}
              error={shown('kind')}
              required
            />
            <TextField
              label={t('transport.fields.name')}
              name="name"
              value={name}
              onChange={setName}
              hint={t('transport.hints.name')}
              error={shown('name')}
              maxLength={200}
              required
            />
          </div>
        </fieldset>
        <fieldset className="form-section">
          <legend>{t('transport.assets.capacity')}</legend>
          <div className="form-grid">
            <TextField
              label={t('transport.fields.payloadKg')}
              name="payloadKg"
              value={payload}
              onChange={setPayload}
              inputMode="numeric"
              error={shown('payloadKg')}
              required
            />
            <TextField
              label={t('transport.fields.volumeM3')}
              name="volumeM3"
              value={volume}
              onChange={setVolume}
              error={shown('volumeM3')}
              required
            />
            <TextField
              label={t('transport.fields.speedKmh')}
              name="speedKmh"
              value={speed}
              onChange={setSpeed}
              hint={t('transport.hints.speed')}
              error={shown('speedKmh')}
              required
            />
            <TextField
              label={t('transport.fields.rangeKm')}
              name="rangeKm"
              value={range}
              onChange={setRange}
              hint={t('transport.hints.range')}
              error={shown('rangeKm')}
              optional
            />
          </div>
        </fieldset>
        <fieldset className="form-section">
          <legend>{t('transport.assets.whereWhen')}</legend>
          <div className="form-grid">
            <AnyPlacePicker
              label={t('transport.fields.base')}
              name="base"
              selected={base}
              onSelect={setBase}
              hint={t('transport.hints.base')}
              error={shown('base')}
              required
            />
            <SelectField
              label={t('transport.fields.org')}
              name="org"
              value={org}
              onChange={setOrg}
              options={
                orgs.list.length > 0
                  ? orgs.list.map((each) => ({
                      value: each.id,
                      label: `${each.code} — ${named(each, language, each.code).text}`,
                    }))
                  : [{ value: session.org.id, label: session.org.code }]
              }
              hint={t('transport.hints.org')}
              error={shown('org')}
            />
            <TextField
              label={t('transport.fields.availableFrom')}
              name="availableFrom"
              type="datetime-local"
              value={availableFrom}
              onChange={setAvailableFrom}
              error={shown('availableFrom')}
              optional
            />
            <TextField
              label={t('transport.fields.availableUntil')}
              name="availableUntil"
              type="datetime-local"
              value={availableUntil}
              onChange={setAvailableUntil}
              error={shown('availableUntil')}
              optional
            />
          </div>
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={submit.busy}>
            {submit.busy ? t('transport.assets.saving') : t('transport.assets.save')}
          </button>
          <Link href="/transport/assets" className="button-like">
            {t('form.cancel')}
          </Link>
        </div>
      </form>
    </section>
  )
}
