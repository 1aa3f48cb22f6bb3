/**
 * Ledger throughput on SQLite and PostgreSQL, all measured in one run (`npm run bench:ledger`):
 *
 *   1. raw INSERT of transfer-shaped rows into a bare table, batches of 1,000, same durability (ceiling)
 *   2. LedgerWriter.submit with 1,000 single transfers per submit (one transaction each)
 *   3. LedgerWriter.submit with one transfer, awaited, one after another (one durable commit each)
 *   4. POST /api/transfers (one single transfer each) from 64 concurrent keep-alive clients
 *   5. GET /api/health from 64 concurrent clients on the same server
 *
 * SQLite is a file in a temp dir opened by openStore (WAL, synchronous=FULL). PostgreSQL is
 * KIZUNA_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test) in a schema of its own, dropped
 * afterwards, at the server's default durability (synchronous_commit=on). The load generator is
 * autocannon in a child process (bench/load.ts), so client and server each get an event loop; on a
 * 2-core machine they still share the CPUs, so compare ratios from the same run. The bench also
 * reports how busy other processes kept the machine, since that moves every number.
 *
 * Options: --only=sqlite|postgres · --quick (shorter runs) · --no-diagnostics · --profile (CPU profile of the server during one HTTP
 * transfers run: heaviest functions printed, .cpuprofile written to the temp dir).
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import type { AddressInfo } from 'node:net'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import SqliteDatabase from 'better-sqlite3'
import Fastify from 'fastify'
import {
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  sql,
} from 'kysely'
import pg from 'pg'
import { v7 as uuidv7 } from 'uuid'
import type { AppContext } from '../src/app/context.js'
import { createItem } from '../src/app/items.js'
import { type AccountRef, LedgerWriter, type TransferRequest } from '../src/app/ledger-writer.js'
import { ensureNode } from '../src/app/node-setup.js'
import { createPlace } from '../src/app/places.js'
import type { Store, StoreWrites } from '../src/app/ports.js'
import { canonicalJson, hashEvent } from '../src/domain/events/chain.js'
import { accountId } from '../src/domain/ledger/account.js'
import type { Actor } from '../src/domain/records/record.js'
import { buildApp } from '../src/server/build-app.js'
import { startLedgerWorker } from '../src/server/ledger-worker-committer.js'
import type { Database } from '../src/store/kysely/schema.js'
import { openStore } from '../src/store/open-store.js'
import { openPostgres } from '../src/store/postgres/open-postgres.js'
import { nodeKeyFrom } from '../src/sync/node-key.js'
import { tokenHeaders } from '../test/support/callers.js'
import { itemDraft, placeDraft } from '../test/support/fixtures.js'
import type { AccountRefJson, LoadJob, LoadResult } from './load.js'

type Dialect = 'sqlite' | 'postgres'

const args = process.argv.slice(2)
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length)
const QUICK = args.includes('--quick')
const PROFILE = args.includes('--profile')
const DIAGNOSTICS = !args.includes('--no-diagnostics')
const PG_URL = process.env.KIZUNA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

const BATCH = 1000
const REPS = 3
const CONNECTIONS = 64
const PLACES = 4
const ITEMS = 75 // 4 places × 75 items = 300 stock accounts
const SEED_QUANTITY = 1_000_000_000
/** Timed work per repetition of an in-process measurement, and the most steps it may take. */
const STEP_SECONDS = QUICK ? 0.5 : 1.5
const MAX_BATCHES = 200
const ONE_BY_ONE_SECONDS = QUICK ? 1 : 2
const HTTP_SECONDS = QUICK ? 2 : 5
const HEALTH_SECONDS = QUICK ? 2 : 4
const WARMUP_SECONDS = QUICK ? 1 : 2
/** An info line for SQLite: the indexed raw insert with a larger page cache and fewer checkpoints. */
const TUNED_PRAGMAS = ['cache_size = -65536', 'wal_autocheckpoint = 10000']

// ——— small helpers ———

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US')
const pct = (n: number): string => `${(n * 100).toFixed(0)}%`
const times = (n: number): string => `${n.toFixed(1)}×`
const log = (line: string) => process.stderr.write(`  … ${line}\n`)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

interface Sample {
  readonly median: number
  readonly all: number[]
}
const sample = (all: number[]): Sample => ({ median: median(all), all })
const spread = (s: Sample): string => `${fmt(Math.min(...s.all))}–${fmt(Math.max(...s.all))}`

/**
 * Units per second of timed work: `step` prepares its input untimed and returns the action to time;
 * steps run until `seconds` of timed work or `max` steps.
 */
async function timedRate(
  seconds: number,
  max: number,
  step: () => { units: number; run: () => unknown },
): Promise<number> {
  let timed = 0
  let units = 0
  for (let count = 0; timed < seconds * 1000 && count < max; count++) {
    const { units: n, run } = step()
    const t0 = performance.now()
    await run()
    timed += performance.now() - t0
    units += n
  }
  return units / (timed / 1000)
}

/** One untimed warm-up, then REPS timed repetitions. */
async function repeated(once: (warmup: boolean) => Promise<number>): Promise<Sample> {
  await once(true)
  const rates: number[] = []
  for (let rep = 0; rep < REPS; rep++) rates.push(await once(false))
  return sample(rates)
}

// ——— what else ran on the machine meanwhile ———

const CLOCK_TICKS = 100 // USER_HZ on Linux

function procTicks(pid: number | 'self'): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return Number(fields[11]) + Number(fields[12]) // utime + stime
  } catch {
    return 0
  }
}

function machineBusyTicks(): number {
  const [cpu] = readFileSync('/proc/stat', 'utf8').split('\n')
  const f = (cpu ?? '').split(/\s+/).slice(1).map(Number)
  // user nice system idle iowait irq softirq steal
  return (f[0] ?? 0) + (f[1] ?? 0) + (f[2] ?? 0) + (f[5] ?? 0) + (f[6] ?? 0) + (f[7] ?? 0)
}

function postgresTicks(): number {
  let sum = 0
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres')
        sum += procTicks(Number(entry))
    } catch {
      // gone meanwhile
    }
  }
  return sum
}

