/**
 * @module domain/allocation/cut
 * From the linear program's flows to consignments.
 *
 * Flows become whole units (whole-units.ts). Then tier by tier, most urgent first, each asset's
 * loads on each route are laid into its sequence of sorties (sequencer.ts); a sortie that no longer
 * fits in time is offered to the other assets that could carry its loads. A fleet's loads (the
 * linear program plans a fleet as one, reach.ts) go to its first asset, and what that one cannot
 * fly in time to the others of the fleet in turn. So when whole sorties cannot hold what the linear
 * program's fractions did, a lower tier gives way, never a higher one.
 * What is left is then placed, where it still can be, the greedy way (greedy.ts, `fill`).
 */
import { append } from './append.js'
import { type Arc, type AssetArc, arcFor, byAsset, firstDeparture } from './arcs.js'
import { Fleet, timeSequence } from './fleet.js'
import { fill } from './greedy.js'
import type { AllocationModel } from './model.js'
import { arcsByLine, PlanBuilder, type PlanOutcome } from './outcome.js'
import type { Prepared } from './reach.js'
import { type PackedLoad, Sequencer } from './sequencer.js'
import { tiers } from './snapshot.js'
import { wholeUnits } from './whole-units.js'

export function cutSolution(
  prepared: Prepared,
  model: AllocationModel,
  flows: ArrayLike<number>,
): PlanOutcome {
  const plan = new PlanBuilder(prepared)
  const byLine = arcsByLine(model.arcs)
  const units = wholeUnits(prepared, model.arcs, flows)

  model.arcs.forEach((arc, i) => {
    const quantity = Math.min(units[i]!, plan.lineLeft[arc.line]!, plan.supplyLeft[arc.supply]!)
    if (arc.asset < 0 && quantity > 0)
      plan.local({ supply: arc.supply, line: arc.line, units: quantity })
  })

  // Other assets that could carry a (supply, line), the soonest to arrive first: the rest of a
  // fleet, whose loads the linear program gave to its first asset, among them.
  const alternatives = new Map<string, AssetArc[]>()
  for (const ride of byAsset(prepared, model.arcs)) {
    if (ride.asset < 0) continue
    append(alternatives, `${ride.arc.supply}|${ride.arc.line}`, ride)
  }
  const firstArrival = ({ asset, arc }: AssetArc) =>
    firstDeparture(prepared.assets[asset]!, arc) + arc.minutes - arc.lead
  for (const list of alternatives.values())
    list.sort((a, b) => firstArrival(a) - firstArrival(b) || a.asset - b.asset)

  const sequencer = new Sequencer(prepared)
  tiers.forEach((_, rank) => {
    const routes = new Map<string, { arc: Arc; loads: PackedLoad[] }>()
    model.arcs.forEach((arc, i) => {
      if (arc.asset < 0 || units[i] === 0 || prepared.lines[arc.line]!.tierRank !== rank) return
      const key = `${String(arc.asset).padStart(9, '0')}|${arc.origin}|${arc.destination}`
      const entry = routes.get(key) ?? { arc, loads: [] }
      entry.loads.push({
        supply: arc.supply,
        line: arc.line,
        units: units[i]!,
        deadline: arc.deadline,
      })
      routes.set(key, entry)
    })
    const dropped: { load: PackedLoad; asset: number }[] = []
    const byDeadline = (a: PackedLoad, b: PackedLoad) =>
      a.deadline - b.deadline || a.line - b.line || a.supply - b.supply
    for (const key of [...routes.keys()].sort()) {
      const { arc, loads } = routes.get(key)!
      // A fleet's loads go to its first asset; what that one cannot fly in time, to the next, all
      // together so that they are packed into sorties together.
      let left = sequencer.place(arc, loads.sort(byDeadline))
      for (const asset of prepared.assets[arc.asset]!.fleet) {
        if (asset === arc.asset || left.length === 0) continue
        left = sequencer.place({ ...arc, asset }, left.sort(byDeadline))
      }
      for (const load of left) dropped.push({ load, asset: arc.asset })
    }
    // What an asset's sequence could not take, another asset with room may: the linear program
    // chose the stock for the line; whole sorties only change who carries it.
    for (const { load, asset } of dropped) {
      const tried = prepared.assets[asset]!.fleet
      let left: PackedLoad | undefined = load
      for (const ride of alternatives.get(`${load.supply}|${load.line}`) ?? []) {
        if (!left) break
        if (tried.includes(ride.asset)) continue
        left = sequencer.place(arcFor(ride), [{ ...left, deadline: ride.arc.deadline }])[0]
      }
    }
  })

  const fleet = new Fleet(prepared)
  sequencer.sequences.forEach((sequence, index) => {
    const asset = prepared.assets[index]!
    const times = timeSequence(prepared, asset, sequence)
    if (!times) throw new Error('allocation: a kept sequence of sorties no longer arrives in time')
    sequence.forEach((sortie, i) => {
      fleet.commit(asset, sortie, times[i]!)
      plan.sortie(asset, sortie.arc, times[i]!.depart, sortie.loads)
    })
  })

  fill(prepared, byLine, plan, fleet)
  return plan.finish(byLine)
}
