/**
 * @module domain/allocation/master
 * The restricted master of column generation: the allocation linear program of model.ts over some of
 * its arcs, every other arc held at zero — and the pricing that says which of the others would
 * improve it. Solving, pricing and adding until none would gives the full model's optimum, stage by
 * stage, without ever building the full model (solver/solve-columns.ts runs the loop).
 *
 * Why the restricted model is the full one with the missing arcs at zero, not a tighter one: every
 * lot and line row is there from the start, and so is every asset's time chain, its levels and
 * bounds worked out from ALL its arcs (a pass over the arc space, arcs.ts, keeping none), since
 * model.ts bounds the chain by the earliest first departure and the longest return among them.
 * Whether a group fills its asset by weight, by volume or both is decided from all the group's arcs
 * (its lines and supplies, few), so a group never changes its measure. A group of both measures has
 * its rows from its first arc. Another's sorties bound is, while the group has one arc, that arc's
 * column bound, as in model.ts; its row is made when a second arc comes (`join`). Most groups keep
 * one arc (synthetic 20: 22,003 of 27,466), and rows cost the simplex more than bounds do.
 *
 * Pricing (`price`) an arc not in the model: its reduced cost c − y·a from the row duals y of the
 * last solve — lot, line, the group's sorties (`groupDuals`: its row's dual, or the dual the row
 * would have; 0 for a group not made, whose row would not bind at zero flow) and the asset's chain
 * row at the arc's deadline. It improves when it is > 0 for a maximised stage, < 0 for a minimised
 * one. A group whose items fill the asset by weight and by volume (model.ts's s column) is priced
 * at the cheaper of its two measures — so nothing is missed however the sortie is shared — and
 * comes in whole, every arc at once, so that once there it needs no pricing.
 *
 * Earlier stages: solve.ts holds stage k's optimum by fixing what has a non-zero reduced cost or
 * dual. An arc outside the model with a non-zero reduced cost under stage k's final duals is fixed
 * at zero by the same rule, so it is priced in later stages only if its reduced cost was zero in
 * every earlier stage (`history`). An absent group of both measures is in the model by the end of
 * the first stage unless every arc of it was strictly worse at either measure, so later it is never
 * admissible.
 */
import {
  type Arc,
  type ArcSpace,
  arcOf,
  type BlockFilter,
  firstDeparture,
  type SortieShape,
} from './arcs.js'
import type { SortieLeg } from './fleet.js'
import type { PreparedAsset, PreparedLine, Supply } from './reach.js'
import { tiers } from './snapshot.js'

const INF = Number.POSITIVE_INFINITY
/** A reduced cost below this is zero, as solve.ts's face rule has it. */
const ZERO = 1e-9
const STAGES = tiers.length + 2
const TRANSIT = tiers.length

type Measure = 'weight' | 'volume' | 'both'
/** An arc as the arc space visits it, without its shape's id. */
type Visit = [Supply, PreparedLine, PreparedAsset | null, SortieShape | null, number]
/** A slot while the first pass finds it: its deadline and the measures all its arcs fill by. */
interface Slot {
  readonly deadline: number
  mask: number
}
/** Arcs a line may gain in one round of pricing: its most improving. */
const PER_LINE = 24

interface Group {
  readonly by: Measure
  /** Its number among the groups made: its sorties dual is `groupDuals(…)[id]`. */
  readonly id: number
  /** The sorties row (weight, volume) once it has two arcs, or −1. */
  row: number
  /**
   * While it has one arc (weight, volume): that arc's solver column, whose bound stands for the
   * row (model.ts does the same), and its sorties per unit; −1 once the row is made, or before.
   */
  single: number
  perUnit: number
  /** Its sorties: at most `bound` (weight, volume). */
  readonly bound: number
  /** The payload and volume rows (both), or −1. */
  readonly kg: number
  readonly m3: number
}

/** What pricing reads of a solve: HiGHS's solution has these and more. */
export interface Solved {
  readonly rowDual: ArrayLike<number>
  readonly colDual: ArrayLike<number>
  readonly colValue: ArrayLike<number>
}

