/**
 * @module domain/allocation/cut
 * From the linear program's flows to consignments of whole units in whole sorties.
 *
 * The linear program counts a sortie's time by the fraction of its load a line takes: a shelter's
 * 230 kg of drinking water costs a fortieth of a 10-tonne truck's round trip. Whole, it costs the
 * whole trip. Where sorties are what runs short, the flows are then a poor guide: they spread a
 * line over fractions of several sorties, and cut whole each fraction takes a sortie of its own.
 * On Noto 2024 the flows cut that way kept 220 of the bound's 338 lines' worth of life-saving water,
 * against greedy's 307 (bench/RESULTS.md).
 *
 * So each tier, most urgent first, is cut three ways from where the tiers above it left the assets,
 * and the one that delivers the tier most fulfilment is kept (on a tie, the earlier way below: the
 * flows' first, as it follows the linear program's fewest tonne-hours):
 * - *by the flows*: flows become whole units (whole-units.ts); each asset's loads on each route are
 *   laid into its sequence of sorties (sequencer.ts); a sortie that no longer fits in time is
 *   offered to the other assets that could carry its loads — a fleet's loads (the linear program
 *   plans a fleet as one, reach.ts) go to its first asset, and what that one cannot fly in time to
 *   the others of the fleet in turn; then the line-by-line repair, for what that dropped;
 * - *visit by visit*, then the same repair: a fleet's sortie to a destination carrying every line
 *   of the tier there its origin's stock can serve, the visits with the most fulfilment per minute
 *   of the asset first — those in the same band of a factor of two alike, and among them the
 *   fewest tonne-hours per fulfilment first (`visitByVisit`);
 * - *line by line* (the repair alone): each line of the tier, needed-by first, is offered whole to
 *   the stock and assets that could bring it, the shortest sortie first (the least of an asset's
 *   time), into the free room of sorties already on that route or new sorties slotted in where
 *   every sortie still arrives in time.
 * The flows' way depends on which of several optimal solutions the solver returned; the other two
 * do not read the flows. On Noto 2024 two solver settings' optima cut by the flows to 756.3 and
 * 699.0 of life-sustaining fulfilment, and visit by visit to 817.4 from either (bench/RESULTS.md).
 * None touches a minute a higher tier's sorties hold, and a lower tier is laid only after, so a
 * lower tier gives way, never a higher one. Once every tier is cut, each load goes to a faster
 * route where one has room and time (transit.ts): the same deliveries, fewer tonne-hours. What is
 * left is then placed, where it still can be, the greedy way (greedy.ts, `fill`).
 */
import { type Arc, type AssetArc, arcFor, firstDeparture } from './arcs.js'
import { Cut } from './cut-state.js'
import { Fleet, timeSequence } from './fleet.js'
import { fill, type LineArcs, lineArcs } from './greedy.js'
import { RouteRefusals } from './marks.js'
import type { AllocationModel } from './model.js'
import { PlanBuilder, type PlanOutcome } from './outcome.js'
import type { Prepared, PreparedLine } from './reach.js'
import { type PackedLoad, Sequencer } from './sequencer.js'
import { tiers } from './snapshot.js'
import { shortenTransit } from './transit.js'
import { wholeUnits } from './whole-units.js'

// Deadlines may be Infinity (none): subtraction would give NaN.
const compare = (a: number, b: number) => (a < b ? -1 : a > b ? 1 : 0)
const SAME = 1e-9
const NONE = Number.NEGATIVE_INFINITY

export function cutSolution(
  prepared: Prepared,
  model: Pick<AllocationModel, 'arcs'>,
  flows: ArrayLike<number>,
  arcsByLine: LineArcs = lineArcs(prepared, model.arcs),
): PlanOutcome {
  return cutter(prepared, model, arcsByLine).cut(flows)
}

/**
 * The cut of one model's arcs, in two steps. `ahead()` does what reads no flows: each tier's visit
 * by visit and line by line ways, laid from where the tiers above would leave the assets if their
 * flows' way did not win — the planner does it while the solver solves (solver/make-plan.ts).
 * `cut(flows)` then cuts by the flows, and uses a tier's ways laid ahead only while every guess
 * behind them held: no stock already at its destination delivered (the start), and each tier above
 * kept the way the guess went on from. Where one did not, it lays the rest itself, so the plan is
 * the same whether or not `ahead` ran.
 */
