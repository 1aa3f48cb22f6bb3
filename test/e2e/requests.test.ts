/**
 * Requests for assistance in the browser, end to end: a real node, the built web app, Debian's Chromium.
 * The harness's admin drafts a request for a Wajima shelter (found by typing 輪島) with a life-saving
 * water line and a water-purification capability line — fields checked as typed, the server's refusals
 * shown next to the fields they name, the request's id kept across a retry after a lost answer — then
 * submits it, validates it and tasks the capability to a partner, whose own people accept and start it.
 * An action the request's status no longer allows is refused with the allowed actions named; a second,
 * overlapping request for the same place warns of a duplicate on submit, linking the first; the board
 * filters by status and sorts by needed-by; the public tracking page shows the status in Japanese to a
 * browser that never signed in. axe-core on the board, the form, a request and the tracking page;
 * screenshots in English and Japanese (test-results/screenshots/requests-*.png, track-*.png).
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { PlaceList } from '../../src/contract/places.js'
import { requestSchema } from '../../src/contract/requests.js'
import {
  type ApiSession,
  describedProblem,
  type Harness,
  seriousAccessibilityViolations,
  signIn,
  startHarness,
  switchLanguage,
  type TrackedPage,
} from './harness.js'

const partner = {
  username: 'pwj-field',
  password: 'peace-winds-field-2024',
  roles: ['logistician'],
  org: 'NGO-PWJ',
  displayName: 'PWJ Field Lead',
}

let harness: Harness
/** The admin's page, signed in once and reused (sign-ins are rate-limited per address). */
let admin: TrackedPage
let adminApi: ApiSession
let water: { id: string; code: string }
let shelters: { id: string; nameJa: string }[]
let partnerOrg: { id: string; code: string }

/** What the scenario made, for the later steps. */
const made: { id?: string; code?: string; nameJa?: string; destination?: string } = {}

/** Wajima shelters other than the one the form's request is for. */
const otherShelters = () => shelters.filter((shelter) => shelter.id !== made.destination)

beforeAll(async () => {
  harness = await startHarness({ users: [partner] })
  const { username, password } = harness.users.admin
  adminApi = await harness.apiSession(username, password)
  admin = await harness.newPage()
  await admin.page.goto('/requests')
  await signIn(admin.page, username, password)

  const places = (await apiGet(
    `/api/places?q=${encodeURIComponent('輪島')}&type=shelter&limit=5&sort=code`,
  )) as PlaceList
  shelters = places.places.map((place) => ({ id: place.id, nameJa: place.nameJa ?? '' }))
  const items = (await apiGet('/api/items?q=KZ-WASH-001&limit=1')) as {
    items: { id: string; code: string }[]
  }
  water = items.items[0] as { id: string; code: string }
  const orgs = (await apiGet('/api/organisations')) as {
    organisations: { id: string; code: string }[]
  }
  partnerOrg = orgs.organisations.find((org) => org.code === 'NGO-PWJ') as typeof partnerOrg
}, 180_000)

afterAll(async () => {
  await harness?.close()
}, 60_000)

beforeEach(() => {
  admin.problems.length = 0
})

async function apiGet(path: string): Promise<unknown> {
  const response = await fetch(`${harness.baseUrl}${path}`, {
    headers: { cookie: adminApi.headers.cookie },
  })
  if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status} ${await response.text()}`)
  return response.json()
}

async function apiPost(
  path: string,
  body: unknown = {},
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${harness.baseUrl}${path}`, {
    method: 'POST',
    headers: { ...adminApi.headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: response.status, body: await response.json() }
}

/** A draft made through the API: water for `place`, needed `days` from now. */
async function draftByApi(place: string, days: number, quantity = 200) {
  const created = await apiPost('/api/requests', {
    destination: place,
    neededBy: new Date(Date.now() + days * 86_400_000).toISOString(),
    lines: [{ kind: 'item', item: water.id, quantity, priority: 'life-sustaining' }],
  })
  expect(created.status).toBe(201)
  return created.body as { id: string; code: string; neededBy: string }
}

