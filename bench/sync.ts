/**
 * Federation catch-up (issue 9), on SQLite and PostgreSQL, all measured in one run (`npm run bench:sync`):
 *
 *   1. raw batch INSERT of replica_events-shaped rows into a bare table of B's database, one commit per
 *      page-sized batch, the same durability (the ceiling)
 *   2. catch-up of N events (default 1,000,000) from node A to node B over loopback HTTP, through the
 *      real serve/pull/apply path: A is a real store and key behind the real Fastify app (buildApp with
 *      createFederation, listening on 127.0.0.1); B pulls with createFederation(...).pull — signed
 *      requests, real fetch, signed pages verified, each event's hash and the chain checked, replicas
 *      inserted and the checkpoint moved in one transaction. Once at the default page size, once at the
 *      largest one a node serves (pageLimitMax), each into a fresh B.
 *   3. the time of each page split into A serving (reads, release filter + page text, signing), the HTTP
 *      round trip on loopback, B verifying (signature, parse, hashes, chain) and B applying (the replica
 *      transaction, commit included), from timers wrapped around the store, key and fetch — the product
 *      code itself is not changed.
 *   4. a receiver killed (SIGKILL) at a random moment of its catch-up, in a child process, several times:
 *      after each kill, what it had fetched but not committed (at most one page is the claim), and that
 *      its replicas stop exactly at its checkpoint; then it finishes and holds what an unbroken run holds.
 *
 * A's log: a few thousand real records written through the API (places, items, stock receipts,
 * requests, consignments with their reservations; shares mixed), then their events cloned with fresh
 * subject ids up to N, the hash chain computed with domain/events/chain.ts and the head signed once per
 * 10,000 events (as a commit would). Both nodes share the machine's 2 CPUs and, here, one process (A
 * serves while B waits for the page: the pull is one page at a time, so nothing overlaps anyway).
 *
 * Options: --only=sqlite|postgres · --events=N · --quick (100,000 events, fewer records and kills) ·
 * --kills=K · --no-kill. PostgreSQL: KIZUNA_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test),
 * in schemas of its own, dropped afterwards.
 */
