/**
 * @module app/plan-view
 * A plan as the API and CLI show it (contract/plans.ts): the summary of every plan, and for a solved
 * one each request line with what it gets from which stock by which asset, departure and ETA, what
 * stays unmet and why, the consignments per sortie (with the consignment its approval created), the
 * bound, rounding loss, the comparison with greedy by tier, and what moved against the plan it
 * replaces.
 */
import type { PlanRecord } from '../domain/allocation/plan-life.js'
import { tiers } from '../domain/allocation/snapshot.js'
import type { PlanDetail } from './plan-ports.js'
import { stepId } from './stock.js'

export interface PlanProgressView {
  readonly step: 'snapshot' | 'built' | 'solved' | 'interpreted'
  readonly stage: number | null
  readonly of: number | null
  readonly stageName: string | null
  readonly at: string
}

export function planSummary(plan: PlanRecord, progress: PlanProgressView | null = null) {
  return {
    id: plan.id,
    home: plan.home,
    org: plan.org,
    share: plan.share,
    createdAt: plan.createdAt,
    updatedAt: plan.updatedAt,
    version: plan.version,
    status: plan.status,
    operation: plan.operation,
    note: plan.note,
    start: plan.start,
    horizonHours: plan.horizonHours,
    progress: plan.status === 'running' ? progress : null,
    failure: plan.failure,
    snapshot: plan.snapshotSummary,
    model: plan.modelSize,
    timings: plan.timings,
    source: plan.figures?.source ?? null,
    tiers: (plan.figures?.tiers ?? []).map((t) => ({
      ...t,
      tier: t.tier as (typeof tiers)[number],
    })),
    consignmentsPlanned: plan.figures?.consignmentsPlanned ?? 0,
    unmetQuantity: plan.figures?.unmetQuantity ?? 0,
    consignments: [...plan.consignments],
    replaces: plan.replaces,
    approvedAt: plan.approvedAt,
    finishedAt: plan.finishedAt,
    discardedAt: plan.discardedAt,
  }
}

type Tier = (typeof tiers)[number]
const asTier = <T extends { readonly tier: string }>(figures: T) => ({
  ...figures,
  tier: figures.tier as Tier,
})

export function planResultView(plan: PlanRecord, detail: PlanDetail | null) {
  const result = detail?.result
  const snapshot = detail?.snapshot
  if (!result || !snapshot) return null
  const outcome = result.plan
  const lots = new Map(snapshot.lots.map((lot) => [lot.id, lot]))
  const rank = (tier: string) => tiers.indexOf(tier as Tier)
  const lines = [...snapshot.lines]
    .sort((a, b) => rank(a.tier) - rank(b.tier) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((line) => {
      const allocations = outcome.allocations
        .filter((a) => a.line === line.id)
        .map((a) => ({
          lot: a.lot,
          owner: lots.get(a.lot)?.owner ?? '',
          origin: lots.get(a.lot)?.place ?? '',
          quantity: a.quantity,
          asset: a.asset,
          consignment: a.consignment,
          departure: a.departure,
          eta: a.eta,
        }))
      return {
        line: line.id,
        request: line.request,
        requester: line.requester,
        destination: line.destination,
        item: line.item,
        tier: line.tier,
        neededBy: line.neededBy,
        requested: line.quantity,
        planned: allocations.reduce((sum, a) => sum + a.quantity, 0),
        allocations,
        unmet: outcome.unmet
          .filter((u) => u.line === line.id)
          .map((u) => ({ quantity: u.quantity, reason: u.reason })),
      }
    })
  return {
    lines,
    consignments: outcome.consignments.map((c, i) => ({
      ...c,
      route: {
        ...c.route,
        steps: c.route.steps.map((step) => ({ ...step, note: step.note ?? null })),
      },
      lines: [...c.lines],
      // The approval's consignment for sortie i (none when all of it was proposed to another node).
      consignment: plan.consignments.includes(stepId(plan.id, 1 + i))
        ? stepId(plan.id, 1 + i)
        : null,
    })),
    unmet: [...outcome.unmet],
    bound: { tiers: outcome.bound.tiers.map(asTier), tonneHours: outcome.bound.tonneHours },
    roundingLoss: outcome.roundingLoss.map(asTier),
    comparison: {
      ...result.comparison,
      tiers: result.comparison.tiers.map(asTier),
    },
    tonneKm: outcome.tonneKm,
    tonneHours: outcome.tonneHours,
    assetsUsed: outcome.assetsUsed,
    moved: result.moved.map((m) => ({ ...m, change: [...m.change] })),
  }
}
