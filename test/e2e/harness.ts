/**
 * @module test/e2e/harness
 * Runs the real thing for browser tests: a Kizuna node (`node bin/kizuna.js serve --demo`) on a temporary
 * database and a free loopback port, and Debian's Chromium driven by playwright-core. Builds nothing: the
 * `test:e2e` script builds first. Its database is a copy of the suite's demo node, which the CLI initialised
 * with an admin and a viewer of known passwords (node-template.ts, made once in global-setup.ts); a test's
 * own users are created on the copy with the CLI before the node starts. `signIn` signs a page
 * in through the sign-in screen. Every page it opens records console errors, page errors, failed
 * requests, HTTP errors and requests that leave the node (the app must work offline), so tests can assert
 * there were none. Screenshots go to test-results/screenshots/.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type Browser,
  type BrowserContext,
  chromium,
  type Locator,
  type Page,
} from 'playwright-core'
import { expect, inject } from 'vitest'
import {
  copyNodeTemplate,
  createUsers,
  defaultUsers,
  type HarnessUser,
  repoRoot,
} from './node-template.js'

export { defaultUsers, type HarnessUser, repoRoot }

export const screenshotDir = join(repoRoot, 'test-results', 'screenshots')

const healthTimeoutMs = 120_000
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
]

export interface TrackedPage {
  page: Page
  context: BrowserContext
  /** Everything that went wrong on this page so far, one line each. */
  problems: string[]
}

export interface NewPageOptions {
  /** The browser's language (navigator.language); the app's default language follows it. */
  locale?: string
  viewport?: { width: number; height: number }
  /** Where the browser says it is (navigator.geolocation); give 'geolocation' in `permissions` too. */
  geolocation?: { latitude: number; longitude: number; accuracy?: number }
  /** Permissions granted to the node's origin, e.g. ['geolocation']. */
  permissions?: string[]
}

export interface HarnessOptions {
  /** More users to create with the CLI before the node starts (beside the default admin and viewer). */
  users?: HarnessUser[]
  /** More Chromium flags, after the usual ones (e.g. a fake camera fed from a file). */
  chromiumArgs?: string[]
}

/** A session made outside the browser, for fetch from the test: send `headers` with each request. */
export interface ApiSession {
  headers: { cookie: string; 'x-csrf-token': string }
  session: { user: { id: string; username: string; roles: string[] }; csrfToken: string }
}

export interface Harness {
  baseUrl: string
  /** The node's SQLite file (its key beside it): for the CLI, e.g. `kizuna verify --db`. */
  database: string
  users: typeof defaultUsers
  browser: Browser
  /** A fresh browser context (empty localStorage) with one page that records its problems. */
  newPage(options?: NewPageOptions): Promise<TrackedPage>
  /** Saves a screenshot of the page as test-results/screenshots/<name>.png and returns the path. */
  screenshot(page: Page, name: string): Promise<string>
  /** Signs in by the API (POST /api/auth/login) and returns the cookie and CSRF header to send. */
  apiSession(username: string, password: string): Promise<ApiSession>
  /** What the server printed so far (stdout and stderr). */
  serverOutput(): string
  close(): Promise<void>
}

/** Debian's Chromium, or a clear failure: CI installs it, so a missing browser is an error, not a skip. */
export function findChromium(): string {
  try {
    const path = execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim()
    if (path) return path
  } catch {
    // fall through
  }
  throw new Error(
    "Chromium is not on PATH, and the browser tests need it. Install Debian's package: `apt-get install -y chromium` (CI installs it).",
  )
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => (port ? resolvePort(port) : reject(new Error('no free port'))))
    })
  })
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const chromiumPath = findChromium()
  const dir = await mkdtemp(join(tmpdir(), 'kizuna-e2e-'))
  const db = join(dir, 'kizuna.sqlite')
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  let output = ''
  let server: ChildProcess | undefined
  let browser: Browser | undefined
  const contexts = new Set<BrowserContext>()

  const cleanUp = async () => {
    for (const context of contexts) await context.close().catch(() => {})
    await browser?.close().catch(() => {})
    if (server) await stopProcess(server)
    await rm(dir, { recursive: true, force: true })
  }

  try {
    copyNodeTemplate(inject('nodeTemplate'), db)
    createUsers(db, options.users ?? [])
    server = spawn(
      process.execPath,
      ['bin/kizuna.js', 'serve', '--demo', '--db', db, '--port', String(port)],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
    )
    server.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    server.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    await waitForHealth(baseUrl, server, () => output)
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [...chromiumArgs, ...(options.chromiumArgs ?? [])],
    })
  } catch (error) {
    await cleanUp()
    throw error
  }
  await mkdir(screenshotDir, { recursive: true })
  const launched = browser

  return {
    baseUrl,
    database: db,
    users: defaultUsers,
    browser: launched,
    async newPage({
      locale = 'en-US',
      viewport = { width: 1280, height: 800 },
      geolocation,
      permissions,
    } = {}) {
      const context = await launched.newContext({
        baseURL: baseUrl,
        locale,
        timezoneId: 'Asia/Tokyo',
        viewport,
        ...(geolocation ? { geolocation } : {}),
        ...(permissions ? { permissions } : {}),
      })
      contexts.add(context)
      const page = await context.newPage()
      return { page, context, problems: recordProblems(page, baseUrl) }
    },
    async screenshot(page, name) {
      const path = join(screenshotDir, `${name}.png`)
      await page.screenshot({ path })
      return path
    },
    async apiSession(username, password) {
      const response = await fetch(`${baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      })
      if (response.status !== 200)
        throw new Error(
          `sign-in of ${username} by the API: HTTP ${response.status} ${await response.text()}`,
        )
      const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
      const session = (await response.json()) as ApiSession['session']
      return { headers: { cookie, 'x-csrf-token': session.csrfToken }, session }
    },
    serverOutput: () => output,
    close: cleanUp,
  }
}

/** "Am I signed in?" answered "no" is how the app learns to show the sign-in screen: not a problem. */
function isAnonymousSessionCheck(url: string, status: number | undefined): boolean {
  return status === 401 && new URL(url).pathname === '/api/auth/session'
}

function recordProblems(page: Page, baseUrl: string): string[] {
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() !== 'error') return
    const where = message.location().url
    // Chromium's own log line about that answer.
    if (where && isAnonymousSessionCheck(where, 401) && message.text().includes('401')) return
    problems.push(`console error: ${message.text()} (${where})`)
  })
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  page.on('request', (request) => {
    const url = request.url()
    if (!url.startsWith(baseUrl) && !url.startsWith('data:'))
      problems.push(`request left the node: ${url}`)
  })
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? 'failed'
    // The app aborts fetches it no longer needs (a newer search, a moved map): not a failure.
    if (reason.includes('ERR_ABORTED')) return
    problems.push(`request failed: ${request.method()} ${request.url()}: ${reason}`)
  })
  page.on('response', (response) => {
    if (
      response.request().method() === 'GET' &&
      isAnonymousSessionCheck(response.url(), response.status())
    )
      return
    if (response.status() >= 400) {
      problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`)
    }
  })
  return problems
}

