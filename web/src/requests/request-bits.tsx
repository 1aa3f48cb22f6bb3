/**
 * @module web/requests/request-bits
 * The small pieces the request screens (and the public tracking page) share: a request's status as a
 * badge, a priority, a time in the reader's zone with the zone named (JST for Japan) and the same time
 * in UTC, and an item line's planned / dispatched / delivered progress as a bar with its numbers said.
 */
import { useTranslation } from 'react-i18next'
import { formatNumber, localeOf } from '../format.js'
import { type Language, useLanguage } from '../i18n/i18n.js'
import type { ItemLine, Priority, RequestStatus } from './request-model.js'
import './requests.css'

/** Status families share a colour: waiting, under way, arrived, finished, refused. */
const statusTone: Record<RequestStatus, string> = {
  draft: 'draft',
  submitted: 'waiting',
  validated: 'active',
  'partially-planned': 'active',
  planned: 'active',
  'partially-dispatched': 'moving',
  dispatched: 'moving',
  'partially-delivered': 'arrived',
  delivered: 'arrived',
  closed: 'done',
  rejected: 'stopped',
  cancelled: 'stopped',
}

export function StatusBadge({ status, large }: { status: RequestStatus; large?: boolean }) {
  const { t } = useTranslation()
  return (
    <span
      className={`request-status tone-${statusTone[status]}${large ? ' request-status-large' : ''}`}
    >
      {t(`requests.status.${status}`)}
    </span>
  )
}

export function PriorityBadge({ priority }: { priority: Priority }) {
  const { t } = useTranslation()
  return (
    <span className={`priority priority-${priority}`}>{t(`requests.priority.${priority}`)}</span>
  )
}

/** The reader's time zone as named next to times: JST for Japan (Intl says "GMT+9" in English). */
export function zoneLabel(date: Date, language: Language): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone
  if (zone === 'Asia/Tokyo') return 'JST'
  if (zone === 'UTC' || zone === 'Etc/UTC') return 'UTC'
  const part = new Intl.DateTimeFormat(localeOf(language), { timeZoneName: 'short' })
    .formatToParts(date)
    .find((each) => each.type === 'timeZoneName')
  return part?.value ?? zone
}

export function isUtcZone(): boolean {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone
  return zone === 'UTC' || zone === 'Etc/UTC'
}

const timeOptions: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
}

/** "3 Jan 2030, 09:00 JST" and "3 Jan 2030, 00:00 UTC". */
export function zonedTime(
  iso: string,
  language: Language,
): { local: string; utc: string; valid: boolean } {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return { local: iso, utc: '', valid: false }
  const locale = localeOf(language)
  const local = new Intl.DateTimeFormat(locale, timeOptions).format(date)
  const utc = new Intl.DateTimeFormat(locale, { ...timeOptions, timeZone: 'UTC' }).format(date)
  return { local: `${local} ${zoneLabel(date, language)}`, utc: `${utc} UTC`, valid: true }
}

/** A time to the second in the reader's zone with the zone named: "26 Nov 2026, 19:26:59 JST" (for history). */
export function zonedTimestamp(iso: string, language: Language): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  const local = new Intl.DateTimeFormat(localeOf(language), {
    ...timeOptions,
    second: '2-digit',
  }).format(date)
  return `${local} ${zoneLabel(date, language)}`
}

/** A time in the reader's zone with the zone named, and in UTC beneath (unless the reader is on UTC). */
export function ZonedTime({ iso, inline }: { iso: string; inline?: boolean }) {
  const language = useLanguage()
  const { local, utc, valid } = zonedTime(iso, language)
  if (!valid) return <span>{iso}</span>
  return (
    <time dateTime={iso} className={inline ? 'zoned-time inline' : 'zoned-time'}>
      <span className="zoned-local">{local}</span>
      {!isUtcZone() && <span className="zoned-utc">{inline ? ` (${utc})` : utc}</span>}
    </time>
  )
}

/** "overdue" when the time has passed and the request is still open. */
export function isOverdue(neededBy: string, finished: boolean, now = Date.now()): boolean {
  const at = Date.parse(neededBy)
  return !finished && !Number.isNaN(at) && at < now
}

function share(part: number, whole: number): string {
  if (whole <= 0) return '0%'
  return `${Math.min(100, Math.max(0, (part / whole) * 100)).toFixed(1)}%`
}

/**
 * The three stages of an item line on one bar (delivered ≤ dispatched ≤ planned ≤ asked): the bar is
 * drawn for the eye only; its numbers are said in words beside it (or visually hidden when `compact`).
 */
export function LineProgress({
  line,
  label,
  compact,
}: {
  line: ItemLine
  /** What the line asks for, e.g. the item's name. */
  label?: string | undefined
  compact?: boolean
}) {
  const { t } = useTranslation()
  const language = useLanguage()
  const n = (value: number) => formatNumber(value, language)
  const words = t('requests.progress.words', {
    planned: n(line.quantityPlanned),
    dispatched: n(line.quantityDispatched),
    delivered: n(line.quantityDelivered),
    quantity: n(line.quantity),
  })
  return (
    <div className={compact ? 'line-progress compact' : 'line-progress'}>
      {label !== undefined && <span className="line-progress-label">{label}</span>}
      <span className="progress-track" aria-hidden="true">
        <span
          className="progress-stage stage-planned"
          style={{ width: share(line.quantityPlanned, line.quantity) }}
        />
        <span
          className="progress-stage stage-dispatched"
          style={{ width: share(line.quantityDispatched, line.quantity) }}
        />
        <span
          className="progress-stage stage-delivered"
          style={{ width: share(line.quantityDelivered, line.quantity) }}
        />
      </span>
      {compact ? (
        <>
          <span className="progress-figure" aria-hidden="true">
            {t('requests.progress.short', {
              delivered: n(line.quantityDelivered),
              quantity: n(line.quantity),
            })}
          </span>
          <span className="visually-hidden">{words}</span>
        </>
      ) : (
        <span className="progress-words">{words}</span>
      )}
    </div>
  )
}

/** What the colours of the progress bars mean. */
export function ProgressKey() {
  const { t } = useTranslation()
  return (
    <p className="progress-key" aria-hidden="true">
      <span>
        <span className="key-swatch stage-planned" /> {t('requests.progress.planned')}
      </span>
      <span>
        <span className="key-swatch stage-dispatched" /> {t('requests.progress.dispatched')}
      </span>
      <span>
        <span className="key-swatch stage-delivered" /> {t('requests.progress.delivered')}
      </span>
    </p>
  )
}
