/**
 * @module web/stock/stock-format
 * What the stock screens need beyond web/format: dates of expiry (a calendar day, never shifted by the
 * time zone) and how near they are, times shown in the reader's zone with the UTC time beside them,
 * weights and volumes as the ledger gives them (kg, m³), movement ids, and CSV made in the browser.
 */

import { formatNumber, localeOf } from '../format.js'
import type { Language } from '../i18n/i18n.js'

/** Days before expiry from which a lot is flagged as expiring soon. */
export const expiringSoonDays = 30

/** A calendar date (YYYY-MM-DD) in the reader's language: "16 Dec 2026", "2026年12月16日". */
export function formatDay(day: string, language: Language): string {
  const date = new Date(`${day}T00:00:00Z`)
  if (Number.isNaN(date.getTime())) return day
  return new Intl.DateTimeFormat(localeOf(language), {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(date)
}

/** The calendar day (YYYY-MM-DD) of a time in the reader's time zone. */
export function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

export type ExpiryState =
  | { kind: 'none' }
  | { kind: 'expired'; days: number }
  | { kind: 'soon'; days: number }
  | { kind: 'ok'; days: number }

/** How a lot's expiry stands on `today` (YYYY-MM-DD): expired, expiring within 30 days, or fine. */
export function expiryState(expiresOn: string | null, today: string): ExpiryState {
  if (!expiresOn) return { kind: 'none' }
  const days = Math.round((Date.parse(expiresOn) - Date.parse(today)) / 86_400_000)
  if (Number.isNaN(days)) return { kind: 'none' }
  // A lot is usable through its expiry day; the day after, it has expired (as the server's FEFO sees it).
  if (days < 0) return { kind: 'expired', days }
  if (days <= expiringSoonDays) return { kind: 'soon', days }
  return { kind: 'ok', days }
}

/** The reader's time zone, with Japan named as JST (Intl says "GMT+9" in English). */
function zoneLabel(date: Date, language: Language): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone
  if (zone === 'Asia/Tokyo') return 'JST'
  if (zone === 'UTC' || zone === 'Etc/UTC') return 'UTC'
  const part = new Intl.DateTimeFormat(localeOf(language), { timeZoneName: 'short' })
    .formatToParts(date)
    .find((each) => each.type === 'timeZoneName')
  return part?.value ?? zone
}

const timeOptions: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
}

/** A time in the reader's zone with the zone named ("26 Nov 2026, 18:32:26 JST") and the same in UTC. */
export function formatZonedTime(iso: string, language: Language): { local: string; utc: string } {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return { local: iso, utc: '' }
  const local = new Intl.DateTimeFormat(localeOf(language), timeOptions).format(date)
  const utc = new Intl.DateTimeFormat(localeOf(language), {
    ...timeOptions,
    timeZone: 'UTC',
  }).format(date)
  return { local: `${local} ${zoneLabel(date, language)}`, utc: `${utc} UTC` }
}

/** The reader's zone as named next to times ("JST", "UTC", "GMT+2"). */
export function currentZoneLabel(language: Language): string {
  return zoneLabel(new Date(), language)
}

export function formatKg(kg: number | null, language: Language): string | null {
  return kg === null ? null : formatNumber(kg, language, kg < 10 ? 3 : 1)
}

export function formatM3(m3: number | null, language: Language): string | null {
  return m3 === null ? null : formatNumber(m3, language, 3)
}

/**
 * A movement's id: a random UUID made once per movement and sent with every attempt, so that a retry
 * after a lost answer is recognised by the server instead of being recorded twice. crypto.randomUUID()
 * needs a secure context (https or localhost); a hub's node on plain http in a LAN is not one, so the
 * same is made from crypto.getRandomValues(), which works everywhere.
 */
export function newMovementId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

export type CsvCell = string | number | null | undefined

/** One CSV field: quoted when needed; text that a spreadsheet would run as a formula is defused. */
function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** Rows as CSV (RFC 4180, CRLF), with a byte-order mark so spreadsheets read Japanese as UTF-8. */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`
}

/** A data: address holding the CSV, for a link with `download` (no request leaves the page). */
export function csvHref(csv: string): string {
  return `data:text/csv;charset=utf-8,${encodeURIComponent(csv)}`
}
