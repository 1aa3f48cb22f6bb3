/**
 * @module domain/federation/projection
 * What a peer's events make of the records they are about (DESIGN.md, principle 1): requests (with
 * their lines' progress), consignments, pledges, the places a node created and places' reported status,
 * each a read-only replica carrying its home; and the home's stock balances, rebuilt from its
 * `transfers.committed` events. Pure: the store loads the current replicas, folds the events into
 * them here and writes back what changed, in the transaction that moves the checkpoint.
 *
 * Idempotent and order-safe on top of replica.ts: each replica keeps the seq of the last event folded
 * into it and an event at or below that seq changes nothing, so a page applied twice (or a peer
 * re-registered from an earlier checkpoint) leaves the same records. Events are folded in seq order.
 * An event that changes a record this node never received (released later than its creation, or
 * written before this version) changes nothing rather than inventing the rest of the record.
 */
import type { ChainEvent } from '../events/chain.js'
import type { Delta } from '../ledger/transfer.js'
import type { Place, PlaceStatusReport } from '../places/place.js'
import type { Share } from '../records/share.js'
import type { Pledge } from '../requests/pledge.js'
import {
  type CapabilityStatus,
  type Request,
  type RequestStatus,
  recordRequestProgress,
} from '../requests/request.js'
import type { Consignment, ConsignmentStatus } from '../transport/consignment.js'
import { inTimeOrder, type TrackingEvent } from '../transport/tracking.js'
import type { PeerReceipt } from './peer-receipt.js'
import type { Proposal, ProposalDecision } from './proposal.js'

/** A place as its home created it, without the status reported about it (a record of its own). */
export type PlaceRecord = Omit<Place, 'status'>

/** A report of a place's status: a record of the node that made it. */
export interface PlaceStatusRecord extends PlaceStatusReport {
  readonly id: string
  readonly placeId: string
  readonly org: string
  readonly share: Share
}

export type Replica =
  | { readonly kind: 'request'; readonly record: Request }
  | { readonly kind: 'consignment'; readonly record: Consignment }
  | { readonly kind: 'pledge'; readonly record: Pledge }
  | { readonly kind: 'place'; readonly record: PlaceRecord }
  | { readonly kind: 'place_status'; readonly record: PlaceStatusRecord }
  | { readonly kind: 'proposal'; readonly record: Proposal }
  | { readonly kind: 'proposal_decision'; readonly record: ProposalDecision }
  | { readonly kind: 'peer_receipt'; readonly record: PeerReceipt }

export type ReplicaKind = Replica['kind']

/** A replica and the seq of its home's last event folded into it. */
export interface HeldReplica {
  readonly replica: Replica
  readonly seq: number
}

/** Which record an event is about, by its kind; null for events that make no replica here. */
export function replicaKindOf(eventKind: string): ReplicaKind | null {
  if (eventKind.startsWith('request.')) return 'request'
  if (eventKind.startsWith('consignment.')) return 'consignment'
  if (eventKind.startsWith('pledge.')) return 'pledge'
  if (eventKind === 'place.status_reported') return 'place_status'
  if (eventKind === 'proposal.made' || eventKind === 'proposal.withdrawn') return 'proposal'
  if (eventKind === 'proposal.accepted' || eventKind === 'proposal.declined')
    return 'proposal_decision'
  if (eventKind === 'peer_receipt.recorded') return 'peer_receipt'
  // `place.imported` and updates of reference places are the same on every node (home `public`).
  if (eventKind === 'place.created' || eventKind === 'place.updated') return 'place'
  return null
}

type Body = Record<string, unknown>

/**
 * Organisation ids are each node's own: the home's id of an organisation is told to this node's by
 * its code, and the home's own organisation is the one its peer registration names. Every id of the
 * home's events is rewritten through this map, so that releasability (`org`, `share`), owners and
 * taskings name organisations as this node knows them; an organisation this node does not know
 * keeps the home's id.
 */
export type OrganisationMap = ReadonlyMap<string, string>

