/**
 * @module web/requests/request-form-page
 * /requests/new (requesters and administrators): draft a request for assistance — where it is for (a
 * shelter, evacuation site, municipality or distribution point), by when (in the reader's zone, named,
 * with the UTC time said), why, whom to call, and its lines: items from the catalog (a whole quantity of
 * the item's base unit, a priority) and capabilities (water purification, airlift …). Fields are checked
 * as they are typed by the contract's own schema (request-checks.ts); the server's refusals are
 * shown next to the fields they name (`body.lines.0.quantity`, `lines[0].item`, `destination`). The
 * request's id is chosen here once, so sending again after a lost answer cannot make a second request.
 */
import { capabilities, priorities } from '@contract/requests.js'
import { type FormEvent, type ReactNode, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type ApiError, apiRequest } from '../api.js'
import {
  type FieldErrors,
  FormError,
  SelectField,
  TextField,
  translateErrors,
} from '../common/form.js'
import { useSubmit } from '../common/use-submit.js'
import { fromDateTimeLocal } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { Link, navigate } from '../router.js'
import { zonedTime, zoneLabel } from './request-bits.js'
import { type RequestFields, requestBody, requestProblems } from './request-checks.js'
import {
  DestinationPicker,
  type ItemOption,
  ItemPicker,
  type PlaceOption,
  useUnitName,
} from './request-lookups.js'
import { type Capability, newId, type Priority, type RequestView } from './request-model.js'

interface ItemLineDraft {
  key: number
  kind: 'item'
  item: ItemOption | undefined
  quantity: string
  priority: Priority
}

interface CapabilityLineDraft {
  key: number
  kind: 'capability'
  capability: Capability | ''
  description: string
  quantity: string
  unit: string
  priority: Priority
}

type LineDraft = ItemLineDraft | CapabilityLineDraft

interface Draft {
  destination: PlaceOption | undefined
  neededBy: string
  justification: string
  contactName: string
  contactPhone: string
  lines: LineDraft[]
}

/** The form's fields as the checks and the body read them. */
function requestFields(id: string, draft: Draft): RequestFields {
  return {
    id,
    destination: draft.destination?.id,
    neededBy: draft.neededBy === '' ? null : (fromDateTimeLocal(draft.neededBy) ?? null),
    neededByTyped: draft.neededBy,
    justification: draft.justification,
    contactName: draft.contactName,
    contactPhone: draft.contactPhone,
    lines: draft.lines.map((line) =>
      line.kind === 'item' ? { ...line, item: line.item?.id } : { ...line },
    ),
  }
}

/**
 * A refusal's fields as the form names them: "body.lines.0.quantity" (schema validation) and
 * "lines[0].item" (a refusal of the use case) both become "lines.0.…".
 */
function serverFieldErrors(error: ApiError | undefined): FieldErrors {
  const errors: FieldErrors = {}
  if (!error || !Array.isArray(error.details)) return errors
  for (const detail of error.details as unknown[]) {
    if (typeof detail !== 'object' || detail === null) continue
    const { field, message } = detail as { field?: unknown; message?: unknown }
    if (typeof field !== 'string' || typeof message !== 'string') continue
    const name = field.replace(/^body\./, '').replace(/\[(\d+)\]/g, '.$1')
    errors[name] ??= message
  }
  return errors
}

let lineKeys = 0
const newItemLine = (): ItemLineDraft => ({
  key: ++lineKeys,
  kind: 'item',
  item: undefined,
  quantity: '',
  priority: 'life-sustaining',
})
const newCapabilityLine = (): CapabilityLineDraft => ({
  key: ++lineKeys,
  kind: 'capability',
  capability: '',
  description: '',
  quantity: '',
  unit: '',
  priority: 'life-sustaining',
})

