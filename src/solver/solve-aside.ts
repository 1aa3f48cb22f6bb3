/**
 * @module solver/solve-aside
 * The planner's thread hands a whole model to HiGHS in a thread beside it (solver-thread.ts) and,
 * while that one solves, does what of the interpretation reads no flows (make-plan.ts). On Noto
 * 2024 a running server's first plan takes about three quarters of the time it took in one thread
 * when a second CPU is free (bench/RESULTS.md). The thread is started with the planner's and kept with it, so HiGHS is loaded
 * and warm for the next plan; it ends when the planner's thread ends (a cancelled plan's included).
 */
import type { Worker } from 'node:worker_threads'
import type { LinearModel } from '../domain/allocation/linear-model.js'
import {
  type LexicographicSolution,
  SolveFailed,
  type SolverModule,
  type StageOutcome,
} from './solve.js'
import type { SolverThreadMessage } from './solver-thread.js'
import { startThread } from './thread.js'

export interface SolvedAside extends LexicographicSolution {
  /** The thread's HiGHS WebAssembly memory after solving (it only grows). */
  readonly memoryBytes: number
}

/** A solver beside the planner's thread. */
export interface SolverAside {
  solve(
    model: LinearModel,
    onStage: (stage: StageOutcome, index: number) => void,
  ): Promise<SolvedAside>
  /** Its HiGHS WebAssembly memory as last reported (it only grows); 0 before any. */
  readonly memoryBytes: number
}

export class SolverThread implements SolverAside {
  private thread: Worker | null = null
  private ready: Promise<void> = Promise.resolve()
  memoryBytes = 0

  constructor(private readonly solverModule: SolverModule | undefined) {}

  /** Starts the thread, if it is not running; resolves once HiGHS is loaded there (or failed to). */
  start(): Promise<void> {
    if (this.thread) return this.ready
    const thread = startThread('solver-thread', { solverModule: this.solverModule })
    thread.unref()
    this.thread = thread
    thread.once('exit', () => {
      if (this.thread === thread) this.thread = null
    })
    this.ready = new Promise<void>((resolve) => {
      const settle = () => {
        thread.off('message', onReady)
        resolve()
      }
      const onReady = (message: SolverThreadMessage) => {
        if (message.kind === 'ready') this.memoryBytes = message.memoryBytes
        if (message.kind === 'ready' || message.kind === 'failed') settle()
      }
      thread.on('message', onReady)
      thread.once('exit', settle)
      thread.once('error', settle)
    })
    return this.ready
  }

  /**
   * Solves a model's stages in the thread; one model at a time. The model is posted before this
   * returns — the caller's work meanwhile must not hold it back — and waits there, if HiGHS is
   * still loading, until it is loaded.
   */
  readonly solve: SolverAside['solve'] = (model, onStage) => {
    void this.start()
    const thread = this.thread!
    thread.ref()
    return new Promise<SolvedAside>((resolve, reject) => {
      const settle = (outcome: () => void) => {
        thread.off('message', onMessage)
        thread.off('error', onError)
        thread.off('exit', onExit)
        thread.unref()
        outcome()
      }
      const onMessage = (message: SolverThreadMessage) => {
        if (message.kind === 'stage') onStage(message.stage, message.index)
        else if (message.kind === 'solved') {
          this.memoryBytes = message.memoryBytes
          settle(() =>
            resolve({
              columns: message.columns,
              stages: message.stages,
              memoryBytes: message.memoryBytes,
            }),
          )
        } else if (message.kind === 'stopped')
          settle(() => reject(new SolveFailed(message.stage, message.status)))
        else if (message.kind === 'failed')
          settle(() => reject(new Error(`the solver failed: ${message.message}`)))
      }
      const onError = (error: Error) => settle(() => reject(error))
      const onExit = (code: number) =>
        settle(() => reject(new Error(`the solver's thread stopped (exit code ${code})`)))
      thread.on('message', onMessage)
      thread.on('error', onError)
      thread.on('exit', onExit)
      thread.postMessage(model)
    })
  }

  /** Ends the thread (a closing test; a planner's thread ends with the planner's). */
  async stop(): Promise<void> {
    const thread = this.thread
    this.thread = null
    await thread?.terminate()
  }
}
