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
 *
 * Assets alike (a fleet, reach.ts) have the same arcs: one arc, on the fleet's first asset, stands for
 * them all in the model; `byAsset` gives it to each of them for greedy and the cut.
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

/** How an asset would fly from an origin to a destination, whatever the load; null: it cannot. */
export interface SortieShape extends SortieLeg {
  readonly route: Route
  /** The first sortie's arrival (minutes after the start). */
  readonly arrival: number
  /** Its number in the arc space that made it (from 0, in the order made), or −1: keyed arrays, not maps. */
  readonly id: number
}

/** What a sortie shape owes to the asset's way of moving alone (reach.ts's mover: kind, speed, range). */
interface MoverShape {
  readonly route: Route
  readonly loadingPoint: string
  readonly lead: number
  readonly cycle: number
}

function moverShape(
  prepared: Prepared,
  asset: PreparedAsset,
  origin: string,
  destination: string,
): MoverShape | null {
  const route = prepared.route(asset, origin, destination)
  if (!route) return null
  const { lead, cycle, ...where } = shape(asset, origin, route)
  // The places map's own string for the place (reach.ts, `placeId`): sorties compare it often.
  const loadingPoint = prepared.places.get(where.loadingPoint)?.id ?? where.loadingPoint
  return { route, loadingPoint, lead, cycle }
}

function sortieShape(
  prepared: Prepared,
  asset: PreparedAsset,
  origin: string,
  destination: string,
  id = -1,
  /** The mover's part, when already worked out for another asset that moves alike. */
  common: MoverShape | null = asset.usable
    ? moverShape(prepared, asset, origin, destination)
    : null,
): SortieShape | null {
  if (!asset.usable || !common) return null
  const { route, loadingPoint, lead, cycle } = common
  let positioning = 0
  if (asset.base !== loadingPoint) {
    const toLoading = prepared.route(asset, asset.base, loadingPoint)
    if (!toLoading) return null
    positioning = toLoading.minutes
  }
  const leg = { loadingPoint, positioning, lead, minutes: route.minutes, cycle }
  const arrival = firstDeparture(asset, leg) + route.minutes - lead
  // A literal, not `{ ...leg, … }`: V8 makes a spread object about three times the size (measured
  // 466 against 162 bytes), and the arc space keeps one per fleet and pair of places.
  return { loadingPoint, positioning, lead, minutes: route.minutes, cycle, route, arrival, id }
}

/** The arc's deadline when the asset can carry a unit of the line in time on this sortie, or null. */
function deadlineOn(
  shape: SortieShape | null,
  supply: Supply,
  line: PreparedLine,
  asset: PreparedAsset,
): number | null {
  if (!shape) return null
  if (line.unitWeightG > asset.payloadG || line.unitVolumeMl > asset.volumeMl) return null
  const deadline = Math.min(line.deadline, supply.deadline, asset.until)
  return shape.arrival > deadline ? null : deadline
}

/** Can this asset carry this supply to this line in time? The arc's timing, or null. */
export function arcTiming(
  prepared: Prepared,
  supply: Supply,
  line: PreparedLine,
  asset: PreparedAsset,
): Timing | null {
  const shape = sortieShape(prepared, asset, supply.place, line.destination)
  const deadline = deadlineOn(shape, supply, line, asset)
  if (shape === null || deadline === null) return null
  const { loadingPoint, positioning, lead, minutes, cycle, route } = shape
  return { loadingPoint, positioning, lead, minutes, cycle, deadline, route }
}

/** The earliest the asset can leave its loading point on this leg: ready there, and not before the goods. */
export const firstDeparture = (asset: PreparedAsset, leg: SortieLeg) =>
  Math.max(asset.from + leg.positioning, leg.lead)

/**
 * What an arc is made of, before it is one: its supply and line, the fleet's first asset (null:
 * stock already at the destination), that asset's sortie shape (null when local) and its deadline.
 */
export type ArcVisitor = (
  supply: Supply,
  line: PreparedLine,
  asset: PreparedAsset | null,
  shape: SortieShape | null,
  deadline: number,
  /** The shape's id (−1 when local): pricing reads its figures from arrays by id, not the object. */
  shapeId: number,
) => void

/** A pair of places' shapes, one per leader, and each leader's first arrival and shape id. */
interface PairShapes {
  readonly shapes: readonly (SortieShape | null)[]
  /** Infinity where the leader has no shape. */
  readonly arrivals: Float64Array
  /** −1 where the leader has no shape. */
  readonly ids: Int32Array
  /** Its number among the pairs (from 0, in the order made). */
  readonly index: number
}

