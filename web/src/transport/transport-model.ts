/**
 * @module web/transport/transport-model
 * What the transport screens share: who may change assets and legs, the answers of the API, the
 * filters read from the address, and times and distances said the way people say them.
 */
import type { SessionView } from '@contract/access.js'
import {
  type AssetView,
  assetKinds,
  assetStatuses,
  type FastestRoute,
  type LegView,
  legModes,
  legStatuses,
} from '@contract/transport.js'
import type { TFunction } from 'i18next'
import type L from 'leaflet'
import { formatNumber } from '../format.js'
import type { Language } from '../i18n/i18n.js'

export type { AssetView, FastestRoute, LegView }
export type AssetKind = (typeof assetKinds)[number]
export type AssetStatus = (typeof assetStatuses)[number]
export type LegMode = (typeof legModes)[number]
export type LegStatus = (typeof legStatuses)[number]
export { assetKinds, assetStatuses, legModes, legStatuses }

export interface AssetType {
  code: string
  kind: AssetKind
  nameEn: string
  nameJa: string | null
  payloadKg: number
  volumeM3: number
  speedKmh: number
  rangeKm: number | null
  estimates: string | null
  source: string
}

export interface AssetList {
  assets: AssetView[]
  total: number
  limit: number
  offset: number
}

export interface LegList {
  legs: LegView[]
  total: number
  limit: number
  offset: number
}

export interface DeriveResult {
  places: number
  derived: number
  created: number
  updated: number
  unchanged: number
  keptEdited: number
  byMode: Record<string, number>
  milliseconds: number
}

/** Why the server found no route (422 no_route), as its details say. */
export interface NoRouteDetails {
  reason: 'closed_legs' | 'out_of_range' | 'not_connected' | 'same_place' | 'unknown_place'
  closedLegs: { id: string; mode: LegMode; note: string | null }[]
}

/** Planners, logisticians and administrators offer assets, change their status and close legs. */
export function mayWriteTransport(session: SessionView): boolean {
  return session.user.roles.some((role) => ['admin', 'planner', 'logistician'].includes(role))
}

export function oneOf<T extends string>(values: readonly T[], value: string | null): T | '' {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : ''
}

/** "4 h 20 min" / "4時間20分". */
export function formatMinutes(minutes: number, t: TFunction): string {
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  if (hours === 0) return t('transport.time.minutes', { minutes: rest })
  if (rest === 0) return t('transport.time.hours', { hours })
  return t('transport.time.hoursMinutes', { hours, minutes: rest })
}

export function formatKm(km: number, language: Language): string {
  return `${formatNumber(km, language, 1)} km`
}

/** How each kind of leg is drawn on the map: the route itself is drawn over them, thicker. */
export const legLineStyle: Record<'route' | 'closed' | 'damaged', L.PolylineOptions> = {
  route: { color: '#1f5fa8', weight: 5, opacity: 0.9 },
  closed: { color: '#b3261e', weight: 3, opacity: 0.9, dashArray: '6 6' },
  damaged: { color: '#b86e00', weight: 3, opacity: 0.9, dashArray: '2 6' },
}
