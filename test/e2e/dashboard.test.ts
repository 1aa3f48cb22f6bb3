/**
 * The dashboard in the browser, end to end: a real node with the demo hubs and stock, plus a request
 * (in an operation) validated through the API and part of it dispatched from Komatsu on the road to
 * Kanazawa port, due within the hour. The page draws its charts (each an image with an accessible
 * name), shows their numbers when "Show table" is opened (the API's numbers, written the English or
 * the Japanese way), lists the consignment due soon with a link to it, downloads a figure's CSV,
 * narrows to the operation through the address, fits a tablet, and has no serious axe violations.
 * Screenshots: test-results/screenshots/dashboard-*.png.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DashboardView } from '../../src/contract/dashboard.js'
import {
  type ApiSession,
  type Harness,
  screenshotDir,
  seriousAccessibilityViolations,
  signIn,
  startHarness,
  switchLanguage,
  type TrackedPage,
} from './harness.js'

let harness: Harness
let admin: TrackedPage
let adminApi: ApiSession
const ids = { komatsu: '', port: '', water: '', org: '', operation: '', consignment: '' }

async function api(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${harness.baseUrl}${path}`, {
    method,
    headers: { ...adminApi.headers, 'content-type': 'application/json' },
    ...(method === 'POST' ? { body: JSON.stringify(body ?? {}) } : {}),
  })
  expect(response.status, `${method} ${path}: ${response.status}`).toBeLessThan(300)
  return response.json()
}

const panel = (page: Page, figure: string) => page.locator(`[data-figure="${figure}"]`)

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true })
}

/** The cells of a figure's table row whose header cell starts with `row`, as text. */
async function rowCells(page: Page, figure: string, row: string): Promise<string[]> {
  return panel(page, figure)
    .locator('tbody tr')
    .filter({ has: page.locator('th', { hasText: row }) })
    .first()
    .locator('td')
    .allTextContents()
}

beforeAll(async () => {
  harness = await startHarness()
  const { username, password } = harness.users.admin
  adminApi = await harness.apiSession(username, password)
  const places = (await api('GET', '/api/places?type=hub&limit=50')) as {
    places: { id: string; code: string }[]
  }
  ids.komatsu = places.places.find((p) => p.code === 'HUB:KOMATSU')?.id ?? ''
  ids.port = places.places.find((p) => p.code === 'HUB:KANAZAWA-PORT')?.id ?? ''
  const items = (await api('GET', '/api/items?q=KZ-WASH-001&limit=5')) as {
    items: { id: string; code: string }[]
  }
  ids.water = items.items.find((i) => i.code === 'KZ-WASH-001')?.id ?? ''
  ids.org = ((await api('GET', '/api/auth/session')) as { org: { id: string } }).org.id
  ids.operation = (
    (await api('POST', '/api/operations', { name: 'Noto e2e', startedOn: '2026-01-01' })) as {
      id: string
    }
  ).id
  const request = (await api('POST', '/api/requests', {
    destination: ids.port,
    operation: ids.operation,
    neededBy: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    lines: [{ kind: 'item', item: ids.water, quantity: 500, priority: 'life-saving' }],
  })) as { id: string; lines: { id: string }[] }
  await api('POST', `/api/requests/${request.id}/submit`)
  await api('POST', `/api/requests/${request.id}/validate`)
  // The fastest road route between the two hubs (the demo's derived network) gives the ETA at dispatch.
  const road = (await api(
    'GET',
    `/api/routes/fastest?from=${ids.komatsu}&to=${ids.port}&kind=truck`,
  )) as { steps: { leg: string | null }[]; minutes: number }
  expect(road.steps.length).toBeGreaterThan(0)
  expect(road.minutes).toBeLessThan(24 * 60)
  const consignment = (await api('POST', '/api/consignments', {
    origin: ids.komatsu,
    destination: ids.port,
    route: road.steps.map((step) => step.leg),
    lines: [
      {
        item: ids.water,
        owner: ids.org,
        quantity: 200,
        request: request.id,
        requestLine: request.lines[0]?.id,
      },
    ],
  })) as { id: string }
  ids.consignment = consignment.id
  await api('POST', `/api/consignments/${consignment.id}/dispatch`)
  expect(Object.values(ids).every(Boolean), JSON.stringify(ids)).toBe(true)

  admin = await harness.newPage()
  await admin.page.goto('/dashboard')
  await signIn(admin.page, username, password)
}, 180_000)

afterAll(async () => {
  await harness?.close()
}, 60_000)

