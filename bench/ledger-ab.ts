/**
 * This code's SQLite ledger against another version's, measured so that other processes on the
 * machine weigh on both alike (`npx tsx bench/ledger-ab.ts --base=DIR`, DIR an exported copy of the
 * other version with its `src/` and `test/support/`, e.g. `git archive main src test/support`): one
 * node opened by each version's own code as the product opens it, given submits of 1,000 transfers
 * in turn (A B B A …), shaped as in bench/ledger.ts (4 places × 75 items, 1 unit between two places
 * of an item). Prints each side's median and fastest submit, in milliseconds, the ratio, and the
 * median CPU time of a submit (steadier than the wall clock when other processes share the CPUs).
 */
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { v7 as uuidv7 } from 'uuid'
import type { AccountRef, TransferRequest } from '../src/app/ledger-writer.js'
import type { Actor } from '../src/domain/records/record.js'

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
const ROUNDS = Number(arg('rounds') ?? 60)
const BASE = arg('base')
if (!BASE) throw new Error('--base=DIR: an exported copy of the version to compare against')

/** One version's node, opened and driven through that version's own modules. */
async function node(root: string, dir: string, name: string) {
  const load = (path: string) => import(resolve(root, path))
  const { createItem } = await load('src/app/items.ts')
  const { LedgerWriter } = await load('src/app/ledger-writer.ts')
  const { ensureNode } = await load('src/app/node-setup.ts')
  const { createPlace } = await load('src/app/places.ts')
  const { openStore } = await load('src/store/open-store.ts')
  const { nodeKeyFrom } = await load('src/sync/node-key.ts')
  const { itemDraft, placeDraft } = await load('test/support/fixtures.ts')
  const clock = { now: () => new Date() }
  const key = nodeKeyFrom(generateKeyPairSync('ed25519').privateKey)
  const store = await openStore({ database: join(dir, `${name}.sqlite`), key, clock })
  const ids = { newId: () => uuidv7() }
  const info = await ensureNode(store, clock, ids, {
    code: `JP-${name.toUpperCase()}`,
    nameEn: name,
    nameJa: name,
    country: 'JP',
    kind: 'government',
  })
  const ctx = { store, clock, ids, node: info }
  const actor: Actor = { kind: 'cli', id: 'bench', org: info.org }
  const places: string[] = []
  for (let p = 0; p < 4; p++)
    places.push((await createPlace(ctx, actor, placeDraft({ code: `HUB:AB-${p}` }))).place.id)
  const refs: AccountRef[] = []
  for (let i = 0; i < 75; i++) {
    const item = (await createItem(ctx, actor, itemDraft({ code: `KZ-AB-${i}` }))).item.id
    for (const where of places) refs.push({ kind: 'stock', where, item, owner: info.org, lot: '' })
  }
  const pairs = refs.flatMap((from) =>
    refs.filter((to) => to.item === from.item && to.where !== from.where).map((to) => [from, to]),
  ) as [AccountRef, AccountRef][]
  const writer = new LedgerWriter(ctx)
  await writer.submit(
    actor,
    refs.map((to) => ({
      id: uuidv7(),
      mode: 'single' as const,
      from: { kind: 'supply' as const, where: 'Donor', item: to.item, owner: info.org },
      to,
      quantity: 1_000_000_000,
      reason: 'received',
    })),
  )
  const submit = async () => {
    const batch: TransferRequest[] = Array.from({ length: 1000 }, () => {
      const [from, to] = pairs[Math.floor(Math.random() * pairs.length)] as [AccountRef, AccountRef]
      return { id: uuidv7(), mode: 'single', from, to, quantity: 1, reason: 'moved' }
    })
    const cpu = process.cpuUsage()
    const t = performance.now()
    const outcome = await writer.submit(actor, batch)
    if (outcome.result !== 'committed') throw new Error('refused')
    const ms = performance.now() - t
    const used = process.cpuUsage(cpu)
    return { ms, cpuMs: (used.user + used.system) / 1000 }
  }
  return { store, submit }
}

const dir = mkdtempSync(join(tmpdir(), 'kizuna-ab-'))
const sides = {
  base: await node(resolve(BASE), dir, 'base'),
  this: await node(resolve(import.meta.dirname, '..'), dir, 'this'),
}
const times = { base: [] as number[], this: [] as number[] }
// CPU time of this process during a submit (both threads of SQLite's work run here): less moved by
// other processes on a shared machine than the wall clock, though it does not see the fsync's wait.
const cpuTimes = { base: [] as number[], this: [] as number[] }
const take = async (name: 'base' | 'this') => {
  const { ms, cpuMs } = await sides[name].submit()
  times[name].push(ms)
  cpuTimes[name].push(cpuMs)
}
for (let r = 0; r < 10; r++) for (const side of Object.values(sides)) await side.submit()
// Each goes first in turn (A B B A …), so that whatever one leaves behind (garbage, a checkpoint)
// weighs on both alike.
for (let r = 0; r < ROUNDS; r++) {
  if (r % 2 === 0) {
    await take('base')
    await take('this')
  } else {
    await take('this')
    await take('base')
  }
}
const medianOf = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number
const medians: Record<string, number> = {}
for (const [name, ms] of Object.entries(times)) {
  ms.sort((a, b) => a - b)
  const median = ms[Math.floor(ms.length / 2)] as number
  medians[name] = median
  console.log(
    `${name.padEnd(5)} a submit of 1,000 takes ${median.toFixed(1)} ms (median of ${ms.length}; fastest ${(ms[0] as number).toFixed(1)}), ${Math.round(1_000_000 / median).toLocaleString('en')} transfers/s; CPU ${medianOf(cpuTimes[name as 'base' | 'this']).toFixed(1)} ms`,
  )
}
console.log(
  `this ÷ base, transfers/s: ${((medians.base as number) / (medians.this as number)).toFixed(2)}×; CPU a submit: ${(medianOf(cpuTimes.this) / medianOf(cpuTimes.base)).toFixed(2)}×`,
)
for (const side of Object.values(sides)) await side.store.close()
rmSync(dir, { recursive: true, force: true })
