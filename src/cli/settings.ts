/**
 * @module cli/settings
 * Settings by flag or environment, flag first: database (`--db`, KIZUNA_DB), node key file (`--key`,
 * KIZUNA_KEY_FILE), port (`--port`, KIZUNA_PORT), host (`--host`, KIZUNA_HOST), log level.
 */
import { dirname, join, parse, resolve } from 'node:path'
import { isPostgresUrl } from '../store/open-store.js'

export const DEFAULT_DB = 'var/kizuna.sqlite'

export interface DatabaseSettings {
  readonly database: string
  readonly keyFile: string
}

export function databaseSettings(flags: {
  db?: string | undefined
  key?: string | undefined
}): DatabaseSettings {
  const raw = flags.db ?? process.env.KIZUNA_DB ?? DEFAULT_DB
  const database = isPostgresUrl(raw) || raw === ':memory:' ? raw : resolve(raw)
  const key = flags.key ?? process.env.KIZUNA_KEY_FILE
  if (key) return { database, keyFile: resolve(key) }
  // Beside the SQLite file by default (kizuna.sqlite → kizuna.key); for PostgreSQL, var/node.key.
  if (isPostgresUrl(database) || database === ':memory:')
    return { database, keyFile: resolve('var/node.key') }
  const { dir, name } = parse(database)
  return { database, keyFile: join(dir || dirname(database), `${name}.key`) }
}

export function portSetting(flag: string | undefined): number {
  const raw = flag ?? process.env.KIZUNA_PORT ?? '8080'
  const port = Number(raw)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port: "${raw}" is not a port number (0 to 65535)`)
  return port
}

/** Where the product's files are: data/ and dist/web/ sit at the package root, two levels above this file. */
export const packageRoot = resolve(dirname(new URL(import.meta.url).pathname), '..', '..')
