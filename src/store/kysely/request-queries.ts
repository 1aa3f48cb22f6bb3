/**
 * @module store/kysely/request-queries
 * Operations, requests (lines kept with their request, as one record) and personal data apart.
 */
import { type Kysely, type Selectable, sql } from 'kysely'
import type { RequestReads, RequestWrites } from '../../app/ports.js'
import { foldForSearch } from '../../domain/places/place.js'
import { decodeShare, encodeShare } from '../../domain/records/share.js'
import type { Operation } from '../../domain/requests/operation.js'
import { type Pledge, type PledgeStatus, pledgeStatuses } from '../../domain/requests/pledge.js'
import {
  priorities,
  type Request,
  type RequestLine,
  type RequestStatus,
  trackingCodeFragment,
} from '../../domain/requests/request.js'
import { boundPattern } from './like.js'
import { pledgeColumns } from './pledge-columns.js'
import { releasedTo } from './reads.js'
import type { Database, OperationTable, PledgeTable, RequestTable } from './schema.js'
import { containsPattern, orderClause } from './sorting.js'

const pledgeSortColumns = {
  createdAt: sql`pledges.created_at`,
  quantity: sql`pledges.quantity`,
  availableFrom: sql`pledges.available_from`,
  availableUntil: sql`pledges.available_until`,
  // In the order of a pledge's life (offered, confirmed, received, then withdrawn).
  status: sql`case pledges.status ${sql.join(
    pledgeStatuses.map((status, rank) => sql`when ${sql.lit(status)} then ${sql.lit(rank)}`),
    sql` `,
  )} end`,
}

const openStatuses: RequestStatus[] = [
  'submitted',
  'validated',
  'partially-planned',
  'planned',
  'partially-dispatched',
  'dispatched',
  'partially-delivered',
]

function toRequest(row: Selectable<RequestTable>): Request {
  return {
    id: row.id,
    home: row.home,
    org: row.org,
    share: decodeShare(row.share),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
    code: row.code,
    operation: row.operation_id,
    destination: row.destination,
    neededBy: row.needed_by,
    justification: row.justification,
    status: row.status as RequestStatus,
    rejectionReason: row.rejection_reason,
    lines: JSON.parse(row.lines) as RequestLine[],
    possibleDuplicates: JSON.parse(row.possible_duplicates) as string[],
  }
}

/** 0 for life-saving … 2 for other: the most urgent line of a request, for sorting. */
function topPriority(request: Request): number {
  return Math.min(
    ...request.lines.map((line) => priorities.indexOf(line.priority)),
    priorities.length - 1,
  )
}

function fromRequest(request: Request, contactId: string | null): RequestTable {
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
    contact_id: contactId,
    lines: JSON.stringify(request.lines),
    possible_duplicates: JSON.stringify(request.possibleDuplicates),
    top_priority: topPriority(request),
  }
}

function toPledge(row: Selectable<PledgeTable>): Pledge {
  const body = JSON.parse(row.body) as Omit<
    Pledge,
    'id' | 'home' | 'org' | 'share' | 'createdAt' | 'updatedAt' | 'version' | 'status' | 'received'
  > & { received?: number | null }
  return {
    ...body,
    // Pledges stored before `received` existed have none.
    received: body.received ?? null,
    id: row.id,
    home: row.home,
    org: row.org,
    share: decodeShare(row.share),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
    status: row.status as PledgeStatus,
  }
}

export function toOperation(row: Selectable<OperationTable>): Operation {
  return {
    id: row.id,
    home: row.home,
    org: row.org,
    share: decodeShare(row.share),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
    name: row.name,
    startedOn: row.started_on,
    endedOn: row.ended_on,
    area: row.area === null ? null : (JSON.parse(row.area) as unknown),
    standards: JSON.parse(row.standards) as Record<string, number>,
  }
}

function fromOperation(operation: Operation) {
  return {
    id: operation.id,
    home: operation.home,
    org: operation.org,
    share: encodeShare(operation.share),
    created_at: operation.createdAt,
    updated_at: operation.updatedAt,
    version: operation.version,
    name: operation.name,
    started_on: operation.startedOn,
    ended_on: operation.endedOn,
    area: operation.area === null ? null : JSON.stringify(operation.area),
    standards: JSON.stringify(operation.standards),
  }
}

