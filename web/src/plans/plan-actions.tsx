/**
 * @module web/plans/plan-actions
 * What a planner may do with the plan as it stands: cancel the solve while it runs; approve a draft
 * (after a confirmation naming how many consignments it creates and that their stock is reserved) or
 * discard it; discard an approved plan whose consignments have not left. After an approval the
 * consignments it created are listed as links. A refusal is said in the server's words — an approval
 * whose stock moved since the snapshot lists what is short — and the plan is read again.
 */
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type ApiError, apiRequest } from '../api.js'
import { describeError } from '../common/error-message.js'
import { ConfirmDialog } from '../common/modal-dialog.js'
import { useSubmit } from '../common/use-submit.js'
import { shortRef } from '../consignments/consignment-model.js'
import { formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { Link } from '../router.js'
import { planRef } from './plan-bits.js'
import { ItemName, PlaceName, type PlanLookups } from './plan-lookups.js'
import type { PlanApproveResult, PlanBody } from './plan-model.js'

type Action = 'approve' | 'discard' | 'cancel'

interface Shortfall {
  sortie: string
  item: string
  place: string
  quantity: number
  available: number
}

function shortfallsOf(error: ApiError | undefined): Shortfall[] {
  if (!error || error.code === 'invalid_request' || !Array.isArray(error.details)) return []
  return (error.details as unknown[]).filter(
    (each): each is Shortfall =>
      typeof each === 'object' &&
      each !== null &&
      typeof (each as Shortfall).item === 'string' &&
      typeof (each as Shortfall).place === 'string' &&
      typeof (each as Shortfall).quantity === 'number' &&
      typeof (each as Shortfall).available === 'number',
  )
}

export function PlanActions({
  plan,
  lookups,
  onChanged,
}: {
  plan: PlanBody
  lookups: PlanLookups
  onChanged: () => void
}) {
  const { t } = useTranslation()
  const language = useLanguage()
  const action = useSubmit()
  const [confirming, setConfirming] = useState<Exclude<Action, 'cancel'>>()
  const [done, setDone] = useState<Action>()
  const [refused, setRefused] = useState<ApiError>()
  const [approved, setApproved] = useState<PlanApproveResult>()
  const ref = planRef(plan.id)
  const sorties = plan.result?.consignments.length ?? 0

  const run = async (name: Action) => {
    setDone(undefined)
    setRefused(undefined)
    const outcome = await action.run(() =>
      apiRequest<unknown>('POST', `/api/plans/${encodeURIComponent(plan.id)}/${name}`, {}),
    )
    if (outcome.ok) {
      setDone(name)
      if (name === 'approve') setApproved(outcome.value as PlanApproveResult)
    } else setRefused(outcome.error)
    onChanged()
  }

  const offered: Action[] =
    plan.status === 'running'
      ? ['cancel']
      : plan.status === 'draft'
        ? ['approve', 'discard']
        : plan.status === 'approved'
          ? ['discard']
          : []
  const created = approved?.consignments ?? []
  const shortfalls = shortfallsOf(refused)

  return (
    <>
      {offered.length > 0 && (
        // biome-ignore lint/a11y/useSemanticElements: a toolbar of buttons, not a form fieldset
        <div className="request-actions plan-actions" role="group" aria-label={t('plans.actions')}>
          {offered.map((name) => (
            <button
              key={name}
              type="button"
              className={name === 'approve' ? 'primary' : 'danger-outline'}
              disabled={action.busy}
              onClick={() => (name === 'cancel' ? void run(name) : setConfirming(name))}
            >
              {t(`plans.action.${name}`)}
            </button>
          ))}
        </div>
      )}
      {done && (
        <div className="success" role="status">
          <p>
            {done === 'approve'
              ? t('plans.done.approve', { count: created.length })
              : t(`plans.done.${done}`)}
          </p>
          {created.length > 0 && (
            <ul className="created-consignments">
              {created.map((each) => (
                <li key={each.consignment}>
                  <Link href={`/consignments/${each.consignment}`}>
                    {t('plans.createdConsignment', { ref: shortRef(each.consignment) })}
                  </Link>{' '}
                  {t('plans.createdLines', {
                    count: each.lines,
                    lines: formatNumber(each.lines, language),
                  })}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {refused && (
        <div className="error" role="alert">
          <p>
            <strong>{t('errors.notSaved')}</strong> {describeError(refused, t)}
          </p>
          {shortfalls.length > 0 && (
            <ul>
              {shortfalls.map((each) => (
                <li key={`${each.sortie}:${each.item}:${each.place}`}>
                  {t('plans.shortfall', {
                    quantity: formatNumber(each.quantity, language),
                    available: formatNumber(each.available, language),
                  })}{' '}
                  <ItemName id={each.item} lookups={lookups} /> @{' '}
                  <PlaceName id={each.place} lookups={lookups} />
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {confirming && (
        <ConfirmDialog
          title={t(`plans.confirm.${confirming}.title`, { ref })}
          message={t(`plans.confirm.${confirming}.message`, {
            count: sorties,
            sorties: formatNumber(sorties, language),
          })}
          confirmLabel={t(`plans.confirm.${confirming}.confirm`)}
          cancelLabel={t('plans.confirm.keep')}
          danger={confirming === 'discard'}
          busy={action.busy}
          onCancel={() => setConfirming(undefined)}
          onConfirm={() => {
            const name = confirming
            setConfirming(undefined)
            void run(name)
          }}
        />
      )}
    </>
  )
}
