/**
 * @module cli/open-node
 * The composition root: opens the store (SQLite or PostgreSQL) with the node key and the real clock,
 * makes sure the node has its organisation, and loads bundled reference data (and the demo, with its route
 * network derived) when asked.
 */
import { v7 as uuidv7 } from 'uuid'
import type { AppContext } from '../app/context.js'
import { LedgerWriter } from '../app/ledger-writer.js'
import {
  demoNodeOrganisation,
  ensureNode,
  loadBundledData,
  loadDemo,
  type NodeOrganisationSettings,
} from '../app/node-setup.js'
import { afterPull } from '../app/cross-node.js'
import type { Clock, Federation, Ids, NodeKey } from '../app/ports.js'
import { type DeriveSummary, deriveRouteNetwork } from '../app/route-network.js'
import { ensureFirstAdmin } from '../app/users.js'
import type { Actor } from '../domain/records/record.js'
import { openStore } from '../store/open-store.js'
import { createFederation } from '../sync/federation.js'
import { loadNodeKey } from '../sync/node-key.js'
import { readBundledData } from './bundled-data.js'
import type { DatabaseSettings } from './settings.js'

export const realClock: Clock = { now: () => new Date() }
export const uuidV7Ids: Ids = { newId: () => uuidv7() }

export interface OpenNodeOptions extends DatabaseSettings {
  /** Create the key file if missing (first start, `init`). */
  readonly create: boolean
  readonly demo?: boolean
  readonly organisation?: NodeOrganisationSettings
  /** Load data/ when it changed since the last start. */
  readonly bundledData?: boolean
  readonly onProgress?: (phase: string, done: number, total: number) => void
  readonly schema?: string
  /** Create the user `admin` when the node has no users yet (first `serve` or `init`). */
  readonly firstAdmin?: boolean
}

export interface OpenNode {
  readonly ctx: AppContext
  readonly key: NodeKey
  /** Pulling from peers and answering their pulls, over the global fetch. */
  readonly federation: Federation
  readonly loaded: {
    items: { created: number; updated: number; unchanged: number }
    places: { created: number; updated: number; unchanged: number }
  } | null
  readonly demoLoaded: boolean
  /** The route network derived when the demo was loaded now. */
  readonly routeNetwork: DeriveSummary | null
  /** The first admin's one-time password, when this start created that user. */
  readonly adminPassword: string | null
}

const defaultOrganisation: NodeOrganisationSettings = {
  code: 'NODE',
  nameEn: 'Relief hub operator',
  nameJa: '救援物資拠点 運営者',
  country: null,
  kind: 'government',
}

export async function openNode(options: OpenNodeOptions): Promise<OpenNode> {
  const key = loadNodeKey(options.keyFile, options.create)
  const store = await openStore({
    database: options.database,
    key,
    clock: realClock,
    ...(options.schema ? { schema: options.schema } : {}),
  })
  try {
    const organisation =
      options.organisation ?? (options.demo ? demoNodeOrganisation : defaultOrganisation)
    const node = await ensureNode(store, realClock, uuidV7Ids, organisation)
    const ctx: AppContext = { store, clock: realClock, ids: uuidV7Ids, node }
    const system: Actor = { kind: 'system', id: 'system', org: node.org }
    const loaded =
      options.bundledData === false
        ? null
        : await loadBundledData(
            ctx,
            system,
            () => readBundledData(),
            (done, total) => options.onProgress?.('reference data', done, total),
          )
    const demoLoaded = options.demo ? await loadDemo(ctx, system) : false
    // A demo node shows routes at once: derive the network the first time the demo is loaded (~2 s).
    const routeNetwork = demoLoaded ? await deriveRouteNetwork(ctx, system) : null
    const adminPassword = options.firstAdmin ? await ensureFirstAdmin(ctx) : null
    // A peer's receipt of this node's consignment, once pulled, closes its transit here; a peer's
    // decision or consignment moves the request lines this node's proposals serve (cross-node.ts).
    const federation = createFederation({
      ctx,
      key,
      afterPull: async () => {
        await afterPull({ ctx, writer: new LedgerWriter(ctx) })
      },
    })
    return { ctx, key, federation, loaded, demoLoaded, routeNetwork, adminPassword }
  } catch (error) {
    await store.close()
    throw error
  }
}
