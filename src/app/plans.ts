/**
 * @module app/plans
 * Allocation plans (DESIGN.md, "Allocation"): a run reads the snapshot the planner's organisation may
 * use (plan-snapshot.ts), stores the plan as `running`, and solves it off the request thread (the
 * PlanSolver port: a worker). One plan runs at a time per process — a second start is refused naming
 * the running one. Progress is kept in memory while it runs; the result (or why it failed) is stored
 * when it ends and the plan becomes `draft`. The same snapshot always gives the same plan. Approval
 * and discarding are in plan-approval.ts.
 */
import { type PlanRecord, transitionPlan } from '../domain/allocation/plan-life.js'
import { type LineAllocation, movedLines } from '../domain/allocation/plan-moves.js'
import { type Actor, actorLabel } from '../domain/records/record.js'
import type { AppContext } from './context.js'
import { Refusal } from './errors.js'
import type { PlanSolver, SolverJob, SolverProgress, SolverResult } from './plan-ports.js'
import { buildPlanSnapshot, type PlanSnapshot } from './plan-snapshot.js'
import type { PlanProgressView } from './plan-view.js'
import type { StoreWrites } from './ports.js'
import { refuseReplica } from './replicas.js'

export interface NewPlan {
  readonly id?: string | undefined
  readonly operation?: string | null | undefined
  readonly horizonHours: number
  readonly start?: string | undefined
  readonly note?: string | null | undefined
}

interface Run {
  readonly id: string
  job: SolverJob | null
  cancelledBy: Actor | null
  finished: Promise<void>
}

/** Writes a plan's new state at the version read, with its event, in one transaction. */
export async function writePlan(
  tx: StoreWrites,
  actor: Actor,
  now: string,
  before: PlanRecord | null,
  next: PlanRecord,
  detail: Parameters<StoreWrites['savePlan']>[1],
  kind: string,
  body: Record<string, unknown>,
): Promise<void> {
  if (!(await tx.savePlan(next, detail, before?.version ?? null)))
    throw new Refusal('version_conflict', `plan ${next.id} changed meanwhile: reload it`)
  await tx.appendEvents(now, actorLabel(actor), [
    { kind, subject: next.id, body: { status: next.status, ...body }, share: next.share },
  ])
}

/** A plan the actor's organisation may act on: its own, made on this node. */
export async function ownPlan(ctx: AppContext, actor: Actor, id: string): Promise<PlanRecord> {
  const plan = await ctx.store.getPlan(id, { org: actor.org })
  if (!plan) throw new Refusal('not_found', `no plan ${id}`)
  await refuseReplica(ctx, plan, `plan ${id}`, ctx.store)
  if (plan.org !== actor.org && actor.kind !== 'cli' && actor.kind !== 'system')
    throw new Refusal(
      'forbidden',
      'a plan is run, approved and discarded by the organisation that made it',
    )
  return plan
}

function progressView(progress: SolverProgress, at: string): PlanProgressView {
  if (progress.step === 'solved')
    return { step: 'solved', stage: progress.stage, of: progress.of, stageName: progress.name, at }
  return { step: progress.step, stage: null, of: null, stageName: null, at }
}

export class Planner {
  private run: Run | null = null
  private readonly progress = new Map<string, PlanProgressView>()

  /** `solve` null: this process has no solver (plans fail at once, saying so). */
  constructor(
    private readonly ctx: AppContext,
    private readonly solve: PlanSolver | null,
  ) {}

  progressOf(id: string): PlanProgressView | null {
    return this.progress.get(id) ?? null
  }

  /** Resolves once the plan running now, if any, has been stored. */
  async idle(): Promise<void> {
    await this.run?.finished
  }

  /** Stops the running plan (it is stored as cancelled): the process is closing. */
  async close(): Promise<void> {
    const run = this.run
    if (!run) return
    run.cancelledBy = { kind: 'system', id: 'system', org: this.ctx.node.org }
    await run.job?.cancel()
    await run.finished
  }

