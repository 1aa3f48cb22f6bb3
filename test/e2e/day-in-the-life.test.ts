/**
 * A day in the life of the hub, end to end in the browser (issue 8's proof): a real node with the demo
 * hubs, stock and route network, the built web app, Debian's Chromium. Four people, each in their own
 * browser, do their part through the screens, and the records of each step flow into the next:
 *
 * 1. the coordinator signs in on the sign-in screen and opens the dashboard (the figures before the day);
 * 2. a logistician receives alpha rice — an item the demo holds nowhere — at the Komatsu hub on the
 *    receive form, and sees it on the stock page;
 * 3. a requester of an NGO (Peace Winds Japan) asks for part of it for a shelter in Wajima on the
 *    new-request form and submits it; a planner validates it on the request's page;
 * 4. the planner makes a plan on the plans screen, sees it finish with one consignment from Komatsu to
 *    the shelter carrying exactly what was asked, and approves it;
 * 5. the logistician opens that consignment from the consignments list, loads and dispatches it; the
 *    coordinator sees it on its way on the map; it arrives and is received at the shelter with proof of
 *    delivery (the receiver's name and a signature drawn with the mouse, the device's location);
 * 6. the request reads delivered, its line fully delivered; the map no longer shows it on its way; the
 *    dashboard's stock and pipeline moved by exactly the day's quantities.
 *
 * The same day runs twice in one node: in English, then with every browser's language Japanese (another
 * rice, another requester's request) — the whole flow rather than a visit of each screen, since it stays
 * within a few minutes and proves the Japanese screens can be worked, not only read. Numbers on the
 * dashboard are read before and after each day, so the second day asserts its own change.
 *
 * Set up by the API, because nobody does it in this story: a 10-tonne truck based at Komatsu (the plan
 * needs an asset to move anything). Everything else is done on the screens. The API is read only to
 * check the screens against the records. axe-core finds nothing serious on each main screen; every
 * page's recorded problems are empty; screenshots in test-results/screenshots/day-<language>-*.png.
 */
import { join } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DayWords, dayWords, type Language } from './day-words.js'
import {
  type ApiSession,
  type Harness,
  screenshotDir,
  seriousAccessibilityViolations,
  signIn,
  startHarness,
  type TrackedPage,
} from './harness.js'

const logistician = {
  username: 'logistician',
  password: 'logistics-password-2024',
  roles: ['logistician'],
  displayName: 'Hub Logistician',
}
const planner = {
  username: 'planner',
  password: 'planner-password-2024',
  roles: ['planner'],
  displayName: 'Hub Planner',
}
const requester = {
  username: 'pwj-requester',
  password: 'pwj-password-2024',
  roles: ['requester'],
  org: 'NGO-PWJ',
  displayName: 'PWJ Field Officer',
}

/** A shelter in Wajima, at the end of a road route from the Komatsu hub. */
const shelter = { code: 'GSI:E1720400004111', name: '輪島市立輪島中学校（武道館）' }
const hub = { code: 'HUB:KOMATSU', en: 'Komatsu Airport Relief Hub', ja: '小松空港 救援物資拠点' }
/** Where the logistician's device says it is when the rice is received: at the shelter. */
const atShelter = { latitude: 37.3905, longitude: 136.9006, accuracy: 20 }

/** What each day moves: an item the demo stocks nowhere, so every number of it is the day's own. */
const days: Record<
  Language,
  { item: string; received: number; lot: string; asked: number; source: string }
> = {
  en: {
    item: 'KZ-FOOD-002',
    received: 400,
    lot: 'JRC-0427',
    asked: 300,
    source: 'Japanese Red Cross',
  },
  ja: { item: 'KZ-FOOD-003', received: 240, lot: 'JRC-0512', asked: 180, source: '日本赤十字社' },
}

let harness: Harness
let admin: ApiSession

beforeAll(async () => {
  harness = await startHarness({ users: [logistician, planner, requester] })
  admin = await harness.apiSession(harness.users.admin.username, harness.users.admin.password)
  const komatsu = (await read(`/api/places?q=${encodeURIComponent(hub.code)}`)) as {
    places: { id: string; code: string }[]
  }
  await call('POST', '/api/assets', {
    type: 'TRUCK-10T',
    name: 'Ishikawa truck 10-27',
    base: komatsu.places.find((place) => place.code === hub.code)?.id,
  })
}, 180_000)

