/**
 * The ledger's reads at 100,000 transfers (`npx tsx bench/ledger-reads.ts`): a stock card (first and
 * last page), stock as of a time, the dashboard's received stock and `kizuna verify`'s recomputation,
 * on a SQLite node filled through LedgerWriter in submits of 1,000 shaped like an operation —
 * receipts from six suppliers into three hubs (15%), moves between hubs and out to shelters (50%),
 * issues at the shelters (35%). It checks that the write path's indexes still serve the reads the
 * issue asks for (bench/RESULTS.md, ledger section). Options: --transfers=N (default 100,000),
 * --postgres (KIZUNA_TEST_PG_URL, a schema of its own).
 */
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { v7 as uuidv7 } from 'uuid'
import type { AppContext } from '../src/app/context.js'
import { createItem } from '../src/app/items.js'
import { type AccountRef, LedgerWriter, type TransferRequest } from '../src/app/ledger-writer.js'
import { ensureNode } from '../src/app/node-setup.js'
import { createPlace } from '../src/app/places.js'
import { accountId } from '../src/domain/ledger/account.js'
import type { Actor } from '../src/domain/records/record.js'
import { openStore } from '../src/store/open-store.js'
import { openPostgres } from '../src/store/postgres/open-postgres.js'
import { nodeKeyFrom } from '../src/sync/node-key.js'
import { itemDraft, placeDraft } from '../test/support/fixtures.js'
import { seededRandom } from './cop-data.js'

const args = process.argv.slice(2)
const COUNT = Number(args.find((a) => a.startsWith('--transfers='))?.slice(12) ?? 100_000)
const POSTGRES = args.includes('--postgres')
const PG_URL = process.env.KIZUNA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const HUBS = 3
const SHELTERS = 30
const ITEMS = 150
const SUPPLIERS = [
  'Government stockpile',
  'Red Cross',
  'Partner A',
  'Partner B',
  'Donor C',
  'Private',
]

