/**
 * Federation helpers for tests: a node identity made up for the test (an id and a key), requests signed
 * as such a node, and the events of a node's log a peer of an organisation should receive, worked out
 * from the records' own owners and shares (an auditor independent of sync/serve.ts's reading).
 */
import { generateKeyPairSync } from 'node:crypto'
import { v7 as uuidv7 } from 'uuid'
import type { NodeKey, Store } from '../../src/app/ports.js'
import type { ChainEvent } from '../../src/domain/events/chain.js'
import { requestMessage, syncHeaders } from '../../src/domain/federation/request.js'
import { nodeKeyFrom } from '../../src/sync/node-key.js'

export interface FakeNode {
  readonly id: string
  readonly key: NodeKey
}

export function fakeNode(): FakeNode {
  return { id: uuidv7(), key: nodeKeyFrom(generateKeyPairSync('ed25519').privateKey) }
}

/** The headers `asker` sends with a GET of `url` to node `target`, signed at `timestamp`. */
export function signedHeaders(
  asker: FakeNode,
  target: string,
  url: string,
  timestamp: string,
  signer: NodeKey = asker.key,
): Record<string, string> {
  return {
    [syncHeaders.node]: asker.id,
    [syncHeaders.timestamp]: timestamp,
    [syncHeaders.signature]: signer.sign(
      requestMessage({ asker: asker.id, target, method: 'GET', pathAndQuery: url, timestamp }),
    ),
  }
}

/** A base64 one-line public key, as `kizuna peer self` prints it. */
export function keyLine(key: NodeKey): string {
  return key.publicKeyPem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '')
}

export async function allEvents(store: Store): Promise<ChainEvent[]> {
  return store.readEvents(0, 1_000_000)
}

/**
 * The auditor: the events of a log a peer of `org` should hold, by the rules as DESIGN.md states them —
 * not the node's users, tokens, peers or key; not reference data (home `public`); `all` to every
 * partner; a list to those listed; and always to the record's own organisation, as its table says.
 */
export async function releasableTo(store: Store, org: string): Promise<ChainEvent[]> {
  const events = await allEvents(store)
  const owners = await store.recordOwners(events.map((e) => e.subject))
  return events.filter((event) => {
    if (/^(user|token|peer)\.|^node\.key_/.test(event.kind)) return false
    const body = JSON.parse(event.body) as { home?: unknown; org?: unknown }
    const owner = owners.get(event.subject)
    if (body.home === 'public' || owner?.home === 'public') return false
    if (event.share === 'all') return true
    const recordOrg = typeof body.org === 'string' ? body.org : owner?.org
    if (recordOrg === org) return true
    return event.share !== 'own' && (JSON.parse(event.share) as string[]).includes(org)
  })
}
