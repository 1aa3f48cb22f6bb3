/**
 * @module store/kysely/dashboard-queries
 * The dashboard's reads: sums over the ledger, the requests, their events, consignments and pledges.
 * Each applies releasability in SQL, the same clauses the lists use, so a figure never counts what
 * its viewer could not list. Sums over many rows are done here; JSON bodies are read whole and
 * summed by the domain (domain/dashboard/figures.ts).
 */
import { type Kysely, sql } from 'kysely'
import type { DashboardReads, Viewer } from '../../app/ports.js'
import {
  type NamedRef,
  type PipelineEvent,
  type PipelineEventKind,
  pipelineEventKinds,
} from '../../domain/dashboard/figures.js'
import type { RequestLine, RequestStatus } from '../../domain/requests/request.js'
import type { ConsignmentLine } from '../../domain/transport/consignment.js'
import { dialectOf, idIn } from './bulk.js'
import { balanceQuery, releasedAccounts } from './ledger-queries.js'
import { releasedClause } from './reads.js'
import type { Database } from './schema.js'

/** Validated and not yet wholly delivered: what unmet needs count (submitted ones await review). */
const openStatuses: RequestStatus[] = [
  'validated',
  'partially-planned',
  'planned',
  'partially-dispatched',
  'dispatched',
  'partially-delivered',
]

const unnamed = (id: string): NamedRef => ({ id, code: null, nameEn: null, nameJa: null })

/** Lines of a consignment as stored; only what the figures need. */
type StoredLines = Pick<ConsignmentLine, 'owner' | 'quantity' | 'request'>[]

const requestsOf = (lines: StoredLines) => [
  ...new Set(lines.flatMap((line) => (line.request ? [line.request] : []))),
]