async function main() {
  const random = seededRandom(7)
  const dir = mkdtempSync(join(tmpdir(), 'kizuna-reads-'))
  const schema = POSTGRES ? `kz_reads_${uuidv7().replace(/-/g, '').slice(-16)}` : undefined
  const clock = { now: () => new Date() }
  const store = await openStore({
    database: POSTGRES ? PG_URL : join(dir, 'node.sqlite'),
    key: nodeKeyFrom(generateKeyPairSync('ed25519').privateKey),
    clock,
    ...(schema ? { schema } : {}),
  })
  try {
    const ids = { newId: () => uuidv7() }
    const node = await ensureNode(store, clock, ids, {
      code: 'JP-READS',
      nameEn: 'Reads bench',
      nameJa: '読み取りベンチ',
      country: 'JP',
      kind: 'government',
    })
    const ctx: AppContext = { store, clock, ids, node }
    const actor: Actor = { kind: 'cli', id: 'bench', org: node.org }
    const place = async (code: string) =>
      (await createPlace(ctx, actor, placeDraft({ code, nameEn: code }))).place.id
    const hubs: string[] = []
    for (let h = 0; h < HUBS; h++) hubs.push(await place(`HUB:R-${h}`))
    const shelters: string[] = []
    for (let s = 0; s < SHELTERS; s++) shelters.push(await place(`SH:R-${s}`))
    const items: string[] = []
    for (let i = 0; i < ITEMS; i++)
      items.push(
        (await createItem(ctx, actor, itemDraft({ code: `KZ-R-${i}`, nameEn: `Item ${i}` }))).item
          .id,
      )
    const stock = (where: string, item: string): AccountRef => ({
      kind: 'stock',
      where,
      item,
      owner: node.org,
      lot: '',
    })
    // Quantities are large enough that no move or issue runs out: the shape is what matters here.
    const next = (): TransferRequest => {
      const roll = random.next()
      const item = random.pick(items)
      const hub = random.pick(hubs)
      const shelter = random.pick(shelters)
      const [from, to, reason]: [AccountRef, AccountRef, string] =
        roll < 0.15
          ? [
              { kind: 'supply', where: random.pick(SUPPLIERS), item, owner: node.org },
              stock(hub, item),
              'received',
            ]
          : roll < 0.35
            ? [stock(hub, item), stock(random.pick(hubs.filter((h) => h !== hub)), item), 'moved']
            : roll < 0.65
              ? [stock(hub, item), stock(shelter, item), 'moved']
              : [
                  stock(shelter, item),
                  { kind: 'issued', where: shelter, item, owner: node.org },
                  'issued',
                ]
      return { id: uuidv7(), mode: 'single', from, to, quantity: 1, reason, ref: null }
    }
    const writer = new LedgerWriter(ctx)
    // Seed every hub and shelter account so nothing runs out.
    const seed: TransferRequest[] = []
    for (const item of items)
      for (const where of [...hubs, ...shelters])
        seed.push({
          id: uuidv7(),
          mode: 'single',
          from: { kind: 'supply', where: 'Seed', item, owner: node.org },
          to: stock(where, item),
          quantity: 1_000_000,
          reason: 'received',
        })
    for (let i = 0; i < seed.length; i += 1000) await writer.submit(actor, seed.slice(i, i + 1000))
    let half = ''
    const t0 = performance.now()
    const cpu0 = process.cpuUsage()
    for (let done = 0; done < COUNT; done += 1000) {
      const result = await writer.submit(
        actor,
        Array.from({ length: Math.min(1000, COUNT - done) }, next),
      )
      if (result.result !== 'committed')
        throw new Error(`a submit was refused: ${JSON.stringify(result).slice(0, 300)}`)
      if (done === Math.floor(COUNT / 2000) * 1000) half = new Date().toISOString()
    }
    const fillSeconds = (performance.now() - t0) / 1000
    // CPU time moves less than wall time when other processes share the machine.
    const cpu = process.cpuUsage(cpu0)
    const cpuPerSubmit = (cpu.user + cpu.system) / 1000 / Math.ceil(COUNT / 1000)
    const busy = accountId({ ...stock(hubs[0] as string, items[0] as string), lot: '' })
    const card = await store.stockCard(busy, 50, 0)
    const timings: [string, () => Promise<unknown>][] = [
      ['stock card of a hub account, first page of 50', () => store.stockCard(busy, 50, 0)],
      [
        'stock card of a hub account, last page of 50',
        () => store.stockCard(busy, 50, Math.max(0, card.total - 50)),
      ],
      [
        'stock as of halfway, all stock, first page of 50',
        () => store.balancesAsOf(half, { kind: 'stock', limit: 50, offset: 0 }, null),
      ],
      [
        'stock as of halfway, one place, first page of 50',
        () =>
          store.balancesAsOf(half, { kind: 'stock', place: hubs[1], limit: 50, offset: 0 }, null),
      ],
      ['dashboard: received stock by owner and category', () => store.receivedStock(null)],
      ['kizuna verify: every balance recomputed', () => store.findBalanceMismatches()],
      ["kizuna verify: every stock card's chain checked", () => store.findCardBreaks()],
    ]
    console.log(
      `${POSTGRES ? 'PostgreSQL' : 'SQLite'}: ${COUNT.toLocaleString('en')} transfers (+${seed.length} seed) over ${HUBS} hubs, ${SHELTERS} shelters, ${ITEMS} items in ${fillSeconds.toFixed(1)} s (${Math.round(COUNT / fillSeconds).toLocaleString('en')}/s, ${cpuPerSubmit.toFixed(1)} ms of CPU a submit of 1,000); the hub account's card has ${card.total} lines`,
    )
    for (const [name, read] of timings) {
      await read()
      const ms: number[] = []
      for (let r = 0; r < 5; r++) {
        const t = performance.now()
        await read()
        ms.push(performance.now() - t)
      }
      ms.sort((a, b) => a - b)
      console.log(
        `  ${name.padEnd(52)} ${(ms[2] as number).toFixed(1).padStart(8)} ms  (${(ms[0] as number).toFixed(1)}–${(ms[4] as number).toFixed(1)})`,
      )
    }
    const mismatches = await store.findBalanceMismatches()
    console.log(`  balances = sum of transfers: ${mismatches.length === 0 ? 'yes' : 'NO'}`)
  } finally {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
    if (schema) {
      const admin = openPostgres(PG_URL)
      await admin.schema.dropSchema(schema).ifExists().cascade().execute()
      await admin.destroy()
    }
  }
}

await main()