/** Rows and columns to append to the solver's model, rows first; entries name rows by index. */
export interface Growth {
  readonly rows: { readonly lower: number[]; readonly upper: number[] }
  readonly columns: {
    readonly lower: number[]
    readonly upper: number[]
    readonly entries: [number, number][][]
  }
  /**
   * A group's row made when its second arc came (rows above): its first arc's column and entry in
   * it. That column's bound stood for the row; the solver lets it go — or, where a stage's optimum
   * fixed it at that bound, fixes the row at the group's bound instead (the same face).
   */
  readonly joined: { readonly row: number; readonly column: number; readonly value: number }[]
}

/** A stage's final row duals and each group's sorties dual (`groupDuals`), for the rule that holds it. */
export interface StageDuals {
  readonly stage: number
  readonly duals: ArrayLike<number>
  readonly groups: Float64Array
}

export class RestrictedMaster {
  /** The arcs in the model, in the order they came. */
  readonly arcs: Arc[] = []
  /** Per solver column: its arc's index in `arcs`, or −1 for a time or sortie column. */
  readonly columnArc: number[] = []
  /** Stages with something to optimise (a stage without terms is skipped, as solve.ts does). */
  readonly hasTerms: boolean[] = Array.from({ length: STAGES }, () => false)
  rowCount = 0
  nonzeros = 0
  /** Every arc of the full model, counted once. */
  candidates = 0
  private pending: Growth = emptyGrowth()
  /** Columns handed to the solver (`takeGrowth`): those after it are still in `pending`. */
  private taken = 0
  /** Per line, the arcs in the model: supply × (leaders + 1) + the leader's place + 1 (0: local). */
  private readonly present: Set<number>[]
  /**
   * By sortie shape and deadline, a *slot*: the group's measures (a bit mask) and its rows once
   * made. Pricing looks one up for every arc, so they are kept in arrays by shape id, not in objects
   * keyed by shape: shape id's slots are from `slotStart[id]` to `slotStart[id + 1]` (a shape has
   * few deadlines) — in order of id, so a pair's leaders, visited one after another, sit together.
   */
  private slotStart = new Int32Array(1)
  private slotDeadline = new Float64Array(0)
  private slotMask = new Uint8Array(0)
  private slotGroup: (Group | null)[] = []
  /** By pair of places (arcs.ts): whether any of its shapes has a group of both measures. */
  private pairHasBoth = new Uint8Array(0)
  /** Every chain row (`harmless`). */
  private readonly chainRowList: number[] = []
  /** Every group made, by id. */
  private readonly groups: Group[] = []
  /** By asset index: its time chain's row at each deadline level (leaders only). */
  private readonly chainRows: Map<number, number>[] = []
  /** By asset index: its place among the leaders. */
  private readonly leaderAt: Int32Array
  private readonly linesTo = new Map<string, PreparedLine[]>()
  private readonly stockAt = new Map<string, Supply[]>()

  constructor(
    readonly space: ArcSpace,
    /** Arcs each line starts with (its soonest to arrive), besides stock already there. */
    readonly initialPerLine = 3,
    /** Pass over a (supply, line) whose arcs cannot improve (`hopeless`); off only to test it. */
    readonly passOverHopeless = true,
  ) {
    const { prepared, leaders } = space
    this.leaderAt = new Int32Array(prepared.assets.length).fill(-1)
    leaders.forEach((asset, k) => {
      this.leaderAt[asset.index] = k
    })
    this.present = prepared.lines.map(() => new Set<number>())
    for (const line of prepared.lines) push(this.linesTo, line.destination, line)
    for (const supply of prepared.supplies)
      push(this.stockAt, `${supply.place}|${supply.item}`, supply)
    for (const supply of prepared.supplies) this.addRow(-INF, supply.available)
    for (const line of prepared.lines) this.addRow(-INF, line.quantity)
    this.buildChains()
    this.seed()
  }

  /** Lot row of a supply, line row of a line. */
  private lotRow = (supply: Supply) => supply.index
  private lineRow = (line: PreparedLine) => this.space.prepared.supplies.length + line.index

  private addRow(lower: number, upper: number): number {
    this.pending.rows.lower.push(lower)
    this.pending.rows.upper.push(upper)
    return this.rowCount++
  }

