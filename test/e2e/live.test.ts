/**
 * Live updates in the browser: two coordinators, each in their own browser context. One has the
 * requests board open; the other drafts a request through the form; it appears on the first one's
 * board without a reload (the page is the same document throughout). Then stock is received at a hub
 * through the API, and the first one's stock page shows it without a reload. Neither page logs a
 * problem.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ApiSession, type Harness, signIn, startHarness, type TrackedPage } from './harness.js'

let harness: Harness
let watcher: TrackedPage
let author: TrackedPage
let api: ApiSession

/** Marks the document, so the test can tell it was never reloaded. */
const mark = (page: TrackedPage['page']) => page.evaluate('window.__notReloaded = true')
const stillMarked = (page: TrackedPage['page']) => page.evaluate('window.__notReloaded === true')

beforeAll(async () => {
  harness = await startHarness()
  const { username, password } = harness.users.admin
  api = await harness.apiSession(username, password)
  watcher = await harness.newPage()
  author = await harness.newPage()
  await watcher.page.goto('/requests')
  await signIn(watcher.page, username, password)
  await author.page.goto('/requests/new')
  await signIn(author.page, username, password)
}, 180_000)

afterAll(async () => {
  await harness?.close()
}, 60_000)

describe('live updates', () => {
  it("shows a request drafted in one browser on another's requests board without a reload", async () => {
    const { page } = watcher
    await page.waitForURL(/\/requests$/)
    await page.locator('.requests-page, main').first().waitFor()
    await mark(page)
    expect(await page.locator('a.request-code').count()).toBe(0)

    const form = author.page
    await form.waitForURL(/\/requests\/new$/)
    const destination = form.getByRole('combobox', { name: 'Destination' })
    await destination.fill('輪島')
    await form
      .getByRole('listbox', { name: 'Destination' })
      .getByRole('option')
      .filter({ hasText: /Shelter · 輪島市/ })
      .first()
      .click()
    const line = form.getByRole('group', { name: 'Line 1: item' })
    const item = line.getByRole('combobox', { name: 'Item' })
    await item.focus()
    await item.pressSequentially('KZ-WASH-001')
    await item.press('Enter')
    await expect.poll(() => item.inputValue()).toMatch(/Drinking water/)
    await line.getByRole('textbox', { name: 'Quantity' }).fill('240')
    const day = new Date(Date.now() + 9 * 3_600_000 + 2 * 86_400_000).toISOString().slice(0, 10)
    await form.getByLabel('Needed by').fill(`${day}T09:00`)
    await form.getByRole('button', { name: 'Save draft' }).click()
    await form.waitForURL(/\/requests\/[0-9a-f-]{36}$/)
    const id = form.url().split('/').pop() ?? ''

    // The board was not reloaded: the notice made it fetch its list again.
    const row = page.locator(`a.request-code[href="/requests/${id}"]`)
    await row.waitFor({ timeout: 15_000 })
    expect(await stillMarked(page)).toBe(true)
    expect(watcher.problems).toEqual([])
    expect(author.problems).toEqual([])
  }, 60_000)

  it('shows stock received at a hub on an open stock page without a reload', async () => {
    const { page } = watcher
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Stock' })
      .click()
    await page.waitForURL(/\/stock/)
    await mark(page)
    const get = async (path: string) =>
      (await (await fetch(`${harness.baseUrl}${path}`, { headers: api.headers })).json()) as never
    const hubs = (await get('/api/places?type=hub&limit=50')) as {
      places: { id: string; code: string }[]
    }
    const hub = hubs.places.find((p) => p.code === 'HUB:KANAZAWA-PORT')
    const items = (await get('/api/items?q=KZ-SHEL-&limit=50')) as {
      items: { id: string; code: string; nameEn: string }[]
    }
    const kit = items.items[0]
    const org = ((await get('/api/auth/session')) as { org: { id: string } }).org.id
    expect(hub && kit).toBeTruthy()
    const lot = `LIVE-${Date.now()}`
    const received = await fetch(`${harness.baseUrl}/api/stock/receive`, {
      method: 'POST',
      headers: { ...api.headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        id: randomUUID(),
        place: hub?.id,
        item: kit?.id,
        owner: org,
        quantity: 37,
        lot,
        source: 'Live test donor',
      }),
    })
    expect(received.status, await received.clone().text()).toBeLessThan(300)
    await page.getByText(lot).first().waitFor({ timeout: 15_000 })
    expect(await stillMarked(page)).toBe(true)
    expect(watcher.problems).toEqual([])
  }, 60_000)
})
