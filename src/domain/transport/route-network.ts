/**
 * @module domain/transport/route-network
 * Derives the route network from where places are, without a road map:
 *
 * - **air**: between airports and heliports up to `air.maxKm` apart, great-circle, at `air.speedKmh`
 *   (which kinds of aircraft may use which legs is decided when routing: fixed-wing only between
 *   airports, helicopters within their range);
 * - **sea**: between seaports up to `sea.maxKm` apart, great-circle × `sea.factor` (ships follow the
 *   coast and harbour approaches, not the straight line, which may even cross a peninsula);
 * - **road**: great-circle × `road.factor` at `road.speedKmh`: every place to its `road.k` nearest
 *   places within `road.radiusKm` (local roads), every place to its nearest town or transport place
 *   within `road.townRadiusKm` (so no cluster of shelters is left on its own), and every town or
 *   transport place to its `road.trunkK` nearest within `road.trunkRadiusKm` (trunk roads).
 *
 * Connecting near neighbours only keeps the network small: 2,746 places would make 3.8 million pairs.
 * With the bundled places this gives about 17,900 legs (air 4,534, sea 3,406, road 9,943) in under a
 * second; a truck's route then runs 1.4–1.6 × the straight line between Hokuriku towns (1.4 is the
 * road factor itself), where 4 trunk neighbours instead of 8 made detours of up to 1.85 ×.
 * Straight lines know nothing of water: a road leg may cross a bay or a strait — close or edit it.
 */
import { greatCircleKm, type Point } from './geo.js'
import type { LegMode } from './leg.js'

export interface NetworkPlace extends Point {
  readonly id: string
  readonly code: string
  readonly type: string
}

export interface NetworkParameters {
  readonly air: { readonly speedKmh: number; readonly maxKm: number }
  readonly sea: { readonly speedKmh: number; readonly factor: number; readonly maxKm: number }
  readonly road: {
    readonly speedKmh: number
    readonly factor: number
    readonly k: number
    readonly radiusKm: number
    readonly townRadiusKm: number
    readonly trunkK: number
    readonly trunkRadiusKm: number
  }
}

/**
 * Planning assumptions, not measurements. Air 500 km/h: a block speed between a turboprop's and a
 * jet's cruise, climb and descent included. Sea 28 km/h: 15 knots, a coastal ship's service speed.
 * Road 40 km/h: mixed mountain and town roads in a disaster area, below the legal 60 km/h on ordinary
 * roads. Road factor 1.4 and sea factor 1.3: typical detour ratios of a network to the straight line.
 */
export const defaultNetworkParameters: NetworkParameters = {
  air: { speedKmh: 500, maxKm: 1200 },
  sea: { speedKmh: 28, factor: 1.3, maxKm: 800 },
  road: {
    speedKmh: 40,
    factor: 1.4,
    k: 4,
    radiusKm: 30,
    townRadiusKm: 60,
    trunkK: 8,
    trunkRadiusKm: 120,
  },
}

/** Places where roads meet the rest of the network: towns, hubs, ports, airports. */
export const trunkPlaceTypes: ReadonlySet<string> = new Set([
  'municipality',
  'hub',
  'warehouse',
  'staging-area',
  'distribution-point',
  'airport',
  'heliport',
  'seaport',
])

export interface DerivedLeg {
  readonly mode: LegMode
  /** The place with the lower code; legs are used both ways. */
  readonly from: NetworkPlace
  readonly to: NetworkPlace
  readonly distanceKm: number
  readonly transitMinutes: number
}

export const minutesAt = (distanceKm: number, speedKmh: number): number =>
  Math.max(1, Math.round((distanceKm / speedKmh) * 60))

// Places at one address (a school that is both shelter and evacuation site) are still 100 m apart.
const tenth = (km: number) => Math.max(0.1, Math.round(km * 10) / 10)

/** The `k` nearest of `candidates` (sorted by latitude) to `place` within `radiusKm`, nearest first. */
function nearest(
  place: NetworkPlace,
  candidates: readonly NetworkPlace[],
  k: number,
  radiusKm: number,
): { place: NetworkPlace; km: number }[] {
  // A degree of latitude is 111 km everywhere: only a band of latitudes can be within the radius.
  const band = radiusKm / 111
  let low = 0
  let high = candidates.length
  while (low < high) {
    const mid = (low + high) >> 1
    if ((candidates[mid] as NetworkPlace).lat < place.lat - band) low = mid + 1
    else high = mid
  }
  const found: { place: NetworkPlace; km: number }[] = []
  for (let i = low; i < candidates.length; i++) {
    const other = candidates[i] as NetworkPlace
    if (other.lat > place.lat + band) break
    if (other.id === place.id) continue
    const km = greatCircleKm(place, other)
    if (km <= radiusKm) found.push({ place: other, km })
  }
  found.sort((a, b) => a.km - b.km || (a.place.code < b.place.code ? -1 : 1))
  return found.slice(0, k)
}

/** Every leg of the network, once per pair and mode, in a stable order. */
export function deriveLegs(
  places: readonly NetworkPlace[],
  parameters: NetworkParameters = defaultNetworkParameters,
): DerivedLeg[] {
  const legs = new Map<string, DerivedLeg>()
  const add = (mode: LegMode, a: NetworkPlace, b: NetworkPlace, km: number) => {
    if (a.id === b.id) return
    const [from, to] = a.code < b.code ? [a, b] : [b, a]
    const key = `${mode}|${from.code}|${to.code}`
    if (legs.has(key)) return
    const { speedKmh, factor } =
      mode === 'air'
        ? { speedKmh: parameters.air.speedKmh, factor: 1 }
        : mode === 'sea'
          ? parameters.sea
          : parameters.road
    const distanceKm = tenth(km * factor)
    legs.set(key, { mode, from, to, distanceKm, transitMinutes: minutesAt(distanceKm, speedKmh) })
  }
  const byLat = (list: NetworkPlace[]) =>
    list.sort((a, b) => a.lat - b.lat || (a.code < b.code ? -1 : 1))
  const all = byLat([...places])

  const airfields = all.filter((p) => p.type === 'airport' || p.type === 'heliport')
  for (const a of airfields)
    for (const n of nearest(a, airfields, airfields.length, parameters.air.maxKm))
      add('air', a, n.place, n.km)

  const ports = all.filter((p) => p.type === 'seaport')
  for (const a of ports)
    for (const n of nearest(a, ports, ports.length, parameters.sea.maxKm))
      add('sea', a, n.place, n.km)

  const { road } = parameters
  const trunk = all.filter((p) => trunkPlaceTypes.has(p.type))
  for (const place of all) {
    for (const n of nearest(place, all, road.k, road.radiusKm)) add('road', place, n.place, n.km)
    const [town] = nearest(place, trunk, 1, road.townRadiusKm)
    if (town) add('road', place, town.place, town.km)
  }
  for (const place of trunk)
    for (const n of nearest(place, trunk, road.trunkK, road.trunkRadiusKm))
      add('road', place, n.place, n.km)

  // Code-point order, not the locale's: the same list on every machine.
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
  return [...legs.values()].sort(
    (a, b) =>
      order(a.mode, b.mode) || order(a.from.code, b.from.code) || order(a.to.code, b.to.code),
  )
}
