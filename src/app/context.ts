/**
 * @module app/context
 * What every use case is given: the store, the clock, id generation and who this node is.
 */
import type { Actor } from '../domain/records/record.js'
import type { Clock, Ids, Store } from './ports.js'

export interface Node {
  readonly id: string
  /** The organisation that runs this node. */
  readonly org: string
}

export interface AppContext {
  readonly store: Store
  readonly clock: Clock
  readonly ids: Ids
  readonly node: Node
}

/** The node acting on its own behalf (first start, bundled data, timeouts). */
export function systemActor(node: Node): Actor {
  return { kind: 'system', id: 'system', org: node.org }
}
