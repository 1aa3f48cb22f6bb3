/**
 * Fault-injection harness: real `kizuna serve` child processes on loopback, a small HTTP client that can
 * speak from several loopback addresses (the API rate-limits per client address, 1200 a minute), a fresh
 * PostgreSQL database per test, and a seeded random source whose seed every test prints.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { referenceId } from '../../src/domain/records/record.js'
import { cleanEnv, repoRoot } from '../support/cli.js'
import { placeDraft } from '../support/fixtures.js'

export const pgBaseUrl = process.env.KIZUNA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** An item from data/items.csv (the tests stock it at a hub of their own, so demo stock never counts). */
export const RICE = referenceId('item', 'KZ-FOOD-001')

export function log(line: string): void {
  console.log(`[fault] ${line}`)
}

/** mulberry32: a small seeded generator, so a failing run can be replayed with KIZUNA_FAULT_SEED. */
export function seededRandom(label: string): {
  next(): number
  int(lo: number, hi: number): number
} {
  const seed = Number(process.env.KIZUNA_FAULT_SEED ?? randomBytes(4).readUInt32LE(0))
  log(`${label}: seed ${seed} (replay with KIZUNA_FAULT_SEED=${seed})`)
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return { next, int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)) }
}

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms))

// ---------------------------------------------------------------------------------------------------
// Temporary places: directories, PostgreSQL databases, child processes. Cleaned by `cleanup()`.

const dirs: string[] = []
const databases: string[] = []
const children = new Set<ChildProcess>()

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kizuna-fault-'))
  dirs.push(dir)
  return dir
}

function databaseUrl(name: string): string {
  const url = new URL(pgBaseUrl)
  url.pathname = `/${name}`
  return url.toString()
}

/** A database of its own (`kz_fault_<random>`) on the test server: every table in its `public` schema. */
export async function createPgDatabase(): Promise<string> {
  const name = `kz_fault_${randomBytes(6).toString('hex')}`
  const client = new pg.Client({ connectionString: pgBaseUrl })
  await client.connect()
  try {
    await client.query(`CREATE DATABASE ${name}`)
  } finally {
    await client.end()
  }
  databases.push(name)
  return databaseUrl(name)
}

export async function cleanup(): Promise<void> {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  children.clear()
  if (databases.length > 0) {
    const client = new pg.Client({ connectionString: pgBaseUrl })
    await client.connect()
    try {
      for (const name of databases.splice(0))
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    } finally {
      await client.end()
    }
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
}

// ---------------------------------------------------------------------------------------------------
// The CLI.

export interface Run {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
  readonly ms: number
}

/** Runs `kizuna ARGS` to the end, with `input` on standard input. */
export function kizuna(args: readonly string[], input?: string, timeoutMs = 120_000): Promise<Run> {
  const started = Date.now()
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: repoRoot,
      env: cleanEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    children.add(child)
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', fail)
    child.on('close', (code) => {
      clearTimeout(timer)
      children.delete(child)
      done({ code, stdout, stderr, ms: Date.now() - started })
    })
    child.stdin.end(input ?? '')
  })
}

/** `init --demo`, a logistician and a token for it: what a hub's operator does on day one. */
export async function prepareNode(db: string, key: string): Promise<string> {
  const where = ['--db', db, '--key', key]
  const init = await kizuna(['init', '--demo', ...where])
  if (init.code !== 0) throw new Error(`init failed (${init.code}): ${init.stderr}`)
  const user = await kizuna(
    ['user', 'create', 'loader', '--role', 'logistician', '--password-stdin', ...where],
    'a long enough password for the fault tests',
  )
  if (user.code !== 0) throw new Error(`user create failed (${user.code}): ${user.stderr}`)
  const token = await kizuna([
    'token',
    'create',
    '--user',
    'loader',
    '--role',
    'logistician',
    ...where,
  ])
  if (token.code !== 0) throw new Error(`token create failed (${token.code}): ${token.stderr}`)
  log(`prepared node: init ${init.ms} ms, user ${user.ms} ms, token ${token.ms} ms`)
  return token.stdout.trim()
}

export async function verify(db: string, key: string): Promise<Run> {
  return kizuna(['verify', '--db', db, '--key', key])
}

export interface Server {
  readonly base: string
  readonly port: number
  readonly pid: number
  /** Resolves with the exit code, or the signal's name, when the process has ended. */
  readonly exited: Promise<number | string>
  output(): string
  kill(signal: NodeJS.Signals): Promise<number | string>
}

