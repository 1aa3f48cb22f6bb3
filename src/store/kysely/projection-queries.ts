/**
 * @module store/kysely/projection-queries
 * Folding a peer's received events into read-only replicas (domain/federation/projection.ts), inside
 * the replica transaction that stores the events and moves the checkpoint: the records they are about
 * are loaded, folded in memory and written back whole, with the seq of the last event folded into each;
 * the home's stock goes to its own replica tables, never to this node's ledger.
 */
import { type Kysely, sql } from 'kysely'
import type { BalanceRow, ReplicaStockReads } from '../../app/ports.js'
import type { ChainEvent } from '../../domain/events/chain.js'
import {
  applyTransfersEvent,
  type HeldReplica,
  ledgerIdsOf,
  type OrganisationMap,
  organisationMap,
  projectEvents,
  type Replica,
  type ReplicaAccount,
  type ReplicaLedger,
  replicaKindOf,
} from '../../domain/federation/projection.js'
import type { AccountKind } from '../../domain/ledger/account.js'
import { foldForSearch } from '../../domain/places/place.js'
import { encodeShare } from '../../domain/records/share.js'
import { type Column, dialectOf, idIn, insertNewRows, insertRows } from './bulk.js'
import { consignmentReads, consignmentWrites, fromConsignment } from './consignment-queries.js'
import { withFederation } from './federation-queries.js'
import { balanceColumns, balanceReferences } from './ledger-queries.js'
import { boundPattern } from './like.js'
import { fromPlace, fromPlaceStatus } from './mappers.js'
import { proposalReads, proposalWrites } from './proposal-queries.js'
import { releasedTo, storeReads } from './reads.js'
import { requestReads, requestWrites } from './request-queries.js'
import type { Database } from './schema.js'
import { containsPattern, orderClause } from './sorting.js'
import { insertTrackingEvent } from './tracking-queries.js'

/** Folds `events` of `home` (in seq order) into its replicas and replica stock. */
export async function projectReplicaEvents(
  trx: Kysely<Database>,
  home: string,
  events: readonly ChainEvent[],
): Promise<void> {
  if (!events.some((e) => replicaKindOf(e.kind) !== null || e.kind === 'transfers.committed'))
    return
  const orgs = await organisationsOf(trx, home)
  await projectRecords(trx, home, events, orgs)
  await projectStock(trx, home, events, orgs)
}

/** The home's organisation ids as this node's (the events this node holds of it tell their codes). */
async function organisationsOf(trx: Kysely<Database>, home: string): Promise<OrganisationMap> {
  const fdb = withFederation(trx)
  const peer = await fdb
    .selectFrom('peers')
    .select('organisation')
    .where('id', '=', home)
    .executeTakeFirst()
  // Sorted here, not by the query: asked to order by seq, SQLite walks the whole (home, seq) primary
  // key of everything received from the home instead of the (home, kind, seq) index — a scan that grew
  // with the peer's log, 38 ms of a 1,000-event page's 112 ms at 93,507 events (bench/RESULTS.md).
  const received = (
    await fdb
      .selectFrom('replica_events')
      .select(['kind', 'body', 'seq'])
      .where('home', '=', home)
      .where('kind', 'in', ['node.initialised', 'organisation.created', 'organisation.updated'])
      .execute()
  ).sort((a, b) => Number(a.seq) - Number(b.seq))
  let homeOrg: string | null = null
  const homeOrganisations: { id: string; code: string }[] = []
  for (const row of received) {
    const body = JSON.parse(row.body) as { org?: unknown; id?: unknown; code?: unknown }
    if (row.kind === 'node.initialised' && typeof body.org === 'string') homeOrg = body.org
    else if (typeof body.id === 'string' && typeof body.code === 'string')
      homeOrganisations.push({ id: body.id, code: body.code })
  }
  const localOrganisations = await trx.selectFrom('organisations').select(['id', 'code']).execute()
  return organisationMap({
    homeOrg,
    peerOrg: peer?.organisation ?? null,
    homeOrganisations,
    localOrganisations,
  })
}

