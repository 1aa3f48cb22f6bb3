/**
 * What migration 0015 bought, measured so that other processes on the machine weigh on both sides
 * alike (`npx tsx bench/ledger-indexes.ts`): two SQLite nodes opened as the product opens them, one
 * with the transfers' indexes as they were before 0013 (by from and to account) and one as they are
 * (by item), given submits of 1,000 transfers in turn (A, B, A, B …), the same transfers shape as
 * bench/ledger.ts (4 places × 75 items, 1 unit between two places of an item). Prints the median
 * and the fastest submit of each, in milliseconds.
 */
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import SqliteDatabase from 'better-sqlite3'
import { v7 as uuidv7 } from 'uuid'
import type { AppContext } from '../src/app/context.js'
import { LedgerWriter } from '../src/app/ledger-writer.js'
import { ensureNode } from '../src/app/node-setup.js'
import type { Actor } from '../src/domain/records/record.js'
import { openStore } from '../src/store/open-store.js'
import { nodeKeyFrom } from '../src/sync/node-key.js'
import { moves, stockedAccounts } from './ledger-stocked.js'

const ROUNDS = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 60)

async function node(dir: string, name: string, before0013: boolean) {
  const clock = { now: () => new Date() }
  const database = join(dir, `${name}.sqlite`)
  const key = nodeKeyFrom(generateKeyPairSync('ed25519').privateKey)
  if (before0013) {
    // Migrated as the product does, then the transfers' indexes put back as they were.
    await (await openStore({ database, key, clock })).close()
    const raw = new SqliteDatabase(database)
    raw.exec(`drop index transfers_item;
      create index transfers_from on transfers (from_account, at);
      create index transfers_to on transfers (to_account, at);`)
    raw.close()
  }
  const store = await openStore({ database, key, clock })
  const ids = { newId: () => uuidv7() }
  const info = await ensureNode(store, clock, ids, {
    code: `JP-${name.toUpperCase()}`,
    nameEn: name,
    nameJa: name,
    country: 'JP',
    kind: 'government',
  })
  const ctx: AppContext = { store, clock, ids, node: info }
  const actor: Actor = { kind: 'cli', id: 'bench', org: info.org }
  const writer = new LedgerWriter(ctx)
  const pairs = await stockedAccounts(ctx, actor, writer, 'I')
  const submit = async () => {
    const batch = moves(pairs)
    const t = performance.now()
    const outcome = await writer.submit(actor, batch)
    if (outcome.result !== 'committed') throw new Error('refused')
    return performance.now() - t
  }
  return { store, submit }
}

const dir = mkdtempSync(join(tmpdir(), 'kizuna-indexes-'))
const before = await node(dir, 'before', true)
const after = await node(dir, 'after', false)
const times = { before: [] as number[], after: [] as number[] }
for (let r = 0; r < 10; r++) {
  await before.submit()
  await after.submit()
}
for (let r = 0; r < ROUNDS; r++) {
  times.before.push(await before.submit())
  times.after.push(await after.submit())
}
for (const [name, ms] of Object.entries(times)) {
  ms.sort((a, b) => a - b)
  const median = ms[Math.floor(ms.length / 2)] as number
  console.log(
    `${name.padEnd(7)} 0013: a submit of 1,000 takes ${median.toFixed(1)} ms (median of ${ms.length}; fastest ${(ms[0] as number).toFixed(1)}), ${Math.round(1_000_000 / median).toLocaleString('en')} transfers/s`,
  )
}
await before.store.close()
await after.store.close()
rmSync(dir, { recursive: true, force: true })
