/**
 * Places in the browser, end to end: a real node on a temporary database, the built web app, Debian's
 * Chromium. Checks the map of Noto, the English/日本語 switch, finding a Wajima shelter by its Japanese
 * name, a place's record, the items list, accessibility (axe-core) and that nothing logs an error or
 * reaches past the node. Screenshots: test-results/screenshots/.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { healthSchema } from '../../src/contract/common.js'
import { itemListSchema } from '../../src/contract/items.js'
import { placeListSchema, placeSchema } from '../../src/contract/places.js'
import {
  type Harness,
  repoRoot,
  seriousAccessibilityViolations,
  signIn,
  startHarness,
  switchLanguage,
  type TrackedPage,
} from './harness.js'

const navLabels = {
  en: [
    'Map',
    'Dashboard',
    'Places',
    'Stock',
    'Requests',
    'Operations',
    'Needs',
    'Pledges',
    'Plans',
    'Proposals',
    'Transport',
    'Consignments',
    'Scan',
    'Items',
    'Partners',
  ],
  ja: [
    '地図',
    'ダッシュボード',
    '地点',
    '在庫',
    '要請',
    'オペレーション',
    '必要量',
    '支援申出',
    '配分計画',
    '提案',
    '輸送',
    '輸送便',
    'スキャン',
    '品目',
    'パートナー',
  ],
}
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

let harness: Harness

beforeAll(async () => {
  harness = await startHarness()
}, 180_000)

afterAll(async () => {
  await harness?.close()
}, 60_000)

/** A shelter in Wajima (輪島市) from the bundled GSI data, or a well-known one if the file is not there. */
function wajimaShelter(): { nameJa: string; code: string | null } {
  const file = join(repoRoot, 'data/places/shelters.csv')
  if (existsSync(file)) {
    const rows = parse(readFileSync(file), {
      columns: true,
      bom: true,
      skip_empty_lines: true,
    }) as Record<string, string>[]
    const row = rows.find(
      (each) => each.municipality === '輪島市' && each.type === 'shelter' && each.name_ja,
    )
    if (row?.name_ja) return { nameJa: row.name_ja, code: row.code ?? null }
  }
  return { nameJa: '輪島市役所', code: null }
}

function nav(page: Page) {
  return page.getByRole('navigation', { name: /^(Main|メイン)$/ })
}

/** A fresh page at `path`, signed in as the admin on the way (the app returns to `path` afterwards). */
async function open(
  path: string,
  options?: Parameters<Harness['newPage']>[0],
): Promise<TrackedPage> {
  const tracked = await harness.newPage(options)
  await tracked.page.goto(path)
  await signIn(tracked.page, harness.users.admin.username, harness.users.admin.password)
  await tracked.page.waitForURL((url) => url.pathname + url.search === path)
  return tracked
}

/**
 * Waits until the map has drawn more than `min` places. Polled from here with page.evaluate: the node's
 * Content-Security-Policy (no 'unsafe-eval') refuses waitForFunction's string predicates.
 */
async function waitForMapPoints(page: Page, min: number): Promise<void> {
  await expect.poll(() => pointCount(page), { timeout: 60_000, interval: 250 }).toBeGreaterThan(min)
}

async function pointCount(page: Page): Promise<number> {
  return (await page.evaluate('window.__kizunaMap ? window.__kizunaMap.pointCount() : 0')) as number
}

