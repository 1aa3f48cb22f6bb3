/**
 * @module app/peers
 * The peers registry: the other nodes this node pulls events from and answers, each registered by an
 * admin of the node with its id, the organisation that runs it (as known here: what is released to the
 * peer is decided against it), its URL and its public key. A peer can be suspended and reactivated, its
 * URL changed, and its key rotated; the retired key stays listed, valid for pages up to a seq.
 */
import {
  keysForPage,
  normalisePeerUrl,
  normalisePublicKey,
  type Peer,
} from '../domain/federation/peer.js'
import type { Organisation, OrganisationFields } from '../domain/organisations/organisation.js'
import type { Problem } from '../domain/problem.js'
import { type Actor, actorLabel } from '../domain/records/record.js'
import type { AppContext } from './context.js'
import { Refusal, refuseProblems } from './errors.js'
import type { Page, PeerSearch, StoreWrites, SyncCheckpoint } from './ports.js'

export interface PeerInput {
  readonly id: string
  /** An organisation's id; or, from the CLI, one to find by code or else create with these fields. */
  readonly organisation: string | { readonly create: OrganisationFields }
  readonly url: string
  readonly publicKey: string
}

export type PeerChange =
  | { readonly action: 'suspend'; readonly reason: string }
  | { readonly action: 'reactivate' }
  | {
      readonly action: 'rotate-key'
      readonly publicKey: string
      /** The last seq a page signed with the old key may cover (default: the head it last announced). */
      readonly oldKeyValidToSeq?: number | undefined
    }
  | { readonly action: 'set-url'; readonly url: string }

export interface PeerSync {
  readonly seq: number
  readonly head: number
  readonly lag: number
  readonly lastContactAt: string | null
  readonly lastSuccessAt: string | null
  readonly lastError: string | null
  readonly lastErrorAt: string | null
  readonly failures: number
}

export interface PeerView extends Peer {
  readonly sync: PeerSync
}

export function syncOf(checkpoint: SyncCheckpoint | null): PeerSync {
  return {
    seq: checkpoint?.seq ?? 0,
    head: checkpoint?.headSeq ?? 0,
    lag: Math.max(0, (checkpoint?.headSeq ?? 0) - (checkpoint?.seq ?? 0)),
    lastContactAt: checkpoint?.lastContactAt ?? null,
    lastSuccessAt: checkpoint?.lastSuccessAt ?? null,
    lastError: checkpoint?.lastError ?? null,
    lastErrorAt: checkpoint?.lastErrorAt ?? null,
    failures: checkpoint?.failures ?? 0,
  }
}

function checkedKey(text: string, field = 'publicKey'): string {
  const key = normalisePublicKey(text)
  if ('problem' in key) refuseProblems('invalid_request', 'peer', [{ field, message: key.problem }])
  return key.pem
}

function checkedUrl(text: string): string {
  const url = normalisePeerUrl(text)
  if ('problem' in url)
    refuseProblems('invalid_request', 'peer', [{ field: 'url', message: url.problem }])
  return url.url
}

export async function addPeer(
  ctx: AppContext,
  actor: Actor,
  input: PeerInput,
): Promise<{ result: 'created' | 'exists'; peer: PeerView }> {
  const problems: Problem[] = []
  if (input.id === ctx.node.id)
    problems.push({ field: 'id', message: 'is this node itself; register the other node' })
  const url = normalisePeerUrl(input.url)
  if ('problem' in url) problems.push({ field: 'url', message: url.problem })
  const key = normalisePublicKey(input.publicKey)
  if ('problem' in key) problems.push({ field: 'publicKey', message: key.problem })
  if (problems.length > 0 || 'problem' in url || 'problem' in key)
    refuseProblems('invalid_request', 'peer', problems)
  return ctx.store.transact(async (tx) => {
    const now = ctx.clock.now().toISOString()
    const organisation = await organisationOf(ctx, tx, actor, input.organisation, now)
    const existing = await tx.getPeer(input.id)
    if (existing) {
      if (
        existing.organisation === organisation &&
        existing.url === url.url &&
        existing.publicKey === key.pem
      )
        return {
          result: 'exists' as const,
          peer: { ...existing, sync: syncOf(await tx.getCheckpoint(existing.id)) },
        }
      throw new Refusal(
        'exists_with_different_fields',
        `node ${input.id} is already registered with a different organisation, URL or key; change it with PATCH /api/peers/${input.id}`,
        { id: input.id },
      )
    }
    const peer: Peer = {
      id: input.id,
      organisation,
      url: url.url,
      publicKey: key.pem,
      status: 'active',
      statusReason: null,
      previousKeys: [],
      addedAt: now,
      updatedAt: now,
      version: 1,
    }
    await tx.savePeer(peer, null)
    await tx.appendEvents(now, actorLabel(actor), [
      { kind: 'peer.added', subject: peer.id, body: peer, share: 'own' },
    ])
    return { result: 'created' as const, peer: { ...peer, sync: syncOf(null) } }
  })
}

