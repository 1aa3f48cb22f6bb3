/**
 * Three partner nodes for the federation fault suite: each a real `kizuna serve` process on its own
 * SQLite file and organisation, registered with the others by `kizuna peer self` / `kizuna peer add`
 * through one misbehaving proxy per pull link (federation-proxy.ts); their writes through the API, and
 * their view of their peers (GET /api/peers).
 */
import { join } from 'node:path'
import { v7 as uuidv7 } from 'uuid'
import type { NodeKey } from '../../src/app/ports.js'
import { loadNodeKey } from '../../src/sync/node-key.js'
import { placeDraft } from '../support/fixtures.js'
import { PageProxy } from './federation-proxy.js'
import { Client, kizuna, loopback, RICE, type Server, startServe, tempDir } from './harness.js'

export const partners = [
  { name: 'US', code: 'US-INDOPACOM', nameEn: 'US Indo-Pacific Command', country: 'US' },
  { name: 'JP', code: 'JP-CAO', nameEn: 'Cabinet Office, Government of Japan', country: 'JP' },
  {
    name: 'AU',
    code: 'AU-DFAT',
    nameEn: 'Australian Department of Foreign Affairs',
    country: 'AU',
  },
] as const
export type Name = (typeof partners)[number]['name']

export interface FedNode {
  readonly name: Name
  readonly code: string
  readonly db: string
  readonly keyFile: string
  readonly id: string
  readonly key: NodeKey
  readonly token: string
  server: Server
  api: Client
  /** Proxies this node pulls through, by the name of the node pulled from. */
  readonly links: Map<Name, PageProxy>
}

let addresses = 0

async function must(args: string[], what: string): Promise<string> {
  const run = await kizuna(args)
  if (run.code !== 0) throw new Error(`${what} failed (${run.code}): ${run.stderr}${run.stdout}`)
  return run.stdout
}

/** Restarts the node's `kizuna serve` (on a new port: the proxies to it follow) and its API client. */
export async function restartNode(node: FedNode, nodes: readonly FedNode[]): Promise<void> {
  node.server = await startServe(node.db, node.keyFile, node.name)
  node.api.close()
  node.api = new Client(node.server.base, node.token, loopback(addresses++))
  for (const other of nodes) {
    const proxy = other.links.get(node.name)
    if (proxy) proxy.target = node.server.base
  }
}

/** Makes the three nodes, their six proxied links and the peer registrations, and serves them. */
export async function startPartners(): Promise<FedNode[]> {
  const prepared = await Promise.all(
    partners.map(async (p) => {
      const dir = tempDir()
      const db = join(dir, `${p.name.toLowerCase()}.sqlite`)
      const keyFile = join(dir, `${p.name.toLowerCase()}.key`)
      const where = ['--db', db, '--key', keyFile]
      const org = ['--org-code', p.code, '--org-name', p.nameEn, '--org-country', p.country]
      await must(['init', ...where, ...org], `${p.name} init`)
      const [token, self, server] = await Promise.all([
        must(['token', 'create', '--user', 'admin', '--role', 'admin', ...where], 'token'),
        must(['peer', 'self', '--json', ...where], `${p.name} peer self`),
        startServe(db, keyFile, p.name),
      ])
      const identity = JSON.parse(self) as { id: string; publicKeyLine: string }
      const links = new Map<Name, PageProxy>()
      for (const other of partners)
        if (other.name !== p.name) {
          const proxy = new PageProxy(`${p.name}←${other.name}`)
          await proxy.start()
          links.set(other.name, proxy)
        }
      const node: FedNode = {
        ...p,
        db,
        keyFile,
        id: identity.id,
        key: loadNodeKey(keyFile, false),
        token: token.trim(),
        server,
        api: new Client(server.base, token.trim(), loopback(addresses++)),
        links,
      }
      return { node, keyLine: identity.publicKeyLine }
    }),
  )
  const nodes = prepared.map((p) => p.node)
  for (const node of nodes)
    for (const [name, proxy] of node.links) proxy.target = byName(nodes, name).server.base
  // What each admin does with the others' `peer self`: register them, here at the proxied URL.
  await Promise.all(
    prepared.flatMap(({ node }) =>
      prepared
        .filter((other) => other.node !== node)
        .map((other) => {
          const p = partners.find((x) => x.name === other.node.name) as (typeof partners)[number]
          const proxy = node.links.get(other.node.name) as PageProxy
          return must(
            [
              ...['peer', 'add', '--id', other.node.id, '--org', p.code, '--org-name', p.nameEn],
              ...['--org-kind', 'government', '--org-country', p.country, '--url', proxy.url],
              ...['--public-key', other.keyLine, '--db', node.db, '--key', node.keyFile],
            ],
            `${node.name} peer add ${p.name}`,
          )
        }),
    ),
  )
  return nodes
}

