/**
 * @module store/kysely/directory-queries
 * Users, API tokens, partner organisations and operations as paged, sorted, filtered lists (the
 * DirectoryReads port). Sorting goes through the shared orderClause (nulls last both ways, the id as
 * the last tiebreak); free text matches names in any case.
 */
import { type Kysely, type RawBuilder, type SelectQueryBuilder, sql } from 'kysely'
import type { DirectoryReads } from '../../app/directory-ports.js'
import type { Page } from '../../app/ports.js'
import { foldForSearch } from '../../domain/places/place.js'
import { toToken, toUser } from './access-queries.js'
import { boundPattern } from './like.js'
import { toOrganisation } from './mappers.js'
import { releasedTo } from './reads.js'
import { toOperation } from './request-queries.js'
import type { Database } from './schema.js'
import { containsPattern, orderClause } from './sorting.js'

const userSortColumns = {
  username: sql`users.username`,
  displayName: sql`users.display_name`,
  createdAt: sql`users.created_at`,
}
const tokenSortColumns = {
  createdAt: sql`api_tokens.created_at`,
  name: sql`api_tokens.name`,
  lastUsedAt: sql`api_tokens.last_used_at`,
  expiresAt: sql`api_tokens.expires_at`,
}
const organisationSortColumns = {
  code: sql`organisations.code`,
  nameEn: sql`organisations.name_en`,
  nameJa: sql`organisations.name_ja`,
  country: sql`organisations.country`,
  kind: sql`organisations.kind`,
}
const operationSortColumns = {
  startedOn: sql`operations.started_on`,
  name: sql`operations.name`,
  endedOn: sql`operations.ended_on`,
}

/** Any of `columns` holding the text, in any case (lower() folds what each database folds). */
export function mentions(q: string, columns: readonly RawBuilder<unknown>[]) {
  const pattern = containsPattern(foldForSearch(q))
  return sql<boolean>`(${sql.join(
    columns.map(
      (column) => sql`lower(coalesce(${column}, '')) like ${boundPattern(pattern)} escape '\\'`,
    ),
    sql` or `,
  )})`
}

/** One page of the rows of `query` in `order`, mapped, and how many there are in all. */
async function pageOf<Row, T>(
  // biome-ignore lint/suspicious/noExplicitAny: the rows of any one table, mapped by the caller
  query: SelectQueryBuilder<Database, any, any>,
  order: RawBuilder<unknown>,
  search: { limit: number; offset: number },
  map: (row: Row) => T,
): Promise<Page<T>> {
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy(order).limit(search.limit).offset(search.offset).execute(),
    query
      // biome-ignore lint/suspicious/noExplicitAny: a count of the same rows
      .select((eb: any) => eb.fn.countAll().as('total'))
      .executeTakeFirstOrThrow(),
  ])
  return { rows: (rows as Row[]).map(map), total: Number((count as { total: unknown }).total) }
}

export function directoryReads(db: Kysely<Database>): DirectoryReads {
  return {
    async searchUsers(search) {
      let query = db.selectFrom('users')
      if (search.org !== null) query = query.where('users.org', '=', search.org)
      if (search.role)
        query = query.where('users.roles', 'like', boundPattern(`%"${search.role}"%`))
      if (search.disabled !== undefined)
        query = query.where('users.disabled_at', search.disabled ? 'is not' : 'is', null)
      if (search.q)
        query = query.where(mentions(search.q, [sql`users.username`, sql`users.display_name`]))
      const order = orderClause(search.sort ?? 'username', userSortColumns, sql`users.id`)
      return pageOf(query, order, search, toUser)
    },
    async searchTokens(search) {
      let query = db.selectFrom('api_tokens')
      if (search.org !== null) query = query.where('api_tokens.org', '=', search.org)
      if (search.user) query = query.where('api_tokens.user_id', '=', search.user)
      if (search.revoked !== undefined)
        query = query.where('api_tokens.revoked_at', search.revoked ? 'is not' : 'is', null)
      if (search.q)
        query = query.where(mentions(search.q, [sql`api_tokens.name`, sql`api_tokens.prefix`]))
      const order = orderClause(
        search.sort ?? '-createdAt',
        tokenSortColumns,
        sql`api_tokens.id desc`,
      )
      return pageOf(query, order, search, toToken)
    },
    async searchOrganisations(search, viewer) {
      let query = db.selectFrom('organisations').where(releasedTo(viewer, 'organisations'))
      if (search.kind) query = query.where('organisations.kind', '=', search.kind)
      if (search.country) query = query.where('organisations.country', '=', search.country)
      if (search.q)
        query = query.where(
          mentions(search.q, [
            sql`organisations.code`,
            sql`organisations.name_en`,
            sql`organisations.name_ja`,
          ]),
        )
      const order = orderClause(
        search.sort ?? 'code',
        organisationSortColumns,
        sql`organisations.id`,
      )
      return pageOf(query, order, search, toOrganisation)
    },
    async searchOperations(search, viewer) {
      let query = db.selectFrom('operations').where(releasedTo(viewer, 'operations'))
      if (search.open !== undefined)
        query = query.where('operations.ended_on', search.open ? 'is' : 'is not', null)
      if (search.q) query = query.where(mentions(search.q, [sql`operations.name`]))
      const order = orderClause(
        search.sort ?? '-startedOn',
        operationSortColumns,
        sql`operations.id desc`,
      )
      return pageOf(query, order, search, toOperation)
    },
  }
}