export function organisationMap(input: {
  /** The home's own organisation, as its `node.initialised` event names it, when received. */
  readonly homeOrg: string | null
  /** The organisation this node registered the home's peer with (null: not registered). */
  readonly peerOrg: string | null
  /** The home's organisations (its `organisation.created` and `.updated` events, in seq order). */
  readonly homeOrganisations: readonly { readonly id: string; readonly code: string }[]
  readonly localOrganisations: readonly { readonly id: string; readonly code: string }[]
}): OrganisationMap {
  const byCode = new Map(input.localOrganisations.map((o) => [o.code, o.id]))
  const map = new Map<string, string>()
  for (const organisation of input.homeOrganisations) {
    const local = byCode.get(organisation.code)
    if (local && local !== organisation.id) map.set(organisation.id, local)
  }
  if (input.homeOrg && input.peerOrg && input.homeOrg !== input.peerOrg)
    map.set(input.homeOrg, input.peerOrg)
  return map
}

/** The value with every string that is a mapped organisation id replaced, at any depth. */
export function translateOrganisations<T>(value: T, orgs: OrganisationMap): T {
  if (orgs.size === 0) return value
  // Loops, not Object.entries/fromEntries: this runs on every event a peer sends (bench:sync).
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return orgs.get(v) ?? v
    if (v === null || typeof v !== 'object') return v
    if (Array.isArray(v)) {
      const copy = new Array<unknown>(v.length)
      for (let i = 0; i < v.length; i++) copy[i] = walk(v[i])
      return copy
    }
    const copy: Record<string, unknown> = {}
    for (const key of Object.keys(v)) {
      const inner = walk((v as Record<string, unknown>)[key])
      // A key "__proto__" (JSON may hold one) stays a key, as fromEntries kept it.
      if (key === '__proto__')
        Object.defineProperty(copy, key, {
          value: inner,
          enumerable: true,
          writable: true,
          configurable: true,
        })
      else copy[key] = inner
    }
    return copy
  }
  return walk(value) as T
}

function parse(body: string, orgs: OrganisationMap = new Map()): Body | null {
  try {
    const value: unknown = JSON.parse(body)
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? translateOrganisations(value as Body, orgs)
      : null
  } catch {
    return null
  }
}

/** The body is a whole record of `home`: one this node may hold as a replica of it. */
function wholeRecordOf(body: Body, home: string): boolean {
  return body.home === home && typeof body.id === 'string' && typeof body.org === 'string'
}

const text = (body: Body, ...keys: string[]) => keys.every((key) => typeof body[key] === 'string')
const list = (body: Body, ...keys: string[]) => keys.every((key) => Array.isArray(body[key]))

/**
 * The fields each kind of replica cannot be stored without, checked before a body is taken whole:
 * a body that lacks them (another version's, or a peer's mistake) makes no replica rather than a
 * transaction that fails on every pull.
 */
const complete: Record<ReplicaKind, (body: Body) => boolean> = {
  request: (b) =>
    text(b, 'code', 'status', 'destination', 'neededBy', 'createdAt', 'updatedAt') &&
    list(b, 'lines') &&
    typeof b.version === 'number',
  consignment: (b) =>
    text(b, 'origin', 'destination', 'status', 'createdAt', 'updatedAt') &&
    list(b, 'lines', 'route') &&
    typeof b.version === 'number',
  pledge: (b) =>
    text(b, 'status', 'kind', 'createdAt', 'updatedAt') && typeof b.version === 'number',
  place: (b) =>
    text(b, 'code', 'type', 'country', 'createdAt', 'updatedAt') &&
    typeof b.lat === 'number' &&
    typeof b.lon === 'number' &&
    typeof b.version === 'number',
  place_status: (b) => text(b, 'placeId', 'status', 'reportedAt'),
  proposal: (b) =>
    text(b, 'plan', 'sortie', 'peer', 'origin', 'destination', 'departure', 'eta', 'createdAt') &&
    list(b, 'lines', 'route'),
  proposal_decision: (b) => text(b, 'proposal', 'proposer', 'decision', 'createdAt'),
  peer_receipt: (b) =>
    text(b, 'consignment', 'sender', 'destination', 'receivedAt', 'createdAt') && list(b, 'lines'),
}

