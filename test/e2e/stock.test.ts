/**
 * The stock screens in the browser, end to end: a real node (demo hubs, run by the node's organisation
 * JP-CAO, which the harness admin belongs to), the built web app, Debian's Chromium. Receives drinking
 * water at Komatsu hub through the form (searching place and item, by pointer and by keyboard, checking
 * quantities as they are typed), sees it on the stock page with weight, volume, expiry flags and totals
 * (bars, table, CSV), moves part to the Noto airport staging area, records a loss, is refused an issue
 * of more than is available (nothing changes), sends an issue again after a lost answer (recorded
 * once), adjusts after a count and reads every line of the stock card with its running balance; the
 * stock as it stood before the move; Japanese; a viewer; a tablet; axe-core. Screenshots:
 * test-results/screenshots/stock-*.png.
 */
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { balanceListSchema, stockCardSchema } from '../../src/contract/stock.js'
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
/** One admin page for the whole file, signed in once (sign-ins are rate-limited per address). */
let admin: TrackedPage
let adminApi: ApiSession
const ids = { komatsu: '', noto: '', item: '', owner: '' }

const DAY = 86_400_000
/** A calendar day in Japan (the browser's zone here), `days` from today. */
function dayInJapan(days: number): string {
  return new Date(Date.now() + 9 * 3_600_000 + days * DAY).toISOString().slice(0, 10)
}
const lotA = 'LOT-A'
const lotAExpires = dayInJapan(20)
const lotOld = 'LOT-OLD'

