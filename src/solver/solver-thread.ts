/**
 * @module solver/solver-thread
 * HiGHS in a thread of its own, beside the planner's (solve-aside.ts): it solves a whole model's
 * stages (solve.ts, `solveLexicographic`) while the planner's thread does the part of the
 * interpretation that reads no flows (domain/allocation/plan.ts, `interpretAhead`). One model at a
 * time; each stage is posted as it is solved, then the columns.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { LinearModel } from '../domain/allocation/linear-model.js'
import {
  loadSolver,
  SolveFailed,
  type SolverModule,
  type StageOutcome,
  solveLexicographic,
} from './solve.js'

export interface SolverThreadData {
  readonly solverModule?: SolverModule | undefined
}

export type SolverThreadMessage =
  /** HiGHS is loaded, its memory then. */
  | { readonly kind: 'ready'; readonly memoryBytes: number }
  | { readonly kind: 'stage'; readonly stage: StageOutcome; readonly index: number }
  | {
      readonly kind: 'solved'
      readonly columns: Float64Array
      readonly stages: readonly StageOutcome[]
      readonly memoryBytes: number
    }
  | { readonly kind: 'stopped'; readonly stage: string; readonly status: string }
  | { readonly kind: 'failed'; readonly message: string }

const port = parentPort
if (!port) throw new Error('solver/solver-thread runs as a worker thread')
const post = (message: SolverThreadMessage) => port.postMessage(message)
const runtime = loadSolver((workerData as SolverThreadData).solverModule)
void runtime.then(
  (highs) => post({ kind: 'ready', memoryBytes: highs.memoryBytes }),
  (error: unknown) => post({ kind: 'failed', message: `HiGHS did not load: ${String(error)}` }),
)
const solve = (model: LinearModel) =>
  runtime.then(
    (highs) => {
      try {
        const { columns, stages } = solveLexicographic(highs, model, (stage, index) =>
          post({ kind: 'stage', stage, index }),
        )
        // Copied, not transferred: the columns may be a view of the solver's own memory.
        post({ kind: 'solved', columns, stages, memoryBytes: highs.memoryBytes })
      } catch (error) {
        post(
          error instanceof SolveFailed
            ? { kind: 'stopped', stage: error.stage, status: error.status }
            : { kind: 'failed', message: error instanceof Error ? error.message : String(error) },
        )
      }
    },
    (error: unknown) => post({ kind: 'failed', message: `HiGHS did not load: ${String(error)}` }),
  )
port.on('message', (model: LinearModel) => {
  void solve(model)
})
