/**
 * @module sync/federation
 * The Federation port (app/ports.ts) over the node's store and key: serving pages to peers, pulling
 * from them on demand, and the background loop. Wired in by the composition roots.
 */
import type { Federation, NodeKey, PullReport } from '../app/ports.js'
import type { SyncContext } from './context.js'
import { type LoopOptions, startSyncLoop } from './loop.js'
import { type FetchLike, pullPeer } from './pull.js'
import { serveEvents } from './serve.js'

export interface FederationOptions {
  readonly ctx: SyncContext
  readonly key: NodeKey
  /** The network; the global fetch by default. */
  readonly fetch?: FetchLike
  readonly pageLimit?: number
  readonly timeoutMs?: number
  readonly loop?: LoopOptions
  /**
   * Work that follows what a pull brought, outside its transaction (the composition root passes the
   * use case: closing this node's consignments that peers received). Run after every pull that
   * reached its peer; it must be idempotent. In the background loop a failure is left for the next.
   */
  readonly afterPull?: (() => Promise<unknown>) | undefined
}

export function createFederation(options: FederationOptions): Federation {
  const deps = {
    ctx: options.ctx,
    key: options.key,
    fetch: options.fetch ?? ((url, init) => fetch(url, init)),
    ...(options.pageLimit ? { pageLimit: options.pageLimit } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  } satisfies Parameters<typeof pullPeer>[0]
  const { store } = options.ctx
  return {
    serveEvents: (ask) => serveEvents(options.ctx, options.key, ask),

    async pull(peerId, onProgress) {
      const peers = peerId
        ? [await store.getPeer(peerId)]
        : (await store.listPeers()).filter((peer) => peer.status === 'active')
      const reports: PullReport[] = []
      for (const [i, peer] of peers.entries()) {
        const refused = (error: string): PullReport => ({
          peer: peerId ?? String(i),
          seq: 0,
          head: 0,
          received: 0,
          outcome: 'failed',
          error,
        })
        if (!peer) reports.push(refused(`no peer ${peerId} is registered on this node`))
        else if (peer.status === 'suspended')
          reports.push(refused(`peer ${peer.id} is suspended; reactivate it first`))
        else reports.push(await pullPeer(deps, peer, onProgress))
      }
      if (options.afterPull && reports.some((report) => report.outcome !== 'failed'))
        await options.afterPull()
      return reports
    },

    startLoop: (onReport) =>
      startSyncLoop(deps, options.loop, (report) => {
        onReport?.(report)
        if (options.afterPull && report.outcome !== 'failed')
          options.afterPull().catch(() => {
            // Idempotent, and run again after the next pull.
          })
      }),
  }
}