  async start(
    actor: Actor,
    input: NewPlan,
    onProgress?: (progress: PlanProgressView) => void,
  ): Promise<{ result: 'started' | 'exists'; plan: PlanRecord }> {
    const { ctx } = this
    const id = input.id ?? ctx.ids.newId()
    const existing = await ctx.store.getPlan(id, null)
    if (existing) {
      if (existing.org === actor.org) return { result: 'exists', plan: existing }
      throw new Refusal('exists_with_different_fields', `a plan with id ${id} already exists`, {
        id,
      })
    }
    if (this.run)
      throw new Refusal(
        'invalid_transition',
        `plan ${this.run.id} is running on this node: wait for it to finish or cancel it (POST /api/plans/${this.run.id}/cancel)`,
        { running: this.run.id },
      )
    const operation = input.operation ?? null
    if (operation && !(await ctx.store.getOperation(operation, { org: actor.org })))
      throw new Refusal('unknown_reference', `operation: no operation ${operation}`, [
        { field: 'operation', message: 'unknown operation' },
      ])
    const run: Run = { id, job: null, cancelledBy: null, finished: Promise.resolve() }
    this.run = run
    let plan: PlanRecord
    let built: PlanSnapshot
    try {
      const began = performance.now()
      const now = ctx.clock.now().toISOString()
      const start = input.start ? new Date(input.start).toISOString() : now
      built = await buildPlanSnapshot(ctx, {
        org: actor.org,
        operation,
        start,
        horizonHours: input.horizonHours,
      })
      plan = {
        id,
        home: ctx.node.id,
        // The snapshot holds stock released to this organisation only: so does the plan.
        org: actor.org,
        share: 'own',
        createdAt: now,
        updatedAt: now,
        version: 1,
        status: 'running',
        operation,
        note: input.note ?? null,
        start,
        horizonHours: input.horizonHours,
        snapshotSummary: built.summary,
        figures: null,
        failure: null,
        consignments: [],
        released: built.released.map((c) => c.id),
        replaces: built.replaces?.id ?? null,
        modelSize: null,
        timings: {
          snapshotMs: performance.now() - began,
          buildMs: null,
          solveMs: null,
          interpretMs: null,
        },
        approvedAt: null,
        finishedAt: null,
        discardedAt: null,
      }
      const record = plan
      await ctx.store.transact((tx) =>
        writePlan(tx, actor, now, null, record, { snapshot: built.snapshot }, 'plan.started', {
          operation,
          start,
          horizonHours: input.horizonHours,
          snapshot: built.summary,
          released: record.released,
          replaces: record.replaces,
        }),
      )
    } catch (error) {
      this.run = null
      throw error
    }
    const report = (progress: PlanProgressView) => {
      this.progress.set(id, progress)
      onProgress?.(progress)
    }
    report({ step: 'snapshot', stage: null, of: null, stageName: null, at: plan.createdAt })
    run.finished = this.solveAndStore(actor, plan, built, run, report).finally(() => {
      this.run = null
      this.progress.delete(id)
    })
    if (!this.solve) {
      // Nothing runs in the background: the plan is answered as it was stored, failed.
      await run.finished
      return { result: 'started', plan: (await ctx.store.getPlan(id, null)) ?? plan }
    }
    return { result: 'started', plan }
  }

  private async solveAndStore(
    actor: Actor,
    plan: PlanRecord,
    built: PlanSnapshot,
    run: Run,
    report: (progress: PlanProgressView) => void,
  ): Promise<void> {
    let outcome: { ok: SolverResult } | { error: unknown }
    if (!this.solve)
      outcome = { error: new Refusal('invalid_request', 'this server has no solver') }
    else {
      run.job = this.solve(built.snapshot, (p) =>
        report(progressView(p, this.ctx.clock.now().toISOString())),
      )
      outcome = await run.job.result.then(
        (ok) => ({ ok }),
        (error: unknown) => ({ error }),
      )
    }
    try {
      if ('ok' in outcome) await this.storeDraft(plan, outcome.ok)
      else await this.storeEnd(run.cancelledBy ?? actor, plan, run.cancelledBy, outcome.error)
    } catch (error) {
      // Storing the result failed: say so on the plan if the store still answers; if it does not
      // (it is closing), what is stored stands.
      await this.storeEnd(actor, plan, null, error).catch(() => {})
    }
  }

