/**
 * @module web/needs/needs-page
 * /needs: the needs estimator. Choose the operation (the server uses its own figures for the standards,
 * if any, instead of the bundled ones, and says which figure came from where), a place (a shelter, evacuation site, municipality or distribution
 * point: its Noto 2024 evacuee count or its capacity gives the population when none is typed) and a
 * number of days; POST /api/needs/estimate answers with the needs per standard as whole catalogue items
 * and the arithmetic, which is shown as the server wrote it so it can be checked by hand. Below, the
 * estimate can become a draft request for that place (needs-draft.tsx).
 */
import type { Place } from '@contract/places.js'
import { type FormEvent, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { apiRequest } from '../api.js'
import {
  type FieldErrors,
  FormError,
  fieldErrorsOf,
  TextField,
  translateErrors,
} from '../common/form.js'
import { useApiData } from '../common/use-api-data.js'
import { useSubmit } from '../common/use-submit.js'
import { formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { OperationSelect, useOperations } from '../operations/operations.js'
import { DestinationPicker, type PlaceOption } from '../requests/request-lookups.js'
import { NeedsDraft } from './needs-draft.js'
import { estimateBody, estimateProblems } from './needs-checks.js'
import { type NeedsEstimate, placeFigure } from './needs-model.js'
import { EstimateResult } from './needs-result.js'
import { useItemsByCode } from './use-items-by-code.js'
import './needs.css'

interface Estimated {
  estimate: NeedsEstimate
  operation: string
  place: PlaceOption | undefined
}

export function NeedsPage() {
  const { t } = useTranslation()
  const language = useLanguage()
  const operations = useOperations()
  const [operation, setOperation] = useState('')
  const [place, setPlace] = useState<PlaceOption>()
  const [population, setPopulation] = useState('')
  const [days, setDays] = useState('7')
  const [tried, setTried] = useState(false)
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set())
  const [serverErrors, setServerErrors] = useState<FieldErrors>({})
  const [estimated, setEstimated] = useState<Estimated>()
  const submit = useSubmit()
  const placeRecord = useApiData<Place>(place ? `/api/places/${place.id}` : null)
  const catalogue = useItemsByCode(estimated?.estimate.lines.map((line) => line.itemCode) ?? [])

  const estimateFields = { place: place?.id, population, days, operation }
  const clientErrors = translateErrors(t, estimateProblems(estimateFields))
  const shown = (name: string) =>
    serverErrors[name] ?? (tried || touched.has(name) ? clientErrors[name] : undefined)
  const change = (name: string) => {
    setTouched((previous) => new Set([...previous, name]))
    if (serverErrors[name] !== undefined) {
      const { [name]: _, ...rest } = serverErrors
      setServerErrors(rest)
      if (Object.keys(rest).length === 0) submit.clear()
    }
  }
  const chosenOperation = operations.find((each) => each.id === operation)
  const overrides = chosenOperation ? Object.keys(chosenOperation.standards).length : 0

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    setTried(true)
    if (Object.keys(clientErrors).length > 0) {
      const first = ['population', 'days'].find((name) => clientErrors[name])
      if (first) document.querySelector<HTMLElement>(`[name="${first}"]`)?.focus()
      return
    }
    const body = estimateBody(estimateFields)
    setServerErrors({})
    const outcome = await submit.run(() =>
      apiRequest<NeedsEstimate>('POST', '/api/needs/estimate', body),
    )
    if (outcome.ok) {
      setEstimated({ estimate: outcome.value, operation, place })
      window.setTimeout(() => document.getElementById('estimate-title')?.focus(), 0)
      return
    }
    setServerErrors(fieldErrorsOf(outcome.error))
  }

  const figure = placeRecord.data && place ? placeFigure(placeRecord.data) : undefined
  const n = (value: number) => formatNumber(value, language)
  const populationHint = !place
    ? t('needs.hints.population')
    : figure?.kind === 'noto'
      ? t('needs.hints.populationNoto', { people: n(figure.people), date: figure.asOf ?? '?' })
      : figure?.kind === 'capacity'
        ? t('needs.hints.populationCapacity', { people: n(figure.people) })
        : figure?.kind === 'none'
          ? t('needs.hints.populationNone')
          : t('needs.hints.population')

  return (
    <section className="page needs-page" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {t('needs.title')}
      </h1>
      <p className="subtle">{t('needs.intro')}</p>
      <FormError error={submit.error} fieldErrors={serverErrors} />
      <form className="needs-form" onSubmit={(event) => void onSubmit(event)} noValidate>
        <div className="form-grid">
          <OperationSelect
            value={operation}
            onChange={(value) => {
              setOperation(value)
              change('operation')
            }}
            operations={operations}
            hint={
              overrides > 0
                ? t('needs.hints.operationOverrides', { count: overrides })
                : t('needs.hints.operation')
            }
            error={shown('operation')}
          />
          <DestinationPicker
            label={t('needs.fields.place')}
            name="place"
            selected={place}
            onSelect={(option) => {
              setPlace(option)
              change('place')
              change('population')
            }}
            hint={t('needs.hints.place')}
            error={shown('place')}
          />
          <TextField
            label={t('needs.fields.population')}
            name="population"
            value={population}
            inputMode="numeric"
            onChange={(value) => {
              setPopulation(value)
              change('population')
            }}
            hint={populationHint}
            error={shown('population')}
            optional={Boolean(place)}
            required={!place}
          />
          <TextField
            label={t('needs.fields.days')}
            name="days"
            value={days}
            inputMode="numeric"
            onChange={(value) => {
              setDays(value)
              change('days')
            }}
            hint={t('needs.hints.days')}
            error={shown('days')}
            required
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={submit.busy}>
            {submit.busy ? t('needs.estimating') : t('needs.estimate')}
          </button>
        </div>
      </form>
      {estimated && (
        <>
          <EstimateResult
            estimate={estimated.estimate}
            placeOption={estimated.place}
            catalogue={catalogue}
          />
          <NeedsDraft
            key={estimatedKey(estimated)}
            estimate={estimated.estimate}
            operation={estimated.operation}
            place={estimated.place}
            catalogue={catalogue}
          />
        </>
      )}
    </section>
  )
}

/** A new estimate is a new draft: its own request id, its own choices. */
function estimatedKey({ estimate, operation, place }: Estimated): string {
  return [place?.id ?? '', operation, estimate.population, estimate.days]
    .concat(estimate.lines.map((line) => line.itemsNeeded))
    .join(':')
}
