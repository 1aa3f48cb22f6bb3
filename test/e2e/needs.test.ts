/**
 * The needs estimator in the browser, end to end: a real node, the built web app, Debian's Chromium.
 * The harness's admin opens an operation whose own water figure (20 L a day) replaces Sphere's 15, picks a
 * Nanao shelter (found by its name) whose capacity gives the population, and estimates 3 days: the
 * table shows each need with the operation's figure marked, the catalogue item, the whole items and the
 * server's arithmetic, and the standards' editions. The estimate becomes a draft request (drinking water left
 * out: it is part of all water), which opens and then stands on the request board. The screen is checked
 * in Japanese too, with axe-core in both languages; screenshots in test-results/screenshots/needs-*.png.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PlaceList } from '../../src/contract/places.js'
import {
  type ApiSession,
  expectProblemAsTyped,
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
let shelter: { id: string; code: string; nameJa: string; capacity: number }
const operations: { good?: string; bad?: string } = {}

beforeAll(async () => {
  harness = await startHarness()
  const { username, password } = harness.users.admin
  adminApi = await harness.apiSession(username, password)
  // Before the page loads: the app fetches the operations once a minute at most.
  operations.good = await openOperation('Noto cold wave 2026', { water_use_per_person_per_day: 20 })
  admin = await harness.newPage()
  await admin.page.goto('/needs')
  await signIn(admin.page, username, password)

  const places = (await apiGet(
    `/api/places?q=${encodeURIComponent('七尾')}&type=shelter&limit=50&sort=code`,
  )) as PlaceList
  const withCapacity = places.places.find(
    (place) => (place.capacity ?? 0) > 0 && !place.attributes.noto2024,
  )
  if (!withCapacity) throw new Error('no Nanao shelter with a capacity in the bundled places')
  shelter = {
    id: withCapacity.id,
    code: withCapacity.code,
    nameJa: withCapacity.nameJa ?? '',
    capacity: withCapacity.capacity ?? 0,
  }
}, 180_000)

afterAll(async () => {
  await harness?.close()
}, 60_000)

async function apiGet(path: string): Promise<unknown> {
  const response = await fetch(`${harness.baseUrl}${path}`, {
    headers: { cookie: adminApi.headers.cookie },
  })
  if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status} ${await response.text()}`)
  return response.json()
}

async function openOperation(name: string, standards: Record<string, number>): Promise<string> {
  const response = await fetch(`${harness.baseUrl}/api/operations`, {
    method: 'POST',
    headers: { ...adminApi.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ name, startedOn: '2026-11-20', standards }),
  })
  if (response.status !== 201) throw new Error(`operation: HTTP ${response.status}`)
  return ((await response.json()) as { id: string }).id
}

function heading(page: Page) {
  return page.getByRole('heading', { level: 1 })
}

describe('the needs estimator in the browser', () => {
  it('estimates a shelter’s needs with the operation’s figures and makes a draft request on the board', async () => {
    const { page, problems } = admin
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Needs' })
      .click()
    await page.waitForURL(/\/needs$/)
    await expect.poll(() => heading(page).textContent()).toBe('Needs estimator')

    // Nothing to estimate from: said by the field, nothing sent.
    const days = page.getByRole('textbox', { name: 'Days to cover' })
    await days.fill('0')
    await page.getByRole('button', { name: 'Estimate needs' }).click()
    const population = page.getByRole('textbox', { name: 'Affected people' })
    await expect.poll(() => population.getAttribute('aria-invalid')).toBe('true')
    await expect
      .poll(() => page.locator('.field-box', { has: days }).locator('.field-error').textContent())
      .toBe('From 1 to 365 days.')
    // Checked as typed with the contract's schema, in the form's words.
    await expectProblemAsTyped(days, '2.5', 'A whole number, without decimals.', '3')

    // (An operation can no longer hold a figure the estimator refuses: opening or changing it checks
    // its figures, tested in test/server/operations.test.ts.)
    const operation = page.getByLabel('Operation')

    // The operation's own water figure, and a shelter whose capacity gives the population.
    await operation.selectOption({ label: 'Noto cold wave 2026 (from 2026-11-20)' })
    await expect
      .poll(() => page.locator('.field-box', { has: operation }).locator('.field-error').count())
      .toBe(0)
    const place = page.getByRole('combobox', { name: 'Place' })
    await place.fill(shelter.nameJa)
    await page
      .getByRole('listbox', { name: 'Place' })
      .getByRole('option')
      .filter({ hasText: shelter.code })
      .first()
      .click()
    await expect
      .poll(() =>
        page.locator('.field-box', { has: population }).locator('.field-hint').textContent(),
      )
      .toContain(`capacity: ${shelter.capacity.toLocaleString('en-GB')} people`)
    await page.getByRole('button', { name: 'Estimate needs' }).click()

    const result = page.getByRole('region', { name: 'Estimated needs' })
    await result.waitFor()
    const people = shelter.capacity
    await expect
      .poll(() => result.locator('.estimate-summary').textContent())
      .toContain(`${people.toLocaleString('en-GB')} people (the place's capacity) for 3 days`)
    const water = result.locator('tr[data-need="water"]')
    const litres = people * 3 * 20
    const bottles = Math.ceil(litres / 2)
    expect(await water.locator('.arithmetic').textContent()).toContain(
      `× 3 days × 20 L/person/day = ${litres.toLocaleString('en-US')} L ÷ 2 L per bottle`,
    )
    expect(await water.textContent()).toContain("operation's figure")
    expect(await water.locator('td.number strong').textContent()).toBe(
      bottles.toLocaleString('en-GB'),
    )
    expect(await water.textContent()).toContain('KZ-WASH-001')
    expect(await result.locator('tr[data-need="drinking-water"]').textContent()).toContain(
      'not in addition to it',
    )
    await result.locator('summary', { hasText: 'Standards used, with their edition' }).click()
    expect(await result.locator('.standards-table').textContent()).toContain('Sphere Handbook')
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await harness.screenshot(page, 'needs-estimate-en')

    // The draft: drinking water is left out (part of all water), water and food are life-saving.
    const draft = page.getByRole('region', { name: 'Make a draft request' })
    expect(await draft.getByRole('checkbox', { name: 'Ask for: Drinking water' }).isChecked()).toBe(
      false,
    )
    expect(
      await draft.getByRole('checkbox', { name: /Ask for: Water for drinking/ }).isChecked(),
    ).toBe(true)
    expect(await draft.getByLabel(/Priority — Food energy/).inputValue()).toBe('life-saving')
    await draft.getByRole('checkbox', { name: 'Ask for: Covered floor area' }).uncheck()
    const waterQuantity = draft.getByRole('textbox', { name: /^Quantity — Water for drinking/ })
    const asked = await waterQuantity.inputValue()
    await expectProblemAsTyped(waterQuantity, '0', 'From 1 to 1,000,000,000.', asked)
    const make = draft.getByRole('button', { name: 'Make a draft request' })
    await make.scrollIntoViewIfNeeded()
    await harness.screenshot(page, 'needs-draft-en')
    await expect.poll(() => make.isEnabled()).toBe(true)
    await make.click()
    await page.waitForURL(/\/requests\/[0-9a-f-]{36}$/)
    const requestId = new URL(page.url()).pathname.split('/').pop() as string
    const request = (await apiGet(`/api/requests/${requestId}`)) as {
      code: string
      status: string
      operation: string
      destination: string
      justification: string
      lines: { item: string; quantity: number; priority: string }[]
    }
    expect(request.status).toBe('draft')
    expect(request.operation).toBe(operations.good)
    expect(request.destination).toBe(shelter.id)
    expect(request.justification).toContain('water: ')
    expect(request.lines.map((line) => line.quantity)).toContain(bottles)
    expect(request.lines).toHaveLength(4) // water, food, soap, toilets
    await expect.poll(() => page.locator('main').textContent()).toContain(request.code)

    // On the board, among the drafts.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Requests' })
      .click()
    await page.waitForURL(/\/requests$/)
    await page.locator('.request-table[aria-busy="false"]').waitFor()
    await expect
      .poll(() => page.locator('.request-table tbody').textContent())
      .toContain(request.code)
    expect(problems.filter((problem) => !problem.includes('/api/needs/estimate'))).toEqual([])
  }, 30_000)

  it('is in Japanese for a Japanese reader', async () => {
    const { page } = admin
    await page.goto('/needs')
    await switchLanguage(page, 'ja')
    await expect.poll(() => heading(page).textContent()).toBe('必要量の推計')
    // Typed with a Japanese input method: full-width digits and comma.
    await page.getByRole('textbox', { name: '被災者数' }).fill('１，２００')
    await page.getByRole('textbox', { name: '日数' }).fill('2')
    await page.getByRole('button', { name: '必要量を推計' }).click()
    const result = page.getByRole('region', { name: '推計した必要量' })
    await result.waitFor()
    await expect
      .poll(() => result.locator('.estimate-summary').textContent())
      .toContain('1,200 人（入力値）× 2 日')
    expect(await result.locator('tr[data-need="water"] th').textContent()).toContain(
      '飲用・調理・衛生用の水',
    )
    // The catalogue item in Japanese; the arithmetic as the server wrote it.
    await expect
      .poll(() => result.locator('tr[data-need="water"]').textContent())
      .toContain('保存水')
    expect(await result.locator('tr[data-need="water"] .arithmetic').textContent()).toContain(
      '1,200 people × 2 days × 15 L/person/day = 36,000 L',
    )
    // No place: no request can be made from it, and the screen says why.
    expect(await page.locator('.needs-draft-note').textContent()).toContain('場所を選んで')

    // Wajima city: its Noto 2024 evacuee count gives the population when none is typed.
    await page.getByRole('textbox', { name: '被災者数' }).fill('')
    const place = page.getByRole('combobox', { name: '場所' })
    await place.fill('LG:172049')
    await page
      .getByRole('listbox', { name: '場所' })
      .getByRole('option')
      .filter({ hasText: 'LG:172049' })
      .first()
      .click()
    await expect
      .poll(() =>
        page
          .locator('.field-box', { has: page.getByRole('textbox', { name: '被災者数' }) })
          .locator('.field-hint')
          .textContent(),
      )
      .toContain('避難者 2,745 人')
    await page.getByRole('button', { name: '必要量を推計' }).click()
    await expect
      .poll(() => result.locator('.estimate-summary').textContent())
      .toContain('2,745 人（令和6年能登半島地震の避難者数（2024-02-01））× 2 日')
    expect(
      await page
        .getByRole('region', { name: '要請の下書きを作成' })
        .getByRole('button', { name: '要請の下書きを作成' })
        .count(),
    ).toBe(1)
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await harness.screenshot(page, 'needs-estimate-ja')
    await switchLanguage(page, 'en')
  }, 20_000)
})