afterAll(async () => {
  await harness?.close()
}, 60_000)

async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${harness.baseUrl}${path}`, {
    method,
    headers: {
      ...admin.headers,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!response.ok)
    throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`)
  return response.json()
}

const read = (path: string) => call('GET', path)

function heading(page: Page) {
  return page.getByRole('heading', { level: 1 })
}

function nav(page: Page, words: DayWords, name: string) {
  return page.getByRole('navigation', { name: words.nav.main }).getByRole('link', {
    name,
    exact: true,
  })
}

/** Types into a search-to-choose field and clicks the first option that has `option` in it. */
async function choose(scope: Page | Locator, field: string, text: string, option: string) {
  const combobox = scope.getByRole('combobox', { name: field, exact: true })
  await combobox.fill(text)
  await scope
    .getByRole('listbox', { name: field, exact: true })
    .getByRole('option')
    .filter({ hasText: option })
    .first()
    .click()
  await expect.poll(() => combobox.getAttribute('aria-expanded')).toBe('false')
}

/**
 * axe-core's serious violations once no table is reloading: a table being read again is dimmed on
 * purpose (aria-busy), which axe would report as too little contrast.
 */
async function settledViolations(page: Page): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    await expect.poll(() => page.locator('[aria-busy="true"]').count()).toBe(0)
    // A live notice can start a reload while axe reads the page: seen, the check is made again.
    await page.evaluate(WATCH_BUSY)
    const violations = await seriousAccessibilityViolations(page)
    const busy = await page.evaluate(
      'window.busySeen || document.querySelector(\'[aria-busy="true"]\') !== null',
    )
    if (!busy || attempt === 5) return violations
  }
}

/** Run in the page: notes in `window.busySeen` whether any table starts reloading from now on. */
const WATCH_BUSY = `
  window.busySeen = false
  window.busyWatch?.disconnect()
  window.busyWatch = new MutationObserver(() => {
    if (document.querySelector('[aria-busy="true"]')) window.busySeen = true
  })
  window.busyWatch.observe(document.body, {
    attributes: true, attributeFilter: ['aria-busy'], subtree: true, childList: true,
  })
`

/** A whole-page screenshot, test-results/screenshots/day-<language>-<name>.png. */
async function shot(page: Page, language: Language, name: string): Promise<void> {
  await page.screenshot({
    path: join(screenshotDir, `day-${language}-${name}.png`),
    fullPage: true,
  })
}

/** The last 8 hex digits of an id, upper case: how the screens name a consignment or a plan. */
function shortRef(id: string): string {
  return id.replace(/-/g, '').slice(-8).toUpperCase()
}

/** A datetime-local value `days` from now at 09:00 in Japan (the browsers run in Asia/Tokyo). */
function tokyoMorning(days: number): string {
  const day = new Date(Date.now() + 9 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10)
  return `${day}T09:00`
}

const whole = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, ''))

/** The dashboard's figures as its tables show them, read on the coordinator's page. */
interface Figures {
  /** Each stage of the pipeline, added up over the days the table shows. */
  pipeline: number[]
  /** Posted food at the hub and at the shelter (0 where the table has no row). */
  hubFood: number
  shelterFood: number
}

async function dashboardFigures(page: Page, words: DayWords): Promise<Figures> {
  await page.goto('/dashboard')
  await expect.poll(() => heading(page).textContent()).toBe(words.dashboard.title)
  const panel = (figure: string) => page.locator(`[data-figure="${figure}"]`)
  await panel('stock').locator('svg[role="img"]').waitFor()
  for (const figure of ['stock', 'pipeline']) {
    const table = panel(figure).locator('table')
    if (!(await table.isVisible())) await panel(figure).getByText(words.dashboard.showTable).click()
    await table.waitFor()
  }
  const rows = await panel('pipeline')
    .locator('tbody tr')
    .evaluateAll((all) =>
      all.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent)),
    )
  const pipeline = [0, 1, 2, 3, 4].map((stage) =>
    rows.reduce((sum, cells) => sum + whole(cells[stage] ?? '0'), 0),
  )
  const food = async (code: string) => {
    const row = panel('stock')
      .locator('tbody tr')
      .filter({ has: page.locator('th', { hasText: code }) })
      .filter({ has: page.locator('td', { hasText: words.dashboard.food }) })
    if ((await row.count()) === 0) return 0
    return whole(await row.locator('td').nth(1).textContent())
  }
  return { pipeline, hubFood: await food(hub.code), shelterFood: await food(shelter.code) }
}

