/**
 * @module solver/make-plan
 * `plan(snapshot) → plan` in the calling thread: check the snapshot, build the model, solve it tier by
 * tier, cut the flows into consignments, and run the greedy baseline beside it. The server runs it
 * in a worker (worker.ts) so that a long solve does not stop it answering.
 */
import { createHash } from 'node:crypto'
import { ArcSpace, arcOf, type Arc } from '../domain/allocation/arcs.js'
import { RestrictedMaster } from '../domain/allocation/master.js'
import { type NetworkRoutes, networkRoutes, prepare } from '../domain/allocation/reach.js'
import { buildModel } from '../domain/allocation/model.js'
import {
  type Built,
  type Interpretable,
  type AllocationPlan,
  type Comparison,
  comparePlans,
  type InterpretedAhead,
  interpret,
  interpretAhead,
} from '../domain/allocation/plan.js'
import { type ModelSize, modelSize } from '../domain/allocation/linear-model.js'
import type { PlanOutcome } from '../domain/allocation/outcome.js'
import { type AllocationSnapshot, checkSnapshot } from '../domain/allocation/snapshot.js'
import { refuseProblems } from '../app/errors.js'
import type { Highs } from 'highs'
import {
  loadedSolver,
  loadSolver,
  type SolverModule,
  solveLexicographic,
  type StageOutcome,
} from './solve.js'
import type { SolverAside } from './solve-aside.js'
import { type Round, solveByColumns } from './solve-columns.js'

/**
 * How the linear program is solved: whole (every arc a column), or by column generation
 * (solve-columns.ts), which reaches the same optimum in every stage from a fraction of the arcs.
 * `auto`: column generation from COLUMNS_FROM arcs on. Below it the whole model solves in seconds,
 * and faster than by columns (bench/RESULTS.md). Where the optimum is not unique column generation
 * may end at another one; the cut no longer depends on which (cut.ts): on Noto 2024 both now give
 * 338.0 / 764.5 / 535.2 (by columns it was 734.2 of life-sustaining against 756.3 before).
 */
export type SolveMethod = 'full' | 'columns' | 'auto'
export const COLUMNS_FROM = 100_000

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
    /** Until the flows were in: with the solve aside, the interpretation ahead ran meanwhile. */
    readonly solveMs: number
    /** The interpretation done while the solver solved aside (0 when it solved in this thread). */
    readonly aheadMs: number
    readonly interpretMs: number
  }
  /** Column generation's solves, each with the model's size then (none when solved whole). */
  readonly rounds?: readonly Round[]
  readonly method: 'full' | 'columns'
  /** Whether the network's routes were kept from an earlier plan in this thread (see below). */
  readonly routesKept: boolean
  /**
   * The HiGHS WebAssembly memory the planning thread keeps after this plan: the solver's thread
   * beside it, and its own HiGHS if it loaded one (column generation). It only grows: a kept
   * worker's is the most any of its plans needed (run-in-worker.ts ends one past a limit).
   */
  readonly solverMemoryBytes: number
}

/**
 * The routes found on the last network planned on in this thread (a kept worker's: run-in-worker.ts),
 * by the network's fingerprint: a planner planning again after stock or requests changed finds its
 * routes already found — about half of the model build on Noto 2024 (bench/RESULTS.md). Any change
 * to a place, a leg or the network's parameters is another fingerprint, and the routes are found
 * again; only the last network's are kept.
 */
let lastNetwork: { readonly fingerprint: string; readonly routes: NetworkRoutes } | null = null

function routesFor(snapshot: AllocationSnapshot): { routes: NetworkRoutes; kept: boolean } {
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([snapshot.places, snapshot.legs, snapshot.network ?? null]))
    .digest('base64')
  if (lastNetwork?.fingerprint === fingerprint) return { routes: lastNetwork.routes, kept: true }
  lastNetwork = { fingerprint, routes: networkRoutes() }
  return { routes: lastNetwork.routes, kept: false }
}

/** Refuses a snapshot that does not hold together, naming the field. */
export function checkedSnapshot(snapshot: AllocationSnapshot): AllocationSnapshot {
  const problems = checkSnapshot(snapshot)
  if (problems.length > 0) refuseProblems('invalid_request', 'the planning snapshot', problems)
  return snapshot
}

/**
 * With `aside` (a solver in another thread: solve-aside.ts), a whole model is solved there
 * while this thread does the part of the interpretation that reads no flows (plan.ts,
 * `interpretAhead`): the same plan, sooner when a second CPU is free. Column generation, which
 * prices arcs in this thread between solves, solves here.
 */
