/**
 * @module domain/allocation/arcs
 * Candidate arcs: which supply may go to which line by which asset, and by when it must arrive.
 *
 * An arc (supply, line, asset) exists when the item matches, the owner's rule lets the requester
 * receive it, one unit fits the asset, the asset's kind has a route from the supply's place to the
 * destination (its fastest route: closed legs never, out-of-range legs never), the asset can reach
 * where it loads from its base, and its first sortie arrives in time — by the earliest of the line's
 * needed-by, the lot's last day and the end of the asset's window. Per (supply, line, asset) only the
 * fastest route is kept: a slower one would use more of the asset's hours and never arrive sooner.
 *
 * Where an asset loads, and how long a sortie keeps it: a truck or helicopter loads at the origin and
 * is busy there and back (2 × the route). An aircraft or ship loads at the first airport or port of
 * its route — the road before it (`lead`) and after its last flight or voyage are trucked — and is
 * busy for its flights or voyages there and back. Goods leave the origin `lead` minutes before the
 * craft does and arrive `minutes − lead` after it leaves.
 *
 * Stock already at the destination needs no transport: a *local* arc (asset −1), in time if the line
 * is not already late.
 */
import type { Route } from '../transport/fastest-route.js'
import type { SortieLeg } from './fleet.js'
import type { PreparedAsset, PreparedLine, Prepared, Supply } from './reach.js'

export interface Arc extends SortieLeg {
  readonly supply: number
  readonly line: number
  /** The asset's index, or −1 for stock already at the destination. */
  readonly asset: number
  readonly origin: string
  readonly destination: string
  /** Last minute of arrival. */
  readonly deadline: number
  readonly route: Route | null
}

type Timing = Omit<Arc, 'supply' | 'line' | 'asset' | 'origin' | 'destination'>

const mainMode = { 'fixed-wing': 'air', ship: 'sea', truck: null, helicopter: null } as const

/** Where the asset loads on a route, the road before it, and its minutes per sortie. */
function shape(asset: PreparedAsset, origin: string, route: Route) {
  const main = mainMode[asset.kind]
  const first = main === null ? -1 : route.steps.findIndex((step) => step.mode === main)
  if (first < 0) return { loadingPoint: origin, lead: 0, cycle: 2 * route.minutes }
  let last = first
  route.steps.forEach((step, i) => {
    if (step.mode === main) last = i
  })
  const minutes = (from: number, to: number) =>
    route.steps.slice(from, to).reduce((sum, step) => sum + step.minutes, 0)
  return {
    loadingPoint: route.steps[first]!.from,
    lead: minutes(0, first),
    cycle: 2 * minutes(first, last + 1),
  }
}

/** Can this asset carry this supply to this line in time? The arc's timing, or null. */
export function arcTiming(
  prepared: Prepared,
  supply: Supply,
  line: PreparedLine,
  asset: PreparedAsset,
): Timing | null {
  if (!asset.usable) return null
  if (line.unitWeightG > asset.payloadG || line.unitVolumeMl > asset.volumeMl) return null
  const deadline = Math.min(line.deadline, supply.deadline, asset.until)
  const route = prepared.route(asset, supply.place, line.destination)
  if (!route) return null
  const { loadingPoint, lead, cycle } = shape(asset, supply.place, route)
  let positioning = 0
  if (asset.base !== loadingPoint) {
    const toLoading = prepared.route(asset, asset.base, loadingPoint)
    if (!toLoading) return null
    positioning = toLoading.minutes
  }
  const timing = { loadingPoint, positioning, lead, minutes: route.minutes, cycle }
  if (firstDeparture(asset, timing) + route.minutes - lead > deadline) return null
  return { ...timing, deadline, route }
}

/** The earliest the asset can leave its loading point on this leg: ready there, and not before the goods. */
export const firstDeparture = (asset: PreparedAsset, leg: SortieLeg) =>
  Math.max(asset.from + leg.positioning, leg.lead)

/** Every arc, ordered by line, then supply, then asset (local first). */
export function findArcs(prepared: Prepared): Arc[] {
  const suppliesByItem = new Map<string, Supply[]>()
  for (const supply of prepared.supplies) {
    const list = suppliesByItem.get(supply.item)
    if (list) list.push(supply)
    else suppliesByItem.set(supply.item, [supply])
  }
  const arcs: Arc[] = []
  for (const line of prepared.lines) {
    for (const supply of suppliesByItem.get(line.item) ?? []) {
      if (!prepared.allowed(supply, line)) continue
      const base = { supply: supply.index, line: line.index, origin: supply.place }
      if (supply.place === line.destination) {
        if (Math.min(line.deadline, supply.deadline) >= 0)
          arcs.push({
            ...base,
            asset: -1,
            destination: line.destination,
            loadingPoint: supply.place,
            minutes: 0,
            positioning: 0,
            lead: 0,
            cycle: 0,
            deadline: Math.min(line.deadline, supply.deadline, prepared.horizonMinutes),
            route: null,
          })
        continue
      }
      for (const asset of prepared.assets) {
        const timing = arcTiming(prepared, supply, line, asset)
        if (timing)
          arcs.push({ ...base, asset: asset.index, destination: line.destination, ...timing })
      }
    }
  }
  return arcs
}
