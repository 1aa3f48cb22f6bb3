/**
 * @module store/kysely/consignment-queries
 * Consignments and their proofs of delivery. A consignment's lines (with the lots reserved for each)
 * and its route are JSON text, read and written whole with it; its tracking events are rows of
 * their own (tracking-queries.ts), read with it; releasability is applied in SQL.
 */
import { type Kysely, type Selectable, sql } from 'kysely'
import type { ConsignmentReads, ConsignmentWrites, Viewer } from '../../app/ports.js'
import { foldForSearch } from '../../domain/places/place.js'
import { decodeShare, encodeShare, PUBLIC } from '../../domain/records/share.js'
import {
  type Consignment,
  type ConsignmentStatus,
  consignmentStatuses,
} from '../../domain/transport/consignment.js'
import type { TrackingEvent } from '../../domain/transport/tracking.js'
import { boundPattern } from './like.js'
import type { ConsignmentTable, Database } from './schema.js'
import { containsPattern, orderClause } from './sorting.js'
import { insertTrackingEvent, readTracking } from './tracking-queries.js'

const consignmentSortColumns = {
  createdAt: sql`consignments.created_at`,
  // In the order of a consignment's life (planned … received, then cancelled), not alphabetical.
  status: sql`case consignments.status ${sql.join(
    consignmentStatuses.map((status, rank) => sql`when ${sql.lit(status)} then ${sql.lit(rank)}`),
    sql` `,
  )} end`,
  dispatchedAt: sql`consignments.dispatched_at`,
  eta: sql`consignments.eta`,
}

function releasedToViewer(viewer: Viewer) {
  return () => {
    if (viewer === null) return sql<boolean>`1 = 1`
    return sql<boolean>`(consignments.share = 'all' or consignments.org = ${viewer.org} or consignments.org = ${PUBLIC} or consignments.share like ${boundPattern(`%"${viewer.org}"%`)})`
  }
}

function toConsignment(
  row: Selectable<ConsignmentTable>,
  tracking: readonly TrackingEvent[] = [],
): Consignment {
  return {
    id: row.id,
    home: row.home,
    org: row.org,
    share: decodeShare(row.share),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
    origin: row.origin,
    destination: row.destination,
    route: JSON.parse(row.route) as string[],
    asset: row.asset,
    status: row.status as ConsignmentStatus,
    lines: JSON.parse(row.lines) as Consignment['lines'],
    note: row.note,
    dispatchedAt: row.dispatched_at,
    arrivedAt: row.arrived_at,
    receivedAt: row.received_at,
    cancelledAt: row.cancelled_at,
    proof: row.proof === null ? null : (JSON.parse(row.proof) as Consignment['proof']),
    eta: row.eta,
    tracking: [...tracking],
  }
}

export function fromConsignment(c: Consignment): ConsignmentTable {
  return {
    id: c.id,
    home: c.home,
    org: c.org,
    share: encodeShare(c.share),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    version: c.version,
    origin: c.origin,
    destination: c.destination,
    route: JSON.stringify(c.route),
    asset: c.asset,
    status: c.status,
    lines: JSON.stringify(c.lines),
    note: c.note,
    dispatched_at: c.dispatchedAt,
    arrived_at: c.arrivedAt,
    received_at: c.receivedAt,
    cancelled_at: c.cancelledAt,
    proof: c.proof === null ? null : JSON.stringify(c.proof),
    // The tracking events are rows of their own (insertTrackingEvent); the ETA is kept for lists.
    eta: c.eta,
  }
}

export function consignmentReads(db: Kysely<Database>): ConsignmentReads {
  return {
    async getConsignment(id, viewer) {
      const row = await db
        .selectFrom('consignments')
        .selectAll()
        .where('id', '=', id)
        .where(releasedToViewer(viewer))
        .executeTakeFirst()
      if (!row) return null
      return toConsignment(row, (await readTracking(db, [row.id])).get(row.id))
    },
    async listConsignments(filter, viewer) {
      let query = db.selectFrom('consignments').where(releasedToViewer(viewer))
      if (filter.status) query = query.where('status', '=', filter.status)
      if (filter.origin) query = query.where('origin', '=', filter.origin)
      if (filter.destination) query = query.where('destination', '=', filter.destination)
      if (filter.q) {
        const places = db
          .selectFrom('places')
          .select('places.id')
          .where(
            sql<boolean>`places.search like ${boundPattern(containsPattern(foldForSearch(filter.q)))} escape '\\'`,
          )
        query = query.where((eb) =>
          eb.or([eb('origin', 'in', places), eb('destination', 'in', places)]),
        )
      }
      const [rows, count] = await Promise.all([
        query
          .selectAll()
          .orderBy(
            orderClause(
              filter.sort ?? '-createdAt',
              consignmentSortColumns,
              sql`consignments.id desc`,
            ),
          )
          .limit(filter.limit)
          .offset(filter.offset)
          .execute(),
        query
          .select((eb) => eb.fn.countAll<string | number>().as('total'))
          .executeTakeFirstOrThrow(),
      ])
      const tracking = await readTracking(
        db,
        rows.map((row) => row.id),
      )
      return {
        rows: rows.map((row) => toConsignment(row, tracking.get(row.id))),
        total: Number(count.total),
      }
    },
    async getDeliveryProof(consignment) {
      const row = await db
        .selectFrom('delivery_proofs')
        .selectAll()
        .where('consignment', '=', consignment)
        .executeTakeFirst()
      if (!row) return null
      return {
        id: row.id,
        consignment: row.consignment,
        org: row.org,
        receivedBy: row.received_by,
        signature: row.signature,
        photo: row.photo,
        hash: row.hash,
        createdAt: row.created_at,
      }
    },
  }
}

export function consignmentWrites(trx: Kysely<Database>): ConsignmentWrites {
  return {
    async saveConsignment(consignment, expectedVersion) {
      const { id, ...row } = fromConsignment(consignment)
      if (expectedVersion === null) {
        await trx
          .insertInto('consignments')
          .values({ id, ...row })
          .execute()
        return true
      }
      const result = await trx
        .updateTable('consignments')
        .set(row)
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },
    async insertTrackingEvent(consignment, event, createdAt) {
      await insertTrackingEvent(trx, consignment, event, createdAt)
    },
    async insertDeliveryProof(proof) {
      await trx
        .insertInto('delivery_proofs')
        .values({
          id: proof.id,
          consignment: proof.consignment,
          org: proof.org,
          received_by: proof.receivedBy,
          signature: proof.signature,
          photo: proof.photo,
          hash: proof.hash,
          created_at: proof.createdAt,
          redacted_at: null,
        })
        .execute()
    },
  }
}