async function waitForHealth(
  baseUrl: string,
  server: ChildProcess,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + healthTimeoutMs
  let exited: string | undefined
  server.once('exit', (code, signal) => {
    exited = signal ? `signal ${signal}` : `exit code ${code}`
  })
  let lastError = ''
  while (Date.now() < deadline) {
    if (exited) {
      throw new Error(
        `the Kizuna server stopped before it answered /api/health (${exited}). Its output:\n${output()}`,
      )
    }
    try {
      const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) })
      if (response.ok) return
      lastError = `HTTP ${response.status}`
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error)
    }
    await new Promise((done) => setTimeout(done, 250))
  }
  throw new Error(
    `the Kizuna server did not answer ${baseUrl}/api/health within ${healthTimeoutMs / 1000} s (last: ${lastError}). Its output:\n${output()}`,
  )
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
}

/**
 * Signs the page in through the sign-in screen (in either language) and waits until the app shows who
 * is signed in. A page still on about:blank is sent to /sign-in first; a page the app is sending to the
 * sign-in screen (with ?next=) stays, so it returns where it was going.
 */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  if (page.url() === 'about:blank') await page.goto('/sign-in')
  const usernameField = page.locator('input[name="username"]')
  await usernameField.waitFor()
  await usernameField.fill(username)
  await page.locator('input[name="password"]').fill(password)
  await page.locator('.sign-in-card button[type="submit"]').click()
  await page.locator('.top-bar .account').waitFor()
  await page.waitForURL((url) => url.pathname !== '/sign-in')
}

/** Clicks the English/日本語 switch and waits until the app has changed language. */
export async function switchLanguage(page: Page, to: 'en' | 'ja'): Promise<void> {
  await page.getByRole('button', { name: to === 'ja' ? '日本語' : 'English', exact: true }).click()
  await expect.poll(() => page.evaluate('document.documentElement.lang')).toBe(to)
}

let axeSource: string | undefined

/** axe-core's serious and critical violations on the page as it is, one line each. */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  // Evaluated, not added as a <script>: the node's Content-Security-Policy refuses inline scripts.
  axeSource ??= await readFile(join(repoRoot, 'node_modules/axe-core/axe.min.js'), 'utf8')
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(axeSource)
  const results = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as {
    violations: {
      id: string
      impact: string | null
      help: string
      nodes: { target: unknown[] }[]
    }[]
  }
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.impact} ${violation.id}: ${violation.help} — ${violation.nodes
          .slice(0, 5)
          .map((node) => JSON.stringify(node.target))
          .join(', ')}`,
    )
}

/**
 * The problem a field says, read as assistive technology does: the texts of the `.field-error`
 * elements its aria-describedby names, or null when it names none.
 */
export async function describedProblem(field: Locator): Promise<string | null> {
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean)
  const texts: string[] = []
  for (const id of ids) {
    const found = field.page().locator(`[id="${id}"].field-error`)
    if ((await found.count()) > 0) texts.push((await found.textContent()) ?? '')
  }
  return texts.length > 0 ? texts.join(' ') : null
}

/** A field says `message` as typed (aria-invalid, tied by aria-describedby) and nothing once corrected. */
export async function expectProblemAsTyped(
  field: Locator,
  wrong: string,
  message: string | RegExp,
  right: string,
): Promise<void> {
  await field.fill(wrong)
  await expect.poll(() => describedProblem(field)).toMatch(message)
  expect(await field.getAttribute('aria-invalid')).toBe('true')
  await field.fill(right)
  await expect.poll(() => describedProblem(field)).toBeNull()
  expect(await field.getAttribute('aria-invalid')).toBeNull()
}
