/**
 * @module app/ports
 * What the use cases need from the outside world, implemented by store/ (SQLite or PostgreSQL), the
 * node key, and the clock. Use cases never touch a database, a file or the time directly.
 */
import type { ApiToken, Session, User } from '../domain/access/user.js'
import type { Item } from '../domain/catalog/item.js'
import type {
  InFlight,
  NamedRef,
  OpenRequest,
  PipelineEvent,
  ReceivedStock,
} from '../domain/dashboard/figures.js'
import type { ChainEvent } from '../domain/events/chain.js'
import type { Peer, PeerStatus } from '../domain/federation/peer.js'
import type { Account, Balance } from '../domain/ledger/account.js'
import type { AllocationRule } from '../domain/ledger/allocation-rule.js'
import type { Pending, Transfer } from '../domain/ledger/transfer.js'
import type { Organisation } from '../domain/organisations/organisation.js'
import type { Place, PlaceStatusReport, PlaceType } from '../domain/places/place.js'
import type { RecordEnvelope } from '../domain/records/record.js'
import type { Share } from '../domain/records/share.js'
import type { Operation } from '../domain/requests/operation.js'
import type { Pledge, PledgeStatus } from '../domain/requests/pledge.js'
import type { Priority, Request, RequestStatus } from '../domain/requests/request.js'
import type { Asset, AssetKind, AssetStatus } from '../domain/transport/asset.js'
import type { Consignment, ConsignmentStatus } from '../domain/transport/consignment.js'
import type { Leg, LegMode, LegStatus } from '../domain/transport/leg.js'
import type { TrackingEvent } from '../domain/transport/tracking.js'
import type { DirectoryReads } from './directory-ports.js'
import type { MapReads } from './map-reads.js'
import type { PlanReads, PlanWrites } from './plan-ports.js'
import type { ProposalReads, ProposalWrites } from './proposal-ports.js'

export interface Clock {
  now(): Date
}

export interface Ids {
  /** A new time-ordered id (UUIDv7). */
  newId(): string
}

/** The node's Ed25519 identity: signs chain heads (and, later, replication pages). */
export interface NodeKey {
  readonly publicKeyPem: string
  sign(message: Buffer): string
  verify(message: Buffer, signature: string, publicKeyPem?: string): boolean
}

export interface Page<T> {
  readonly rows: T[]
  readonly total: number
}

export interface ItemFilter {
  readonly q?: string | undefined
  readonly category?: string | undefined
  readonly sort: string
  readonly limit: number
  readonly offset: number
}

export interface PlaceFilter {
  readonly q?: string | undefined
  readonly types?: readonly PlaceType[] | undefined
  readonly bbox?: { west: number; south: number; east: number; north: number } | undefined
  readonly admin?: string | undefined
  readonly sort: string
  readonly limit: number
  readonly offset: number
}

/** Whose eyes a read is for: the organisation releasability is checked against (null: the node itself). */
export type Viewer = { readonly org: string } | null

export interface NewEvent {
  readonly kind: string
  readonly subject: string
  readonly body: unknown
  readonly share: Share
}

export interface SignedHead {
  readonly seq: number
  readonly hash: string
  readonly signature: string
  readonly signedAt: string
}

/** A ledger account as stored: the domain's account with the record envelope. */
export interface StoredAccount extends Account, Omit<RecordEnvelope, 'id'> {}
export interface StoredTransfer extends Transfer, Omit<RecordEnvelope, 'id'> {}

export interface BalanceFilter {
  readonly kind?: Account['kind'] | undefined
  readonly place?: string | undefined
  readonly item?: string | undefined
  readonly owner?: string | undefined
  readonly category?: string | undefined
  readonly lot?: string | undefined
  readonly q?: string | undefined
  /** Leave out accounts whose posted and pending quantities are all zero. */
  readonly nonZero?: boolean | undefined
  /** A field of `balanceSortFields`, descending with a leading "-"; by place when left out. */
  readonly sort?: string | undefined
  readonly limit: number
  readonly offset: number
}

export interface BalanceRow {
  readonly account: StoredAccount
  readonly item: {
    readonly code: string
    readonly nameEn: string
    readonly nameJa: string | null
    readonly category: string
    readonly unit: string
    readonly unitWeightG: number | null
    readonly unitVolumeMl: number | null
  }
  readonly place: {
    readonly code: string
    readonly nameEn: string | null
    readonly nameJa: string | null
  } | null
}