export function dashboardReads(db: Kysely<Database>): DashboardReads {
  const dialect = dialectOf(db)

  /** Code and names of places the viewer may see; others are named by id only. */
  async function placeRefs(ids: Iterable<string>, viewer: Viewer) {
    const wanted = [...new Set(ids)]
    const refs = new Map<string, NamedRef>(wanted.map((id) => [id, unnamed(id)]))
    if (wanted.length === 0) return refs
    const rows = await db
      .selectFrom('places')
      .select(['id', 'code', 'name_en', 'name_ja'])
      .where(idIn(dialect, 'places.id', wanted))
      .where(releasedClause(viewer, 'places'))
      .execute()
    for (const row of rows)
      refs.set(row.id, { id: row.id, code: row.code, nameEn: row.name_en, nameJa: row.name_ja })
    return refs
  }

  return {
    async stockByPlace(viewer) {
      // The stock list's own query (its releasability and joins), summed by place and category.
      const rows = await balanceQuery(db, { kind: 'stock', nonZero: true }, viewer)
        .select([
          'accounts.where_id as place',
          'items.category as category',
          sql<number>`sum(accounts.posted)`.as('posted'),
          sql<number>`sum(accounts.pending_out)`.as('pending_out'),
          sql<number>`sum(accounts.posted - accounts.pending_out)`.as('available'),
          sql<number>`sum(accounts.posted * coalesce(items.unit_weight_g, 0))`.as('weight'),
          sql<number>`sum(accounts.posted * coalesce(items.unit_volume_ml, 0))`.as('volume'),
        ])
        .groupBy(['accounts.where_id', 'items.category'])
        .execute()
      const places = await placeRefs(
        rows.map((row) => row.place),
        viewer,
      )
      return rows.map((row) => ({
        place: places.get(row.place) ?? unnamed(row.place),
        category: row.category,
        posted: Number(row.posted),
        pendingOut: Number(row.pending_out),
        available: Number(row.available),
        weightG: Number(row.weight),
        volumeMl: Number(row.volume),
      }))
    },

    async pipelineEvents(since, operation, viewer) {
      let query = db
        .selectFrom('events')
        .innerJoin('requests', 'requests.id', 'events.subject')
        .where('events.kind', 'in', [...pipelineEventKinds])
        .where('events.at', '>=', since)
        .where(releasedClause(viewer, 'requests'))
      if (operation) query = query.where('requests.operation_id', '=', operation)
      const rows = await query
        .select([
          'events.at',
          'events.kind',
          'events.body',
          // The request's lines only where they are counted: progress events carry their own.
          sql<
            string | null
          >`case when events.kind = 'request.progressed' then null else requests.lines end`.as(
            'lines',
          ),
        ])
        .execute()
      return rows.map((row): PipelineEvent => {
        const progress =
          row.kind === 'request.progressed'
            ? ((JSON.parse(row.body) as { lines?: PipelineEvent['progress'] }).lines ?? [])
            : []
        return {
          at: row.at,
          kind: row.kind as PipelineEventKind,
          lines: row.lines === null ? null : (JSON.parse(row.lines) as RequestLine[]),
          progress,
        }
      })
    },

    async openRequests(operation, viewer) {
      let query = db
        .selectFrom('requests')
        .select(['destination', 'lines'])
        .where('status', 'in', openStatuses)
        .where(releasedClause(viewer, 'requests'))
      if (operation) query = query.where('operation_id', '=', operation)
      const rows = await query.execute()
      const places = await placeRefs(
        rows.map((row) => row.destination),
        viewer,
      )
      return rows.map((row) => ({
        place: places.get(row.destination) ?? unnamed(row.destination),
        lines: JSON.parse(row.lines) as RequestLine[],
      }))
    },

    async unitWeights(items) {
      const wanted = [...new Set(items)]
      if (wanted.length === 0) return new Map()
      const rows = await db
        .selectFrom('items')
        .select(['id', 'unit_weight_g'])
        .where(idIn(dialect, 'items.id', wanted))
        .execute()
      return new Map(
        rows.map((row) => [row.id, row.unit_weight_g === null ? null : Number(row.unit_weight_g)]),
      )
    },

    async requestIdsOf(operation, viewer) {
      const rows = await db
        .selectFrom('requests')
        .select('id')
        .where('operation_id', '=', operation)
        .where(releasedClause(viewer, 'requests'))
        .execute()
      return new Set(rows.map((row) => row.id))
    },

    async consignmentsInFlight(viewer) {
      const rows = await db
        .selectFrom('consignments')
        .select(['id', 'origin', 'destination', 'dispatched_at', 'eta', 'lines'])
        .where('status', '=', 'dispatched')
        .where(releasedClause(viewer, 'consignments'))
        .execute()
      const places = await placeRefs(
        rows.flatMap((row) => [row.origin, row.destination]),
        viewer,
      )
      return rows.map((row) => {
        const lines = JSON.parse(row.lines) as StoredLines
        return {
          id: row.id,
          origin: places.get(row.origin) ?? unnamed(row.origin),
          destination: places.get(row.destination) ?? unnamed(row.destination),
          dispatchedAt: row.dispatched_at,
          eta: row.eta,
          lines: lines.map((line) => ({ quantity: line.quantity })),
          requests: requestsOf(lines),
        }
      })
    },

    async deliveredConsignments(viewer) {
      const rows = await db
        .selectFrom('consignments')
        .select('lines')
        .where('status', '=', 'received')
        .where(releasedClause(viewer, 'consignments'))
        .execute()
      return rows.map((row) => {
        const lines = JSON.parse(row.lines) as StoredLines
        return {
          owners: [...new Set(lines.map((line) => line.owner))],
          requests: requestsOf(lines),
        }
      })
    },

    async receivedStock(viewer) {
      // Posted transfers from the outside world's supply accounts into stock (donations, purchases,
      // pledges received, surplus found at a receipt), released as the stock account is.
      // One pass over the transfers, each one's source account looked up by its key: the transfers
      // keep no index by account (migration 0015), and from the supply accounts through their
      // item's transfers read each item's transfers once per supplier (6× slower with 100,000
      // transfers: bench/RESULTS.md, issue 4). The cross joins keep that order on SQLite, whose
      // planner otherwise starts from the stock accounts; PostgreSQL plans it as a join.
      const rows = await db
        .selectFrom('transfers')
        .crossJoin('accounts as source')
        .crossJoin('accounts')
        .innerJoin('items', 'items.id', 'accounts.item_id')
        .whereRef('transfers.from_account', '=', 'source.id')
        .whereRef('accounts.id', '=', 'transfers.to_account')
        .where('source.kind', '=', 'supply')
        .where('accounts.kind', '=', 'stock')
        .where('transfers.mode', 'in', ['single', 'post'])
        .where(releasedAccounts(viewer))
        .select([
          'accounts.owner as owner',
          'items.category as category',
          sql<number>`sum(transfers.quantity)`.as('quantity'),
          sql<number>`sum(transfers.quantity * coalesce(items.unit_weight_g, 0))`.as('weight'),
        ])
        .groupBy(['accounts.owner', 'items.category'])
        .execute()
      return rows.map((row) => ({
        owner: row.owner,
        category: row.category,
        quantity: Number(row.quantity),
        weightG: Number(row.weight),
      }))
    },

    async pledgeStates(viewer) {
      const rows = await db
        .selectFrom('pledges')
        .select(['org', 'status', 'body'])
        .where('status', 'in', ['confirmed', 'received'])
        .where(releasedClause(viewer, 'pledges'))
        .execute()
      return rows.map((row) => ({
        org: row.org,
        status: row.status,
        operation: (JSON.parse(row.body) as { operation?: string | null }).operation ?? null,
      }))
    },
  }
}