async function heldReplica(
  trx: Kysely<Database>,
  home: string,
  id: string,
  kind: string,
  seq: number,
): Promise<HeldReplica | null> {
  let replica: Replica | null = null
  if (kind === 'request') {
    const record = await requestReads(trx).getRequest(id, null)
    if (record) replica = { kind, record }
  } else if (kind === 'consignment') {
    const record = await consignmentReads(trx).getConsignment(id, null)
    if (record) replica = { kind, record }
  } else if (kind === 'pledge') {
    const record = await requestReads(trx).getPledge(id, null)
    if (record) replica = { kind, record }
  } else if (kind === 'place') {
    const place = await storeReads(trx).getPlace(id, null)
    if (place) {
      const { status: _status, ...record } = place
      replica = { kind, record }
    }
  } else if (kind === 'proposal') {
    const record = await proposalReads(trx).getProposal(id, null)
    if (record) replica = { kind, record }
  } else if (kind === 'proposal_decision') {
    // Held or not is all that matters: a decision is never changed.
    const row = await trx
      .withTables<{ proposal_decisions: { id: string; body: string } }>()
      .selectFrom('proposal_decisions')
      .select('body')
      .where('id', '=', id)
      .executeTakeFirst()
    if (row) replica = { kind, record: JSON.parse(row.body) }
  } else if (kind === 'peer_receipt') {
    const row = await trx
      .withTables<{ peer_receipts: { id: string; body: string } }>()
      .selectFrom('peer_receipts')
      .select('body')
      .where('id', '=', id)
      .executeTakeFirst()
    if (row) replica = { kind, record: JSON.parse(row.body) }
  } else if (kind === 'place_status') {
    // Never changed after it is reported: only that it is held matters.
    const row = await trx
      .selectFrom('place_statuses')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    if (row)
      replica = {
        kind,
        record: {
          id: row.id,
          placeId: row.place_id,
          status: row.status as 'open',
          note: row.note,
          reportedAt: row.reported_at,
          home: row.home,
          org: row.org,
          share: 'own',
        },
      }
  }
  // A record of this node (or reference data) under the same id is never a replica to fold into.
  if (!replica || replica.record.home !== home) return null
  return { replica, seq }
}

async function projectRecords(
  trx: Kysely<Database>,
  home: string,
  events: readonly ChainEvent[],
  orgs: OrganisationMap,
): Promise<void> {
  const relevant = events.filter((event) => replicaKindOf(event.kind) !== null)
  if (relevant.length === 0) return
  const dialect = dialectOf(trx)
  const subjects = [...new Set(relevant.map((event) => event.subject))]
  const rows = await trx
    .selectFrom('replica_records')
    .selectAll()
    .where('home', '=', home)
    .where(idIn(dialect, 'id', subjects))
    .execute()
  const held = new Map<string, HeldReplica>()
  for (const row of rows) {
    const found = await heldReplica(trx, home, row.id, row.kind, Number(row.seq))
    if (found) held.set(row.id, found)
  }
  const changed = projectEvents(held, home, relevant, orgs)
  const folded: { id: string; home: string; kind: string; seq: number }[] = []
  const fresh: { replica: InsertedMany; seq: number }[] = []
  for (const [id, after] of changed) {
    const before = held.get(id)?.replica ?? null
    if (before === null && isInsertedMany(after.replica))
      fresh.push({ replica: after.replica, seq: after.seq })
    else if (await writeReplica(trx, before, after.replica))
      folded.push({ id, home, kind: after.replica.kind, seq: after.seq })
  }
  // Records new to this node, many a statement: one insert each cost a page of 1,000 events about
  // half its apply (bench/RESULTS.md, federation).
  const inserted = await insertNewReplicas(
    trx,
    fresh.map((f) => f.replica),
  )
  for (const { replica, seq } of fresh)
    if (inserted.has(replica.record.id))
      folded.push({ id: replica.record.id, home, kind: replica.kind, seq })
  // Which seq each replica was folded to: one statement per few hundred records, not one each.
  for (let from = 0; from < folded.length; from += FOLDED_PER_STATEMENT)
    await trx
      .insertInto('replica_records')
      .values(folded.slice(from, from + FOLDED_PER_STATEMENT))
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          seq: eb.ref('excluded.seq'),
          kind: eb.ref('excluded.kind'),
        })),
      )
      .execute()
}

/** Rows of replica_records a statement: 4 bound values each, well under SQLite's limit. */
const FOLDED_PER_STATEMENT = 500