import { execFileSync, fork } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import {
  closeSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import type { AddressInfo } from 'node:net'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import SqliteDatabase from 'better-sqlite3'
import pg from 'pg'
import { v7 as uuidv7 } from 'uuid'
import type { AppContext } from '../src/app/context.js'
import { ensureNode } from '../src/app/node-setup.js'
import type { Federation, NodeKey } from '../src/app/ports.js'
import { progressBar } from '../src/cli/progress.js'
import { type ChainEvent, hashEvent, headMessage } from '../src/domain/events/chain.js'
import { isNodeLocal } from '../src/domain/federation/release.js'
import { buildApp } from '../src/server/build-app.js'
import { openStore } from '../src/store/open-store.js'
import { openPostgres } from '../src/store/postgres/open-postgres.js'
import type { SyncContext } from '../src/sync/context.js'
import { eventColumnNames, eventValues } from '../src/store/kysely/event-rows.js'
import { createFederation } from '../src/sync/federation.js'
import { loadNodeKey, nodeKeyFrom } from '../src/sync/node-key.js'
import type { FetchLike } from '../src/sync/pull.js'
import { pageLimitDefault, pageLimitMax } from '../src/sync/serve.js'
import { tokenHeaders } from '../test/support/callers.js'
import { keyLine } from '../test/support/federation.js'
import { itemDraft, placeDraft } from '../test/support/fixtures.js'

type Dialect = 'sqlite' | 'postgres'

const args = process.argv.slice(2)
const arg = (name: string) =>
  args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? undefined
const only = arg('only')
const QUICK = args.includes('--quick')
const EVENTS = Number(arg('events') ?? (QUICK ? 100_000 : 1_000_000))
const KILLS = args.includes('--no-kill') ? 0 : Number(arg('kills') ?? (QUICK ? 2 : 3))
const PG_URL = process.env.KIZUNA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
/** Records written through the API before cloning. */
const RECORDS = QUICK
  ? { hubs: 6, items: 12, requests: 300, consignments: 150 }
  : { hubs: 10, items: 24, requests: 1500, consignments: 700 }
/** Events per clone transaction on A: one signed head each, as one commit signs its head. */
const CLONE_BATCH = 10_000
const RAW_SECONDS = QUICK ? 1 : 2
const RAW_REPS = 3
const TARGET = 0.1

// ——— small helpers ———

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US')
const pct = (n: number): string => `${(n * 100).toFixed(1)}%`
const log = (line: string) => process.stderr.write(`  … ${line}\n`)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Time spent in named calls, summed. */
class Phases {
  readonly totals = new Map<string, number>()
  add(name: string, ms: number) {
    this.totals.set(name, (this.totals.get(name) ?? 0) + ms)
  }
  get(name: string): number {
    return this.totals.get(name) ?? 0
  }
  clear() {
    this.totals.clear()
  }
}

/** The object with each of `names` timed into `phases` as `prefix + name`. */
function timed<T extends object>(
  target: T,
  names: readonly string[],
  prefix: string,
  phases: Phases,
) {
  const out: Record<string, unknown> = { ...(target as Record<string, unknown>) }
  for (const name of names) {
    const f = (target as Record<string, unknown>)[name] as (...p: unknown[]) => unknown
    out[name] = (...params: unknown[]) => {
      const t0 = performance.now()
      const result = f.apply(target, params)
      if (result instanceof Promise)
        return result.finally(() => phases.add(`${prefix}${name}`, performance.now() - t0))
      phases.add(`${prefix}${name}`, performance.now() - t0)
      return result
    }
  }
  return out as T
}

// ——— what else ran on the machine meanwhile ———

const CLOCK_TICKS = 100

function procTicks(pid: number | 'self'): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return Number(fields[11]) + Number(fields[12])
  } catch {
    return 0
  }
}
function machineBusyTicks(): number {
  const [cpu] = readFileSync('/proc/stat', 'utf8').split('\n')
  const f = (cpu ?? '').split(/\s+/).slice(1).map(Number)
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

/** CPUs kept busy by processes other than this bench (and its children) and PostgreSQL. */
function otherLoad(): () => { otherCpus: number; postgresCpus: number; load1: number } {
  const t0 = performance.now()
  const busy0 = machineBusyTicks()
  const ours0 = procTicks('self')
  const pg0 = postgresTicks()
  const children0 = childTicks.total
  return () => {
    const seconds = (performance.now() - t0) / 1000
    const busy = machineBusyTicks() - busy0
    const ours = procTicks('self') - ours0 + (childTicks.total - children0)
    const pgTicks = postgresTicks() - pg0
    return {
      otherCpus: Math.max(0, busy - ours - pgTicks) / CLOCK_TICKS / seconds,
      postgresCpus: pgTicks / CLOCK_TICKS / seconds,
      load1: loadavg()[0] ?? 0,
    }
  }
}
/** CPU ticks of the killed receivers, read just before each kill. */
const childTicks = { total: 0 }

// ——— a node ———

interface BenchNode {
  readonly label: string
  readonly dialect: Dialect
  readonly ctx: AppContext
  readonly key: NodeKey
  readonly keyFile: string
  readonly database: string
  readonly schema: string | undefined
  readonly dir: string
  readonly app: Awaited<ReturnType<typeof buildApp>>
  readonly url: string
  readonly admin: Record<string, string>
  close(): Promise<void>
}

/**
 * A fresh node: its store (a SQLite file in a temp dir, or a schema of its own), its key (also in a
 * file, for a child process), the real app with federation, listening on a loopback port. `serve`
 * times A's side of a pull: the store reads, the signing and serveEvents in all.
 */
async function openNode(dialect: Dialect, label: string, serve?: Phases): Promise<BenchNode> {
  const privateKey = generateKeyPairSync('ed25519').privateKey
  const dir = mkdtempSync(join(tmpdir(), 'kizuna-syncbench-'))
  const keyFile = join(dir, 'node.key')
  writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 })
  const key = nodeKeyFrom(privateKey)
  const clock = { now: () => new Date() }
  const schema =
    dialect === 'postgres' ? `kz_syncbench_${uuidv7().replace(/-/g, '').slice(-16)}` : undefined
  const database = dialect === 'postgres' ? PG_URL : join(dir, 'node.sqlite')
  const store = await openStore({ database, key, clock, ...(schema ? { schema } : {}) })
  const ids = { newId: () => uuidv7() }
  const node = await ensureNode(store, clock, ids, {
    code: `BENCH-${label}`,
    nameEn: `Bench node ${label}`,
    nameJa: `ベンチ ${label}`,
    country: 'JP',
    kind: 'government',
  })
  const ctx: AppContext = { store, clock, ids, node }
  let federation: Federation
  if (serve) {
    const syncCtx: SyncContext = {
      store: timed(store, ['readChainHead', 'readEvents', 'recordOwners'], 'A read ', serve),
      clock,
      node,
    }
    const inner = createFederation({
      ctx: syncCtx,
      key: timed(key, ['sign'], 'A ', serve),
    })
    federation = timed(inner, ['serveEvents'], 'A ', serve)
  } else federation = createFederation({ ctx, key })
  const app = await buildApp({ ctx, federation, rateLimitPerMinute: 1_000_000_000 })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  const admin = { authorization: (await tokenHeaders(ctx, ['admin'])).authorization }
  return {
    label,
    dialect,
    ctx,
    key,
    keyFile,
    database,
    schema,
    dir,
    app,
    url,
    admin,
    async close() {
      await app.close()
      await store.close()
      rmSync(dir, { recursive: true, force: true })
      if (schema) {
        const admin = openPostgres(PG_URL)
        await admin.schema.dropSchema(schema).ifExists().cascade().execute()
        await admin.destroy()
      }
    },
  }
}

async function call(node: BenchNode, method: 'POST' | 'GET', url: string, payload?: unknown) {
  const reply = await node.app.inject({
    method,
    url,
    headers: node.admin,
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  })
  if (reply.statusCode >= 300)
    throw new Error(`${node.label} ${method} ${url}: ${reply.statusCode} ${reply.body}`)
  return reply.json()
}

