/**
 * The common operating picture's speed (issue 8), `npm run bench:cop`: are the map and the dashboard
 * usable within 2 seconds of navigation with the Noto demo data and 100,000 ledger transfers?
 *
 * Needs the built app (`npm run build`: dist/, with the web app in dist/web/) and Debian's `chromium`. It makes a demo
 * node (`kizuna init --demo`, what `npm start` serves) in a temp dir, starts it and, through its API,
 * adds an operation with its affected area, 150 requests for Noto shelters, 24 consignments from the
 * Komatsu hub (a third delivered, the rest on the road) and a few closed legs (bench/cop-data.ts).
 * That database is the baseline; a copy of it gets 100,000 ledger transfers more through the
 * product's LedgerWriter (receipts, moves between hubs, moves out to the shelters, issues there).
 * Both are served at once by `node bin/kizuna.js serve`, and Chromium (playwright-core, the e2e
 * tests' flags) opens the not-found page (the floor: browser, app code, machine), the map (/) and the
 * dashboard (/dashboard) on each, signed in, alternating between the two nodes: per run, a fresh
 * browser context (empty cache) visits a screen cold, then again warm. "Usable" is defined in
 * bench/cop-probe.ts and timed in the page from the navigation's start. The API calls' times come from
 * the browser (resource timing: time to first byte, size) and from the server's own log
 * (`responseTime` of each request). Medians over the runs; the machine is shared, so ratios to the
 * same run's baseline are quoted beside the figures.
 *
 * Options: --runs=N (default 7) · --transfers=N (default 100000) · --no-write (do not update
 * bench/RESULTS.md) · --keep (keep the temp dir and print it) · --reuse=DIR (measure the nodes a
 * --keep run left in DIR again, without making them: for trying a change to the product).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { type Browser, chromium } from 'playwright-core'
import { findChromium, freePort } from '../test/e2e/harness.js'
import {
  addLedgerLoad,
  type Caller,
  type LedgerLoad,
  type PictureSeed,
  seedPicture,
  signInByApi,
} from './cop-data.js'
import { type PageTimings, timingsRead, usableProbe } from './cop-probe.js'

const args = process.argv.slice(2)
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
const RUNS = Number(option('runs') ?? 7)
const TRANSFERS = Number(option('transfers') ?? 100_000)
const WRITE = !args.includes('--no-write')
const KEEP = args.includes('--keep')
/** A temp dir kept by an earlier --keep run: measure its nodes again without making them. */
const REUSE = option('reuse')
const TARGET_MS = 2000
const repoRoot = fileURLToPath(new URL('..', import.meta.url))
const user = { username: 'bench-coordinator', password: 'bench password for the COP 2024' }

const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
]

const log = (line: string) => process.stderr.write(`  … ${line}\n`)
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms))
const median = (values: readonly number[]): number => {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}
const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : '—'
const ms = (n: number) => `${fmt(n)} ms`
const kib = (bytes: number) => `${fmt(bytes / 1024, bytes < 10_240 ? 1 : 0)} KiB`
const range = (values: readonly number[]) =>
  values.length ? `${fmt(Math.min(...values))}–${fmt(Math.max(...values))}` : '—'

// ——— the node ———

function kizuna(argv: string[], input?: string): string {
  try {
    return execFileSync(process.execPath, ['bin/kizuna.js', ...argv], {
      cwd: repoRoot,
      input,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 300_000,
    })
  } catch (error) {
    const failure = error as { status?: number; stdout?: string; stderr?: string }
    throw new Error(
      `kizuna ${argv.join(' ')} failed (exit ${failure.status}):\n${failure.stdout ?? ''}${failure.stderr ?? ''}`,
    )
  }
}

/** A request the server logged as completed: its path (with query) and its own time. */
interface Served {
  readonly url: string
  readonly ms: number
}

interface Server {
  readonly name: string
  readonly baseUrl: string
  readonly served: Served[]
  readonly process: ChildProcess
  caller?: Caller
  stop(): Promise<void>
}

