/**
 * Another node's stock in the browser (issue 9), end to end: node B (a `kizuna serve` process on its
 * own database, made with the CLI) receives water at Komatsu airport; the harness node A registers B
 * and pulls from it; A's admin turns on "Show other nodes' stock" on the stock page and sees B's
 * balance badged with B as its home, read-only (no stock card link), and A's map counts it at Komatsu
 * by home. Japanese once; axe; no console errors.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ApiSession,
  freePort,
  type Harness,
  repoRoot,
  seriousAccessibilityViolations,
  signIn,
  startHarness,
  switchLanguage,
  type TrackedPage,
} from './harness.js'

let harness: Harness
let admin: TrackedPage
let api: ApiSession
let dir: string
let nodeB: ChildProcess | undefined
let bOutput = ''
let b: { id: string; url: string; key: string }

function cli(args: string[]): string {
  return execFileSync(process.execPath, ['bin/kizuna.js', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 120_000,
  })
}

async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
  return fetch(`${harness.baseUrl}${path}`, {
    method,
    headers: {
      ...api.headers,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
}

/** B: its own database with 500 bottles at Komatsu airport, A registered on it, serving. */
async function startNodeB(a: { id: string; publicKeyLine: string }): Promise<void> {
  dir = await mkdtemp(join(tmpdir(), 'kizuna-replica-b-'))
  const db = join(dir, 'b.sqlite')
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  cli(['init', '--db', db, '--org-code', 'US-NODE-B', '--org-name', 'US relief node'])
  cli([
    'peer',
    'add',
    '--db',
    db,
    '--id',
    a.id,
    '--org',
    'HUB-A',
    '--org-name',
    'Hub A',
    '--url',
    harness.baseUrl,
    '--public-key',
    a.publicKeyLine,
  ])
  cli([
    'stock',
    'receive',
    '--db',
    db,
    '--place',
    'ICAO:RJNK',
    '--item',
    'KZ-WASH-001',
    '--quantity',
    '500',
    '--source',
    'US donors',
    '--lot',
    'US-W1',
  ])
  const self = JSON.parse(cli(['peer', 'self', '--json', '--db', db, '--url', url])) as {
    id: string
    publicKeyLine: string
  }
  b = { id: self.id, url, key: self.publicKeyLine }
  nodeB = spawn(process.execPath, ['bin/kizuna.js', 'serve', '--db', db, '--port', String(port)], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  })
  nodeB.stdout?.on('data', (chunk: Buffer) => {
    bOutput += chunk.toString()
  })
  nodeB.stderr?.on('data', (chunk: Buffer) => {
    bOutput += chunk.toString()
  })
  const deadline = Date.now() + 60_000
  while (
    !(await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (Date.now() > deadline || nodeB.exitCode !== null)
      throw new Error(`node B did not start:\n${bOutput}`)
    await new Promise((done) => setTimeout(done, 250))
  }
}

beforeAll(async () => {
  harness = await startHarness()
  const { username, password } = harness.users.admin
  api = await harness.apiSession(username, password)
  const self = (await (await call('GET', '/api/peers/self')).json()) as {
    id: string
    publicKeyLine: string
  }
  await startNodeB(self)
  // A registers B (and B's organisation by code) and pulls from it.
  const organisation = await call('POST', '/api/organisations', {
    code: 'US-NODE-B',
    nameEn: 'US relief node',
    kind: 'government',
  })
  expect(organisation.status).toBe(201)
  const org = ((await organisation.json()) as { id: string }).id
  const peer = await call('POST', '/api/peers', {
    id: b.id,
    organisation: org,
    url: b.url,
    publicKey: b.key,
  })
  expect(peer.status, await peer.clone().text()).toBe(201)
  const sync = await call('POST', `/api/peers/${b.id}/sync`, {})
  const answer = (await sync.json()) as { report: { outcome: string; error: unknown } }
  expect(answer.report, JSON.stringify(answer)).toMatchObject({ outcome: 'caught_up' })
  admin = await harness.newPage({ viewport: { width: 1280, height: 900 } })
  await admin.page.goto('/stock')
  await signIn(admin.page, username, password)
}, 240_000)

