/**
 * @module server/ledger-worker
 * The ledger's group commits on SQLite, in a worker thread: better-sqlite3 is synchronous, so a commit
 * (and its fsync) in the server's thread stops every request meanwhile. This thread opens the same
 * database file (WAL lets the server's thread keep reading) and commits each group it is sent, one at
 * a time; the chain head and SQLite's write lock serialise it with the server's other writes.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { commitGroup, type GroupJob, type JobOutcome } from '../app/ledger-writer.js'
import { openStore } from '../store/open-store.js'
import { loadNodeKey } from '../sync/node-key.js'

export interface LedgerWorkerData {
  readonly database: string
  readonly keyFile: string
  readonly home: string
}

export type LedgerWorkerRequest = { readonly jobs: readonly GroupJob[]; readonly now: string }
export type LedgerWorkerAnswer =
  | { readonly outcomes: JobOutcome[] }
  | { readonly error: string }
  | { readonly ready: true }

const port = parentPort
if (!port) throw new Error('server/ledger-worker runs as a worker thread')
const settings = workerData as LedgerWorkerData
// The group's time is the server's: it signs the head and stamps the transfers with it.
let now = new Date()
const store = await openStore({
  database: settings.database,
  key: loadNodeKey(settings.keyFile, false),
  clock: { now: () => now },
})
port.on('message', (request: LedgerWorkerRequest) => {
  now = new Date(request.now)
  store
    .transact((tx) => commitGroup(tx, settings.home, request.jobs, request.now))
    .then(
      (outcomes) => port.postMessage({ outcomes } satisfies LedgerWorkerAnswer),
      (error: unknown) =>
        port.postMessage({
          error: error instanceof Error ? error.message : String(error),
        } satisfies LedgerWorkerAnswer),
    )
})
port.postMessage({ ready: true } satisfies LedgerWorkerAnswer)