/** `on`'s admin registers organisation `orgCode` (once) and `other` as a peer of it, through the API. */
async function register(on: BenchNode, other: BenchNode, orgCode: string): Promise<string> {
  const known = (await call(on, 'GET', '/api/organisations')).organisations as {
    id: string
    code: string
  }[]
  const org =
    known.find((o) => o.code === orgCode)?.id ??
    ((
      await call(on, 'POST', '/api/organisations', {
        code: orgCode,
        nameEn: orgCode,
        kind: 'government',
      })
    ).id as string)
  await call(on, 'POST', '/api/peers', {
    id: other.ctx.node.id,
    organisation: org,
    url: other.url,
    publicKey: keyLine(other.key),
  })
  return org
}

// ——— A's log ———

/** A few thousand records through the API: the events the clones are made from. */
async function writeRecords(a: BenchNode, receiverOrg: string): Promise<void> {
  const { hubs: H, items: I, requests: R, consignments: C } = RECORDS
  const bar = progressBar('records on A')
  const total = H + I + H * I + R + C
  let done = 0
  const step = () => bar.update(++done, total)
  const share = (i: number) => (i % 10 < 7 ? 'all' : i % 10 < 9 ? [receiverOrg] : 'own')
  const hubs: string[] = []
  for (let h = 0; h < H; h++) {
    const draft = placeDraft({ code: `HUB:SYNC-${h}`, nameEn: `Sync hub ${h}`, share: 'all' })
    hubs.push((await call(a, 'POST', '/api/places', draft)).id)
    step()
  }
  const items: string[] = []
  for (let i = 0; i < I; i++) {
    const draft = itemDraft({ code: `KZ-SYNC-${String(i).padStart(3, '0')}`, nameEn: `Item ${i}` })
    items.push((await call(a, 'POST', '/api/items', draft)).id)
    step()
  }
  const owner = a.ctx.node.org
  for (const place of hubs)
    for (const item of items) {
      await call(a, 'POST', '/api/stock/receive', {
        ...{ id: uuidv7(), place, item, owner, quantity: 1_000_000 },
        ...{ lot: 'L2031', expiresOn: '2031-03-31', source: 'Bench donor', document: 'DN-1' },
      })
      step()
    }
  const neededBy = new Date(Date.now() + 7 * 86_400_000).toISOString()
  for (let r = 0; r < R; r++) {
    const lines = Array.from({ length: 1 + (r % 3) }, (_, l) => ({
      kind: 'item' as const,
      item: items[(r + l) % I] as string,
      quantity: 10 + (r % 50),
      priority: (['life-saving', 'life-sustaining', 'other'] as const)[l % 3],
    }))
    await call(a, 'POST', '/api/requests', {
      destination: hubs[r % H],
      neededBy,
      justification: `Shelter ${r}: families displaced by the earthquake`,
      share: share(r),
      lines,
    })
    step()
  }
  for (let c = 0; c < C; c++) {
    const origin = hubs[c % H] as string
    await call(a, 'POST', '/api/consignments', {
      origin,
      destination: hubs[(c + 1 + (c % (H - 1))) % H],
      lines: [0, 1].map((l) => ({ item: items[(c + l) % I], owner, quantity: 1 + (c % 5) })),
      note: `Truck ${c}`,
      share: share(c),
    })
    step()
  }
  bar.stop()
}

/** A's raw database, for writing the clones as a commit would. */
interface RawA {
  insert(
    events: readonly ChainEvent[],
    head: { seq: number; hash: string },
    signature: string,
  ): Promise<void>
  close(): Promise<void>
}