/** The value of a datetime-local field (the browser runs in Asia/Tokyo) `days` from now at 09:00 JST. */
function tokyoMorning(days: number): { local: string; utcHour: string } {
  const day = new Date(Date.now() + 9 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10)
  return { local: `${day}T09:00`, utcHour: '00:00' }
}

function heading(page: Page) {
  return page.getByRole('heading', { level: 1 })
}

/** The problems of a page, less those the test caused on purpose (matched by substring). */
function unexpected(problems: string[], ...expected: string[]): string[] {
  return problems.filter((problem) => !expected.some((each) => problem.includes(each)))
}

async function choose(page: Page, combobox: string, text: string, option: RegExp | string) {
  const field = page.getByRole('combobox', { name: combobox })
  await field.fill(text)
  const listbox = page.getByRole('listbox', { name: combobox })
  await listbox.getByRole('option').filter({ hasText: option }).first().click()
}

describe('requests for assistance in the browser', () => {
  it('drafts a request for a Wajima shelter: checked as typed, refusals by field, one id across retries', async () => {
    const { page, problems } = admin
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Requests' })
      .click()
    await page.waitForURL(/\/requests$/)
    await page.getByRole('link', { name: 'New request' }).click()
    await page.waitForURL(/\/requests\/new$/)
    await expect.poll(() => heading(page).textContent()).toBe('New request')
    expect(await seriousAccessibilityViolations(page)).toEqual([])

    // Checked as typed: a fraction, then zero, then a past time.
    const line1 = page.getByRole('group', { name: 'Line 1: item' })
    const quantity = line1.getByRole('textbox', { name: 'Quantity' })
    await quantity.fill('1.5')
    await expect
      .poll(() => line1.locator('.field-error').textContent())
      .toBe('A whole number, e.g. 500.')
    expect(await quantity.getAttribute('aria-invalid')).toBe('true')
    // The message is the one the field names (aria-describedby), from the contract's schema.
    expect(await describedProblem(quantity)).toBe('A whole number, e.g. 500.')
    await quantity.fill('0')
    await expect
      .poll(() => line1.locator('.field-error').textContent())
      .toBe('Must be more than 0.')
    await quantity.fill('500')
    await expect.poll(() => line1.locator('.field-error').count()).toBe(0)
    expect(await describedProblem(quantity)).toBeNull()
    expect(await quantity.getAttribute('aria-invalid')).toBeNull()
    const neededBy = page.getByLabel('Needed by')
    await neededBy.fill('2020-01-01T09:00')
    await expect
      .poll(() =>
        page.locator('.field-box', { has: neededBy }).locator('.field-error').textContent(),
      )
      .toBe('Must be in the future.')
    const when = tokyoMorning(3)
    await neededBy.fill(when.local)
    await expect
      .poll(() =>
        page.locator('.field-box', { has: neededBy }).locator('.field-hint').textContent(),
      )
      .toContain(`${when.utcHour} UTC`)
    expect(
      await page.locator('.field-box', { has: neededBy }).locator('.field-hint').textContent(),
    ).toContain('JST')

    // Where: a shelter in Wajima, found by typing 輪島.
    await choose(page, 'Destination', '輪島', /Shelter · 輪島市/)
    made.nameJa = await page.getByRole('combobox', { name: 'Destination' }).inputValue()
    expect(made.nameJa).not.toBe('')

    // The item by keyboard: type its code, Enter chooses the match.
    const item = line1.getByRole('combobox', { name: 'Item' })
    await item.focus()
    await item.pressSequentially(water.code)
    await item.press('Enter')
    await expect.poll(() => item.inputValue()).toMatch(/Drinking water/)
    await line1.getByLabel('Priority').selectOption('life-saving')
    await expect
      .poll(() => line1.locator('.field-hint').textContent())
      .toBe('A whole number of bottle.')

    await page.getByRole('button', { name: 'Add a capability' }).click()
    const line2 = page.getByRole('group', { name: 'Line 2: capability' })
    await expect
      .poll(() => line2.getByLabel('Capability').evaluate((el) => el.matches(':focus')))
      .toBe(true)
    await line2.getByLabel('Capability').selectOption('water-purification')
    await line2
      .getByRole('textbox', { name: 'Description' })
      .fill('Purify water for 300 people for 7 days')
    await line2.getByLabel('Priority').selectOption('life-saving')
    await page
      .getByLabel('Justification')
      .fill('The shelter has had no running water since the earthquake.')
    await page.getByRole('textbox', { name: 'Name' }).fill('Sato Hanako')
    await page.getByRole('textbox', { name: 'Phone' }).fill('090-1234-5678')
    await harness.screenshot(page, 'requests-form-en')
    expect(await seriousAccessibilityViolations(page)).toEqual([])

    // The server's refusals land next to the fields they name. To meet them, the body is changed on its
    // way (the form itself never sends these): a fraction (400 body.lines.0.quantity), then an item that
    // is not one (422 lines[0].item). Then an answer lost on the way back, and a retry: one id throughout.
    const sentIds: string[] = []
    let tamper: 'fraction' | 'unknown-item' | 'lose-answer' | undefined = 'fraction'
    await page.route('**/api/requests', async (route) => {
      const request = route.request()
      if (request.method() !== 'POST') return route.continue()
      const body = request.postDataJSON() as {
        id: string
        lines: { quantity?: number; item?: string }[]
      }
      sentIds.push(body.id)
      const mode = tamper
      tamper = undefined
      if (mode === 'fraction') {
        body.lines[0] = { ...body.lines[0], quantity: 1.5 }
        return route.continue({ postData: JSON.stringify(body) })
      }
      if (mode === 'unknown-item') {
        body.lines[0] = { ...body.lines[0], item: shelters[0]?.id }
        return route.continue({ postData: JSON.stringify(body) })
      }
      if (mode === 'lose-answer') {
        await route.fetch() // the server makes the request …
        return route.abort('failed') // … and its answer never arrives
      }
      return route.continue()
    })
    const save = page.getByRole('button', { name: 'Save draft' })
    await save.click()
    await expect
      .poll(() => line1.locator('.field-error').textContent())
      .toBe('a whole number of the base unit')
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toContain('check the fields marked below')
    await expect.poll(() => quantity.evaluate((el) => el.matches(':focus'))).toBe(true)
    // Editing the field clears the server's complaint.
    await quantity.press('End')
    await quantity.press('Backspace')
    await quantity.pressSequentially('0')
    await expect.poll(() => line1.locator('.field-error').count()).toBe(0)

    tamper = 'unknown-item'
    await save.click()
    await expect
      .poll(() => line1.locator('.picker .field-error').textContent())
      .toBe('unknown item')
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toBe('Not saved: check the fields marked below.')
    await expect.poll(() => item.evaluate((el) => el.matches(':focus'))).toBe(true)

    tamper = 'lose-answer'
    await save.click()
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toContain('cannot be reached')
    await save.click()
    await page.waitForURL(/\/requests\/[0-9a-f-]{36}$/)
    await page.unroute('**/api/requests')
    expect(sentIds).toHaveLength(4)
    expect(new Set(sentIds).size).toBe(1)
    made.id = page.url().split('/').pop()
    expect(made.id).toBe(sentIds[0])

    const stored = requestSchema.parse(await apiGet(`/api/requests/${made.id}`))
    made.code = stored.code
    made.destination = stored.destination
    expect(stored.status).toBe('draft')
    expect(stored.lines).toHaveLength(2)
    expect(stored.lines[0]).toMatchObject({
      kind: 'item',
      item: water.id,
      quantity: 500,
      priority: 'life-saving',
    })
    expect(stored.lines[1]).toMatchObject({ kind: 'capability', capability: 'water-purification' })
    expect(Date.parse(stored.neededBy)).toBe(Date.parse(`${when.local}:00+09:00`))
    // The lost answer's request is the one kept: no second request was made.
    const mine = (await apiGet(`/api/requests?destination=${stored.destination}`)) as {
      total: number
    }
    expect(mine.total).toBe(1)

    await expect.poll(() => heading(page).textContent()).toContain(made.code)
    await expect.poll(() => page.locator('h1 .request-status').textContent()).toBe('Draft')
    expect(
      unexpected(
        problems,
        `${harness.baseUrl}/api/requests)`,
        `POST ${harness.baseUrl}/api/requests`,
      ),
    ).toEqual([])
  })

  it('submits, validates and tasks the water purification to a partner; shows the history', async () => {
    const { page, problems } = admin
    const actions = page.getByRole('group', { name: 'Actions on this request' })
    expect(await actions.getByRole('button').allTextContents()).toEqual([
      'Submit',
      'Cancel request…',
    ])
    await actions.getByRole('button', { name: 'Submit' }).click()
    await expect.poll(() => page.locator('h1 .request-status').textContent()).toBe('Submitted')
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Submitted.')
    expect(await actions.getByRole('button').allTextContents()).toEqual([
      'Validate',
      'Reject…',
      'Cancel request…',
    ])
    await actions.getByRole('button', { name: 'Validate' }).click()
    await expect.poll(() => page.locator('h1 .request-status').textContent()).toBe('Validated')

    // The one capability line (located without words: the page changes language below).
    const row = page.locator('table.capability-table tbody tr').first()
    await expect
      .poll(() => row.locator('.capability-status').textContent())
      .toBe('Validated, not tasked')
    await row.getByRole('button', { name: /Task a partner/ }).click()
    const dialog = page.getByRole('dialog', { name: 'Task a partner: Water purification' })
    await dialog.waitFor()
    await dialog.getByRole('button', { name: 'Task partner' }).click()
    await expect
      .poll(() => dialog.locator('.field-error').textContent())
      .toBe('Choose the partner to task.')
    await dialog.getByLabel('Partner').selectOption(partnerOrg.id)
    await dialog.getByRole('button', { name: 'Task partner' }).click()
    await expect.poll(() => row.locator('.capability-status').textContent()).toBe('Tasked')
    expect(await row.textContent()).toContain('Tasked to NGO-PWJ')
    // The admin is not the partner: no answer buttons, only tasking someone else.
    expect(await row.getByRole('button').allTextContents()).toEqual([
      'Task another partner…: Water purification',
    ])

    // Progress of the item line, said in words.
    const waterRow = page.getByRole('row').filter({ hasText: 'Drinking water' })
    expect(await waterRow.textContent()).toContain('0 planned, 0 dispatched, 0 delivered of 500')

    // The history from the audit log (admins).
    const history = page.getByRole('table', { name: 'History (audit log)' })
    await expect
      .poll(() => history.locator('tbody tr td:nth-child(2)').allTextContents())
      .toEqual(['Capability tasked', 'Validated', 'Submitted', 'Created (draft)'])
    // Who did it: a username, which arrives after the history.
    await expect.poll(() => history.textContent()).toContain('coordinator')

    // The tracking link to share.
    expect(await page.getByRole('textbox', { name: 'Tracking link' }).inputValue()).toBe(
      `${harness.baseUrl}/track/${made.code}`,
    )
    await harness.screenshot(page, 'requests-detail-en')
    await page.screenshot({
      path: 'test-results/screenshots/requests-detail-full-en.png',
      fullPage: true,
    })
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await switchLanguage(page, 'ja')
    await expect.poll(() => page.locator('h1 .request-status').textContent()).toBe('承認済み')
    await expect.poll(() => row.locator('.capability-status').textContent()).toBe('依頼済み')
    await page.screenshot({
      path: 'test-results/screenshots/requests-detail-full-ja.png',
      fullPage: true,
    })
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await switchLanguage(page, 'en')
    expect(problems).toEqual([])
  })

  it("lets the tasked partner's people accept and start the capability line, and nothing else", async () => {
    const { page, problems } = await harness.newPage()
    await page.goto(`/requests/${made.id}`)
    await signIn(page, partner.username, partner.password)
    await page.waitForURL((url) => url.pathname === `/requests/${made.id}`)
    await expect.poll(() => heading(page).textContent()).toContain(made.code)
    expect(await page.getByRole('group', { name: 'Actions on this request' }).count()).toBe(0)
    // The one capability line (located without words: the page changes language below).
    const row = page.locator('table.capability-table tbody tr').first()
    await expect
      .poll(() => row.getByRole('button').allTextContents())
      .toEqual(['Accept: Water purification', 'Decline: Water purification'])
    await row.getByRole('button', { name: /^Accept/ }).click()
    await expect.poll(() => row.locator('.capability-status').textContent()).toBe('Accepted')
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toBe('Water purification: accepted.')
    await row.getByRole('button', { name: /^Start/ }).click()
    await expect.poll(() => row.locator('.capability-status').textContent()).toBe('In progress')
    expect(await row.getByRole('button').allTextContents()).toEqual([
      'Complete: Water purification',
    ])
    // Not an admin: no history.
    expect(await page.getByRole('table', { name: 'History (audit log)' }).count()).toBe(0)
    expect(problems).toEqual([])
  })

  it('refuses an action the status no longer allows, naming the allowed ones; rejects with a reason', async () => {
    const { page, problems } = admin
    const other = await draftByApi(otherShelters()[0]?.id as string, 5)
    await page.goto(`/requests/${other.id}`)
    const actions = page.getByRole('group', { name: 'Actions on this request' })
    await expect
      .poll(() => actions.getByRole('button').allTextContents())
      .toEqual(['Submit', 'Cancel request…'])
    // Meanwhile, someone else submits it: this page still offers Submit.
    expect((await apiPost(`/api/requests/${other.id}/submit`)).status).toBe(200)
    await actions.getByRole('button', { name: 'Submit' }).click()
    const alert = page.getByRole('alert')
    await expect
      .poll(() => alert.textContent())
      .toContain('Not done (Submit): the request is now Submitted.')
    expect(await alert.textContent()).toContain('Allowed now: Validate, Reject, Cancel.')
    // … and the page now shows the request as it is, with the actions it allows.
    await expect.poll(() => page.locator('h1 .request-status').textContent()).toBe('Submitted')
    await expect
      .poll(() => actions.getByRole('button').allTextContents())
      .toEqual(['Validate', 'Reject…', 'Cancel request…'])
    await harness.screenshot(page, 'requests-refused-en')
    await switchLanguage(page, 'ja')
    await expect.poll(() => alert.textContent()).toContain('現在できる操作：承認、却下、取消し')
    await harness.screenshot(page, 'requests-refused-ja')
    await switchLanguage(page, 'en')

    // Reject asks for a reason, by keyboard.
    await actions.getByRole('button', { name: 'Reject…' }).click()
    const dialog = page.getByRole('dialog', { name: `Reject request ${other.code}` })
    const reason = dialog.getByRole('textbox', { name: 'Reason' })
    await expect.poll(() => reason.evaluate((el) => el.matches(':focus'))).toBe(true)
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await expect
      .poll(() => dialog.locator('.field-error').textContent())
      .toBe('Say why the request is rejected.')
    await reason.fill('Already covered by the request for the neighbouring school.')
    await dialog.getByRole('button', { name: 'Reject request' }).click()
    await expect.poll(() => page.locator('h1 .request-status').textContent()).toBe('Rejected')
    expect(await page.getByRole('note').textContent()).toContain('Already covered')
    expect(await actions.count()).toBe(0)
    expect(unexpected(problems, `/api/requests/${other.id}/submit`)).toEqual([])
  })

  it('warns of a possible duplicate on submit, with a link to the open request it repeats', async () => {
    const { page, problems } = admin
    const second = await draftByApi(made.destination as string, 4, 120)
    await page.goto(`/requests/${second.id}`)
    await page
      .getByRole('group', { name: 'Actions on this request' })
      .getByRole('button', { name: 'Submit' })
      .click()
    const warning = page.locator('.warning-box')
    await expect.poll(() => warning.textContent()).toContain('Submitted.')
    await expect
      .poll(() => warning.textContent())
      .toContain(`It largely repeats open request ${made.code} Validated for the same place.`)
    await harness.screenshot(page, 'requests-duplicate-en')
    await switchLanguage(page, 'ja')
    await expect.poll(() => warning.textContent()).toContain('同じ届け先の未完了の要請')
    await harness.screenshot(page, 'requests-duplicate-ja')
    await switchLanguage(page, 'en')
    await warning.getByRole('link', { name: made.code }).click()
    await page.waitForURL((url) => url.pathname === `/requests/${made.id}`)
    await expect.poll(() => heading(page).textContent()).toContain(made.code)
    expect(problems).toEqual([])
  })

  it('shows the board filtered by status on the server and sorted by needed-by, times in JST and UTC', async () => {
    const { page, problems } = admin
    // Two more validated requests, needed sooner and later than the first (3 days).
    for (const days of [1, 6]) {
      const extra = await draftByApi(otherShelters()[1]?.id as string, days, 40)
      expect((await apiPost(`/api/requests/${extra.id}/submit`)).status).toBe(200)
      expect((await apiPost(`/api/requests/${extra.id}/validate`)).status).toBe(200)
    }
    const validated = (await apiGet('/api/requests?status=validated&sort=neededBy')) as {
      requests: { code: string; neededBy: string }[]
    }
    const byNeed = validated.requests.map((each) => each.code)
    expect(byNeed).toHaveLength(3)
    expect(byNeed[1]).toBe(made.code)

    await page.goto('/requests')
    await page.getByRole('row').nth(1).waitFor()
    const chips = page.getByRole('group', { name: 'Status' })
    await chips.getByRole('checkbox', { name: 'Validated' }).check()
    await expect.poll(() => page.url()).toContain('status=validated')
    const table = page.locator('table.request-table[aria-busy="false"]')
    const codes = () => table.locator('tbody tr td:first-child a').allTextContents()
    await expect.poll(codes).toEqual(byNeed)
    expect(await table.locator('tbody td:nth-child(5)').allTextContents()).toEqual(
      byNeed.map(() => 'Validated'),
    )
    const neededBy = page.getByRole('columnheader', { name: /Needed by/ })
    expect(await neededBy.getAttribute('aria-sort')).toBe('ascending')
    await neededBy.getByRole('button').click()
    await expect.poll(() => page.url()).toContain('sort=-neededBy')
    await expect.poll(() => neededBy.getAttribute('aria-sort')).toBe('descending')
    await expect.poll(codes).toEqual([...byNeed].reverse())

    const row = table.getByRole('row').filter({ hasText: made.code as string })
    const when = await row.locator('td:nth-child(3)').textContent()
    expect(when).toMatch(/09:00 JST/)
    expect(when).toMatch(/00:00 UTC/)
    expect(await row.locator('.line-progress').textContent()).toContain(
      '0 planned, 0 dispatched, 0 delivered of 500',
    )
    expect(await row.textContent()).toContain('Water purification · In progress')
    // The place's name arrives after the rows.
    await expect.poll(() => row.textContent()).toContain(made.nameJa)

    // More than one status, and the priority filter.
    await chips.getByRole('checkbox', { name: 'Rejected' }).check()
    await expect.poll(() => page.url()).toContain('status=validated%2Crejected')
    await expect.poll(codes).toHaveLength(4)
    await page.getByLabel('Priority').selectOption('life-saving')
    await expect.poll(codes).toEqual([made.code])
    await page.getByLabel('Priority').selectOption('')
    await chips.getByRole('checkbox', { name: 'Rejected' }).uncheck()
    await expect.poll(codes).toHaveLength(3)

    await harness.screenshot(page, 'requests-board-en')
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await switchLanguage(page, 'ja')
    await expect.poll(() => heading(page).textContent()).toBe('支援要請')
    await expect
      .poll(() => table.locator('tbody td:nth-child(5)').first().textContent())
      .toBe('承認済み')
    await harness.screenshot(page, 'requests-board-ja')
    expect(await seriousAccessibilityViolations(page)).toEqual([])

    // The form in Japanese.
    await page.goto('/requests/new')
    await expect.poll(() => heading(page).textContent()).toBe('新しい要請')
    await harness.screenshot(page, 'requests-form-ja')
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await switchLanguage(page, 'en')
    expect(problems).toEqual([])
  })

  it('shows the tracking page in Japanese without signing in: status and dates only', async () => {
    const { page, context, problems } = await harness.newPage({ locale: 'ja-JP' })
    expect(await context.cookies()).toEqual([])
    await page.goto(`/track/${made.code}`)
    await expect.poll(() => heading(page).textContent()).toBe('要請の追跡')
    const result = page.locator('.track-result')
    await expect.poll(() => result.locator('.request-status').textContent()).toBe('承認済み')
    expect(new URL(page.url()).pathname).toBe(`/track/${made.code}`)
    expect(await page.locator('.top-bar .account').count()).toBe(0)
    expect(await page.getByRole('navigation', { name: 'メイン' }).count()).toBe(0)
    const text = (await page.locator('main').textContent()) ?? ''
    expect(text).toContain(made.code)
    expect(text).toContain('JST')
    // Nothing but status and dates: not the place, the justification or the contact.
    expect(text).not.toContain(made.nameJa)
    expect(text).not.toContain('running water')
    expect(text).not.toContain('Sato')
    await harness.screenshot(page, 'track-ja')
    expect(await seriousAccessibilityViolations(page)).toEqual([])

    // The code box: typed in lower case, without the dash.
    await page.goto('/track')
    const box = page.locator('input[name="code"]')
    await box.fill((made.code as string).replace('RQ-', 'rq').toLowerCase())
    await box.press('Enter')
    await page.waitForURL((url) => url.pathname === `/track/${made.code}`)
    await expect.poll(() => result.locator('.request-status').textContent()).toBe('承認済み')
    await switchLanguage(page, 'en')
    await expect.poll(() => result.locator('.request-status').textContent()).toBe('Validated')
    await harness.screenshot(page, 'track-en')
    expect(await seriousAccessibilityViolations(page)).toEqual([])

    // A draft is not shown, nor a code that does not exist.
    await box.fill('RQ-ZZZZ2222')
    await box.press('Enter')
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('No submitted request has the code RQ-ZZZZ2222')
    expect(await context.cookies()).toEqual([])
    expect(unexpected(problems, '/api/track/RQ-ZZZZ2222')).toEqual([])
  })

  it('fits a tablet-width screen: board, request and form', async () => {
    const { page, problems } = admin
    await page.setViewportSize({ width: 768, height: 1024 })
    try {
      const fits = () => page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')
      await page.goto('/requests')
      await page.getByRole('row').nth(1).waitFor()
      expect(await fits()).toBe(true)
      await harness.screenshot(page, 'requests-board-tablet-en')
      await page.goto(`/requests/${made.id}`)
      await expect.poll(() => heading(page).textContent()).toContain(made.code)
      expect(await fits()).toBe(true)
      await harness.screenshot(page, 'requests-detail-tablet-en')
      await page.goto('/requests/new')
      await page.getByRole('button', { name: 'Add a capability' }).click()
      expect(await fits()).toBe(true)
      await harness.screenshot(page, 'requests-form-tablet-en')
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 })
    }
    expect(problems).toEqual([])
  })
})
