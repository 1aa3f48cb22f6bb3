/**
 * A bare database for migration tests, migrated step by step with Kysely's migrator: SQLite in memory,
 * or PostgreSQL in a schema of its own (dropped by `drop`).
 */
import { type Kysely, type MigrationResultSet, Migrator } from 'kysely'
import { v7 as uuidv7 } from 'uuid'
import { isCatalogRace } from '../../src/store/kysely/kysely-store.js'
import type { Database } from '../../src/store/kysely/schema.js'
import { migrationProvider } from '../../src/store/migrations/index.js'
import { openPostgres } from '../../src/store/postgres/open-postgres.js'
import { openSqlite } from '../../src/store/sqlite/open-sqlite.js'
import { pgUrl } from './stores.js'

/**
 * Kysely's migrator looks for its tables in every schema unless told which: named, so another test's
 * schema (test files run side by side) is not taken for this one's. Its listing of every schema can
 * still fail while another file changes one; as the product does (kysely-store.ts), a failure before
 * any migration ran is tried again.
 */
export function migratorOf(db: Kysely<Database>, schema: string | undefined) {
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    ...(schema ? { migrationTableSchema: schema } : {}),
  })
  const retried = async (run: () => Promise<MigrationResultSet>) => {
    let outcome = await run()
    for (let attempt = 1; attempt < 5 && isCatalogRace(outcome.error, outcome.results); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt))
      outcome = await run()
    }
    return outcome
  }
  return {
    migrateTo: (name: string) => retried(() => migrator.migrateTo(name)),
    migrateToLatest: () => retried(() => migrator.migrateToLatest()),
  }
}

export async function openMigrationDb(dialect: 'sqlite' | 'postgres') {
  if (dialect === 'sqlite')
    return { db: openSqlite(':memory:'), schema: undefined, drop: async () => {} }
  const schema = `kz_test_${uuidv7().replace(/-/g, '').slice(-16)}`
  const admin = openPostgres(pgUrl as string)
  await admin.schema.createSchema(schema).execute()
  return {
    db: openPostgres(pgUrl as string, schema),
    schema,
    drop: async () => {
      await admin.schema.dropSchema(schema).cascade().execute()
      await admin.destroy()
    },
  }
}