/** The map's drawn layers, as the page counts them (canvas markers are not DOM elements). */
interface MapCounts {
  hubs: { points: number }
  requests: { points: number }
  lines: { consignments: number }
}

async function mapReady(page: Page): Promise<MapCounts> {
  await expect
    .poll(() => page.evaluate('window.__kizunaMap ? window.__kizunaMap.pointCount() : 0'), {
      timeout: 60_000,
    })
    .toBeGreaterThan(1000)
  await page.locator('.map-updated').waitFor()
  await expect
    .poll(() => page.locator('.map-status').textContent())
    .not.toMatch(/Loading|読み込み中/)
  return (await page.evaluate('window.__kizunaMap.counts()')) as MapCounts
}

describe.each(['en', 'ja'] as const)('a day in the life of the hub (%s)', (language) => {
  const words = dayWords[language]
  const day = days[language]
  const locale = language === 'ja' ? 'ja-JP' : 'en-GB'
  const n = words.number
  const unit = words.unit.pack
  const people = {} as Record<'coordinator' | 'logistician' | 'planner' | 'requester', TrackedPage>
  const made = { request: '', requestCode: '', plan: '', consignment: '' }
  let before: Figures
  let itemName = ''

  const allProblems = () =>
    Object.entries(people).flatMap(([who, tracked]) => tracked.problems.map((p) => `${who}: ${p}`))

  it('the coordinator signs in and opens the dashboard', async () => {
    for (const who of ['coordinator', 'logistician', 'planner', 'requester'] as const)
      people[who] = await harness.newPage({
        locale,
        ...(who === 'logistician' ? { geolocation: atShelter, permissions: ['geolocation'] } : {}),
      })
    const { page } = people.coordinator
    await page.goto('/dashboard')
    await page.waitForURL((url) => url.pathname === '/sign-in')
    await expect.poll(() => heading(page).textContent()).toBe(words.signIn)
    expect(await page.evaluate('document.documentElement.lang')).toBe(language)
    expect(await settledViolations(page)).toEqual([])
    await shot(page, language, '01-sign-in')
    await signIn(page, harness.users.admin.username, harness.users.admin.password)
    await page.waitForURL((url) => url.pathname === '/dashboard')
    before = await dashboardFigures(page, words)
    expect(before.hubFood).toBeGreaterThan(0) // the demo's opening stock of other food
    await shot(page, language, '02-dashboard-before')
    expect(allProblems()).toEqual([])
  }, 60_000)

  it('a logistician receives rice at the Komatsu hub, and the stock page shows it', async () => {
    const { page } = people.logistician
    await page.goto('/stock')
    await signIn(page, logistician.username, logistician.password)
    await expect.poll(() => heading(page).textContent()).toBe(words.stock.title)
    await page
      .getByRole('navigation', { name: words.stock.movements })
      .getByRole('link', { name: words.stock.receive })
      .click()
    await page.waitForURL((url) => url.pathname === '/stock/receive')
    await expect.poll(() => heading(page).textContent()).toBe(words.stock.receiveTitle)
    await choose(page, words.stock.place, hub.code, hub[language])
    const item = page.getByRole('combobox', { name: words.stock.item, exact: true })
    await item.fill(day.item)
    await page.getByRole('option').filter({ hasText: day.item }).first().click()
    itemName = await item.inputValue()
    expect(itemName).toMatch(language === 'ja' ? /^アルファ化米/ : /^Alpha rice/)
    await page.getByRole('textbox', { name: words.stock.quantity(unit) }).fill(String(day.received))
    await page.getByRole('textbox', { name: words.stock.lot }).fill(day.lot)
    await page.getByLabel(words.stock.expiresOn).fill(`${new Date().getFullYear() + 4}-12-31`)
    await page.getByRole('combobox', { name: words.stock.source }).fill(day.source)
    await page.getByRole('textbox', { name: words.stock.document }).fill(`DN-${day.lot}`)
    expect(await page.locator('.field-error').count()).toBe(0)
    expect(await settledViolations(page)).toEqual([])
    await shot(page, language, '03-stock-receive')
    await page.getByRole('button', { name: words.stock.submit }).click()
    await expect
      .poll(() => page.getByRole('heading', { level: 2 }).first().textContent())
      .toBe(words.stock.recorded)
    expect(await page.locator('.recorded-accounts li').first().textContent()).toContain(
      words.stock.balance(n(day.received), n(day.received)),
    )

    // Back on the stock page, narrowed to the hub and the rice: the lot as received.
    await page.getByRole('link', { name: words.stock.back }).click()
    await expect.poll(() => heading(page).textContent()).toBe(words.stock.title)
    await choose(page, words.stock.place, hub.code, hub[language])
    await page.getByRole('searchbox', { name: words.stock.searchItems }).fill(day.item)
    await page.waitForURL((url) => url.searchParams.get('q') === day.item)
    await page.locator('table.stock-table[aria-busy="false"]').waitFor()
    await expect
      .poll(() =>
        page
          .getByRole('heading', { level: 2, name: words.stock.balancesAt(hub[language]) })
          .count(),
      )
      .toBe(1)
    const row = page
      .locator('.stock-table tbody tr')
      .filter({ has: page.getByRole('cell', { name: day.lot, exact: true }) })
    await expect.poll(() => row.count()).toBe(1)
    // The owner's code arrives after the rows.
    await expect.poll(() => row.getByRole('cell').allTextContents()).toContain('JP-CAO')
    const cells = await row.getByRole('cell').allTextContents()
    expect(cells[0]).toContain(day.item)
    // Posted, reserved (none), available.
    expect(cells.slice(4, 7)).toEqual([n(day.received), '—', n(day.received)])
    expect(await settledViolations(page)).toEqual([])
    await shot(page, language, '04-stock')
    expect(allProblems()).toEqual([])
  }, 60_000)

  it('a requester asks for it for a shelter in Wajima; a planner validates the request', async () => {
    const { page } = people.requester
    await page.goto('/requests')
    await signIn(page, requester.username, requester.password)
    await expect.poll(() => heading(page).textContent()).toBe(words.requests.title)
    await page.getByRole('link', { name: words.requests.new }).click()
    await page.waitForURL(/\/requests\/new$/)
    await expect.poll(() => heading(page).textContent()).toBe(words.requests.newTitle)
    await choose(page, words.requests.destination, shelter.name, shelter.name)
    await page.getByLabel(words.requests.neededBy).fill(tokyoMorning(2))
    await page
      .getByLabel(words.requests.justification)
      .fill(
        language === 'ja'
          ? '避難者180人分の食料が2日分足りない。'
          : 'Food for 300 evacuees has run out; the road opened this morning.',
      )
    const line = page.getByRole('group', { name: words.requests.line1 })
    const item = line.getByRole('combobox', { name: words.requests.item })
    await item.fill(day.item)
    await line.getByRole('option').filter({ hasText: day.item }).first().click()
    await expect.poll(() => item.inputValue()).toBe(itemName)
    await line.getByRole('textbox', { name: words.requests.quantity }).fill(String(day.asked))
    await line.getByLabel(words.requests.priority).selectOption('life-saving')
    expect(await page.locator('.field-error').count()).toBe(0)
    expect(await settledViolations(page)).toEqual([])
    await shot(page, language, '05-request-form')
    await page.getByRole('button', { name: words.requests.save }).click()
    await page.waitForURL(/\/requests\/[0-9a-f-]{36}$/)
    made.request = page.url().split('/').pop() as string
    const status = page.locator('h1 .request-status')
    await expect.poll(() => status.textContent()).toBe(words.requests.status.draft)
    made.requestCode = (await page.locator('h1 .request-code').textContent()) ?? ''
    expect(made.requestCode).not.toBe('')
    const actions = page.getByRole('group', { name: words.requests.actions })
    await actions.getByRole('button', { name: words.requests.submit, exact: true }).click()
    await expect.poll(() => status.textContent()).toBe(words.requests.status.submitted)
    expect(allProblems()).toEqual([])

    // The planner finds it on the board, opens it and validates it.
    const planning = people.planner.page
    await planning.goto('/requests')
    await signIn(planning, planner.username, planner.password)
    await expect.poll(() => heading(planning).textContent()).toBe(words.requests.title)
    const link = planning.getByRole('link', { name: made.requestCode, exact: true })
    await link.click()
    await planning.waitForURL((url) => url.pathname === `/requests/${made.request}`)
    const reviewed = planning.locator('h1 .request-status')
    await expect.poll(() => reviewed.textContent()).toBe(words.requests.status.submitted)
    await expect
      .poll(() => planning.locator('.request-fields').textContent())
      .toContain(shelter.name)
    await planning
      .getByRole('group', { name: words.requests.actions })
      .getByRole('button', { name: words.requests.validate, exact: true })
      .click()
    await expect.poll(() => reviewed.textContent()).toBe(words.requests.status.validated)
    expect(await settledViolations(planning)).toEqual([])
    await shot(planning, language, '06-request-validated')
    const stored = (await read(`/api/requests/${made.request}`)) as {
      status: string
      org: string
      lines: { quantity: number; priority: string }[]
    }
    expect(stored.status).toBe('validated')
    expect(stored.lines).toMatchObject([{ quantity: day.asked, priority: 'life-saving' }])
    expect(allProblems()).toEqual([])
  }, 60_000)

  it('the planner makes a plan that serves it from the received rice, and approves it', async () => {
    const { page } = people.planner
    await nav(page, words, words.nav.plans).click()
    await expect.poll(() => heading(page).textContent()).toBe(words.plans.title)
    const form = page.locator('.new-plan')
    expect(await form.getByRole('textbox', { name: words.plans.horizon }).inputValue()).toBe('72')
    await form.getByRole('button', { name: words.plans.make }).click()
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}$/)
    made.plan = new URL(page.url()).pathname.split('/').pop() as string
    const status = page.locator('.plan-status').first()
    await expect.poll(() => status.textContent(), { timeout: 60_000 }).toBe(words.plans.draft)

    // One consignment, Komatsu to the shelter, carrying the asked quantity of this rice for this request.
    const sorties = page.locator('.plan-consignments .sortie-table tbody tr')
    await expect.poll(() => sorties.count()).toBe(1)
    const sortie = sorties.first()
    await expect
      .poll(() => sortie.locator('td').nth(1).textContent())
      .toBe(`${hub[language]} → ${shelter.name}`)
    await expect
      .poll(() => sortie.locator('.sortie-lines li').allTextContents())
      .toEqual([expect.stringContaining(itemName)])
    const lines = await sortie.locator('.sortie-lines li').allTextContents()
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(itemName)
    expect(lines[0]).toContain(`${n(day.asked)}`)
    expect(lines[0]).toContain(shortRef(made.request))
    expect(await page.locator('.unmet-group').count()).toBe(0)
    expect(await settledViolations(page)).toEqual([])
    await shot(page, language, '07-plan-draft')

    await page.getByRole('button', { name: words.plans.approve, exact: true }).click()
    const dialog = page.getByRole('dialog', { name: words.plans.approveTitle })
    await dialog.getByRole('button', { name: words.plans.approveConfirm }).click()
    await expect.poll(() => status.textContent()).toBe(words.plans.approved)
    const done = page.locator('.success')
    await expect.poll(() => done.locator('p').textContent()).toBe(words.plans.approvedOne)
    const plan = (await read(`/api/plans/${made.plan}`)) as {
      status: string
      consignments: string[]
    }
    expect(plan.status).toBe('approved')
    expect(plan.consignments).toHaveLength(1)
    made.consignment = plan.consignments[0] as string
    expect(await done.getByRole('link').textContent()).toContain(shortRef(made.consignment))
    await shot(page, language, '08-plan-approved')
    expect(allProblems()).toEqual([])
  }, 90_000)

  it('the logistician dispatches the consignment, and the coordinator sees it on its way on the map', async () => {
    const { page } = people.logistician
    await nav(page, words, words.nav.consignments).click()
    await expect.poll(() => heading(page).textContent()).toBe(words.consignments.title)
    await page.getByLabel(words.consignments.filterStatus).selectOption('planned')
    await page.waitForURL(/status=planned/)
    const rows = page.locator('.consignment-table tbody tr')
    await expect.poll(() => rows.count()).toBe(1)
    await expect.poll(() => rows.first().textContent()).toContain(shelter.name)
    expect(await settledViolations(page)).toEqual([])
    await shot(page, language, '09-consignments')
    await rows.first().getByRole('link').first().click()
    await page.waitForURL((url) => url.pathname === `/consignments/${made.consignment}`)
    const status = page.locator('.consignment-status').first()
    await expect.poll(() => status.textContent()).toBe(words.consignments.status.planned)
    const line = page.locator('.line-table tbody tr')
    await expect.poll(() => line.count()).toBe(1)
    await expect.poll(() => line.first().textContent()).toContain(`${n(day.asked)} ${unit}`)
    await expect
      .poll(() => line.first().locator('.picks li').allTextContents())
      .toEqual([expect.stringMatching(new RegExp(`^${day.lot}.*[:：] ?${n(day.asked)}$`))])
    await page.getByRole('button', { name: words.consignments.load }).click()
    await expect.poll(() => status.textContent()).toBe(words.consignments.status.loading)
    await page.getByRole('button', { name: words.consignments.dispatch, exact: true }).click()
    await expect.poll(() => status.textContent()).toBe(words.consignments.status.dispatched)
    await expect.poll(() => page.locator('.tracking-eta').textContent()).toMatch(/JST/)
    expect(await settledViolations(page)).toEqual([])
    await shot(page, language, '10-consignment-dispatched')

    // On the coordinator's map: the consignment on its way, the request at the shelter.
    const map = people.coordinator.page
    await nav(map, words, words.nav.map).click()
    const drawn = await mapReady(map)
    await expect
      .poll(async () => ((await map.evaluate('window.__kizunaMap.counts()')) as MapCounts).lines)
      .toMatchObject({ consignments: 1 })
    expect(drawn.hubs.points).toBe(5)
    expect(drawn.requests.points).toBe(1)
    const legend = map.locator('.map-legend')
    expect(await legend.locator('[data-layer="consignments"] .legend-name').textContent()).toBe(
      words.map.consignments,
    )
    await expect
      .poll(() => legend.locator('[data-layer="consignments"] .legend-count').textContent())
      .toBe('1')
    expect(await settledViolations(map)).toEqual([])
    await shot(map, language, '11-map-on-its-way')
    expect(allProblems()).toEqual([])
  }, 90_000)

  it('it arrives and is received at the shelter with proof of delivery', async () => {
    const { page } = people.logistician
    const status = page.locator('.consignment-status').first()
    await page.getByRole('button', { name: words.consignments.arrive }).click()
    await expect.poll(() => status.textContent()).toBe(words.consignments.status.arrived)
    await page.getByRole('link', { name: words.consignments.receive, exact: true }).click()
    await page.waitForURL(/\/receive$/)
    await expect
      .poll(() => heading(page).textContent())
      .toBe(words.consignments.receiptTitle(shortRef(made.consignment)))
    await expect.poll(() => page.locator('.location').textContent()).toContain('37.3905, 136.9006')
    const received = page
      .locator('.receipt-line')
      .first()
      .getByRole('textbox', { name: words.consignments.received, exact: true })
    expect(await received.inputValue()).toBe(String(day.asked))
    await page
      .getByRole('textbox', { name: words.consignments.receivedBy })
      .fill(words.consignments.proofName)
    const pad = page.locator('canvas.signature-pad')
    await pad.scrollIntoViewIfNeeded()
    const box = await pad.boundingBox()
    if (!box) throw new Error('no signature pad')
    await page.mouse.move(box.x + 30, box.y + 110)
    await page.mouse.down()
    for (let i = 1; i <= 16; i++)
      await page.mouse.move(box.x + 30 + i * 18, box.y + 110 - Math.sin(i / 2) * 50, { steps: 2 })
    await page.mouse.up()
    expect(await settledViolations(page)).toEqual([])
    await shot(page, language, '12-receipt')
    await page.getByRole('button', { name: words.consignments.save }).click()
    await page.waitForURL((url) => url.pathname === `/consignments/${made.consignment}`)
    await expect.poll(() => status.textContent()).toBe(words.consignments.status.received)
    const proof = page.locator('.delivery-proof')
    await expect
      .poll(() => proof.locator('.proof-name').textContent())
      .toBe(words.consignments.proofName)
    expect(await proof.locator('img.proof-signature').count()).toBe(1)
    expect(await proof.textContent()).toContain('37.3905, 136.9006')
    await expect
      .poll(() => page.locator('.line-table tbody tr .received-cell').first().textContent())
      .toBe(`${n(day.asked)} ${unit}`)
    expect(await settledViolations(page)).toEqual([])
    await shot(page, language, '13-consignment-received')
    expect(allProblems()).toEqual([])
  }, 60_000)

  it('the request reads delivered; the map and the dashboard show the day', async () => {
    // The requester's own request: delivered, in full.
    const { page } = people.requester
    await page.reload()
    const status = page.locator('h1 .request-status')
    await expect.poll(() => status.textContent()).toBe(words.requests.status.delivered)
    // Needed by: written the language's way, in Japan's time, said to be JST.
    expect(await page.locator('.request-fields').textContent()).toContain(
      words.neededBy(tokyoMorning(2)),
    )
    await expect
      .poll(() => page.locator('.line-progress').first().textContent())
      .toContain(words.requests.progress(n(day.asked), n(day.asked), n(day.asked), n(day.asked)))
    expect(await settledViolations(page)).toEqual([])
    await shot(page, language, '14-request-delivered')

    // The map: nothing on its way any more.
    const coordinator = people.coordinator.page
    await coordinator.reload()
    await mapReady(coordinator)
    await expect
      .poll(
        async () =>
          ((await coordinator.evaluate('window.__kizunaMap.counts()')) as MapCounts).lines,
      )
      .toMatchObject({ consignments: 0 })
    await shot(coordinator, language, '15-map-delivered')

    // The dashboard: the rice in at the hub and out to the shelter, and each stage of the pipeline
    // moved by what was asked (requested, validated, planned, dispatched, delivered).
    const after = await dashboardFigures(coordinator, words)
    expect(after.hubFood - before.hubFood).toBe(day.received - day.asked)
    expect(after.shelterFood - before.shelterFood).toBe(day.asked)
    expect(after.pipeline.map((stage, i) => stage - (before.pipeline[i] ?? 0))).toEqual([
      day.asked,
      day.asked,
      day.asked,
      day.asked,
      day.asked,
    ])
    const pipeline = coordinator.locator('[data-figure="pipeline"]')
    expect(await pipeline.getByRole('heading').first().textContent()).toBe(words.dashboard.pipeline)
    expect(await pipeline.locator('thead th').allTextContents()).toEqual(
      expect.arrayContaining(words.dashboard.stages),
    )
    expect(
      await coordinator.locator('[data-figure="stock"]').getByRole('heading').first().textContent(),
    ).toBe(words.dashboard.stock)
    // Every bar's label stays inside its chart, the shelter's long Japanese name too.
    const stockChart = coordinator.locator('[data-figure="stock"] svg[role="img"]')
    const chartLeft = (await stockChart.boundingBox())?.x ?? Number.NaN
    const labels = stockChart.locator('.chart-label')
    expect(await labels.allTextContents()).toContainEqual(expect.stringMatching(/^輪島市立/))
    for (const box of await labels.evaluateAll((all) =>
      all.map((label) => label.getBoundingClientRect().left),
    ))
      expect(box).toBeGreaterThanOrEqual(chartLeft)
    expect(await settledViolations(coordinator)).toEqual([])
    await shot(coordinator, language, '16-dashboard-after')
    expect(allProblems()).toEqual([])
    for (const tracked of Object.values(people)) await tracked.context.close()
  }, 90_000)
})