/** CPUs kept busy by processes other than this bench, its load generator and PostgreSQL. */
class OtherLoad {
  private start = { t: 0, busy: 0, ours: 0, pg: 0 }
  constructor(private readonly childPid: () => number | undefined) {}
  private ours() {
    const child = this.childPid()
    return procTicks('self') + (child ? procTicks(child) : 0)
  }
  begin() {
    try {
      this.start = {
        t: performance.now(),
        busy: machineBusyTicks(),
        ours: this.ours(),
        pg: postgresTicks(),
      }
    } catch {
      this.start = { t: performance.now(), busy: Number.NaN, ours: 0, pg: 0 }
    }
  }
  end(): { otherCpus: number; postgresCpus: number; load1: number } {
    const seconds = (performance.now() - this.start.t) / 1000
    try {
      const busy = machineBusyTicks() - this.start.busy
      const ours = this.ours() - this.start.ours
      const pgTicks = postgresTicks() - this.start.pg
      return {
        otherCpus: Math.max(0, busy - ours - pgTicks) / CLOCK_TICKS / seconds,
        postgresCpus: pgTicks / CLOCK_TICKS / seconds,
        load1: loadavg()[0] ?? 0,
      }
    } catch {
      return { otherCpus: Number.NaN, postgresCpus: Number.NaN, load1: loadavg()[0] ?? 0 }
    }
  }
}

// ——— 1. raw insert: the ceiling ———

const transferColumns = [
  'id',
  'home',
  'org',
  'share',
  'created_at',
  'updated_at',
  'version',
  'batch_id',
  'mode',
  'from_account',
  'to_account',
  'item_id',
  'quantity',
  'reason',
  'ref',
  'pending_id',
  'timeout_at',
  'actor',
  'at',
] as const

/** The same columns, types and checks as `transfers` (migration 0003); primary key only. */
const rawTableSql = (name: string) => `create table ${name} (
  id text primary key, home text not null, org text not null, share text not null,
  created_at text not null, updated_at text not null, version integer not null check (version > 0),
  batch_id text not null, mode text not null, from_account text not null, to_account text not null,
  item_id text not null, quantity bigint not null check (quantity > 0), reason text not null,
  ref text, pending_id text, timeout_at text, actor text not null, at text not null)`
/**
 * The index by item `transfers` had (migrations 0015–0017; 0018 dropped it for the stock card's chain),
 * for the "raw + indexes" line: what it cost the bare table.
 */
const rawIndexSql = (name: string) => [`create index ${name}_item on ${name} (item_id, at)`]

/**
 * Rows shaped like the ledger's: UUIDv7 ids, today's timestamps, and the measured transfers' pairs of
 * accounts with their item (so that an index by item sees as many items as the ledger's does).
 */
function rawRows(count: number, pairs: readonly RawPair[], node: string, org: string): unknown[][] {
  const batch = uuidv7()
  const at = new Date().toISOString()
  const rows: unknown[][] = []
  for (let i = 0; i < count; i++) {
    const [from, to, item] = pairs[Math.floor(Math.random() * pairs.length)] as RawPair
    // biome-ignore format: one row
    rows.push([uuidv7(), node, org, 'all', at, at, 1, batch, 'single', from, to, item, 1, 'moved', null, null, null, `cli:${org}`, at])
  }
  return rows
}

/** From account, to account, item. */
type RawPair = readonly [string, string, string]

function rawSqlite(
  dir: string,
  name: string,
  withIndexes: boolean,
  accounts: readonly RawPair[],
  pragmas: readonly string[] = [],
  perCommit = BATCH,
) {
  const db = new SqliteDatabase(join(dir, `${name}.sqlite`))
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL') // what openSqlite ships
  for (const pragma of pragmas) db.pragma(pragma)
  db.exec(rawTableSql('raw_transfers'))
  if (withIndexes) for (const statement of rawIndexSql('raw_transfers')) db.exec(statement)
  const insert = db.prepare(
    `insert into raw_transfers values (${transferColumns.map(() => '?').join(', ')})`,
  )
  const commitBatch = db.transaction((rows: unknown[][]) => {
    for (const row of rows) insert.run(row)
  })
  const node = uuidv7()
  const org = uuidv7()
  return repeated((warmup) =>
    timedRate(warmup ? 0.2 : STEP_SECONDS, (MAX_BATCHES * BATCH) / perCommit, () => {
      const rows = rawRows(perCommit, accounts, node, org)
      return { units: perCommit, run: () => commitBatch(rows) } // one durable commit per batch
    }),
  ).finally(() => db.close())
}

