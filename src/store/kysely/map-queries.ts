/**
 * @module store/kysely/map-queries
 * The map's reads: compact places (with their latest status) in a box or by id, stock summed by place,
 * requests, consignments on their way with their tracking, legs and operations' areas. Releasability
 * is applied in SQL with the lists' own clauses; legs are shared with all partners.
 */
import { type Kysely, sql } from 'kysely'
import type {
  MapConsignmentRow,
  MapLegRow,
  MapPlaceRow,
  MapReads,
  MapRequestRow,
} from '../../app/map-reads.js'
import type { Viewer } from '../../app/ports.js'
import { consignmentStatusesInFlight, type InFlightStatus } from '../../domain/map/picture.js'
import type { PlaceStatusValue, PlaceType } from '../../domain/places/place.js'
import { priorities, type RequestLine, type RequestStatus } from '../../domain/requests/request.js'
import type { LegMode, LegStatus } from '../../domain/transport/leg.js'
import { dialectOf, idIn } from './bulk.js'
import { balanceQuery } from './ledger-queries.js'
import { releasedTo } from './reads.js'
import type { Database } from './schema.js'
import { readTracking } from './tracking-queries.js'

const num = (value: number | string) => Number(value)

function toMapLeg(row: {
  id: string
  mode: string
  from_place: string
  to_place: string
  status: string
  note: string | null
  distance_km: number
}): MapLegRow {
  return {
    id: row.id,
    mode: row.mode as LegMode,
    from: row.from_place,
    to: row.to_place,
    status: row.status as LegStatus,
    note: row.note,
    distanceKm: num(row.distance_km),
  }
}