/** The organisation's id: given and known here, or found by code, or created (with its event). */
async function organisationOf(
  ctx: AppContext,
  tx: StoreWrites,
  actor: Actor,
  organisation: PeerInput['organisation'],
  now: string,
): Promise<string> {
  if (typeof organisation === 'string') {
    if (!(await tx.getOrganisation(organisation)))
      refuseProblems('unknown_reference', 'peer', [
        {
          field: 'organisation',
          message: `no organisation ${organisation} on this node; add it first (POST /api/organisations)`,
        },
      ])
    return organisation
  }
  const fields = organisation.create
  const known = (await tx.listOrganisations(null)).find((o) => o.code === fields.code)
  if (known) return known.id
  const id = ctx.ids.newId()
  const created: Organisation = {
    ...fields,
    id,
    home: ctx.node.id,
    org: id,
    share: 'all',
    createdAt: now,
    updatedAt: now,
    version: 1,
  }
  await tx.insertOrganisation(created)
  await tx.appendEvents(now, actorLabel(actor), [
    { kind: 'organisation.created', subject: id, body: created, share: 'all' },
  ])
  return id
}

const eventKinds: Record<PeerChange['action'], string> = {
  suspend: 'peer.suspended',
  reactivate: 'peer.reactivated',
  'rotate-key': 'peer.key_rotated',
  'set-url': 'peer.url_changed',
}

/** Suspends, reactivates, rotates the key of, or moves a peer, at the version the caller saw. */
export async function changePeer(
  ctx: AppContext,
  actor: Actor,
  id: string,
  change: PeerChange & { readonly version: number },
): Promise<PeerView> {
  const publicKey = change.action === 'rotate-key' ? checkedKey(change.publicKey) : null
  const url = change.action === 'set-url' ? checkedUrl(change.url) : null
  return ctx.store.transact(async (tx) => {
    const peer = await tx.getPeer(id)
    if (!peer) throw new Refusal('not_found', `no peer ${id}`)
    if (peer.version !== change.version)
      throw new Refusal(
        'version_conflict',
        `peer ${id} is at version ${peer.version}, not ${change.version}: reload it`,
        { version: peer.version },
      )
    const now = ctx.clock.now().toISOString()
    let next: Peer
    if (change.action === 'suspend')
      next = { ...peer, status: 'suspended', statusReason: change.reason }
    else if (change.action === 'reactivate')
      next = { ...peer, status: 'active', statusReason: null }
    else if (change.action === 'set-url') next = { ...peer, url: url as string }
    else {
      if (keysForPage(peer, Number.MAX_SAFE_INTEGER).includes(publicKey as string))
        refuseProblems('invalid_request', 'peer', [
          { field: 'publicKey', message: 'is the key already registered; give the new one' },
        ])
      const checkpoint = await tx.getCheckpoint(id)
      next = {
        ...peer,
        publicKey: publicKey as string,
        previousKeys: [
          ...peer.previousKeys,
          {
            publicKey: peer.publicKey,
            retiredAt: now,
            validToSeq: change.oldKeyValidToSeq ?? checkpoint?.headSeq ?? 0,
          },
        ],
      }
    }
    next = { ...next, updatedAt: now, version: peer.version + 1 }
    if (!(await tx.savePeer(next, peer.version)))
      throw new Refusal('version_conflict', `peer ${id} changed meanwhile: reload it`)
    await tx.appendEvents(now, actorLabel(actor), [
      { kind: eventKinds[change.action], subject: id, body: next, share: 'own' },
    ])
    return { ...next, sync: syncOf(await tx.getCheckpoint(id)) }
  })
}

async function viewOf(ctx: AppContext, peer: Peer): Promise<PeerView> {
  return { ...peer, sync: syncOf(await ctx.store.getCheckpoint(peer.id)) }
}

export async function listPeers(ctx: AppContext): Promise<PeerView[]> {
  const [peers, checkpoints] = await Promise.all([
    ctx.store.listPeers(),
    ctx.store.listCheckpoints(),
  ])
  const byPeer = new Map(checkpoints.map((checkpoint) => [checkpoint.peer, checkpoint]))
  return peers.map((peer) => ({ ...peer, sync: syncOf(byPeer.get(peer.id) ?? null) }))
}

/** One page of the peers, sorted and filtered in the store, each with where this node stands. */
export async function searchPeers(ctx: AppContext, search: PeerSearch): Promise<Page<PeerView>> {
  const [page, checkpoints] = await Promise.all([
    ctx.store.searchPeers(search),
    ctx.store.listCheckpoints(),
  ])
  const byPeer = new Map(checkpoints.map((checkpoint) => [checkpoint.peer, checkpoint]))
  return {
    rows: page.rows.map((peer) => ({ ...peer, sync: syncOf(byPeer.get(peer.id) ?? null) })),
    total: page.total,
  }
}

export async function getPeer(ctx: AppContext, id: string): Promise<PeerView> {
  const peer = await ctx.store.getPeer(id)
  if (!peer) throw new Refusal('not_found', `no peer ${id}`)
  return viewOf(ctx, peer)
}
