/**
 * @module server/main
 * Listens, and closes gracefully on SIGINT/SIGTERM: stops accepting, finishes requests in flight (new
 * ones get 503), then closes the database.
 */
import type { AppContext } from '../app/context.js'
import { LedgerWriter } from '../app/ledger-writer.js'
import type { Federation } from '../app/ports.js'
import { expirePendingTransfers } from '../app/stock.js'
import { warmUpSnapshot } from '../app/plan-warm-up.js'
import { cancelWarmUp, planInWorker, startPlanner, warmPlanner } from '../solver/run-in-worker.js'
import { buildApp } from './build-app.js'
import { startLedgerWorker } from './ledger-worker-committer.js'

export interface StartOptions {
  readonly ctx: AppContext
  readonly port: number
  readonly host: string
  readonly logLevel: string
  readonly webRoot: string
  readonly version: string
  /** SQLite: commit the ledger in a worker thread on this database file, signing with this key file. */
  readonly ledgerWorker?: { readonly database: string; readonly keyFile: string } | undefined
  /** Answers peers' pulls, and pulls from every active peer in the background until closed. */
  readonly federation?: Federation | undefined
}

export async function startServer(options: StartOptions) {
  const ledgerWorker = options.ledgerWorker
    ? await startLedgerWorker({ ...options.ledgerWorker, home: options.ctx.node.id })
    : null
  const writer = new LedgerWriter(options.ctx, ledgerWorker?.commit)
  const app = await buildApp({
    writer,
    ctx: options.ctx,
    version: options.version,
    webRoot: options.webRoot,
    logger: { level: options.logLevel },
    ...(options.federation ? { federation: options.federation } : {}),
    planSolver: planInWorker,
  })
  // The planner's worker started now and warmed on the open requests, so that the first plan does
  // not wait for it, its code to be optimised or the network's routes (a plan meanwhile cancels it).
  void startPlanner()
    .then(() => warmUpSnapshot(options.ctx))
    .then(async (snapshot) => {
      if (!snapshot) return
      const began = performance.now()
      if (await warmPlanner(snapshot))
        app.log.info(
          { lines: snapshot.lines.length, ms: Math.round(performance.now() - began) },
          'planner warmed on the open requests',
        )
    })
    .catch((error: unknown) => app.log.warn({ err: error }, 'warming the planner failed'))
  app.addHook('onClose', cancelWarmUp)
  let closing = false
  const close = async (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down')
    const force = setTimeout(() => process.exit(1), 10_000)
    force.unref()
    await app.close()
    await syncLoop?.stop()
    await ledgerWorker?.close()
    await options.ctx.store.close()
    process.exit(0)
  }
  // Pending transfers past their timeout are released by the node itself.
  const system = { kind: 'system' as const, id: 'system', org: options.ctx.node.org }
  const sweep = setInterval(() => {
    expirePendingTransfers({ ctx: options.ctx, writer }, system).catch((error: unknown) =>
      app.log.error({ err: error }, 'timeout sweep failed'),
    )
  }, 5000)
  sweep.unref()
  app.addHook('onClose', async () => clearInterval(sweep))
  const syncLoop =
    options.federation?.startLoop((report) => {
      if (report.outcome === 'failed')
        app.log.warn({ peer: report.peer, error: report.error }, 'pull from peer failed')
      else if (report.received > 0)
        app.log.info({ peer: report.peer, received: report.received, seq: report.seq }, 'pulled')
    }) ?? null
  process.once('SIGINT', () => void close('SIGINT'))
  process.once('SIGTERM', () => void close('SIGTERM'))
  await app.listen({ port: options.port, host: options.host })
  const shown =
    options.host === '0.0.0.0' || options.host === '127.0.0.1' ? 'localhost' : options.host
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : options.port
  process.stderr.write(
    `Kizuna node ${options.ctx.node.id} (${options.ctx.store.kind}) at http://${shown}:${port}/ — API docs at /api/docs\n`,
  )
  return app
}