describe('the web app against a real node', () => {
  it('answers the API in the shapes of src/contract, and serves the app for its own paths', async () => {
    const { admin } = harness.users
    const { headers } = await harness.apiSession(admin.username, admin.password)
    const get = async (path: string) => {
      const response = await fetch(`${harness.baseUrl}${path}`, {
        headers: { cookie: headers.cookie },
      })
      return {
        status: response.status,
        type: response.headers.get('content-type') ?? '',
        body: await response.text(),
      }
    }
    const health = await get('/api/health')
    expect(health.status).toBe(200)
    expect(healthSchema.safeParse(JSON.parse(health.body)).error).toBeUndefined()

    const places = await get(`/api/places?q=${encodeURIComponent('輪島')}&type=shelter&limit=5`)
    expect(places.status).toBe(200)
    const placeList = placeListSchema.safeParse(JSON.parse(places.body))
    expect(placeList.error).toBeUndefined()
    expect(placeList.data?.total).toBeGreaterThan(0)

    const first = placeList.data?.places[0]
    const one = await get(`/api/places/${first?.id}`)
    expect(one.status).toBe(200)
    expect(placeSchema.safeParse(JSON.parse(one.body)).error).toBeUndefined()

    const items = await get('/api/items?limit=5')
    expect(items.status).toBe(200)
    expect(itemListSchema.safeParse(JSON.parse(items.body)).error).toBeUndefined()

    const app = await get('/places/not-a-route-of-the-server')
    expect(app.status).toBe(200)
    expect(app.type).toContain('text/html')
    expect(app.body).toContain('<div id="root">')

    const unknownApi = await get('/api/no-such-thing')
    expect(unknownApi.status).toBe(404)
    expect(JSON.parse(unknownApi.body)).toMatchObject({
      error: { code: expect.any(String), message: expect.any(String) },
    })
  })

  it('draws more than 1,000 places on the offline map of Noto, and a marker opens its record', async () => {
    const { page, problems } = await open('/')
    await waitForMapPoints(page, 1000)
    expect(await pointCount(page)).toBeGreaterThan(1000)
    await expect
      .poll(() => page.locator('.map-status').textContent())
      .toMatch(/places shown|Showing/)
    await harness.screenshot(page, 'map-en')

    // Click the topmost marker inside the view (canvas markers are not DOM elements: click at its pixel).
    const point = (await page.evaluate(`(() => {
      const map = window.__kizunaMap.map
      const bounds = map.getBounds().pad(-0.1)
      let found = null
      map.eachLayer((layer) => {
        if (typeof layer.getRadius === 'function' && bounds.contains(layer.getLatLng())) found = layer
      })
      const p = map.latLngToContainerPoint(found.getLatLng())
      return { x: p.x, y: p.y }
    })()`)) as { x: number; y: number }
    const box = await page.locator('.map').boundingBox()
    if (!box) throw new Error('the map has no box')
    await page.mouse.click(box.x + point.x, box.y + point.y)
    const link = page.locator('.leaflet-popup').getByRole('link', { name: 'Open record' })
    await link.waitFor()
    await expect
      .poll(() =>
        page.evaluate("getComputedStyle(document.querySelector('.leaflet-popup')).opacity"),
      )
      .toBe('1')
    await harness.screenshot(page, 'map-popup-en')
    await link.click()
    await page.waitForURL(/\/places\/[0-9a-f-]{36}$/)
    await page.locator('.place-detail').waitFor()

    expect(problems).toEqual([])
  })

  it('switches every navigation label to Japanese at once, and remembers the choice', async () => {
    const { page, problems } = await open('/places')
    await expect.poll(() => nav(page).getByRole('link').allTextContents()).toEqual(navLabels.en)
    expect(await page.evaluate('document.documentElement.lang')).toBe('en')
    await expect.poll(() => page.locator('.node-id').textContent()).toMatch(/^Node \S+/)

    await switchLanguage(page, 'ja')
    await expect.poll(() => nav(page).getByRole('link').allTextContents()).toEqual(navLabels.ja)
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('地点')
    await expect.poll(() => page.getByRole('columnheader').first().textContent()).toContain('名称')

    await page.reload()
    await expect.poll(() => nav(page).getByRole('link').allTextContents()).toEqual(navLabels.ja)
    expect(await page.evaluate('document.documentElement.lang')).toBe('ja')

    await switchLanguage(page, 'en')
    await expect.poll(() => nav(page).getByRole('link').allTextContents()).toEqual(navLabels.en)
    expect(problems).toEqual([])
  })

  it('finds a Wajima shelter by its Japanese name, in Japanese, and opens its record', async () => {
    const shelter = wajimaShelter()
    const { page, problems } = await open('/')
    await switchLanguage(page, 'ja')
    await nav(page).getByRole('link', { name: '地点' }).click()
    await page.waitForURL(/\/places$/)

    const search = page.getByRole('searchbox', { name: '地点を検索' })
    await search.fill('輪島')
    const wajimaRow = page.getByRole('row').filter({ hasText: '輪島市' }).first()
    await wajimaRow.waitFor()
    await expect.poll(() => page.locator('.pager-range').textContent()).toMatch(/^[\d,]+件中 1–/)
    await harness.screenshot(page, 'places-wajima-ja')

    await search.fill(shelter.nameJa)
    // The search reaches the address (and the server) after its debounce; then the table settles.
    await expect.poll(() => page.url()).toContain(`q=${encodeURIComponent(shelter.nameJa)}`)
    await page.locator('table[aria-busy="false"]').waitFor()
    const row = page
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: shelter.nameJa, exact: true }) })
    await row.first().waitFor()
    const cells = await row.first().getByRole('cell').allTextContents()
    expect(cells[0]).toBe(shelter.nameJa)
    expect(cells[1]).toBe('避難所')
    expect(cells[2]).toBe('輪島市')
    if (shelter.code) expect(cells[5]).toBe(shelter.code)
    await harness.screenshot(page, 'places-shelter-ja')

    await row.first().getByRole('link', { name: shelter.nameJa, exact: true }).click()
    await page.waitForURL(/\/places\/[0-9a-f-]{36}$/)
    expect(page.url().split('/').pop()).toMatch(uuid)
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe(shelter.nameJa)
    await page.locator('.mini-map canvas').first().waitFor()
    await harness.screenshot(page, 'place-shelter-ja')

    await page.goBack()
    await expect.poll(() => search.inputValue()).toBe(shelter.nameJa)
    expect(problems).toEqual([])
  })

  it('sorts on the server by a column header, announced through aria-sort', async () => {
    const { page, problems } = await open('/places?type=airport')
    const header = page.getByRole('columnheader', { name: /Capacity/ })
    await page.getByRole('row').nth(1).waitFor()
    expect(await header.getAttribute('aria-sort')).toBe('none')
    await header.getByRole('button').click()
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending')
    expect(page.url()).toContain('sort=capacity')
    await header.getByRole('button').click()
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending')
    expect(page.url()).toContain('sort=-capacity')
    await harness.screenshot(page, 'places-airports-en')
    expect(problems).toEqual([])
  })

  it('lists items with unit weights in kg and translated categories', async () => {
    const { page, problems } = await open('/items')
    await page.getByRole('row').nth(1).waitFor()
    await expect
      .poll(() => page.locator('tbody td.number').allTextContents())
      .toContainEqual(expect.stringMatching(/ kg$/))
    await harness.screenshot(page, 'items-en')

    // A kit names what it holds (resolved from the catalog), with the component codes.
    await page.getByRole('searchbox', { name: 'Search items' }).fill('KZ-KIT-001')
    const kit = page.getByRole('row').filter({ hasText: 'KZ-KIT-001' })
    await expect
      .poll(() => kit.locator('.kit').textContent())
      .toMatch(/^Kit contents:\s*13 × \S.* \(KZ-WASH-018\)/)
    await page.getByRole('searchbox', { name: 'Search items' }).fill('')
    await expect.poll(() => page.getByRole('row').count()).toBeGreaterThan(10)
    await switchLanguage(page, 'ja')
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('品目')
    await harness.screenshot(page, 'items-ja')
    expect(problems).toEqual([])
  })

  it("shows the API's error message plainly", async () => {
    const missing = '00000000-0000-4000-8000-000000000000'
    const { page, problems } = await open(`/places/${missing}`)
    const alert = page.getByRole('alert')
    await expect.poll(() => alert.textContent()).toContain(`no place ${missing}`)
    expect(await alert.getByRole('button', { name: 'Try again' }).isVisible()).toBe(true)
    await harness.screenshot(page, 'place-missing-en')
    // The only problems are the refused request itself (and Chromium's log line about it).
    expect(
      problems.filter(
        (problem) => !problem.includes(`/api/places/${missing}`) && !problem.includes('404'),
      ),
    ).toEqual([])
  })

  it('fits a tablet-width screen', async () => {
    const { page, problems } = await open('/places', {
      viewport: { width: 768, height: 1024 },
      locale: 'ja-JP',
    })
    await page.getByRole('row').nth(1).waitFor()
    expect(await page.evaluate('document.documentElement.lang')).toBe('ja')
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(
      true,
    )
    await harness.screenshot(page, 'places-tablet-ja')
    await page.goto('/')
    await waitForMapPoints(page, 0)
    await harness.screenshot(page, 'map-tablet-ja')
    expect(problems).toEqual([])
  })

  it('has no serious or critical accessibility violations (axe-core)', async () => {
    const { page, problems } = await open('/places')
    await page.getByRole('row').nth(1).waitFor()
    expect(await seriousAccessibilityViolations(page)).toEqual([])

    await switchLanguage(page, 'ja')
    expect(await seriousAccessibilityViolations(page)).toEqual([])

    await page.getByRole('row').nth(1).getByRole('link').click()
    await page.locator('.place-detail').waitFor()
    expect(await seriousAccessibilityViolations(page)).toEqual([])

    await page.goto('/items')
    await page.getByRole('row').nth(1).waitFor()
    expect(await seriousAccessibilityViolations(page)).toEqual([])

    await page.goto('/')
    await waitForMapPoints(page, 0)
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    expect(problems).toEqual([])
  })
})
