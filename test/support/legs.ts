/**
 * Legs written straight into a test node's store, with the transit times a test wants to add up
 * (deriving the network from geography would give times a test cannot state exactly).
 */
import { v7 as uuidv7 } from 'uuid'
import type { Leg, LegMode, LegStatus } from '../../src/domain/transport/leg.js'
import type { TestNode } from './stores.js'

export interface LegSpec {
  readonly from: string
  readonly to: string
  readonly mode?: LegMode
  readonly transitMinutes?: number
  readonly distanceKm?: number
  readonly status?: LegStatus
}

export async function insertLegs(node: TestNode, specs: readonly LegSpec[]): Promise<Leg[]> {
  const at = node.clock.now().toISOString()
  const legs: Leg[] = specs.map((spec) => ({
    id: uuidv7(),
    home: node.ctx.node.id,
    org: node.ctx.node.org,
    share: 'all',
    createdAt: at,
    updatedAt: at,
    version: 1,
    mode: spec.mode ?? 'road',
    from: spec.from,
    to: spec.to,
    distanceKm: spec.distanceKm ?? 50,
    transitMinutes: spec.transitMinutes ?? 60,
    status: spec.status ?? 'open',
    note: spec.status && spec.status !== 'open' ? 'landslide' : null,
    edited: true,
  }))
  await node.store.transact((tx) => tx.insertLegs(legs))
  return legs
}