async function rawPostgres(
  schema: string,
  table: string,
  how: 'values' | 'unnest',
  withIndexes: boolean,
  accounts: readonly RawPair[],
  perCommit = BATCH,
): Promise<Sample> {
  const client = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` })
  await client.connect()
  try {
    await client.query(rawTableSql(table))
    if (withIndexes) for (const statement of rawIndexSql(table)) await client.query(statement)
    const width = transferColumns.length
    const valuesSql = `insert into ${table} values ${Array.from(
      { length: perCommit },
      (_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`,
    ).join(', ')}`
    const types = transferColumns.map((c) =>
      c === 'version' ? 'int4' : c === 'quantity' ? 'int8' : 'text',
    )
    const unnestSql = `insert into ${table} select * from unnest(${types
      .map((t, i) => `$${i + 1}::${t}[]`)
      .join(', ')})`
    const node = uuidv7()
    const org = uuidv7()
    return await repeated((warmup) =>
      timedRate(warmup ? 0.3 : STEP_SECONDS, (MAX_BATCHES * BATCH) / perCommit, () => {
        const rows = rawRows(perCommit, accounts, node, org)
        const params =
          how === 'values' ? rows.flat() : transferColumns.map((_, c) => rows.map((row) => row[c]))
        return {
          units: perCommit,
          run: async () => {
            await client.query('begin')
            await client.query(how === 'values' ? valuesSql : unnestSql, params)
            await client.query('commit')
          },
        }
      }),
    )
  } finally {
    await client.end()
  }
}

// ——— the node, its fixtures and the ledger measurements ———

interface BenchNode {
  readonly ctx: AppContext
  readonly writer: LedgerWriter
  readonly actor: Actor
  readonly schema: string | undefined
  readonly dir: string
  /** SQLite: the database file and the node key's file, for the server's ledger worker. */
  readonly database: string
  readonly keyFile: string
  readonly stockRefs: AccountRef[]
  readonly pairs: [AccountRef, AccountRef][]
  /** Store transactions so far, and the time spent in them (ms). */
  readonly commits: { count: number; ms: number }
  close(): Promise<void>
}

async function openNode(dialect: Dialect): Promise<BenchNode> {
  const privateKey = generateKeyPairSync('ed25519').privateKey
  const key = nodeKeyFrom(privateKey)
  const clock = { now: () => new Date() }
  const dir = mkdtempSync(join(tmpdir(), 'kizuna-bench-'))
  const keyFile = join(dir, 'node.key')
  writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 })
  const schema =
    dialect === 'postgres' ? `kz_bench_${uuidv7().replace(/-/g, '').slice(-16)}` : undefined
  const database = dialect === 'postgres' ? PG_URL : join(dir, 'node.sqlite')
  const opened = await openStore({ database, key, clock, ...(schema ? { schema } : {}) })
  // Counts commits (and the time in them) to show how many requests each group commit carried.
  const commits = { count: 0, ms: 0 }
  const store: Store = {
    ...opened,
    async transact(work) {
      const t0 = performance.now()
      try {
        return await opened.transact(work)
      } finally {
        commits.count++
        commits.ms += performance.now() - t0
      }
    },
  }
  const ids = { newId: () => uuidv7() }
  const node = await ensureNode(store, clock, ids, {
    code: 'JP-BENCH',
    nameEn: 'Bench agency',
    nameJa: 'ベンチ機関',
    country: 'JP',
    kind: 'government',
  })
  const ctx: AppContext = { store, clock, ids, node }
  const actor: Actor = { kind: 'cli', id: 'bench', org: node.org }
  const places: string[] = []
  for (let p = 0; p < PLACES; p++)
    places.push(
      (await createPlace(ctx, actor, placeDraft({ code: `HUB:BENCH-${p}`, nameEn: `Hub ${p}` })))
        .place.id,
    )
  const items: string[] = []
  for (let i = 0; i < ITEMS; i++)
    items.push(
      (
        await createItem(
          ctx,
          actor,
          itemDraft({ code: `KZ-BENCH-${String(i).padStart(3, '0')}`, nameEn: `Bench item ${i}` }),
        )
      ).item.id,
    )
  const stockRefs: AccountRef[] = []
  for (const place of places)
    for (const item of items)
      stockRefs.push({ kind: 'stock', where: place, item, owner: node.org, lot: '' })
  const pairs: [AccountRef, AccountRef][] = []
  for (const from of stockRefs)
    for (const to of stockRefs)
      if (from.item === to.item && from.where !== to.where) pairs.push([from, to])
  const writer = new LedgerWriter(ctx)
  // Seed every stock account from a donor, so no transfer of the bench runs out.
  await writer.submit(
    actor,
    stockRefs.map((to) => ({
      id: uuidv7(),
      mode: 'single' as const,
      from: { kind: 'supply' as const, where: 'Bench donor', item: to.item, owner: to.owner },
      to,
      quantity: SEED_QUANTITY,
      reason: 'received',
    })),
  )
  return {
    ctx,
    writer,
    actor,
    schema,
    dir,
    database,
    keyFile,
    stockRefs,
    pairs,
    commits,
    async close() {
      await opened.close()
      rmSync(dir, { recursive: true, force: true })
      if (schema) {
        const admin = openPostgres(PG_URL)
        await admin.schema.dropSchema(schema).ifExists().cascade().execute()
        await admin.destroy()
      }
    },
  }
}

function randomTransfer(pairs: readonly [AccountRef, AccountRef][]): TransferRequest {
  const [from, to] = pairs[Math.floor(Math.random() * pairs.length)] as [AccountRef, AccountRef]
  return { id: uuidv7(), mode: 'single', from, to, quantity: 1, reason: 'moved', ref: null }
}

function ledgerBatched(node: BenchNode): Promise<Sample> {
  return repeated((warmup) =>
    timedRate(warmup ? 0.3 : STEP_SECONDS, MAX_BATCHES, () => {
      const batch = Array.from({ length: BATCH }, () => randomTransfer(node.pairs))
      return { units: BATCH, run: () => node.writer.submit(node.actor, batch) }
    }),
  )
}

function ledgerOneByOne(node: BenchNode): Promise<Sample> {
  return repeated((warmup) =>
    timedRate(warmup ? 0.3 : ONE_BY_ONE_SECONDS, 1_000_000, () => {
      const one = [randomTransfer(node.pairs)]
      return { units: 1, run: () => node.writer.submit(node.actor, one) }
    }),
  )
}

/** (info) 64 in-process callers each submitting one transfer at a time: group commit without HTTP. */
async function ledgerConcurrent(node: BenchNode): Promise<{ rate: Sample; perCommit: number }> {
  let perCommit: number[] = []
  const rate = await repeated(async (warmup) => {
    const seconds = warmup ? 0.3 : ONE_BY_ONE_SECONDS
    const c0 = node.commits.count
    let done = 0
    const t0 = performance.now()
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (performance.now() - t0 < seconds * 1000) {
          await node.writer.submit(node.actor, [randomTransfer(node.pairs)])
          done++
        }
      }),
    )
    const elapsed = (performance.now() - t0) / 1000
    if (!warmup) perCommit.push(done / Math.max(1, node.commits.count - c0))
    return done / elapsed
  })
  perCommit = perCommit.length ? perCommit : [0]
  return { rate, perCommit: median(perCommit) }
}

// ——— HTTP ———

