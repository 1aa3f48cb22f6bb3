/**
 * @module web/needs/needs-model
 * The needs estimator's shapes as the web app reads them (types from src/contract/needs.ts), and
 * what a place's own figures say about its population (the
 * server takes the Noto 2024 evacuee count first, then the capacity: the screen says the same).
 */
import type { NeedLine, NeedsEstimate } from '@contract/needs.js'
import type { Place } from '@contract/places.js'
import { normaliseWhole } from '../common/whole-number.js'

export type { NeedLine, NeedsEstimate }
export { normaliseWhole }

/** The figure a place gives the estimator when no population is typed, as the server chooses it. */
export type PlaceFigure =
  | { kind: 'noto'; people: number; asOf: string | undefined }
  | { kind: 'capacity'; people: number }
  | { kind: 'none' }

export function placeFigure(place: Pick<Place, 'capacity' | 'attributes'>): PlaceFigure {
  const noto = place.attributes.noto2024
  const evacuees =
    noto && typeof noto === 'object'
      ? (noto as Record<string, unknown>).evacuees_in_municipal_shelters
      : undefined
  if (evacuees && typeof evacuees === 'object') {
    const { value, asOf } = evacuees as { value?: unknown; asOf?: unknown }
    if (typeof value === 'number' && Number.isInteger(value) && value > 0)
      return {
        kind: 'noto',
        people: value,
        asOf: typeof asOf === 'string' ? asOf.slice(0, 10) : undefined,
      }
  }
  if (place.capacity !== null && place.capacity > 0)
    return { kind: 'capacity', people: place.capacity }
  return { kind: 'none' }
}

/** Water and food keep people alive; the rest sustains them. The requester may change either. */
export function defaultPriority(line: NeedLine): 'life-saving' | 'life-sustaining' {
  return ['water', 'drinking-water', 'food'].includes(line.id) ? 'life-saving' : 'life-sustaining'
}

/** "Noto 2024 evacuees on 2024-01-05" → its date, to say it in the reader's words. */
export function notoDateOf(source: string): string | undefined {
  return /^Noto 2024 evacuees on (.+)$/.exec(source)?.[1]
}