function wholeOf(kind: ReplicaKind, body: Body, home: string): boolean {
  return wholeRecordOf(body, home) && complete[kind](body)
}

/**
 * The replica after one event of `home`, or null when the event changes nothing here (an older seq, a
 * kind that makes no replica, a change to a record never received, a record of another home).
 */
export function projectEvent(
  held: HeldReplica | null,
  home: string,
  event: ChainEvent,
  orgs: OrganisationMap = new Map(),
): HeldReplica | null {
  if (held && event.seq <= held.seq) return null
  const kind = replicaKindOf(event.kind)
  if (kind === null) return null
  if (held && held.replica.kind !== kind) return null
  const body = parse(event.body, orgs)
  if (!body) return null
  const replica = next(held?.replica ?? null, kind, home, event, body)
  return replica ? { replica, seq: event.seq } : null
}

function next(
  current: Replica | null,
  kind: ReplicaKind,
  home: string,
  event: ChainEvent,
  body: Body,
): Replica | null {
  switch (kind) {
    case 'request':
      return nextRequest(current?.kind === 'request' ? current.record : null, home, event, body)
    case 'consignment':
      return nextConsignment(
        current?.kind === 'consignment' ? current.record : null,
        home,
        event,
        body,
      )
    case 'pledge':
      // Every pledge event carries the whole pledge as it became.
      return wholeOf(kind, body, home) ? { kind, record: body as unknown as Pledge } : null
    case 'place':
      if (!wholeOf(kind, body, home)) return null
      return { kind, record: body as unknown as PlaceRecord }
    case 'place_status':
      if (!wholeOf(kind, body, home) || current) return null
      return { kind, record: body as unknown as PlaceStatusRecord }
    // A proposal changes once at most (withdrawn): each event carries it whole, the newer version wins.
    case 'proposal': {
      if (!wholeOf(kind, body, home)) return null
      const held = current?.kind === 'proposal' ? current.record : null
      if (held && !(typeof body.version === 'number' && body.version > held.version)) return null
      return { kind, record: body as unknown as Proposal }
    }
    // Written once each, never changed: the first whole body is the record.
    case 'proposal_decision':
      if (!wholeOf(kind, body, home) || current) return null
      return { kind, record: body as unknown as ProposalDecision }
    case 'peer_receipt':
      if (!wholeOf(kind, body, home) || current) return null
      return { kind, record: body as unknown as PeerReceipt }
  }
}

function nextRequest(
  current: Request | null,
  home: string,
  event: ChainEvent,
  body: Body,
): Replica | null {
  if (event.kind === 'request.created') {
    if (!wholeOf('request', body, home) || current) return null
    // The contact is personal data: the event holds only its reference and hash, not kept here.
    const { contact: _contact, ...request } = body
    return { kind: 'request', record: request as unknown as Request }
  }
  if (!current) return null
  const changed = { updatedAt: event.at, version: current.version + 1 }
  if (event.kind === 'request.progressed') {
    let lines = current.lines
    const moves = Array.isArray(body.lines) ? (body.lines as Body[]) : []
    for (const move of moves) {
      const { line, ...change } = move
      const moved = recordRequestProgress(
        { status: current.status, lines },
        String(line),
        change as { planned?: number; dispatched?: number; delivered?: number },
      )
      if (moved.ok) lines = moved.lines
    }
    return {
      kind: 'request',
      record: { ...current, ...changed, lines, status: body.status as RequestStatus },
    }
  }
  if (event.kind.startsWith('request.capability_')) {
    const lines = current.lines.map((line) =>
      line.id === body.line && line.kind === 'capability'
        ? {
            ...line,
            status: body.status as CapabilityStatus,
            taskedTo: (body.taskedTo as string | null) ?? null,
          }
        : line,
    )
    return { kind: 'request', record: { ...current, ...changed, lines } }
  }
  // submitted, validated, rejected, cancelled, closed: the new status, reason and duplicates.
  const status = body.status as RequestStatus
  const lines =
    event.kind === 'request.validated'
      ? current.lines.map((line) =>
          line.kind === 'capability' ? { ...line, status: 'validated' as const } : line,
        )
      : current.lines
  return {
    kind: 'request',
    record: {
      ...current,
      ...changed,
      status,
      lines,
      rejectionReason: (body.reason as string | null | undefined) ?? current.rejectionReason,
      possibleDuplicates: Array.isArray(body.possibleDuplicates)
        ? (body.possibleDuplicates as string[])
        : current.possibleDuplicates,
    },
  }
}