class LoadGenerator {
  private readonly child: ChildProcess
  constructor() {
    this.child = fork(new URL('./load.ts', import.meta.url), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
  }
  get pid() {
    return this.child.pid
  }
  run(job: LoadJob): Promise<LoadResult> {
    return new Promise((resolve, reject) => {
      this.child.once('message', (message: { result?: LoadResult; error?: string }) =>
        message.result ? resolve(message.result) : reject(new Error(message.error)),
      )
      this.child.send(job)
    })
  }
  close() {
    this.child.disconnect()
  }
}

interface HttpRun {
  readonly load: LoadResult
  /** Server (this process) CPU time per successful request, µs. */
  readonly cpuMicros: number
  /** Event-loop utilisation of the server during the run (1 = always busy). */
  readonly elu: number
  /** Store transactions during the run, and the share of the run's wall time spent inside one. */
  readonly commits: number
  readonly inCommit: number
}

async function measured(node: BenchNode, run: () => Promise<LoadResult>): Promise<HttpRun> {
  const cpu0 = process.cpuUsage()
  const elu0 = performance.eventLoopUtilization()
  const c0 = { ...node.commits }
  const t0 = performance.now()
  const load = await run()
  const wall = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  const elu = performance.eventLoopUtilization(elu0)
  const result = {
    load,
    cpuMicros: (cpu.user + cpu.system) / Math.max(1, load.ok),
    elu: elu.utilization,
    commits: node.commits.count - c0.count,
    inCommit: (node.commits.ms - c0.ms) / wall,
  }
  await settle(node)
  return result
}

/** Waits until requests still in flight when the load stopped are answered: no commit for 300 ms. */
async function settle(node: BenchNode) {
  for (let last = -1, i = 0; i < 100 && last !== node.commits.count; i++) {
    last = node.commits.count
    await sleep(300)
  }
}

interface HttpResults {
  readonly transfers: HttpRun[]
  readonly health: HttpRun[]
}

async function startServer(node: BenchNode, writer: LedgerWriter) {
  const app = await buildApp({
    ctx: node.ctx,
    writer,
    // The default (1,200 a minute per address) would answer most of the load with 429.
    rateLimitPerMinute: 1_000_000_000,
  })
  await app.listen({ host: '127.0.0.1', port: 0 })
  return { app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` }
}

async function httpBench(
  node: BenchNode,
  loader: LoadGenerator,
  dialect: Dialect,
): Promise<HttpResults> {
  const { authorization } = await tokenHeaders(node.ctx, ['logistician'])
  const pairs = node.pairs.map(
    ([from, to]) =>
      [
        { ...from, lot: from.lot ?? '' },
        { ...to, lot: to.lot ?? '' },
      ] as [AccountRefJson, AccountRefJson],
  )
  const transfersJob = (url: string, seconds: number): LoadJob => ({
    kind: 'transfers',
    url,
    connections: CONNECTIONS,
    seconds,
    authorization,
    pairs,
  })
  const healthJob = (url: string, seconds: number): LoadJob => ({
    kind: 'health',
    url,
    connections: CONNECTIONS,
    seconds,
  })
  const results: HttpResults = { transfers: [], health: [] }

  // As `kizuna serve` does: on SQLite the ledger commits in a worker thread. Its commits are counted
  // here, since they do not pass through this thread's store.
  const worker =
    dialect === 'sqlite'
      ? await startLedgerWorker({
          database: node.database,
          keyFile: node.keyFile,
          home: node.ctx.node.id,
        })
      : null
  const writer = worker
    ? new LedgerWriter(node.ctx, async (jobs, now) => {
        const t0 = performance.now()
        try {
          return await worker.commit(jobs, now)
        } finally {
          node.commits.count++
          node.commits.ms += performance.now() - t0
        }
      })
    : node.writer
  const { app, url } = await startServer(node, writer)
  try {
    // One request by hand first: the route must answer 201, or the numbers mean nothing.
    const probe = await fetch(`${url}/api/transfers`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ transfers: [randomTransfer(node.pairs)] }),
    })
    if (probe.status !== 201)
      throw new Error(`POST /api/transfers answered ${probe.status}: ${await probe.text()}`)
    log(`${dialect}: HTTP warm-up`)
    await loader.run(transfersJob(url, WARMUP_SECONDS))
    await settle(node)
    await loader.run(healthJob(url, 1))
    // Interleaved, so drift over the run touches both alike.
    for (let rep = 0; rep < REPS; rep++) {
      log(`${dialect}: HTTP transfers ${rep + 1}/${REPS}`)
      results.transfers.push(
        await measured(node, () => loader.run(transfersJob(url, HTTP_SECONDS))),
      )
      log(`${dialect}: HTTP health ${rep + 1}/${REPS}`)
      results.health.push(await measured(node, () => loader.run(healthJob(url, HEALTH_SECONDS))))
    }
    if (PROFILE) {
      await profileHttp(() => loader.run(transfersJob(url, HTTP_SECONDS)), dialect)
      await settle(node)
    }
  } finally {
    await app.close()
    await worker?.close()
  }

  return results
}

/** Calibration: a bare Fastify app, one JSON route, no plugins (NOTES.md measured 50,000–53,000 req/s). */
async function bareFastify(loader: LoadGenerator): Promise<Sample> {
  const app = Fastify({ logger: false })
  app.get('/api/health', async () => ({ status: 'ok' }))
  await app.listen({ host: '127.0.0.1', port: 0 })
  try {
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
    const job: LoadJob = { kind: 'health', url, connections: CONNECTIONS, seconds: 3 }
    await loader.run({ ...job, seconds: 1 })
    const rates: number[] = []
    for (let rep = 0; rep < REPS; rep++) rates.push((await loader.run(job)).perSecond)
    return sample(rates)
  } finally {
    await app.close()
  }
}

// ——— diagnostics: where the time goes ———

class Phases {
  readonly totals = new Map<string, { ms: number; calls: number }>()
  add(name: string, ms: number) {
    const entry = this.totals.get(name) ?? { ms: 0, calls: 0 }
    entry.ms += ms
    entry.calls++
    this.totals.set(name, entry)
  }
}

function timedMethods<T extends object>(target: T, prefix: string, phases: Phases): T {
  const out: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(target)) {
    out[name] =
      typeof value === 'function'
        ? async (...params: unknown[]) => {
            const t0 = performance.now()
            try {
              return await (value as (...p: unknown[]) => Promise<unknown>).apply(target, params)
            } finally {
              phases.add(`${prefix}${name}`, performance.now() - t0)
            }
          }
        : value
  }
  return out as T
}

const WORK = 'transact: work (LedgerWriter.commit), of which:'

/** The store with every call timed; `transact` split into before, inside and after the work. */
function instrumented(store: Store, phases: Phases): Store {
  return {
    ...timedMethods(store, 'read ', phases),
    async transact<T>(work: (tx: StoreWrites) => Promise<T>): Promise<T> {
      const t0 = performance.now()
      let started = t0
      let finished = t0
      const result = await store.transact(async (tx) => {
        started = performance.now()
        try {
          return await work(timedMethods(tx, '  tx ', phases))
        } finally {
          finished = performance.now()
        }
      })
      const t1 = performance.now()
      phases.add('transact: BEGIN + chain-head lock and read', started - t0)
      phases.add(WORK, finished - started)
      phases.add('transact: head update + sign + signed_heads + COMMIT', t1 - finished)
      phases.add('transact, in all', t1 - t0)
      return result
    },
  }
}

function phaseTable(title: string, phases: Phases, per: number, unit: 'ms' | 'µs'): string[] {
  const all = [...phases.totals.entries()]
  const inTx = all.filter(([n]) => n.startsWith('  tx ')).reduce((s, [, v]) => s + v.ms, 0)
  // Calls that took under 0.05 ms (or 5 µs) a time are left out.
  const rows = all.filter(
    ([, v]) => (v.ms / per) * (unit === 'µs' ? 1000 : 1) >= (unit === 'ms' ? 0.05 : 5),
  )
  const work = phases.totals.get(WORK)?.ms ?? 0
  const rank = (name: string) =>
    name.startsWith('read ')
      ? 0
      : name.startsWith('transact: BEGIN')
        ? 1
        : name === WORK
          ? 2
          : name.startsWith('  tx ')
            ? 3
            : name.startsWith('  (JS')
              ? 4
              : name.startsWith('transact: head')
                ? 5
                : 6
  const shown = [
    ...rows,
    [
      '  (JS between the calls: account ids, decideBatch, row objects)',
      { ms: work - inTx, calls: 0 },
    ] as const,
  ].sort((a, b) => rank(a[0]) - rank(b[0]))
  const lines = [`  ${title}`]
  for (const [name, { ms, calls }] of shown) {
    const value = unit === 'µs' ? (ms * 1000) / per : ms / per
    const count = calls && calls !== per ? `  (${(calls / per).toFixed(1)} calls)` : ''
    lines.push(
      `    ${name.padEnd(66)} ${value.toFixed(unit === 'µs' ? 0 : 1).padStart(8)} ${unit}${count}`,
    )
  }
  return lines
}

async function diagnostics(node: BenchNode, dialect: Dialect): Promise<string[]> {
  const lines = [
    `Where the time goes on ${dialect} (instrumented runs, after and apart from the numbers above)`,
  ]
  {
    const phases = new Phases()
    const writer = new LedgerWriter({ ...node.ctx, store: instrumented(node.ctx.store, phases) })
    const n = 5
    for (let i = 0; i < n; i++)
      await writer.submit(
        node.actor,
        Array.from({ length: BATCH }, () => randomTransfer(node.pairs)),
      )
    lines.push(...phaseTable('one submit of 1,000 transfers, per submit:', phases, n, 'ms'))
  }
  {
    const phases = new Phases()
    const writer = new LedgerWriter({ ...node.ctx, store: instrumented(node.ctx.store, phases) })
    const n = 300
    for (let i = 0; i < n; i++) await writer.submit(node.actor, [randomTransfer(node.pairs)])
    lines.push(...phaseTable('one submit of 1 transfer, per submit:', phases, n, 'µs'))
  }
  {
    // One request at a time through app.inject: the store calls a request makes, and their cost.
    const phases = new Phases()
    const ctx: AppContext = { ...node.ctx, store: instrumented(node.ctx.store, phases) }
    const app = await buildApp({ ctx, writer: new LedgerWriter(ctx), rateLimitPerMinute: 1e9 })
    const { authorization } = await tokenHeaders(node.ctx, ['logistician'])
    const n = 300
    phases.totals.clear()
    const t0 = performance.now()
    for (let i = 0; i < n; i++) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/transfers',
        headers: { authorization },
        payload: { transfers: [randomTransfer(node.pairs)] },
      })
      if (response.statusCode !== 201) throw new Error(`inject answered ${response.statusCode}`)
    }
    const total = ((performance.now() - t0) * 1000) / n
    lines.push(
      ...phaseTable(
        `one POST /api/transfers via app.inject, sequential, per request (${fmt(total)} µs in all; reads in one Promise.all share their waits):`,
        phases,
        n,
        'µs',
      ),
    )
    await app.close()
  }
  return lines
}

/** Costs of pieces the ledger path repeats, measured alone. */
function microCosts(node: BenchNode): string[] {
  const lines = ['Pieces of the path, measured alone']
  const us = (ms: number, n: number) => ((ms * 1000) / n).toFixed(1)
  const ref = node.stockRefs[0] as AccountRef
  const key = { kind: ref.kind, where: ref.where, item: ref.item, owner: ref.owner, lot: '' }
  let t0 = performance.now()
  for (let i = 0; i < 20_000; i++) accountId(key)
  lines.push(
    `  accountId (uuidv5 of the JSON key): ${us(performance.now() - t0, 20_000)} µs a call; LedgerWriter.commit makes 4 a transfer`,
  )
  const at = new Date().toISOString()
  const transfers = Array.from({ length: BATCH }, () => {
    const r = randomTransfer(node.pairs)
    // biome-ignore format: one row
    return { id: r.id, mode: r.mode, fromAccount: accountId(key), toAccount: accountId({ ...key, where: r.to?.where ?? '' }), quantity: 1, reason: 'moved', ref: null, pendingId: null, timeoutAt: null, item: ref.item, actor: 'cli:bench', at, batch: uuidv7(), org: node.ctx.node.org }
  })
  t0 = performance.now()
  let body = ''
  for (let i = 0; i < 20; i++) body = canonicalJson({ actor: 'cli:bench', transfers })
  const canonical = (performance.now() - t0) / 20
  t0 = performance.now()
  for (let i = 0; i < 20; i++)
    hashEvent({
      seq: 1,
      at,
      actor: 'system',
      kind: 'transfers.committed',
      subject: 'x',
      body,
      share: 'all',
      prevHash: 'x',
    })
  const hash = (performance.now() - t0) / 20
  lines.push(
    `  event of a 1,000-transfer submit: ${fmt(body.length)} bytes; canonicalJson ${fmt(canonical * 1000)} µs + hashEvent ${fmt(hash * 1000)} µs = ${(canonical + hash).toFixed(1)} µs a transfer`,
  )
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new SqliteIntrospector(k),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  })
  // biome-ignore format: one row
  const rows = transfers.slice(0, 500).map((t, i) => ({ seq: i + 1, id: t.id, home: node.ctx.node.id, org: t.org, share: 'all', created_at: at, updated_at: at, version: 1, batch_id: t.batch, mode: t.mode, from_account: t.fromAccount, to_account: t.toAccount, item_id: t.item, quantity: t.quantity, reason: t.reason, ref: t.ref, pending_id: t.pendingId, timeout_at: t.timeoutAt, actor: t.actor, at: t.at, from_prev: null, to_prev: null }))
  const insertSql = db.insertInto('transfers').values(rows).compile().sql
  t0 = performance.now()
  for (let i = 0; i < 20; i++) db.insertInto('transfers').values(rows).compile()
  const compileInsert = (performance.now() - t0) / 20
  const update = () =>
    db
      .updateTable('accounts')
      .set({ posted: 1, pending_out: 0, pending_in: 0, updated_at: at, version: sql`version + 1` })
      .where('id', '=', ref.item)
      .compile()
  t0 = performance.now()
  for (let i = 0; i < 2000; i++) update()
  const compileUpdate = (performance.now() - t0) / 2000
  lines.push(
    `  Kysely build+compile: 500-row transfers INSERT ${fmt(compileInsert * 1000)} µs (${us(compileInsert, 500)} µs a row); one balance UPDATE ${us(compileUpdate, 1)} µs`,
  )
  const scratch = new SqliteDatabase(':memory:')
  scratch.exec(rawTableSql('transfers'))
  // The chain's columns (migration 0018), so that the ledger's INSERT prepares.
  for (const column of ['seq', 'from_prev', 'to_prev'])
    scratch.exec(`alter table transfers add column ${column} integer`)
  scratch.exec(
    'create table accounts (id text primary key, posted bigint, pending_out bigint, pending_in bigint, updated_at text, version integer)',
  )
  t0 = performance.now()
  for (let i = 0; i < 20; i++) scratch.prepare(insertSql)
  const prepareInsert = (performance.now() - t0) / 20
  const updateSql = update().sql
  t0 = performance.now()
  for (let i = 0; i < 2000; i++) scratch.prepare(updateSql)
  const prepareUpdate = (performance.now() - t0) / 2000
  const prepared = scratch.prepare(updateSql)
  t0 = performance.now()
  for (let i = 0; i < 2000; i++) prepared.run([i, 0, 0, at, ref.item])
  const runUpdate = (performance.now() - t0) / 2000
  scratch.close()
  lines.push(
    `  better-sqlite3 prepare (Kysely's SqliteDriver prepares every query anew): 500-row INSERT ${fmt(prepareInsert * 1000)} µs (${us(prepareInsert, 500)} µs a row); balance UPDATE ${us(prepareUpdate, 1)} µs to prepare vs ${us(runUpdate, 1)} µs to run once prepared`,
  )
  return lines
}

async function profileHttp(run: () => Promise<LoadResult>, dialect: Dialect) {
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 200 })
  await session.post('Profiler.start')
  await run()
  const { profile } = (await session.post('Profiler.stop')) as unknown as {
    profile: {
      nodes: {
        id: number
        callFrame: { functionName: string; url: string; lineNumber: number }
        children?: number[]
      }[]
      samples: number[]
    }
  }
  session.disconnect()
  const path = join(tmpdir(), `kizuna-bench-${dialect}-${Date.now()}.cpuprofile`)
  writeFileSync(path, JSON.stringify(profile))
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const label = (id: number) => {
    const frame = byId.get(id)?.callFrame
    if (!frame) return '?'
    const url = frame.url
      .replace(/^file:\/\//, '')
      .replace(`${process.cwd()}/`, '')
      .replace(/.*node_modules\//, '')
    return `${frame.functionName || '(anonymous)'}${url ? ` ${url}:${frame.lineNumber + 1}` : ''}`
  }
  const inclusive = new Map<string, number>()
  for (const sampleId of profile.samples) {
    const seen = new Set<string>()
    for (let id: number | undefined = sampleId; id !== undefined; id = parent.get(id)) {
      const name = label(id)
      if (!seen.has(name)) inclusive.set(name, (inclusive.get(name) ?? 0) + 1)
      seen.add(name)
    }
  }
  const total = profile.samples.length
  console.log(`\nCPU profile of the server during one HTTP transfers run on ${dialect}: ${path}`)
  console.log('  inclusive time, our code and the libraries it calls (top 40):')
  for (const [name, count] of [...inclusive.entries()]
    .filter(([n]) =>
      /src\/|kysely|better-sqlite3|pg\/|helmet|zod|uuid|fastify\/lib\/(reply|hooks)|Statement|^run |^all |garbage|idle/.test(
        n,
      ),
    )
    .sort((a, b) => b[1] - a[1])
    .slice(0, 40))
    console.log(`    ${pct(count / total).padStart(4)}  ${name}`)
}

// ——— the run ———

interface DialectResults {
  readonly raw: Sample
  readonly rawIndexed: Sample
  readonly rawUnnest?: Sample
  readonly rawTuned?: Sample
  readonly rawSingle: Sample
  readonly batched: Sample
  readonly oneByOne: Sample
  readonly concurrent: { rate: Sample; perCommit: number }
  readonly http: HttpResults
  readonly consistent: boolean
  readonly machine: { otherCpus: number; postgresCpus: number; load1: number }
  readonly diagnostics: string[]
}

async function benchDialect(dialect: Dialect, loader: LoadGenerator): Promise<DialectResults> {
  log(`${dialect}: opening a node and seeding ${PLACES * ITEMS} stock accounts`)
  const node = await openNode(dialect)
  const other = new OtherLoad(() => loader.pid)
  other.begin()
  try {
    const id = (ref: AccountRef) => accountId({ ...ref, lot: ref.lot ?? '' })
    const accountIds = node.pairs.map(([from, to]): RawPair => [id(from), id(to), from.item])
    log(`${dialect}: raw inserts`)
    let raw: Sample
    let rawIndexed: Sample
    let rawUnnest: Sample | undefined
    let rawTuned: Sample | undefined
    let rawSingle: Sample
    if (dialect === 'sqlite') {
      raw = await rawSqlite(node.dir, 'raw-bare', false, accountIds)
      rawIndexed = await rawSqlite(node.dir, 'raw-indexed', true, accountIds)
      rawTuned = await rawSqlite(node.dir, 'raw-tuned', true, accountIds, TUNED_PRAGMAS)
      rawSingle = await rawSqlite(node.dir, 'raw-single', false, accountIds, [], 1)
    } else {
      const schema = node.schema as string
      raw = await rawPostgres(schema, 'raw_transfers', 'values', false, accountIds)
      rawIndexed = await rawPostgres(schema, 'raw_transfers_indexed', 'values', true, accountIds)
      rawUnnest = await rawPostgres(schema, 'raw_transfers_unnest', 'unnest', false, accountIds)
      rawSingle = await rawPostgres(schema, 'raw_transfers_single', 'values', false, accountIds, 1)
    }
    log(`${dialect}: ledger, submits of ${BATCH}`)
    const batched = await ledgerBatched(node)
    log(`${dialect}: ledger, one submit at a time`)
    const oneByOne = await ledgerOneByOne(node)
    log(`${dialect}: ledger, ${CONNECTIONS} concurrent in-process callers`)
    const concurrent = await ledgerConcurrent(node)
    const http = await httpBench(node, loader, dialect)
    const machine = other.end()
    const diag: string[] = []
    if (DIAGNOSTICS) {
      log(`${dialect}: diagnostics`)
      diag.push(...(await diagnostics(node, dialect)))
      if (dialect === 'sqlite') diag.push('', ...microCosts(node))
    }
    log(`${dialect}: checking balances against the transfers`)
    const mismatches = await node.ctx.store.findBalanceMismatches()
    return {
      raw,
      rawIndexed,
      ...(rawUnnest ? { rawUnnest } : {}),
      ...(rawTuned ? { rawTuned } : {}),
      rawSingle,
      batched,
      oneByOne,
      concurrent,
      http,
      consistent: mismatches.length === 0,
      machine,
      diagnostics: diag,
    }
  } finally {
    await node.close()
  }
}

async function versions() {
  const db = new SqliteDatabase(':memory:')
  const sqliteVersion = (db.prepare('select sqlite_version() as v').get() as { v: string }).v
  db.close()
  const packageVersion = (name: string) =>
    JSON.parse(
      readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), 'utf8'),
    ).version as string
  const sqlite = `${sqliteVersion} (better-sqlite3 ${packageVersion('better-sqlite3')})`
  const libraries = ['fastify', 'kysely', 'pg', 'autocannon']
    .map((name) => `${name} ${packageVersion(name)}`)
    .join(', ')
  let git = 'not a git checkout'
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean).length
    git = `${head}${dirty ? ` + ${dirty} uncommitted change(s) under src/` : ''}`
  } catch {
    // no git
  }
  const client = new pg.Client({ connectionString: PG_URL })
  try {
    await client.connect()
    const version = (await client.query('show server_version')).rows[0].server_version as string
    const settings = await client.query(
      "select name, setting from pg_settings where name in ('synchronous_commit', 'fsync', 'wal_sync_method', 'shared_buffers', 'max_connections') order by name",
    )
    const pgSettings = settings.rows
      .map((r: { name: string; setting: string }) => `${r.name}=${r.setting}`)
      .join(', ')
    return { sqlite, libraries, git, postgres: version as string | null, pgSettings }
  } catch {
    return { sqlite, libraries, git, postgres: null, pgSettings: '' }
  } finally {
    await client.end().catch(() => {})
  }
}

