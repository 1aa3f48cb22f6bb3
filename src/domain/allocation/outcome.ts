/**
 * @module domain/allocation/outcome
 * What a plan says, whoever made it (the optimum or greedy): consignments per sortie, what each line
 * gets from which lot by which asset, what stays unmet and why, and the figures that compare plans.
 *
 * Why a quantity stays unmet — each unit gets exactly one reason, judged against the stock the plan
 * leaves over (so "taken by other lines" counts as gone), in this order:
 * - `no-capacity`: that much allowed stock is left which some asset could bring in time (an arc
 *   exists), but every such asset's timeline is full — no further whole sortie arrives in time;
 * - `no-route-in-time`: beyond that, allowed stock is left, but no asset and route brings it by the
 *   needed-by, within the horizon, before the lot expires (or no route at all);
 * - `not-allowed`: beyond that, stock is left whose owners' allocation rules do not let this
 *   requester receive it;
 * - `no-stock`: beyond all stock left of the item — there was none, or other lines took it.
 */
import type { Route } from '../transport/fastest-route.js'
import { append } from './append.js'
import type { Arc } from './arcs.js'
import type { Prepared, PreparedAsset, Supply } from './reach.js'
import { tiers } from './snapshot.js'

export const unmetReasons = ['no-stock', 'not-allowed', 'no-route-in-time', 'no-capacity'] as const
export type UnmetReason = (typeof unmetReasons)[number]

export interface ConsignmentLine {
  readonly line: string
  readonly request: string
  readonly lot: string
  readonly item: string
  readonly owner: string
  readonly quantity: number
}

/** One sortie of one asset: what it carries from one origin to one destination. */
export interface PlannedConsignment {
  /** `<asset id>/<sortie number>`: the same plan gives the same ids. */
  readonly id: string
  readonly asset: string
  readonly origin: string
  readonly destination: string
  readonly route: Route
  readonly departure: string
  readonly eta: string
  readonly loadKg: number
  readonly loadM3: number
  readonly lines: readonly ConsignmentLine[]
}

export interface Allocation {
  readonly line: string
  readonly lot: string
  readonly quantity: number
  /** Null: the stock is already at the destination. */
  readonly asset: string | null
  readonly consignment: string | null
  readonly departure: string
  readonly eta: string
}

export interface Unmet {
  readonly line: string
  readonly quantity: number
  readonly reason: UnmetReason
}

export interface TierOutcome {
  readonly tier: string
  readonly lines: number
  readonly requested: number
  /** Units delivered by their needed-by (a plan only ever schedules arrivals in time). */
  readonly delivered: number
  /** Σ over the tier's lines of delivered ÷ requested. */
  readonly fulfilment: number
}

export interface PlanOutcome {
  readonly consignments: readonly PlannedConsignment[]
  readonly allocations: readonly Allocation[]
  readonly unmet: readonly Unmet[]
  readonly tiers: readonly TierOutcome[]
  readonly tonneKm: number
  readonly tonneHours: number
  readonly assetsUsed: number
}

export interface Load {
  readonly supply: number
  readonly line: number
  readonly units: number
}

/** Records sorties and local hand-overs against what is left of each lot and each line. */
export class PlanBuilder {
  readonly supplyLeft: number[]
  readonly lineLeft: number[]
  private readonly lotLeft: Map<string, number>
  private readonly consignments: PlannedConsignment[] = []
  private readonly allocations: Allocation[] = []
  private readonly sorties = new Map<number, number>()
  private tonneKm = 0
  private tonneHours = 0

  constructor(private readonly prepared: Prepared) {
    this.supplyLeft = prepared.supplies.map((s) => s.available)
    this.lineLeft = prepared.lines.map((l) => l.quantity)
    this.lotLeft = new Map(prepared.supplies.flatMap((s) => s.lots.map((l) => [l.id, l.available])))
  }

  /** Takes units from a supply's lots in id order (one supply's lots share their expiry). */
  private pick(load: Load): { lot: string; quantity: number }[] {
    const supply = this.prepared.supplies[load.supply]!
    if (load.units > this.supplyLeft[load.supply]! || load.units > this.lineLeft[load.line]!)
      throw new Error('allocation: a load exceeds what is left of its supply or line')
    this.supplyLeft[load.supply]! -= load.units
    this.lineLeft[load.line]! -= load.units
    const picks: { lot: string; quantity: number }[] = []
    let left = load.units
    for (const lot of supply.lots) {
      const take = Math.min(left, this.lotLeft.get(lot.id) ?? 0)
      if (take <= 0) continue
      this.lotLeft.set(lot.id, (this.lotLeft.get(lot.id) ?? 0) - take)
      picks.push({ lot: lot.id, quantity: take })
      left -= take
      if (left === 0) break
    }
    return picks
  }

