/**
 * @module store/kysely/transport-queries
 * Assets and legs of the route network. Assets apply releasability in SQL like every other record;
 * legs are shared with all partners (a road cut is everyone's business).
 */
import { type ExpressionBuilder, type Kysely, type Selectable, sql } from 'kysely'
import type { TransportReads, TransportWrites, Viewer } from '../../app/ports.js'
import type { PlaceType } from '../../domain/places/place.js'
import { foldForSearch, searchText } from '../../domain/places/place.js'
import { decodeShare, encodeShare, PUBLIC } from '../../domain/records/share.js'
import type { Asset, AssetKind, AssetStatus } from '../../domain/transport/asset.js'
import type { Leg, LegMode, LegStatus } from '../../domain/transport/leg.js'
import { boundPattern } from './like.js'
import type { AssetTable, Database, LegTable } from './schema.js'
import { containsPattern, orderClause } from './sorting.js'

const legSortColumns = {
  mode: sql`legs.mode`,
  distanceKm: sql`legs.distance_km`,
  transitMinutes: sql`legs.transit_minutes`,
  status: sql`legs.status`,
}

const assetSortColumns = {
  kind: sql`assets.kind`,
  name: sql`assets.name`,
  payloadKg: sql`assets.payload_kg`,
  volumeM3: sql`assets.volume_m3`,
  speedKmh: sql`assets.speed_kmh`,
  rangeKm: sql`assets.range_km`,
  status: sql`assets.status`,
}

/** Rows per multi-row INSERT: 15 columns × 500 stays below SQLite's bound-parameter limit. */
const INSERT_CHUNK = 500

const num = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value)

function releasedToViewer(viewer: Viewer) {
  return (_eb: ExpressionBuilder<Database, 'assets'>) => {
    if (viewer === null) return sql<boolean>`1 = 1`
    return sql<boolean>`(assets.share = 'all' or assets.org = ${viewer.org} or assets.org = ${PUBLIC} or assets.share like ${boundPattern(`%"${viewer.org}"%`)})`
  }
}

function toAsset(row: Selectable<AssetTable>): Asset {
  return {
    id: row.id,
    home: row.home,
    org: row.org,
    share: decodeShare(row.share),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
    kind: row.kind as AssetKind,
    type: row.type_code,
    name: row.name,
    payloadKg: Number(row.payload_kg),
    volumeM3: Number(row.volume_m3),
    speedKmh: Number(row.speed_kmh),
    rangeKm: num(row.range_km),
    base: row.base,
    availableFrom: row.available_from,
    availableUntil: row.available_until,
    status: row.status as AssetStatus,
    statusNote: row.status_note,
  }
}

function fromAsset(asset: Asset): AssetTable {
  return {
    id: asset.id,
    home: asset.home,
    org: asset.org,
    share: encodeShare(asset.share),
    created_at: asset.createdAt,
    updated_at: asset.updatedAt,
    version: asset.version,
    kind: asset.kind,
    type_code: asset.type,
    name: asset.name,
    payload_kg: asset.payloadKg,
    volume_m3: asset.volumeM3,
    speed_kmh: asset.speedKmh,
    range_km: asset.rangeKm,
    base: asset.base,
    available_from: asset.availableFrom,
    available_until: asset.availableUntil,
    status: asset.status,
    status_note: asset.statusNote,
    search: searchText([asset.name, asset.type, asset.kind]),
  }
}

function toLeg(row: Selectable<LegTable>): Leg {
  return {
    id: row.id,
    home: row.home,
    org: row.org,
    share: decodeShare(row.share),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
    mode: row.mode as LegMode,
    from: row.from_place,
    to: row.to_place,
    distanceKm: Number(row.distance_km),
    transitMinutes: Number(row.transit_minutes),
    status: row.status as LegStatus,
    note: row.note,
    edited: Number(row.edited) === 1,
  }
}

function fromLeg(leg: Leg): LegTable {
  return {
    id: leg.id,
    home: leg.home,
    org: leg.org,
    share: encodeShare(leg.share),
    created_at: leg.createdAt,
    updated_at: leg.updatedAt,
    version: leg.version,
    mode: leg.mode,
    from_place: leg.from,
    to_place: leg.to,
    distance_km: leg.distanceKm,
    transit_minutes: leg.transitMinutes,
    status: leg.status,
    note: leg.note,
    edited: leg.edited ? 1 : 0,
  }
}