  private addColumn(arc: number, lower: number, upper: number, entries: [number, number][]) {
    this.pending.columns.lower.push(lower)
    this.pending.columns.upper.push(upper)
    const kept = entries.filter(([, value]) => value !== 0)
    this.nonzeros += kept.length
    this.pending.columns.entries.push(kept)
    this.columnArc.push(arc)
  }

  /** What was added since the last call. */
  takeGrowth(): Growth {
    const growth = this.pending
    this.pending = emptyGrowth()
    this.taken = this.columnArc.length
    return growth
  }

  get columnCount() {
    return this.columnArc.length
  }

  /**
   * Each asset's time chain, from all its arcs: levels at their deadlines, and model.ts's bound
   * fleet × (deadline − earliest first departure + longest return among arcs due by then).
   */
  private buildChains() {
    // By asset index: its earliest first departure, and its longest return per deadline.
    const { assets } = this.space.prepared
    const first = new Float64Array(assets.length).fill(INF)
    const longest: (Map<number, number> | undefined)[] = assets.map(() => undefined)
    let stagesLeft = STAGES
    // Shapes are numbered as they are made, not in the order their arcs come: a map while they
    // come, then a packed array (one filled out of order would turn into a slow dictionary).
    const slotsOf = new Map<number, Slot[]>()
    this.space.forEach((_supply, line, asset, shape, deadline) => {
      this.candidates++
      for (let stage = 0; stagesLeft > 0 && stage < STAGES; stage++)
        if (!this.hasTerms[stage] && this.cost(stage, line, asset, shape) !== 0) {
          this.hasTerms[stage] = true
          stagesLeft--
        }
      if (!asset || !shape) return
      // The group's measure: the measures every one of its arcs fills the asset by (model.ts).
      const weight = line.unitWeightG / asset.payloadG
      const volume = line.unitVolumeMl / asset.volumeMl
      const mask = (weight >= volume ? 1 : 0) | (volume >= weight ? 2 : 0)
      let slots = slotsOf.get(shape.id)
      if (!slots) {
        slots = []
        slotsOf.set(shape.id, slots)
      }
      const slot = find(slots, deadline)
      if (slot) slot.mask &= mask
      else slots.push({ deadline, mask })
      const departs = firstDeparture(asset, shape)
      first[asset.index] = Math.min(first[asset.index]!, departs)
      let byDeadline = longest[asset.index]
      if (!byDeadline) {
        byDeadline = new Map<number, number>()
        longest[asset.index] = byDeadline
      }
      const back = shape.cycle - (shape.minutes - shape.lead)
      byDeadline.set(deadline, Math.max(byDeadline.get(deadline) ?? -INF, back))
    })
    const shapes = this.space.shapeCount
    this.slotStart = new Int32Array(shapes + 1)
    for (let id = 0; id < shapes; id++)
      this.slotStart[id + 1] = this.slotStart[id]! + (slotsOf.get(id)?.length ?? 0)
    const count = this.slotStart[shapes]!
    this.slotDeadline = new Float64Array(count)
    this.slotMask = new Uint8Array(count)
    this.slotGroup = Array.from({ length: count }, () => null)
    this.pairHasBoth = new Uint8Array(this.space.pairCount)
    for (const [id, slots] of slotsOf)
      slots.forEach((slot, k) => {
        this.slotDeadline[this.slotStart[id]! + k] = slot.deadline
        this.slotMask[this.slotStart[id]! + k] = slot.mask
        if (!(slot.mask & 3)) this.pairHasBoth[this.space.pairOf[id]!] = 1
      })
    longest.forEach((byDeadline, index) => {
      if (!byDeadline) return
      const asset = assets[index]!
      const levels = [...byDeadline.keys()].sort((a, b) => a - b)
      const rows = new Map<number, number>()
      const rowOf = levels.map((deadline) => {
        const row = this.addRow(0, 0)
        this.chainRowList.push(row)
        rows.set(deadline, row)
        return row
      })
      let most = -INF
      levels.forEach((deadline, k) => {
        most = Math.max(most, byDeadline.get(deadline)!)
        const entries: [number, number][] = [[rowOf[k]!, 1]]
        if (k + 1 < levels.length) entries.push([rowOf[k + 1]!, -1])
        const bound = asset.fleet.length * (deadline - first[index]! + most)
        this.addColumn(-1, 0, bound, entries)
      })
      this.chainRows[index] = rows
    })
  }

