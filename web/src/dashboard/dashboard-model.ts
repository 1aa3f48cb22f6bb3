/**
 * @module web/dashboard/dashboard-model
 * The dashboard's shapes (from the API contract) and what its charts and tables share: colours by
 * category, priority and stage, names of places and partners in the reader's language, a figure's
 * CSV address with the page's own query, round axis maxima, days and durations per locale.
 */
import type { DashboardFigure, DashboardView } from '@contract/dashboard.js'
import { type QueryParams, toQueryString } from '../api.js'
import { localeOf, nameOf } from '../format.js'
import type { Language } from '../i18n/i18n.js'

export type { DashboardFigure, DashboardView }
export type StockRow = DashboardView['stock']['rows'][number]
export type PipelineDay = DashboardView['pipeline']['days'][number]
export type UnmetRow = DashboardView['unmet']['rows'][number]
export type EtaRow = DashboardView['consignments']['rows'][number]
export type Partner = DashboardView['contributions']['partners'][number]
export type NamedRef = StockRow['place']

export const stages = ['requested', 'validated', 'planned', 'dispatched', 'delivered'] as const
export type Stage = (typeof stages)[number]

/** Distinct at a glance and on paper; each line of the pipeline also has its own dash. */
const categoryColours: Record<string, string> = {
  food: '#b45309',
  wash: '#0e7490',
  shelter: '#6d28d9',
  nfi: '#4d7c0f',
  health: '#be123c',
  logistics: '#334155',
  other: '#78716c',
}
const spare = ['#a16207', '#0369a1', '#9d174d', '#15803d']

export function categoryColour(category: string, index: number): string {
  return categoryColours[category] ?? spare[index % spare.length] ?? '#64748b'
}

export const priorityColours = {
  'life-saving': '#a4001d',
  'life-sustaining': '#c2410c',
  other: '#475569',
} as const

export const stageStyles: Record<Stage, { colour: string; dash: string }> = {
  requested: { colour: '#64748b', dash: '6 4' },
  validated: { colour: '#0b4f8a', dash: '' },
  planned: { colour: '#7c3aed', dash: '2 3' },
  dispatched: { colour: '#c2410c', dash: '10 3 2 3' },
  delivered: { colour: '#15803d', dash: '' },
}

/** A place's or partner's name in the reader's language; its code, or id, when it has none here. */
export function refName(ref: NamedRef, language: Language): { text: string; lang?: Language } {
  const named = nameOf(ref, language)
  if (named.text) return named.lang === language ? { text: named.text } : named
  return { text: ref.code ?? ref.id.slice(0, 8) }
}

/** The address of a figure's CSV, filtered as the page is. */
export function csvPath(figure: DashboardFigure, query: QueryParams): string {
  return `/api/dashboard/${figure}.csv${toQueryString(query)}`
}

/** A round number at or above `value`, for the top of an axis. */
export function niceCeil(value: number): number {
  if (!(value > 0)) return 1
  const power = 10 ** Math.floor(Math.log10(value))
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power
  return 10 * power
}

/** "3 Jan" / "1月3日": a calendar day (YYYY-MM-DD) as the reader writes it. */
export function formatDay(day: string, language: Language, long = false): string {
  return new Intl.DateTimeFormat(localeOf(language), {
    timeZone: 'UTC',
    month: 'short',
    day: 'numeric',
    ...(long ? { year: 'numeric', weekday: 'short' } : {}),
  }).format(new Date(`${day}T00:00:00Z`))
}

/** The reader's time zone, as the browser knows it. */
export function readerZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

/** A consignment's short reference, as the consignment screens show it: the id's last 8 characters. */
export function shortRef(id: string): string {
  return id.replace(/-/g, '').slice(-8).toUpperCase()
}

/** Minutes as "14 h 5 min" (or its Japanese), for lateness. */
export function splitMinutes(minutes: number): { hours: number; minutes: number } {
  return { hours: Math.floor(minutes / 60), minutes: minutes % 60 }
}
