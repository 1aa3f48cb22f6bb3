/**
 * @module web/consignments/consignment-form-page
 * /consignments/new (logisticians, administrators): plan a consignment — from a place that holds stock
 * to a destination, on an asset (optional; its load is checked by the server), by the fastest route for
 * the asset or direct, with lines of item, owner, lot and quantity (what is available at the origin is
 * shown per line). Fields are checked as typed by the contract's schema (consignment-checks.ts).
 * Creating it reserves the stock; the server's refusals (not enough available, a load
 * over the asset's payload, a closed leg) are shown by the field they name. The id is chosen here once,
 * so a second click or a retry after a lost answer cannot make two; once made, the detail is shown.
 */
import type { RequestView } from '@contract/requests.js'
import { type FormEvent, useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { apiRequest } from '../api.js'
import { FormError, translateErrors } from '../common/form.js'
import { useApiData } from '../common/use-api-data.js'
import { useSubmit } from '../common/use-submit.js'
import { newId } from '../requests/request-model.js'
import { Link, navigate } from '../router.js'
import { useSignedInSession } from '../session/session.js'
import { type PlaceOption, PlacePicker, useOrganisations } from '../stock/stock-pickers.js'
import type { AssetKind } from '../transport/transport-model.js'
import {
  type PlaceOption as AnyPlaceOption,
  AnyPlacePicker,
  type AssetOption,
  AssetPicker,
} from '../transport/transport-pickers.js'
import { ConsignmentLineFields, emptyLine, type LineDraft } from './consignment-line-fields.js'
import { type PlanFields, planBody, planProblems } from './consignment-checks.js'
import { type Consignment, refusalFields } from './consignment-model.js'
import { RouteChoice, type RouteMode, useProposedRoute } from './route-choice.js'
import './consignments.css'

/** Requests whose item lines a consignment may still serve. */
const openRequestStatuses = [
  'validated',
  'partially-planned',
  'planned',
  'partially-dispatched',
  'dispatched',
  'partially-delivered',
]

export function ConsignmentFormPage() {
  const { t } = useTranslation()
  const session = useSignedInSession()
  const orgs = useOrganisations()
  const noteId = useId()
  const [id] = useState(newId)
  const [origin, setOrigin] = useState<PlaceOption>()
  const [destination, setDestination] = useState<AnyPlaceOption>()
  const [asset, setAsset] = useState<AssetOption>()
  const [mode, setMode] = useState<RouteMode>('fastest')
  const [kind, setKind] = useState<AssetKind>('truck')
  const [lines, setLines] = useState<LineDraft[]>(() => [emptyLine(newId(), session.org.id)])
  const [note, setNote] = useState('')
  const [tried, setTried] = useState(false)
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set())
  const touch = (name: string) => setTouched((all) => new Set([...all, name]))
  const submit = useSubmit()
  const left = useRef(false)
  useEffect(() => {
    left.current = false
    return () => {
      left.current = true
    }
  }, [])
  const proposed = useProposedRoute(origin?.id, destination?.id, asset?.asset, kind, mode)
  const requests = useApiData<{ requests: RequestView[] }>(destination ? '/api/requests' : null, {
    destination: destination?.id,
    status: openRequestStatuses,
    limit: 100,
  })
  const ends = origin && destination ? [origin.id, destination.id] : []

  const fields: PlanFields = {
    id,
    origin: origin?.id,
    destination: destination?.id,
    asset: asset?.id ?? null,
    route: mode === 'fastest' && proposed.legs ? proposed.legs : undefined,
    lines: lines.map((line) => ({ ...line, item: line.item?.id })),
    note,
  }
  // Problems as typed, by the contract's schema: a field's once it was changed, every one once sent.
  const problems = translateErrors(t, planProblems(fields))
  const server = refusalFields(submit.error)
  const shown = (name: string) =>
    server[name] ?? (tried || touched.has(name) ? problems[name] : undefined)
  const lineErrors = (i: number) => ({
    item: shown(`lines[${i}].item`),
    owner: shown(`lines[${i}].owner`),
    lot: shown(`lines[${i}].lot`),
    quantity: shown(`lines[${i}].quantity`),
    request: shown(`lines[${i}].request`),
    requestLine: shown(`lines[${i}].requestLine`),
  })
  const routeError = Object.entries(server).find(([field]) => field.startsWith('route'))?.[1]

  const change = (index: number, patch: Partial<LineDraft>) => {
    for (const field of Object.keys(patch)) touch(`lines[${index}].${field}`)
    setLines((all) => all.map((line, at) => (at === index ? { ...line, ...patch } : line)))
  }

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    setTried(true)
    const first = Object.keys(problems)[0]
    if (first) {
      document
        .querySelector<HTMLElement>(`.consignment-form [name="${CSS.escape(first)}"]`)
        ?.focus()
      return
    }
    const body = planBody(fields)
    const outcome = await submit.run(() =>
      apiRequest<Consignment>('POST', '/api/consignments', body),
    )
    // Made while the user went elsewhere: they are not taken back to it.
    if (outcome.ok && !left.current) navigate(`/consignments/${outcome.value.id}`)
  }

  return (
    <section className="page consignment-form-page" aria-labelledby="page-title">
      <p className="back">
        <Link href="/consignments">← {t('consignments.back')}</Link>
      </p>
      <h1 id="page-title" tabIndex={-1}>
        {t('consignments.form.title')}
      </h1>
      <p className="subtle">{t('consignments.form.intro')}</p>
      <FormError error={submit.error} />
      {tried && !submit.error && Object.keys(problems).length > 0 && (
        <div className="error" role="alert">
          <p>
            <strong>{t('consignments.form.notSent')}</strong> {t('errors.checkFields')}
          </p>
        </div>
      )}
      <form className="consignment-form" onSubmit={(event) => void onSubmit(event)} noValidate>
        <fieldset className="form-section">
          <legend>{t('consignments.form.whereFrom')}</legend>
          <div className="form-grid">
            <PlacePicker
              label={t('consignments.fields.origin')}
              name="origin"
              selected={origin}
              onSelect={(place) => {
                setOrigin(place)
                touch('origin')
              }}
              hint={t('consignments.hints.origin')}
              error={shown('origin')}
              required
            />
            <AnyPlacePicker
              label={t('consignments.fields.destination')}
              name="destination"
              selected={destination}
              onSelect={(place) => {
                setDestination(place)
                touch('destination')
              }}
              error={shown('destination')}
              required
            />
            <AssetPicker
              label={t('consignments.fields.asset')}
              name="asset"
              selected={asset}
              onSelect={setAsset}
              hint={t('consignments.hints.asset')}
              error={shown('asset')}
              optional
            />
          </div>
        </fieldset>
        <RouteChoice
          mode={mode}
          onMode={setMode}
          kind={kind}
          onKind={setKind}
          asset={asset?.asset}
          proposed={proposed}
          ends={ends}
          error={routeError}
        />
        {lines.map((line, index) => (
          <ConsignmentLineFields
            key={line.key}
            index={index}
            line={line}
            origin={origin?.id}
            requests={requests.data?.requests ?? []}
            orgs={orgs}
            errors={lineErrors(index)}
            onChange={(patch) => change(index, patch)}
            onRemove={
              lines.length > 1
                ? () => setLines((all) => all.filter((each) => each.key !== line.key))
                : undefined
            }
          />
        ))}
        {shown('lines') && <p className="field-error">{shown('lines')}</p>}
        <p>
          <button
            type="button"
            onClick={() => setLines((all) => [...all, emptyLine(newId(), session.org.id)])}
          >
            {t('consignments.form.addLine')}
          </button>
        </p>
        <div className="field-box">
          <label htmlFor={noteId}>
            {t('consignments.fields.note')}
            <span className="optional-mark"> {t('form.optional')}</span>
          </label>
          <textarea
            id={noteId}
            name="note"
            rows={2}
            maxLength={2000}
            value={note}
            onChange={(event) => setNote(event.target.value)}
          />
        </div>
        <div className="form-actions">
          <button
            type="submit"
            className="primary"
            // Until the proposed route is known, sending would go direct without saying so.
            disabled={submit.busy || (mode === 'fastest' && ends.length === 2 && proposed.loading)}
            aria-busy={submit.busy}
          >
            {/* The label stays as it is while sending: a double click must not land on Cancel. */}
            {t('consignments.form.save')}
          </button>
          <Link href="/consignments" className="button-like">
            {t('form.cancel')}
          </Link>
        </div>
      </form>
    </section>
  )
}
