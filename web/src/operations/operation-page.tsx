/**
 * @module web/operations/operation-page
 * /operations/:id: one operation, to change its name and dates and its own figures for the standards.
 * The table lists every bundled standard (GET /api/needs/standards) with its figure, unit and edition,
 * and beside it the operation's own figure: blank uses the bundled one. Saved with the version read
 * (PATCH /api/operations/:id); a change made meanwhile is refused (409) and the screen offers to reload.
 * Only the operation's organisation, as an admin or planner, may save: others see it read-only.
 */
import type { StandardList } from '@contract/needs.js'
import { type FormEvent, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { apiRequest } from '../api.js'
import { ErrorMessage } from '../common/error-message.js'
import { type FieldErrors, FormError, TextField, translateErrors } from '../common/form.js'
import { useApiData } from '../common/use-api-data.js'
import { useTouched } from '../common/field-checks.js'
import { useSubmit } from '../common/use-submit.js'
import { formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { Link } from '../router.js'
import { hasRole, useSession } from '../session/session.js'
import {
  draftOf,
  figureField,
  type OperationDraft,
  operationErrorsOf,
  updateOf,
  operationProblems,
} from './operation-model.js'
import { forgetOperations, type Operation } from './operations.js'
import { SitrepLinks } from './sitrep-links.js'

export function OperationPage({ id }: { id: string }) {
  const { t } = useTranslation()
  const operation = useApiData<Operation>(`/api/operations/${id}`)
  const standards = useApiData<StandardList>('/api/needs/standards')
  const [saved, setSaved] = useState(false)
  const error = operation.error ?? standards.error
  return (
    <section className="page" aria-labelledby="page-title">
      <p className="subtle">
        <Link href="/operations">{t('operations.back')}</Link>
      </p>
      <div className="page-head">
        <h1 id="page-title" tabIndex={-1}>
          {operation.data?.name ?? t('operations.title')}
        </h1>
        {operation.data && <SitrepLinks operation={operation.data.id} />}
      </div>
      {error && (
        <ErrorMessage
          error={error}
          onRetry={() => {
            operation.reload()
            standards.reload()
          }}
        />
      )}
      {operation.data && standards.data && (
        <OperationForm
          key={`${operation.data.id}:${operation.data.version}`}
          operation={operation.data}
          standards={standards.data.standards}
          saved={saved}
          onEdit={() => setSaved(false)}
          onSaved={() => {
            setSaved(true)
            operation.reload()
          }}
          onReload={operation.reload}
        />
      )}
    </section>
  )
}

function OperationForm({
  operation,
  standards,
  saved,
  onEdit,
  onSaved,
  onReload,
}: {
  operation: Operation
  standards: StandardList['standards']
  /** Saved just now: said until the next change. */
  saved: boolean
  onEdit: () => void
  onSaved: () => void
  onReload: () => void
}) {
  const { t } = useTranslation()
  const language = useLanguage()
  const session = useSession()
  const [draft, setDraft] = useState<OperationDraft>(() => draftOf(operation))
  const [tried, setTried] = useState(false)
  const touched = useTouched()
  const [serverErrors, setServerErrors] = useState<FieldErrors>({})
  const submit = useSubmit()
  const signedIn = session.status === 'signed-in' ? session.session : undefined
  const canEdit =
    signedIn !== undefined &&
    signedIn.org.id === operation.org &&
    (hasRole(signedIn, 'admin') || hasRole(signedIn, 'planner'))

  const clientErrors = translateErrors(t, operationProblems(draft))
  const shown = (name: string) =>
    serverErrors[name] ?? (tried || touched.has(name) ? clientErrors[name] : undefined)
  const change = (patch: Partial<OperationDraft>, field: string) => {
    setDraft((previous) => ({ ...previous, ...patch }))
    touched.touch(field)
    onEdit()
    if (serverErrors[field] !== undefined) {
      const { [field]: _, ...rest } = serverErrors
      setServerErrors(rest)
      if (Object.keys(rest).length === 0) submit.clear()
    }
  }
  const setFigure = (key: string, text: string) =>
    change({ figures: { ...draft.figures, [key]: text } }, figureField(key))

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    setTried(true)
    const first = Object.keys(clientErrors)[0]
    if (first) {
      document.querySelector<HTMLElement>(`[name="${first}"]`)?.focus()
      return
    }
    setServerErrors({})
    const outcome = await submit.run(() =>
      apiRequest<Operation>(
        'PATCH',
        `/api/operations/${operation.id}`,
        updateOf(operation, draft, standards),
      ),
    )
    if (outcome.ok) {
      forgetOperations()
      onSaved()
      return
    }
    setServerErrors(operationErrorsOf(outcome.error))
  }

  const n = (value: number) => formatNumber(value, language, 3)
  const stale = submit.error?.code === 'version_conflict'
  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate>
      {saved && (
        <p className="notice" role="status">
          {t('operations.saved')}
        </p>
      )}
      <FormError error={submit.error} fieldErrors={serverErrors} />
      {stale && (
        <p>
          <button type="button" onClick={onReload}>
            {t('operations.reload')}
          </button>
        </p>
      )}
      {!canEdit && <p className="subtle">{t('operations.readOnly')}</p>}
      <div className="form-grid">
        <TextField
          label={t('operations.fields.name')}
          name="name"
          value={draft.name}
          onChange={(value) => change({ name: value }, 'name')}
          error={shown('name')}
          maxLength={200}
          readOnly={!canEdit}
          required
        />
        <TextField
          label={t('operations.fields.startedOn')}
          name="startedOn"
          type="date"
          value={draft.startedOn}
          onChange={(value) => change({ startedOn: value }, 'startedOn')}
          error={shown('startedOn')}
          readOnly={!canEdit}
          required
        />
        <TextField
          label={t('operations.fields.endedOn')}
          name="endedOn"
          type="date"
          value={draft.endedOn}
          onChange={(value) => change({ endedOn: value }, 'endedOn')}
          hint={t('operations.hints.endedOn')}
          error={shown('endedOn')}
          readOnly={!canEdit}
          optional
        />
      </div>
      <h2 id="standards-title">{t('operations.standards.title')}</h2>
      <p className="subtle">{t('operations.standards.intro')}</p>
      <div className="table-wrap">
        <table className="data-table operation-standards" aria-labelledby="standards-title">
          <thead>
            <tr>
              <th scope="col">{t('operations.standards.standard')}</th>
              <th scope="col" className="number">
                {t('operations.standards.bundled')}
              </th>
              <th scope="col">{t('operations.standards.edition')}</th>
              <th scope="col">{t('operations.standards.own')}</th>
            </tr>
          </thead>
          <tbody>
            {standards.map((standard) => {
              const field = figureField(standard.key)
              const error = shown(field)
              const errorId = `${field}-error`
              return (
                <tr key={standard.key} data-standard={standard.key}>
                  <th scope="row">
                    <span className="code">{standard.key}</span>
                    <span className="column-sub">{standard.sector}</span>
                  </th>
                  <td className="number nowrap">
                    {n(standard.value)} {standard.unit}
                  </td>
                  <td className="edition" lang="en">
                    {standard.edition}
                  </td>
                  <td>
                    <input
                      name={field}
                      inputMode="decimal"
                      autoComplete="off"
                      size={10}
                      value={draft.figures[standard.key] ?? ''}
                      placeholder={String(standard.value)}
                      readOnly={!canEdit}
                      aria-label={t('operations.standards.ownFor', {
                        key: standard.key,
                        unit: standard.unit,
                      })}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error ? errorId : undefined}
                      onChange={(event) => setFigure(standard.key, event.target.value)}
                    />{' '}
                    <span className="column-sub">{standard.unit}</span>
                    {error && (
                      <p id={errorId} className="field-error">
                        {error}
                      </p>
                    )}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
      {canEdit && (
        <div className="form-actions">
          <button type="submit" className="primary" disabled={submit.busy}>
            {submit.busy ? t('operations.saving') : t('operations.save')}
          </button>
        </div>
      )}
    </form>
  )
}