export interface CategoryTotal {
  readonly category: string
  readonly quantity: number
  readonly available: number
  readonly weightG: number
  readonly volumeMl: number
}

export interface StockCardLine {
  readonly transfer: StoredTransfer
  /** + into the account, − out of it (posted quantities; pending ones move `pending`). */
  readonly change: number
  readonly postedAfter: number
}

export interface BalanceMismatch {
  readonly accountId: string
  readonly stored: Balance
  readonly recomputed: Balance
}

/**
 * A broken link of an account's stock card chain: a transfer (`transfer`, its id) that names another
 * line before it for this account than the account's previous transfer, or (`transfer` null) an
 * account whose last line or count of lines is not its transfers'. `stored`/`expected` are sequence
 * numbers, or for the count (`what: 'lines'`) numbers of lines.
 */
export interface CardBreak {
  readonly accountId: string
  readonly transfer: string | null
  readonly what: 'previous' | 'last' | 'lines'
  readonly stored: number | null
  readonly expected: number | null
}

/** What a movement names, for the checks before it is written. */
export interface StockReferenceQuery {
  readonly places: readonly string[]
  readonly items: readonly string[]
  readonly organisations: readonly string[]
}

/** Of those named, what exists as the viewer may see it, and the organisation that runs each place. */
export interface StockReferences {
  readonly placeOrgs: ReadonlyMap<string, string>
  readonly placeCodes: ReadonlyMap<string, string>
  readonly items: ReadonlySet<string>
  readonly organisations: ReadonlySet<string>
}

export interface LedgerReads {
  /** One read for every reference a movement names: a transfer request's checks cost one query. */
  stockReferences(query: StockReferenceQuery, viewer: Viewer): Promise<StockReferences>
  getAccounts(ids: readonly string[]): Promise<StoredAccount[]>
  getTransfers(ids: readonly string[]): Promise<StoredTransfer[]>
  getPendings(ids: readonly string[]): Promise<Pending[]>
  listBalances(filter: BalanceFilter, viewer: Viewer): Promise<Page<BalanceRow>>
  stockTotals(
    filter: Omit<BalanceFilter, 'limit' | 'offset'>,
    viewer: Viewer,
  ): Promise<CategoryTotal[]>
  /** Posted balances as they stood at `at`, from the transfers. */
  balancesAsOf(at: string, filter: BalanceFilter, viewer: Viewer): Promise<Page<BalanceRow>>
  stockCard(accountId: string, limit: number, offset: number): Promise<Page<StockCardLine>>
  listOpenPendings(timeoutBefore: string | null, limit: number): Promise<Pending[]>
  /** Balances recomputed from the transfers that differ from the stored ones. */
  findBalanceMismatches(): Promise<BalanceMismatch[]>
  /** Where the stock cards' chains differ from the transfers' order (none when sound). */
  findCardBreaks(): Promise<CardBreak[]>
  /** Allocation rules of one owner, or of all owners when null. */
  listAllocationRules(
    owner: string | null,
  ): Promise<(AllocationRule & Omit<RecordEnvelope, 'id'>)[]>
}

export interface LedgerWrites {
  /** Inserts accounts that do not exist yet (zero balances); existing ones are left alone. */
  ensureAccounts(accounts: readonly StoredAccount[]): Promise<void>
  /**
   * Inserts transfers, in this order, and sets the accounts' new balances; each transfer is linked to
   * its two accounts' transfers before it, the chain a stock card follows.
   */
  recordTransfers(
    transfers: readonly StoredTransfer[],
    balances: ReadonlyMap<string, Balance>,
    at: string,
  ): Promise<void>
  insertPendings(pendings: readonly Pending[]): Promise<void>
  upsertAllocationRule(rule: AllocationRule & Omit<RecordEnvelope, 'id'>): Promise<void>
  resolvePendings(
    resolutions: readonly {
      id: string
      state: 'posted' | 'voided' | 'expired'
      resolvedBy: string
      at: string
    }[],
  ): Promise<void>
}

export interface RequestFilter {
  readonly status?: readonly RequestStatus[] | undefined
  readonly priority?: Priority | undefined
  readonly destination?: string | undefined
  readonly org?: string | undefined
  readonly operation?: string | undefined
  readonly q?: string | undefined
  readonly sort: 'neededBy' | '-neededBy' | 'createdAt' | '-createdAt' | 'priority'
  readonly limit: number
  readonly offset: number
}

