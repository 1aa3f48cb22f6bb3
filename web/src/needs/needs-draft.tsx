/**
 * @module web/needs/needs-draft
 * An estimate made into a draft request for the place it was made for (POST /api/requests, then the
 * request is opened): one item line per need, ticked unless the need is part of another (drinking water
 * is within all water use: asking for both would ask twice), each with a whole quantity (the estimate's,
 * which may be changed) and a priority (water and food life-saving, the rest life-sustaining), a needed-by
 * time, and the estimate's arithmetic as the justification. Catalogue items are found by their code; a
 * need whose item this node lacks cannot be asked for. The request's id is chosen once per estimate, so
 * sending again after a lost answer cannot make a second request.
 */
import { priorities } from '@contract/requests.js'
import { type FormEvent, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type ApiError, apiRequest } from '../api.js'
import { type FieldErrors, FormError, TextField, translateErrors } from '../common/form.js'
import { useTouched } from '../common/field-checks.js'
import { useSubmit } from '../common/use-submit.js'
import { formatNumber, fromDateTimeLocal, toDateTimeLocal } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { zonedTime, zoneLabel } from '../requests/request-bits.js'
import type { PlaceOption } from '../requests/request-lookups.js'
import { useUnitName } from '../requests/request-lookups.js'
import {
  canDraftRequests,
  newId,
  type Priority,
  type RequestView,
} from '../requests/request-model.js'
import { Link, navigate } from '../router.js'
import { useSignedInSession } from '../session/session.js'
import { defaultPriority, type NeedLine, type NeedsEstimate } from './needs-model.js'
import { type DraftFields, draftBody, draftProblems } from './needs-checks.js'
import type { ItemsByCode } from './use-items-by-code.js'

interface LineChoice {
  include: boolean
  quantity: string
  priority: Priority
}

/** Tomorrow at this hour, in the reader's zone: a first guess the requester will usually change. */
function defaultNeededBy(): string {
  const at = new Date(Date.now() + 86_400_000)
  at.setMinutes(0, 0, 0)
  return toDateTimeLocal(at.toISOString())
}

/** A refusal's fields as this form names them: "body.lines.2.quantity" and "lines[2].item" both become "lines.2.…". */
function serverFieldErrors(error: ApiError | undefined): FieldErrors {
  const errors: FieldErrors = {}
  if (!error || !Array.isArray(error.details)) return errors
  for (const detail of error.details as unknown[]) {
    if (typeof detail !== 'object' || detail === null) continue
    const { field, message } = detail as { field?: unknown; message?: unknown }
    if (typeof field !== 'string' || typeof message !== 'string') continue
    const name = field.replace(/^body\./, '').replace(/\[(\d+)\]/g, '.$1')
    const parts = name.split('.')
    errors[
      parts[0] === 'lines' && parts.length > 2 ? parts.slice(0, 3).join('.') : (parts[0] ?? name)
    ] ??= message
  }
  return errors
}