async function rawA(a: BenchNode): Promise<RawA> {
  const cols = eventColumnNames
  const row = eventValues
  if (a.dialect === 'sqlite') {
    const db = new SqliteDatabase(a.database)
    db.pragma('busy_timeout = 10000')
    db.pragma('synchronous = FULL')
    const insert = db.prepare(
      `insert into events (${cols.join(', ')}) values (${cols.map(() => '?').join(', ')})`,
    )
    const head = db.prepare('update chain_head set seq = ?, hash = ? where id = 1')
    const signed = db.prepare(
      'insert into signed_heads (seq, hash, signature, signed_at) values (?, ?, ?, ?)',
    )
    const commit = db.transaction(
      (events: readonly ChainEvent[], h: { seq: number; hash: string }, signature: string) => {
        for (const e of events) insert.run(row(e))
        head.run(h.seq, h.hash)
        signed.run(h.seq, h.hash, signature, new Date().toISOString())
      },
    )
    return {
      insert: async (events, h, signature) => commit(events, h, signature),
      close: async () => {
        db.close()
      },
    }
  }
  const client = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${a.schema}` })
  await client.connect()
  const types = ['int8', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text']
  const insertSql = `insert into events (${cols.join(', ')}) select * from unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`
  return {
    async insert(events, h, signature) {
      await client.query('begin')
      await client.query('select seq from chain_head where id = 1 for update')
      for (let i = 0; i < events.length; i += 5000) {
        const rows = events.slice(i, i + 5000).map(row)
        await client.query(
          insertSql,
          cols.map((_, c) => rows.map((r) => r[c])),
        )
      }
      await client.query('update chain_head set seq = $1, hash = $2 where id = 1', [h.seq, h.hash])
      await client.query(
        'insert into signed_heads (seq, hash, signature, signed_at) values ($1, $2, $3, $4)',
        [h.seq, h.hash, signature, new Date().toISOString()],
      )
      await client.query('commit')
    },
    close: () => client.end(),
  }
}

/**
 * Grows A's log to `total` events: the events of its records again and again, each with a fresh subject
 * (and that id replaced in its body), new times, and the chain continued. The node's own access and
 * peer events are not cloned: they never leave a node.
 */
async function cloneEvents(
  a: BenchNode,
  total: number,
): Promise<{ templates: number; bodyBytes: number }> {
  const start = await a.ctx.store.readChainHead()
  const templates = (await a.ctx.store.readEvents(0, start.seq)).filter((e) => !isNodeLocal(e.kind))
  if (templates.length === 0) throw new Error('A has no events to clone')
  const bodyBytes = templates.reduce((s, e) => s + e.body.length, 0) / templates.length
  const kinds = new Map<string, { n: number; chars: number }>()
  for (const e of templates) {
    const k = kinds.get(e.kind) ?? { n: 0, chars: 0 }
    kinds.set(e.kind, { n: k.n + 1, chars: k.chars + e.body.length })
  }
  log(
    `templates by kind (count, mean body chars): ${[...kinds.entries()]
      .sort((x, y) => y[1].n - x[1].n)
      .map(([kind, k]) => `${kind} ${k.n} ${fmt(k.chars / k.n)}`)
      .join('; ')}`,
  )
  const raw = await rawA(a)
  const bar = progressBar('cloning on A')
  const head = { ...start }
  const t0 = Date.parse('2024-01-01T16:10:00.000Z')
  try {
    while (head.seq < total) {
      const batch: ChainEvent[] = []
      const end = Math.min(total, head.seq + CLONE_BATCH)
      for (let seq = head.seq + 1; seq <= end; seq++) {
        const template = templates[seq % templates.length] as ChainEvent
        const subject = uuidv7()
        const fields = {
          seq,
          at: new Date(t0 + seq * 250).toISOString(),
          actor: template.actor,
          kind: template.kind,
          subject,
          body: template.body.split(template.subject).join(subject),
          share: template.share,
          prevHash: head.hash,
        }
        const hash = hashEvent(fields)
        batch.push({ ...fields, hash })
        head.seq = seq
        head.hash = hash
      }
      await raw.insert(batch, head, a.key.sign(headMessage(a.ctx.node.id, head.seq, head.hash)))
      bar.update(head.seq, total)
      // better-sqlite3 answers synchronously: let the progress bar's timer run.
      await new Promise((resolve) => setImmediate(resolve))
    }
  } finally {
    bar.stop()
    await raw.close()
  }
  return { templates: templates.length, bodyBytes }
}

// ——— 1. the ceiling: raw batch insert into B's database ———

// replica_events: an event's columns between its home and when it was received (event-rows.ts).
const replicaColumns = ['home', ...eventColumnNames, 'received_at']
/** replica_events' columns and primary key; no secondary index (the real table has one on subject). */
const rawTableSql = (name: string) => `create table ${name} (
  home text not null, seq bigint not null, at text not null, actor text not null, kind text not null,
  subject text not null, body text not null, share text not null, prev_hash text not null,
  hash text not null, received_at text not null, primary key (home, seq))`

/** Rows of A's own events, as B would store them; seqs keep counting so no row collides. */
function rawRows(sampleEvents: readonly ChainEvent[], home: string, count: number, seq0: number) {
  const now = new Date().toISOString()
  return Array.from({ length: count }, (_, i) => {
    const e = sampleEvents[(seq0 + i) % sampleEvents.length] as ChainEvent
    return [
      home,
      seq0 + i + 1,
      e.at,
      e.actor,
      e.kind,
      e.subject,
      e.body,
      e.share,
      e.prevHash,
      e.hash,
      now,
    ]
  })
}

interface RawRates {
  readonly rate: number
  readonly all: number[]
  /** PostgreSQL: INSERT … SELECT unnest, as the product's replica insert is written. */
  readonly unnest?: number
}

async function timedReps(once: (seconds: number) => Promise<number>): Promise<number[]> {
  await once(0.2)
  const rates: number[] = []
  for (let rep = 0; rep < RAW_REPS; rep++) rates.push(await once(RAW_SECONDS))
  return rates
}

async function rawInsert(
  b: BenchNode,
  sampleEvents: readonly ChainEvent[],
  batch: number,
): Promise<RawRates> {
  const home = uuidv7()
  let seq = 0
  const next = () => {
    const rows = rawRows(sampleEvents, home, batch, seq)
    seq += batch
    return rows
  }
  if (b.dialect === 'sqlite') {
    // A file of its own beside B's: the same disk, WAL and synchronous=FULL as openSqlite.
    const db = new SqliteDatabase(join(b.dir, `raw-${batch}.sqlite`))
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.exec(rawTableSql('raw_replica_events'))
    const insert = db.prepare(
      `insert into raw_replica_events values (${replicaColumns.map(() => '?').join(', ')})`,
    )
    const commit = db.transaction((rows: unknown[][]) => {
      for (const row of rows) insert.run(row)
    })
    try {
      const all = await timedReps(async (seconds) => {
        let ms = 0
        let n = 0
        while (ms < seconds * 1000) {
          const rows = next()
          const t0 = performance.now()
          commit(rows)
          ms += performance.now() - t0
          n += rows.length
        }
        return n / (ms / 1000)
      })
      return { rate: median(all), all }
    } finally {
      db.close()
    }
  }
  const client = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${b.schema}` })
  await client.connect()
  try {
    const width = replicaColumns.length
    const valuesSql = (n: number) =>
      `insert into raw_replica_events values ${Array.from({ length: n }, (_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`).join(', ')}`
    const unnestSql = `insert into raw_replica_events_unnest select * from unnest(${replicaColumns.map((c, i) => `$${i + 1}::${c === 'seq' ? 'int8' : 'text'}[]`).join(', ')})`
    await client.query(rawTableSql('raw_replica_events'))
    await client.query(rawTableSql('raw_replica_events_unnest'))
    // VALUES takes at most 65,535 parameters: larger pages go in several statements of one commit.
    const perStatement = Math.floor(65_535 / width)
    const measure = (how: 'values' | 'unnest') =>
      timedReps(async (seconds) => {
        let ms = 0
        let n = 0
        while (ms < seconds * 1000) {
          const rows = next()
          const t0 = performance.now()
          await client.query('begin')
          if (how === 'unnest')
            await client.query(
              unnestSql,
              replicaColumns.map((_, c) => rows.map((r) => r[c])),
            )
          else
            for (let i = 0; i < rows.length; i += perStatement) {
              const part = rows.slice(i, i + perStatement)
              await client.query(valuesSql(part.length), part.flat())
            }
          await client.query('commit')
          ms += performance.now() - t0
          n += rows.length
        }
        return n / (ms / 1000)
      })
    const all = await measure('values')
    const unnest = median(await measure('unnest'))
    return { rate: median(all), all, unnest }
  } finally {
    await client.end()
  }
}

// ——— 2 and 3. catch-up ———

interface CatchUp {
  readonly pageLimit: number
  readonly seconds: number
  readonly seqsPerSecond: number
  readonly received: number
  readonly pages: number
  readonly ok: boolean
  readonly error: string | null
  /** Per page, ms. */
  readonly split: {
    readonly aRead: number
    readonly aFilter: number
    readonly aSign: number
    readonly network: number
    readonly bVerify: number
    readonly bApply: number
    readonly bOther: number
  }
  readonly bytesPerPage: number
}

async function catchUp(
  a: BenchNode,
  b: BenchNode,
  serve: Phases,
  pageLimit: number,
): Promise<CatchUp> {
  const pull = new Phases()
  let pages = 0
  let bytes = 0
  const fetchTimed: FetchLike = async (url, init) => {
    const t0 = performance.now()
    const response = await fetch(url, init)
    const text = await response.text()
    pull.add('fetch', performance.now() - t0)
    pages++
    bytes += text.length
    return { status: response.status, text: async () => text }
  }
  const store = timed(b.ctx.store, ['syncTransact', 'getCheckpoint'], 'B ', pull)
  const federation = createFederation({
    ctx: { store, clock: b.ctx.clock, node: b.ctx.node },
    key: b.key,
    fetch: fetchTimed,
    pageLimit,
  })
  const head = (await a.ctx.store.readChainHead()).seq
  const bar = progressBar(`catch-up ${pageLimit}`)
  serve.clear()
  const t0 = performance.now()
  const [report] = await federation.pull(a.ctx.node.id, (p) => bar.update(p.seq, head))
  const wall = performance.now() - t0
  bar.stop()
  const served = serve.get('A serveEvents')
  const aRead =
    serve.get('A read readChainHead') +
    serve.get('A read readEvents') +
    serve.get('A read recordOwners')
  const aSign = serve.get('A sign')
  const fetchMs = pull.get('fetch')
  const bApply = pull.get('B syncTransact')
  const per = (ms: number) => ms / Math.max(1, pages)
  return {
    pageLimit,
    seconds: wall / 1000,
    seqsPerSecond: (report?.seq ?? 0) / (wall / 1000),
    received: report?.received ?? 0,
    pages,
    ok: report?.outcome === 'caught_up' && report.seq === head,
    error: report?.error ?? null,
    split: {
      aRead: per(aRead),
      aFilter: per(served - aRead - aSign),
      aSign: per(aSign),
      network: per(fetchMs - served),
      // What pullPage does between the fetch and the replica transaction: open and check the page.
      bVerify: per(wall - fetchMs - bApply - pull.get('B getCheckpoint')),
      bApply: per(bApply),
      bOther: per(pull.get('B getCheckpoint')),
    },
    bytesPerPage: bytes / Math.max(1, pages),
  }
}

// ——— 4. killed in the middle ———

interface ChildJob {
  readonly database: string
  readonly schema: string | undefined
  readonly keyFile: string
  readonly peer: string
  readonly pageLimit: number
  readonly log: string
}

/** The receiver in a child process: pulls, and notes each page fetched and each page applied. */
async function pullChild(job: ChildJob) {
  const key = loadNodeKey(job.keyFile, false)
  const clock = { now: () => new Date() }
  const store = await openStore({
    database: job.database,
    key,
    clock,
    ...(job.schema ? { schema: job.schema } : {}),
  })
  const node = await ensureNode(
    store,
    clock,
    { newId: () => uuidv7() },
    {
      code: 'unused',
      nameEn: 'unused',
      nameJa: null,
      country: 'JP',
      kind: 'government',
    },
  )
  const fd = openSync(job.log, 'a')
  const fetchNoted: FetchLike = async (url, init) => {
    const response = await fetch(url, init)
    const text = await response.text()
    const to = /"to":(\d+),"toHash"/.exec(text.slice(-400))?.[1]
    writeSync(fd, `fetched ${new URL(url).searchParams.get('after')} ${to}\n`)
    return { status: response.status, text: async () => text }
  }
  const federation = createFederation({
    ctx: { store, clock, node },
    key,
    fetch: fetchNoted,
    pageLimit: job.pageLimit,
  })
  writeSync(fd, 'started\n')
  await federation.pull(job.peer, (p) => writeSync(fd, `applied ${p.seq}\n`))
  writeSync(fd, 'done\n')
  closeSync(fd)
  await store.close()
}

interface KillTrial {
  readonly checkpoint: number
  readonly appliedSeen: number
  readonly fetchedTo: number
  /** Pages fetched whose events the checkpoint does not cover: lost with the process, fetched again. */
  readonly pagesLost: number
  readonly seqsRedone: number
  /** Replica rows beyond the checkpoint: must be none (a page is applied whole with its checkpoint). */
  readonly beyond: number
}

interface KillResult {
  readonly trials: KillTrial[]
  readonly pageLimit: number
  readonly converged: boolean
  readonly replicas: number
}

async function killTest(a: BenchNode, dialect: Dialect, expected: number): Promise<KillResult> {
  const pageLimit = pageLimitDefault
  const k = await openNode(dialect, 'K')
  await register(a, k, 'BENCH-B')
  await register(k, a, 'BENCH-A')
  // The receiver's app and store close: only the child (and later this process) opens its database.
  await k.app.close()
  await k.ctx.store.close()
  const job: Omit<ChildJob, 'log'> = {
    database: k.database,
    schema: k.schema,
    keyFile: k.keyFile,
    peer: a.ctx.node.id,
    pageLimit,
  }
  const head = (await a.ctx.store.readChainHead()).seq
  const trials: KillTrial[] = []
  const clock = { now: () => new Date() }
  const open = () =>
    openStore({
      database: k.database,
      key: k.key,
      clock,
      ...(k.schema ? { schema: k.schema } : {}),
    })
  try {
    for (let trial = 0; trial < KILLS; trial++) {
      const logFile = join(k.dir, `pull-${trial}.log`)
      writeFileSync(logFile, '')
      const child = fork(
        new URL(import.meta.url),
        [
          `--pull-child=${Buffer.from(JSON.stringify({ ...job, log: logFile })).toString('base64')}`,
        ],
        {
          execArgv: ['--import', 'tsx'],
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        },
      )
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      const lines = () => readFileSync(logFile, 'utf8').split('\n').filter(Boolean)
      // Kill somewhere in the pull: after its first applied page, at a random moment within 4 s.
      for (let i = 0; i < 600 && !lines().some((l) => l.startsWith('applied')); i++) await sleep(50)
      await sleep(Math.random() * 4000)
      if (lines().includes('done'))
        throw new Error('the receiver caught up before it was killed: use more --events')
      childTicks.total += procTicks(child.pid as number)
      child.kill('SIGKILL')
      await exited
      const seen = lines()
      const applied = seen
        .filter((l) => l.startsWith('applied'))
        .map((l) => Number(l.split(' ')[1]))
      const fetched = seen
        .filter((l) => l.startsWith('fetched'))
        .map((l) => Number(l.split(' ')[2]))
      const store = await open()
      try {
        const checkpoint = (await store.getCheckpoint(a.ctx.node.id))?.seq ?? 0
        const beyond = (await store.readReplicaEvents(a.ctx.node.id, checkpoint, 10)).length
        const fetchedTo = Math.max(0, ...fetched.filter(Number.isFinite))
        trials.push({
          checkpoint,
          appliedSeen: Math.max(0, ...applied),
          fetchedTo,
          pagesLost: fetched.filter((to) => to > checkpoint).length,
          seqsRedone: Math.max(0, fetchedTo - checkpoint),
          beyond,
        })
      } finally {
        await store.close()
      }
      log(`${dialect}: kill ${trial + 1}/${KILLS}: ${JSON.stringify(trials.at(-1))}`)
    }
    // The last restart runs to the end, here.
    const store = await open()
    try {
      const node = { id: k.ctx.node.id, org: k.ctx.node.org }
      const [report] = await createFederation({
        ctx: { store, clock, node },
        key: k.key,
        pageLimit,
      }).pull(a.ctx.node.id)
      let replicas = 0
      for (let after = 0; ; ) {
        const rows = await store.readReplicaEvents(a.ctx.node.id, after, 50_000)
        if (rows.length === 0) break
        replicas += rows.length
        after = (rows.at(-1) as ChainEvent).seq
      }
      return {
        trials,
        pageLimit,
        converged: report?.outcome === 'caught_up' && report.seq === head && replicas === expected,
        replicas,
      }
    } finally {
      await store.close()
    }
  } finally {
    rmSync(k.dir, { recursive: true, force: true })
    if (k.schema) {
      const admin = openPostgres(PG_URL)
      await admin.schema.dropSchema(k.schema).ifExists().cascade().execute()
      await admin.destroy()
    }
  }
}

// ——— the run ———

interface DialectResults {
  readonly events: number
  readonly templates: number
  readonly bodyBytes: number
  readonly seedSeconds: number
  readonly raw: Map<number, RawRates>
  readonly runs: CatchUp[]
  readonly kill: KillResult | null
  readonly machine: { otherCpus: number; postgresCpus: number; load1: number }
}

async function benchDialect(dialect: Dialect): Promise<DialectResults> {
  const serve = new Phases()
  log(`${dialect}: node A`)
  const a = await openNode(dialect, 'A', serve)
  const receivers: BenchNode[] = []
  try {
    const receiverOrg = (
      await call(a, 'POST', '/api/organisations', {
        code: 'BENCH-B',
        nameEn: 'BENCH-B',
        kind: 'government',
      })
    ).id as string
    const s0 = performance.now()
    await writeRecords(a, receiverOrg)
    const { templates, bodyBytes } = await cloneEvents(a, EVENTS)
    const seedSeconds = (performance.now() - s0) / 1000
    const events = (await a.ctx.store.readChainHead()).seq
    const sampleEvents = await a.ctx.store.readEvents(events - 20_000, 20_000)
    const machine = otherLoad()

    const raw = new Map<number, RawRates>()
    const runs: CatchUp[] = []
    for (const pageLimit of [pageLimitDefault, pageLimitMax]) {
      const b = await openNode(dialect, 'B')
      receivers.push(b)
      await register(a, b, 'BENCH-B')
      await register(b, a, 'BENCH-A')
      log(`${dialect}: raw insert into B's database, batches of ${pageLimit}`)
      raw.set(pageLimit, await rawInsert(b, sampleEvents, pageLimit))
      log(`${dialect}: catch-up of ${fmt(events)} events, pages of ${pageLimit}`)
      runs.push(await catchUp(a, b, serve, pageLimit))
      // The replicas and checkpoint are not needed further: free the disk for the next receiver.
      await b.close()
      receivers.pop()
    }
    const expected = runs[0]?.received ?? 0
    const kill = KILLS > 0 ? await killTest(a, dialect, expected) : null
    return { events, templates, bodyBytes, seedSeconds, raw, runs, kill, machine: machine() }
  } finally {
    for (const b of receivers) await b.close()
    await a.close()
  }
}