  /** Each line's stock already there and its soonest arcs to arrive (the first visited on a tie). */
  private seed() {
    const soonest: { arrival: number; visit: Visit }[] = []
    let current = -1
    const flush = () => {
      for (const { visit } of soonest) this.add(...visit)
      soonest.length = 0
    }
    const keep = this.initialPerLine
    this.space.forEach((supply, line, asset, shape, deadline, id) => {
      if (line.index !== current) {
        flush()
        current = line.index
      }
      if (!asset || !shape) {
        this.add(supply, line, asset, shape, deadline)
        return
      }
      // Kept in order as they come, so that the line's arcs are never all held at once.
      const arrival = this.space.arrivalOf[id]!
      if (keep === 0 || (soonest.length === keep && arrival >= soonest[keep - 1]!.arrival)) return
      let place = soonest.length
      while (place > 0 && soonest[place - 1]!.arrival > arrival) place--
      soonest.splice(place, 0, { arrival, visit: [supply, line, asset, shape, deadline] })
      if (soonest.length > keep) soonest.pop()
    })
    flush()
  }

  /** An arc's key among its line's (small integers, which sets hash fastest). */
  private key(supply: Supply, asset: PreparedAsset | null): number {
    const at = asset ? this.leaderAt[asset.index]! + 1 : 0
    return supply.index * (this.space.leaders.length + 1) + at
  }

  private has(supply: Supply, line: PreparedLine, asset: PreparedAsset | null): boolean {
    return this.present[line.index]!.has(this.key(supply, asset))
  }

  /** The objective coefficient of an arc in a stage (model.ts's objectives). */
  cost(
    stage: number,
    line: PreparedLine,
    asset: PreparedAsset | null,
    shape: SortieLeg | null,
  ): number {
    if (stage < tiers.length) return line.tierRank === stage ? 1 / line.quantity : 0
    const minutes = shape?.minutes ?? 0
    if (stage === TRANSIT) return (line.unitWeightG / 1e6) * (minutes / 60)
    if (!asset || !shape) return 0
    return (firstDeparture(asset, shape) + shape.minutes - shape.lead) / 60
  }

  /**
   * Whether no asset's time and no sortie group can make an arc look better than its lot and line
   * alone: every chain row's dual is of the sign that makes time cost (sense · y ≤ 0), and every
   * group's sorties row's of the sign that makes sorties cost (sense · y ≥ 0). The solver's duals
   * nearly always are; when one is not, pricing visits every arc, as it always did.
   */
  private harmless(sense: number, duals: ArrayLike<number>, groups: Float64Array): boolean {
    // Written so that a dual that is not a number (none: HiGHS gives every row one) is not harmless.
    for (const row of this.chainRowList) if (!(sense * (duals[row] as number) <= 0)) return false
    for (const y of groups) if (!(sense * y >= 0)) return false
    return true
  }

  /**
   * Each group's sorties dual under a solve, by id (0 for a group of both measures: it has no
   * sorties row). A group of one arc has no row: its arc's column bound, sorties ≤ bound, stands for
   * it. The dual that row would have is the column's own reduced cost per sortie when the column is
   * at that bound — the row then takes it all and leaves the column none, a dual of the model with
   * the row that the solve is optimal for — and 0 when it is below (the row would not bind).
   */
  groupDuals(solved: Solved): Float64Array {
    const out = new Float64Array(this.groups.length)
    this.groups.forEach((group, id) => {
      if (group.row >= 0) out[id] = solved.rowDual[group.row] as number
      else if (group.single >= 0 && group.perUnit > 0) {
        const bound = group.bound / group.perUnit
        const value = solved.colValue[group.single] as number
        if (value >= bound - 1e-9 * Math.max(1, bound))
          out[id] = (solved.colDual[group.single] as number) / group.perUnit
      }
    })
    return out
  }

  /** What holds a stage's optimum for the stages after it. */
  stageDuals(stage: number, solved: Solved): StageDuals {
    return { stage, duals: solved.rowDual, groups: this.groupDuals(solved) }
  }

