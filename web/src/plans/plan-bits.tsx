/**
 * @module web/plans/plan-bits
 * The small pieces the plan screens share: a plan's status as a badge (in the requests' colours), a
 * share as a percentage in the reader's locale, a short reference, and a running plan's progress said
 * in words beside a progress bar.
 */
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { localeOf } from '../format.js'
import type { Language } from '../i18n/i18n.js'
import { type PlanStatus, type PlanSummary, planStatusTone } from './plan-model.js'
import { progressMessage, progressShare } from './plan-rules.js'
import '../requests/requests.css'

export function PlanStatusBadge({ status, large }: { status: PlanStatus; large?: boolean }) {
  const { t } = useTranslation()
  return (
    <span
      className={`request-status plan-status tone-${planStatusTone[status]}${large ? ' request-status-large' : ''}`}
    >
      {t(`plans.status.${status}`)}
    </span>
  )
}

const percentFormats = new Map<Language, Intl.NumberFormat>()

/** 0.8333 → "83.3%"; null (nothing to fulfil) → "—". */
export function formatShare(share: number | null, language: Language): string {
  if (share === null) return '—'
  let format = percentFormats.get(language)
  if (!format) {
    format = new Intl.NumberFormat(localeOf(language), {
      style: 'percent',
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
    })
    percentFormats.set(language, format)
  }
  return format.format(share)
}

/** The random tail of the id, which people can read out (a UUIDv7's head is only the time). */
export function planRef(id: string): string {
  return id.replace(/-/g, '').slice(-8).toUpperCase()
}

/** "Tier 2 of 3 solved (Life-sustaining)" and a bar, announced politely as it changes. */
export function PlanProgressLine({ plan }: { plan: PlanSummary }) {
  const { t } = useTranslation()
  const { key, values } = progressMessage(plan.progress)
  const words = t(key, {
    ...values,
    tier: typeof values.tier === 'string' ? t(`requests.priority.${values.tier}`) : undefined,
  })
  return (
    <span className="plan-progress">
      <progress
        max={100}
        value={Math.round(progressShare(plan.progress) * 100)}
        aria-label={words}
      />
      <span className="plan-progress-words">{words}</span>
    </span>
  )
}

/** A table that may scroll sideways (a tablet, a half-width column): a named region the keyboard can scroll. */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take the focus to be scrolled by keyboard
    // biome-ignore lint/a11y/useSemanticElements: a table's frame, not a form fieldset
    <div className="table-wrap" role="group" tabIndex={0} aria-label={label}>
      {children}
    </div>
  )
}
