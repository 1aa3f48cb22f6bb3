/**
 * @module domain/allocation/model
 * The allocation linear program (DESIGN.md, "Allocation").
 *
 * Variables: x ≥ 0 units on each arc (supply → line by an asset, arcs.ts). Arcs with the same asset,
 * origin, destination and deadline form a *sortie group* g: they share sorties, s_g ≥ 0 of them.
 * t_{a,k} ≥ 0: the minutes asset a spends on sorties due by its k-th deadline.
 *
 * A sortie keeps its asset busy `cycle` minutes (there and back, arcs.ts); the goods arrive `tail`
 * minutes (route − lead) after the asset leaves; it leaves first at T1 = max(ready + positioning,
 * lead). fleet.ts lays every schedule, the optimum's and greedy's, by these rules.
 *
 * Constraints:
 * - supply: Σ x out of a supply ≤ its available units; line: Σ x into a line ≤ its quantity;
 * - load: payload_t · s_g ≥ Σ x · unit t and volume_m³ · s_g ≥ Σ x · unit m³ over g's arcs;
 * - one group: its n-th sortie leaves no sooner than T1 + (n − 1)·cycle and must arrive (+tail) by
 *   the deadline d, so s_g ≤ (d − tail − T1 + cycle) / cycle;
 * - time, per asset and deadline level d_k (a chain t_k = t_{k−1} + Σ_{g due at d_k} cycle_g·s_g):
 *   t_k ≤ d_k − T0 + max_{g due by d_k}(cycle_g − tail_g), with T0 the least T1 of the asset's groups.
 *   Why: sorties are flown one after another; the last one due by d_k leaves after every other one
 *   due by then has come back, and only its way out must end by d_k. So this holds for every schedule
 *   of whole sorties (it is a relaxation: moving empty between loading places is not counted), and
 *   it is exact for one route. It makes "delivered by needed-by" true of every sortie, not only the
 *   first, which one budget of hours over the horizon would not.
 *
 * When every item of a group fills the asset by the same measure (all by weight, or all by volume —
 * nearly always), s_g = Σ x · c exactly, with c the sorties one unit takes by that measure: the group
 * needs no s column and no load rows, x enters the time chain itself, and a group of one arc has its
 * sortie bound as x's bound. Lines rarely share a deadline, so most groups hold one arc, and the
 * model stays about as many columns as arcs with few rows.
 *
 * A fleet (assets alike in every figure above, reach.ts) is one asset here with n times the sorties
 * and the hours: its arcs, groups and time chain are its first asset's, and every bound is × n. The
 * linear program of a fleet has the same optimum as that of its assets apart — sum theirs to get a
 * fleet's solution, split a fleet's n ways to get theirs — with up to n times fewer columns and rows.
 *
 * Objectives, in strict order: for each tier, max Σ x / quantity over its lines (fulfilment: units
 * cancel); then min tonne-hours in transit, Σ x · unit t · route hours; then, only to choose among
 * plans equal in all of those, the earliest arrivals: min Σ x · hours until the arc's first sortie
 * can arrive — so a truck idle beside the stock carries it, not one four hours' drive away.
 *
 * Names are short and positional (x12, s3, lot4 …) so the same snapshot gives the same model and the
 * same LP text. Units are tonnes, m³ and minutes, so that a coefficient stays above the solver's 1e-9
 * drop threshold even for one gram on a 10,000-tonne ship.
 */
import { append } from './append.js'
import { type Arc, firstDeparture } from './arcs.js'
import { type LinearModel, ModelBuilder, type Objective, SparseTerms } from './linear-model.js'
import type { Prepared } from './reach.js'
import { tiers } from './snapshot.js'

export interface SortieGroup {
  readonly index: number
  readonly asset: number
  readonly origin: string
  readonly destination: string
  readonly deadline: number
  /** Its first arc: every arc of a group has the same route and timing. */
  readonly leg: Arc
  readonly arcs: readonly number[]
}

export interface AllocationModel {
  readonly lp: LinearModel
  /** Arc i is column i. */
  readonly arcs: readonly Arc[]
  readonly groups: readonly SortieGroup[]
}

export const TRANSIT_OBJECTIVE = 'tonne-hours'
export const ARRIVAL_OBJECTIVE = 'arrival-hours'

const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
// Deadlines may be Infinity: subtraction would give NaN.
const compare = (a: number, b: number) => (a < b ? -1 : a > b ? 1 : 0)
const INF = Number.POSITIVE_INFINITY

