/**
 * @module web/plans/plan-page
 * /plans/:id: one allocation plan. While it runs, its progress ("tier 2 of 3 solved", read again every
 * second) with a Cancel button; failed or cancelled, why. Solved: the approve and discard actions, then
 * the comparison with greedy (and rounding loss against the bound), the map of flows, the planned
 * consignments, the unmet lines grouped by reason, what moved against the plan it replaces, and what
 * it was planned from (snapshot, model size, timings, the model as LP text).
 */
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorMessage } from '../common/error-message.js'
import { shortRef } from '../consignments/consignment-model.js'
import { formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { useOperations } from '../operations/operations.js'
import { PlanProposals } from '../proposals/plan-proposals.js'
import { ZonedTime } from '../requests/request-bits.js'
import { Link } from '../router.js'
import { useSignedInSession } from '../session/session.js'
import { PlanActions } from './plan-actions.js'
import { PlanProgressLine, PlanStatusBadge, planRef } from './plan-bits.js'
import { PlanComparison } from './plan-comparison.js'
import { PlanConsignments } from './plan-consignments.js'
import { PlanFacts, PlanMoved } from './plan-facts.js'
import { PlanFlows } from './plan-flows.js'
import { usePlanLookups } from './plan-lookups.js'
import { mayPlan, usePlan } from './plan-model.js'
import { PlanUnmet } from './plan-unmet.js'
import './plans.css'

export function PlanPage({ id }: { id: string }) {
  const { t } = useTranslation()
  const language = useLanguage()
  const session = useSignedInSession()
  const operations = useOperations()
  const { plan, error, reload } = usePlan(id)
  const lookups = usePlanLookups(plan?.result)
  const ref = planRef(id)

  useEffect(() => {
    document.title = t('app.pageTitle', { page: t('plans.detail.title', { ref }) })
  }, [ref, t])

  const back = (
    <p className="back">
      <Link href="/plans">← {t('plans.back')}</Link>
    </p>
  )
  if (!plan)
    return (
      <section className="page plan-page" aria-labelledby="page-title">
        {back}
        <h1 id="page-title" tabIndex={-1}>
          {t('plans.detail.title', { ref })}
        </h1>
        {error ? (
          <ErrorMessage error={error} onRetry={reload} />
        ) : (
          <p className="empty">{t('app.loading')}</p>
        )}
      </section>
    )

  const operation = plan.operation
    ? (operations.find((each) => each.id === plan.operation)?.name ?? '…')
    : t('plans.allOperations')
  const { result } = plan

  return (
    <section className="page plan-page" aria-labelledby="page-title">
      {back}
      <div className="page-head">
        <h1 id="page-title" tabIndex={-1}>
          {t('plans.detail.title', { ref })} <PlanStatusBadge status={plan.status} large />
        </h1>
        {result && (
          <div className="head-links">
            <a
              href={`/api/plans/${encodeURIComponent(plan.id)}/lp`}
              className="button-like"
              download={`plan-${ref}.lp`}
            >
              {t('plans.detail.lp')}
            </a>
          </div>
        )}
      </div>
      <p className="plan-scope">
        {t('plans.detail.scope', {
          operation,
          hours: formatNumber(plan.horizonHours, language, 1),
        })}{' '}
        <ZonedTime iso={plan.start} inline />
      </p>
      {plan.note && <p className="multiline">{plan.note}</p>}
      {error && <ErrorMessage error={error} onRetry={reload} />}
      {plan.status === 'running' && (
        <div className="panel plan-running" role="status">
          <PlanProgressLine plan={plan} />
        </div>
      )}
      {plan.failure && (plan.status === 'failed' || plan.status === 'cancelled') && (
        <div className={plan.status === 'failed' ? 'error' : 'notice'} role="alert">
          <p>
            <strong>{t(`plans.detail.${plan.status}`)}</strong> {plan.failure.message}
          </p>
        </div>
      )}
      {mayPlan(session) && <PlanActions plan={plan} lookups={lookups} onChanged={reload} />}
      {plan.consignments.length > 0 && (
        <section className="panel plan-created" aria-labelledby="plan-created-title">
          <h2 id="plan-created-title">{t('plans.detail.created')}</h2>
          <ul className="created-consignments">
            {plan.consignments.map((consignment) => (
              <li key={consignment}>
                <Link href={`/consignments/${consignment}`}>
                  {t('plans.createdConsignment', { ref: shortRef(consignment) })}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      <PlanProposals proposals={plan.proposals} />
      {result && (
        <>
          <PlanComparison plan={plan} result={result} />
          <PlanFlows result={result} lookups={lookups} />
          <PlanConsignments sorties={result.consignments} lookups={lookups} />
          <PlanUnmet result={result} lookups={lookups} />
          {plan.replaces && <PlanMoved plan={plan} result={result} lookups={lookups} />}
        </>
      )}
      <PlanFacts plan={plan} />
    </section>
  )
}
