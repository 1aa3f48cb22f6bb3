/**
 * @module store/postgres/open-postgres
 * The scale path: PostgreSQL through `pg`. A `schema` option puts every table in its own schema (tests
 * use one per run so runs never see each other's rows).
 */
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Database } from '../kysely/schema.js'

// int8 (bigint, count(*)) arrives as text by default; our integers fit in a double.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10))

export function openPostgres(url: string, schema?: string): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  })
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
}
