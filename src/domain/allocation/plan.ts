/**
 * @module domain/allocation/plan
 * `plan(snapshot) → plan` without the solver: build the model from a snapshot, and turn the solver's
 * flows into the plan — consignments, allocations, unmet quantities and why — beside the linear
 * program's bound (what it would deliver if sorties and units could be split) and the greedy
 * baseline's plan on the same snapshot.
 *
 * Plans compare lexicographically: the fulfilment of each tier in order, then fewer tonne-hours.
 * The cut (cut.ts) keeps, tier by tier, the best of the flows cut whole, the tier's visits laid one
 * by one and its lines laid whole one by one; should rounding to whole sorties still lose what a
 * whole-sortie greedy plan keeps, the plan is greedy's (`source: 'greedy'`), so it is never worse
 * than the baseline, and the loss against the bound is reported either way.
 */
import { findArcs } from './arcs.js'
import { type Cutter, cutter } from './cut.js'
import { greedyPlan, type LineArcs, lineArcs } from './greedy.js'
import { type AllocationModel, buildModel } from './model.js'
import type { PlanOutcome } from './outcome.js'
import { type Prepared, prepare } from './reach.js'
import { type AllocationSnapshot, tiers } from './snapshot.js'

export interface Built {
  readonly prepared: Prepared
  readonly model: AllocationModel
}

/** What the plan is read from: the arcs the flows are on (the full model's, or all of them). */
export interface Interpretable {
  readonly prepared: Prepared
  readonly model: Pick<AllocationModel, 'arcs'>
}

export function buildAllocation(snapshot: AllocationSnapshot): Built {
  const prepared = prepare(snapshot)
  return { prepared, model: buildModel(prepared, findArcs(prepared)) }
}

export interface TierFigures {
  readonly tier: string
  readonly delivered: number
  readonly fulfilment: number
}

export interface AllocationPlan extends PlanOutcome {
  readonly source: 'optimum' | 'greedy'
  /** The linear program's optimum: an upper bound on any plan of whole sorties. */
  readonly bound: { readonly tiers: readonly TierFigures[]; readonly tonneHours: number }
  /** Bound − plan, per tier: what whole units and whole sorties cost. */
  readonly roundingLoss: readonly TierFigures[]
}

const SAME = 1e-9

/** > 0 when `a` is better: more fulfilment in the first tier that differs, then fewer tonne-hours. */
export function lexicographic(
  a: { readonly tiers: readonly { readonly fulfilment: number }[]; readonly tonneHours: number },
  b: { readonly tiers: readonly { readonly fulfilment: number }[]; readonly tonneHours: number },
  withTransit = true,
): number {
  for (let t = 0; t < a.tiers.length; t++) {
    const difference = a.tiers[t]!.fulfilment - b.tiers[t]!.fulfilment
    if (Math.abs(difference) > SAME * Math.max(1, Math.abs(b.tiers[t]!.fulfilment)))
      return Math.sign(difference)
  }
  if (!withTransit) return 0
  const difference = b.tonneHours - a.tonneHours
  return Math.abs(difference) > SAME * Math.max(1, b.tonneHours) ? Math.sign(difference) : 0
}

/** The linear program's tier objectives and tonne-hours (model.ts) at the flows. */
export function boundOf(built: Interpretable, flows: ArrayLike<number>): AllocationPlan['bound'] {
  const { prepared, model } = built
  const delivered = tiers.map(() => 0)
  const fulfilment = tiers.map(() => 0)
  let tonneHours = 0
  model.arcs.forEach((arc, i) => {
    const line = prepared.lines[arc.line]!
    const flow = flows[i] as number
    delivered[line.tierRank] = delivered[line.tierRank]! + flow
    fulfilment[line.tierRank] = fulfilment[line.tierRank]! + flow / line.quantity
    tonneHours += flow * (line.unitWeightG / 1e6) * (arc.minutes / 60)
  })
  return {
    tiers: tiers.map((tier, t) => ({ tier, delivered: delivered[t]!, fulfilment: fulfilment[t]! })),
    tonneHours,
  }
}

/**
 * What the interpretation can do before the flows are known — the arcs by line, greedy's plan, the
 * cut's ways that read no flows (cut.ts) — so that the planner does it while the solver solves.
 */
export interface InterpretedAhead {
  readonly arcsByLine: LineArcs
  readonly greedy: PlanOutcome
  readonly cutter: Cutter
}

export function interpretAhead(built: Interpretable): InterpretedAhead {
  const { prepared, model } = built
  const arcsByLine = lineArcs(prepared, model.arcs)
  const cut = cutter(prepared, model, arcsByLine)
  cut.ahead()
  return { arcsByLine, greedy: greedyPlan(prepared, model.arcs, arcsByLine), cutter: cut }
}

/**
 * The plan from the solver's column values (arc flows first), and the greedy plan beside it; with
 * `ahead` (interpretAhead's, of the same model), the same plan with that part already done.
 */
export function interpret(
  built: Interpretable,
  columns: ArrayLike<number>,
  ahead?: InterpretedAhead,
): { plan: AllocationPlan; greedy: PlanOutcome } {
  const { prepared, model } = built
  const bound = boundOf(built, columns)
  const shared = ahead?.arcsByLine ?? lineArcs(prepared, model.arcs)
  const optimum = (ahead?.cutter ?? cutter(prepared, model, shared)).cut(columns)
  const greedy = ahead?.greedy ?? greedyPlan(prepared, model.arcs, shared)
  const chosen = lexicographic(greedy, optimum) > 0 ? greedy : optimum
  return {
    plan: {
      ...chosen,
      source: chosen === optimum ? 'optimum' : 'greedy',
      bound,
      roundingLoss: bound.tiers.map((figures, t) => ({
        tier: figures.tier,
        delivered: figures.delivered - chosen.tiers[t]!.delivered,
        fulfilment: figures.fulfilment - chosen.tiers[t]!.fulfilment,
      })),
    },
    greedy,
  }
}

export interface Comparison {
  readonly tiers: readonly {
    readonly tier: string
    readonly requested: number
    readonly plan: { readonly delivered: number; readonly fulfilment: number }
    readonly greedy: { readonly delivered: number; readonly fulfilment: number }
  }[]
  readonly tonneKm: { readonly plan: number; readonly greedy: number }
  readonly tonneHours: { readonly plan: number; readonly greedy: number }
  readonly assetsUsed: { readonly plan: number; readonly greedy: number }
  readonly sorties: { readonly plan: number; readonly greedy: number }
}

/** The plan and the spreadsheet baseline side by side. */
export function comparePlans(plan: PlanOutcome, greedy: PlanOutcome): Comparison {
  const figures = (outcome: PlanOutcome, t: number) => ({
    delivered: outcome.tiers[t]!.delivered,
    fulfilment: outcome.tiers[t]!.fulfilment,
  })
  return {
    tiers: plan.tiers.map((tier, t) => ({
      tier: tier.tier,
      requested: tier.requested,
      plan: figures(plan, t),
      greedy: figures(greedy, t),
    })),
    tonneKm: { plan: plan.tonneKm, greedy: greedy.tonneKm },
    tonneHours: { plan: plan.tonneHours, greedy: greedy.tonneHours },
    assetsUsed: { plan: plan.assetsUsed, greedy: greedy.assetsUsed },
    sorties: { plan: plan.consignments.length, greedy: greedy.consignments.length },
  }
}
