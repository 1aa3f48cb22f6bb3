/**
 * @module solver/run-in-worker
 * Starts solver/worker for one snapshot: progress comes back as it happens, the result as a
 * promise, and cancel terminates the thread (the promise then rejects with PlanCancelled). Run from
 * source (tests, tsx) the worker registers tsx itself: Node 20 workers do not inherit the loader.
 */
import { Worker } from 'node:worker_threads'
import type { AllocationSnapshot } from '../domain/allocation/snapshot.js'
import { Refusal } from '../app/errors.js'
import type { PlannerProgress, PlannerResult } from './make-plan.js'
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

export function planInWorker(
  snapshot: AllocationSnapshot,
  onProgress: (progress: PlannerProgress) => void = () => {},
): PlannerJob {
  const worker = startWorker({ snapshot })
  let cancelled = false
  let settled = false
  const result = new Promise<PlannerResult>((resolve, reject) => {
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
          cancelled ? new PlanCancelled() : new Error(`the planner stopped (exit code ${code})`),
        ),
      ),
    )
  })
  return {
    result,
    async cancel() {
      cancelled = true
      await worker.terminate()
    },
  }
}
