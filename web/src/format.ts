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
