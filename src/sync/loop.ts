/**
 * @module sync/loop
 * The background pull: one loop per active peer, each pulling until caught up, then waiting `pollMs`;
 * after a failure it waits longer each time (domain/federation/backoff.ts). A supervisor picks up peers
 * added or reactivated meanwhile; a loop ends when its peer is suspended. `stop()` aborts the pulls in
 * flight and waits for every loop to finish, so the store can be closed after it.
 */
import type { PullReport, SyncLoop } from '../app/ports.js'
import { type BackoffPolicy, backoffDelayMs, defaultBackoff } from '../domain/federation/backoff.js'
import { type PullDeps, pullPeer } from './pull.js'

export interface LoopOptions {
  /** The wait between pulls of a peer that is caught up, and between looks for new peers. */
  readonly pollMs?: number
  readonly backoff?: BackoffPolicy
  /** In [0, 1): the jitter of the backoff. */
  readonly random?: () => number
}

export function startSyncLoop(
  deps: PullDeps,
  options: LoopOptions = {},
  onReport: (report: PullReport) => void = () => {},
): SyncLoop {
  const pollMs = options.pollMs ?? 5000
  const random = options.random ?? Math.random
  const controller = new AbortController()
  const running = new Map<string, Promise<void>>()
  const { store } = deps.ctx

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (controller.signal.aborted) return resolve()
      const timer = setTimeout(done, ms)
      timer.unref()
      function done() {
        clearTimeout(timer)
        controller.signal.removeEventListener('abort', done)
        resolve()
      }
      controller.signal.addEventListener('abort', done, { once: true })
    })

  async function follow(id: string): Promise<void> {
    while (!controller.signal.aborted) {
      const peer = await store.getPeer(id)
      if (peer?.status !== 'active') return
      let report: PullReport
      try {
        report = await pullPeer({ ...deps, signal: controller.signal }, peer)
      } catch (error) {
        if (controller.signal.aborted) return
        report = {
          peer: id,
          seq: 0,
          head: 0,
          received: 0,
          outcome: 'failed',
          error: error instanceof Error ? error.message : String(error),
        }
      }
      onReport(report)
      const failures =
        report.outcome === 'failed' ? ((await store.getCheckpoint(id))?.failures ?? 1) : 0
      await sleep(
        failures > 0
          ? backoffDelayMs(failures, random(), options.backoff ?? defaultBackoff)
          : pollMs,
      )
    }
  }

  async function supervise(): Promise<void> {
    while (!controller.signal.aborted) {
      try {
        for (const peer of await store.listPeers()) {
          if (peer.status !== 'active' || running.has(peer.id)) continue
          running.set(
            peer.id,
            follow(peer.id)
              .catch(() => {})
              .finally(() => running.delete(peer.id)),
          )
        }
      } catch {
        // The store is closing or briefly unavailable: look again after the poll.
      }
      await sleep(pollMs)
    }
  }

  const supervisor = supervise()
  return {
    async stop() {
      controller.abort()
      await supervisor
      await Promise.all([...running.values()])
    },
  }
}
