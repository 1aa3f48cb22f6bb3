/**
 * @module test/e2e/harness
 * Runs the real thing for browser tests: a Kizuna node (`node bin/kizuna.js serve --demo`) on a temporary
 * database and a free loopback port, and Debian's Chromium driven by playwright-core. Builds nothing: the
 * `test:e2e` script builds first. Every page it opens records console errors, page errors, failed
 * requests, HTTP errors and requests that leave the node (the app must work offline), so tests can assert
 * there were none. Screenshots go to test-results/screenshots/.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'

export const repoRoot = resolve(fileURLToPath(import.meta.url), '../../..')
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
}

export interface Harness {
  baseUrl: string
  browser: Browser
  /** A fresh browser context (empty localStorage) with one page that records its problems. */
  newPage(options?: NewPageOptions): Promise<TrackedPage>
  /** Saves a screenshot of the page as test-results/screenshots/<name>.png and returns the path. */
  screenshot(page: Page, name: string): Promise<string>
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

export async function startHarness(): Promise<Harness> {
  const chromiumPath = findChromium()
  const dir = await mkdtemp(join(tmpdir(), 'kizuna-e2e-'))
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
    server = spawn(
      process.execPath,
      [
        'bin/kizuna.js',
        'serve',
        '--demo',
        '--db',
        join(dir, 'kizuna.sqlite'),
        '--port',
        String(port),
      ],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
    )
    server.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    server.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    await waitForHealth(baseUrl, server, () => output)
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs })
  } catch (error) {
    await cleanUp()
    throw error
  }
  await mkdir(screenshotDir, { recursive: true })
  const launched = browser

  return {
    baseUrl,
    browser: launched,
    async newPage({ locale = 'en-US', viewport = { width: 1280, height: 800 } } = {}) {
      const context = await launched.newContext({
        baseURL: baseUrl,
        locale,
        timezoneId: 'Asia/Tokyo',
        viewport,
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
    serverOutput: () => output,
    close: cleanUp,
  }
}

function recordProblems(page: Page, baseUrl: string): string[] {
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error')
      problems.push(`console error: ${message.text()} (${message.location().url})`)
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