export interface Cutter {
  ahead(): void
  cut(flows: ArrayLike<number>): PlanOutcome
}

export function cutter(
  prepared: Prepared,
  model: Pick<AllocationModel, 'arcs'>,
  { byLine, rides: lineRides }: LineArcs = lineArcs(prepared, model.arcs),
): Cutter {
  // Every asset that could carry a line, from any supply, the shortest sortie first.
  const firstArrival = ({ asset, arc }: AssetArc) =>
    firstDeparture(prepared.assets[asset]!, arc) + arc.minutes - arc.lead
  const rides = new Map<number, AssetArc[]>()
  for (const [line, list] of lineRides) {
    const mine = list.filter((ride) => ride.asset >= 0)
    // Each ride's first arrival worked out once, not twice a comparison: there are thousands of
    // rides a line on large instances. An asset rides once per supply, so no two compare equal.
    // Loops, not Float64Array.from and Array.from, which go through an iterator per ride.
    const arrival = new Float64Array(mine.length)
    const order: number[] = []
    for (let i = 0; i < mine.length; i++) {
      arrival[i] = firstArrival(mine[i]!)
      order.push(i)
    }
    order.sort(
      (a, b) =>
        mine[a]!.arc.cycle - mine[b]!.arc.cycle ||
        arrival[a]! - arrival[b]! ||
        mine[a]!.asset - mine[b]!.asset ||
        mine[a]!.arc.supply - mine[b]!.arc.supply,
    )
    rides.set(
      line,
      order.map((i) => mine[i]!),
    )
  }
  // Other assets that could carry a (supply, line), the soonest to arrive first: the rest of a
  // fleet, whose loads the linear program gave to its first asset, among them. Only for what the
  // flows' sorties could not take. Each (supply, line)'s worked out once: every tier's flows ask.
  const others = new Map<number, Map<number, AssetArc[]>>()
  const alternatives = (supply: number, line: number) => {
    let bySupply = others.get(line)
    if (!bySupply) {
      bySupply = new Map()
      others.set(line, bySupply)
    }
    let list = bySupply.get(supply)
    if (!list) {
      list = (lineRides.get(line) ?? [])
        .filter((ride) => ride.asset >= 0 && ride.arc.supply === supply)
        .sort((a, b) => firstArrival(a) - firstArrival(b) || a.asset - b.asset)
      bySupply.set(supply, list)
    }
    return list
  }

  /** `flowing`: the tier's arcs with an asset and whole units on them, in arc order. */
  const byFlows = (cut: Cut, flowing: readonly number[], units: readonly number[]) => {
    const routes = new Map<string, { arc: Arc; loads: PackedLoad[] }>()
    for (const i of flowing) {
      const arc = model.arcs[i]!
      const key = `${String(arc.asset).padStart(9, '0')}|${arc.origin}|${arc.destination}`
      const entry = routes.get(key) ?? { arc, loads: [] }
      entry.loads.push({
        supply: arc.supply,
        line: arc.line,
        units: units[i]!,
        deadline: arc.deadline,
      })
      routes.set(key, entry)
    }
    const dropped: { load: PackedLoad; asset: number }[] = []
    const byDeadline = (a: PackedLoad, b: PackedLoad) =>
      a.deadline - b.deadline || a.line - b.line || a.supply - b.supply
    for (const key of [...routes.keys()].sort()) {
      const { arc, loads } = routes.get(key)!
      // A fleet's loads go to its first asset; what that one cannot fly in time, to the next, all
      // together so that they are packed into sorties together.
      let left = cut.place(arc, loads.sort(byDeadline))
      for (const asset of prepared.assets[arc.asset]!.fleet) {
        if (asset === arc.asset || left.length === 0) continue
        left = cut.place({ ...arc, asset }, left.sort(byDeadline))
      }
      for (const load of left) dropped.push({ load, asset: arc.asset })
    }
    // What an asset's sequence could not take, another asset with room may: the linear program
    // chose the stock for the line; whole sorties only change who carries it.
    for (const { load, asset } of dropped) {
      const tried = prepared.assets[asset]!.fleet
      let left: PackedLoad | undefined = load
      for (const ride of alternatives(load.supply, load.line)) {
        if (!left) break
        if (tried.includes(ride.asset)) continue
        left = cut.place(arcFor(ride), [{ ...left, deadline: ride.arc.deadline }])[0]
      }
    }
  }

  /** What the lines still lack, each offered whole to every stock and asset that could bring it. */
  const lineByLine = (cut: Cut, lines: readonly PreparedLine[]) => {
    // What an asset could not take from one place by a deadline, from one stock there, it cannot
    // take from another (the room and the time are the route's) until something is laid.
    const refused = new RouteRefusals()
    for (const line of lines) {
      refused.clear()
      for (const ride of rides.get(line.index) ?? []) {
        if (cut.lineLeft[line.index] === 0) break
        const { supply, deadline } = ride.arc
        if (cut.supplyLeft[supply] === 0) continue
        if (refused.has(ride.asset, ride.arc.origin, deadline)) continue
        const units = cut.lineLeft[line.index]!
        cut.place(arcFor(ride), [{ supply, line: line.index, units, deadline }])
        if (cut.lineLeft[line.index] !== units) refused.clear()
        else if (cut.supplyLeft[supply]! >= units)
          refused.add(ride.asset, ride.arc.origin, deadline)
      }
    }
  }

  /**
   * The tier's lines served visit by visit: a visit is a sortie of a fleet (or a lone asset) from
   * one place to one destination, and it carries every line of the tier there that the place's stock
   * can serve, in one load. The visit that brings the most fulfilment for the asset's minutes (in
   * bands, below) goes first (its worth worked out again when its turn comes, since other visits take stock and serve
   * lines), on the fleet's first asset whose sequence still has it arrive in time; a load whose line
   * is due too soon for that is left out and the rest tried again. It reads nothing of the flows, so
   * it does not depend on which of several optimal solutions the solver returned: where sorties, not
   * payload, run short (Noto 2024's shelters each need a twentieth of a truck), it is what keeps most.
   */
  const unitWeightG = Float64Array.from(prepared.lines, (line) => line.unitWeightG)
  const unitVolumeMl = Float64Array.from(prepared.lines, (line) => line.unitVolumeMl)
  const quantity = Float64Array.from(prepared.lines, (line) => line.quantity)
  const given = new Float64Array(prepared.lines.length)
  const taken = new Float64Array(prepared.supplies.length)
  // Each route (origin, destination) a number, and its `origin|destination`, which orders visits.
  const routeIds = new Map<string, Map<string, number>>()
  const routeKeys: string[] = []
  const routeId = (origin: string, destination: string) => {
    let byDestination = routeIds.get(origin)
    if (!byDestination) {
      byDestination = new Map()
      routeIds.set(origin, byDestination)
    }
    let id = byDestination.get(destination)
    if (id === undefined) {
      id = routeKeys.length
      routeKeys.push(`${origin}|${destination}`)
      byDestination.set(destination, id)
    }
    return id
  }
  // The route of each supply to the line `routeFor` says (each line has one destination).
  const routeOf = new Int32Array(prepared.supplies.length)
  const routeFor = new Int32Array(prepared.supplies.length).fill(-1)
  const visitByVisit = (cut: Cut, lines: readonly PreparedLine[]) => {
    // A fleet's assets are alike (reach.ts): its rides are its first asset's. A visit is a (fleet,
    // route) pair; there are a hundred thousand and more a tier on large instances, each with a
    // ride or two, so they are kept in flat arrays by number, not as an object and arrays each.
    const numbered = new Map<number, number>()
    const assetOf: number[] = []
    const routeOfVisit: number[] = []
    const cycleOf: number[] = []
    const count: number[] = []
    // The tier's rides, and each one's visit, in the order found.
    const found: Arc[] = []
    const foundIn: number[] = []
    for (const line of lines)
      for (const { asset, arc } of rides.get(line.index) ?? []) {
        if (prepared.assets[asset]!.fleet[0] !== asset) continue
        // A line has one destination: each of its supplies gives its route once.
        if (routeFor[arc.supply] !== line.index) {
          routeFor[arc.supply] = line.index
          routeOf[arc.supply] = routeId(arc.origin, arc.destination)
        }
        const route = routeOf[arc.supply]!
        const id = route * prepared.assets.length + asset
        let visit = numbered.get(id)
        if (visit === undefined) {
          visit = assetOf.length
          numbered.set(id, visit)
          assetOf.push(asset)
          routeOfVisit.push(route)
          cycleOf.push(arc.cycle)
          count.push(0)
        }
        count[visit]!++
        found.push(arc)
        foundIn.push(visit)
      }
    const n = assetOf.length
    // Each visit's rides together, in the order found: visit v's are rides[start[v]..start[v+1]).
    const start = new Int32Array(n + 1)
    for (let v = 0; v < n; v++) start[v + 1] = start[v]! + count[v]!
    const visitRides: Arc[] = new Array(found.length)
    const next = start.slice(0, n)
    found.forEach((arc, i) => {
      visitRides[next[foundIn[i]!]!++] = arc
    })
    // Soonest due first (no two alike: a fleet rides once per supply and line).
    const soonestDue = (a: Arc, b: Arc) =>
      compare(a.deadline, b.deadline) || a.line - b.line || a.supply - b.supply
    // Sorted in place by insertion: most visits have one ride or a few, and Array.prototype.sort's
    // set-up for each was a tenth of the cut's allocation at synthetic 50.
    for (let v = 0; v < n; v++)
      for (let i = start[v]! + 1; i < start[v + 1]!; i++) {
        const arc = visitRides[i]!
        let j = i - 1
        for (; j >= start[v]! && soonestDue(visitRides[j]!, arc) > 0; j--)
          visitRides[j + 1] = visitRides[j]!
        visitRides[j + 1] = arc
      }
    // What the worth of a visit reads of its rides, in typed arrays beside them: read from the
    // arcs, spread over the heap, a visit's worth was mostly waiting for memory.
    const rideLine = new Int32Array(visitRides.length)
    const rideSupply = new Int32Array(visitRides.length)
    const rideMinutes = new Float64Array(visitRides.length)
    const rideDeadline = new Float64Array(visitRides.length)
    visitRides.forEach((arc, i) => {
      rideLine[i] = arc.line
      rideSupply[i] = arc.supply
      rideMinutes[i] = arc.minutes
      rideDeadline[i] = arc.deadline
    })
    // As the key `<asset, 9 digits>|<origin>|<destination>` orders them: by asset, then by
    // `origin|destination`, which is ranked once a route, not compared as a string per pair.
    const seen = new Uint8Array(routeKeys.length)
    const used: number[] = []
    for (const route of routeOfVisit)
      if (seen[route] === 0) {
        seen[route] = 1
        used.push(route)
      }
    used.sort((a, b) =>
      routeKeys[a]! < routeKeys[b]! ? -1 : routeKeys[a]! > routeKeys[b]! ? 1 : 0,
    )
    const rank = new Int32Array(routeKeys.length)
    used.forEach((route, r) => {
      rank[route] = r
    })
    // `list[k]`: the visit k-th in that order. (asset, rank, visit) packed in one number and sorted
    // as numbers, without a comparison called per pair: the visit last, so visits alike keep the
    // order found, as a stable sort.
    const list = new Int32Array(n)
    if (Number.isSafeInteger((prepared.assets.length + 1) * (used.length + 1) * (n + 1))) {
      const order = new Float64Array(n)
      for (let v = 0; v < n; v++)
        order[v] = (assetOf[v]! * used.length + rank[routeOfVisit[v]!]!) * n + v
      order.sort()
      for (let k = 0; k < n; k++) list[k] = order[k]! % n
    } else {
      for (let v = 0; v < n; v++) list[v] = v
      list.sort(
        (a, b) => assetOf[a]! - assetOf[b]! || rank[routeOfVisit[a]!]! - rank[routeOfVisit[b]!]!,
      )
    }
    // One sortie's loads, and their worth: whole units within payload and volume, soonest due first.
    const { lineLeft, supplyLeft } = cut
    const loadOf = (k: number, loads?: PackedLoad[]) => {
      const visit = list[k]!
      const asset = prepared.assets[assetOf[visit]!]!
      const from = start[visit]!
      const to = start[visit + 1]!
      let grams = asset.payloadG
      let millilitres = asset.volumeMl
      let worth = 0
      let tonneHours = 0
      for (let i = from; i < to; i++) {
        const line = rideLine[i]!
        const supply = rideSupply[i]!
        const weight = unitWeightG[line]!
        const volume = unitVolumeMl[line]!
        const wanted = lineLeft[line]! - given[line]!
        const stock = supplyLeft[supply]! - taken[supply]!
        const units = Math.min(
          wanted,
          stock,
          weight > 0 ? Math.floor(grams / weight) : wanted,
          volume > 0 ? Math.floor(millilitres / volume) : wanted,
        )
        if (units <= 0) continue
        grams -= units * weight
        millilitres -= units * volume
        given[line]! += units
        taken[supply]! += units
        worth += units / quantity[line]!
        tonneHours += (units * weight * rideMinutes[i]!) / 6e7
        loads?.push({ supply, line, units, deadline: rideDeadline[i]! })
      }
      for (let i = from; i < to; i++) {
        given[rideLine[i]!] = 0
        taken[rideSupply[i]!] = 0
      }
      if (worth <= 0) return NONE
      // Worth per minute in bands of a factor of two (its power of two, rounded down): visits in one
      // band count as alike, and among them the fewest tonne-hours per worth goes first. On Noto
      // 2024 that kept more of every tier than the best rate alone, and fewer tonne-hours
      // (bench/RESULTS.md, sixth round).
      return Math.floor(Math.log2(worth / cycleOf[visit]!)) + 1 / (1 + tonneHours / worth)
    }
    // The visit's arc for each asset of its fleet, made once when first tried, not per try.
    const on = new Map<number, Arc[]>()
    // A max-heap of (rate, visit), the earlier visit first on a tie: the same snapshot, the same plan.
    // In two typed arrays, not a pair per entry: each visit is in it at most once (taken out before
    // it goes back), so it never holds more than the visits.
    const rates = new Float64Array(n)
    const visitsAt = new Int32Array(n)
    let size = 0
    const above = (i: number, j: number) =>
      rates[i]! > rates[j]! || (rates[i] === rates[j] && visitsAt[i]! < visitsAt[j]!)
    const swap = (i: number, j: number) => {
      const rate = rates[i]!
      rates[i] = rates[j]!
      rates[j] = rate
      const k = visitsAt[i]!
      visitsAt[i] = visitsAt[j]!
      visitsAt[j] = k
    }
    const push = (rate: number, k: number) => {
      rates[size] = rate
      visitsAt[size] = k
      size++
      for (let i = size - 1; i > 0; ) {
        const parent = (i - 1) >> 1
        if (!above(i, parent)) break
        swap(i, parent)
        i = parent
      }
    }
    const pop = () => {
      const top = visitsAt[0]!
      size--
      if (size > 0) {
        rates[0] = rates[size]!
        visitsAt[0] = visitsAt[size]!
        for (let i = 0; ; ) {
          const left = 2 * i + 1
          let best = i
          if (left < size && above(left, best)) best = left
          if (left + 1 < size && above(left + 1, best)) best = left + 1
          if (best === i) break
          swap(i, best)
          i = best
        }
      }
      return top
    }
    for (let k = 0; k < n; k++) {
      const rate = loadOf(k)
      if (rate > NONE) push(rate, k)
    }
    while (size > 0) {
      const k = pop()
      const loads: PackedLoad[] = []
      const rate = loadOf(k, loads)
      if (rate === NONE) continue
      if (size > 0 && rate < rates[0]!) {
        push(rate, k)
        continue
      }
      const visit = list[k]!
      const { fleet } = prepared.assets[assetOf[visit]!]!
      const arc = visitRides[start[visit]!]!
      let arcs = on.get(visit)
      if (!arcs) {
        arcs = []
        on.set(visit, arcs)
      }
      let placed = false
      for (let f = 0; f < fleet.length; f++) {
        arcs[f] ??= { ...arc, asset: fleet[f]! }
        let tried = loads
        while (tried.length > 0 && !placed) {
          placed = cut.place(arcs[f]!, tried).length < tried.length
          // Not in time with its soonest-due load: try without it.
          const soonest = Math.min(...tried.map((load) => load.deadline))
          tried = tried.filter((load) => load.deadline > soonest)
        }
        if (placed) break
      }
      if (!placed) continue
      const again = loadOf(k)
      if (again > NONE) push(again, k)
    }
  }

  const urgent = [...prepared.lines].sort(
    (a, b) => a.tierRank - b.tierRank || compare(a.deadline, b.deadline) || a.index - b.index,
  )
  const tierLines = tiers.map((_, rank) => urgent.filter((line) => line.tierRank === rank))
  /** The tier's ways that read no flows, each from its own copy of where the tiers above left it. */
  const waysFrom = (start: Cut, lines: readonly PreparedLine[]) => {
    const visited = start.clone()
    visitByVisit(visited, lines)
    lineByLine(visited, lines)
    const lined = start.clone()
    lineByLine(lined, lines)
    return { visited, lined }
  }
  /** The way kept: a later one only when it delivers the tier more fulfilment. */
  const best = (ways: readonly Cut[], lines: readonly PreparedLine[]) =>
    ways.reduce((kept, way) => {
      const gain = way.fulfilment(lines) - kept.fulfilment(lines)
      return gain > SAME * Math.max(1, kept.fulfilment(lines)) ? way : kept
    })
  const fresh = (supplyLeft: readonly number[], lineLeft: readonly number[]) =>
    new Cut(new Sequencer(prepared), [...supplyLeft], [...lineLeft])

  /** Per tier, the ways laid ahead and the one the guess went on from (none: not laid ahead). */
  let laidAhead: ({ visited: Cut; lined: Cut; kept: Cut } | null)[] | null = null

  const ahead = () => {
    const start = new PlanBuilder(prepared)
    let cut = fresh(start.supplyLeft, start.lineLeft)
    laidAhead = tierLines.map((lines) => {
      if (lines.length === 0) return null
      const { visited, lined } = waysFrom(cut, lines)
      cut = best([visited, lined], lines)
      return { visited, lined, kept: cut }
    })
  }

  const cut = (flows: ArrayLike<number>): PlanOutcome => {
    const plan = new PlanBuilder(prepared)
    const units = wholeUnits(prepared, model.arcs, flows)
    let local = false
    // Each tier's arcs with whole units on an asset, gathered in this one pass over the arcs, not
    // one pass a tier: there are a million arcs at synthetic 100, and few carry anything.
    const flowing: number[][] = tiers.map(() => [])
    model.arcs.forEach((arc, i) => {
      if (units[i] === 0) return
      if (arc.asset >= 0) {
        flowing[prepared.lines[arc.line]!.tierRank]!.push(i)
        return
      }
      const quantity = Math.min(units[i]!, plan.lineLeft[arc.line]!, plan.supplyLeft[arc.supply]!)
      if (quantity > 0) {
        plan.local({ supply: arc.supply, line: arc.line, units: quantity })
        local = true
      }
    })

    // Laid ahead from the supplies and lines whole: good only if nothing was delivered locally.
    let guessed = local ? null : laidAhead
    // The shortening below changes the way kept in place: what was laid ahead serves one cut.
    laidAhead = null
    let cut = fresh(plan.supplyLeft, plan.lineLeft)
    tierLines.forEach((lines, rank) => {
      if (lines.length === 0) return
      // The ways to cut the tier, in the order kept on a tie: by the flows (as the linear program's
      // fewest tonne-hours go), visit by visit, line by line; each then repaired line by line.
      const flowsCut = cut.clone()
      byFlows(flowsCut, flowing[rank]!, units)
      lineByLine(flowsCut, lines)
      const guess = guessed?.[rank] ?? null
      const { visited, lined } = guess ?? waysFrom(cut, lines)
      cut = best([flowsCut, visited, lined], lines)
      // The next tier's ways were laid from the guess's way: good only if that is the one kept.
      if (guess?.kept !== cut) guessed = null
    })

    shortenTransit(prepared, cut, rides)

    const fleet = new Fleet(prepared)
    cut.sequencer.sequences.forEach((sequence, index) => {
      const asset = prepared.assets[index]!
      const times = timeSequence(prepared, asset, sequence)
      if (!times)
        throw new Error('allocation: a kept sequence of sorties no longer arrives in time')
      sequence.forEach((sortie, i) => {
        fleet.commit(asset, sortie, times[i]!)
        // Emptied by shortenTransit but kept, as the sorties after it would not arrive in time without it.
        if (sortie.loads.length > 0) plan.sortie(asset, sortie.arc, times[i]!.depart, sortie.loads)
      })
    })

    fill(prepared, lineRides, plan, fleet)
    return plan.finish(byLine)
  }

  return { ahead, cut }
}