  private async storeDraft(plan: PlanRecord, solved: SolverResult): Promise<void> {
    const { ctx } = this
    const outcome = solved.plan
    const moved = await this.movedSince(plan, outcome.allocations)
    const system: Actor = { kind: 'system', id: 'system', org: plan.org }
    await ctx.store.transact(async (tx) => {
      const current = await tx.getPlan(plan.id, null)
      if (current?.status !== 'running') return
      const now = ctx.clock.now().toISOString()
      const next: PlanRecord = {
        ...current,
        status: 'draft',
        figures: {
          source: outcome.source,
          tiers: outcome.tiers,
          consignmentsPlanned: outcome.consignments.length,
          unmetQuantity: outcome.unmet.reduce((sum, u) => sum + u.quantity, 0),
        },
        modelSize: solved.model,
        timings: { snapshotMs: current.timings?.snapshotMs ?? 0, ...solved.timings },
        finishedAt: now,
        updatedAt: now,
        version: current.version + 1,
      }
      const result = { plan: outcome, comparison: solved.comparison, stages: solved.stages, moved }
      await writePlan(tx, system, now, current, next, { result }, 'plan.drafted', {
        figures: next.figures,
        model: next.modelSize,
        moved: moved.length,
      })
    })
  }

  private async storeEnd(
    actor: Actor,
    plan: PlanRecord,
    cancelledBy: Actor | null,
    error: unknown,
  ): Promise<void> {
    const { ctx } = this
    const failure = cancelledBy
      ? { code: 'cancelled', message: `cancelled by ${actorLabel(cancelledBy)}` }
      : error instanceof Refusal
        ? { code: error.code, message: error.message }
        : {
            code: 'solver_failed',
            message: error instanceof Error ? error.message : 'the solver stopped',
          }
    await ctx.store.transact(async (tx) => {
      const current = await tx.getPlan(plan.id, null)
      if (current?.status !== 'running') return
      const move = transitionPlan(current.status, cancelledBy ? 'cancel' : 'fail')
      if (!move.ok) return
      const now = ctx.clock.now().toISOString()
      const next: PlanRecord = {
        ...current,
        status: move.status,
        failure,
        finishedAt: now,
        updatedAt: now,
        version: current.version + 1,
      }
      await writePlan(tx, actor, now, current, next, null, `plan.${move.status}`, { failure })
    })
  }

  /** The lines whose plan changed against the approved plan this one re-plans. */
  private async movedSince(plan: PlanRecord, after: readonly LineAllocation[]) {
    if (!plan.replaces) return []
    const [previous, detail, own] = await Promise.all([
      this.ctx.store.getPlan(plan.replaces, null),
      this.ctx.store.getPlanDetail(plan.replaces),
      this.ctx.store.getPlanDetail(plan.id),
    ])
    if (!previous || !detail?.result || !own?.snapshot) return []
    const released = new Set(plan.released)
    // Only what this plan could change: the sorties of the previous plan still only planned.
    const sorties = new Set(
      detail.result.plan.consignments.flatMap((c, i) =>
        released.has(previous.consignments[i] ?? '') ? [c.id] : [],
      ),
    )
    const before = detail.result.plan.allocations.filter(
      (a) => a.consignment !== null && sorties.has(a.consignment),
    )
    const lines = new Map(own.snapshot.lines.map((l) => [l.id, l]))
    return movedLines(before, after, lines)
  }

  /** Cancels a running plan: the solver stops and the plan is stored as cancelled. */
  async cancel(actor: Actor, id: string): Promise<PlanRecord> {
    const plan = await ownPlan(this.ctx, actor, id)
    if (plan.status === 'cancelled') return plan
    const move = transitionPlan(plan.status, 'cancel')
    if (!move.ok) throw new Refusal('invalid_transition', move.reason, { allowed: move.allowed })
    const run = this.run
    if (run?.id === id) {
      run.cancelledBy = actor
      await run.job?.cancel()
      await run.finished
    } else {
      // Running in no process here (it stopped with its server): recorded as cancelled.
      await this.storeEnd(actor, plan, actor, null)
    }
    return (await this.ctx.store.getPlan(id, null)) ?? plan
  }
}