export function NeedsDraft({
  estimate,
  operation,
  place,
  catalogue,
}: {
  estimate: NeedsEstimate
  operation: string
  place: PlaceOption | undefined
  catalogue: ItemsByCode
}) {
  const { t, i18n } = useTranslation()
  const language = useLanguage()
  const session = useSignedInSession()
  const unitName = useUnitName()
  const [id] = useState(newId)
  const [choices, setChoices] = useState<Record<string, LineChoice>>(() =>
    Object.fromEntries(
      estimate.lines.map((line) => [
        line.id,
        {
          include: line.includedIn === null && line.itemName !== null,
          quantity: String(line.itemsNeeded),
          priority: defaultPriority(line),
        },
      ]),
    ),
  )
  const [neededBy, setNeededBy] = useState(defaultNeededBy)
  const [tried, setTried] = useState(false)
  const [serverErrors, setServerErrors] = useState<FieldErrors>({})
  const submit = useSubmit()
  const touched = useTouched()
  const { items, loaded } = catalogue

  if (!canDraftRequests(session))
    return <p className="notice needs-draft-note">{t('needs.draft.notAllowed')}</p>
  if (!place) return <p className="notice needs-draft-note">{t('needs.draft.needsPlace')}</p>

  const needName = (line: NeedLine) =>
    i18n.exists(`needs.need.${line.id}`) ? t(`needs.need.${line.id}`) : line.need
  const chosen = estimate.lines.filter((line) => choices[line.id]?.include)
  const justification = (): string => {
    const head = t('needs.draft.justification', {
      people: formatNumber(estimate.population, language),
      days: formatNumber(estimate.days, language),
    })
    const sums = chosen.map((line) => `${line.id}: ${line.arithmetic}`)
    return [head, ...sums].join('\n').slice(0, 2000)
  }

  const at = fromDateTimeLocal(neededBy)
  const fields: DraftFields = {
    id,
    operation,
    destination: place.id,
    neededBy: at ?? null,
    neededByTyped: neededBy,
    justification: justification(),
    lines: chosen.map((line) => ({
      need: line.id,
      item: items.get(line.itemCode)?.id,
      quantity: choices[line.id]?.quantity ?? '',
      priority: choices[line.id]?.priority ?? defaultPriority(line),
    })),
  }
  // Problems by the contract's requestCreateSchema, named by need (quantity.water …).
  const problems = draftProblems(fields, Date.now())
  const clientErrors = translateErrors(t, problems)
  /** The server numbers the lines sent; the form names them by need. */
  const serverError = (name: string) => {
    if (name.startsWith('quantity.')) {
      const index = chosen.findIndex((line) => `quantity.${line.id}` === name)
      return serverErrors[`lines.${index}.quantity`] ?? serverErrors[`lines.${index}.item`]
    }
    return serverErrors[name]
  }
  const shown = (name: string) =>
    serverError(name) ?? (tried || touched.has(name) ? clientErrors[name] : undefined)

  const choose = (line: string, patch: Partial<LineChoice>) => {
    if (patch.quantity !== undefined) touched.touch(`quantity.${line}`)
    setChoices((previous) => ({
      ...previous,
      [line]: { ...(previous[line] as LineChoice), ...patch },
    }))
    if (Object.keys(serverErrors).length > 0) {
      setServerErrors({})
      submit.clear()
    }
  }

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    setTried(true)
    if (Object.keys(problems).length > 0) return
    const body = draftBody(fields)
    setServerErrors({})
    const outcome = await submit.run(() => apiRequest<RequestView>('POST', '/api/requests', body))
    if (outcome.ok) navigate(`/requests/${outcome.value.id}`)
    else setServerErrors(serverFieldErrors(outcome.error))
  }

  const zone = zoneLabel(new Date(), language)
  return (
    <section className="needs-draft" aria-labelledby="draft-title">
      <h2 id="draft-title">{t('needs.draft.title')}</h2>
      <p className="subtle">
        {t('needs.draft.intro')} <span lang={place.lang}>{place.text}</span>
      </p>
      <FormError error={submit.error} fieldErrors={serverErrors} />
      {tried && Object.keys(clientErrors).length > 0 && (
        <div className="error" role="alert">
          <p>
            <strong>{t('needs.draft.notMade')}</strong> {t('errors.checkFields')}
          </p>
        </div>
      )}
      <form onSubmit={(event) => void onSubmit(event)} noValidate>
        <fieldset className="form-section">
          <legend>{t('needs.draft.lines')}</legend>
          {shown('lines') && <p className="field-error">{shown('lines')}</p>}
          <ul className="draft-lines">
            {estimate.lines.map((line) => {
              const choice = choices[line.id] as LineChoice
              const missing = loaded && !items.has(line.itemCode)
              const name = needName(line)
              return (
                <li key={line.id} className={choice.include ? 'draft-line' : 'draft-line off'}>
                  <label className="check-box draft-include">
                    <input
                      type="checkbox"
                      name={`include.${line.id}`}
                      checked={choice.include}
                      disabled={missing}
                      onChange={(event) => choose(line.id, { include: event.target.checked })}
                    />
                    {t('needs.draft.include', { need: name })}
                  </label>
                  {line.includedIn && (
                    <span className="field-hint">{t('needs.draft.includedHint')}</span>
                  )}
                  {missing && <span className="field-warning">{t('needs.result.noItem')}</span>}
                  {choice.include && (
                    <div className="form-grid draft-line-fields">
                      <TextField
                        label={t('needs.draft.quantity', { need: name })}
                        name={`quantity.${line.id}`}
                        value={choice.quantity}
                        inputMode="numeric"
                        onChange={(quantity) => choose(line.id, { quantity })}
                        hint={t('needs.draft.quantityHint', {
                          unit: unitName(line.itemUnit),
                          estimated: formatNumber(line.itemsNeeded, language),
                        })}
                        error={shown(`quantity.${line.id}`)}
                      />
                      <div className="field-box">
                        <label htmlFor={`priority-${line.id}`}>
                          {t('needs.draft.priority', { need: name })}
                        </label>
                        <select
                          id={`priority-${line.id}`}
                          name={`priority.${line.id}`}
                          value={choice.priority}
                          onChange={(event) =>
                            choose(line.id, { priority: event.target.value as Priority })
                          }
                        >
                          {priorities.map((each) => (
                            <option key={each} value={each}>
                              {t(`requests.priority.${each}`)}
                            </option>
                          ))}
                        </select>
                      </div>
                    </div>
                  )}
                </li>
              )
            })}
          </ul>
        </fieldset>
        <div className="form-grid">
          <TextField
            label={t('requests.fields.neededBy')}
            name="neededBy"
            type="datetime-local"
            value={neededBy}
            onChange={(value) => {
              setNeededBy(value)
              touched.touch('neededBy')
              if (serverErrors.neededBy) {
                setServerErrors({})
                submit.clear()
              }
            }}
            hint={
              at
                ? t('requests.form.neededByIs', { utc: zonedTime(at, language).utc, zone })
                : t('requests.form.neededByHint', { zone })
            }
            error={shown('neededBy')}
            required
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={submit.busy || !loaded}>
            {submit.busy ? t('needs.draft.making') : t('needs.draft.make')}
          </button>
          <Link href="/requests" className="button-like">
            {t('needs.draft.board')}
          </Link>
        </div>
      </form>
    </section>
  )
}