/**
 * Whether to pass over a (supply, line)'s arcs unvisited; `pair` is the pair of places' number
 * (`ArcSpace.pairOf`), −1 for stock already at the destination.
 */
export type BlockFilter = (supply: Supply, line: PreparedLine, pair: number) => boolean

/**
 * Every arc of a snapshot, found without building it, so that a pricing pass over millions of them
 * (column generation) keeps none: `forEach` visits them ordered by line, then supply, then asset
 * (local first). Each fleet's sortie from an origin to a destination is worked out once, kept, and
 * shared by all the lines it could serve.
 */
export class ArcSpace {
  readonly leaders: readonly PreparedAsset[]
  readonly suppliesByItem = new Map<string, Supply[]>()
  /** By origin, then destination: nested maps, not a string key per (supply, line). */
  private readonly pairs = new Map<string, Map<string, PairShapes>>()
  /** Each leader's payload, volume, end. */
  private readonly payloadG: Float64Array
  private readonly volumeMl: Float64Array
  private readonly until: Float64Array
  /** How many sortie shapes have been made (ids below this). */
  shapeCount = 0
  /**
   * By shape id: its minutes per sortie, the route's minutes and its first arrival — what pricing
   * reads for every arc, kept in order of id so that a pair's leaders sit side by side in memory.
   */
  readonly cycleOf: number[] = []
  readonly minutesOf: number[] = []
  readonly arrivalOf: number[] = []
  /** By shape id: the number of its pair of places. */
  readonly pairOf: number[] = []
  /** How many pairs of places have shapes worked out (numbers below this). */
  pairCount = 0

  constructor(readonly prepared: Prepared) {
    for (const supply of prepared.supplies) {
      const list = this.suppliesByItem.get(supply.item)
      if (list) list.push(supply)
      else this.suppliesByItem.set(supply.item, [supply])
    }
    this.leaders = prepared.assets.filter((asset) => asset.fleet[0] === asset.index)
    this.payloadG = Float64Array.from(this.leaders, (asset) => asset.payloadG)
    this.volumeMl = Float64Array.from(this.leaders, (asset) => asset.volumeMl)
    this.until = Float64Array.from(this.leaders, (asset) => asset.until)
  }

  /** The leaders' sortie shapes from an origin to a destination, in `leaders` order. */
  shapesBetween(origin: string, destination: string): readonly (SortieShape | null)[] {
    return this.pair(origin, destination).shapes
  }

  private pair(origin: string, destination: string): PairShapes {
    let from = this.pairs.get(origin)
    if (!from) {
      from = new Map()
      this.pairs.set(origin, from)
    }
    let pair = from.get(destination)
    if (!pair) {
      // Leaders that move alike share a route: worked out once per mover, not once per leader.
      const byMover = new Map<string, MoverShape | null>()
      const shapes = this.leaders.map((asset) => {
        let common = asset.usable ? byMover.get(asset.moverKey) : null
        if (common === undefined) {
          common = moverShape(this.prepared, asset, origin, destination)
          byMover.set(asset.moverKey, common)
        }
        const made = sortieShape(this.prepared, asset, origin, destination, this.shapeCount, common)
        if (made) {
          this.shapeCount++
          this.pairOf.push(this.pairCount)
          this.cycleOf.push(made.cycle)
          this.minutesOf.push(made.minutes)
          this.arrivalOf.push(made.arrival)
        }
        return made
      })
      pair = {
        shapes,
        arrivals: Float64Array.from(shapes, (shape) => shape?.arrival ?? Number.POSITIVE_INFINITY),
        ids: Int32Array.from(shapes, (shape) => shape?.id ?? -1),
        index: this.pairCount++,
      }
      from.set(destination, pair)
    }
    return pair
  }

  /** Visits the arcs of the given lines (all by default). */
  forEach(
    visit: ArcVisitor,
    lines: readonly PreparedLine[] = this.prepared.lines,
    skip?: BlockFilter,
  ): void {
    const { prepared, leaders } = this
    for (const line of lines) {
      for (const supply of this.suppliesByItem.get(line.item) ?? []) {
        if (!prepared.allowed(supply, line)) continue
        if (supply.place === line.destination) {
          if (skip?.(supply, line, -1)) continue
          if (Math.min(line.deadline, supply.deadline) >= 0)
            visit(
              supply,
              line,
              null,
              null,
              Math.min(line.deadline, supply.deadline, prepared.horizonMinutes),
              -1,
            )
          continue
        }
        const pair = this.pair(supply.place, line.destination)
        if (skip?.(supply, line, pair.index)) continue
        const { shapes: perLeader, arrivals, ids } = pair
        // deadlineOn, on plain numbers: this loop runs for every arc of every pricing pass.
        const due = Math.min(line.deadline, supply.deadline)
        for (let k = 0; k < leaders.length; k++) {
          const arrival = arrivals[k]!
          if (arrival > due || this.payloadG[k]! < line.unitWeightG) continue
          if (this.volumeMl[k]! < line.unitVolumeMl) continue
          const shape = perLeader[k]!
          const deadline = Math.min(due, this.until[k]!)
          if (shape !== null && arrival <= deadline)
            visit(supply, line, leaders[k]!, shape, deadline, ids[k]!)
        }
      }
    }
  }
}