/** Starts `kizuna serve` on a free loopback port and resolves once it listens. */
export async function startServe(db: string, key: string, label: string): Promise<Server> {
  const started = Date.now()
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'serve',
      '--db',
      db,
      '--key',
      key,
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--log-level',
      'warn',
    ],
    { cwd: repoRoot, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
  )
  children.add(child)
  let out = ''
  const keep = (d: string) => {
    out = (out + d).slice(-20_000)
  }
  child.stdout.setEncoding('utf8').on('data', keep)
  child.stderr.setEncoding('utf8').on('data', keep)
  const exited = new Promise<number | string>((done) =>
    child.on('exit', (code, signal) => {
      children.delete(child)
      done(code ?? signal ?? 'unknown')
    }),
  )
  const port = await new Promise<number>((done, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`${label}: serve did not listen within 60 s:\n${out}`)),
      60_000,
    )
    const look = () => {
      const match = /at http:\/\/[^:]+:(\d+)\//.exec(out)
      if (match) {
        clearTimeout(timer)
        done(Number(match[1]))
      }
    }
    child.stderr.on('data', look)
    void exited.then((how) => {
      clearTimeout(timer)
      fail(new Error(`${label}: serve exited (${how}) before listening:\n${out}`))
    })
  })
  const pid = child.pid as number
  log(`${label}: serve pid ${pid} listening on ${port} after ${Date.now() - started} ms`)
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    pid,
    exited,
    output: () => out,
    async kill(signal) {
      child.kill(signal)
      return exited
    },
  }
}

// ---------------------------------------------------------------------------------------------------
// HTTP from a chosen loopback address.

export interface Reply {
  readonly status: number
  // biome-ignore lint/suspicious/noExplicitAny: API bodies, asserted field by field in the tests
  readonly body: any
}

export class Client {
  private readonly agent: http.Agent
  constructor(
    readonly base: string,
    private readonly token: string,
    /** 127.x.y.z: the API counts its rate limit per client address. */
    private readonly localAddress = '127.0.0.1',
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 4 })
  }

  request(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    body?: unknown,
    timeoutMs = 15_000,
  ): Promise<Reply> {
    const url = new URL(path, this.base)
    const payload = body === undefined ? undefined : JSON.stringify(body)
    return new Promise((done, fail) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          method,
          agent: this.agent,
          localAddress: this.localAddress,
          headers: {
            authorization: `Bearer ${this.token}`,
            ...(payload
              ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
              : {}),
          },
        },
        (res) => {
          let text = ''
          res.setEncoding('utf8')
          res.on('data', (d: string) => (text += d))
          res.on('end', () => {
            let parsed: unknown = text
            try {
              parsed = JSON.parse(text)
            } catch {
              // not JSON: keep the text
            }
            done({ status: res.statusCode ?? 0, body: parsed })
          })
          res.on('error', fail)
        },
      )
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)))
      req.on('error', fail)
      req.end(payload)
    })
  }

  get(path: string) {
    return this.request('GET', path)
  }

  post(path: string, body: unknown) {
    return this.request('POST', path, body)
  }

  patch(path: string, body: unknown) {
    return this.request('PATCH', path, body)
  }

  close(): void {
    this.agent.destroy()
  }
}

/** Client address number `n` (0-based) on 127.0.1.0/24. */
export const loopback = (n: number) => `127.0.1.${(n % 250) + 1}`

/** The node's own organisation (JP-CAO in the demo), read through the API. */
export async function nodeOrg(client: Client): Promise<string> {
  const reply = await client.get('/api/organisations')
  if (reply.status !== 200)
    throw new Error(`GET /api/organisations: ${reply.status} ${JSON.stringify(reply.body)}`)
  const found = (reply.body.organisations as { id: string; code: string }[]).find(
    (o) => o.code === 'JP-CAO',
  )
  if (!found) throw new Error('no JP-CAO organisation: was the node made with init --demo?')
  return found.id
}

export interface BalanceView {
  posted: number
  pendingOut: number
  pendingIn: number
  available: number
}

/** A new hub run by the caller's organisation, created through the API: it holds no stock yet. */
export async function freshHub(client: Client): Promise<string> {
  const code = `HUB:FAULT-${randomBytes(4).toString('hex').toUpperCase()}`
  const reply = await client.post(
    '/api/places',
    placeDraft({ code, nameEn: `Fault-test hub ${code}` }),
  )
  if (reply.status !== 201)
    throw new Error(`POST /api/places: ${reply.status} ${JSON.stringify(reply.body)}`)
  return reply.body.id as string
}

/** The balance of `kind` at `place` for the item and owner, summed over lots (zeros when none). */
export async function balance(
  client: Client,
  place: string,
  owner: string,
  kind = 'stock',
): Promise<BalanceView> {
  const reply = await client.get(
    `/api/stock?kind=${kind}&place=${place}&item=${RICE}&owner=${owner}&nonZero=false&limit=100`,
  )
  if (reply.status !== 200)
    throw new Error(`GET /api/stock: ${reply.status} ${JSON.stringify(reply.body)}`)
  const rows = reply.body.balances as (BalanceView & { lot: string })[]
  const sum = { posted: 0, pendingOut: 0, pendingIn: 0, available: 0 }
  for (const row of rows) {
    sum.posted += row.posted
    sum.pendingOut += row.pendingOut
    sum.pendingIn += row.pendingIn
    sum.available += row.available
  }
  return sum
}