  /**
   * With `harmless` duals, a (supply, line)'s arcs whose reduced cost cannot pass ZERO, found without
   * visiting them: each arc's is its lot's and line's part plus the asset's time and the group's
   * sorties, which can only lower it — and, in a minimised stage, less its own cost, never negative
   * (tonne-hours, hours to arrival). Rounding keeps that order (each step is monotone), so the bound
   * holds as computed. Not for a pair of places with a group of both measures, priced apart.
   */
  private hopeless(stage: number, duals: ArrayLike<number>): BlockFilter {
    const sense = RestrictedMaster.sense(stage)
    return (supply, line, pair) => {
      if (pair >= 0 && (pair >= this.pairHasBoth.length || this.pairHasBoth[pair])) return false
      const base = (duals[this.lotRow(supply)] as number) + (duals[this.lineRow(line)] as number)
      // A tier's cost is the line's; a minimised stage's is at least 0, its best case here.
      const cost = stage < tiers.length && line.tierRank === stage ? 1 / line.quantity : 0
      return sense * (cost - base) <= ZERO
    }
  }

  /** `cost` of a visited arc from its shape's id (−1: local), read from the arc space's arrays. */
  private costOf(stage: number, line: PreparedLine, id: number): number {
    if (stage < tiers.length) return line.tierRank === stage ? 1 / line.quantity : 0
    const minutes = id < 0 ? 0 : this.space.minutesOf[id]!
    if (stage === TRANSIT) return (line.unitWeightG / 1e6) * (minutes / 60)
    return id < 0 ? 0 : this.space.arrivalOf[id]! / 60
  }

  /** Every column's coefficient in a stage's objective. */
  costs(stage: number): Float64Array {
    const out = new Float64Array(this.columnArc.length)
    const { prepared } = this.space
    this.columnArc.forEach((a, j) => {
      if (a < 0) return
      const arc = this.arcs[a]!
      const asset = arc.asset < 0 ? null : prepared.assets[arc.asset]!
      out[j] = this.cost(stage, prepared.lines[arc.line]!, asset, arc.asset < 0 ? null : arc)
    })
    return out
  }

  static sense(stage: number): 1 | -1 {
    return stage < tiers.length ? 1 : -1
  }

  /** Sorties per unit of the line on the asset, by weight and by volume. */
  private shares(line: PreparedLine, asset: PreparedAsset) {
    return { weight: line.unitWeightG / asset.payloadG, volume: line.unitVolumeMl / asset.volumeMl }
  }

  /** The arcs of a sortie group: its destination's lines and its origin's stock, due at `deadline`. */
  private members(asset: PreparedAsset, origin: string, destination: string, deadline: number) {
    const { prepared } = this.space
    const out: [Supply, PreparedLine][] = []
    for (const line of this.linesTo.get(destination) ?? []) {
      if (line.unitWeightG > asset.payloadG || line.unitVolumeMl > asset.volumeMl) continue
      for (const supply of this.stockAt.get(`${origin}|${line.item}`) ?? []) {
        if (Math.min(line.deadline, supply.deadline, asset.until) !== deadline) continue
        if (prepared.allowed(supply, line)) out.push([supply, line])
      }
    }
    return out
  }

  /** The slot of a shape's arcs due at `deadline`, in the pricing arrays. */
  private slotAt(id: number, deadline: number): number {
    const end = this.slotStart[id + 1]!
    for (let j = this.slotStart[id]!; j < end; j++) if (this.slotDeadline[j] === deadline) return j
    throw new Error(`no slot for shape ${id} at ${deadline}`)
  }

  private measure(shape: SortieShape, deadline: number): Measure {
    const mask = this.slotMask[this.slotAt(shape.id, deadline)]!
    return mask & 1 ? 'weight' : mask & 2 ? 'volume' : 'both'
  }

  private groupOf(shape: SortieShape, deadline: number): Group | undefined {
    return this.slotGroup[this.slotAt(shape.id, deadline)] ?? undefined
  }

