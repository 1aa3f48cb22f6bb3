/**
 * Opens a fresh store per test on each dialect: SQLite in a temp directory, and PostgreSQL in its own
 * schema when KIZUNA_TEST_PG_URL is set (dropped afterwards). Without it the PostgreSQL runs are skipped,
 * and one line says so.
 */
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { v7 as uuidv7 } from 'uuid'
import type { AppContext } from '../../src/app/context.js'
import { ensureNode } from '../../src/app/node-setup.js'
import type { Clock, NodeKey, Store } from '../../src/app/ports.js'
import { openStore } from '../../src/store/open-store.js'
import { openPostgres } from '../../src/store/postgres/open-postgres.js'
import { nodeKeyFrom } from '../../src/sync/node-key.js'

export const pgUrl = process.env.KIZUNA_TEST_PG_URL
if (!pgUrl)
  console.log(
    'skipped: PostgreSQL store tests (set KIZUNA_TEST_PG_URL=postgres://postgres@127.0.0.1:5432/test to run them)',
  )

export interface Dialect {
  readonly name: 'sqlite' | 'postgres'
  readonly skip: boolean
}

export const dialects: Dialect[] = [
  { name: 'sqlite', skip: false },
  { name: 'postgres', skip: !pgUrl },
]

export interface TestNode {
  readonly ctx: AppContext
  readonly store: Store
  readonly key: NodeKey
  readonly clock: Clock & { set(iso: string): void }
  readonly database: string
  readonly schema: string | undefined
  close(): Promise<void>
}

export function testClock(start = '2026-01-02T03:04:05.000Z') {
  let now = new Date(start)
  return {
    now: () => new Date(now),
    set(iso: string) {
      now = new Date(iso)
    },
  }
}

export async function openTestNode(
  dialect: Dialect['name'],
  options: { key?: NodeKey; database?: string; schema?: string; organisation?: string } = {},
): Promise<TestNode> {
  const key = options.key ?? nodeKeyFrom(generateKeyPairSync('ed25519').privateKey)
  const clock = testClock()
  let dir: string | undefined
  let database: string
  let schema: string | undefined
  if (dialect === 'postgres') {
    if (!pgUrl) throw new Error('KIZUNA_TEST_PG_URL is not set')
    database = pgUrl
    schema = options.schema ?? `kz_test_${uuidv7().replace(/-/g, '').slice(-16)}`
  } else {
    if (options.database) database = options.database
    else {
      dir = mkdtempSync(join(tmpdir(), 'kizuna-store-'))
      database = join(dir, 'node.sqlite')
    }
  }
  const store = await openStore({ database, key, clock, ...(schema ? { schema } : {}) })
  const ids = { newId: () => uuidv7() }
  const node = await ensureNode(store, clock, ids, {
    code: options.organisation ?? 'JP-TEST',
    nameEn: 'Test agency',
    nameJa: 'テスト機関',
    country: 'JP',
    kind: 'government',
  })
  const ctx: AppContext = { store, clock, ids, node }
  return {
    ctx,
    store,
    key,
    clock,
    database,
    schema,
    async close() {
      await store.close()
      if (dir) rmSync(dir, { recursive: true, force: true })
      if (schema && !options.schema) {
        const admin = openPostgres(database)
        await admin.schema.dropSchema(schema).ifExists().cascade().execute()
        await admin.destroy()
      }
    },
  }
}