/** Arcs sharing (asset, origin, destination, deadline), ordered by those. */
function groupArcs(arcs: readonly Arc[]): SortieGroup[] {
  // Places by id order, so that groups sort by numbers; keys per arc as nested maps, not strings.
  const placeIds = new Map<string, number>()
  for (const arc of arcs)
    if (arc.asset >= 0) {
      placeIds.set(arc.origin, 0)
      placeIds.set(arc.destination, 0)
    }
  ;[...placeIds.keys()].sort(order).forEach((id, rank) => {
    placeIds.set(id, rank)
  })
  const places = placeIds.size
  const byRoute = new Map<number, Map<number, number[]>>()
  arcs.forEach((arc, i) => {
    if (arc.asset < 0) return
    const route =
      (arc.asset * places + placeIds.get(arc.origin)!) * places + placeIds.get(arc.destination)!
    let byDeadline = byRoute.get(route)
    if (!byDeadline) {
      byDeadline = new Map()
      byRoute.set(route, byDeadline)
    }
    append(byDeadline, arc.deadline, i)
  })
  const keyed: { route: number; deadline: number; members: number[] }[] = []
  for (const [route, byDeadline] of byRoute)
    for (const [deadline, members] of byDeadline) keyed.push({ route, deadline, members })
  return keyed
    .sort((p, q) => p.route - q.route || compare(p.deadline, q.deadline))
    .map(({ members }, index) => {
      const leg = arcs[members[0]!]!
      return {
        index,
        asset: leg.asset,
        origin: leg.origin,
        destination: leg.destination,
        deadline: leg.deadline,
        leg,
        arcs: members,
      }
    })
}