  /** The group's row(s), made with its first arc; a group of both measures brings all its arcs. */
  private ensureGroup(
    asset: PreparedAsset,
    shape: SortieShape,
    ends: readonly [string, string],
    deadline: number,
  ): Group {
    const known = this.groupOf(shape, deadline)
    if (known) return known
    const by = this.measure(shape, deadline)
    const tail = shape.minutes - shape.lead
    const bound =
      (asset.fleet.length * (deadline - tail - firstDeparture(asset, shape) + shape.cycle)) /
      shape.cycle
    const id = this.groups.length
    let group: Group
    if (by === 'both') {
      const rows = { kg: this.addRow(0, INF), m3: this.addRow(0, INF) }
      group = { by, id, row: -1, single: -1, perUnit: 0, bound, ...rows }
      this.addColumn(-1, 0, bound, [
        [group.kg, asset.payloadKg / 1000],
        [group.m3, asset.volumeM3],
        [this.chainRows[asset.index]!.get(deadline)!, -shape.cycle],
      ])
    } else group = { by, id, row: -1, single: -1, perUnit: 0, bound, kg: -1, m3: -1 }
    this.groups.push(group)
    this.slotGroup[this.slotAt(shape.id, deadline)] = group
    if (by === 'both')
      for (const [supply, line] of this.members(asset, ...ends, deadline))
        this.add(supply, line, asset, shape, deadline)
    return group
  }

  /**
   * Whether an earlier stage leaves an arc of a group of both measures free: its group was absent
   * then, so its reduced cost was c − y(lot) − y(line) where the chain's dual was zero; where the
   * chain's dual was not, every arc of it was strictly worse (priceWhole) and stays at zero.
   */
  private admissible(
    supply: Supply,
    line: PreparedLine,
    asset: PreparedAsset,
    shape: SortieShape,
    deadline: number,
  ): boolean {
    if (this.groupOf(shape, deadline)?.by !== 'both') return true
    const chain = this.chainRows[asset.index]!.get(deadline)!
    for (const { stage, duals: y } of this.held) {
      if (Math.abs(y[chain] as number) > ZERO) return false
      const r =
        this.cost(stage, line, asset, shape) -
        (y[this.lotRow(supply)] as number) -
        (y[this.lineRow(line)] as number)
      if (Math.abs(r) > ZERO) return false
    }
    return true
  }

  /** The earlier stages' duals, while pricing. */
  private held: readonly StageDuals[] = []

  /** Adds an arc (and its group) to the model unless it is there. */
  add(
    supply: Supply,
    line: PreparedLine,
    asset: PreparedAsset | null,
    shape: SortieShape | null,
    deadline: number,
  ) {
    if (this.has(supply, line, asset)) return
    const entries: [number, number][] = [
      [this.lotRow(supply), 1],
      [this.lineRow(line), 1],
    ]
    let upper = INF
    if (asset && shape) {
      const group = this.ensureGroup(asset, shape, [supply.place, line.destination], deadline)
      // A group of both measures has added this arc with its others.
      if (this.has(supply, line, asset)) return
      if (group.by === 'both')
        entries.push([group.kg, -line.unitWeightG / 1e6], [group.m3, -line.unitVolumeMl / 1e6])
      else {
        const shares = this.shares(line, asset)
        const perUnit = group.by === 'weight' ? shares.weight : shares.volume
        entries.push([this.chainRows[asset.index]!.get(deadline)!, -shape.cycle * perUnit])
        if (group.row < 0 && group.single < 0) {
          // The group's first arc: its sorties bound is the column's bound, no row (model.ts).
          group.single = this.columnArc.length
          group.perUnit = perUnit
          if (perUnit > 0) upper = group.bound / perUnit
        } else {
          if (group.row < 0) this.join(group)
          entries.push([group.row, perUnit])
        }
      }
    }
    // An arc that comes in with its group of both measures may be one an earlier stage fixed at zero.
    const held = asset && shape && !this.admissible(supply, line, asset, shape, deadline)
    this.present[line.index]!.add(this.key(supply, asset))
    this.arcs.push(arcOf(supply, line, asset, shape, deadline))
    this.addColumn(this.arcs.length - 1, 0, held ? 0 : upper, entries)
  }

