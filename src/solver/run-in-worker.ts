/**
 * @module solver/run-in-worker
 * Starts solver/worker for one snapshot: progress comes back as it happens, the result as a
 * promise, and cancel terminates the thread (the promise then rejects with PlanCancelled), and with
 * it the solver's thread beside it (solve-aside.ts).
 *
 * HiGHS's WebAssembly is compiled once per process, here, and handed to each worker: V8 shares a
 * module's compiled code between the threads that use it, so the machine code its optimising tier
 * made during one plan's solve serves the next plan's. A worker compiling its own copy paid about
 * 1.3 s of CPU for that in its first solve, every plan (bench/RESULTS.md). Should compiling fail
 * here, each worker loads HiGHS itself, as before.
 *
 * A server starts one worker when it starts (`startPlanner`), so that its first plan does not wait for
 * the thread, the planner's modules and HiGHS to load, and then has it plan the open requests of
 * that moment once and throw the plan away (`warmPlanner`): the planner's first real plan then finds
 * its code optimised and the network's routes found (bench/RESULTS.md). A real plan never waits for
 * that warm-up: it cancels it and takes a worker of its own.
 *
 * A worker whose plan ended well is kept, idle and not holding the process open, for the next plan:
 * its JavaScript is then already optimised (Noto 2024 planned again in a kept worker: bench/RESULTS.md).
 * HiGHS's WebAssembly memory only grows, so a worker whose solve took more than KEEP_BELOW_BYTES is
 * ended instead; so is one that was cancelled, refused or failed.
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { Worker } from 'node:worker_threads'
import type { AllocationSnapshot } from '../domain/allocation/snapshot.js'
import { Refusal } from '../app/errors.js'
import type { PlannerProgress, PlannerResult, SolveMethod } from './make-plan.js'
import type { SolverModule } from './solve.js'
import { startThread } from './thread.js'
import type { PlannerWorkerData, PlannerWorkerJob, PlannerWorkerMessage } from './worker.js'

export class PlanCancelled extends Error {
  constructor() {
    super('planning was cancelled')
    this.name = 'PlanCancelled'
  }
}

export interface PlannerJob {
  readonly result: Promise<PlannerResult>
  /** Stops the planner; resolves once the thread has ended. */
  cancel(): Promise<void>
}

let compiled: Promise<SolverModule | undefined> | null = null
// Node has the WebAssembly global; the project's type libraries (no DOM) do not declare it.
const { compile } = (
  globalThis as unknown as {
    WebAssembly: { compile(bytes: Uint8Array): Promise<SolverModule> }
  }
).WebAssembly

/** The package's highs.wasm, beside its loader, compiled once for the process. */
function solverModule(): Promise<SolverModule | undefined> {
  compiled ??= readFile(
    createRequire(import.meta.url)
      .resolve('highs')
      .replace(/highs\.m?js$/, 'highs.wasm'),
  )
    .then((bytes) => compile(bytes))
    .catch(() => undefined)
  return compiled
}

/** A kept worker's solver memory must stay below this, or the worker is ended after its plan. */
export const KEEP_BELOW_BYTES = 512 * 1024 * 1024

let idle: Worker | null = null

/** The thread id of the worker kept for the next plan, if one is (for tests and the bench). */
export const keptWorkerThread = (): number | null => idle?.threadId ?? null

/** The kept worker if there is one, else a new one. */
function takeWorker(data: PlannerWorkerData): Worker {
  const kept = idle
  idle = null
  if (!kept) return startWorker(data)
  kept.off('exit', forgetKept)
  kept.off('error', forgetKept)
  kept.ref()
  return kept
}

/** Keeps a worker whose plan ended well for the next plan, unless one is kept already. */
function keepOrEnd(worker: Worker, result: PlannerResult) {
  if (idle || (result.solverMemoryBytes ?? 0) >= KEEP_BELOW_BYTES) {
    void worker.terminate()
    return
  }
  keep(worker)
}

function keep(worker: Worker) {
  idle = worker
  worker.unref()
  worker.on('exit', forgetKept)
  worker.on('error', forgetKept)
}

/** A kept worker that ends (or fails) while idle is not kept any more. */
function forgetKept(this: Worker) {
  if (idle === this) idle = null
}

/**
 * Starts a worker ahead of the first plan and keeps it for it: a server calls this as it starts.
 * Resolves once the worker has loaded the planner and HiGHS (or has failed to start: the first
 * plan then starts its own). Does nothing when a worker is kept already.
 */
