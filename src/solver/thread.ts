/**
 * @module solver/thread
 * Starts one of the solver's worker threads by its module's name beside this one. Run from source
 * (tests, tsx) the thread registers tsx itself: Node 20 workers do not inherit the loader.
 */
import { Worker } from 'node:worker_threads'

export function startThread(name: 'worker' | 'solver-thread', workerData: unknown): Worker {
  const fromSource = import.meta.url.endsWith('.ts')
  const entry = new URL(`./${name}.${fromSource ? 'ts' : 'js'}`, import.meta.url)
  return fromSource
    ? new Worker(
        `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}) })`,
        { eval: true, workerData },
      )
    : new Worker(entry, { workerData })
}