describe('the dashboard in the browser', () => {
  it('draws the charts in English with their numbers behind "Show table"', async () => {
    const { page, problems } = admin
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard')
    await panel(page, 'stock').locator('svg[role="img"]').waitFor()
    const labels = await page
      .locator('svg[role="img"]')
      .evaluateAll((all) => all.map((svg) => svg.getAttribute('aria-label') ?? ''))
    expect(labels).toHaveLength(4) // stock, pipeline, unmet, contributions
    expect(labels[0]).toMatch(/^Stacked bars: weight in kg of the stock held at \d+ places/)
    expect(labels[1]).toMatch(/^Line chart of the quantities requested/)

    const zone = await page.evaluate('Intl.DateTimeFormat().resolvedOptions().timeZone')
    const figures = (await api(
      'GET',
      `/api/dashboard?days=14&zone=${encodeURIComponent(String(zone))}`,
    )) as DashboardView
    const komatsuWash = figures.stock.rows.find(
      (r) => r.place.code === 'HUB:KOMATSU' && r.category === 'wash',
    )
    expect(komatsuWash?.pending).toBe(0)
    const en = (n: number, digits = 0) =>
      new Intl.NumberFormat('en-GB', { maximumFractionDigits: digits }).format(n)

    await panel(page, 'stock').getByText('Show table').click()
    const stockRows = panel(page, 'stock').locator('tbody tr')
    const washRow = stockRows.filter({ hasText: 'Water, sanitation and hygiene' }).filter({
      hasText: 'Komatsu',
    })
    expect(await washRow.locator('td').allTextContents()).toEqual([
      'Water, sanitation and hygiene',
      en(komatsuWash?.posted ?? -1),
      '0',
      en(komatsuWash?.available ?? -1),
      en(komatsuWash?.weightKg ?? -1, 3),
      en(komatsuWash?.volumeM3 ?? -1, 3),
    ])

    // Today in the pipeline: 500 requested and validated, 200 planned and dispatched.
    await panel(page, 'pipeline').getByText('Show table').click()
    const today = await panel(page, 'pipeline')
      .locator('tbody tr')
      .last()
      .locator('td')
      .allTextContents()
    expect(today).toEqual(['500', '500', '200', '200', '0'])

    await panel(page, 'unmet').getByText('Show table').click()
    expect(await rowCells(page, 'unmet', 'Life-saving')).toEqual(['500', '1,050', '1'])

    // The consignment due soon, linked to its page.
    const due = panel(page, 'consignments').locator(`tr[data-consignment="${ids.consignment}"]`)
    expect(await due.locator('td').first().textContent()).toMatch(/^Due soon in \d+ h \d+ min$/)
    expect(await due.getByRole('link').getAttribute('href')).toBe(
      `/consignments/${ids.consignment}`,
    )
    expect(await due.locator('time').textContent()).toMatch(/GMT\+9|JST/)

    await panel(page, 'contributions').getByText('Show table').click()
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await shot(page, 'dashboard-en')
    expect(problems).toEqual([])
  })

  it("downloads a figure's table as CSV from its link", async () => {
    const { page, problems } = admin
    const link = page.getByRole('link', { name: /^Download CSV ?: ?Stock by hub and category$/ })
    expect(await link.getAttribute('href')).toMatch(/^\/api\/dashboard\/stock\.csv\?days=14&zone=/)
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
    expect(download.suggestedFilename()).toMatch(/^kizuna-dashboard-stock-\d{4}-\d{2}-\d{2}\.csv$/)
    const text = await readFile(await download.path(), 'utf8')
    const [header, ...rows] = text.trimEnd().split('\r\n')
    expect(header).toBe(
      'Place code,Place,Place (Japanese),Category,Posted,Pending,Available,Weight (kg),Volume (m3)',
    )
    expect(rows.some((row) => row.startsWith('HUB:KOMATSU,Komatsu Airport Relief Hub,'))).toBe(true)
    expect(rows.length).toBe(await panel(page, 'stock').locator('tbody tr').count())
    expect(problems).toEqual([])
  })

  it('narrows to an operation through the address, and reads in Japanese', async () => {
    const { page, problems } = admin
    await page.getByLabel('Operation', { exact: true }).selectOption(ids.operation)
    await page.waitForURL((url) => url.searchParams.get('operation') === ids.operation)
    await expect
      .poll(() => panel(page, 'unmet').getByText('Only the chosen operation.').count())
      .toBe(1)
    await switchLanguage(page, 'ja')
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('ダッシュボード')
    expect(
      await panel(page, 'stock').locator('svg[role="img"]').getAttribute('aria-label'),
    ).toMatch(/^積み上げ棒グラフ/)
    await panel(page, 'unmet').getByText('表を表示').click()
    expect(await rowCells(page, 'unmet', '救命')).toEqual(['500', '1,050', '1'])
    expect(await panel(page, 'consignments').locator('td').first().textContent()).toMatch(
      /^まもなく到着 あと \d+ 時間 \d+ 分$/,
    )
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await shot(page, 'dashboard-ja')
    await switchLanguage(page, 'en')
    expect(problems).toEqual([])
  })

  it('fits a tablet without sideways scrolling', async () => {
    const { page, problems } = admin
    await page.setViewportSize({ width: 800, height: 1180 })
    await page.goto('/dashboard')
    await panel(page, 'contributions').locator('svg[role="img"]').waitFor()
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(
      true,
    )
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await shot(page, 'dashboard-tablet')
    expect(problems).toEqual([])
  })
})