/** Writes a replica as it became; false when it could not be kept (a place code used here already). */
async function writeReplica(
  trx: Kysely<Database>,
  before: Replica | null,
  after: Replica,
): Promise<boolean> {
  switch (after.kind) {
    case 'request':
      if (before?.kind === 'request')
        return requestWrites(trx).updateRequest(after.record, before.record.version)
      return (await insertNewReplicas(trx, [after])).size === 1
    case 'consignment': {
      const prior = before?.kind === 'consignment' ? before.record : null
      if (!prior) return (await insertNewReplicas(trx, [after])).size === 1
      const writes = consignmentWrites(trx)
      if (!(await writes.saveConsignment(after.record, prior.version))) return false
      const known = new Set(prior.tracking.map((t) => t.id))
      for (const tracked of after.record.tracking)
        if (!known.has(tracked.id))
          await writes.insertTrackingEvent(after.record.id, tracked, after.record.updatedAt)
      return true
    }
    case 'pledge':
      return requestWrites(trx).savePledge(
        after.record,
        before?.kind === 'pledge' ? before.record.version : null,
      )
    case 'place': {
      const row = fromPlace({ ...after.record, status: null })
      if (before?.kind === 'place') {
        const { id, ...rest } = row
        const result = await trx
          .updateTable('places')
          .set(rest)
          .where('id', '=', id)
          .where('home', '=', after.record.home)
          .executeTakeFirst()
        return Number(result.numUpdatedRows) === 1
      }
      // A place code is unique on a node: one this node uses already keeps its own place.
      const result = await trx
        .insertInto('places')
        .values(row)
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst()
      return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1
    }
    case 'proposal':
      return before?.kind === 'proposal'
        ? proposalWrites(trx).replaceProposal(after.record, before.record)
        : proposalWrites(trx).insertProposal(after.record)
    case 'proposal_decision':
      return proposalWrites(trx).insertDecision(after.record)
    case 'peer_receipt':
      return proposalWrites(trx).insertPeerReceipt(after.record)
    case 'place_status':
      return (await insertNewReplicas(trx, [after])).size === 1
  }
}

type InsertedMany = Extract<Replica, { kind: 'request' | 'consignment' | 'place_status' }>

function isInsertedMany(replica: Replica): replica is InsertedMany {
  return (
    replica.kind === 'request' || replica.kind === 'consignment' || replica.kind === 'place_status'
  )
}

/**
 * Inserts replicas new to this node, a few statements a kind; returns the ids written. One whose id
 * or request code this node holds already is skipped (not folded), as a place code is.
 */
async function insertNewReplicas(
  trx: Kysely<Database>,
  replicas: readonly InsertedMany[],
): Promise<Set<string>> {
  const requests: Record<string, unknown>[] = []
  const consignments: Record<string, unknown>[] = []
  const statuses: Record<string, unknown>[] = []
  for (const replica of replicas) {
    if (replica.kind === 'request') requests.push(requestRow(replica.record))
    else if (replica.kind === 'consignment')
      consignments.push({ ...fromConsignment(replica.record) })
    else statuses.push({ ...fromPlaceStatus(replica.record) })
  }
  const written = new Set<string>([
    ...(await insertObjects(trx, 'requests', requests)),
    ...(await insertObjects(trx, 'consignments', consignments)),
    ...(await insertObjects(trx, 'place_statuses', statuses)),
  ])
  for (const replica of replicas)
    if (replica.kind === 'consignment' && written.has(replica.record.id))
      for (const tracked of replica.record.tracking)
        await insertTrackingEvent(trx, replica.record.id, tracked, replica.record.updatedAt)
  return written
}

/** Columns whose PostgreSQL type is integer; every other column of these tables is text. */
const integerColumns = new Set(['version', 'top_priority'])

async function insertObjects(
  trx: Kysely<Database>,
  table: string,
  objects: readonly Record<string, unknown>[],
): Promise<Set<string>> {
  const first = objects[0]
  if (!first) return new Set()
  const names = Object.keys(first)
  const columns: Column[] = names.map((name) => ({
    name,
    type: integerColumns.has(name) ? 'integer' : 'text',
  }))
  const rows = objects.map((object) => names.map((name) => object[name] ?? null))
  return insertNewRows(trx, table, columns, rows, 'id')
}

function requestRow(request: Extract<Replica, { kind: 'request' }>['record']) {
  return {
    id: request.id,
    home: request.home,
    org: request.org,
    share: encodeShare(request.share),
    created_at: request.createdAt,
    updated_at: request.updatedAt,
    version: request.version,
    code: request.code,
    operation_id: request.operation,
    destination: request.destination,
    needed_by: request.neededBy,
    justification: request.justification,
    status: request.status,
    rejection_reason: request.rejectionReason,
    // The contact is personal data, kept on the request's home only.
    contact_id: null,
    lines: JSON.stringify(request.lines),
    possible_duplicates: JSON.stringify(request.possibleDuplicates),
    top_priority: Math.min(
      ...request.lines.map((line) =>
        line.priority === 'life-saving' ? 0 : line.priority === 'life-sustaining' ? 1 : 2,
      ),
      2,
    ),
  }
}

