/**
 * The situation report from the web app: an operation with a validated request to Wajima and stock at
 * the demo hubs. On the operation's page, "Situation report (printable page)" opens the report in a
 * new tab with its map and figures; after switching to Japanese the PDF link gives a Japanese PDF
 * (read back by pdf.js). The dashboard offers the same once an operation is chosen.
 */
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readPdf } from '../support/waybill.js'
import {
  type ApiSession,
  type Harness,
  screenshotDir,
  signIn,
  startHarness,
  switchLanguage,
  type TrackedPage,
} from './harness.js'

let harness: Harness
let admin: TrackedPage
let api: ApiSession
let operation = ''

async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<never> {
  const response = await fetch(`${harness.baseUrl}${path}`, {
    method,
    headers: { ...api.headers, 'content-type': 'application/json' },
    ...(method === 'POST' ? { body: JSON.stringify(body ?? {}) } : {}),
  })
  expect(response.status, `${method} ${path}: ${response.status}`).toBeLessThan(300)
  return (await response.json()) as never
}

beforeAll(async () => {
  harness = await startHarness()
  const { username, password } = harness.users.admin
  api = await harness.apiSession(username, password)
  const places = (await call('GET', '/api/places?type=hub&limit=50')) as {
    places: { id: string; code: string }[]
  }
  const komatsu = places.places.find((p) => p.code === 'HUB:KOMATSU')?.id
  const wajima = (await call('GET', '/api/places?q=LG:172049&limit=5')) as {
    places: { id: string; code: string }[]
  }
  const destination = wajima.places.find((p) => p.code === 'LG:172049')?.id
  const items = (await call('GET', '/api/items?q=KZ-WASH-001&limit=5')) as {
    items: { id: string; code: string }[]
  }
  const water = items.items.find((i) => i.code === 'KZ-WASH-001')?.id
  const org = ((await call('GET', '/api/auth/session')) as { org: { id: string } }).org.id
  await call('POST', '/api/stock/receive', {
    id: randomUUID(),
    place: komatsu,
    item: water,
    owner: org,
    quantity: 1200,
    source: 'Japanese Red Cross',
  })
  operation = (
    (await call('POST', '/api/operations', {
      name: 'Noto e2e',
      startedOn: '2026-01-01',
      area: {
        type: 'Polygon',
        coordinates: [
          [
            [136.6, 37.0],
            [137.4, 37.0],
            [137.4, 37.6],
            [136.6, 37.6],
            [136.6, 37.0],
          ],
        ],
      },
    })) as { id: string }
  ).id
  const request = (await call('POST', '/api/requests', {
    destination,
    operation,
    neededBy: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    lines: [{ kind: 'item', item: water, quantity: 500, priority: 'life-saving' }],
  })) as { id: string }
  await call('POST', `/api/requests/${request.id}/submit`)
  await call('POST', `/api/requests/${request.id}/validate`)
  admin = await harness.newPage()
  await admin.page.goto(`/operations/${operation}`)
  await signIn(admin.page, username, password)
}, 180_000)

afterAll(async () => {
  await harness?.close()
}, 60_000)

describe('the situation report in the browser', () => {
  it("opens the operation's printable report in a new tab with its map and figures", async () => {
    const { page, context, problems } = admin
    await page.waitForURL(new RegExp(`/operations/${operation}$`))
    const link = page.getByRole('link', { name: 'Situation report (printable page)' })
    await link.waitFor()
    const [report, response] = await Promise.all([
      context.waitForEvent('page'),
      context.waitForEvent('response', (r) => r.url().includes('/sitrep')),
      link.click(),
    ])
    expect(response.status()).toBe(200)
    expect(response.headers()['content-type']).toBe('text/html; charset=utf-8')
    await report.waitForLoadState('load')
    expect(await report.locator('h1').textContent()).toBe('Situation report')
    expect(await report.locator('.operation').textContent()).toBe('Noto e2e')
    // The browser is in Asia/Tokyo: the report's times are too.
    expect(await report.locator('dl.head').textContent()).toContain('Asia/Tokyo (JST, UTC+09:00)')
    expect(await report.locator('svg.map').getAttribute('aria-label')).toBe(
      'Map of Noto e2e: hubs, destinations and consignments in flight',
    )
    const figures = await report.locator('.figures li').allTextContents()
    expect(figures.some((f) => f.startsWith('Quantity requested') && f.includes('500'))).toBe(true)
    // Wajima's 2,745 evacuees (Noto 2024, 1 February) lie inside the area, with its neighbours'.
    expect(figures.some((f) => f.startsWith('People in shelters'))).toBe(true)
    await report.screenshot({ path: join(screenshotDir, 'sitrep-report.png'), fullPage: true })
    await report.close()
    expect(problems).toEqual([])
  }, 60_000)

  it('links the PDF in the language the app is in, and the dashboard offers it once an operation is chosen', async () => {
    const { page, context, problems } = admin
    await switchLanguage(page, 'ja')
    const pdf = page.getByRole('link', { name: '状況報告（PDF）' })
    const href = (await pdf.getAttribute('href')) ?? ''
    expect(href).toContain(
      `/api/operations/${operation}/sitrep?format=pdf&lang=ja&zone=Asia%2FTokyo`,
    )
    const response = await context.request.get(href)
    expect(response.status()).toBe(200)
    expect(response.headers()['content-type']).toBe('application/pdf')
    const { text } = await readPdf(await response.body())
    for (const label of ['状況報告', 'Noto e2e', '主要な数値', '未充足のニーズ', '救命', '500'])
      expect(text).toContain(label)

    await page.goto('/dashboard')
    await expect.poll(() => page.locator('.sitrep-links').count()).toBe(0)
    await page.goto(`/dashboard?operation=${operation}`)
    const fromDashboard = page.getByRole('link', { name: '状況報告（印刷用ページ）' })
    await fromDashboard.waitFor()
    expect(await fromDashboard.getAttribute('href')).toContain(
      `/api/operations/${operation}/sitrep?format=html&lang=ja`,
    )
    expect(problems).toEqual([])
  }, 60_000)
})
