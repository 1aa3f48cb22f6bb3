/**
 * @module domain/allocation/transit
 * Fewer tonne-hours in transit for the same deliveries, once every tier is cut (cut.ts).
 *
 * Visits choose by fulfilment per minute of an asset, which says nothing of the hours a load spends
 * on the road: on Noto 2024 they had trucks carry whole shelters' water over 3–5-hour roads where the
 * linear program's tonne-hours stage sent helicopters (bench/RESULTS.md). Tiers come first in the
 * objective, then the fewest tonne-hours: so each load, the most tonne-hours first, is taken off
 * its sortie and offered to every faster route that could bring its line in time, from any stock
 * (the room of sorties already on that route first, then a new sortie the sequence still has arrive
 * in time, sequencer.ts); what finds no faster room goes back where it was. No line gets a unit
 * more or less, so every tier keeps its fulfilment; a sortie left empty leaves its sequence.
 *
 * Only after the last tier: a faster asset's free minutes taken for a higher tier would be minutes
 * a lower tier's visits could have used, and tiers come before tonne-hours.
 */
import { type AssetArc, arcFor } from './arcs.js'
import type { Cut } from './cut-state.js'
import { RouteRefusals } from './marks.js'
import type { Prepared } from './reach.js'
import type { PackedLoad, Sortie } from './sequencer.js'

export function shortenTransit(
  prepared: Prepared,
  cut: Cut,
  rides: ReadonlyMap<number, readonly AssetArc[]>,
) {
  const { sequencer, supplyLeft, lineLeft } = cut
  const held: { asset: number; sortie: Sortie; load: PackedLoad; tonneHours: number }[] = []
  sequencer.sequences.forEach((sequence, asset) => {
    for (const sortie of sequence)
      for (const load of sortie.loads)
        held.push({
          asset,
          sortie,
          load,
          tonneHours: load.units * prepared.lines[load.line]!.unitWeightG * sortie.arc.minutes,
        })
  })
  // The most tonne-hours first; the same plan from the same snapshot.
  held.sort(
    (a, b) =>
      b.tonneHours - a.tonneHours ||
      a.asset - b.asset ||
      a.load.line - b.load.line ||
      a.load.supply - b.load.supply,
  )
  const faster = new Map<number, AssetArc[]>()
  const fasterRides = (line: number) => {
    let list = faster.get(line)
    if (!list) {
      // The fastest first, each ride's minutes read once, not twice a comparison (thousands of rides
      // a line on large instances). An asset rides once per supply, so no two compare equal.
      const mine = rides.get(line) ?? []
      const minutes = new Float64Array(mine.length)
      const order: number[] = []
      for (let i = 0; i < mine.length; i++) {
        minutes[i] = mine[i]!.arc.minutes
        order.push(i)
      }
      order.sort(
        (a, b) =>
          minutes[a]! - minutes[b]! ||
          mine[a]!.asset - mine[b]!.asset ||
          mine[a]!.arc.supply - mine[b]!.arc.supply,
      )
      list = order.map((i) => mine[i]!)
      faster.set(line, list)
    }
    return list
  }
  const refused = new RouteRefusals()
  for (const { asset, sortie, load, tonneHours } of held) {
    if (tonneHours === 0) break
    const position = sequencer.unload(sortie, load)
    supplyLeft[load.supply]! += load.units
    lineLeft[load.line]! += load.units
    // Left of the line before this load's units were taken off it: the others' shares stay as they are.
    const floor = lineLeft[load.line]! - load.units
    // An asset that took nothing from one stock at a place takes nothing from another there (the
    // room and the time are the route's, whichever lot fills them) until something is laid.
    refused.clear()
    for (const ride of fasterRides(load.line)) {
      if (ride.arc.minutes >= sortie.arc.minutes || lineLeft[load.line] === floor) break
      if (supplyLeft[ride.arc.supply] === 0) continue
      if (refused.has(ride.asset, ride.arc.origin, ride.arc.deadline)) continue
      const units = lineLeft[load.line]! - floor
      cut.place(arcFor(ride), [
        { supply: ride.arc.supply, line: load.line, units, deadline: ride.arc.deadline },
      ])
      if (lineLeft[load.line]! - floor !== units) refused.clear()
      else if (supplyLeft[ride.arc.supply]! >= units)
        refused.add(ride.asset, ride.arc.origin, ride.arc.deadline)
    }
    const rest = lineLeft[load.line]! - floor
    if (rest > 0) {
      // Its own stock is still there: at most what went faster was taken from it.
      const back = rest === load.units ? load : { ...load, units: rest }
      sequencer.reload(sortie, back, position)
      supplyLeft[load.supply]! -= rest
      lineLeft[load.line]! -= rest
    } else if (sortie.loads.length === 0) sequencer.drop(prepared.assets[asset]!, sortie)
  }
}
