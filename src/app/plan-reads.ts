/**
 * @module app/plan-reads
 * Reading plans: one with its result (an approved plan whose consignments are all received is
 * settled as done first), the list newest first, and the model as CPLEX LP text — stage k of the
 * lexicographic solve, earlier objectives held at the optima the solve found — for checking by a
 * second solver.
 */

import { stageLp } from '../domain/allocation/lp-text.js'
import { buildAllocation } from '../domain/allocation/plan.js'
import type { PlanStatus } from '../domain/allocation/plan-life.js'
import type { AppContext } from './context.js'
import { Refusal } from './errors.js'
import { settlePlan } from './plan-approval.js'
import { planResultView, planSummary } from './plan-view.js'
import type { Planner } from './plans.js'
import type { Viewer } from './ports.js'
import { listProposals, proposalBody } from './proposals.js'

export async function getPlanView(
  ctx: AppContext,
  planner: Planner | null,
  id: string,
  viewer: Viewer,
) {
  const found = await ctx.store.getPlan(id, viewer)
  if (!found) throw new Refusal('not_found', `no plan ${id}`)
  const plan = await settlePlan(ctx, found)
  const detail = plan.status === 'running' ? null : await ctx.store.getPlanDetail(id)
  // What its approval proposed to other nodes, and what they decided (as far as pulled).
  const proposals = await listProposals(ctx, { plan: id, limit: 5000, offset: 0 }, viewer)
  return {
    ...planSummary(plan, planner?.progressOf(id) ?? null),
    result: planResultView(plan, detail),
    proposals: proposals.rows.map((view) => proposalBody(view, ctx.node.id)),
  }
}

export async function listPlanViews(
  ctx: AppContext,
  planner: Planner | null,
  filter: {
    status?: PlanStatus | undefined
    operation?: string | undefined
    sort?: string | undefined
    limit: number
    offset: number
  },
  viewer: Viewer,
) {
  const page = await ctx.store.listPlans(
    {
      ...(filter.status ? { statuses: [filter.status] } : {}),
      operation: filter.operation,
      sort: filter.sort,
      limit: filter.limit,
      offset: filter.offset,
    },
    viewer,
  )
  return {
    plans: page.rows.map((plan) => planSummary(plan, planner?.progressOf(plan.id) ?? null)),
    total: page.total,
    limit: filter.limit,
    offset: filter.offset,
  }
}

/** Stage `stage` (1-based) of the plan's model as LP text; earlier stages held at their optima. */
export async function planLp(
  ctx: AppContext,
  id: string,
  viewer: Viewer,
  stage = 1,
): Promise<string> {
  const plan = await ctx.store.getPlan(id, viewer)
  if (!plan) throw new Refusal('not_found', `no plan ${id}`)
  const detail = await ctx.store.getPlanDetail(id)
  if (!detail?.snapshot) throw new Refusal('not_found', `plan ${id} has no snapshot`)
  const { model } = buildAllocation(detail.snapshot)
  const stages = model.lp.objectives.length
  if (!(Number.isInteger(stage) && stage >= 1 && stage <= stages))
    throw new Refusal('invalid_request', `stage: a stage from 1 to ${stages}`, [
      { field: 'stage', message: `1 to ${stages}` },
    ])
  const optima = (detail.result?.stages ?? []).map((s) => s.value)
  if (stage > 1 && optima.length < stage - 1)
    throw new Refusal(
      'invalid_request',
      `stage: stage ${stage} holds the optima of the stages before it, and plan ${id} is ${plan.status}: only stage 1 can be written`,
      [{ field: 'stage', message: 'only 1 until the plan is solved' }],
    )
  return stageLp(model.lp, stage - 1, optima)
}