  /** Makes the sorties row of a group of one arc, as its second comes: see `Growth.joined`. */
  private join(group: Group) {
    group.row = this.addRow(-INF, group.bound)
    const column = group.single
    group.single = -1
    if (group.perUnit === 0) return
    this.nonzeros++
    if (column < this.taken) {
      this.pending.joined.push({ row: group.row, column, value: group.perUnit })
      return
    }
    // Not yet in the solver: the column itself changes.
    const at = column - this.taken
    this.pending.columns.entries[at]!.push([group.row, group.perUnit])
    this.pending.columns.upper[at] = INF
  }

  /**
   * An arc of an absent group of both measures: whether its group must come in. Its rows' duals are
   * free to share the chain's between payload and volume, so the arc is priced at the cheaper and at
   * the dearer measure. Where the chain's dual is zero the measure does not matter and the arc is
   * priced (and held) as any other; where it is not, the group comes in unless the arc is strictly
   * worse at both — so an absent group stays out of every later stage in which its chain had a value.
   */
  private priceWhole(
    stage: number,
    [line, asset, shape]: [PreparedLine, PreparedAsset, SortieShape],
    shares: { weight: number; volume: number },
    chain: number,
    base: (y: ArrayLike<number>) => number,
    duals: ArrayLike<number>,
    history: readonly StageDuals[],
  ): boolean {
    for (const held of history) {
      if (Math.abs(held.duals[chain] as number) > ZERO) return false
      const r = this.cost(held.stage, line, asset, shape) - base(held.duals)
      if (Math.abs(r) > ZERO) return false
    }
    const sense = RestrictedMaster.sense(stage)
    const y = duals[chain] as number
    const reduced = this.cost(stage, line, asset, shape) - base(duals)
    const r = Math.max(
      sense * (reduced + shape.cycle * shares.weight * y),
      sense * (reduced + shape.cycle * shares.volume * y),
    )
    return Math.abs(y) > ZERO ? r > -ZERO : r > ZERO
  }

  /** The master's flows laid on a full list of arcs (findArcs'): zero where an arc never came in. */
  spread(arcs: readonly Arc[], flows: ArrayLike<number>): Float64Array {
    // Keyed per line by (supply, asset) as numbers: a string per arc cost more than the lookup.
    const assets = this.space.prepared.assets.length + 1
    const at = this.space.prepared.lines.map(() => null as Map<number, number> | null)
    this.arcs.forEach((arc, i) => {
      let byArc = at[arc.line]
      if (!byArc) {
        byArc = new Map()
        at[arc.line] = byArc
      }
      byArc.set(arc.supply * assets + arc.asset + 1, i)
    })
    const out = new Float64Array(arcs.length)
    arcs.forEach((arc, j) => {
      const i = at[arc.line]?.get(arc.supply * assets + arc.asset + 1)
      if (i !== undefined) out[j] = flows[i] as number
    })
    return out
  }

