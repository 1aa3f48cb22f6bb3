/**
 * Transport in the browser, end to end: a real node, the built web app, Debian's Chromium. The route
 * network is derived first through the API (as the "Derive" button does). The harness's admin offers a
 * C-2 from the reference types (its figures filled in, the empty form refused by its fields) based at the
 * Komatsu hub, and marks it tasked; finds the fastest truck route from the Komatsu hub to an evacuation
 * site in Wajima, sees its legs in the table and drawn on the map; closes the route's last leg with a
 * reason (refused without one) and sees the route change; with every road into the site closed, the page
 * says there is no route and names the closed leg. The legs list filters closed legs and opens one again;
 * the screens are checked in Japanese; axe-core on the form, the route finder and the legs; screenshots
 * in test-results/screenshots/transport-*.png.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  type ApiSession,
  type Harness,
  seriousAccessibilityViolations,
  signIn,
  startHarness,
  switchLanguage,
  type TrackedPage,
} from './harness.js'

let harness: Harness
let admin: TrackedPage
let adminApi: ApiSession
/** An evacuation site in Wajima with only four road legs: few enough to cut them all. */
const siteCode = 'GSI:E1720400080201'
let site: string

beforeAll(async () => {
  harness = await startHarness()
  const { username, password } = harness.users.admin
  adminApi = await harness.apiSession(username, password)
  await api('POST', '/api/routes/derive')
  const places = (await api('GET', `/api/places?q=${encodeURIComponent(siteCode)}`)) as {
    places: { id: string; code: string }[]
  }
  site = places.places.find((place) => place.code === siteCode)?.id as string
  admin = await harness.newPage()
  await admin.page.goto('/transport')
  await signIn(admin.page, username, password)
}, 180_000)

afterAll(async () => {
  await harness?.close()
}, 60_000)

beforeEach(() => {
  admin.problems.length = 0
})

async function api(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${harness.baseUrl}${path}`, {
    method,
    headers: {
      ...adminApi.headers,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!response.ok)
    throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`)
  return response.json()
}

function heading(page: Page) {
  return page.getByRole('heading', { level: 1 })
}

async function choose(page: Page, combobox: string, text: string, option: RegExp | string) {
  await page.getByRole('combobox', { name: combobox }).fill(text)
  await page
    .getByRole('listbox', { name: combobox })
    .getByRole('option')
    .filter({ hasText: option })
    .first()
    .click()
}

function fieldError(page: Page, label: string) {
  return page
    .locator('.field-box', { has: page.getByLabel(new RegExp(`^${label}`)) })
    .locator('.field-error')
}

function routeRows(page: Page) {
  return page.locator('.route-table tbody tr')
}

async function routeLegs(page: Page): Promise<string[]> {
  await page.locator('.route-table[aria-busy="false"]').waitFor()
  return routeRows(page).evaluateAll((rows) =>
    rows.map((row) => row.getAttribute('data-leg') ?? ''),
  )
}