export function mapReads(db: Kysely<Database>): MapReads {
  const dialect = dialectOf(db)

  /** Places the viewer may see, each with its latest status the viewer may see. */
  function places(viewer: Viewer) {
    return db
      .selectFrom('places')
      .leftJoin('place_statuses as s', (join) =>
        join.on((eb) =>
          eb(
            's.id',
            '=',
            eb
              .selectFrom('place_statuses')
              .select('place_statuses.id')
              .whereRef('place_statuses.place_id', '=', 'places.id')
              .where(releasedTo(viewer, 'place_statuses'))
              .orderBy('place_statuses.reported_at', 'desc')
              .orderBy('place_statuses.id', 'desc')
              .limit(1),
          ),
        ),
      )
      .where(releasedTo(viewer, 'places'))
      .select([
        'places.id',
        'places.type',
        'places.code',
        'places.name_en',
        'places.name_ja',
        'places.lat',
        'places.lon',
        's.status as status',
      ])
      .orderBy('places.code')
  }

  type PlaceSelection = Awaited<ReturnType<ReturnType<typeof places>['execute']>>[number]
  const toMapPlace = (row: PlaceSelection): MapPlaceRow => ({
    id: row.id,
    type: row.type as PlaceType,
    code: row.code,
    nameEn: row.name_en,
    nameJa: row.name_ja,
    lat: num(row.lat),
    lon: num(row.lon),
    status: (row.status ?? null) as PlaceStatusValue | null,
  })

  return {
    async mapPlaces({ bbox, types, limit }, viewer) {
      let query = places(viewer)
        .where('places.lat', '>=', bbox.south)
        .where('places.lat', '<=', bbox.north)
        .where('places.lon', '>=', bbox.west)
        .where('places.lon', '<=', bbox.east)
      if (types && types.length > 0) query = query.where('places.type', 'in', [...types])
      return (await query.limit(limit + 1).execute()).map(toMapPlace)
    },

    async mapPlacesById(ids, viewer) {
      const wanted = [...new Set(ids)]
      if (wanted.length === 0) return []
      const rows = await places(viewer)
        .where(idIn(dialect, 'places.id', wanted))
        .execute()
      return rows.map(toMapPlace)
    },

    async stockTotalsByPlace(viewer) {
      const available = sql`accounts.posted - accounts.pending_out`
      const rows = await balanceQuery(db, { kind: 'stock', nonZero: true }, viewer)
        .select([
          'accounts.where_id as place',
          sql<number>`sum(${available})`.as('available'),
          sql<number>`sum(accounts.pending_out)`.as('reserved'),
          sql<number>`sum((${available}) * coalesce(items.unit_weight_g, 0))`.as('weight'),
          sql<number>`count(distinct case when accounts.posted > 0 then accounts.item_id end)`.as(
            'items',
          ),
        ])
        .groupBy('accounts.where_id')
        .orderBy('accounts.where_id')
        .execute()
      return rows.map((row) => ({
        place: row.place,
        available: num(row.available),
        reserved: num(row.reserved),
        availableWeightG: num(row.weight),
        items: num(row.items),
      }))
    },

    async replicaStockTotalsByPlace(viewer) {
      const available = sql`replica_accounts.posted - replica_accounts.pending_out`
      let query = db
        .selectFrom('replica_accounts')
        .innerJoin('places', 'places.id', 'replica_accounts.where_id')
        .leftJoin('items', 'items.id', 'replica_accounts.item_id')
        .where('replica_accounts.kind', '=', 'stock')
      // As the replica stock list: the place must be released to the viewer here.
      if (viewer !== null) query = query.where(releasedTo(viewer, 'places'))
      const rows = await query
        .select([
          'replica_accounts.where_id as place',
          'replica_accounts.home as home',
          sql<number>`sum(${available})`.as('available'),
          sql<number>`sum(replica_accounts.pending_out)`.as('reserved'),
          sql<number>`sum((${available}) * coalesce(items.unit_weight_g, 0))`.as('weight'),
          sql<number>`count(distinct case when replica_accounts.posted > 0 then replica_accounts.item_id end)`.as(
            'items',
          ),
        ])
        .groupBy(['replica_accounts.where_id', 'replica_accounts.home'])
        .having(sql`sum(replica_accounts.posted) + sum(replica_accounts.pending_in)`, '>', 0)
        .orderBy('replica_accounts.where_id')
        .orderBy('replica_accounts.home')
        .execute()
      return rows.map((row) => ({
        place: row.place as string,
        home: row.home,
        available: num(row.available),
        reserved: num(row.reserved),
        availableWeightG: num(row.weight),
        items: num(row.items),
      }))
    },

    async mapRequests({ statuses, priority, operation }, viewer) {
      if (statuses.length === 0) return []
      let query = db
        .selectFrom('requests')
        .select(['id', 'home', 'code', 'status', 'destination', 'needed_by', 'lines'])
        .where('status', 'in', [...statuses])
        .where(releasedTo(viewer, 'requests'))
      if (priority) query = query.where('top_priority', '<=', priorities.indexOf(priority))
      if (operation) query = query.where('operation_id', '=', operation)
      const rows = await query.orderBy('needed_by').orderBy('id').execute()
      return rows.map(
        (row): MapRequestRow => ({
          id: row.id,
          home: row.home,
          code: row.code,
          status: row.status as RequestStatus,
          destination: row.destination,
          neededBy: row.needed_by,
          lines: JSON.parse(row.lines) as RequestLine[],
        }),
      )
    },

    async consignmentsOnTheWay(viewer) {
      const rows = await db
        .selectFrom('consignments')
        .select([
          'id',
          'home',
          'status',
          'origin',
          'destination',
          'route',
          'dispatched_at',
          'arrived_at',
          'eta',
          'lines',
        ])
        .where('status', 'in', [...consignmentStatusesInFlight])
        .where(releasedTo(viewer, 'consignments'))
        .orderBy('id')
        .execute()
      const tracking = await readTracking(
        db,
        rows.map((row) => row.id),
      )
      return rows.map((row): MapConsignmentRow => {
        const lines = JSON.parse(row.lines) as { quantity: number; request: string | null }[]
        return {
          id: row.id,
          home: row.home,
          status: row.status as InFlightStatus,
          origin: row.origin,
          destination: row.destination,
          route: JSON.parse(row.route) as string[],
          dispatchedAt: row.dispatched_at,
          arrivedAt: row.arrived_at,
          eta: row.eta,
          quantities: lines.map((line) => line.quantity),
          requests: [...new Set(lines.flatMap((line) => (line.request ? [line.request] : [])))],
          timeline: (tracking.get(row.id) ?? []).map(({ at, lat, lon }) => ({ at, lat, lon })),
        }
      })
    },

    async legsById(ids) {
      const wanted = [...new Set(ids)]
      if (wanted.length === 0) return []
      const rows = await db
        .selectFrom('legs')
        .selectAll()
        .where(idIn(dialect, 'legs.id', wanted))
        .execute()
      return rows.map(toMapLeg)
    },

    async cutLegs() {
      const rows = await db
        .selectFrom('legs')
        .selectAll()
        .where('status', 'in', ['damaged', 'closed'])
        .orderBy('id')
        .execute()
      return rows.map(toMapLeg)
    },

    async operationAreas(operation, today, viewer) {
      let query = db
        .selectFrom('operations')
        .select(['id', 'name', 'started_on', 'area'])
        .where('area', 'is not', null)
        .where(releasedTo(viewer, 'operations'))
      query = operation
        ? query.where('id', '=', operation)
        : query.where((eb) => eb.or([eb('ended_on', 'is', null), eb('ended_on', '>=', today)]))
      const rows = await query.orderBy('started_on').orderBy('id').execute()
      return rows.map((row) => ({
        operation: row.id,
        name: row.name,
        startedOn: row.started_on,
        area: JSON.parse(row.area ?? 'null') as unknown,
      }))
    },
  }
}