async function projectStock(
  trx: Kysely<Database>,
  home: string,
  events: readonly ChainEvent[],
  orgs: OrganisationMap,
): Promise<void> {
  const mark = await trx
    .selectFrom('replica_ledgers')
    .select('seq')
    .where('home', '=', home)
    .executeTakeFirst()
  const after = Number(mark?.seq ?? 0)
  const fresh = events.filter((event) => event.kind === 'transfers.committed' && event.seq > after)
  if (fresh.length === 0) return
  const dialect = dialectOf(trx)
  const accountIds = new Set<string>()
  const pendingIds = new Set<string>()
  for (const event of fresh) {
    const named = ledgerIdsOf(event.body)
    for (const id of named.accounts) accountIds.add(id)
    for (const id of named.pendings) pendingIds.add(id)
  }
  const ledger: ReplicaLedger = {
    seq: after,
    accounts: new Map(),
    pendings: new Map(),
    changedAccounts: new Set(),
    changedPendings: new Set(),
  }
  const accountRows = await trx
    .selectFrom('replica_accounts')
    .selectAll()
    .where('home', '=', home)
    .where(idIn(dialect, 'id', [...accountIds]))
    .execute()
  for (const row of accountRows)
    ledger.accounts.set(row.id, {
      id: row.id,
      key:
        row.kind === null
          ? null
          : {
              kind: row.kind,
              where: row.where_id ?? '',
              item: row.item_id ?? '',
              owner: row.owner ?? '',
              lot: row.lot ?? '',
              expiresOn: row.expires_on,
            },
      posted: Number(row.posted),
      pendingOut: Number(row.pending_out),
      pendingIn: Number(row.pending_in),
      updatedAt: row.updated_at,
    })
  const pendingRows = await trx
    .selectFrom('replica_pendings')
    .selectAll()
    .where('home', '=', home)
    .where(idIn(dialect, 'id', [...pendingIds]))
    .execute()
  for (const row of pendingRows)
    ledger.pendings.set(row.id, {
      id: row.id,
      fromAccount: row.from_account,
      toAccount: row.to_account,
      quantity: Number(row.quantity),
      state: row.state as 'pending',
    })

  for (const event of fresh) applyTransfersEvent(ledger, event, orgs)

  // Many a statement, as the events are (bench/RESULTS.md, federation).
  await insertRows(
    trx,
    'replica_accounts',
    replicaAccountColumns,
    [...ledger.changedAccounts].map((id) => {
      const row = accountRow(home, ledger.accounts.get(id) as ReplicaAccount)
      return replicaAccountColumns.map((column) => row[column.name as keyof typeof row])
    }),
    { on: ['home', 'id'], update: replicaAccountColumns.slice(2).map((column) => column.name) },
  )
  const changedPendings: unknown[][] = []
  for (const id of ledger.changedPendings) {
    const pending = ledger.pendings.get(id)
    if (pending)
      changedPendings.push([
        home,
        id,
        pending.fromAccount,
        pending.toAccount,
        pending.quantity,
        pending.state,
      ])
  }
  await insertRows(trx, 'replica_pendings', replicaPendingColumns, changedPendings, {
    on: ['home', 'id'],
    update: ['state'],
  })
  const seq = ledger.seq
  await trx
    .insertInto('replica_ledgers')
    .values({ home, seq })
    .onConflict((oc) => oc.column('home').doUpdateSet({ seq }))
    .execute()
}

const replicaAccountColumns: readonly Column[] = [
  { name: 'home', type: 'text' },
  { name: 'id', type: 'text' },
  { name: 'kind', type: 'text' },
  { name: 'where_id', type: 'text' },
  { name: 'item_id', type: 'text' },
  { name: 'owner', type: 'text' },
  { name: 'lot', type: 'text' },
  { name: 'expires_on', type: 'text' },
  { name: 'posted', type: 'bigint' },
  { name: 'pending_out', type: 'bigint' },
  { name: 'pending_in', type: 'bigint' },
  { name: 'updated_at', type: 'text' },
]

