/**
 * @module interop/sitrep/format
 * How the situation report writes numbers and times: counts with thousands separators, and times in
 * the zone asked for with that zone named once, with its abbreviation and offset (JST, UTC+09:00),
 * since a report travels between partners in different zones.
 */

/** Whole numbers with thousands separators, decimals up to `digits`. */
export function formatCount(value: number, digits = 0): string {
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: digits }).format(value)
}

/** The zone's offset from UTC at an instant, e.g. "UTC+09:00". */
export function zoneOffset(iso: string, zone: string): string {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
      .formatToParts(new Date(iso))
      .find((part) => part.type === 'timeZoneName')?.value ?? 'GMT'
  return name === 'GMT' ? 'UTC+00:00' : name.replace('GMT', 'UTC')
}

/** "2026-01-03 02:00" in the zone; the zone is named once, in the report's head. */
export function formatInZone(iso: string, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso))
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`
}

/** The zone's usual abbreviation where one is in use (JST, EST), else null. */
function zoneAbbreviation(iso: string, zone: string): string | null {
  for (const locale of ['en-US', 'ja-JP']) {
    const name = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' })
      .formatToParts(new Date(iso))
      .find((part) => part.type === 'timeZoneName')?.value
    if (name && /^[A-Z]{2,5}$/.test(name) && name !== zone) return name
  }
  return null
}

/** The zone as the report names it: "Asia/Tokyo (JST, UTC+09:00)". */
export function zoneName(iso: string, zone: string): string {
  const abbreviation = zoneAbbreviation(iso, zone)
  return `${zone} (${abbreviation ? `${abbreviation}, ` : ''}${zoneOffset(iso, zone)})`
}