function api(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${harness.baseUrl}${path}`, init)
}

async function getJson(path: string): Promise<unknown> {
  const response = await api(path, { headers: { cookie: adminApi.headers.cookie } })
  expect(response.status, path).toBe(200)
  return response.json()
}

async function postJson(path: string, body: unknown): Promise<Response> {
  return api(path, {
    method: 'POST',
    headers: { ...adminApi.headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
}

/** The Komatsu balances of the test item, by lot, from the API. */
async function komatsuByLot(): Promise<Record<string, { posted: number; available: number }>> {
  const list = balanceListSchema.parse(
    await getJson(`/api/stock?place=${ids.komatsu}&item=${ids.item}&nonZero=false`),
  )
  return Object.fromEntries(
    list.balances.map((b) => [b.lot, { posted: b.posted, available: b.available }]),
  )
}

function heading(page: Page) {
  return page.getByRole('heading', { level: 1 })
}

/** Types into a search-to-choose field and clicks the option whose name matches. */
async function choose(page: Page, field: string, text: string, option: RegExp): Promise<void> {
  const combobox = page.getByRole('combobox', { name: field, exact: true })
  await combobox.fill(text)
  await page.getByRole('option', { name: option }).click()
  await expect.poll(() => combobox.getAttribute('aria-expanded')).toBe('false')
}

function movementNav(page: Page) {
  return page.getByRole('navigation', { name: /^(Record a movement|入出庫の記録)$/ })
}

/** The problems of a page, less those the test caused on purpose (matched by substring). */
function unexpected(problems: string[], ...expected: string[]): string[] {
  return problems.filter((problem) => !expected.some((each) => problem.includes(each)))
}

/** The cells of the balance row of a lot, as text (on a list of one place: no place column). */
function balanceCells(page: Page, lot: string) {
  return page
    .locator('.stock-table tbody tr')
    .filter({ has: page.getByRole('cell', { name: lot, exact: true }) })
    .getByRole('cell')
    .allTextContents()
}

/** A screenshot of the whole page (the stock screens are taller than the window). */
async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true })
}

beforeAll(async () => {
  harness = await startHarness()
  const { username, password } = harness.users.admin
  adminApi = await harness.apiSession(username, password)
  const places = (await getJson('/api/places?type=hub,staging-area&q=&limit=50')) as {
    places: { id: string; code: string }[]
  }
  ids.komatsu = places.places.find((p) => p.code === 'HUB:KOMATSU')?.id ?? ''
  ids.noto = places.places.find((p) => p.code === 'STAGE:NOTO-AIRPORT')?.id ?? ''
  const items = (await getJson('/api/items?q=KZ-WASH-003&limit=5')) as {
    items: { id: string; code: string }[]
  }
  ids.item = items.items.find((i) => i.code === 'KZ-WASH-003')?.id ?? ''
  ids.owner = ((await getJson('/api/auth/session')) as { org: { id: string } }).org.id
  expect(Object.values(ids).every(Boolean), JSON.stringify(ids)).toBe(true)

  // A lot that expired three days ago, received by the API: shown flagged, never picked first-expiry-first-out.
  const old = await postJson('/api/stock/receive', {
    id: crypto.randomUUID(),
    place: ids.komatsu,
    item: ids.item,
    owner: ids.owner,
    quantity: 10,
    lot: lotOld,
    expiresOn: dayInJapan(-3),
    source: 'Kanazawa City stockpile',
  })
  expect(old.status).toBe(201)

  admin = await harness.newPage()
  await admin.page.goto('/stock')
  await signIn(admin.page, username, password)
}, 180_000)

afterAll(async () => {
  await harness?.close()
}, 60_000)

beforeEach(async () => {
  // Each test starts in English, even after one that failed in Japanese.
  if ((await admin.page.evaluate('document.documentElement.lang')) === 'ja')
    await switchLanguage(admin.page, 'en')
  admin.problems.length = 0
})

describe('stock in the browser', () => {
  let receivedCard = ''

  it('receives water at Komatsu hub through the form, checking the fields as they are typed', async () => {
    const { page, problems } = admin
    await page.goto('/stock')
    await expect.poll(() => heading(page).textContent()).toBe('Stock')
    await movementNav(page).getByRole('link', { name: 'Receive' }).click()
    await page.waitForURL((url) => url.pathname === '/stock/receive')
    await expect.poll(() => heading(page).textContent()).toBe('Receive stock')
    // The first field has the focus: nothing else on this screen comes before it.
    await expect
      .poll(() => page.evaluate('document.activeElement?.getAttribute("name")'))
      .toBe('place')

    // Sending an empty form names every missing field, and sends nothing.
    await page.getByRole('button', { name: 'Record receipt' }).click()
    expect(await page.locator('.field-error').allTextContents()).toEqual([
      'Choose a place from the list.',
      'Choose an item from the list.',
      'Required.', // quantity
      'Required.', // donor or supplier
    ])

    await choose(page, 'Place', 'komatsu', /Komatsu Airport Relief Hub/)
    // The item by keyboard: type, the first match is active, Enter chooses it.
    const item = page.getByRole('combobox', { name: 'Item', exact: true })
    await item.fill('KZ-WASH-003')
    await page.getByRole('option', { name: /KZ-WASH-003/ }).waitFor()
    expect(await item.getAttribute('aria-activedescendant')).toBeTruthy()
    await item.press('Enter')
    await expect
      .poll(() => item.inputValue())
      .toBe('Drinking water, mineral water, 2 L PET bottle (standard shelf life)')
    expect(await page.getByRole('combobox', { name: 'Owner' }).count()).toBe(1)

    // Quantities: whole and greater than 0, said as they are typed.
    const quantity = page.getByRole('textbox', { name: 'Quantity (bottle)' })
    const quantityError = () =>
      page.locator('.field-box', { has: quantity }).locator('.field-error').textContent()
    await quantity.fill('12.5')
    await expect.poll(quantityError).toBe('A whole number: digits only, no decimals or signs.')
    expect(await quantity.getAttribute('aria-invalid')).toBe('true')
    await quantity.fill('0')
    await expect.poll(quantityError).toBe('Greater than 0.')
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await quantity.fill('120')
    await expect
      .poll(() => page.locator('.field-box', { has: quantity }).locator('.field-error').count())
      .toBe(0)

    await page.getByRole('textbox', { name: 'Lot (optional)' }).fill(lotA)
    // A date already past is said (the lot would arrive expired), but does not stop the receipt.
    await page.getByLabel('Expires on (optional)').fill(dayInJapan(-1))
    await expect
      .poll(() => page.locator('.field-warning').textContent())
      .toMatch(/^This date has passed: the lot is received as expired/)
    await page.getByLabel('Expires on (optional)').fill(lotAExpires)
    await page.getByRole('combobox', { name: 'Donor or supplier' }).fill('AU-DFAT')
    await page.getByRole('textbox', { name: 'Document number (optional)' }).fill('DN-0001')
    expect(await page.locator('.field-error').count()).toBe(0)
    await shot(page, 'stock-receive-en')

    await page.getByRole('button', { name: 'Record receipt' }).click()
    await expect
      .poll(() => page.getByRole('heading', { level: 2 }).first().textContent())
      .toBe('Recorded')
    const cardLink = page.getByRole('link', { name: `Stock card: HUB:KOMATSU, lot ${lotA}` })
    await cardLink.waitFor()
    expect(await page.locator('.recorded-accounts li').first().textContent()).toContain(
      '120 posted, 120 available',
    )
    receivedCard = (await cardLink.getAttribute('href')) ?? ''
    expect(receivedCard).toMatch(/^\/stock\/accounts\/[0-9a-f-]{36}$/)
    await shot(page, 'stock-receive-recorded-en')
    expect(problems).toEqual([])
  })

  it('shows it on the stock page with weight, volume, expiry and the totals by category', async () => {
    const { page, problems } = admin
    await page.getByRole('link', { name: 'Back to the stock' }).click()
    await expect.poll(() => heading(page).textContent()).toBe('Stock')
    await choose(page, 'Place', 'HUB:KOMATSU', /Komatsu Airport Relief Hub/)
    await page.waitForURL((url) => url.searchParams.get('place') === ids.komatsu)
    await page.locator('table.stock-table[aria-busy="false"]').waitFor()
    await expect
      .poll(() => page.getByRole('heading', { level: 2, name: /^Balances/ }).textContent())
      .toBe('Balances at Komatsu Airport Relief Hub')

    // 120 bottles of 2.1 kg and 3.4 L; the lot expires in 20 days.
    await expect
      .poll(() => balanceCells(page, lotA))
      .toEqual([
        'Drinking water, mineral water, 2 L PET bottle (standard shelf life)KZ-WASH-003 · bottle',
        'JP-CAO',
        lotA,
        expect.stringMatching(/^\d{1,2} \w{3} \d{4}Expires in 20 days$/),
        '120',
        '—',
        '120',
        '252',
        '0.408',
      ])
    expect(await balanceCells(page, lotOld)).toEqual(
      expect.arrayContaining([expect.stringMatching(/Expired$/), '10', '21', '0.034']),
    )

    // The totals: a bar per category with its number (the demo's opening stock is here too) …
    const totals = page.getByRole('region', { name: 'Totals by category' })
    await expect
      .poll(() => totals.locator('.bar-label').allTextContents())
      .toEqual(['Food', 'Non-food items', 'Shelter', 'Water, sanitation and hygiene'])
    // … and, narrowed to the water received here, the same as a table and as CSV.
    await page.getByRole('searchbox', { name: 'Search items' }).fill('KZ-WASH-003')
    await page.waitForURL((url) => url.searchParams.get('q') === 'KZ-WASH-003')
    await expect
      .poll(() => totals.locator('.bar-row').allTextContents())
      .toEqual(['Water, sanitation and hygiene273 kg'])
    await totals.getByRole('button', { name: 'Volume' }).click()
    expect(await totals.getByRole('button', { name: 'Volume' }).getAttribute('aria-pressed')).toBe(
      'true',
    )
    expect(await totals.locator('.bar-row').allTextContents()).toEqual([
      'Water, sanitation and hygiene0.442 m³',
    ])
    await totals.getByText('The numbers as a table').click()
    expect(
      await totals
        .getByRole('row', { name: /Water, sanitation/ })
        .getByRole('cell')
        .allTextContents(),
    ).toEqual(['130', '130', '273', '0.442'])
    const csvHref = await totals
      .getByRole('link', { name: 'Download the totals (CSV)' })
      .getAttribute('href')
    const csv = decodeURIComponent((csvHref ?? '').replace(/^data:text\/csv;charset=utf-8,/, ''))
    expect(csv).toBe(
      '\uFEFFCategory code,Category,Quantity (base units),Available,Weight (kg),Volume (m³)\r\n' +
        'wash,"Water, sanitation and hygiene",130,130,273,0.442\r\n',
    )
    const rows = await page
      .getByRole('link', { name: 'Download these rows (CSV)' })
      .getAttribute('href')
    expect(decodeURIComponent(rows ?? '')).toContain(`HUB:KOMATSU,KZ-WASH-003,`)
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await shot(page, 'stock-en')
    expect(problems).toEqual([])
  })

  it('moves part to the Noto airport staging area, then records a loss', async () => {
    const { page, problems } = admin
    // From the stock page filtered to Komatsu: the form starts there.
    await movementNav(page).getByRole('link', { name: 'Move' }).click()
    await expect.poll(() => heading(page).textContent()).toBe('Move stock')
    const from = page.getByRole('combobox', { name: 'From', exact: true })
    await expect.poll(() => from.inputValue()).toBe('Komatsu Airport Relief Hub')
    await choose(page, 'To', 'noto', /Noto Satoyama Airport Staging Area/)
    await choose(page, 'Item', 'KZ-WASH-003', /KZ-WASH-003/)
    // Without a lot, the first to expire goes first; the expired lot is not counted as available.
    const lot = page.getByRole('combobox', { name: 'Lot' })
    await expect
      .poll(() => lot.locator('option').allTextContents())
      .toEqual([
        'Any lot, first to expire first (120 available)',
        expect.stringMatching(/^LOT-A — 120 available, expires /),
        expect.stringMatching(/^LOT-OLD — 10 available, expired /),
      ])
    await page.getByRole('textbox', { name: 'Quantity (bottle)' }).fill('30')
    await page.getByRole('textbox', { name: 'Reference (optional)' }).fill('REQ-NOTO-7')
    await shot(page, 'stock-move-en')
    await page.getByRole('button', { name: 'Record move' }).click()
    await page.getByRole('link', { name: `Stock card: STAGE:NOTO-AIRPORT, lot ${lotA}` }).waitFor()
    // Each end's balances are read apart: the origin's may come second.
    await expect
      .poll(() => page.locator('.recorded-accounts').textContent())
      .toContain(`Stock card: HUB:KOMATSU, lot ${lotA} — 90 posted, 90 available`)
    await shot(page, 'stock-move-recorded-en')

    // The loss, from the tab of the same screen (the place and item travel along).
    await movementNav(page).getByRole('link', { name: 'Loss' }).click()
    await expect.poll(() => heading(page).textContent()).toBe('Record a loss')
    await expect
      .poll(() => page.getByRole('combobox', { name: 'Item', exact: true }).inputValue())
      .toBe('Drinking water, mineral water, 2 L PET bottle (standard shelf life)')
    await page.getByRole('combobox', { name: 'Reason' }).selectOption('expired')
    await page.getByRole('textbox', { name: 'Quantity (bottle)' }).fill('5')
    // An expired write-off names its lot.
    await expect
      .poll(() => page.locator('.field-error').allTextContents())
      .toEqual(['Choose the expired lot to write off.'])
    await page.getByRole('combobox', { name: 'Reason' }).selectOption('damaged')
    await page.getByRole('combobox', { name: 'Lot' }).selectOption(`lot:${lotA}`)
    await page.getByRole('textbox', { name: 'Note (optional)' }).fill('Cases crushed by a forklift')
    await shot(page, 'stock-loss-en')
    await page.getByRole('button', { name: 'Record loss' }).click()
    await expect
      .poll(() => page.locator('.recorded-accounts').textContent())
      .toContain(`Stock card: HUB:KOMATSU, lot ${lotA} — 85 posted, 85 available`)
    expect(await komatsuByLot()).toEqual({
      [lotA]: { posted: 85, available: 85 },
      [lotOld]: { posted: 10, available: 10 },
    })
    expect(problems).toEqual([])
  })

  it('refuses to issue more than is available and changes nothing; a retry after a lost answer counts once', async () => {
    const { page, problems } = admin
    await page.goto(`/stock/issue?place=${ids.komatsu}&item=${ids.item}&owner=${ids.owner}`)
    await expect.poll(() => heading(page).textContent()).toBe('Issue stock')
    await expect
      .poll(() => page.getByRole('combobox', { name: 'Place', exact: true }).inputValue())
      .toBe('Komatsu Airport Relief Hub')
    const quantity = page.getByRole('textbox', { name: 'Quantity (bottle)' })
    await expect
      .poll(() =>
        page.locator('.field-box', { has: quantity }).locator('.field-hint').textContent(),
      )
      .toBe('85 available here.')
    await quantity.fill('500')
    await expect
      .poll(() => page.locator('.field-warning').textContent())
      .toBe('More than the 85 available here: the server will refuse it if it still is.')
    const movementId = await page.locator('.movement-id .code').textContent()
    // Every attempt is watched; the answer to the second is lost on its way back (the server did record it).
    const sent: string[] = []
    let dropNext = false
    await page.route('**/api/stock/issue', async (route) => {
      sent.push((route.request().postDataJSON() as { id: string }).id)
      if (!dropNext) return route.continue()
      dropNext = false
      await route.fetch()
      await route.abort('connectionreset')
    })
    await page.getByRole('button', { name: 'Record issue' }).click()
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe(
        'Not recorded: not enough available stock: 85 available in unexpired lots (10 more have expired), 500 asked for. Nothing was changed.',
      )
    await shot(page, 'stock-issue-refused-en')
    expect(await komatsuByLot()).toEqual({
      [lotA]: { posted: 85, available: 85 },
      [lotOld]: { posted: 10, available: 10 },
    })

    dropNext = true
    await quantity.fill('10')
    await page.getByRole('button', { name: 'Record issue' }).click()
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(
        /^Not recorded: the server cannot be reached\..*Send it again: it keeps its id, so it cannot be recorded twice\.$/,
      )
    await page.getByRole('button', { name: 'Record issue' }).click()
    await expect
      .poll(() => page.getByRole('heading', { level: 2 }).first().textContent())
      .toBe('Already recorded')
    await page.unroute('**/api/stock/issue')
    expect(sent).toEqual([movementId, movementId, movementId])
    await expect
      .poll(() => page.locator('.recorded-accounts').textContent())
      .toContain(`Stock card: HUB:KOMATSU, lot ${lotA} — 75 posted, 75 available`)
    await shot(page, 'stock-issue-retried-en')
    expect(await komatsuByLot()).toEqual({
      [lotA]: { posted: 75, available: 75 },
      [lotOld]: { posted: 10, available: 10 },
    })
    expect(
      unexpected(
        problems,
        'HTTP 422: POST',
        'status of 422',
        'request failed: POST',
        'ERR_CONNECTION_RESET',
      ),
    ).toEqual([])
  })

  it('adjusts after a count, and shows every line of the stock card with the running balance', async () => {
    const { page, problems } = admin
    await page.goto(receivedCard)
    await expect
      .poll(() => heading(page).textContent())
      .toBe('Stock card: Drinking water, mineral water, 2 L PET bottle (standard shelf life)')
    await movementNav(page).getByRole('link', { name: 'Count' }).click()
    await expect.poll(() => heading(page).textContent()).toBe('Adjust after a count')
    const counted = page.getByRole('textbox', { name: 'Counted quantity (bottle)' })
    await expect
      .poll(() => page.locator('.field-box', { has: counted }).locator('.field-hint').textContent())
      .toBe('On the books: 75.')
    expect(await page.getByRole('combobox', { name: 'Lot' }).inputValue()).toBe(`lot:${lotA}`)
    await counted.fill('75')
    await expect
      .poll(() =>
        page.locator('.field-box', { has: counted }).locator('.field-error').textContent(),
      )
      .toBe('The count matches the book: nothing to adjust.')
    await counted.fill('73')
    await page.getByRole('textbox', { name: 'Note' }).fill('Cycle count: two bottles missing')
    await shot(page, 'stock-adjust-en')
    await page.getByRole('button', { name: 'Record count' }).click()
    await expect
      .poll(() => page.locator('.recorded-fields').textContent())
      .toContain('Change−2 (counted 73)')
    await page.getByRole('link', { name: `Stock card: HUB:KOMATSU, lot ${lotA}` }).click()
    await page.waitForURL((url) => url.pathname === receivedCard)
    await expect.poll(() => page.locator('.card-table tbody tr').count()).toBe(5)
    const column = (n: number) =>
      page.locator(`.card-table tbody tr > td:nth-child(${n})`).allTextContents()
    expect(await column(2)).toEqual([
      'Received',
      'Moved',
      'Loss: damaged',
      'Issued',
      'Count adjustment',
    ])
    await expect
      .poll(() => column(3))
      .toEqual([
        'from donor or supplier AU-DFAT',
        'to Noto Satoyama Airport Staging Area',
        'to losses at Komatsu Airport Relief Hub',
        'to people served at Komatsu Airport Relief Hub',
        'to count adjustments at Komatsu Airport Relief Hub',
      ])
    expect(await column(4)).toEqual([
      'DN-0001',
      'REQ-NOTO-7',
      'Cases crushed by a forklift',
      '—',
      'Cycle count: two bottles missing',
    ])
    expect(new Set(await column(5))).toEqual(new Set(['Hub Coordinator']))
    expect(await column(6)).toEqual(['+120', '−30', '−5', '−10', '−2'])
    expect(await column(7)).toEqual(['120', '90', '85', '75', '73'])
    // Each time in the reader's zone, named, with UTC beneath.
    for (const time of await column(1))
      expect(time).toMatch(
        /^\d{1,2} \w{3} \d{4}, \d{2}:\d{2}:\d{2} JST\d{1,2} \w{3} \d{4}, \d{2}:\d{2}:\d{2} UTC$/,
      )
    expect(await page.locator('.card-fields').textContent()).toContain('Available73')
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await shot(page, 'stock-card-en')

    // The other side of a move is a link to its own card.
    await page.getByRole('link', { name: 'to Noto Satoyama Airport Staging Area' }).click()
    await expect.poll(() => page.locator('.card-table tbody tr').count()).toBe(1)
    await expect.poll(() => column(3)).toEqual(['from Komatsu Airport Relief Hub'])
    expect(await column(7)).toEqual(['30'])
    expect(problems).toEqual([])
  })

  it('shows the stock as it stood before the move', async () => {
    const { page, problems } = admin
    const card = stockCardSchema.parse(
      await getJson(`${receivedCard.replace('/stock/', '/api/stock/')}/card`),
    )
    const received = Date.parse(card.lines[0]?.transfer.at ?? '')
    const moved = Date.parse(card.lines[1]?.transfer.at ?? '')
    const asOf = Math.floor(received / 1000) * 1000 + 1000 // the next whole second
    expect(asOf).toBeLessThan(moved)
    await page.goto(`/stock?place=${ids.komatsu}&q=KZ-WASH-003`)
    await page.locator('table.stock-table[aria-busy="false"]').waitFor()
    const local = new Date(asOf + 9 * 3_600_000).toISOString().slice(0, 19) // Asia/Tokyo
    await page.getByLabel('As of').fill(local)
    await page.waitForURL((url) => url.searchParams.get('asOf') === new Date(asOf).toISOString())
    await expect
      .poll(() =>
        page.getByRole('status').filter({ hasText: 'Stock as it stood at' }).textContent(),
      )
      .toMatch(/^Stock as it stood at .* JST: posted quantities only/)
    await expect
      .poll(() => balanceCells(page, lotA))
      .toEqual(expect.arrayContaining(['120', '—', '252']))
    const totals = page.getByRole('region', { name: /^Totals by category at / })
    await expect
      .poll(() => totals.locator('.bar-row').allTextContents())
      .toEqual(['Water, sanitation and hygiene273 kg'])
    expect(await totals.textContent()).toContain('Added up in this browser')
    await shot(page, 'stock-as-of-en')
    await page.getByRole('button', { name: 'Now' }).click()
    await page.waitForURL((url) => !url.searchParams.has('asOf'))
    await expect
      .poll(() => balanceCells(page, lotA))
      .toEqual(expect.arrayContaining(['73', '153.3']))
    expect(problems).toEqual([])
  })

  it('sorts the balances on the server by a column header, both ways, kept in the address', async () => {
    const { page, problems } = admin
    await page.goto(`/stock?place=${ids.komatsu}&q=KZ-WASH-003`)
    await page.locator('table.stock-table[aria-busy="false"]').waitFor()
    const header = page.getByRole('columnheader', { name: /^Expires/ })
    const lots = () => page.locator('.stock-table tbody td.lot').allTextContents()
    expect(await header.getAttribute('aria-sort')).toBe('none')
    await header.getByRole('button').click()
    await page.waitForURL((url) => url.searchParams.get('sort') === 'expiresOn')
    expect(await header.getAttribute('aria-sort')).toBe('ascending')
    // The expired lot first, then lot A (20 days), whatever else has been received here.
    await expect
      .poll(async () => (await lots()).filter((lot) => lot === lotA || lot === lotOld))
      .toEqual([lotOld, lotA])
    await header.getByRole('button').click()
    await page.waitForURL((url) => url.searchParams.get('sort') === '-expiresOn')
    expect(await header.getAttribute('aria-sort')).toBe('descending')
    await expect
      .poll(async () => (await lots()).filter((lot) => lot === lotA || lot === lotOld))
      .toEqual([lotA, lotOld])
    // A filter narrows on the server: the search for another item leaves none of these lots.
    await page.getByRole('searchbox', { name: 'Search items' }).fill('KZ-FOOD')
    await page.waitForURL((url) => url.searchParams.get('q') === 'KZ-FOOD')
    await expect
      .poll(async () => (await lots()).filter((lot) => lot === lotA || lot === lotOld))
      .toEqual([])
    expect(page.url()).toContain('sort=-expiresOn')
    expect(problems).toEqual([])
  })

  it('speaks Japanese on every stock screen', async () => {
    const { page, problems } = admin
    await page.goto(`/stock?place=${ids.komatsu}&q=KZ-WASH-003`)
    await page.locator('table.stock-table[aria-busy="false"]').waitFor()
    await switchLanguage(page, 'ja')
    await expect.poll(() => heading(page).textContent()).toBe('在庫')
    // Sortable columns carry their sort mark (hidden from screen readers, which read aria-sort).
    expect(await page.locator('.stock-table thead th').allTextContents()).toEqual([
      '品目↕',
      '所有者↕',
      'ロット↕',
      '使用期限↕',
      '計上済み↕',
      '保留',
      '利用可能↕',
      '重量（kg）',
      '容積（m³）',
    ])
    await expect
      .poll(() => balanceCells(page, lotA))
      .toEqual(
        expect.arrayContaining([
          'ミネラルウォーター 2L（一般品）KZ-WASH-003 · 本',
          expect.stringMatching(/^2\d{3}年\d{1,2}月\d{1,2}日あと20日$/),
        ]),
      )
    expect(await balanceCells(page, lotOld)).toEqual(
      expect.arrayContaining([expect.stringMatching(/期限切れ$/)]),
    )
    expect(
      await page
        .getByRole('region', { name: '分類別の合計' })
        .locator('.bar-row')
        .allTextContents(),
    ).toEqual(['給水・衛生174.3 kg'])
    expect(await movementNav(page).getByRole('link').allTextContents()).toEqual([
      '受入',
      '移動',
      '棚卸',
      '損失',
      '払出し',
    ])
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await shot(page, 'stock-ja')

    await page.goto(receivedCard)
    await expect
      .poll(() => heading(page).textContent())
      .toBe('在庫カード：ミネラルウォーター 2L（一般品）')
    await expect.poll(() => page.locator('.card-table tbody tr').count()).toBe(5)
    expect(await page.locator('.card-table thead th').allTextContents()).toEqual([
      '日時',
      '事由',
      '移動元・移動先',
      '参照番号',
      '記録者',
      '増減',
      '残高',
    ])
    expect(await page.locator('.card-table tbody tr > td:nth-child(2)').allTextContents()).toEqual([
      '受入',
      '移動',
      '損失：破損',
      '払出し',
      '棚卸調整',
    ])
    await expect
      .poll(() => page.locator('.card-table tbody tr > td:nth-child(3)').nth(1).textContent())
      .toBe('のと里山空港 集積拠点へ')
    expect(
      await page.locator('.card-table tbody tr > td:nth-child(1)').first().textContent(),
    ).toMatch(/^2\d{3}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}:\d{2} JST.*UTC$/)
    await shot(page, 'stock-card-ja')

    const forms = {
      receive: [
        '在庫の受入',
        [
          '地点',
          '品目',
          '所有者',
          '数量',
          'ロット （任意）',
          '使用期限 （任意）',
          '寄贈者・供給者',
          '伝票番号 （任意）',
        ],
      ],
      move: [
        '在庫の移動',
        ['移動元', '移動先', '品目', '所有者', '数量', 'ロット', '参照番号 （任意）'],
      ],
      adjust: ['棚卸による調整', ['地点', '品目', '所有者', '実数', 'ロット', 'メモ']],
      loss: ['損失の記録', ['地点', '品目', '所有者', '数量', 'ロット', '事由', 'メモ （任意）']],
      issue: ['在庫の払出し', ['地点', '品目', '所有者', '数量', 'ロット', '参照番号 （任意）']],
    } as const
    for (const [kind, [title, labels]] of Object.entries(forms)) {
      await page.goto(`/stock/${kind}?place=${ids.komatsu}&item=${ids.item}&owner=${ids.owner}`)
      await expect.poll(() => heading(page).textContent()).toBe(title)
      await expect
        .poll(() => page.getByRole('combobox', { name: '品目', exact: true }).inputValue())
        .toBe('ミネラルウォーター 2L（一般品）')
      expect(
        (await page.locator('.movement-form .field-box > label').allTextContents()).map((label) =>
          label.replace(/（本）$/, ''),
        ),
      ).toEqual(labels)
      await shot(page, `stock-${kind}-ja`)
    }
    // On the issue form, now shown: a refusal in Japanese.
    await page.getByRole('textbox', { name: '数量（本）' }).fill('500')
    await page.getByRole('button', { name: '払出しを記録' }).click()
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(
        /^記録できませんでした： 利用可能な在庫が足りません。期限内のロットで利用可能なのは 73（ほかに期限切れ 10）、要求は 500 です。/,
      )
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await shot(page, 'stock-issue-refused-ja')
    await switchLanguage(page, 'en')
    expect(unexpected(problems, 'HTTP 422: POST', 'status of 422')).toEqual([])
  })

  it('fits a tablet; the search lists work by keyboard, Escape closes them, Enter right after typing waits for the matches', async () => {
    const { page, problems } = admin
    await page.setViewportSize({ width: 820, height: 1180 })
    try {
      await page.goto(`/stock?place=${ids.komatsu}`)
      await page.locator('table.stock-table[aria-busy="false"]').waitFor()
      // The page never scrolls sideways; only the wide table does, inside its frame.
      expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(
        true,
      )
      await shot(page, 'stock-tablet-en')

      await page.goto('/stock/move')
      const from = page.getByRole('combobox', { name: 'From', exact: true })
      await from.focus()
      await from.press('ArrowDown') // opens the list of stock places
      await page.getByRole('option').first().waitFor()
      expect((await page.getByRole('option').allTextContents()).length).toBeGreaterThanOrEqual(4)
      await from.press('ArrowDown')
      const second = await page.getByRole('option').nth(1).getAttribute('id')
      expect(await from.getAttribute('aria-activedescendant')).toBe(second)
      await from.press('Escape')
      expect(await from.getAttribute('aria-expanded')).toBe('false')
      // Typed and Enter at once (a fast typist, a barcode scanner): the first match of what was
      // typed is chosen when it arrives, never one of the matches still shown for the empty text.
      await from.fill('kanazawa port')
      await from.press('Enter')
      await expect.poll(() => from.inputValue()).toBe('Kanazawa Port Logistics Hub')
      expect(await from.getAttribute('aria-expanded')).toBe('false')
      expect(page.url()).toMatch(/\/stock\/move/)
      expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(
        true,
      )
      await shot(page, 'stock-move-tablet-en')
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 })
    }
    expect(problems).toEqual([])
  })

  it('shows a viewer the stock and the stock card, but no way to record a movement', async () => {
    const { username, password } = harness.users.viewer
    const { page, problems } = await harness.newPage()
    await page.goto(`/stock?place=${ids.komatsu}`)
    await signIn(page, username, password)
    await expect.poll(() => heading(page).textContent()).toBe('Stock')
    await expect.poll(() => balanceCells(page, lotA)).toEqual(expect.arrayContaining(['73']))
    expect(await movementNav(page).count()).toBe(0)
    expect(await page.getByRole('link', { name: 'Receive' }).count()).toBe(0)
    await shot(page, 'stock-viewer-en')

    await page
      .getByRole('link', {
        name: 'Drinking water, mineral water, 2 L PET bottle (standard shelf life)',
      })
      .first()
      .click()
    await expect.poll(() => page.locator('.card-table tbody tr').count()).toBeGreaterThan(0)
    expect(await movementNav(page).count()).toBe(0)
    // Another user's name is not the viewer's to look up: a short id stands for them.
    await expect
      .poll(() => page.locator('.card-table tbody tr > td:nth-child(5)').first().textContent())
      .toMatch(/^user [0-9a-f]{8}…$/)

    await page.goto('/stock/receive')
    await expect.poll(() => heading(page).textContent()).toBe('Not allowed')
    expect(problems).toEqual([])

    // And the server says no too.
    const viewerApi = await harness.apiSession(username, password)
    const refused = await api('/api/stock/issue', {
      method: 'POST',
      headers: { ...viewerApi.headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        id: crypto.randomUUID(),
        place: ids.komatsu,
        item: ids.item,
        owner: ids.owner,
        quantity: 1,
      }),
    })
    expect(refused.status).toBe(403)
  })
})