  local(load: Load) {
    const at = this.prepared.at(0)
    for (const pick of this.pick(load))
      this.allocations.push({
        line: this.prepared.lines[load.line]!.id,
        lot: pick.lot,
        quantity: pick.quantity,
        asset: null,
        consignment: null,
        departure: at,
        eta: at,
      })
  }

  sortie(asset: PreparedAsset, arc: Arc, depart: number, loads: readonly Load[]) {
    const n = (this.sorties.get(asset.index) ?? 0) + 1
    this.sorties.set(asset.index, n)
    const id = `${asset.id}/${n}`
    const departure = this.prepared.at(depart)
    const eta = this.prepared.at(depart + arc.minutes)
    const lines: ConsignmentLine[] = []
    let grams = 0
    let millilitres = 0
    for (const load of loads) {
      const line = this.prepared.lines[load.line]!
      const owner = this.prepared.supplies[load.supply]!.owner
      grams += load.units * line.unitWeightG
      millilitres += load.units * line.unitVolumeMl
      for (const pick of this.pick(load)) {
        lines.push({
          line: line.id,
          request: line.request,
          lot: pick.lot,
          item: line.item,
          owner,
          quantity: pick.quantity,
        })
        this.allocations.push({
          line: line.id,
          lot: pick.lot,
          quantity: pick.quantity,
          asset: asset.id,
          consignment: id,
          departure,
          eta,
        })
      }
    }
    const route = arc.route as Route
    this.tonneKm += (grams / 1e6) * route.distanceKm
    this.tonneHours += (grams / 1e6) * (route.minutes / 60)
    this.consignments.push({
      id,
      asset: asset.id,
      origin: arc.origin,
      destination: arc.destination,
      route,
      departure,
      eta,
      loadKg: grams / 1000,
      loadM3: millilitres / 1e6,
      lines,
    })
  }

  /** The plan as it stands, with every unmet quantity's reason (see the module's comment). */
  finish(arcsByLine: ReadonlyMap<number, readonly Arc[]>): PlanOutcome {
    const { prepared, supplyLeft, lineLeft } = this
    const unmet: Unmet[] = []
    const suppliesByItem = new Map<string, Supply[]>()
    for (const supply of prepared.supplies) append(suppliesByItem, supply.item, supply)
    for (const line of prepared.lines) {
      let left = lineLeft[line.index]!
      if (left === 0) continue
      const reachable = new Set((arcsByLine.get(line.index) ?? []).map((arc) => arc.supply))
      let reach = 0
      let allowed = 0
      let any = 0
      for (const supply of suppliesByItem.get(line.item) ?? []) {
        const units = supplyLeft[supply.index]!
        any += units
        if (!prepared.allowed(supply, line)) continue
        allowed += units
        if (reachable.has(supply.index)) reach += units
      }
      const parts: [UnmetReason, number][] = [
        ['no-capacity', reach],
        ['no-route-in-time', allowed - reach],
        ['not-allowed', any - allowed],
        ['no-stock', Number.POSITIVE_INFINITY],
      ]
      const found = new Map<UnmetReason, number>()
      for (const [reason, room] of parts) {
        const quantity = Math.min(left, room)
        if (quantity > 0) found.set(reason, quantity)
        left -= quantity
      }
      for (const reason of unmetReasons) {
        const quantity = found.get(reason)
        if (quantity) unmet.push({ line: line.id, quantity, reason })
      }
    }
    return {
      consignments: [...this.consignments],
      allocations: [...this.allocations],
      unmet,
      tiers: tiers.map((tier, rank) => {
        const mine = prepared.lines.filter((line) => line.tierRank === rank)
        const delivered = mine.map((line) => line.quantity - lineLeft[line.index]!)
        return {
          tier,
          lines: mine.length,
          requested: mine.reduce((sum, line) => sum + line.quantity, 0),
          delivered: delivered.reduce((sum, units) => sum + units, 0),
          fulfilment: mine.reduce((sum, line, i) => sum + delivered[i]! / line.quantity, 0),
        }
      }),
      tonneKm: this.tonneKm,
      tonneHours: this.tonneHours,
      assetsUsed: this.sorties.size,
    }
  }
}

/** The arcs of each line, in arc order. */
export function arcsByLine(arcs: readonly Arc[]): Map<number, Arc[]> {
  const map = new Map<number, Arc[]>()
  for (const arc of arcs) append(map, arc.line, arc)
  return map
}
