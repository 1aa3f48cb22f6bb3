/**
 * Where a 1,000-transfer submit's time goes on SQLite (`npx tsx bench/ledger-profile.ts`; add
 * `--cpu-prof` through `node --import tsx --cpu-prof`): one node opened as the product opens it,
 * the transfers shaped as in bench/ledger.ts (4 places × 75 items, 1 unit between two places of an
 * item), each store write of the commit timed apart. Prints medians in milliseconds.
 */
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { v7 as uuidv7 } from 'uuid'
import type { AppContext } from '../src/app/context.js'
import { commitGroup, LedgerWriter } from '../src/app/ledger-writer.js'
import { ensureNode } from '../src/app/node-setup.js'
import type { StoreWrites } from '../src/app/ports.js'
import type { Actor } from '../src/domain/records/record.js'
import { openStore } from '../src/store/open-store.js'
import { nodeKeyFrom } from '../src/sync/node-key.js'
import { moves, stockedAccounts } from './ledger-stocked.js'

const ROUNDS = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 40)

const dir = mkdtempSync(join(tmpdir(), 'kizuna-profile-'))
const clock = { now: () => new Date() }
const key = nodeKeyFrom(generateKeyPairSync('ed25519').privateKey)
const store = await openStore({ database: join(dir, 'node.sqlite'), key, clock })
const ids = { newId: () => uuidv7() }
const info = await ensureNode(store, clock, ids, {
  code: 'JP-PROFILE',
  nameEn: 'profile',
  nameJa: 'profile',
  country: 'JP',
  kind: 'government',
})
const ctx: AppContext = { store, clock, ids, node: info }
const actor: Actor = { kind: 'cli', id: 'bench', org: info.org }
// Each store write timed; what is left of the work is the batch's JS, what is left of the
// transaction is BEGIN, the head row, the signature and COMMIT.
const parts = new Map<string, number[]>()
let round: Map<string, number> = new Map()
const add = (name: string, ms: number) => round.set(name, (round.get(name) ?? 0) + ms)
function timed(tx: StoreWrites): StoreWrites {
  return new Proxy(tx, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver)
      if (typeof value !== 'function') return value
      return async (...args: unknown[]) => {
        const t = performance.now()
        try {
          return await value.apply(target, args)
        } finally {
          add(String(name), performance.now() - t)
        }
      }
    },
  })
}
const writer = new LedgerWriter(ctx, async (jobs, now) => {
  const t0 = performance.now()
  let work = 0
  const out = await store.transact(async (tx) => {
    const t = performance.now()
    try {
      return await commitGroup(timed(tx), info.id, jobs, now)
    } finally {
      work = performance.now() - t
    }
  })
  const total = performance.now() - t0
  const stored = [...round.values()].reduce((a, b) => a + b, 0)
  add('batch JS', work - stored)
  add('begin, head, sign, commit', total - work)
  add('total', total)
  return out
})
const pairs = await stockedAccounts(ctx, actor, writer, 'P')
for (let r = 0; r < 10 + ROUNDS; r++) {
  round = new Map()
  const outcome = await writer.submit(actor, moves(pairs))
  if (outcome.result !== 'committed') throw new Error('refused')
  if (r >= 10) for (const [name, ms] of round) parts.set(name, [...(parts.get(name) ?? []), ms])
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0
for (const [name, ms] of [...parts].sort((a, b) => median(b[1]) - median(a[1])))
  console.log(`${name.padEnd(28)} ${median(ms).toFixed(2).padStart(7)} ms`)
await store.close()
rmSync(dir, { recursive: true, force: true })
