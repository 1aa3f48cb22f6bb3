/**
 * @module domain/places/place
 * Places: reference places from public data (home `public`, deterministic ids) and places created on a
 * node (hubs, warehouses, distribution points). Status is reported separately as an operational record.
 */
import { canonicalJson } from '../events/chain.js'
import type { Problem } from '../problem.js'
import type { RecordEnvelope } from '../records/record.js'

export const placeTypes = [
  'hub',
  'warehouse',
  'airport',
  'heliport',
  'seaport',
  'staging-area',
  'distribution-point',
  'shelter',
  'evacuation-site',
  'municipality',
] as const
export type PlaceType = (typeof placeTypes)[number]

export const placeStatuses = ['open', 'damaged', 'closed'] as const
export type PlaceStatusValue = (typeof placeStatuses)[number]

export const placeCodePattern = /^[A-Z][A-Z0-9_-]{0,19}:[A-Za-z0-9._-]{1,60}$/

export interface PlaceFields {
  readonly code: string
  readonly type: PlaceType
  readonly nameEn: string | null
  readonly nameJa: string | null
  readonly lat: number
  readonly lon: number
  readonly country: string
  readonly adminCode: string | null
  readonly municipality: string | null
  readonly address: string | null
  readonly capacity: number | null
  readonly attributes: Readonly<Record<string, unknown>>
}

export interface PlaceStatusReport {
  readonly status: PlaceStatusValue
  readonly note: string | null
  readonly reportedAt: string
  readonly home: string
}

export interface Place extends RecordEnvelope, PlaceFields {
  readonly status: PlaceStatusReport | null
}

export function checkPlace(place: PlaceFields): Problem[] {
  const problems: Problem[] = []
  if (!placeCodePattern.test(place.code)) {
    problems.push({
      field: 'code',
      message: `"${place.code}" is not a place code: a scheme and a code, e.g. ICAO:RJNK, LOCODE:JPKNZ, HUB:KOMATSU`,
    })
  }
  if (!(placeTypes as readonly string[]).includes(place.type)) {
    problems.push({
      field: 'type',
      message: `unknown place type "${place.type}"; expected one of ${placeTypes.join(', ')}`,
    })
  }
  if (!place.nameEn && !place.nameJa)
    problems.push({ field: 'nameEn', message: 'a name in English or Japanese is required' })
  if (!(Number.isFinite(place.lat) && place.lat >= -90 && place.lat <= 90)) {
    problems.push({
      field: 'lat',
      message: `latitude ${place.lat} is out of range: expected -90 to 90`,
    })
  }
  if (!(Number.isFinite(place.lon) && place.lon >= -180 && place.lon <= 180)) {
    problems.push({
      field: 'lon',
      message: `longitude ${place.lon} is out of range: expected -180 to 180`,
    })
  }
  if (!/^[A-Z]{2}$/.test(place.country))
    problems.push({ field: 'country', message: 'an ISO 3166-1 alpha-2 code such as JP' })
  if (place.capacity !== null && !(Number.isInteger(place.capacity) && place.capacity >= 0)) {
    problems.push({ field: 'capacity', message: 'a whole number of people, 0 or more' })
  }
  return problems
}

export function samePlaceFields(a: PlaceFields, b: PlaceFields): boolean {
  return (
    a.code === b.code &&
    a.type === b.type &&
    a.nameEn === b.nameEn &&
    a.nameJa === b.nameJa &&
    a.lat === b.lat &&
    a.lon === b.lon &&
    a.country === b.country &&
    a.adminCode === b.adminCode &&
    a.municipality === b.municipality &&
    a.address === b.address &&
    a.capacity === b.capacity &&
    canonicalJson(a.attributes) === canonicalJson(b.attributes)
  )
}

/** Text that `?q=` searches: codes and names folded to one width and case (NFKC, lower case). */
export function searchText(parts: readonly (string | null | undefined)[]): string {
  return foldForSearch(parts.filter((part) => part).join(' '))
}

/** Full-width and half-width forms and case fold together, so ＷＡＪＩＭＡ finds Wajima. */
export function foldForSearch(text: string): string {
  return text.normalize('NFKC').toLowerCase()
}
