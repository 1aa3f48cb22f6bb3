/**
 * @module store/kysely/access-queries
 * Users, sessions, API tokens, failed sign-ins and the audit view of the event log.
 */
import { type Kysely, type Selectable, sql } from 'kysely'
import type { EventFilter, StoreReads, StoreWrites } from '../../app/ports.js'
import type { Role } from '../../domain/access/permissions.js'
import type { ApiToken, Session, User } from '../../domain/access/user.js'
import { decodeShare, encodeShare } from '../../domain/records/share.js'
import { boundPattern } from './like.js'
import { fromOrganisation } from './mappers.js'
import { releasedTo } from './reads.js'
import type { ApiTokenTable, Database, EventTable, SessionTable, UserTable } from './schema.js'

export function toUser(row: Selectable<UserTable>): User {
  return {
    id: row.id,
    home: row.home,
    org: row.org,
    share: decodeShare(row.share),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
    username: row.username,
    displayName: row.display_name,
    roles: JSON.parse(row.roles) as Role[],
    mustChangePassword: Number(row.must_change_password) === 1,
    disabled: row.disabled_at !== null,
  }
}

function fromUser(user: User, passwordHash: string, disabledAt: string | null): UserTable {
  return {
    id: user.id,
    home: user.home,
    org: user.org,
    share: encodeShare(user.share),
    created_at: user.createdAt,
    updated_at: user.updatedAt,
    version: user.version,
    username: user.username,
    display_name: user.displayName,
    roles: JSON.stringify(user.roles),
    password_hash: passwordHash,
    must_change_password: user.mustChangePassword ? 1 : 0,
    disabled_at: disabledAt,
  }
}

export function toToken(row: Selectable<ApiTokenTable>): ApiToken {
  return {
    id: row.id,
    home: row.home,
    org: row.org,
    share: decodeShare(row.share),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
    userId: row.user_id,
    name: row.name,
    role: row.role as Role,
    prefix: row.prefix,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  }
}

function toSession(row: Selectable<SessionTable>): Session {
  return {
    idHash: row.id_hash,
    userId: row.user_id,
    csrfToken: row.csrf_token,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    endedAt: row.ended_at,
  }
}

export function toChainEvent(row: Selectable<EventTable>) {
  return {
    seq: Number(row.seq),
    at: row.at,
    actor: row.actor,
    kind: row.kind,
    subject: row.subject,
    body: row.body,
    share: row.share,
    prevHash: row.prev_hash,
    hash: row.hash,
  }
}

type AccessReads = Pick<
  StoreReads,
  | 'getUser'
  | 'getUserForSignIn'
  | 'getPasswordHash'
  | 'listUsers'
  | 'getSession'
  | 'getToken'
  | 'getTokenBySecretHash'
  | 'listTokens'
  | 'listSignInFailures'
  | 'listEvents'
>