export interface RequestReads {
  getRequest(id: string, viewer: Viewer): Promise<Request | null>
  /** By tracking code, releasability aside: the public tracking page shows only status and dates. */
  getRequestByCode(code: string): Promise<Request | null>
  listRequests(filter: RequestFilter, viewer: Viewer): Promise<Page<Request>>
  /** Requests still open (submitted … partially delivered) for one destination. */
  listOpenRequestsAt(destination: string): Promise<Request[]>
  getOperation(id: string, viewer: Viewer): Promise<Operation | null>
  listOperations(viewer: Viewer): Promise<Operation[]>
  getPledge(id: string, viewer: Viewer): Promise<Pledge | null>
  listPledges(
    filter: {
      status?: PledgeStatus | undefined
      org?: string | undefined
      /** Text in the item's or place's name or code, or the pledge's own words. */
      q?: string | undefined
      /** A field of `pledgeSortFields`, descending with a leading "-"; newest first when left out. */
      sort?: string | undefined
      limit: number
      offset: number
    },
    viewer: Viewer,
  ): Promise<Page<Pledge>>
  getPersonalData(id: string): Promise<{
    id: string
    org: string
    body: unknown
    hash: string
    redactedAt: string | null
  } | null>
}

export interface RequestWrites {
  insertRequest(request: Request, contactId: string | null): Promise<void>
  updateRequest(request: Request, expectedVersion: number): Promise<boolean>
  insertOperation(operation: Operation): Promise<void>
  /** Replaces an operation at `expectedVersion`; false when it changed meanwhile. */
  updateOperation(operation: Operation, expectedVersion: number): Promise<boolean>
  savePledge(pledge: Pledge, expectedVersion: number | null): Promise<boolean>
  insertPersonalData(entry: {
    id: string
    org: string
    body: unknown
    hash: string
    createdAt: string
  }): Promise<void>
}

export interface StoreReads extends LedgerReads, RequestReads {
  getMeta(key: string): Promise<string | null>
  getItem(id: string, viewer: Viewer): Promise<Item | null>
  getItemsByCodes(codes: readonly string[]): Promise<Item[]>
  listItems(filter: ItemFilter, viewer: Viewer): Promise<Page<Item>>
  /** Every item in code order, a chunk at a time (exports). */
  streamItems(viewer: Viewer, chunkSize?: number): AsyncGenerator<Item[]>
  getPlace(id: string, viewer: Viewer): Promise<Place | null>
  getPlacesByCodes(codes: readonly string[]): Promise<Place[]>
  listPlaces(filter: PlaceFilter, viewer: Viewer): Promise<Page<Place>>
  streamPlaces(viewer: Viewer, chunkSize?: number): AsyncGenerator<Place[]>
  listOrganisations(viewer: Viewer): Promise<Organisation[]>
  getOrganisation(id: string): Promise<Organisation | null>
  getUser(id: string, viewer: Viewer): Promise<User | null>
  /** A user and its password hash, for sign-in only. */
  getUserForSignIn(username: string): Promise<{ user: User; passwordHash: string } | null>
  getPasswordHash(userId: string): Promise<string | null>
  /** Users of one organisation, or of all when `org` is null. */
  listUsers(org: string | null): Promise<User[]>
  getSession(idHash: string): Promise<Session | null>
  getToken(id: string): Promise<ApiToken | null>
  getTokenBySecretHash(secretHash: string): Promise<ApiToken | null>
  listTokens(org: string | null): Promise<ApiToken[]>
  /** Failed sign-ins for a username since a time, oldest first. */
  listSignInFailures(username: string, since: string): Promise<string[]>
  listEvents(filter: EventFilter, viewer: Viewer): Promise<Page<ChainEvent>>
}

export interface EventFilter {
  readonly actor?: string | undefined
  /** An exact kind, or a prefix when it ends with "." */
  readonly kind?: string | undefined
  readonly subject?: string | undefined
  readonly from?: string | undefined
  readonly to?: string | undefined
  readonly limit: number
  readonly offset: number
}