async function startServer(name: string, db: string): Promise<Server> {
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const child = spawn(
    process.execPath,
    ['bin/kizuna.js', 'serve', '--demo', '--db', db, '--port', String(port)],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
  )
  const served: Served[] = []
  const urls = new Map<string, string>()
  let output = ''
  let pending = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    pending += chunk.toString()
    const lines = pending.split('\n')
    pending = lines.pop() ?? ''
    for (const line of lines) {
      output += `${line}\n`
      if (!line.startsWith('{')) continue
      try {
        const entry = JSON.parse(line) as {
          reqId?: string
          req?: { url?: string }
          responseTime?: number
        }
        if (!entry.reqId) continue
        if (entry.req?.url) urls.set(entry.reqId, entry.req.url)
        else if (typeof entry.responseTime === 'number') {
          served.push({ url: urls.get(entry.reqId) ?? '?', ms: entry.responseTime })
          urls.delete(entry.reqId)
        }
      } catch {
        // not a log line
      }
    }
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  let exited = ''
  child.once('exit', (code, signal) => {
    exited = signal ?? `exit code ${code}`
  })
  const deadline = Date.now() + 120_000
  for (;;) {
    if (exited) throw new Error(`the ${name} server stopped (${exited}):\n${output}`)
    if (Date.now() > deadline) throw new Error(`the ${name} server did not start:\n${output}`)
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) break
    } catch {
      // not yet
    }
    await sleep(200)
  }
  return {
    name,
    baseUrl,
    served,
    process: child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      const gone = new Promise<void>((done) => child.once('exit', () => done()))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await gone
      clearTimeout(timer)
    },
  }
}

// ——— the browser ———

const screens = [
  { id: 'floor', label: 'not-found page (floor)', path: '/bench-no-such-page' },
  { id: 'map', label: 'map (/)', path: '/' },
  { id: 'dashboard', label: 'dashboard', path: '/dashboard' },
] as const
type ScreenId = (typeof screens)[number]['id']
type Visit = 'cold' | 'warm'

interface Measured {
  readonly timings: PageTimings
  /** The API calls the server logged during the visit. */
  readonly served: Served[]
}

async function visitOnce(
  page: import('playwright-core').Page,
  server: Server,
  path: string,
): Promise<Measured> {
  const from = server.served.length
  await page.goto(`${server.baseUrl}${path}`, { waitUntil: 'commit' })
  const deadline = Date.now() + 90_000
  for (;;) {
    const usable = await page.evaluate('window.__copBench ? window.__copBench.usable : null')
    if (typeof usable === 'number') break
    if (Date.now() > deadline) throw new Error(`${server.name} ${path}: not usable within 90 s`)
    await sleep(25)
  }
  const timings = JSON.parse((await page.evaluate(timingsRead)) as string) as PageTimings
  // The server logs a request's completion as it answers: give the log a moment to arrive.
  await sleep(50)
  return { timings, served: server.served.slice(from) }
}

type Results = Record<string, Record<ScreenId, Record<Visit, Measured[]>>>

async function measure(browser: Browser, servers: Server[], problems: string[]): Promise<Results> {
  const results: Results = {}
  for (const server of servers)
    results[server.name] = Object.fromEntries(
      screens.map((screen) => [screen.id, { cold: [] as Measured[], warm: [] as Measured[] }]),
    ) as Results[string]
  for (let run = 0; run < RUNS; run++) {
    // Alternate which node goes first, so drift on the shared machine falls on both.
    const order = run % 2 ? [...servers].reverse() : servers
    for (const server of order) {
      for (const screen of screens) {
        const context = await browser.newContext({
          locale: 'en-US',
          timezoneId: 'Asia/Tokyo',
          viewport: { width: 1280, height: 800 },
        })
        const [name, value] = (server.caller?.headers.cookie ?? '').split(/=(.*)/s)
        await context.addCookies([
          { name: name ?? '', value: value ?? '', url: server.baseUrl, httpOnly: true },
        ])
        await context.addInitScript({ content: usableProbe })
        const page = await context.newPage()
        page.on('pageerror', (error) => problems.push(`${server.name} ${screen.path}: ${error}`))
        page.on('response', (response) => {
          if (response.status() >= 400 && !response.url().includes('/api/auth/session'))
            problems.push(`${server.name}: HTTP ${response.status()} ${response.url()}`)
        })
        for (const visit of ['cold', 'warm'] as const) {
          const measured = await visitOnce(page, server, screen.path)
          results[server.name]?.[screen.id][visit].push(measured)
        }
        await context.close()
      }
    }
    log(`run ${run + 1} of ${RUNS} done`)
  }
  return results
}

// ——— the report ———

const apiPaths = ['/api/map', '/api/map/places', '/api/dashboard'] as const
const pathOf = (url: string) => {
  try {
    return new URL(url, 'http://x').pathname
  } catch {
    return url
  }
}

interface ApiFigures {
  readonly serverMs: number
  readonly ttfbMs: number
  readonly bytes: number
  readonly count: number
}

function apiFigures(measured: readonly Measured[], path: string): ApiFigures | null {
  const server = measured.flatMap((m) => m.served.filter((s) => pathOf(s.url) === path))
  const browser = measured.flatMap((m) =>
    m.timings.resources.filter((r) => pathOf(r.name) === path),
  )
  if (server.length === 0 && browser.length === 0) return null
  return {
    serverMs: median(server.map((s) => s.ms)),
    ttfbMs: median(browser.map((r) => r.responseStart - r.requestStart)),
    bytes: median(browser.map((r) => r.decodedBodySize)),
    count: server.length / Math.max(1, measured.length),
  }
}

