/**
 * @module server/ledger-worker-committer
 * Starts server/ledger-worker and hands it the ledger writer's groups, one at a time (the writer sends
 * the next only when the last is answered). Run from source (tests, tsx) the worker registers tsx
 * itself: Node 20 workers do not inherit the loader.
 */
import { Worker } from 'node:worker_threads'
import type { GroupCommitter } from '../app/ledger-writer.js'
import type { LedgerWorkerAnswer, LedgerWorkerData, LedgerWorkerRequest } from './ledger-worker.js'

export interface LedgerWorker {
  readonly commit: GroupCommitter
  close(): Promise<void>
}

export async function startLedgerWorker(data: LedgerWorkerData): Promise<LedgerWorker> {
  const fromSource = import.meta.url.endsWith('.ts')
  const entry = new URL(fromSource ? './ledger-worker.ts' : './ledger-worker.js', import.meta.url)
  const worker = fromSource
    ? new Worker(
        `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}) })`,
        { eval: true, workerData: data },
      )
    : new Worker(entry, { workerData: data })
  let waiting: { resolve(answer: LedgerWorkerAnswer): void; reject(error: Error): void } | null =
    null
  let failed: Error | null = null
  const fail = (error: Error) => {
    failed = error
    waiting?.reject(error)
    waiting = null
  }
  worker.on('message', (answer: LedgerWorkerAnswer) => {
    const current = waiting
    waiting = null
    current?.resolve(answer)
  })
  worker.on('error', fail)
  worker.on('exit', (code) => fail(new Error(`the ledger worker stopped (exit code ${code})`)))
  const ask = (request?: LedgerWorkerRequest) =>
    new Promise<LedgerWorkerAnswer>((resolve, reject) => {
      if (failed) return reject(failed)
      if (waiting) return reject(new Error('the ledger worker takes one group at a time'))
      waiting = { resolve, reject }
      if (request) worker.postMessage(request)
    })
  const first = await ask()
  if (!('ready' in first)) throw new Error('the ledger worker did not start')
  return {
    async commit(jobs, now) {
      const answer = await ask({ jobs, now })
      if ('outcomes' in answer) return answer.outcomes
      throw new Error('error' in answer ? answer.error : 'the ledger worker answered out of turn')
    },
    async close() {
      worker.removeAllListeners('exit')
      await worker.terminate()
    },
  }
}