  /**
   * Prices every arc outside the model against the last solve's row duals and adds, per line, the
   * few that improve most (and any group of both measures that might). Returns how many columns
   * came in: 0 means the model's optimum is the full model's.
   */
  price(stage: number, solved: Solved, history: readonly StageDuals[]): number {
    this.held = history
    const duals = solved.rowDual
    const groupDuals = this.groupDuals(solved)
    const before = this.columnArc.length
    const chosen: Visit[] = []
    const whole: Visit[] = []
    const sense = RestrictedMaster.sense(stage)
    const rounds = history.length
    const heldDuals = history.map((held) => held.duals)
    const heldGroups = history.map((held) => held.groups)
    // The current line's best few, most improving first; arcs come line by line.
    const best: { r: number; visit: Visit }[] = []
    // What stays the same along a line, and along a (line, supply): worked out once, not per arc.
    let current = -1
    let present: Set<number> = new Set()
    let lineDual = 0
    const heldLine = new Float64Array(rounds)
    let lastSupply = -1
    let base = 0
    const heldBase = new Float64Array(rounds)
    // Per leader: the chain row at the deadline last asked (arcs of a line mostly share theirs).
    const askedAt = new Float64Array(this.leaderAt.length).fill(Number.NaN)
    const rowAt = new Int32Array(this.leaderAt.length)
    const flush = () => {
      for (const { visit } of best) chosen.push(visit)
      best.length = 0
    }
    const leaders = this.space.leaders.length + 1
    const { cycleOf } = this.space
    this.space.forEach(
      (supply, line, asset, shape, deadline, id) => {
        if (line.index !== current) {
          flush()
          current = line.index
          present = this.present[current]!
          const own = this.lineRow(line)
          lineDual = duals[own] as number
          for (let h = 0; h < rounds; h++) heldLine[h] = heldDuals[h]![own] as number
          lastSupply = -1
        }
        const at = asset ? this.leaderAt[asset.index]! + 1 : 0
        if (present.has(supply.index * leaders + at)) return
        if (supply.index !== lastSupply) {
          lastSupply = supply.index
          const lot = this.lotRow(supply)
          base = (duals[lot] as number) + lineDual
          for (let h = 0; h < rounds; h++)
            heldBase[h] = (heldDuals[h]![lot] as number) + heldLine[h]!
        }
        // The arc's column: lot and line rows 1, the chain row `chainBy`, the group's sorties
        // `groupBy` (`group` is its id: its dual is in `groupDuals`, none for a group made since).
        let chain = -1
        let chainBy = 0
        let group = -1
        let groupBy = 0
        if (asset && shape) {
          const a = asset.index
          if (askedAt[a] !== deadline) {
            askedAt[a] = deadline
            rowAt[a] = this.chainRows[a]!.get(deadline)!
          }
          chain = rowAt[a]!
          const j = this.slotAt(id, deadline)
          const mask = this.slotMask[j]!
          // The group's rows, if it has been made.
          const made = this.slotGroup[j]!
          // A group's measure is its mask's (ensureGroup): weight, else volume, else both.
          if (!(mask & 3)) {
            // Absent (a present one has all its arcs): see `priceWhole`.
            const lot = this.lotRow(supply)
            const own = this.lineRow(line)
            const base = (y: ArrayLike<number>) => (y[lot] as number) + (y[own] as number)
            const shares = this.shares(line, asset)
            if (this.priceWhole(stage, [line, asset, shape], shares, chain, base, duals, history))
              whole.push([supply, line, asset, shape, deadline])
            return
          }
          const perUnit =
            mask & 1 ? line.unitWeightG / asset.payloadG : line.unitVolumeMl / asset.volumeMl
          chainBy = -cycleOf[id]! * perUnit
          if (made) {
            group = made.id
            groupBy = perUnit
          }
        }
        for (let h = 0; h < rounds; h++) {
          const y = heldDuals[h]!
          const g = heldGroups[h]!
          const r =
            this.costOf(history[h]!.stage, line, id) -
            (heldBase[h]! +
              (chain >= 0 ? chainBy * (y[chain] as number) : 0) +
              (group >= 0 && group < g.length ? groupBy * g[group]! : 0))
          if (r > ZERO || r < -ZERO) return
        }
        const r =
          sense *
          (this.costOf(stage, line, id) -
            (base +
              (chain >= 0 ? chainBy * (duals[chain] as number) : 0) +
              (group >= 0 ? groupBy * groupDuals[group]! : 0)))
        if (r <= ZERO) return
        if (best.length === PER_LINE && r <= best[PER_LINE - 1]!.r) return
        let place = best.length
        while (place > 0 && best[place - 1]!.r < r) place--
        best.splice(place, 0, { r, visit: [supply, line, asset, shape, deadline] })
        if (best.length > PER_LINE) best.pop()
      },
      this.space.prepared.lines,
      this.passOverHopeless && this.harmless(sense, duals, groupDuals)
        ? this.hopeless(stage, duals)
        : undefined,
    )
    flush()
    for (const visit of chosen) this.add(...visit)
    for (const visit of whole) this.add(...visit)
    return this.columnArc.length - before
  }
}

function emptyGrowth(): Growth {
  return {
    rows: { lower: [], upper: [] },
    columns: { lower: [], upper: [], entries: [] },
    joined: [],
  }
}

function find(slots: readonly Slot[], deadline: number): Slot | undefined {
  for (const slot of slots) if (slot.deadline === deadline) return slot
  return undefined
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}
