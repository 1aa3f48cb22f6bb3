/**
 * @module web/format
 * Numbers, quantities and times in the reader's language (Intl), and names in the chosen language with
 * the other as fallback (GSI shelters have only Japanese names).
 */
import type { Language } from './i18n/i18n.js'

const numberFormats = new Map<string, Intl.NumberFormat>()

function numberFormat(language: Language, maximumFractionDigits: number): Intl.NumberFormat {
  const key = `${language}:${maximumFractionDigits}`
  let format = numberFormats.get(key)
  if (!format) {
    format = new Intl.NumberFormat(localeOf(language), { maximumFractionDigits })
    numberFormats.set(key, format)
  }
  return format
}

export function localeOf(language: Language): string {
  return language === 'ja' ? 'ja-JP' : 'en-GB'
}

export function formatNumber(value: number, language: Language, maximumFractionDigits = 0): string {
  return numberFormat(language, maximumFractionDigits).format(value)
}

/** Grams as kilograms, to the gram. */
export function formatWeight(grams: number, language: Language): string {
  return `${formatNumber(grams / 1000, language, 3)} kg`
}

/** Millilitres as litres below 100 L, as cubic metres from there. */
export function formatVolume(millilitres: number, language: Language): string {
  if (millilitres < 100_000) return `${formatNumber(millilitres / 1000, language, 3)} L`
  return `${formatNumber(millilitres / 1_000_000, language, 3)} m³`
}

/** An ISO-8601 time in the reader's time zone, with the zone named. */
export function formatDateTime(iso: string, language: Language): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return new Intl.DateTimeFormat(localeOf(language), {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(date)
}

/** An ISO-8601 time to the second, in the reader's time zone, with the zone named (for the audit log). */
export function formatTimestamp(iso: string, language: Language): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return new Intl.DateTimeFormat(localeOf(language), {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'short',
  }).format(date)
}

export interface Named {
  nameEn: string | null
  nameJa: string | null
}

/** The name in the chosen language, else the other one; `lang` tells which language the text is in. */
export function nameOf(record: Named, language: Language): { text: string; lang: Language } {
  const first = language === 'ja' ? record.nameJa : record.nameEn
  if (first) return { text: first, lang: language }
  const other: Language = language === 'ja' ? 'en' : 'ja'
  const second = other === 'ja' ? record.nameJa : record.nameEn
  return { text: second ?? '', lang: other }
}

/** An ISO-8601 time as the value of an <input type="datetime-local"> in the reader's zone. */
export function toDateTimeLocal(iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}

/** The value of an <input type="datetime-local"> (the reader's zone) as ISO-8601 UTC; undefined if empty or invalid. */
export function fromDateTimeLocal(value: string): string | undefined {
  if (!value) return undefined
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString()
}
