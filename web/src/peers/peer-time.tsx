/**
 * @module web/peers/peer-time
 * When something happened to a peer, said twice: how long ago ("3 minutes ago") and the time itself in
 * the reader's zone with the zone named. The page re-renders every 10 s, so "ago" stays current.
 */
import { formatDateTime, localeOf } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
]

export function relativeTime(iso: string, language: 'en' | 'ja', now = Date.now()): string {
  const elapsed = Date.parse(iso) - now
  const format = new Intl.RelativeTimeFormat(localeOf(language), { numeric: 'auto' })
  for (const [unit, ms] of units)
    if (Math.abs(elapsed) >= ms || unit === 'second')
      return format.format(Math.trunc(elapsed / ms), unit)
  return ''
}

export function PeerTime({ iso }: { iso: string }) {
  const language = useLanguage()
  return (
    <time dateTime={iso} className="peer-time">
      {relativeTime(iso, language)}
      <span className="subtle"> · {formatDateTime(iso, language)}</span>
    </time>
  )
}