/** The arc a visit describes. */
export function arcOf(
  supply: Supply,
  line: PreparedLine,
  asset: PreparedAsset | null,
  shape: SortieShape | null,
  deadline: number,
): Arc {
  if (asset === null || shape === null)
    return {
      supply: supply.index,
      line: line.index,
      origin: supply.place,
      asset: -1,
      destination: line.destination,
      loadingPoint: supply.place,
      minutes: 0,
      positioning: 0,
      lead: 0,
      cycle: 0,
      deadline,
      route: null,
    }
  return {
    supply: supply.index,
    line: line.index,
    origin: supply.place,
    asset: asset.index,
    destination: line.destination,
    loadingPoint: shape.loadingPoint,
    positioning: shape.positioning,
    lead: shape.lead,
    minutes: shape.minutes,
    cycle: shape.cycle,
    deadline,
    route: shape.route,
  }
}

/** Every arc, one per fleet, ordered by line, then supply, then asset (local first). */
export function findArcs(prepared: Prepared): Arc[] {
  const arcs: Arc[] = []
  new ArcSpace(prepared).forEach((supply, line, asset, shape, deadline) => {
    arcs.push(arcOf(supply, line, asset, shape, deadline))
  })
  return arcs
}

/** An arc and an asset that flies it: the arc's own, or another of its fleet. */
export interface AssetArc {
  /** The asset's index, or −1 for stock already at the destination. */
  readonly asset: number
  readonly arc: Arc
  /** The arc naming this asset when it is another of the fleet's: `arcFor` makes it once. */
  copy: Arc | null
}

/**
 * Arcs (of one line, or of lines in order) with each fleet's arc given to each of its assets, ordered
 * by line, supply and asset: what one asset at a time can fly, as if there were no fleets. An asset
 * appears once per (line, supply), however often its arc is given.
 */
export function byAsset(prepared: Prepared, arcs: readonly Arc[]): AssetArc[] {
  const out: AssetArc[] = []
  // Which block last gave each asset (the last index is stock already there): no Map per block.
  const given = new Int32Array(prepared.assets.length + 1).fill(-1)
  const block: AssetArc[] = []
  let start = 0
  for (let i = 0; i <= arcs.length; i++) {
    const arc = arcs[i]
    const first = arcs[start]
    if (arc && first && arc.line === first.line && arc.supply === first.supply) continue
    block.length = 0
    for (let k = start; k < i; k++) {
      const one = arcs[k]!
      const fleet = one.asset < 0 ? LOCAL : prepared.assets[one.asset]!.fleet
      for (const asset of fleet) {
        const slot = asset < 0 ? prepared.assets.length : asset
        if (given[slot] === start) continue
        given[slot] = start
        block.push({ asset, arc: one, copy: null })
      }
    }
    if (block.length > 1) block.sort((a, b) => a.asset - b.asset)
    for (const ride of block) out.push(ride)
    start = i
  }
  return out
}

const LOCAL = [-1]

/** Each line's arcs by asset (`byAsset`), worked out once for greedy and the cut alike. */
export function ridesByLine(
  prepared: Prepared,
  arcsByLine: ReadonlyMap<number, readonly Arc[]>,
): Map<number, AssetArc[]> {
  const rides = new Map<number, AssetArc[]>()
  for (const [line, arcs] of arcsByLine) rides.set(line, byAsset(prepared, arcs))
  return rides
}

/**
 * The arc itself for its own asset; for another of its fleet, a copy that names that one, made once
 * and kept on the ride, not in a WeakMap (the cut offers a line to the same asset's arc many times).
 */
export function arcFor(ride: AssetArc): Arc {
  if (ride.asset === ride.arc.asset) return ride.arc
  ride.copy ??= { ...ride.arc, asset: ride.asset }
  return ride.copy
}
