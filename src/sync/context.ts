/**
 * @module sync/context
 * What federation needs of the node: only these reads and the replica transaction of the store, the
 * clock, and who the node is. Any AppContext fits; the seeded simulation (test/sim/) gives a store of
 * its own in memory, so that hundreds of schedules run in seconds.
 */
import type { Node } from '../app/context.js'
import type { Clock, Store } from '../app/ports.js'

export type SyncStore = Pick<
  Store,
  | 'getPeer'
  | 'listPeers'
  | 'getCheckpoint'
  | 'readChainHead'
  | 'readEvents'
  | 'recordOwners'
  | 'syncTransact'
>

export interface SyncContext {
  readonly store: SyncStore
  readonly clock: Clock
  readonly node: Node
}