export function requestReads(db: Kysely<Database>): RequestReads {
  return {
    async getRequest(id, viewer) {
      const row = await db
        .selectFrom('requests')
        .selectAll()
        .where('id', '=', id)
        .where(releasedTo(viewer, 'requests'))
        .executeTakeFirst()
      return row ? toRequest(row) : null
    },
    async getRequestByCode(code) {
      const row = await db
        .selectFrom('requests')
        .selectAll()
        .where('code', '=', code)
        .executeTakeFirst()
      return row ? toRequest(row) : null
    },
    async listRequests(filter, viewer) {
      let query = db
        .selectFrom('requests')
        .leftJoin('places', 'places.id', 'requests.destination')
        .where(releasedTo(viewer, 'requests'))
      if (filter.status && filter.status.length > 0)
        query = query.where('requests.status', 'in', [...filter.status])
      if (filter.priority)
        query = query.where('requests.top_priority', '<=', priorities.indexOf(filter.priority))
      if (filter.destination) query = query.where('requests.destination', '=', filter.destination)
      if (filter.org) query = query.where('requests.org', '=', filter.org)
      if (filter.operation) query = query.where('requests.operation_id', '=', filter.operation)
      if (filter.q) {
        const pattern = `%${foldForSearch(filter.q).replace(/[\\%_]/g, (c) => `\\${c}`)}%`
        const code = trackingCodeFragment(filter.q)
        query = query.where((eb) =>
          eb.or([
            sql<boolean>`places.search like ${boundPattern(pattern)} escape '\\'`,
            ...(code
              ? [sql<boolean>`replace(requests.code, '-', '') like ${boundPattern(`%${code}%`)}`]
              : []),
          ]),
        )
      }
      const ordered = (() => {
        const q = query.selectAll('requests')
        switch (filter.sort) {
          case '-neededBy':
            return q.orderBy('requests.needed_by', 'desc')
          case 'createdAt':
            return q.orderBy('requests.created_at', 'asc')
          case '-createdAt':
            return q.orderBy('requests.created_at', 'desc')
          case 'priority':
            return q.orderBy('requests.top_priority', 'asc').orderBy('requests.needed_by', 'asc')
          default:
            return q.orderBy('requests.needed_by', 'asc')
        }
      })()
      const [rows, count] = await Promise.all([
        ordered.orderBy('requests.id').limit(filter.limit).offset(filter.offset).execute(),
        query
          .select((eb) => eb.fn.countAll<string | number>().as('total'))
          .executeTakeFirstOrThrow(),
      ])
      return { rows: rows.map(toRequest), total: Number(count.total) }
    },
    async listOpenRequestsAt(destination) {
      const rows = await db
        .selectFrom('requests')
        .selectAll()
        .where('destination', '=', destination)
        .where('status', 'in', openStatuses)
        .execute()
      return rows.map(toRequest)
    },
    async getOperation(id, viewer) {
      const row = await db
        .selectFrom('operations')
        .selectAll()
        .where('id', '=', id)
        .where(releasedTo(viewer, 'operations'))
        .executeTakeFirst()
      return row ? toOperation(row) : null
    },
    async listOperations(viewer) {
      const rows = await db
        .selectFrom('operations')
        .selectAll()
        .where(releasedTo(viewer, 'operations'))
        .orderBy('started_on', 'desc')
        .execute()
      return rows.map(toOperation)
    },
    async getPledge(id, viewer) {
      const row = await db
        .selectFrom('pledges')
        .selectAll()
        .where('id', '=', id)
        .where(releasedTo(viewer, 'pledges'))
        .executeTakeFirst()
      return row ? toPledge(row) : null
    },
    async listPledges(filter, viewer) {
      let query = db.selectFrom('pledges').where(releasedTo(viewer, 'pledges'))
      if (filter.status) query = query.where('status', '=', filter.status)
      if (filter.org) query = query.where('org', '=', filter.org)
      if (filter.q) {
        const pattern = containsPattern(foldForSearch(filter.q))
        query = query.where((eb) =>
          eb.or([
            sql<boolean>`pledges.search like ${boundPattern(pattern)} escape '\\'`,
            sql<boolean>`pledges.item in (select id from items where search like ${boundPattern(pattern)} escape '\\')`,
            sql<boolean>`pledges.place in (select id from places where search like ${boundPattern(pattern)} escape '\\')`,
          ]),
        )
      }
      const [rows, count] = await Promise.all([
        query
          .selectAll()
          .orderBy(
            orderClause(filter.sort ?? '-createdAt', pledgeSortColumns, sql`pledges.id desc`),
          )
          .limit(filter.limit)
          .offset(filter.offset)
          .execute(),
        query
          .select((eb) => eb.fn.countAll<string | number>().as('total'))
          .executeTakeFirstOrThrow(),
      ])
      return { rows: rows.map(toPledge), total: Number(count.total) }
    },
    async getPersonalData(id) {
      const row = await db
        .selectFrom('personal_data')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst()
      return row
        ? {
            id: row.id,
            org: row.org,
            body: row.body === null ? null : (JSON.parse(row.body) as unknown),
            hash: row.hash,
            redactedAt: row.redacted_at,
          }
        : null
    },
  }
}

export function requestWrites(trx: Kysely<Database>): RequestWrites {
  return {
    async insertRequest(request, contactId) {
      await trx.insertInto('requests').values(fromRequest(request, contactId)).execute()
    },
    async updateRequest(request, expectedVersion) {
      const { id, contact_id: _contact, ...row } = fromRequest(request, null)
      const result = await trx
        .updateTable('requests')
        .set(row)
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },
    async insertOperation(operation) {
      await trx.insertInto('operations').values(fromOperation(operation)).execute()
    },
    async updateOperation(operation, expectedVersion) {
      const { id, ...row } = fromOperation(operation)
      const result = await trx
        .updateTable('operations')
        .set(row)
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },
    async savePledge(pledge, expectedVersion) {
      const { id, home, org, share, createdAt, updatedAt, version, status, ...body } = pledge
      const row = {
        home,
        org,
        share: encodeShare(share),
        created_at: createdAt,
        updated_at: updatedAt,
        version,
        status,
        body: JSON.stringify(body),
        ...pledgeColumns(pledge),
      }
      if (expectedVersion === null) {
        await trx
          .insertInto('pledges')
          .values({ id, ...row })
          .execute()
        return true
      }
      const result = await trx
        .updateTable('pledges')
        .set(row)
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },
    async insertPersonalData(entry) {
      await trx
        .insertInto('personal_data')
        .values({
          id: entry.id,
          org: entry.org,
          body: JSON.stringify(entry.body),
          hash: entry.hash,
          created_at: entry.createdAt,
          redacted_at: null,
        })
        .execute()
    },
  }
}
