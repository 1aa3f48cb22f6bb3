/**
 * @module solver/worker
 * The planner in a worker thread: for each snapshot it is sent, builds, solves and interprets it,
 * posting progress as it goes and the result (or the refusal) at the end. The thread outlives a
 * plan (run-in-worker.ts keeps it for the next), so the next plan finds the planner's JavaScript
 * already optimised by V8, and HiGHS loaded in the solver's thread beside it (solve-aside.ts).
 * Cancel is the starter terminating the thread, which ends the solver's thread with it and frees
 * the solver's WebAssembly memory at once.
 */
import { availableParallelism } from 'node:os'
import { parentPort, workerData } from 'node:worker_threads'
import type { AllocationSnapshot } from '../domain/allocation/snapshot.js'
import { Refusal } from '../app/errors.js'
import {
  makePlan,
  type PlannerProgress,
  type PlannerResult,
  type SolveMethod,
} from './make-plan.js'
import { loadSolver, type SolverModule } from './solve.js'
import { SolverThread } from './solve-aside.js'

export interface PlannerWorkerData {
  /** HiGHS compiled by the starter: V8 shares its compiled code between the threads using it. */
  readonly solverModule?: SolverModule | undefined
}

/** What the starter sends: one snapshot to plan. */
export interface PlannerWorkerJob {
  readonly snapshot: AllocationSnapshot
  readonly method?: SolveMethod | undefined
}

export type PlannerWorkerMessage =
  | { readonly kind: 'progress'; readonly progress: PlannerProgress }
  | { readonly kind: 'done'; readonly result: PlannerResult }
  | {
      readonly kind: 'refused'
      readonly code: Refusal['code']
      readonly message: string
      readonly details: unknown
    }
  | { readonly kind: 'failed'; readonly message: string }
  /** Once, when the thread has loaded the planner, and HiGHS beside it. */
  | { readonly kind: 'ready' }

const port = parentPort
if (!port) throw new Error('solver/worker runs as a worker thread')
const post = (message: PlannerWorkerMessage) => port.postMessage(message)
const { solverModule } = workerData as PlannerWorkerData
// Whole models are solved in a thread beside this one (solve-aside.ts) when a second CPU can run
// it: started now, with HiGHS loaded there, not on the first plan, so that a worker started ahead
// of it (startPlanner) is then ready. On one CPU the two threads would only take turns, and the
// interpretation laid ahead for guesses that fail would be work lost: this thread solves.
// It loads HiGHS then, and otherwise only for a plan by column generation, which solves here.
const aside = availableParallelism() > 1 ? new SolverThread(solverModule) : undefined
void (aside?.start() ?? loadSolver(solverModule)).then(
  () => post({ kind: 'ready' }),
  () => post({ kind: 'ready' }),
)
port.on('message', ({ snapshot, method }: PlannerWorkerJob) => {
  const progress = (step: PlannerProgress) => post({ kind: 'progress', progress: step })
  makePlan(snapshot, progress, solverModule, method, aside).then(
    (result) => post({ kind: 'done', result }),
    (error: unknown) =>
      post(
        error instanceof Refusal
          ? { kind: 'refused', code: error.code, message: error.message, details: error.details }
          : { kind: 'failed', message: error instanceof Error ? error.message : String(error) },
      ),
  )
})