function gitHead(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean).length
    return `${head}${dirty ? ` + ${dirty} uncommitted change(s) under src/` : ''}`
  } catch {
    return 'not a git checkout'
  }
}

async function versions() {
  const db = new SqliteDatabase(':memory:')
  const sqliteVersion = (db.prepare('select sqlite_version() as v').get() as { v: string }).v
  db.close()
  const client = new pg.Client({ connectionString: PG_URL })
  try {
    await client.connect()
    const version = (await client.query('show server_version')).rows[0].server_version as string
    const settings = await client.query(
      "select name, setting from pg_settings where name in ('synchronous_commit', 'fsync', 'shared_buffers') order by name",
    )
    return {
      sqlite: sqliteVersion,
      postgres: version as string | null,
      pgSettings: settings.rows
        .map((r: { name: string; setting: string }) => `${r.name}=${r.setting}`)
        .join(', '),
    }
  } catch {
    return { sqlite: sqliteVersion, postgres: null, pgSettings: '' }
  } finally {
    await client.end().catch(() => {})
  }
}

function report(
  results: Partial<Record<Dialect, DialectResults>>,
  env: Awaited<ReturnType<typeof versions>>,
) {
  const dialects = (['sqlite', 'postgres'] as const).filter((d) => results[d])
  const line = (label: string, f: (r: DialectResults, d: Dialect) => string) =>
    console.log(
      `${label.padEnd(64)}${dialects.map((d) => f(results[d] as DialectResults, d).padStart(22)).join('')}`,
    )
  console.log('')
  console.log('Kizuna federation catch-up bench (issue 9)')
  console.log(
    `  ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`,
  )
  console.log(
    `  SQLite ${env.sqlite} (WAL, synchronous=FULL); PostgreSQL ${env.postgres ?? 'not reachable'} ${env.pgSettings}`,
  )
  console.log(`  code: ${gitHead()}`)
  console.log(
    '  A: real store + key behind buildApp (createFederation) on 127.0.0.1; B: createFederation().pull over fetch',
  )
  console.log('')
  console.log(`${''.padEnd(64)}${dialects.map((d) => d.padStart(22)).join('')}`)
  line(
    '   machine: CPUs busy with other processes (avg) / load avg',
    (r) => `${r.machine.otherCpus.toFixed(2)} / ${r.machine.load1.toFixed(1)}`,
  )
  line(
    "A's log: events (records' events cloned; templates)",
    (r) => `${fmt(r.events)} (${fmt(r.templates)})`,
  )
  line(
    '   mean body, bytes / seeding time, s',
    (r) => `${fmt(r.bodyBytes)} / ${r.seedSeconds.toFixed(0)}`,
  )
  for (const [i, pageLimit] of [pageLimitDefault, pageLimitMax].entries()) {
    const run = (r: DialectResults) => r.runs[i] as CatchUp
    const raw = (r: DialectResults) => r.raw.get(pageLimit) as RawRates
    const ceiling = (r: DialectResults) => Math.max(raw(r).rate, raw(r).unnest ?? 0)
    console.log('')
    console.log(
      `pages of ${fmt(pageLimit)}${pageLimit === pageLimitDefault ? ' (default)' : ' (pageLimitMax)'}`,
    )
    line(`1  raw INSERT, ${fmt(pageLimit)} rows per commit, rows/s`, (r) => fmt(raw(r).rate))
    line('     min–max', (r) => `${fmt(Math.min(...raw(r).all))}–${fmt(Math.max(...raw(r).all))}`)
    if (results.postgres)
      line('   (info) raw INSERT … SELECT unnest, rows/s', (r) =>
        raw(r).unnest ? fmt(raw(r).unnest as number) : '—',
      )
    line('2  catch-up, events (seqs) per second, end to end', (r) => fmt(run(r).seqsPerSecond))
    line(
      '     seconds / pages / events applied (released to B)',
      (r) => `${run(r).seconds.toFixed(1)} / ${fmt(run(r).pages)} / ${fmt(run(r).received)}`,
    )
    line('     caught up to the head', (r) => (run(r).ok ? 'yes' : `NO: ${run(r).error}`))
    line(
      '   2 ÷ the faster raw insert (target ≥ 10%)',
      (r) =>
        `${pct(run(r).seqsPerSecond / ceiling(r))} ${run(r).seqsPerSecond / ceiling(r) >= TARGET ? 'met' : 'MISSED'}`,
    )
    line('   per page, ms: A reads (head, events, owners)', (r) => run(r).split.aRead.toFixed(1))
    line('                 A release filter + page text', (r) => run(r).split.aFilter.toFixed(1))
    line('                 A signing', (r) => run(r).split.aSign.toFixed(1))
    line('                 HTTP on loopback (fetch − serve)', (r) =>
      run(r).split.network.toFixed(1),
    )
    line('                 B verify: signature, parse, hashes, chain', (r) =>
      run(r).split.bVerify.toFixed(1),
    )
    line('                 B apply: replica transaction + commit', (r) =>
      run(r).split.bApply.toFixed(1),
    )
    line('                 B checkpoint read', (r) => run(r).split.bOther.toFixed(1))
    line('     page size on the wire, kB', (r) => fmt(run(r).bytesPerPage / 1000))
  }
  console.log('')
  line('killed mid-catch-up (SIGKILL, random moment), pages of', (r) =>
    r.kill ? fmt(r.kill.pageLimit) : '—',
  )
  line('   kills', (r) => String(r.kill?.trials.length ?? 0))
  line('   pages fetched but not committed, max per kill', (r) =>
    r.kill ? String(Math.max(...r.kill.trials.map((t) => t.pagesLost))) : '—',
  )
  line('   seqs fetched again after restart, max per kill', (r) =>
    r.kill ? fmt(Math.max(...r.kill.trials.map((t) => t.seqsRedone))) : '—',
  )
  line('   replica rows beyond the checkpoint after a kill', (r) =>
    r.kill ? String(r.kill.trials.reduce((s, t) => s + t.beyond, 0)) : '—',
  )
  line('   at most one page redone', (r) =>
    r.kill
      ? r.kill.trials.every(
          (t) => t.pagesLost <= 1 && t.seqsRedone <= (r.kill?.pageLimit ?? 0) && t.beyond === 0,
        )
        ? 'yes'
        : 'NO'
      : '—',
  )
  line('   restarted to the end: caught up, same replicas as unbroken', (r) =>
    r.kill
      ? r.kill.converged
        ? `yes (${fmt(r.kill.replicas)})`
        : `NO (${fmt(r.kill.replicas)})`
      : '—',
  )
}

async function main() {
  const child = arg('pull-child')
  if (child) {
    await pullChild(JSON.parse(Buffer.from(child, 'base64').toString('utf8')) as ChildJob)
    return
  }
  const t0 = performance.now()
  const env = await versions()
  const results: Partial<Record<Dialect, DialectResults>> = {}
  for (const dialect of (['sqlite', 'postgres'] as const).filter((d) => !only || only === d)) {
    if (dialect === 'postgres' && !env.postgres) {
      console.log(`skipped: PostgreSQL (nothing answers at ${PG_URL}; set KIZUNA_TEST_PG_URL)`)
      continue
    }
    results[dialect] = await benchDialect(dialect)
  }
  report(results, env)
  console.log(`\n(bench took ${((performance.now() - t0) / 1000).toFixed(0)} s)`)
}

await main()