export function byName(nodes: readonly FedNode[], name: Name): FedNode {
  return nodes.find((n) => n.name === name) as FedNode
}

// ---------------------------------------------------------------------------------------------------
// Writes through the API.

export async function orgIds(node: FedNode): Promise<Map<string, string>> {
  const reply = await node.api.get('/api/organisations')
  if (reply.status !== 200) throw new Error(`${node.name} organisations: ${reply.status}`)
  return new Map(
    (reply.body.organisations as { id: string; code: string }[]).map((o) => [o.code, o.id]),
  )
}

async function created(node: FedNode, path: string, body: unknown): Promise<string> {
  const reply = await node.api.post(path, body)
  if (reply.status !== 201)
    throw new Error(`${node.name} POST ${path}: ${reply.status} ${JSON.stringify(reply.body)}`)
  return (reply.body.id ?? reply.body.transfers?.[0]?.id) as string
}

export type ShareBody = 'own' | 'all' | string[]

export async function createPlace(
  node: FedNode,
  label: string,
  share: ShareBody,
  type: 'hub' | 'distribution-point' = 'hub',
): Promise<{ id: string; code: string }> {
  const code = `${type === 'hub' ? 'HUB' : 'DP'}:FED-${node.name}-${uuidv7().slice(-8).toUpperCase()}`
  return {
    id: await created(node, '/api/places', placeDraft({ code, type, nameEn: label, share })),
    code,
  }
}

/** A stock receipt and a request (share `all`) at `hub`: the ordinary traffic of a node. */
export async function writeTraffic(node: FedNode, hub: string, quantity: number): Promise<void> {
  const owner = (await orgIds(node)).get(node.code) as string
  await created(node, '/api/stock/receive', {
    ...{ id: uuidv7(), place: hub, item: RICE, owner, quantity, source: 'Government stockpile' },
  })
  await created(node, '/api/requests', {
    destination: hub,
    neededBy: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    share: 'all',
    lines: [{ kind: 'item', item: RICE, quantity, priority: 'life-saving' }],
  })
}

/** `count` draft requests in one HXL import: a backlog of events written fast. */
export async function importRequests(node: FedNode, hubCode: string, count: number) {
  const rows = Array.from(
    { length: count },
    (_, i) =>
      `${node.name}-BACKLOG-${uuidv7()}-${i},${hubCode},2027-01-15,life-saving,KZ-FOOD-001,5,,`,
  )
  const csv = [
    'Request,Destination,Needed by,Priority,Item,Quantity,Capability,Description',
    '#meta+request,#loc+code,#date+needed,#priority,#item+code,#need+num,#service+code,#service+name',
    ...rows,
  ].join('\r\n')
  const reply = await fetch(`${node.server.base}/api/requests/import?file=backlog.csv`, {
    method: 'POST',
    headers: { authorization: `Bearer ${node.token}`, 'content-type': 'text/csv' },
    body: csv,
  })
  if (reply.status !== 201) throw new Error(`import: ${reply.status} ${await reply.text()}`)
  await reply.arrayBuffer()
}

/** The node's view of `peer` in GET /api/peers. */
export async function peerStatus(node: FedNode, peer: FedNode) {
  const reply = await node.api.get('/api/peers')
  if (reply.status !== 200) throw new Error(`${node.name} GET /api/peers: ${reply.status}`)
  const found = (reply.body.peers as { id: string }[]).find((p) => p.id === peer.id)
  if (!found) throw new Error(`${node.name} has no peer ${peer.name}`)
  return found as {
    id: string
    status: string
    statusReason: string | null
    version: number
    sync: {
      seq: number
      head: number
      lag: number
      lastError: string | null
      lastErrorAt: string | null
      lastSuccessAt: string | null
      failures: number
    }
  }
}

/** Polls `node`'s status of `peer` until `ok` holds of it. */
export async function statusUntil(
  node: FedNode,
  peer: FedNode,
  ok: (s: Awaited<ReturnType<typeof peerStatus>>) => boolean,
  what: string,
  timeoutMs = 60_000,
) {
  const started = Date.now()
  for (;;) {
    const status = await peerStatus(node, peer)
    if (ok(status)) return status
    if (Date.now() - started > timeoutMs)
      throw new Error(`${what}: ${node.name}'s status of ${peer.name}: ${JSON.stringify(status)}`)
    await new Promise((done) => setTimeout(done, 200))
  }
}
