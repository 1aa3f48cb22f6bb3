/**
 * @module store/kysely/reads
 * Queries shared by both dialects. Every read that can reach a caller applies releasability in SQL, so
 * a record not released to the viewer never leaves the database.
 */
import { type ExpressionBuilder, type Kysely, sql } from 'kysely'
import type { ItemFilter, Page, PlaceFilter, StoreReads, Viewer } from '../../app/ports.js'
import { foldForSearch } from '../../domain/places/place.js'
import { PUBLIC } from '../../domain/records/share.js'
import { accessReads } from './access-queries.js'
import { ledgerReads } from './ledger-queries.js'
import { boundPattern } from './like.js'
import { type PlaceRowWithStatus, toItem, toOrganisation, toPlace } from './mappers.js'
import { requestReads } from './request-queries.js'
import type { Database } from './schema.js'

type Releasable =
  | 'items'
  | 'places'
  | 'organisations'
  | 'place_statuses'
  | 'users'
  | 'api_tokens'
  | 'requests'
  | 'operations'
  | 'pledges'
  | 'consignments'

/** The releasability clause: shared with all, owned by the viewer's organisation, or listed. */
export function releasedTo<T extends Releasable>(viewer: Viewer, table: T) {
  return (_eb: ExpressionBuilder<Database, T>) => releasedClause(viewer, table)
}

/** The same clause as a raw expression, for statements written in SQL. */
export function releasedClause(viewer: Viewer, table: Releasable) {
  if (viewer === null) return sql<boolean>`1 = 1`
  const share = sql.ref(`${table}.share`)
  const org = sql.ref(`${table}.org`)
  return sql<boolean>`(${share} = 'all' or ${org} = ${viewer.org} or ${org} = ${PUBLIC} or ${share} like ${boundPattern(`%"${viewer.org}"%`)})`
}