describe('transport in the browser', () => {
  it('offers an asset from a reference type and marks it tasked', async () => {
    const { page, problems } = admin
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Transport' })
      .click()
    await expect.poll(() => heading(page).textContent()).toBe('Route finder')
    await page
      .getByRole('navigation', { name: 'Transport' })
      .getByRole('link', { name: 'Assets' })
      .click()
    await page.waitForURL(/\/transport\/assets$/)
    await expect.poll(() => heading(page).textContent()).toBe('Transport assets')
    await page.getByRole('link', { name: 'Offer an asset' }).click()
    await page.waitForURL(/\/transport\/assets\/new$/)

    const save = page.getByRole('button', { name: 'Offer the asset' })
    await save.click()
    await expect
      .poll(() => fieldError(page, 'Name, tail or hull number').textContent())
      .toBe('Give a name, tail or hull number.')
    await expect.poll(() => fieldError(page, 'Kind').textContent()).toBe('Choose a kind.')
    await expect
      .poll(() => page.locator('.picker .field-error').textContent())
      .toBe('Choose the base.')

    await page.getByLabel('Reference type').selectOption('C-2')
    expect(await page.getByLabel('Kind').inputValue()).toBe('fixed-wing')
    expect(await page.getByRole('textbox', { name: 'Payload (kg)' }).inputValue()).toBe('36000')
    expect(await page.getByRole('textbox', { name: /^Cruise speed/ }).inputValue()).toBe('850')
    // Checked as typed with the server's schema: a speed beyond its ceiling says so before sending.
    const speed = page.getByRole('textbox', { name: /^Cruise speed/ })
    await speed.fill('9000')
    await expect.poll(() => fieldError(page, 'Cruise speed').textContent()).toBe('At most 3000.')
    expect(await speed.getAttribute('aria-invalid')).toBe('true')
    await speed.fill('850')
    await expect.poll(() => fieldError(page, 'Cruise speed').count()).toBe(0)
    await expect.poll(() => page.locator('.field-hint', { hasText: 'Source:' }).count()).toBe(1)
    await page.getByRole('textbox', { name: 'Name, tail or hull number' }).fill('JASDF C-2 68-1203')
    await choose(page, 'Base', 'KOMATSU', 'HUB:KOMATSU')
    await page.getByLabel(/^Available from/).fill('2030-01-10T09:00')
    await page.getByLabel(/^Available until/).fill('2030-01-20T17:00')
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await harness.screenshot(page, 'transport-asset-form-en')
    await save.click()
    await page.waitForURL(/\/transport\/assets$/)

    const row = page.locator('.asset-table tbody tr', { hasText: 'JASDF C-2 68-1203' })
    await expect.poll(() => row.locator('.asset-status').textContent()).toBe('Available')
    await expect.poll(() => row.textContent()).toContain('Komatsu Airport Relief Hub')
    expect(await row.textContent()).toContain('36,000 kg')
    await row.getByRole('button', { name: 'Change the status of JASDF C-2 68-1203' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel('Status').selectOption('tasked')
    await dialog.getByRole('textbox', { name: /^Note/ }).fill('Airlift to Noto until Friday')
    await dialog.getByRole('button', { name: 'Save status' }).click()
    await expect.poll(() => row.locator('.asset-status').textContent()).toBe('Tasked')
    expect(await row.textContent()).toContain('Airlift to Noto until Friday')
    await page.getByLabel('Kind').selectOption('truck')
    await expect.poll(() => page.locator('.asset-table tbody tr').count()).toBe(0)
    expect(problems).toEqual([])
  }, 30_000)

  it('finds a truck route, closes one of its legs and sees it change, then no route', async () => {
    const { page, problems } = admin
    await page.goto('/transport')
    await expect.poll(() => heading(page).textContent()).toBe('Route finder')
    await page.getByRole('button', { name: 'Find the fastest route' }).click()
    await expect
      .poll(() => fieldError(page, 'From').textContent())
      .toBe('Choose where the route starts.')
    await choose(page, 'From', 'KOMATSU', 'HUB:KOMATSU')
    await choose(page, 'To', siteCode, siteCode)
    expect(await page.getByLabel('Kind of asset').inputValue()).toBe('truck')
    await page.getByRole('button', { name: 'Find the fastest route' }).click()
    await page.waitForURL(/\/transport\?from=/)
    const before = await routeLegs(page)
    expect(before.length).toBeGreaterThan(2)
    // The places' names arrive after the route; the code stands in for them meanwhile.
    await expect
      .poll(() => page.locator('.route-result h2').textContent())
      .toMatch(/^Komatsu Airport Relief Hub → 輪島市立港公民館: \d+ h( \d+ min)?, [\d.,]+ km$/)
    const modes = await routeRows(page).locator('td:nth-child(2)').allTextContents()
    expect(new Set(modes)).toEqual(new Set(['Road']))
    // The route is drawn on the map, a line per leg.
    await expect
      .poll(() => page.evaluate('window.__kizunaRouteMap?.routeSegments()'))
      .toBe(before.length)
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await harness.screenshot(page, 'transport-route-en')

    // The last leg, into the site, is closed by a landslide: the route goes round it.
    const last = before.at(-1) as string
    await page
      .locator(`.route-table tr[data-leg="${last}"]`)
      .getByRole('button', { name: /^Close the leg Road: / })
      .click()
    const dialog = page.getByRole('dialog')
    const confirm = dialog.getByRole('button', { name: 'Close the leg' })
    // Said on leaving the empty reason, then again on trying to send without one.
    await dialog.getByRole('textbox', { name: 'Reason' }).blur()
    await expect
      .poll(() => fieldError(page, 'Reason').textContent())
      .toBe('Say why the leg is closed.')
    await confirm.click()
    await expect
      .poll(() => fieldError(page, 'Reason').textContent())
      .toBe('Say why the leg is closed.')
    await dialog.getByRole('textbox', { name: 'Reason' }).fill('Landslide on the port road')
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await confirm.click()
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toMatch(/^Closed: Road: /)
    await expect.poll(() => routeLegs(page)).not.toContain(last)
    await expect.poll(() => page.evaluate('window.__kizunaRouteMap?.closedSegments()')).toBe(1)

    // Every other road into the site cut too: no route, and the page says why.
    const legs = (await api('GET', `/api/legs?place=${site}&status=open`)) as {
      legs: { id: string }[]
    }
    expect(legs.legs.length).toBe(3)
    for (const leg of legs.legs)
      await api('POST', `/api/legs/${leg.id}/close`, { reason: 'Landslide on the coast road' })
    await page.getByRole('button', { name: 'Find the fastest route' }).click()
    const why = page.locator('.no-route')
    await expect
      .poll(() => why.textContent())
      .toMatch(/^No route: every route between these places is cut by closed legs:/)
    await expect
      .poll(() => why.locator('li').first().textContent())
      .toMatch(/^Road: .+ → .+ — closed: Landslide/)
    expect(await routeRows(page).count()).toBe(0)
    await expect.poll(() => page.evaluate('window.__kizunaRouteMap?.closedSegments()')).toBe(4)
    await harness.screenshot(page, 'transport-no-route-en')
    expect(
      problems.filter(
        (problem) => !(problem.includes('422') && problem.includes('routes/fastest')),
      ),
    ).toEqual([])
    expect(problems.some((problem) => problem.includes('422'))).toBe(true)
  }, 30_000)

  it('lists closed legs, opens one again, and reads in Japanese', async () => {
    const { page, problems } = admin
    await page.goto('/transport/legs')
    await expect.poll(() => heading(page).textContent()).toBe('Legs of the route network')
    await page.getByLabel('Status').selectOption('closed')
    await page.waitForURL(/status=closed/)
    const rows = page.locator('.leg-table tbody tr')
    await expect.poll(() => rows.count()).toBe(4)
    await expect.poll(() => rows.first().textContent()).toContain('輪島市立港公民館')
    const porter = rows.filter({ hasText: 'Landslide on the port road' })
    expect(await porter.count()).toBe(1)
    await porter.getByRole('button', { name: /^Open the leg Road: / }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByRole('textbox', { name: /^Reason/ }).fill('Cleared by the prefecture')
    await dialog.getByRole('button', { name: 'Open the leg' }).click()
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toMatch(/^Opened: Road: /)
    await expect.poll(() => rows.count()).toBe(3)
    // Searched on the server by a place's name: only the closed legs from or to it.
    const searchLegs = page.getByRole('searchbox', { name: 'Search legs' })
    await searchLegs.fill('輪島市立港')
    await page.waitForURL(/q=/)
    await expect.poll(() => rows.count()).toBeGreaterThan(0)
    for (const text of await rows.allTextContents()) expect(text).toContain('輪島市立港公民館')
    await searchLegs.fill('no such place')
    await expect
      .poll(() => page.locator('.leg-table + .empty').textContent())
      .toBe('No legs match these filters.')
    await searchLegs.fill('')
    await expect.poll(() => rows.count()).toBe(3)
    await page.getByLabel('Mode').selectOption('air')
    await expect
      .poll(() => page.locator('.leg-table + .empty').textContent())
      .toBe('No legs match these filters.')
    expect(await seriousAccessibilityViolations(page)).toEqual([])

    await switchLanguage(page, 'ja')
    await expect.poll(() => heading(page).textContent()).toBe('経路網の区間')
    await page
      .getByRole('navigation', { name: '輸送' })
      .getByRole('link', { name: '経路検索' })
      .click()
    await expect.poll(() => heading(page).textContent()).toBe('経路検索')
    await choose(page, '出発地', 'KOMATSU', 'HUB:KOMATSU')
    await choose(page, '到着地', siteCode, siteCode)
    await page.getByRole('button', { name: '最速経路を検索' }).click()
    // The leg opened again lets the truck through.
    await expect.poll(() => routeRows(page).count()).toBeGreaterThan(2)
    expect(await routeRows(page).first().locator('td:nth-child(2)').textContent()).toBe('陸路')
    expect(await page.locator('.route-result h2').textContent()).toMatch(/\d+時間(\d+分)?、/)
    expect(await page.locator('.route-map-legend').textContent()).toContain('通行止め区間')
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await harness.screenshot(page, 'transport-route-ja')
    await switchLanguage(page, 'en')
    expect(problems).toEqual([])
  }, 30_000)
})