afterAll(async () => {
  if (nodeB && nodeB.exitCode === null) {
    const exited = new Promise((done) => nodeB?.once('exit', done))
    nodeB.kill('SIGTERM')
    await exited
  }
  if (dir) await rm(dir, { recursive: true, force: true })
  await harness?.close()
}, 60_000)

describe("another node's stock in the browser", () => {
  it('shows it on the stock page badged with its home node, read-only, under the page filters', async () => {
    const { page, problems } = admin
    await page.goto('/stock?q=KZ-WASH-001')
    await page.locator('table.stock-table[aria-busy="false"]').waitFor()
    expect(await page.locator('.replica-stock').count()).toBe(0)
    await page.getByRole('checkbox', { name: "Show other nodes' stock" }).check()
    await page.waitForURL((url) => url.searchParams.get('replicas') === 'true')
    const section = page.getByRole('region', { name: "Other nodes' stock (read-only)" })
    const row = section.locator(`tr[data-home="${b.id}"]`)
    await row.waitFor()
    const badge = row.getByTestId('home-badge')
    expect(await badge.textContent()).toBe(`Home: …${b.id.slice(-8)}`)
    expect(await badge.getAttribute('title')).toContain(b.id)
    // The owner's code arrives after the rows.
    await expect
      .poll(() => row.getByRole('cell').allTextContents())
      .toEqual([
        expect.any(String),
        expect.stringContaining('ICAO:RJNK'),
        expect.stringContaining('KZ-WASH-001'),
        'US-NODE-B',
        'US-W1',
        expect.any(String),
        '500',
        '500',
      ])
    // Read-only: no stock card to open from it.
    expect(await row.getByRole('link').count()).toBe(0)
    // Its own sort headers, on the server and in the address, apart from the page's own.
    const available = section.getByRole('columnheader', { name: /^Available/ })
    expect(await available.getAttribute('aria-sort')).toBe('none')
    await available.getByRole('button').click()
    await page.waitForURL((url) => url.searchParams.get('replicaSort') === 'available')
    expect(await available.getAttribute('aria-sort')).toBe('ascending')
    await available.getByRole('button').click()
    await page.waitForURL((url) => url.searchParams.get('replicaSort') === '-available')
    expect(await available.getAttribute('aria-sort')).toBe('descending')
    expect(new URL(page.url()).searchParams.get('sort')).toBeNull()
    await expect.poll(() => row.count()).toBe(1)
    // The page's search narrows it on the server too.
    await page.getByRole('searchbox', { name: 'Search items' }).fill('KZ-FOOD')
    await page.waitForURL((url) => url.searchParams.get('q') === 'KZ-FOOD')
    await expect.poll(() => row.count()).toBe(0)
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await harness.screenshot(page, 'stock-replicas-en')
    await switchLanguage(page, 'ja')
    await expect
      .poll(() => page.getByRole('heading', { name: '他ノードの在庫(読み取り専用)' }).count())
      .toBeGreaterThan(0)
    await switchLanguage(page, 'en')
    expect(problems).toEqual([])
  })

  it("counts it in the map's stock at Komatsu airport, by home", async () => {
    const map = (await (await call('GET', '/api/map')).json()) as {
      places: { id: string; code: string }[]
      stock: { place: string; replicas: { home: string; available: number }[] }[]
    }
    const rjnk = map.places.find((place) => place.code === 'ICAO:RJNK')
    expect(rjnk).toBeDefined()
    const here = map.stock.find((entry) => entry.place === rjnk?.id)
    expect(here?.replicas).toEqual([expect.objectContaining({ home: b.id, available: 500 })])
  })
})