function nextConsignment(
  current: Consignment | null,
  home: string,
  event: ChainEvent,
  body: Body,
): Replica | null {
  if (event.kind === 'consignment.planned') {
    if (!wholeOf('consignment', body, home) || current) return null
    const record = body as unknown as Consignment
    return { kind: 'consignment', record: { ...record, tracking: record.tracking ?? [] } }
  }
  if (!current) return null
  const version = typeof body.version === 'number' ? body.version : current.version + 1
  const base = { ...current, updatedAt: event.at, version }
  const tracked = body.tracking as TrackingEvent | undefined
  const tracking =
    tracked && !current.tracking.some((t) => t.id === tracked.id)
      ? inTimeOrder([...current.tracking, tracked])
      : current.tracking
  const eta = body.eta === undefined ? current.eta : (body.eta as string | null)
  if (event.kind === 'consignment.tracked')
    return { kind: 'consignment', record: { ...base, tracking, eta } }
  const status = body.status as ConsignmentStatus
  const record: Consignment = {
    ...base,
    status,
    tracking,
    eta,
    dispatchedAt: event.kind === 'consignment.dispatched' ? event.at : current.dispatchedAt,
    arrivedAt: event.kind === 'consignment.arrived' ? event.at : current.arrivedAt,
    cancelledAt: event.kind === 'consignment.cancelled' ? event.at : current.cancelledAt,
  }
  if (event.kind !== 'consignment.received') return { kind: 'consignment', record }
  const received = new Map(
    (Array.isArray(body.lines) ? (body.lines as Body[]) : []).map((l) => [l.id, l]),
  )
  return {
    kind: 'consignment',
    record: {
      ...record,
      receivedAt: event.at,
      proof: (body.proof as Consignment['proof']) ?? null,
      lines: current.lines.map((line) => {
        const got = received.get(line.id)
        return got
          ? {
              ...line,
              quantityReceived: (got.quantityReceived as number | null) ?? null,
              discrepancyReason: (got.discrepancyReason as string | null) ?? null,
            }
          : line
      }),
    },
  }
}

/** Folds a run of one home's events into the replicas they are about (`held`: those held already). */
export function projectEvents(
  held: ReadonlyMap<string, HeldReplica>,
  home: string,
  events: readonly ChainEvent[],
  orgs: OrganisationMap = new Map(),
): Map<string, HeldReplica> {
  const changed = new Map<string, HeldReplica>()
  for (const event of events) {
    const current = changed.get(event.subject) ?? held.get(event.subject) ?? null
    const after = projectEvent(current, home, event, orgs)
    if (after) changed.set(event.subject, after)
  }
  return changed
}

// ---- Stock: the home's balances from its transfers -------------------------------------------------

/** An account of another node as its transfers' events describe it. */
export interface ReplicaAccountKey {
  readonly kind: string
  readonly where: string
  readonly item: string
  readonly owner: string
  readonly lot: string
  readonly expiresOn: string | null
}

export interface ReplicaAccount {
  readonly id: string
  /** Null while no event has described the account (events written before they carried it). */
  key: ReplicaAccountKey | null
  posted: number
  pendingOut: number
  pendingIn: number
  updatedAt: string
}

export interface ReplicaPending {
  readonly id: string
  readonly fromAccount: string
  readonly toAccount: string
  readonly quantity: number
  state: 'pending' | 'posted' | 'voided'
}

/**
 * The home's ledger as far as this node holds it: the accounts and pending transfers its events
 * touched. The store loads the ones a run of events names, and writes back those marked changed.
 */
export interface ReplicaLedger {
  /** The seq of the last `transfers.committed` event applied: one at or below it changes nothing. */
  seq: number
  readonly accounts: Map<string, ReplicaAccount>
  readonly pendings: Map<string, ReplicaPending>
  readonly changedAccounts: Set<string>
  readonly changedPendings: Set<string>
}