export function accessReads(db: Kysely<Database>): AccessReads {
  return {
    async getUser(id, viewer) {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', id)
        .where(releasedTo(viewer, 'users'))
        .executeTakeFirst()
      return row ? toUser(row) : null
    },
    async getUserForSignIn(username) {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('username', '=', username)
        .executeTakeFirst()
      return row ? { user: toUser(row), passwordHash: row.password_hash } : null
    },
    async getPasswordHash(userId) {
      const row = await db
        .selectFrom('users')
        .select('password_hash')
        .where('id', '=', userId)
        .executeTakeFirst()
      return row?.password_hash ?? null
    },
    async listUsers(org) {
      let query = db.selectFrom('users').selectAll().orderBy('username')
      if (org !== null) query = query.where('org', '=', org)
      return (await query.execute()).map(toUser)
    },
    async getSession(idHash) {
      const row = await db
        .selectFrom('sessions')
        .selectAll()
        .where('id_hash', '=', idHash)
        .executeTakeFirst()
      return row ? toSession(row) : null
    },
    async getToken(id) {
      const row = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst()
      return row ? toToken(row) : null
    },
    async getTokenBySecretHash(secretHash) {
      const row = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('secret_hash', '=', secretHash)
        .executeTakeFirst()
      return row ? toToken(row) : null
    },
    async listTokens(org) {
      let query = db.selectFrom('api_tokens').selectAll().orderBy('created_at', 'desc')
      if (org !== null) query = query.where('org', '=', org)
      return (await query.execute()).map(toToken)
    },
    async listSignInFailures(username, since) {
      const rows = await db
        .selectFrom('sign_in_failures')
        .select('at')
        .where('username', '=', username)
        .where('at', '>', since)
        .orderBy('at')
        .execute()
      return rows.map((row) => row.at)
    },
    async listEvents(filter: EventFilter, viewer) {
      let query = db.selectFrom('events')
      if (viewer !== null) {
        query = query.where(
          sql<boolean>`(share = 'all' or share like ${boundPattern(`%"${viewer.org}"%`)})`,
        )
      }
      if (filter.actor) query = query.where('actor', '=', filter.actor)
      if (filter.kind)
        query = filter.kind.endsWith('.')
          ? query.where(
              'kind',
              'like',
              boundPattern(`${filter.kind.replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
            )
          : query.where('kind', '=', filter.kind)
      if (filter.subject) query = query.where('subject', '=', filter.subject)
      if (filter.from) query = query.where('at', '>=', filter.from)
      if (filter.to) query = query.where('at', '<', filter.to)
      const [rows, count] = await Promise.all([
        query
          .selectAll()
          .orderBy('seq', 'desc')
          .limit(filter.limit)
          .offset(filter.offset)
          .execute(),
        query
          .select((eb) => eb.fn.countAll<string | number>().as('total'))
          .executeTakeFirstOrThrow(),
      ])
      return { rows: rows.map(toChainEvent), total: Number(count.total) }
    },
  }
}

type AccessWrites = Pick<
  StoreWrites,
  | 'insertUser'
  | 'updateUser'
  | 'insertSession'
  | 'endSessions'
  | 'insertToken'
  | 'revokeToken'
  | 'insertSignInFailure'
  | 'insertOrganisation'
  | 'updateOrganisation'
>

export function accessWrites(trx: Kysely<Database>, now: () => string): AccessWrites {
  return {
    async insertUser(user, passwordHash) {
      await trx
        .insertInto('users')
        .values(fromUser(user, passwordHash, user.disabled ? now() : null))
        .execute()
    },
    async updateUser(user, expectedVersion, passwordHash) {
      const current = await trx
        .selectFrom('users')
        .select(['password_hash', 'disabled_at'])
        .where('id', '=', user.id)
        .executeTakeFirst()
      if (!current) return false
      const disabledAt = user.disabled ? (current.disabled_at ?? now()) : null
      const { id, ...row } = fromUser(user, passwordHash ?? current.password_hash, disabledAt)
      const result = await trx
        .updateTable('users')
        .set(row)
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },
    async insertSession(session) {
      await trx
        .insertInto('sessions')
        .values({
          id_hash: session.idHash,
          user_id: session.userId,
          csrf_token: session.csrfToken,
          created_at: session.createdAt,
          last_seen_at: session.lastSeenAt,
          expires_at: session.expiresAt,
          ended_at: session.endedAt,
        })
        .execute()
    },
    async endSessions(where, at) {
      let query = trx.updateTable('sessions').set({ ended_at: at }).where('ended_at', 'is', null)
      if ('idHash' in where) query = query.where('id_hash', '=', where.idHash)
      else {
        query = query.where('user_id', '=', where.userId)
        if (where.exceptIdHash) query = query.where('id_hash', '<>', where.exceptIdHash)
      }
      await query.execute()
    },
    async insertToken(token, secretHash) {
      await trx
        .insertInto('api_tokens')
        .values({
          id: token.id,
          home: token.home,
          org: token.org,
          share: encodeShare(token.share),
          created_at: token.createdAt,
          updated_at: token.updatedAt,
          version: token.version,
          user_id: token.userId,
          name: token.name,
          role: token.role,
          secret_hash: secretHash,
          prefix: token.prefix,
          last_used_at: null,
          expires_at: token.expiresAt,
          revoked_at: null,
        })
        .execute()
    },
    async revokeToken(id, at) {
      await trx
        .updateTable('api_tokens')
        .set({ revoked_at: at, updated_at: at, version: sql`version + 1` })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .execute()
    },
    async insertSignInFailure(id, username, at) {
      await trx.insertInto('sign_in_failures').values({ id, username, at }).execute()
    },
    async insertOrganisation(organisation) {
      await trx.insertInto('organisations').values(fromOrganisation(organisation)).execute()
    },
    async updateOrganisation(organisation, expectedVersion) {
      const { id, ...row } = fromOrganisation(organisation)
      const result = await trx
        .updateTable('organisations')
        .set(row)
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },
  }
}
