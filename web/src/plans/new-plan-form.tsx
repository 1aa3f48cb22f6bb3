/**
 * @module web/plans/new-plan-form
 * "New plan" (planners, administrators): which operation's validated requests to plan (or every
 * operation's), how many hours ahead, and from when (empty: now). POST /api/plans answers 202 at once
 * with the plan running; the plan's screen then shows its progress. The id is chosen here once, so a
 * double click or a retry after a lost answer starts one plan, not two.
 */
import { HORIZON_HOURS_MAX } from '@contract/plans.js'
import { type FormEvent, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { apiRequest } from '../api.js'
import { FormError, fieldErrorsOf, SelectField, TextField } from '../common/form.js'
import { useSubmit } from '../common/use-submit.js'
import { normaliseWhole } from '../common/whole-number.js'
import { fromDateTimeLocal } from '../format.js'
import { useOperations } from '../operations/operations.js'
import { newId } from '../requests/request-model.js'
import { navigate } from '../router.js'
import type { PlanSummary } from './plan-model.js'

const defaultHorizon = '72'

export function NewPlanForm() {
  const { t } = useTranslation()
  const operations = useOperations()
  const [id, setId] = useState(newId)
  const [operation, setOperation] = useState('')
  const [horizon, setHorizon] = useState(defaultHorizon)
  const [start, setStart] = useState('')
  const [tried, setTried] = useState(false)
  const submit = useSubmit()

  const hours = Number(normaliseWhole(horizon))
  const problems: Record<string, string> = {}
  if (!/^\d+$/.test(normaliseWhole(horizon)) || hours < 1 || hours > HORIZON_HOURS_MAX)
    problems.horizonHours = t('plans.form.horizonInvalid', { max: HORIZON_HOURS_MAX })
  if (start !== '' && !fromDateTimeLocal(start)) problems.start = t('plans.form.startInvalid')
  const server = fieldErrorsOf(submit.error)
  const errors = tried ? { ...server, ...problems } : server

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    setTried(true)
    if (Object.keys(problems).length > 0 || submit.busy) return
    const outcome = await submit.run(() =>
      apiRequest<PlanSummary>('POST', '/api/plans', {
        id,
        operation: operation || null,
        horizonHours: hours,
        ...(start ? { start: fromDateTimeLocal(start) } : {}),
      }),
    )
    if (outcome.ok) {
      setId(newId())
      navigate(`/plans/${outcome.value.id}`)
    }
  }

  return (
    <section className="panel new-plan" aria-labelledby="new-plan-title">
      <h2 id="new-plan-title">{t('plans.form.title')}</h2>
      <p className="subtle">{t('plans.form.intro')}</p>
      <form noValidate onSubmit={(event) => void onSubmit(event)}>
        <div className="form-grid new-plan-fields">
          <SelectField
            label={t('plans.form.operation')}
            name="operation"
            value={operation}
            onChange={setOperation}
            options={[
              { value: '', label: t('plans.form.allOperations') },
              ...operations.map((each) => ({
                value: each.id,
                label: t('operations.option', { name: each.name, startedOn: each.startedOn }),
              })),
            ]}
            error={errors.operation}
          />
          <TextField
            label={t('plans.form.horizon')}
            name="horizonHours"
            value={horizon}
            onChange={setHorizon}
            inputMode="numeric"
            hint={t('plans.form.horizonHint', { max: HORIZON_HOURS_MAX })}
            error={errors.horizonHours}
            required
          />
          <TextField
            label={t('plans.form.start')}
            name="start"
            type="datetime-local"
            value={start}
            onChange={setStart}
            hint={t('plans.form.startHint')}
            error={errors.start}
            optional
          />
        </div>
        <FormError error={submit.error} fieldErrors={server} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={submit.busy}>
            {t('plans.form.submit')}
          </button>
        </div>
      </form>
    </section>
  )
}