interface EventTransfer {
  readonly id: string
  readonly mode: 'single' | 'pending' | 'post' | 'void'
  readonly fromAccount: string
  readonly toAccount: string
  readonly quantity: number
  readonly pendingId: string | null
}

interface TransfersBody {
  readonly transfers?: readonly EventTransfer[]
  readonly accounts?: readonly (ReplicaAccountKey & { readonly id: string })[]
}

/** The account and pending ids a `transfers.committed` body names, for the store to load. */
export function ledgerIdsOf(body: string): { accounts: string[]; pendings: string[] } {
  const parsed = parse(body) as TransfersBody | null
  const accounts: string[] = []
  const pendings: string[] = []
  for (const t of parsed?.transfers ?? []) {
    accounts.push(t.fromAccount, t.toAccount)
    pendings.push(t.pendingId ?? t.id)
  }
  return { accounts, pendings }
}

function accountIn(ledger: ReplicaLedger, id: string, at: string): ReplicaAccount {
  let account = ledger.accounts.get(id)
  if (!account) {
    account = { id, key: null, posted: 0, pendingOut: 0, pendingIn: 0, updatedAt: at }
    ledger.accounts.set(id, account)
  }
  return account
}

function apply(ledger: ReplicaLedger, id: string, delta: Delta, at: string): void {
  const account = accountIn(ledger, id, at)
  account.posted += delta.posted
  account.pendingOut += delta.pendingOut
  account.pendingIn += delta.pendingIn
  account.updatedAt = at
  ledger.changedAccounts.add(id)
}

/**
 * Applies one `transfers.committed` event of the home to its replica ledger, as the home applied it
 * (domain/ledger/transfer.ts): the home already decided every transfer, so nothing is refused here —
 * except a post or void of a pending transfer this node does not hold, which moves nothing.
 */
export function applyTransfersEvent(
  ledger: ReplicaLedger,
  event: ChainEvent,
  orgs: OrganisationMap = new Map(),
): void {
  if (event.kind !== 'transfers.committed' || event.seq <= ledger.seq) return
  ledger.seq = event.seq
  const body = parse(event.body, orgs) as TransfersBody | null
  if (!body) return
  for (const described of body.accounts ?? []) {
    const { id, ...key } = described
    const account = accountIn(ledger, id, event.at)
    if (!account.key) {
      account.key = { ...key, expiresOn: key.expiresOn ?? null }
      ledger.changedAccounts.add(id)
    }
  }
  for (const t of body.transfers ?? []) {
    if (t.mode === 'single') {
      apply(ledger, t.fromAccount, { posted: -t.quantity, pendingOut: 0, pendingIn: 0 }, event.at)
      apply(ledger, t.toAccount, { posted: t.quantity, pendingOut: 0, pendingIn: 0 }, event.at)
    } else if (t.mode === 'pending') {
      if (ledger.pendings.has(t.id)) continue
      ledger.pendings.set(t.id, {
        id: t.id,
        fromAccount: t.fromAccount,
        toAccount: t.toAccount,
        quantity: t.quantity,
        state: 'pending',
      })
      ledger.changedPendings.add(t.id)
      apply(ledger, t.fromAccount, { posted: 0, pendingOut: t.quantity, pendingIn: 0 }, event.at)
      apply(ledger, t.toAccount, { posted: 0, pendingOut: 0, pendingIn: t.quantity }, event.at)
    } else {
      const pending = t.pendingId ? ledger.pendings.get(t.pendingId) : undefined
      if (pending?.state !== 'pending') continue
      const posted = t.mode === 'post' ? t.quantity : 0
      pending.state = t.mode === 'post' ? 'posted' : 'voided'
      ledger.changedPendings.add(pending.id)
      apply(
        ledger,
        pending.fromAccount,
        { posted: -posted, pendingOut: -pending.quantity, pendingIn: 0 },
        event.at,
      )
      apply(
        ledger,
        pending.toAccount,
        { posted, pendingOut: 0, pendingIn: -pending.quantity },
        event.at,
      )
    }
  }
}