export function RequestFormPage() {
  const { t } = useTranslation()
  const language = useLanguage()
  const unitName = useUnitName()
  /** Kept across retries: the server answers a repeat with the request it already made. */
  const [id] = useState(newId)
  const [draft, setDraft] = useState<Draft>(() => ({
    destination: undefined,
    neededBy: '',
    justification: '',
    contactName: '',
    contactPhone: '',
    lines: [newItemLine()],
  }))
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set())
  const [tried, setTried] = useState(false)
  const [serverErrors, setServerErrors] = useState<FieldErrors>({})
  const submit = useSubmit()
  const formRef = useRef<HTMLFormElement>(null)
  const justificationId = useId()

  const clientErrors = translateErrors(t, requestProblems(requestFields(id, draft), Date.now()))
  const shown = (name: string): string | undefined =>
    serverErrors[name] ?? (tried || touched.has(name) ? clientErrors[name] : undefined)
  const shownErrors: FieldErrors = {}
  for (const name of new Set([...Object.keys(clientErrors), ...Object.keys(serverErrors)])) {
    const message = shown(name)
    if (message) shownErrors[name] = message
  }

  /** Changes fields; they count as touched (checked as typed) and lose the server's old complaint. */
  const change = (names: string[], update: (previous: Draft) => Draft) => {
    setDraft(update)
    setTouched((previous) => new Set([...previous, ...names]))
    if (names.some((name) => serverErrors[name] !== undefined)) {
      const next = { ...serverErrors }
      for (const name of names) delete next[name]
      setServerErrors(next)
      // Every field the refusal named has been changed: the refusal no longer applies.
      if (Object.keys(next).length === 0) submit.clear()
    }
  }
  const changeLine = (index: number, field: string, patch: Partial<LineDraft>) =>
    change([`lines.${index}.${field}`], (previous) => ({
      ...previous,
      lines: previous.lines.map((line, at) =>
        at === index ? ({ ...line, ...patch } as LineDraft) : line,
      ),
    }))
  /** Adding or removing a line renumbers the lines: the server's line errors no longer fit. */
  const changeLines = (update: (lines: LineDraft[]) => LineDraft[]) => {
    setDraft((previous) => ({ ...previous, lines: update(previous.lines) }))
    setServerErrors((previous) =>
      Object.fromEntries(Object.entries(previous).filter(([name]) => !name.startsWith('lines'))),
    )
  }

  const focusField = (name: string) => {
    const field = formRef.current?.querySelector<HTMLElement>(`[name="${CSS.escape(name)}"]`)
    field?.focus()
  }

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    setTried(true)
    const problems = Object.keys(clientErrors)
    if (problems.length > 0) {
      const first = fieldOrder(draft).find((name) => problems.includes(name))
      if (first) focusField(first)
      return
    }
    const body = requestBody(requestFields(id, draft))
    setServerErrors({})
    const outcome = await submit.run(() => apiRequest<RequestView>('POST', '/api/requests', body))
    if (outcome.ok) {
      navigate(`/requests/${outcome.value.id}`)
      return
    }
    const fields = serverFieldErrors(outcome.error)
    setServerErrors(fields)
    const first = [...fieldOrder(draft), ...Object.keys(fields)].find((name) => fields[name])
    if (first) window.setTimeout(() => focusField(first), 0)
  }

  const neededByAt = fromDateTimeLocal(draft.neededBy)
  const zone = zoneLabel(new Date(), language)
  const neededByHint = neededByAt
    ? t('requests.form.neededByIs', { utc: zonedTime(neededByAt, language).utc, zone })
    : t('requests.form.neededByHint', { zone })
  const error = submit.error

  return (
    <section className="page request-form-page" aria-labelledby="page-title">
      <p className="back">
        <Link href="/requests">← {t('requests.detail.back')}</Link>
      </p>
      <h1 id="page-title" tabIndex={-1}>
        {t('requests.form.title')}
      </h1>
      <p className="subtle">{t('requests.form.intro')}</p>
      {error && Object.keys(serverErrors).length === 0 && <FormError error={error} />}
      {tried && Object.keys(shownErrors).length > 0 && (
        <div className="error" role="alert">
          <p>
            <strong>{t(error ? 'errors.notSaved' : 'requests.form.notSent')}</strong>{' '}
            {t('errors.checkFields')}
          </p>
        </div>
      )}
      <form ref={formRef} onSubmit={(event) => void onSubmit(event)} noValidate>
        <fieldset className="form-section">
          <legend>{t('requests.form.where')}</legend>
          <div className="form-grid">
            <DestinationPicker
              label={t('requests.fields.destination')}
              name="destination"
              selected={draft.destination}
              onSelect={(destination) =>
                change(['destination'], (previous) => ({ ...previous, destination }))
              }
              hint={t('requests.form.destinationHint')}
              error={shown('destination')}
              required
            />
            <TextField
              label={t('requests.fields.neededBy')}
              name="neededBy"
              type="datetime-local"
              value={draft.neededBy}
              onChange={(neededBy) =>
                change(['neededBy'], (previous) => ({ ...previous, neededBy }))
              }
              hint={neededByHint}
              error={shown('neededBy')}
              required
            />
          </div>
          <div className="field-box">
            <label htmlFor={justificationId}>
              {t('requests.fields.justification')}
              <span className="optional-mark"> {t('form.optional')}</span>
            </label>
            <textarea
              id={justificationId}
              name="justification"
              rows={3}
              maxLength={2000}
              value={draft.justification}
              aria-describedby={`${justificationId}-hint${shown('justification') ? ` ${justificationId}-error` : ''}`}
              aria-invalid={shown('justification') ? true : undefined}
              onChange={(event) => {
                const justification = event.target.value
                change(['justification'], (previous) => ({ ...previous, justification }))
              }}
            />
            <p id={`${justificationId}-hint`} className="field-hint">
              {t('requests.form.justificationHint')}
            </p>
            {shown('justification') && (
              <p id={`${justificationId}-error`} className="field-error">
                {shown('justification')}
              </p>
            )}
          </div>
        </fieldset>

        <fieldset className="form-section">
          <legend>{t('requests.form.contact')}</legend>
          <p className="field-hint">{t('requests.form.contactHint')}</p>
          <div className="form-grid">
            <TextField
              label={t('requests.form.contactName')}
              name="contact.name"
              value={draft.contactName}
              onChange={(contactName) =>
                change(['contact.name'], (previous) => ({ ...previous, contactName }))
              }
              autoComplete="name"
              maxLength={200}
              error={shown('contact.name')}
              optional
            />
            <TextField
              label={t('requests.form.contactPhone')}
              name="contact.phone"
              value={draft.contactPhone}
              onChange={(contactPhone) =>
                change(['contact.phone', 'contact.name'], (previous) => ({
                  ...previous,
                  contactPhone,
                }))
              }
              autoComplete="tel"
              maxLength={50}
              error={shown('contact.phone')}
              optional
            />
          </div>
        </fieldset>

        <fieldset className="form-section">
          <legend>{t('requests.form.lines')}</legend>
          {shown('lines') && (
            <p className="field-error" id="lines-error">
              {shown('lines')}
            </p>
          )}
          <ol className="line-drafts">
            {draft.lines.map((line, index) => (
              <li key={line.key}>
                <LineFields
                  line={line}
                  index={index}
                  error={(field) => shown(`lines.${index}.${field}`)}
                  onChange={(field, patch) => changeLine(index, field, patch)}
                  unitName={unitName}
                  removable={draft.lines.length > 1}
                  onRemove={() => {
                    changeLines((lines) => lines.filter((_, at) => at !== index))
                    // Focus goes to the line that takes its place (or the one before), else the add button.
                    window.setTimeout(() => {
                      const lines = formRef.current?.querySelectorAll('.line-draft') ?? []
                      const next = lines[Math.min(index, lines.length - 1)]
                      const field =
                        next?.querySelector<HTMLElement>('input, select') ??
                        formRef.current?.querySelector<HTMLElement>('.add-line')
                      field?.focus()
                    }, 0)
                  }}
                />
              </li>
            ))}
          </ol>
          <div className="form-actions">
            <button
              type="button"
              className="add-line"
              onClick={() => {
                changeLines((lines) => [...lines, newItemLine()])
                window.setTimeout(() => focusField(`lines.${draft.lines.length}.item`), 0)
              }}
            >
              {t('requests.form.addItem')}
            </button>
            <button
              type="button"
              onClick={() => {
                changeLines((lines) => [...lines, newCapabilityLine()])
                window.setTimeout(() => focusField(`lines.${draft.lines.length}.capability`), 0)
              }}
            >
              {t('requests.form.addCapability')}
            </button>
          </div>
        </fieldset>

        <div className="form-actions">
          <button type="submit" className="primary" disabled={submit.busy}>
            {submit.busy ? t('requests.form.saving') : t('requests.form.save')}
          </button>
          <Link href="/requests" className="button-like">
            {t('form.cancel')}
          </Link>
        </div>
        <p className="field-hint">{t('requests.form.saveHint')}</p>
      </form>
    </section>
  )
}