const mark = (ok: boolean) => (ok ? 'met' : 'MISSED')

function report(
  results: Partial<Record<Dialect, DialectResults>>,
  env: Awaited<ReturnType<typeof versions>>,
  bare: Sample | undefined,
) {
  const dialects = (['sqlite', 'postgres'] as const).filter((d) => results[d])
  const line = (label: string, f: (r: DialectResults, d: Dialect) => string, target = '') =>
    console.log(
      `${label.padEnd(60)}${dialects.map((d) => f(results[d] as DialectResults, d).padStart(20)).join('')}   ${target}`,
    )
  const rates = (runs: HttpRun[]) => sample(runs.map((x) => x.load.perSecond))
  const med = (runs: HttpRun[], f: (x: HttpRun) => number) => median(runs.map(f))
  const httpLines = (runs: (r: DialectResults) => HttpRun[]) => {
    line('     min–max', (r) => spread(rates(runs(r))))
    line(
      '     latency p50 / p99, ms',
      (r) =>
        `${med(runs(r), (x) => x.load.p50).toFixed(0)} / ${med(runs(r), (x) => x.load.p99).toFixed(0)}`,
    )
    line(
      '     non-2xx / errors+timeouts (all runs)',
      (r) =>
        `${runs(r).reduce((s, x) => s + x.load.non2xx, 0)} / ${runs(r).reduce((s, x) => s + x.load.errors + x.load.timeouts, 0)}`,
    )
    line('     requests per commit (group commit)', (r) =>
      med(runs(r), (x) => x.load.ok / Math.max(1, x.commits)).toFixed(1),
    )
    line('     server CPU per request, µs', (r) => fmt(med(runs(r), (x) => x.cpuMicros)))
    line(
      '     server event-loop busy / time inside a transaction',
      (r) => `${pct(med(runs(r), (x) => x.elu))} / ${pct(med(runs(r), (x) => x.inCommit))}`,
    )
  }
  const transfers = (r: DialectResults) => rates(r.http.transfers).median
  const health = (r: DialectResults) => rates(r.http.health).median

  console.log('')
  console.log('Kizuna ledger bench')
  console.log(
    `  ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}; ${env.libraries}`,
  )
  console.log(`  code: ${env.git}`)
  console.log(`  SQLite ${env.sqlite}: a file in a temp dir, WAL, synchronous=FULL (openStore)`)
  console.log(
    `  PostgreSQL ${env.postgres ?? 'not reachable'} at ${PG_URL.replace(/:[^:@/]*@/, ':***@')} (own schema, dropped after): ${env.pgSettings}`,
  )
  console.log(
    `  load: autocannon, programmatic, in a child process; ${CONNECTIONS} keep-alive connections on loopback; medians of ${REPS} runs after a warm-up`,
  )
  if (bare)
    console.log(
      `  calibration: bare Fastify JSON route, no plugins, same load: ${fmt(bare.median)} req/s (${spread(bare)}; NOTES.md: 50,000–53,000)`,
    )
  console.log('')
  console.log(`${''.padEnd(60)}${dialects.map((d) => d.padStart(20)).join('')}   target`)
  line(
    '   machine: CPUs busy with other processes (avg) / load avg',
    (r) => `${r.machine.otherCpus.toFixed(2)} / ${r.machine.load1.toFixed(1)}`,
  )
  if (results.postgres)
    line('   machine: CPUs used by PostgreSQL (avg)', (r, d) =>
      d === 'postgres' ? r.machine.postgresCpus.toFixed(2) : '—',
    )
  line('1  raw INSERT, batches of 1,000, rows/s (bare table)', (r) => fmt(r.raw.median))
  line('     min–max', (r) => spread(r.raw))
  line('   (info) raw + the item index transfers had until 0018', (r) => fmt(r.rawIndexed.median))
  if (results.sqlite?.rawTuned)
    line(`   (info) raw + indexes, ${TUNED_PRAGMAS.join(', ')}`, (r) =>
      r.rawTuned ? fmt(r.rawTuned.median) : '—',
    )
  if (results.postgres?.rawUnnest)
    line('   (info) raw INSERT … SELECT unnest($1::text[], …)', (r) =>
      r.rawUnnest ? fmt(r.rawUnnest.median) : '—',
    )
  line('2  ledger, submits of 1,000 transfers, transfers/s', (r) => fmt(r.batched.median))
  line('     min–max', (r) => spread(r.batched))
  line(
    '   2 ÷ 1',
    (r) =>
      `${pct(r.batched.median / r.raw.median)} ${mark(r.batched.median / r.raw.median >= 0.35)}`,
    '≥ 35%',
  )
  line('   (info) 2 ÷ raw with the indexes', (r) => pct(r.batched.median / r.rawIndexed.median))
  line('3  ledger, one submit at a time, transfers/s', (r) => fmt(r.oneByOne.median))
  line('     min–max', (r) => spread(r.oneByOne))
  line('   (info) raw INSERT, one row per commit, rows/s', (r) => fmt(r.rawSingle.median))
  line('   (info) 3 ÷ that', (r) => pct(r.oneByOne.median / r.rawSingle.median))
  line(`   (info) ${CONNECTIONS} in-process callers, 1 transfer per submit, /s`, (r) =>
    fmt(r.concurrent.rate.median),
  )
  line('     transfers per commit', (r) => r.concurrent.perCommit.toFixed(1))
  line(`4  POST /api/transfers, 1 transfer, ${CONNECTIONS} clients, req/s`, (r) =>
    fmt(transfers(r)),
  )
  httpLines((r) => r.http.transfers)
  line(
    '   4 ÷ 3',
    (r) =>
      `${times(transfers(r) / r.oneByOne.median)} ${mark(transfers(r) / r.oneByOne.median >= 2)}`,
    '≥ 2×',
  )
  line(`5  GET /api/health, ${CONNECTIONS} clients, req/s`, (r) => fmt(health(r)))
  line('     min–max', (r) => spread(rates(r.http.health)))
  line(
    '     latency p50 / p99, ms',
    (r) =>
      `${med(r.http.health, (x) => x.load.p50).toFixed(0)} / ${med(r.http.health, (x) => x.load.p99).toFixed(0)}`,
  )
  line('     server CPU per request, µs', (r) => fmt(med(r.http.health, (x) => x.cpuMicros)))
  line(
    '   4 ÷ 5',
    (r, d) =>
      `${pct(transfers(r) / health(r))} ${d === 'sqlite' ? mark(transfers(r) / health(r) >= 0.2) : '(info)'}`,
    '≥ 20% (SQLite)',
  )
  console.log('')
  line('balances = sum of transfers afterwards (findBalanceMismatches)', (r) =>
    r.consistent ? 'yes' : 'NO',
  )
  for (const d of dialects) {
    const diag = results[d]?.diagnostics ?? []
    if (diag.length) {
      console.log('')
      for (const l of diag) console.log(l)
    }
  }
}

async function main() {
  const t0 = performance.now()
  const env = await versions()
  const wanted = (['sqlite', 'postgres'] as const).filter((d) => !only || only === d)
  const loader = new LoadGenerator()
  const results: Partial<Record<Dialect, DialectResults>> = {}
  let bare: Sample | undefined
  try {
    log('calibration: a bare Fastify route')
    bare = await bareFastify(loader)
    for (const dialect of wanted) {
      if (dialect === 'postgres' && !env.postgres) {
        console.log(`skipped: PostgreSQL (nothing answers at ${PG_URL}; set KIZUNA_TEST_PG_URL)`)
        continue
      }
      results[dialect] = await benchDialect(dialect, loader)
    }
  } finally {
    loader.close()
  }
  report(results, env, bare)
  console.log(`\n(bench took ${((performance.now() - t0) / 1000).toFixed(0)} s)`)
}

await main()