export interface StoreWrites
  extends StoreReads,
    LedgerWrites,
    RequestWrites,
    TransportReads,
    TransportWrites,
    ConsignmentReads,
    ConsignmentWrites,
    FederationReads,
    FederationWrites,
    PlanReads,
    PlanWrites,
    ProposalReads,
    ProposalWrites {
  setMeta(key: string, value: string): Promise<void>
  insertItems(items: readonly Item[]): Promise<void>
  /** Replaces an item if its stored version is `expectedVersion`; false when it was not. */
  updateItem(item: Item, expectedVersion: number): Promise<boolean>
  insertPlaces(places: readonly Place[]): Promise<void>
  updatePlace(place: Place, expectedVersion: number): Promise<boolean>
  insertPlaceStatus(
    status: PlaceStatusReport & { id: string; placeId: string; org: string; share: Share },
  ): Promise<void>
  insertOrganisations(organisations: readonly Organisation[]): Promise<void>
  insertUser(user: User, passwordHash: string): Promise<void>
  updateUser(user: User, expectedVersion: number, passwordHash?: string): Promise<boolean>
  insertSession(session: Session): Promise<void>
  endSessions(
    where: { idHash: string } | { userId: string; exceptIdHash?: string | undefined },
    at: string,
  ): Promise<void>
  insertToken(token: ApiToken, secretHash: string): Promise<void>
  revokeToken(id: string, at: string): Promise<void>
  insertSignInFailure(id: string, username: string, at: string): Promise<void>
  insertOrganisation(organisation: Organisation): Promise<void>
  updateOrganisation(organisation: Organisation, expectedVersion: number): Promise<boolean>
  /** Appends events to the node's log; seq and hashes are assigned here, in this transaction. */
  appendEvents(at: string, actor: string, events: readonly NewEvent[]): Promise<void>
}

/**
 * Other nodes' stock, as their `transfers.committed` events rebuilt it (never this node's ledger). An
 * account of another node is released as its home releases accounts: to every partner. `account.home`
 * is the node whose stock it is.
 */
export interface ReplicaStockReads {
  listReplicaBalances(
    filter: BalanceFilter & { readonly home?: string | undefined },
    viewer: Viewer,
  ): Promise<Page<BalanceRow>>
}

export interface Store
  extends StoreReads,
    TransportReads,
    ConsignmentReads,
    DashboardReads,
    FederationReads,
    MapReads,
    PlanReads,
    ProposalReads,
    ReplicaStockReads,
    DirectoryReads {
  readonly kind: 'sqlite' | 'postgres'
  /**
   * Runs `work` in one database transaction that serialises writers on the chain head. Events appended
   * inside commit with the rows they describe, and the new head is signed once, at commit.
   */
  transact<T>(work: (tx: StoreWrites) => Promise<T>): Promise<T>
  readEvents(afterSeq: number, limit: number): Promise<ChainEvent[]>
  /** Housekeeping outside the event log: when a session or token was last used. */
  touchSession(idHash: string, at: string): Promise<void>
  touchToken(id: string, at: string): Promise<void>
  readHeads(afterSeq: number, limit: number): Promise<SignedHead[]>
  /**
   * Runs `work` in one transaction on one peer's replicas, with that peer's checkpoint locked: events
   * applied and the checkpoint moved commit together or not at all. Does not touch the chain head.
   */
  syncTransact<T>(
    peer: string,
    work: (tx: ReplicaWrites, checkpoint: SyncCheckpoint) => Promise<T>,
  ): Promise<T>
  close(): Promise<void>
}

export interface AssetFilter {
  readonly kind?: AssetKind | undefined
  readonly status?: AssetStatus | undefined
  readonly org?: string | undefined
  readonly base?: string | undefined
  /** Only assets whose availability window holds this instant. */
  readonly availableAt?: string | undefined
  readonly q?: string | undefined
  /** A field of `assetSortFields`, descending with a leading "-"; by kind when left out. */
  readonly sort?: string | undefined
  readonly limit: number
  readonly offset: number
}

export interface LegFilter {
  readonly mode?: LegMode | undefined
  readonly status?: LegStatus | undefined
  /** Legs from or to this place. */
  readonly place?: string | undefined
  /** Free text matched against the from or to place's folded search text (names, code). */
  readonly q?: string | undefined
  /** A field of `legSortFields`, descending with a leading "-"; by mode when left out. */
  readonly sort?: string | undefined
  readonly limit: number
  readonly offset: number
}

