/**
 * @module app/plan-ports
 * What plans need from the outside: the store's plan rows (store/kysely/plan-queries.ts) and the
 * solver (solver/run-in-worker.ts `planInWorker`, wired in by the composition roots). The solver's
 * result is described here in domain terms, so that app/ never imports solver/.
 */
import type { ModelSize } from '../domain/allocation/linear-model.js'
import type { PlanOutcome } from '../domain/allocation/outcome.js'
import type { AllocationPlan, Comparison } from '../domain/allocation/plan.js'
import type { PlanMove } from '../domain/allocation/plan-moves.js'
import type { PlanRecord, PlanStatus } from '../domain/allocation/plan-life.js'
import type { AllocationSnapshot } from '../domain/allocation/snapshot.js'
import type { Page, Viewer } from './ports.js'

export interface StageFigures {
  readonly name: string
  readonly sense: 'max' | 'min'
  readonly value: number
  readonly skipped: boolean
}

export type SolverProgress =
  | { readonly step: 'built'; readonly model: ModelSize }
  | {
      readonly step: 'solved'
      readonly stage: number
      readonly of: number
      readonly name: string
    }
  | { readonly step: 'interpreted' }

export interface SolverResult {
  readonly plan: AllocationPlan
  readonly greedy: PlanOutcome
  readonly comparison: Comparison
  readonly model: ModelSize
  readonly stages: readonly StageFigures[]
  readonly timings: {
    readonly buildMs: number
    readonly solveMs: number
    readonly interpretMs: number
  }
}

export interface SolverJob {
  /** Rejects with a Refusal when the snapshot does not hold together, or an Error when the solve fails. */
  readonly result: Promise<SolverResult>
  cancel(): Promise<void>
}

/** Solves one snapshot, off the thread that answers requests. */
export type PlanSolver = (
  snapshot: AllocationSnapshot,
  onProgress: (progress: SolverProgress) => void,
) => SolverJob

/** What a solved plan keeps: the plan, the comparison with greedy, each stage's optimum, what moved. */
export interface StoredPlanResult {
  readonly plan: AllocationPlan
  readonly comparison: Comparison
  readonly stages: readonly StageFigures[]
  readonly moved: readonly PlanMove[]
}

export interface PlanDetail {
  readonly snapshot: AllocationSnapshot | null
  readonly result: StoredPlanResult | null
}

export interface PlanFilter {
  readonly statuses?: readonly PlanStatus[] | undefined
  readonly operation?: string | undefined
  /** A field of `planSortFields`, descending with a leading "-"; newest first when left out. */
  readonly sort?: string | undefined
  readonly limit: number
  readonly offset: number
}

export interface PlanReads {
  getPlan(id: string, viewer: Viewer): Promise<PlanRecord | null>
  /** The snapshot and result of a plan (the caller has read the plan itself with its viewer). */
  getPlanDetail(id: string): Promise<PlanDetail | null>
  /** Newest first. */
  listPlans(filter: PlanFilter, viewer: Viewer): Promise<Page<PlanRecord>>
}

export interface PlanWrites {
  /**
   * Inserts (expectedVersion null) or replaces a plan at `expectedVersion`; false when stale. The
   * snapshot and result are written when given and left as they are when not.
   */
  savePlan(
    plan: PlanRecord,
    detail: Partial<PlanDetail> | null,
    expectedVersion: number | null,
  ): Promise<boolean>
}