const replicaPendingColumns: readonly Column[] = [
  { name: 'home', type: 'text' },
  { name: 'id', type: 'text' },
  { name: 'from_account', type: 'text' },
  { name: 'to_account', type: 'text' },
  { name: 'quantity', type: 'bigint' },
  { name: 'state', type: 'text' },
]

function accountRow(home: string, account: ReplicaAccount) {
  return {
    home,
    id: account.id,
    kind: account.key?.kind ?? null,
    where_id: account.key?.where ?? null,
    item_id: account.key?.item ?? null,
    owner: account.key?.owner ?? null,
    lot: account.key?.lot ?? null,
    expires_on: account.key?.expiresOn ?? null,
    posted: account.posted,
    pending_out: account.pendingOut,
    pending_in: account.pendingIn,
    updated_at: account.updatedAt,
  }
}

/** Other nodes' balances with their item and place, filtered and paged as this node's are. */
/** As this node's balances sort (ledger-queries.ts), and by home node. */
const replicaSortColumns = {
  home: sql`replica_accounts.home`,
  place: sql`places.code`,
  item: sql`items.code`,
  owner: sql`(select organisations.code from organisations where organisations.id = replica_accounts.owner)`,
  lot: sql`replica_accounts.lot`,
  expiresOn: sql`replica_accounts.expires_on`,
  posted: sql`replica_accounts.posted`,
  available: sql`(replica_accounts.posted - replica_accounts.pending_out)`,
}

export function replicaStockReads(db: Kysely<Database>): ReplicaStockReads {
  return {
    async listReplicaBalances(filter, viewer) {
      let query = db
        .selectFrom('replica_accounts')
        .innerJoin('items', 'items.id', 'replica_accounts.item_id')
        .leftJoin('places', 'places.id', 'replica_accounts.where_id')
        .where('replica_accounts.kind', '=', filter.kind ?? 'stock')
      // Accounts are released to every partner by their home (share `all`); the place they are at
      // must be released to the viewer here too, as a place of this node's stock is.
      if (viewer !== null)
        query = query.where((eb) =>
          eb.or([eb('places.id', 'is', null), releasedTo(viewer, 'places')(eb)]),
        )
      if (filter.home) query = query.where('replica_accounts.home', '=', filter.home)
      if (filter.place) query = query.where('replica_accounts.where_id', '=', filter.place)
      if (filter.item) query = query.where('replica_accounts.item_id', '=', filter.item)
      if (filter.owner) query = query.where('replica_accounts.owner', '=', filter.owner)
      if (filter.lot !== undefined) query = query.where('replica_accounts.lot', '=', filter.lot)
      if (filter.category) query = query.where('items.category', '=', filter.category)
      // As this node's stock list: the item's folded text.
      if (filter.q)
        query = query.where(
          sql<boolean>`items.search like ${boundPattern(containsPattern(foldForSearch(filter.q)))} escape '\\'`,
        )
      if (filter.nonZero)
        query = query.where((eb) =>
          eb.or([
            eb('replica_accounts.posted', '<>', 0),
            eb('replica_accounts.pending_out', '<>', 0),
            eb('replica_accounts.pending_in', '<>', 0),
          ]),
        )
      const [rows, count] = await Promise.all([
        query
          .selectAll('replica_accounts')
          .select(balanceColumns)
          .orderBy(
            orderClause(
              filter.sort ?? 'home',
              replicaSortColumns,
              sql`replica_accounts.home, places.code, items.code, replica_accounts.owner, replica_accounts.lot, replica_accounts.id`,
            ),
          )
          .limit(filter.limit)
          .offset(filter.offset)
          .execute(),
        query
          .select((eb) => eb.fn.countAll<string | number>().as('total'))
          .executeTakeFirstOrThrow(),
      ])
      return {
        rows: rows.map(
          (row): BalanceRow => ({
            account: {
              id: row.id,
              home: row.home,
              org: row.owner ?? '',
              share: 'all',
              createdAt: row.updated_at,
              updatedAt: row.updated_at,
              version: 1,
              kind: row.kind as AccountKind,
              where: row.where_id ?? '',
              item: row.item_id ?? '',
              owner: row.owner ?? '',
              lot: row.lot ?? '',
              expiresOn: row.expires_on,
              posted: Number(row.posted),
              pendingOut: Number(row.pending_out),
              pendingIn: Number(row.pending_in),
            },
            ...balanceReferences(row),
          }),
        ),
        total: Number(count.total),
      }
    },
  }
}