/** A place as the route network sees it. */
export interface NetworkPlaceRow {
  readonly id: string
  readonly code: string
  readonly type: PlaceType
  readonly lat: number
  readonly lon: number
  readonly org: string
  readonly share: Share
}

export interface TransportReads {
  getAsset(id: string, viewer: Viewer): Promise<Asset | null>
  listAssets(filter: AssetFilter, viewer: Viewer): Promise<Page<Asset>>
  getLeg(id: string): Promise<Leg | null>
  getLegs(ids: readonly string[]): Promise<Leg[]>
  listLegs(filter: LegFilter): Promise<Page<Leg>>
  /** Every leg of the network, whatever its status: routing and deriving read it whole. */
  listAllLegs(): Promise<Leg[]>
  /** Every place the viewer may see, with only what the network needs. */
  listNetworkPlaces(viewer: Viewer): Promise<NetworkPlaceRow[]>
}

export interface TransportWrites {
  /** Inserts (expectedVersion null) or replaces an asset at `expectedVersion`; false when stale. */
  saveAsset(asset: Asset, expectedVersion: number | null): Promise<boolean>
  insertLegs(legs: readonly Leg[]): Promise<void>
  updateLeg(leg: Leg, expectedVersion: number): Promise<boolean>
}

export interface ConsignmentFilter {
  readonly status?: ConsignmentStatus | undefined
  readonly origin?: string | undefined
  readonly destination?: string | undefined
  /** Text in the origin's or the destination's name or code. */
  readonly q?: string | undefined
  /** A field of `consignmentSortFields`, descending with a leading "-"; newest first when left out. */
  readonly sort?: string | undefined
  readonly limit: number
  readonly offset: number
}

/** The signature and photo of a receipt, kept apart from the event log (DESIGN.md, principle 9). */
export interface DeliveryProofRecord {
  readonly id: string
  readonly consignment: string
  readonly org: string
  readonly receivedBy: string
  readonly signature: string | null
  readonly photo: string | null
  readonly hash: string
  readonly createdAt: string
}

export interface ConsignmentReads {
  getConsignment(id: string, viewer: Viewer): Promise<Consignment | null>
  listConsignments(filter: ConsignmentFilter, viewer: Viewer): Promise<Page<Consignment>>
  getDeliveryProof(consignment: string): Promise<DeliveryProofRecord | null>
}

export interface ConsignmentWrites {
  /** Inserts (expectedVersion null) or replaces a consignment at `expectedVersion`; false when stale. */
  saveConsignment(consignment: Consignment, expectedVersion: number | null): Promise<boolean>
  /** Appends one event to a consignment's tracking (the consignment's own row keeps its latest ETA). */
  insertTrackingEvent(consignment: string, event: TrackingEvent, createdAt: string): Promise<void>
  insertDeliveryProof(proof: DeliveryProofRecord): Promise<void>
}

/** Stock accounts summed by place and item category (posted, reserved, available, weight, volume). */
export interface PlaceCategoryStock {
  readonly place: NamedRef
  readonly category: string
  readonly posted: number
  readonly pendingOut: number
  readonly available: number
  readonly weightG: number
  readonly volumeMl: number
}

/** The dashboard's reads: each counts only records released to the viewer. */
export interface DashboardReads {
  stockByPlace(viewer: Viewer): Promise<PlaceCategoryStock[]>
  /** The pipeline's request events (pipelineEventKinds) at or after `since`. */
  pipelineEvents(
    since: string,
    operation: string | undefined,
    viewer: Viewer,
  ): Promise<PipelineEvent[]>
  /** Validated requests not yet delivered (validated … partially delivered), with their destination. */
  openRequests(operation: string | undefined, viewer: Viewer): Promise<OpenRequest[]>
  /** Unit weights in grams; null when the catalog does not say. */
  unitWeights(items: readonly string[]): Promise<Map<string, number | null>>
  /** The ids of an operation's requests. */
  requestIdsOf(operation: string, viewer: Viewer): Promise<Set<string>>
  /** Dispatched consignments (not yet arrived), with the requests their lines serve. */
  consignmentsInFlight(viewer: Viewer): Promise<(InFlight & { readonly requests: string[] })[]>
  /** Received consignments: the owners of their lines and the requests they served. */
  deliveredConsignments(
    viewer: Viewer,
  ): Promise<{ readonly owners: string[]; readonly requests: string[] }[]>
  /** Stock received from outside (supply → stock, posted), by owner and category. */
  receivedStock(viewer: Viewer): Promise<ReceivedStock[]>
  /** Pledges confirmed or received: organisation, status and operation. */
  pledgeStates(
    viewer: Viewer,
  ): Promise<{ readonly org: string; readonly status: string; readonly operation: string | null }[]>
}

