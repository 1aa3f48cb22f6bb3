/**
 * @module store/open-store
 * Opens the node's database from one setting: a file path (SQLite) or a postgres:// URL, migrates it,
 * and makes sure the node has its identity (id and public key in `meta`, matching the key file).
 */
import { v7 as uuidv7 } from 'uuid'
import type { Clock, NodeKey, Store } from '../app/ports.js'
import { kyselyStore, migrate } from './kysely/kysely-store.js'
import { openPostgres } from './postgres/open-postgres.js'
import { openSqlite } from './sqlite/open-sqlite.js'

export interface OpenStoreOptions {
  /** A SQLite file path (or `:memory:`) or a postgres:// URL. */
  readonly database: string
  readonly key: NodeKey
  readonly clock: Clock
  /** PostgreSQL only: the schema to use (created if missing). */
  readonly schema?: string
}

export function isPostgresUrl(database: string): boolean {
  return /^postgres(ql)?:\/\//.test(database)
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const postgres = isPostgresUrl(options.database)
  if (postgres && options.schema) {
    const admin = openPostgres(options.database)
    try {
      await admin.schema.createSchema(options.schema).ifNotExists().execute()
    } finally {
      await admin.destroy()
    }
  }
  const db = postgres
    ? openPostgres(options.database, options.schema)
    : openSqlite(options.database)
  try {
    await migrate(db, postgres ? (options.schema ?? 'public') : undefined)
    let nodeId = (
      await db.selectFrom('meta').select('value').where('key', '=', 'node_id').executeTakeFirst()
    )?.value
    const storedKey = (
      await db
        .selectFrom('meta')
        .select('value')
        .where('key', '=', 'node_public_key')
        .executeTakeFirst()
    )?.value
    if (storedKey !== undefined && storedKey !== options.key.publicKeyPem) {
      throw new Error(
        'the node key file does not match this database (its public key differs from the one recorded at init)',
      )
    }
    if (nodeId === undefined) {
      nodeId = uuidv7()
      await db
        .insertInto('meta')
        .values([
          { key: 'node_id', value: nodeId },
          { key: 'node_public_key', value: options.key.publicKeyPem },
        ])
        .onConflict((oc) => oc.doNothing())
        .execute()
      // Another process may have won the race: take what is stored.
      nodeId = (
        await db
          .selectFrom('meta')
          .select('value')
          .where('key', '=', 'node_id')
          .executeTakeFirstOrThrow()
      ).value
    }
    const id = nodeId
    return kyselyStore({
      kind: postgres ? 'postgres' : 'sqlite',
      db,
      nodeId: () => id,
      key: () => options.key,
      clock: options.clock,
    })
  } catch (error) {
    await db.destroy()
    throw error
  }
}