export function startPlanner(): Promise<void> {
  return solverModule().then(
    (module) =>
      new Promise<void>((resolve) => {
        if (idle) {
          resolve()
          return
        }
        const worker = startWorker({ solverModule: module })
        const ready = (message: PlannerWorkerMessage) => {
          if (message.kind !== 'ready') return
          worker.off('message', ready)
          resolve()
        }
        worker.on('message', ready)
        worker.once('exit', () => resolve())
        worker.once('error', () => resolve())
        keep(worker)
      }),
  )
}

let warming: PlannerJob | null = null
let warmedOn: { readonly lines: number } | null = null

/**
 * Plans `snapshot` once in the kept worker (`startPlanner`'s; none kept, no warm-up) and throws the plan away,
 * so that the worker is kept with V8's optimised code, HiGHS's warm WebAssembly and the network's
 * routes (make-plan.ts keeps them by the network's fingerprint). Resolves when it is done (true),
 * failed or cancelled (false): a plan that starts meanwhile cancels it rather than wait.
 */
export async function warmPlanner(snapshot: AllocationSnapshot): Promise<boolean> {
  // A plan that took the started worker meanwhile is warming it: a second worker would compete.
  if (!idle) return false
  const job = planInWorker(snapshot)
  warming = job
  const warmed = await job.result.then(
    () => true,
    () => false,
  )
  if (warming === job) warming = null
  if (warmed) warmedOn = { lines: snapshot.lines.length }
  return warmed
}

/** Stops a running warm-up (a closing server: its worker must not hold the process open). */
export async function cancelWarmUp(): Promise<void> {
  const job = warming
  warming = null
  await job?.cancel()
}

/** Whether a warm-up plan is running, and what the last one that ended well planned (for tests). */
export const plannerWarming = (): boolean => warming !== null
export const lastWarmUp = (): { readonly lines: number } | null => warmedOn

const startWorker = (data: PlannerWorkerData): Worker => startThread('worker', data)

/**
 * Waits for the worker's answer; it ends the thread once it has one. Once cancelled, an answer
 * that was already on its way counts for nothing: the plan is cancelled and its worker not kept
 * (a plan fast enough to end before the thread does was otherwise both cancelled and kept).
 */
function answer(
  worker: Worker,
  onProgress: (progress: PlannerProgress) => void,
  cancelled: () => boolean,
  onSettled: () => void,
): Promise<PlannerResult> {
  let settled = false
  return new Promise<PlannerResult>((resolve, reject) => {
    const settle = (outcome: () => void, keep?: PlannerResult) => {
      if (settled) return
      settled = true
      onSettled()
      worker.off('message', onMessage)
      worker.off('error', onError)
      worker.off('exit', onExit)
      outcome()
      if (keep) keepOrEnd(worker, keep)
      else void worker.terminate()
    }
    const onMessage = (message: PlannerWorkerMessage) => {
      if (message.kind === 'ready') return
      if (cancelled()) settle(() => reject(new PlanCancelled()))
      else if (message.kind === 'progress') onProgress(message.progress)
      else if (message.kind === 'done') settle(() => resolve(message.result), message.result)
      else if (message.kind === 'refused')
        settle(() => reject(new Refusal(message.code, message.message, message.details)))
      else settle(() => reject(new Error(`the planner failed: ${message.message}`)))
    }
    const onError = (error: Error) => settle(() => reject(error))
    const onExit = (code: number) =>
      settle(() =>
        reject(
          cancelled() ? new PlanCancelled() : new Error(`the planner stopped (exit code ${code})`),
        ),
      )
    worker.on('message', onMessage)
    worker.on('error', onError)
    worker.on('exit', onExit)
  })
}

export function planInWorker(
  snapshot: AllocationSnapshot,
  onProgress: (progress: PlannerProgress) => void = () => {},
  method: SolveMethod = 'auto',
): PlannerJob {
  let worker: Worker | null = null
  let cancelled = false
  // Settled: the worker is then ended or kept for another plan, and cancel must leave it alone.
  let settled = false
  if (warming) {
    // A planner waiting on a warm-up would wait longer than a cold worker takes.
    void warming.cancel()
    warming = null
  }
  const result = solverModule().then((module) => {
    if (cancelled) throw new PlanCancelled()
    worker = takeWorker({ solverModule: module })
    const answered = answer(
      worker,
      onProgress,
      () => cancelled,
      () => {
        settled = true
      },
    )
    worker.postMessage({ snapshot, method } satisfies PlannerWorkerJob)
    return answered
  })
  return {
    result,
    async cancel() {
      if (settled) return
      cancelled = true
      await (worker as Worker | null)?.terminate()
    },
  }
}
