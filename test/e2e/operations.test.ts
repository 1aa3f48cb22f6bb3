/**
 * Operations in the browser, end to end: a real node, the built web app, Debian's Chromium. The
 * harness's admin opens the operations screen from the navigation, opens an operation, is refused a bad
 * water figure beside that figure, saves 25 L a day instead of Sphere's 15 (with the version read), then
 * estimates on the needs page with that operation: the water line uses 25 and says it is the operation's
 * figure. The operation screen is checked in Japanese too, with axe-core in both languages; screenshots
 * in test-results/screenshots/operations-*.png.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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

const WATER = 'water_use_per_person_per_day'

let harness: Harness
let admin: TrackedPage
let adminApi: ApiSession
let operationId: string

beforeAll(async () => {
  harness = await startHarness()
  const { username, password } = harness.users.admin
  adminApi = await harness.apiSession(username, password)
  const response = await fetch(`${harness.baseUrl}/api/operations`, {
    method: 'POST',
    headers: { ...adminApi.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Kanazawa floods 2026', startedOn: '2026-07-01' }),
  })
  if (response.status !== 201) throw new Error(`operation: HTTP ${response.status}`)
  operationId = ((await response.json()) as { id: string }).id
  admin = await harness.newPage()
  await admin.page.goto('/operations')
  await signIn(admin.page, username, password)
}, 180_000)

afterAll(async () => {
  await harness?.close()
}, 60_000)

function heading(page: Page) {
  return page.getByRole('heading', { level: 1 })
}

describe('operations in the browser', () => {
  it("edits an operation's water figure and the needs estimate uses it", async () => {
    const { page, problems } = admin
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Operations' })
      .click()
    await page.waitForURL(/\/operations$/)
    await expect.poll(() => heading(page).textContent()).toBe('Operations')
    await page.getByRole('link', { name: 'Kanazawa floods 2026' }).click()
    await page.waitForURL(new RegExp(`/operations/${operationId}$`))
    await expect.poll(() => heading(page).textContent()).toBe('Kanazawa floods 2026')

    // Every bundled standard with its Sphere figure and edition; the operation's own figure beside it.
    const water = page.locator(`tr[data-standard="${WATER}"]`)
    await water.waitFor()
    expect(await water.textContent()).toContain('15 litres/person/day')
    expect(await water.locator('td.edition').textContent()).toMatch(/^Sphere Handbook/)
    const figure = page.getByRole('textbox', {
      name: `This operation's figure for ${WATER} (litres/person/day)`,
    })
    expect(await figure.inputValue()).toBe('')

    // A bad figure is said beside it as typed (the contract's schema), and nothing is sent.
    await expectProblemAsTyped(figure, '0', /greater than 0/, '')
    await figure.fill('-4')
    await page.getByRole('button', { name: 'Save operation' }).click()
    await expect.poll(() => figure.getAttribute('aria-invalid')).toBe('true')
    expect(await water.locator('.field-error').textContent()).toContain('greater than 0')

    await figure.fill('25')
    await page
      .getByRole('textbox', { name: 'Name', exact: true })
      .fill('Kanazawa floods, July 2026')
    await page.getByRole('button', { name: 'Save operation' }).click()
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Operation saved' }).count())
      .toBe(1)
    await expect.poll(() => heading(page).textContent()).toBe('Kanazawa floods, July 2026')
    const saved = (await (
      await fetch(`${harness.baseUrl}/api/operations/${operationId}`, {
        headers: { cookie: adminApi.headers.cookie },
      })
    ).json()) as { version: number; standards: Record<string, number> }
    expect(saved).toMatchObject({ version: 2, standards: { [WATER]: 25 } })
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await harness.screenshot(page, 'operations-edit-en')

    // The needs page sends the operation, and the server's answer says the figure is the operation's.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Needs' })
      .click()
    await page.waitForURL(/\/needs$/)
    await page
      .getByLabel('Operation')
      .selectOption({ label: 'Kanazawa floods, July 2026 (from 2026-07-01)' })
    await page.getByRole('textbox', { name: 'Affected people' }).fill('100')
    await page.getByRole('textbox', { name: 'Days to cover' }).fill('2')
    await page.getByRole('button', { name: 'Estimate needs' }).click()
    const result = page.getByRole('region', { name: 'Estimated needs' })
    await result.waitFor()
    const waterNeed = result.locator('tr[data-need="water"]')
    await expect
      .poll(() => waterNeed.locator('.arithmetic').textContent())
      .toContain('100 people × 2 days × 25 L/person/day = 5,000 L')
    expect(await waterNeed.textContent()).toContain("operation's figure")
    await result.locator('summary', { hasText: 'Standards used, with their edition' }).click()
    const used = result.locator('.standards-table tr', { hasText: WATER })
    expect(await used.locator('td[data-source]').getAttribute('data-source')).toBe('operation')
    expect(
      await result
        .locator('.standards-table tr', { hasText: 'food_energy_per_person_per_day' })
        .locator('td[data-source]')
        .textContent(),
    ).toBe('Sphere (bundled)')
    await harness.screenshot(page, 'operations-estimate-en')
    expect(problems).toEqual([])
  }, 120_000)

  it('shows the operation screen in Japanese', async () => {
    const { page, problems } = admin
    await page.goto(`/operations/${operationId}`)
    await switchLanguage(page, 'ja')
    await expect.poll(() => heading(page).textContent()).toBe('Kanazawa floods, July 2026')
    await page
      .getByRole('navigation', { name: 'メイン' })
      .getByRole('link', { name: 'オペレーション' })
      .waitFor()
    const figure = page.getByRole('textbox', {
      name: `${WATER} のこのオペレーションの値（litres/person/day）`,
    })
    expect(await figure.inputValue()).toBe('25')
    expect(await page.getByRole('button', { name: 'オペレーションを保存' }).count()).toBe(1)
    await figure.fill('0')
    await page.getByRole('button', { name: 'オペレーションを保存' }).click()
    await expect
      .poll(() => page.locator(`tr[data-standard="${WATER}"] .field-error`).textContent())
      .toContain('0より大きく')
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await harness.screenshot(page, 'operations-edit-ja')
    await switchLanguage(page, 'en')
    expect(problems).toEqual([])
  }, 120_000)
})