function likePattern(q: string): string {
  return `%${foldForSearch(q).replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

const itemSortColumns: Record<string, 'code' | 'name_en' | 'category' | 'unit_weight_g'> = {
  code: 'code',
  nameEn: 'name_en',
  category: 'category',
  unitWeightG: 'unit_weight_g',
}

const placeSortColumns: Record<string, 'code' | 'name_en' | 'name_ja' | 'type' | 'capacity'> = {
  code: 'code',
  nameEn: 'name_en',
  nameJa: 'name_ja',
  type: 'type',
  capacity: 'capacity',
}

function parseSort<C extends string>(
  sort: string,
  columns: Record<string, C>,
): { column: C; direction: 'asc' | 'desc' } {
  const descending = sort.startsWith('-')
  const column = columns[descending ? sort.slice(1) : sort]
  if (!column) throw new Error(`unknown sort "${sort}"`)
  return { column, direction: descending ? 'desc' : 'asc' }
}

function placesWithStatus(db: Kysely<Database>, viewer: Viewer) {
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
    .selectAll('places')
    .select([
      's.status as status',
      's.note as status_note',
      's.reported_at as status_reported_at',
      's.home as status_home',
    ])
}

export function storeReads(db: Kysely<Database>): StoreReads {
  return {
    ...accessReads(db),
    ...ledgerReads(db),
    ...requestReads(db),
    async getMeta(key) {
      const row = await db
        .selectFrom('meta')
        .select('value')
        .where('key', '=', key)
        .executeTakeFirst()
      return row?.value ?? null
    },

    async getItem(id, viewer) {
      const row = await db
        .selectFrom('items')
        .selectAll()
        .where('id', '=', id)
        .where(releasedTo(viewer, 'items'))
        .executeTakeFirst()
      return row ? toItem(row) : null
    },

    async getItemsByCodes(codes) {
      if (codes.length === 0) return []
      const rows = await db
        .selectFrom('items')
        .selectAll()
        .where('code', 'in', [...codes])
        .execute()
      return rows.map(toItem)
    },

    async listItems(filter: ItemFilter, viewer): Promise<Page<ReturnType<typeof toItem>>> {
      let query = db.selectFrom('items').where(releasedTo(viewer, 'items'))
      if (filter.q)
        query = query.where(
          sql<boolean>`search like ${boundPattern(likePattern(filter.q))} escape '\\'`,
        )
      if (filter.category) query = query.where('category', '=', filter.category)
      const { column, direction } = parseSort(filter.sort, itemSortColumns)
      const [rows, count] = await Promise.all([
        query
          .selectAll()
          .orderBy(column, direction)
          .orderBy('code', 'asc')
          .limit(filter.limit)
          .offset(filter.offset)
          .execute(),
        query
          .select((eb) => eb.fn.countAll<string | number>().as('total'))
          .executeTakeFirstOrThrow(),
      ])
      return { rows: rows.map(toItem), total: Number(count.total) }
    },

    async *streamItems(viewer, chunkSize = 1000) {
      let after = ''
      for (;;) {
        const rows = await db
          .selectFrom('items')
          .selectAll()
          .where(releasedTo(viewer, 'items'))
          .where('code', '>', after)
          .orderBy('code')
          .limit(chunkSize)
          .execute()
        if (rows.length === 0) return
        yield rows.map(toItem)
        after = rows[rows.length - 1]!.code
      }
    },

    async getPlace(id, viewer) {
      const row = await placesWithStatus(db, viewer)
        .where('places.id', '=', id)
        .where(releasedTo(viewer, 'places'))
        .executeTakeFirst()
      return row ? toPlace(row as PlaceRowWithStatus) : null
    },

    async getPlacesByCodes(codes) {
      if (codes.length === 0) return []
      const rows = await placesWithStatus(db, null)
        .where('places.code', 'in', [...codes])
        .execute()
      return rows.map((row) => toPlace(row as PlaceRowWithStatus))
    },

    async listPlaces(filter: PlaceFilter, viewer) {
      let query = db.selectFrom('places').where(releasedTo(viewer, 'places'))
      if (filter.q)
        query = query.where(
          sql<boolean>`places.search like ${boundPattern(likePattern(filter.q))} escape '\\'`,
        )
      if (filter.types && filter.types.length > 0)
        query = query.where('places.type', 'in', [...filter.types])
      if (filter.admin) query = query.where('places.admin_code', 'like', `${filter.admin}%`)
      if (filter.bbox) {
        const { west, south, east, north } = filter.bbox
        query = query
          .where('places.lat', '>=', south)
          .where('places.lat', '<=', north)
          .where('places.lon', '>=', west)
          .where('places.lon', '<=', east)
      }
      const { column, direction } = parseSort(filter.sort, placeSortColumns)
      const ids = query
        .select('places.id')
        .orderBy(`places.${column}`, direction)
        .orderBy('places.code', 'asc')
        .limit(filter.limit)
        .offset(filter.offset)
      const [rows, count] = await Promise.all([
        placesWithStatus(db, viewer)
          .where('places.id', 'in', ids)
          .orderBy(`places.${column}`, direction)
          .orderBy('places.code', 'asc')
          .execute(),
        query
          .select((eb) => eb.fn.countAll<string | number>().as('total'))
          .executeTakeFirstOrThrow(),
      ])
      return {
        rows: rows.map((row) => toPlace(row as PlaceRowWithStatus)),
        total: Number(count.total),
      }
    },

    async *streamPlaces(viewer, chunkSize = 1000) {
      let after = ''
      for (;;) {
        const rows = await placesWithStatus(db, viewer)
          .where(releasedTo(viewer, 'places'))
          .where('places.code', '>', after)
          .orderBy('places.code')
          .limit(chunkSize)
          .execute()
        if (rows.length === 0) return
        yield rows.map((row) => toPlace(row as PlaceRowWithStatus))
        after = rows[rows.length - 1]!.code
      }
    },

    async listOrganisations(viewer) {
      const rows = await db
        .selectFrom('organisations')
        .selectAll()
        .where(releasedTo(viewer, 'organisations'))
        .orderBy('code')
        .execute()
      return rows.map(toOrganisation)
    },

    async getOrganisation(id) {
      const row = await db
        .selectFrom('organisations')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst()
      return row ? toOrganisation(row) : null
    },
  }
}