/** From the last API answer's arrival to usable: the client's own work (parse, render, draw). */
const afterData = (measured: readonly Measured[]) =>
  median(
    measured.map((m) => {
      const api = m.timings.resources.filter((r) => pathOf(r.name).startsWith('/api/'))
      const last = Math.max(0, ...api.map((r) => r.responseEnd))
      return m.timings.usable - last
    }),
  )

function machineLine(chromiumVersion: string): string[] {
  const cpu = cpus()
  let git = 'not a git checkout'
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: repoRoot,
      encoding: 'utf8',
    }).trim()
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'web/src'], {
      cwd: repoRoot,
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean).length
    git = `${head}${dirty ? ` + ${dirty} uncommitted change(s) under src/ and web/src/` : ''}`
  } catch {
    // no git
  }
  return [
    `${cpu.length} CPUs (${cpu[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, Chromium ${chromiumVersion} (headless, the e2e tests' flags), SQLite (the default store, as \`npm start\`)`,
    `code: ${git}; load average at the end ${loadavg()
      .map((n) => n.toFixed(1))
      .join(' / ')} (other engineers' tests share the machine)`,
  ]
}

function report(
  results: Results,
  seed: PictureSeed,
  load: LedgerLoad,
  chromiumVersion: string,
  problems: readonly string[],
  seconds: number,
): string {
  const out: string[] = []
  const row = (...cells: string[]) => out.push(`| ${cells.join(' | ')} |`)
  const base = results.baseline as Results[string]
  const busy = results.loaded as Results[string]
  const usable = (m: readonly Measured[]) => median(m.map((x) => x.timings.usable))
  const verdict = (n: number) => (n <= TARGET_MS ? '**met**' : '**MISSED**')

  out.push(
    `Run of ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${RUNS} runs, ${fmt(seconds)} s in all.`,
    '',
    ...machineLine(chromiumVersion).map((line) => `- ${line}`),
    `- data: the Noto demo (\`kizuna init --demo\`) + ${seed.requests} requests (${seed.validated} validated), ${seed.consignmentsInFlight} consignments on the road and ${seed.consignmentsDelivered} delivered, ${seed.closedLegs} closed legs, one operation with its area — the **baseline**; the same + **${fmt(load.transfers)} ledger transfers** (${Object.entries(
      load.byReason,
    )
      .map(([reason, n]) => `${fmt(n)} ${reason}`)
      .join(
        ', ',
      )}; ${fmt(load.accounts)} stock accounts touched; written in ${fmt(load.seconds, 1)} s through LedgerWriter, batches of 1,000)`,
    '',
    `Usable, from navigation start, median of ${RUNS} (min–max), in ms:`,
    '',
  )
  row('screen', 'visit', 'baseline', `+ ${fmt(load.transfers)} transfers`, '÷ baseline', '≤ 2 s')
  row('---', '---', '---:', '---:', '---:', '---')
  for (const screen of screens) {
    for (const visit of ['cold', 'warm'] as const) {
      const a = base[screen.id][visit]
      const b = busy[screen.id][visit]
      row(
        screen.label,
        visit,
        `${fmt(usable(a))} (${range(a.map((x) => x.timings.usable))})`,
        `${fmt(usable(b))} (${range(b.map((x) => x.timings.usable))})`,
        `${(usable(b) / usable(a)).toFixed(2)}×`,
        screen.id === 'floor' ? '(floor)' : verdict(usable(b)),
      )
    }
  }
  out.push('', 'Where the time goes (medians, cold and warm visits together), in ms:', '')
  row(
    'screen',
    'node',
    'HTML in',
    'first paint',
    'API: server time (log) / first byte (browser) / size',
    'last answer → usable',
  )
  row('---', '---', '---:', '---:', '---', '---:')
  for (const screen of screens) {
    for (const [name, figures] of [
      ['baseline', base],
      ['+ transfers', busy],
    ] as const) {
      const all = [...figures[screen.id].cold, ...figures[screen.id].warm]
      const apis = apiPaths
        .map((path) => [path, apiFigures(all, path)] as const)
        .filter(([, f]) => f !== null)
        .map(
          ([path, f]) =>
            `${path} ${fmt(f?.serverMs ?? Number.NaN)} / ${fmt(f?.ttfbMs ?? Number.NaN)} / ${kib(f?.bytes ?? Number.NaN)}`,
        )
      row(
        screen.label,
        name,
        fmt(median(all.map((m) => m.timings.responseEnd ?? Number.NaN))),
        fmt(median(all.map((m) => m.timings.firstContentfulPaint ?? Number.NaN))),
        apis.join('; ') || '—',
        fmt(afterData(all)),
      )
    }
  }
  const verdicts = (['map', 'dashboard'] as const).map((id) => {
    const worst = Math.max(usable(busy[id].cold), usable(busy[id].warm))
    return `${id === 'map' ? 'map' : 'dashboard'} ${worst <= TARGET_MS ? 'met' : 'MISSED'} (${ms(worst)} at worst of the cold and warm medians)`
  })
  out.push(
    '',
    `Verdict against "usable within 2 seconds of navigation" with ${fmt(load.transfers)} transfers: ${verdicts.join('; ')}.`,
  )
  out.push(
    problems.length
      ? `Problems seen in the pages (${problems.length}): ${[...new Set(problems)].slice(0, 5).join('; ')}`
      : 'No page errors and no failed API calls in any visit.',
  )
  return out.join('\n')
}