export function buildModel(prepared: Prepared, arcs: readonly Arc[]): AllocationModel {
  const builder = new ModelBuilder()
  // Row indices by supply and by line (−1: none), by time-chain level per asset: numbers, not keys.
  const supplyRow = new Int32Array(prepared.supplies.length).fill(-1)
  const lineRow = new Int32Array(prepared.lines.length).fill(-1)
  for (const arc of arcs) {
    supplyRow[arc.supply] = 0
    lineRow[arc.line] = 0
  }
  supplyRow.forEach((used, index) => {
    if (used === 0)
      supplyRow[index] = builder.row(`lot${index}`, -INF, prepared.supplies[index]!.available)
  })
  lineRow.forEach((used, index) => {
    if (used === 0)
      lineRow[index] = builder.row(`line${index}`, -INF, prepared.lines[index]!.quantity)
  })

  const groups = groupArcs(arcs)
  // A fleet of n alike assets flies n times the sorties and hours of one (reach.ts).
  const fleetSize = (asset: number) => prepared.assets[asset]!.fleet.length
  const sortieBound = (g: SortieGroup) => {
    const { leg } = g
    const tail = leg.minutes - leg.lead
    return (
      (fleetSize(g.asset) *
        (leg.deadline - tail - firstDeparture(prepared.assets[g.asset]!, leg) + leg.cycle)) /
      leg.cycle
    )
  }
  // Sorties per unit by weight and by volume (line.unitWeightG / asset.payloadG, and the same by
  // volume); `by` is the measure that fills first for every item.
  const by = groups.map((g) => {
    const asset = prepared.assets[g.asset]!
    let byWeight = true
    let byVolume = true
    for (const i of g.arcs) {
      const line = prepared.lines[arcs[i]!.line]!
      const weight = line.unitWeightG / asset.payloadG
      const volume = line.unitVolumeMl / asset.volumeMl
      if (!(weight >= volume)) byWeight = false
      if (!(volume >= weight)) byVolume = false
    }
    return byWeight ? 'weight' : byVolume ? 'volume' : 'both'
  })
  const groupRows = groups.map((g, k) => {
    if (by[k] === 'both')
      return { kg: builder.row(`kg${k}`, 0, INF), m3: builder.row(`m3${k}`, 0, INF), sorties: -1 }
    // One arc: its bound is a column bound; several: one row.
    return {
      kg: -1,
      m3: -1,
      sorties: g.arcs.length > 1 ? builder.row(`sorties${k}`, -INF, sortieBound(g)) : -1,
    }
  })

  // Deadline levels per asset, and the time chain's rows.
  const levels = new Map<number, number[]>()
  for (const g of groups) {
    const list = levels.get(g.asset) ?? []
    if (list[list.length - 1] !== g.deadline) list.push(g.deadline)
    levels.set(g.asset, list)
  }
  const chainRows = new Map<number, Map<number, number>>()
  const chainRow = (asset: number, deadline: number) => chainRows.get(asset)!.get(deadline)!
  for (const [asset, list] of [...levels.entries()].sort((a, b) => a[0] - b[0])) {
    const distinct = [...new Set(list)].sort((a, b) => a - b)
    levels.set(asset, distinct)
    const rows = new Map<number, number>()
    distinct.forEach((deadline, k) => {
      rows.set(deadline, builder.row(`time${asset}_${k}`, 0, 0))
    })
    chainRows.set(asset, rows)
  }

  // Arc columns.
  const groupOf = new Int32Array(arcs.length).fill(-1)
  for (const g of groups) for (const i of g.arcs) groupOf[i] = g.index
  const tierTerms = tiers.map(() => new SparseTerms())
  const transitTerms = new SparseTerms()
  const arrivalTerms = new SparseTerms()
  arcs.forEach((arc, i) => {
    const line = prepared.lines[arc.line]!
    builder.entry(supplyRow[arc.supply]!, 1)
    builder.entry(lineRow[arc.line]!, 1)
    let upper = INF
    const k = groupOf[i]!
    if (k >= 0) {
      const g = groups[k]!
      const rows = groupRows[k]!
      const asset = prepared.assets[arc.asset]!
      if (rows.kg >= 0) {
        builder.entry(rows.kg, -line.unitWeightG / 1e6)
        builder.entry(rows.m3, -line.unitVolumeMl / 1e6)
      } else {
        const perUnit =
          by[k] === 'weight'
            ? line.unitWeightG / asset.payloadG
            : line.unitVolumeMl / asset.volumeMl
        builder.entry(chainRow(arc.asset, arc.deadline), -arc.cycle * perUnit)
        if (rows.sorties >= 0) builder.entry(rows.sorties, perUnit)
        else if (perUnit > 0) upper = sortieBound(g) / perUnit
      }
      arrivalTerms.add(i, (firstDeparture(asset, arc) + arc.minutes - arc.lead) / 60)
    }
    builder.column(`x${i}`, 0, upper)
    tierTerms[line.tierRank]!.add(i, 1 / line.quantity)
    transitTerms.add(i, (line.unitWeightG / 1e6) * (arc.minutes / 60))
  })

  // Sortie columns, for groups whose items fill the asset by different measures.
  groups.forEach((g, k) => {
    const rows = groupRows[k]!
    if (rows.kg < 0) return
    const asset = prepared.assets[g.asset]!
    builder.column(`s${k}`, 0, sortieBound(g), [
      [rows.kg, asset.payloadKg / 1000],
      [rows.m3, asset.volumeM3],
      [chainRow(g.asset, g.deadline), -g.leg.cycle],
    ])
  })

  // Time chain columns: t_k enters row k (+1) and row k + 1 (−1).
  const byAsset = new Map<number, SortieGroup[]>()
  for (const g of groups) append(byAsset, g.asset, g)
  for (const [asset, list] of [...levels.entries()].sort((a, b) => a[0] - b[0])) {
    const mine = byAsset.get(asset)!
    // A loop, not Math.min(...list): an asset may have more groups than a call has arguments.
    const first = mine.reduce(
      (least, g) => Math.min(least, firstDeparture(prepared.assets[asset]!, g.leg)),
      Number.POSITIVE_INFINITY,
    )
    // Groups come by deadline within an asset's route; the running max needs them by deadline.
    const byDeadline = [...mine].sort((a, b) => a.deadline - b.deadline)
    let most = Number.NEGATIVE_INFINITY
    let next = 0
    list.forEach((deadline, k) => {
      while (next < byDeadline.length && byDeadline[next]!.deadline <= deadline) {
        const { leg } = byDeadline[next]!
        most = Math.max(most, leg.cycle - (leg.minutes - leg.lead))
        next++
      }
      const entries: [number, number][] = [[chainRow(asset, deadline), 1]]
      const after = list[k + 1]
      if (after !== undefined) entries.push([chainRow(asset, after), -1])
      builder.column(`t${asset}_${k}`, 0, fleetSize(asset) * (deadline - first + most), entries)
    })
  }

  const objectives: Objective[] = [
    ...tiers.map((tier, t) => ({ name: tier, sense: 'max' as const, ...tierTerms[t]!.vector() })),
    { name: TRANSIT_OBJECTIVE, sense: 'min', ...transitTerms.vector() },
    { name: ARRIVAL_OBJECTIVE, sense: 'min', ...arrivalTerms.vector() },
  ]
  return { lp: builder.build(objectives), arcs, groups }
}