/** Where this node stands in a peer's log, and how the last contact with it went. */
export interface SyncCheckpoint {
  readonly peer: string
  /** The last seq of the peer's log applied here (every event up to it released to us is held). */
  readonly seq: number
  /** The peer's chain hash at `seq`. */
  readonly hash: string
  /** The head the peer last announced: lag = headSeq − seq. */
  readonly headSeq: number
  readonly lastContactAt: string | null
  readonly lastSuccessAt: string | null
  readonly lastError: string | null
  readonly lastErrorAt: string | null
  /** Failed pulls in a row (the backoff grows with them). */
  readonly failures: number
  readonly updatedAt: string
}

/** Peers as a list that pages, sorts and filters in the store (`sort` a field of `peerSortFields`). */
export interface PeerSearch {
  readonly q?: string | undefined
  readonly status?: PeerStatus | undefined
  readonly sort?: string | undefined
  readonly limit: number
  readonly offset: number
}

export interface FederationReads {
  getPeer(id: string): Promise<Peer | null>
  listPeers(): Promise<Peer[]>
  searchPeers(search: PeerSearch): Promise<Page<Peer>>
  getCheckpoint(peer: string): Promise<SyncCheckpoint | null>
  listCheckpoints(): Promise<SyncCheckpoint[]>
  /** The organisation and home of each record named that this node holds, whichever its table. */
  recordOwners(ids: readonly string[]): Promise<ReadonlyMap<string, { org: string; home: string }>>
  /** Events received from `home`, in seq order. */
  readReplicaEvents(home: string, afterSeq: number, limit: number): Promise<ChainEvent[]>
  /** This node's chain head: its last seq and that event's hash. */
  readChainHead(): Promise<{ seq: number; hash: string }>
}

export interface FederationWrites {
  /** Inserts a peer with a zero checkpoint (expectedVersion null) or replaces it at expectedVersion. */
  savePeer(peer: Peer, expectedVersion: number | null): Promise<boolean>
}

export interface ReplicaWrites {
  /** Inserts the events of `home` not held yet; returns how many were new. */
  insertReplicaEvents(
    home: string,
    events: readonly ChainEvent[],
    receivedAt: string,
  ): Promise<number>
  saveCheckpoint(checkpoint: SyncCheckpoint): Promise<void>
  /**
   * Folds events of `home` just stored (in seq order) into read-only replicas of the records they are
   * about and into `home`'s replica stock (domain/federation/projection.ts); replaying one changes nothing.
   */
  projectReplicaEvents(home: string, events: readonly ChainEvent[]): Promise<void>
}

/** A peer's request for events, as the HTTP layer received it. */
export interface SyncAsk {
  readonly method: string
  readonly pathAndQuery: string
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
  readonly after: number
  readonly limit: number
}

export type ServeRefusal =
  | 'missing_signature'
  | 'clock_skew'
  | 'unknown_peer'
  | 'suspended_peer'
  | 'bad_signature'
  | 'checkpoint_ahead'

export type ServeOutcome =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: ServeRefusal; readonly message: string }

export interface PullProgress {
  readonly peer: string
  readonly seq: number
  readonly head: number
  readonly received: number
}

export interface PullReport extends PullProgress {
  /** `behind`: it stopped before the head (late or repeated answers); the next pull goes on. */
  readonly outcome: 'caught_up' | 'behind' | 'failed'
  readonly error: string | null
}

export interface SyncLoop {
  stop(): Promise<void>
}

/** Federation, implemented by sync/: answering peers' pulls, and pulling from them. */
export interface Federation {
  serveEvents(ask: SyncAsk): Promise<ServeOutcome>
  /** Pulls from one peer, or every active one, until caught up or refused. */
  pull(peer?: string, onProgress?: (progress: PullProgress) => void): Promise<PullReport[]>
  /** Pulls from every active peer in the background, each with its own backoff, until stopped. */
  startLoop(onReport?: (report: PullReport) => void): SyncLoop
}