export async function makePlan(
  snapshot: AllocationSnapshot,
  onProgress: (progress: PlannerProgress) => void = () => {},
  solverModule?: SolverModule,
  method: SolveMethod = 'auto',
  aside?: SolverAside,
): Promise<PlannerResult> {
  let mark = performance.now()
  const lap = () => {
    const now = performance.now()
    const ms = now - mark
    mark = now
    return ms
  }
  const checked = checkedSnapshot(snapshot)
  const network = routesFor(checked)
  const prepared = prepare(checked, network.routes)
  const space = new ArcSpace(prepared)
  // Counting the arcs works out the sortie shapes that either way then reuses. Below COLUMNS_FROM
  // the arcs counted are the whole model's, kept rather than found again; above, none is kept.
  let count = 0
  const counted: Arc[] = []
  if (method === 'auto')
    space.forEach((supply, line, asset, shape, deadline) => {
      count++
      if (count < COLUMNS_FROM) counted.push(arcOf(supply, line, asset, shape, deadline))
      else if (count === COLUMNS_FROM) counted.length = 0
    })
  const byColumns = method === 'columns' || (method === 'auto' && count >= COLUMNS_FROM)
  const master = byColumns ? new RestrictedMaster(space) : null
  let built: Interpretable
  let size: ModelSize
  let arcs: number
  let ahead: InterpretedAhead | undefined
  let aheadMs = 0
  let solveLp: () => Promise<{
    columns: ArrayLike<number>
    stages: readonly StageOutcome[]
    rounds?: readonly Round[]
  }>
  const solved = (stage: StageOutcome, k: number, of: number) =>
    onProgress({ step: 'solved', stage: k + 1, of, name: stage.name, value: stage.value })
  const solveHere = async <T>(solve: (highs: Highs) => T): Promise<T> =>
    solve(await loadSolver(solverModule))
  if (master) {
    size = { columns: master.columnCount, rows: master.rowCount, nonzeros: master.nonzeros }
    arcs = master.candidates
    solveLp = () =>
      solveHere((highs) => {
        const solution = solveByColumns(highs, master, (stage, k) => solved(stage, k, 5))
        // The plan is read from every arc: the cut, greedy and the reasons look at all of them.
        const all: Arc[] = []
        space.forEach((supply, line, asset, shape, deadline) => {
          all.push(arcOf(supply, line, asset, shape, deadline))
        })
        built = { prepared, model: { arcs: all } }
        return { ...solution, columns: master.spread(all, solution.flows) }
      })
    built = { prepared, model: { arcs: [] } }
  } else {
    const all: Arc[] = method === 'auto' ? counted : []
    if (method !== 'auto')
      space.forEach((supply, line, asset, shape, deadline) => {
        all.push(arcOf(supply, line, asset, shape, deadline))
      })
    const full: Built = { prepared, model: buildModel(prepared, all) }
    built = full
    size = modelSize(full.model.lp)
    arcs = full.model.arcs.length
    const of = full.model.lp.objectives.length
    const onStage = (stage: StageOutcome, k: number) => solved(stage, k, of)
    solveLp = aside
      ? async () => {
          const solving = aside.solve(full.model.lp, onStage)
          // Should the work below throw, the plan fails with its error, not the solve's as well.
          solving.catch(() => {})
          const started = performance.now()
          ahead = interpretAhead(full)
          aheadMs = performance.now() - started
          return solving
        }
      : () => solveHere((highs) => solveLexicographic(highs, full.model.lp, onStage))
    onProgress({ step: 'built', model: size, arcs, sortieGroups: full.model.groups.length })
  }
  const buildMs = lap()
  if (byColumns) onProgress({ step: 'built', model: size, arcs, sortieGroups: 0 })
  const solution = await solveLp()
  const solveMs = lap()
  const { plan, greedy } = interpret(built, solution.columns, ahead)
  const interpretMs = lap()
  onProgress({ step: 'interpreted' })
  // Both HiGHS heaps this plan's thread keeps: the one beside it, and its own if it loaded one.
  const solverMemoryBytes = (aside?.memoryBytes ?? 0) + (loadedSolver()?.memoryBytes ?? 0)
  return {
    plan,
    greedy,
    comparison: comparePlans(plan, greedy),
    model: size,
    stages: solution.stages,
    timings: { buildMs, solveMs, aheadMs, interpretMs },
    solverMemoryBytes,
    method: byColumns ? 'columns' : 'full',
    routesKept: network.kept,
    ...(solution.rounds ? { rounds: solution.rounds } : {}),
  }
}