export function transportReads(db: Kysely<Database>): TransportReads {
  return {
    async getAsset(id, viewer) {
      const row = await db
        .selectFrom('assets')
        .selectAll()
        .where('id', '=', id)
        .where(releasedToViewer(viewer))
        .executeTakeFirst()
      return row ? toAsset(row) : null
    },
    async listAssets(filter, viewer) {
      let query = db.selectFrom('assets').where(releasedToViewer(viewer))
      if (filter.kind) query = query.where('kind', '=', filter.kind)
      if (filter.status) query = query.where('status', '=', filter.status)
      if (filter.org) query = query.where('org', '=', filter.org)
      if (filter.base) query = query.where('base', '=', filter.base)
      if (filter.availableAt) {
        // ISO text compares as time only in one form: the use case passes UTC with milliseconds.
        const at = filter.availableAt
        query = query
          .where((eb) => eb.or([eb('available_from', 'is', null), eb('available_from', '<=', at)]))
          .where((eb) => eb.or([eb('available_until', 'is', null), eb('available_until', '>', at)]))
      }
      if (filter.q) {
        const pattern = `%${foldForSearch(filter.q).replace(/[\\%_]/g, (c) => `\\${c}`)}%`
        query = query.where(sql<boolean>`search like ${boundPattern(pattern)} escape '\\'`)
      }
      const [rows, count] = await Promise.all([
        query
          .selectAll()
          .orderBy(
            orderClause(filter.sort ?? 'kind', assetSortColumns, sql`assets.name, assets.id`),
          )
          .limit(filter.limit)
          .offset(filter.offset)
          .execute(),
        query
          .select((eb) => eb.fn.countAll<string | number>().as('total'))
          .executeTakeFirstOrThrow(),
      ])
      return { rows: rows.map(toAsset), total: Number(count.total) }
    },
    async getLeg(id) {
      const row = await db.selectFrom('legs').selectAll().where('id', '=', id).executeTakeFirst()
      return row ? toLeg(row) : null
    },
    async getLegs(ids) {
      if (ids.length === 0) return []
      const rows = await db
        .selectFrom('legs')
        .selectAll()
        .where('id', 'in', [...ids])
        .execute()
      return rows.map(toLeg)
    },
    async listLegs(filter) {
      let query = db.selectFrom('legs')
      if (filter.mode) query = query.where('mode', '=', filter.mode)
      if (filter.status) query = query.where('status', '=', filter.status)
      if (filter.place) {
        const place = filter.place
        query = query.where((eb) =>
          eb.or([eb('from_place', '=', place), eb('to_place', '=', place)]),
        )
      }
      if (filter.q) {
        const places = db
          .selectFrom('places')
          .select('places.id')
          .where(
            sql<boolean>`places.search like ${boundPattern(containsPattern(foldForSearch(filter.q)))} escape '\\'`,
          )
        query = query.where((eb) =>
          eb.or([eb('from_place', 'in', places), eb('to_place', 'in', places)]),
        )
      }
      const [rows, count] = await Promise.all([
        query
          .selectAll()
          .orderBy(
            orderClause(
              filter.sort ?? 'mode',
              legSortColumns,
              sql`legs.from_place, legs.to_place, legs.id`,
            ),
          )
          .limit(filter.limit)
          .offset(filter.offset)
          .execute(),
        query
          .select((eb) => eb.fn.countAll<string | number>().as('total'))
          .executeTakeFirstOrThrow(),
      ])
      return { rows: rows.map(toLeg), total: Number(count.total) }
    },
    async listAllLegs() {
      const rows = await db.selectFrom('legs').selectAll().orderBy('id').execute()
      return rows.map(toLeg)
    },
    async listNetworkPlaces(viewer) {
      let query = db
        .selectFrom('places')
        .select(['id', 'code', 'type', 'lat', 'lon', 'org', 'share'])
      if (viewer !== null) {
        const org = viewer.org
        query = query.where(
          sql<boolean>`(places.share = 'all' or places.org = ${org} or places.org = ${PUBLIC} or places.share like ${boundPattern(`%"${org}"%`)})`,
        )
      }
      const rows = await query.orderBy('code').execute()
      return rows.map((row) => ({
        id: row.id,
        code: row.code,
        type: row.type as PlaceType,
        lat: Number(row.lat),
        lon: Number(row.lon),
        org: row.org,
        share: decodeShare(row.share),
      }))
    },
  }
}

export function transportWrites(trx: Kysely<Database>): TransportWrites {
  return {
    async saveAsset(asset, expectedVersion) {
      const { id, ...row } = fromAsset(asset)
      if (expectedVersion === null) {
        await trx
          .insertInto('assets')
          .values({ id, ...row })
          .execute()
        return true
      }
      const result = await trx
        .updateTable('assets')
        .set(row)
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },
    async insertLegs(legs) {
      for (let i = 0; i < legs.length; i += INSERT_CHUNK)
        await trx
          .insertInto('legs')
          .values(legs.slice(i, i + INSERT_CHUNK).map(fromLeg))
          .execute()
    },
    async updateLeg(leg, expectedVersion) {
      const { id, ...row } = fromLeg(leg)
      const result = await trx
        .updateTable('legs')
        .set(row)
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },
  }
}