const SECTION = '# Common operating picture (issue 8)'
const BEGIN = '<!-- bench:cop begin (written by npm run bench:cop) -->'
const END = '<!-- bench:cop end -->'

/** Replaces the generated part of the section (or adds the section at the end). */
function writeResults(text: string): void {
  const file = join(repoRoot, 'bench/RESULTS.md')
  const old = readFileSync(file, 'utf8')
  const generated = `${BEGIN}\n${text}\n${END}`
  const start = old.indexOf(BEGIN)
  const end = old.indexOf(END)
  const next =
    start >= 0 && end > start
      ? `${old.slice(0, start)}${generated}${old.slice(end + END.length)}`
      : `${old.trimEnd()}\n\n${SECTION}\n\n${generated}\n`
  writeFileSync(file, next)
}

// ——— main ———

/** The baseline node (demo + picture) and its copy with the ledger transfers. */
async function makeNodes(baseDb: string, loadedDb: string) {
  log('kizuna init --demo (the Noto demo, as npm start serves)')
  kizuna(['init', '--demo', '--db', baseDb])
  kizuna(
    ['user', 'create', user.username, '--role', 'admin', '--password-stdin', '--db', baseDb],
    `${user.password}\n`,
  )
  log('requests, consignments and closed legs through the API')
  const seeding = await startServer('baseline', baseDb)
  let seed: PictureSeed
  try {
    seed = await seedPicture(await signInByApi(seeding.baseUrl, user.username, user.password))
  } finally {
    await seeding.stop()
  }
  cpSync(dirname(baseDb), dirname(loadedDb), { recursive: true })
  log(`${fmt(TRANSFERS)} ledger transfers into a copy`)
  const load = await addLedgerLoad(
    loadedDb,
    join(dirname(loadedDb), 'kizuna.key'),
    seed.shelters,
    TRANSFERS,
  )
  return { seed, load }
}

async function main() {
  const t0 = performance.now()
  for (const built of ['dist/cli/main.js', 'dist/web/index.html'])
    if (!existsSync(join(repoRoot, built))) {
      console.error(`bench:cop needs the built app (${built} is missing): run \`npm run build\``)
      process.exit(2)
    }
  const chromiumPath = findChromium()
  const dir = REUSE ?? mkdtempSync(join(tmpdir(), 'kizuna-bench-cop-'))
  const servers: Server[] = []
  let browser: Browser | undefined
  try {
    const baseDb = join(dir, 'baseline', 'kizuna.sqlite')
    const loadedDb = join(dir, 'loaded', 'kizuna.sqlite')
    const made = join(dir, 'made.json')
    const { seed, load } = REUSE
      ? (JSON.parse(readFileSync(made, 'utf8')) as { seed: PictureSeed; load: LedgerLoad })
      : await makeNodes(baseDb, loadedDb)
    writeFileSync(made, JSON.stringify({ seed, load }))
    log('starting both nodes and Chromium')
    for (const [name, db] of [
      ['baseline', baseDb],
      ['loaded', loadedDb],
    ] as const) {
      const server = await startServer(name, db)
      servers.push(server)
      server.caller = await signInByApi(server.baseUrl, user.username, user.password)
    }
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs })
    const problems: string[] = []
    const results = await measure(browser, servers, problems)
    const text = report(
      results,
      seed,
      load,
      browser.version(),
      problems,
      (performance.now() - t0) / 1000,
    )
    console.log(`\n${SECTION}\n\n${text}\n`)
    if (WRITE) {
      writeResults(text)
      console.log('(written to bench/RESULTS.md)')
    }
  } finally {
    await browser?.close().catch(() => {})
    for (const server of servers) await server.stop()
    if (KEEP || REUSE) console.log(`kept: ${dir}`)
    else rmSync(dir, { recursive: true, force: true })
  }
}

await main()
