/**
 * @module solver/run-in-worker
 * Starts solver/worker for one snapshot: progress comes back as it happens, the result as a
 * promise, and cancel terminates the thread (the promise then rejects with PlanCancelled). Run from
 * source (tests, tsx) the worker registers tsx itself: Node 20 workers do not inherit the loader.
 *
 * HiGHS's WebAssembly is compiled once per process, here, and handed to each worker: V8 shares a
 * module's compiled code between the threads that use it, so the machine code its optimising tier
 * made during one plan's solve serves the next plan's. A worker compiling its own copy paid about
 * 1.3 s of CPU for that in its first solve, every plan (bench/RESULTS.md). Should compiling fail
 * here, each worker loads HiGHS itself, as before.
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { AllocationSnapshot } from '../domain/allocation/snapshot.js'
import { Refusal } from '../app/errors.js'
import type { PlannerProgress, PlannerResult, SolveMethod } from './make-plan.js'
import type { SolverModule } from './solve.js'
import type { PlannerWorkerData, PlannerWorkerMessage } from './worker.js'

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

function startWorker(data: PlannerWorkerData): Worker {
  const fromSource = import.meta.url.endsWith('.ts')
  const entry = new URL(fromSource ? './worker.ts' : './worker.js', import.meta.url)
  return fromSource
    ? new Worker(
        `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}) })`,
        { eval: true, workerData: data },
      )
    : new Worker(entry, { workerData: data })
}

/** Waits for the worker's answer; it ends the thread once it has one. */
function answer(
  worker: Worker,
  onProgress: (progress: PlannerProgress) => void,
  cancelled: () => boolean,
): Promise<PlannerResult> {
  let settled = false
  return new Promise<PlannerResult>((resolve, reject) => {
    const settle = (outcome: () => void) => {
      if (settled) return
      settled = true
      outcome()
      void worker.terminate()
    }
    worker.on('message', (message: PlannerWorkerMessage) => {
      if (message.kind === 'progress') onProgress(message.progress)
      else if (message.kind === 'done') settle(() => resolve(message.result))
      else if (message.kind === 'refused')
        settle(() => reject(new Refusal(message.code, message.message, message.details)))
      else settle(() => reject(new Error(`the planner failed: ${message.message}`)))
    })
    worker.on('error', (error) => settle(() => reject(error)))
    worker.on('exit', (code) =>
      settle(() =>
        reject(
          cancelled() ? new PlanCancelled() : new Error(`the planner stopped (exit code ${code})`),
        ),
      ),
    )
  })
}

export function planInWorker(
  snapshot: AllocationSnapshot,
  onProgress: (progress: PlannerProgress) => void = () => {},
  method: SolveMethod = 'auto',
): PlannerJob {
  let worker: Worker | null = null
  let cancelled = false
  const result = solverModule().then((module) => {
    if (cancelled) throw new PlanCancelled()
    worker = startWorker({ snapshot, solverModule: module, method })
    return answer(worker, onProgress, () => cancelled)
  })
  return {
    result,
    async cancel() {
      cancelled = true
      await (worker as Worker | null)?.terminate()
    },
  }
}
