/**
 * @module solver/make-plan
 * `plan(snapshot) → plan` in the calling thread: check the snapshot, build the model, solve it tier by
 * tier, cut the flows into consignments, and run the greedy baseline beside it. The server runs it
 * in a worker (worker.ts) so that a long solve does not stop it answering.
 */
import {
  type Built,
  buildAllocation,
  type AllocationPlan,
  type Comparison,
  comparePlans,
  interpret,
} from '../domain/allocation/plan.js'
import { type ModelSize, modelSize } from '../domain/allocation/linear-model.js'
import type { PlanOutcome } from '../domain/allocation/outcome.js'
import { type AllocationSnapshot, checkSnapshot } from '../domain/allocation/snapshot.js'
import { refuseProblems } from '../app/errors.js'
import { loadSolver, type SolverModule, solveLexicographic, type StageOutcome } from './solve.js'

export type PlannerProgress =
  | {
      readonly step: 'built'
      readonly model: ModelSize
      readonly arcs: number
      readonly sortieGroups: number
    }
  | {
      readonly step: 'solved'
      readonly stage: number
      readonly of: number
      readonly name: string
      readonly value: number
    }
  | { readonly step: 'interpreted' }

export interface PlannerResult {
  readonly plan: AllocationPlan
  readonly greedy: PlanOutcome
  readonly comparison: Comparison
  readonly model: ModelSize
  readonly stages: readonly StageOutcome[]
  /** Wall-clock milliseconds of each step: for reports, not part of the plan. */
  readonly timings: {
    readonly buildMs: number
    readonly solveMs: number
    readonly interpretMs: number
  }
  /**
   * The solver's WebAssembly memory after solving. It only grows: its peak so far in this thread —
   * in a worker (one per plan), this plan's. For reports, like the timings.
   */
  readonly solverMemoryBytes?: number
}

/** Refuses a snapshot that does not hold together, naming the field. */
export function checkedSnapshot(snapshot: AllocationSnapshot): AllocationSnapshot {
  const problems = checkSnapshot(snapshot)
  if (problems.length > 0) refuseProblems('invalid_request', 'the planning snapshot', problems)
  return snapshot
}

export async function makePlan(
  snapshot: AllocationSnapshot,
  onProgress: (progress: PlannerProgress) => void = () => {},
  solverModule?: SolverModule,
): Promise<PlannerResult> {
  const highs = await loadSolver(solverModule)
  let mark = performance.now()
  const lap = () => {
    const now = performance.now()
    const ms = now - mark
    mark = now
    return ms
  }
  const built: Built = buildAllocation(checkedSnapshot(snapshot))
  const size = modelSize(built.model.lp)
  const buildMs = lap()
  onProgress({
    step: 'built',
    model: size,
    arcs: built.model.arcs.length,
    sortieGroups: built.model.groups.length,
  })
  const of = built.model.lp.objectives.length
  const solution = solveLexicographic(highs, built.model.lp, (stage, k) =>
    onProgress({ step: 'solved', stage: k + 1, of, name: stage.name, value: stage.value }),
  )
  const solveMs = lap()
  const solverMemoryBytes = highs.memoryBytes
  const { plan, greedy } = interpret(built, solution.columns)
  const interpretMs = lap()
  onProgress({ step: 'interpreted' })
  return {
    plan,
    greedy,
    comparison: comparePlans(plan, greedy),
    model: size,
    stages: solution.stages,
    timings: { buildMs, solveMs, interpretMs },
    solverMemoryBytes,
  }
}
