/**
 * @module domain/allocation/greedy
 * The spreadsheet baseline — what a team does by hand: lines by tier, then needed-by (none last),
 * then id; for each, the nearest stock it may have first (straight-line distance from the stock to
 * the destination; then earliest expiry), and for each load the first asset (by id) whose next
 * sortie arrives in time, filled as far as one sortie holds. Same feasibility rules as the optimum
 * (the same arcs, the same asset timelines), same output, so the two compare.
 *
 * The optimum also uses it to place what its rounding to whole sorties left over (`fill`).
 */
import { greatCircleKm } from '../transport/geo.js'
import { type Arc, type AssetArc, ridesByLine } from './arcs.js'
import { Fleet } from './fleet.js'
import {
  arcsByLine,
  type PlanBuilder,
  PlanBuilder as Builder,
  type PlanOutcome,
} from './outcome.js'
import type { Prepared, PreparedAsset, PreparedLine } from './reach.js'

// Deadlines may be Infinity (none): subtraction would give NaN.
const compare = (a: number, b: number) => (a < b ? -1 : a > b ? 1 : 0)

/** Whole units of a line's item one sortie of this asset holds (at least 1 on any arc). */
export function unitsPerSortie(asset: PreparedAsset, line: PreparedLine): number {
  const byWeight =
    line.unitWeightG > 0 ? Math.floor(asset.payloadG / line.unitWeightG) : Number.POSITIVE_INFINITY
  const byVolume =
    line.unitVolumeMl > 0
      ? Math.floor(asset.volumeMl / line.unitVolumeMl)
      : Number.POSITIVE_INFINITY
  return Math.min(byWeight, byVolume)
}

/** Places what it can for the lines that still need something, on top of what is already planned. */
export function fill(
  prepared: Prepared,
  rides: ReadonlyMap<number, readonly AssetArc[]>,
  plan: PlanBuilder,
  fleet: Fleet,
) {
  const lines = [...prepared.lines].sort(
    (a, b) => a.tierRank - b.tierRank || compare(a.deadline, b.deadline) || a.index - b.index,
  )
  for (const line of lines) {
    // After the cut most lines have all they asked for.
    if (plan.lineLeft[line.index] === 0) continue
    const arcs = rides.get(line.index) ?? []
    if (arcs.length === 0) continue
    const destination = prepared.places.get(line.destination)!
    // A line's arcs come from few places: each one's distance worked out once.
    const fromPlace = new Map<string, number>()
    const km = (arc: Arc) => {
      let found = fromPlace.get(arc.origin)
      if (found === undefined) {
        found = greatCircleKm(prepared.places.get(arc.origin)!, destination)
        fromPlace.set(arc.origin, found)
      }
      return found
    }
    // Each supply's rides, in their order: a loop over the line's rides per supply was most of
    // greedy's time on large instances (thousands of rides a line, dozens of supplies).
    const bySupply = new Map<number, AssetArc[]>()
    const distance = new Map<number, number>()
    for (const ride of arcs) {
      const { supply } = ride.arc
      const mine = bySupply.get(supply)
      if (mine) mine.push(ride)
      else {
        bySupply.set(supply, [ride])
        distance.set(supply, km(ride.arc))
      }
    }
    const supplies = [...distance.keys()].sort(
      (a, b) =>
        compare(distance.get(a)!, distance.get(b)!) ||
        compare(prepared.supplies[a]!.deadline, prepared.supplies[b]!.deadline) ||
        a - b,
    )
    for (const supply of supplies) {
      for (const { asset: index, arc } of bySupply.get(supply)!) {
        if (index < 0) {
          const units = Math.min(plan.lineLeft[line.index]!, plan.supplyLeft[supply]!)
          if (units > 0) plan.local({ supply, line: line.index, units })
          continue
        }
        const asset = prepared.assets[index]!
        const perSortie = unitsPerSortie(asset, line)
        for (;;) {
          const units = Math.min(plan.lineLeft[line.index]!, plan.supplyLeft[supply]!, perSortie)
          if (units <= 0) break
          const time = fleet.next(asset, arc)
          if (!time || time.arrive > arc.deadline) break
          fleet.commit(asset, arc, time)
          plan.sortie(asset, arc, time.depart, [{ supply, line: line.index, units }])
        }
      }
    }
  }
}

/** Each line's arcs, as they are and by asset: worked out once for the plans read from them. */
export interface LineArcs {
  readonly byLine: ReadonlyMap<number, readonly Arc[]>
  readonly rides: ReadonlyMap<number, readonly AssetArc[]>
}

export function lineArcs(prepared: Prepared, arcs: readonly Arc[]): LineArcs {
  const byLine = arcsByLine(arcs)
  return { byLine, rides: ridesByLine(prepared, byLine) }
}

/** The spreadsheet plan on its own. */
export function greedyPlan(
  prepared: Prepared,
  arcs: readonly Arc[],
  { byLine, rides }: LineArcs = lineArcs(prepared, arcs),
): PlanOutcome {
  const plan = new Builder(prepared)
  fill(prepared, rides, plan, new Fleet(prepared))
  return plan.finish(byLine)
}