/** The field names of the form in the order they appear, to focus the first wrong one. */
function fieldOrder(draft: Draft): string[] {
  const names = ['destination', 'neededBy', 'justification', 'contact.name', 'contact.phone']
  draft.lines.forEach((line, index) => {
    const at = `lines.${index}`
    if (line.kind === 'item') names.push(`${at}.item`, `${at}.quantity`, `${at}.priority`)
    else
      names.push(
        `${at}.capability`,
        `${at}.description`,
        `${at}.quantity`,
        `${at}.unit`,
        `${at}.priority`,
      )
  })
  names.push('lines')
  return names
}

function LineFields({
  line,
  index,
  error,
  onChange,
  unitName,
  removable,
  onRemove,
}: {
  line: LineDraft
  index: number
  error: (field: string) => string | undefined
  onChange: (field: string, patch: Partial<LineDraft>) => void
  unitName: (unit: string) => string
  removable: boolean
  onRemove: () => void
}) {
  const { t } = useTranslation()
  const at = `lines.${index}`
  const title = t(
    line.kind === 'item' ? 'requests.form.itemLine' : 'requests.form.capabilityLine',
    {
      n: index + 1,
    },
  )
  const priority = (
    <SelectField
      label={t('requests.lines.priority')}
      name={`${at}.priority`}
      value={line.priority}
      onChange={(value) => onChange('priority', { priority: value as Priority })}
      options={priorities.map((each) => ({ value: each, label: t(`requests.priority.${each}`) }))}
      error={error('priority')}
    />
  )
  let fields: ReactNode
  if (line.kind === 'item') {
    fields = (
      <div className="form-grid line-grid">
        <ItemPicker
          label={t('requests.lines.item')}
          name={`${at}.item`}
          selected={line.item}
          onSelect={(item) => onChange('item', { item })}
          error={error('item')}
          required
        />
        <TextField
          label={t('requests.lines.quantity')}
          name={`${at}.quantity`}
          value={line.quantity}
          inputMode="numeric"
          onChange={(quantity) => onChange('quantity', { quantity })}
          hint={
            line.item
              ? t('requests.form.quantityHintUnit', { unit: unitName(line.item.unit) })
              : t('requests.form.quantityHint')
          }
          error={error('quantity')}
          required
        />
        {priority}
      </div>
    )
  } else {
    fields = (
      <div className="form-grid line-grid">
        <SelectField
          label={t('requests.lines.capability')}
          name={`${at}.capability`}
          value={line.capability}
          onChange={(value) => onChange('capability', { capability: value as Capability })}
          options={[
            { value: '', label: t('requests.form.chooseCapability') },
            ...capabilities.map((each) => ({
              value: each,
              label: t(`requests.capability.${each}`),
            })),
          ]}
          error={error('capability')}
          required
        />
        <TextField
          label={t('requests.lines.description')}
          name={`${at}.description`}
          value={line.description}
          maxLength={500}
          onChange={(description) => onChange('description', { description })}
          hint={t('requests.form.descriptionHint')}
          error={error('description')}
          required
        />
        <TextField
          label={t('requests.lines.quantity')}
          name={`${at}.quantity`}
          value={line.quantity}
          inputMode="text"
          onChange={(quantity) => onChange('quantity', { quantity })}
          hint={t('requests.form.capabilityQuantityHint')}
          error={error('quantity')}
          optional
        />
        <TextField
          label={t('requests.form.unit')}
          name={`${at}.unit`}
          value={line.unit}
          maxLength={30}
          onChange={(unit) => onChange('unit', { unit })}
          hint={t('requests.form.unitHint')}
          error={error('unit')}
          optional
        />
        {priority}
      </div>
    )
  }
  return (
    <fieldset className={`line-draft line-${line.kind}`}>
      <legend>{title}</legend>
      {fields}
      {removable && (
        <button type="button" className="remove-line" onClick={onRemove}>
          {t('requests.form.removeLine', { line: title })}
        </button>
      )}
    </fieldset>
  )
}
