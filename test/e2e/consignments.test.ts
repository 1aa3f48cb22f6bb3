/**
 * Consignments in the browser, end to end: a real node with the demo hubs and their stock, the built
 * web app, Debian's Chromium. A logistician of the hub's organisation plans a consignment from the
 * Komatsu hub to a shelter in Wajima — first asking for more water than the hub has (the server's
 * refusal is shown by the line's quantity), then 4,000 bottles and 100 blankets on a 10-tonne truck by
 * the fastest road route — sees the lots reserved first expiry first out, loads and dispatches it,
 * reports a delay with a new ETA on the tracking timeline, records the arrival, and receives it on the
 * receipt screen: 50 bottles short (damaged), the receiver's name, a signature drawn with the mouse,
 * the device's location (granted), a photo scaled down. The detail then shows what was received, the
 * shortfall and the proof, and the stock API shows the shelter's balances exactly. The list and the
 * receipt screen are checked in Japanese; axe-core on each screen; screenshots in
 * test-results/screenshots/consignments-*.png.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
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

const logistician = {
  username: 'logistician',
  password: 'logistics-password-2024',
  roles: ['logistician'],
  displayName: 'Hub Logistician',
}
/** A shelter in Wajima, at the end of a road route from the Komatsu hub. */
const shelterCode = 'GSI:E1720400004111'
const shelterName = '輪島市立輪島中学校（武道館）'
const where = { latitude: 37.3905, longitude: 136.9006, accuracy: 20 }

let harness: Harness
let user: TrackedPage
let api: ApiSession
const ids: Record<string, string> = {}
let consignmentId = ''

beforeAll(async () => {
  harness = await startHarness({ users: [logistician] })
  api = await harness.apiSession(logistician.username, logistician.password)
  await call('POST', '/api/routes/derive')
  for (const code of ['HUB:KOMATSU', shelterCode]) {
    const found = (await call('GET', `/api/places?q=${encodeURIComponent(code)}`)) as {
      places: { id: string; code: string }[]
    }
    ids[code] = found.places.find((place) => place.code === code)?.id as string
  }
  for (const code of ['KZ-WASH-001', 'KZ-NFI-001']) {
    const found = (await call('GET', `/api/items?q=${code}`)) as {
      items: { id: string; code: string }[]
    }
    ids[code] = found.items.find((item) => item.code === code)?.id as string
  }
  const asset = (await call('POST', '/api/assets', {
    type: 'TRUCK-10T',
    name: 'Ishikawa truck 10-27',
    base: ids['HUB:KOMATSU'],
  })) as { id: string }
  ids.truck = asset.id
  user = await harness.newPage({ geolocation: where, permissions: ['geolocation'] })
  await user.page.goto('/consignments')
  await signIn(user.page, logistician.username, logistician.password)
}, 180_000)

afterAll(async () => {
  await harness?.close()
}, 60_000)

beforeEach(() => {
  user.problems.length = 0
})

async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${harness.baseUrl}${path}`, {
    method,
    headers: {
      ...api.headers,
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

async function choose(
  scope: Page | ReturnType<Page['locator']>,
  combobox: string | RegExp,
  text: string,
  option: RegExp | string,
) {
  await scope.getByRole('combobox', { name: combobox, exact: true }).fill(text)
  await scope
    .getByRole('listbox', { name: combobox, exact: true })
    .getByRole('option')
    .filter({ hasText: option })
    .first()
    .click()
}

/** The width of the picture an image shows (0 until it has loaded). */
function naturalWidth(page: Page, selector: string): Promise<unknown> {
  return page.evaluate(`document.querySelector(${JSON.stringify(selector)})?.naturalWidth ?? 0`)
}

interface Balance {
  item: { code: string }
  lot: string
  posted: number
  available: number
}

async function balances(kind: string, place: string): Promise<string[]> {
  const list = (await call('GET', `/api/stock?kind=${kind}&place=${place}&limit=100`)) as {
    balances: Balance[]
  }
  return list.balances
    .map((b) => `${b.item.code} ${b.lot || '-'} posted ${b.posted} available ${b.available}`)
    .sort()
}

describe('consignments in the browser', () => {
  it('plans a consignment: a refusal by its line, then reserved first expiry first out', async () => {
    const { page, problems } = user
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Consignments' })
      .click()
    await expect.poll(() => heading(page).textContent()).toBe('Consignments')
    await expect
      .poll(() => page.locator('.consignment-table + .empty').textContent())
      .toBe('No consignments yet.')
    await page.getByRole('link', { name: 'Plan a consignment' }).click()
    await page.waitForURL(/\/consignments\/new$/)
    await expect.poll(() => heading(page).textContent()).toBe('Plan a consignment')

    const save = page.getByRole('button', { name: 'Plan and reserve the stock' })
    await save.click()
    await expect
      .poll(() => page.locator('.picker .field-error').first().textContent())
      .toBe('Choose where it leaves from.')

    await choose(page, 'From (a place with stock)', 'KOMATSU', 'HUB:KOMATSU')
    await choose(page, 'To', shelterCode, shelterCode)
    // The fastest road route for a truck, proposed and drawn.
    await expect.poll(() => page.locator('.route-steps li').count()).toBeGreaterThan(2)
    await expect
      .poll(() => page.evaluate('window.__kizunaRouteMap?.routeSegments()'))
      .toBe(await page.locator('.route-steps li').count())
    const line = page.locator('.consignment-line[data-line="0"]')
    await choose(line, 'Item', 'KZ-WASH-001', 'KZ-WASH-001')
    await expect
      .poll(() => line.locator('.field-hint', { hasText: 'Available at the origin' }).textContent())
      .toBe('Available at the origin: 16,800 bottle (unexpired lots).')
    // Checked as typed with the contract's schema: a fraction is refused before sending.
    await expectProblemAsTyped(
      line.getByRole('textbox', { name: 'Quantity' }),
      '1.5',
      'Give a whole number greater than 0.',
      '20000',
    )
    await expect
      .poll(() => line.locator('.field-warning').textContent())
      .toBe('More than the 16,800 available: the server will refuse it.')
    await save.click()
    await expect
      .poll(() =>
        line.locator('.field-box:has(input[name="lines[0].quantity"]) .field-error').textContent(),
      )
      .toBe('only 16800 available in unexpired lots at the origin; asked for 20000')
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Not saved')

    await line.getByRole('textbox', { name: 'Quantity' }).fill('4000')
    await page.getByRole('button', { name: 'Add a line' }).click()
    const second = page.locator('.consignment-line[data-line="1"]')
    await choose(second, 'Item', 'KZ-NFI-001', 'KZ-NFI-001')
    await second.getByRole('textbox', { name: 'Quantity' }).fill('100')
    await choose(page, /^Asset/, 'Ishikawa', 'Ishikawa truck 10-27')
    // The route for this truck: still by road, every leg drawn.
    await expect.poll(() => page.locator('.route-steps li').count()).toBeGreaterThan(2)
    const legs = await page.locator('.route-steps li').count()
    const modes = await page.locator('.route-steps li').allTextContents()
    expect(new Set(modes.map((text) => text.split(':')[0]))).toEqual(new Set(['Road']))
    await page.getByLabel(/^Note/).fill('For the Wajima shelters: water first.')
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await harness.screenshot(page, 'consignments-form-en')
    // A double click sends the same id twice: one consignment.
    await save.dblclick()
    await page.waitForURL(/\/consignments\/[0-9a-f-]{36}$/)
    consignmentId = new URL(page.url()).pathname.split('/').pop() as string

    await expect
      .poll(() => page.locator('.consignment-status').first().textContent())
      .toBe('Planned')
    const rows = page.locator('.line-table tbody tr')
    await expect.poll(() => rows.count()).toBe(2)
    await expect.poll(() => rows.nth(0).textContent()).toContain('4,000 bottle')
    expect(await rows.nth(0).locator('.picks li').allTextContents()).toEqual([
      'W-2027-03 (expires 2027-03-31): 4,000',
    ])
    expect(await rows.nth(1).locator('.picks li').allTextContents()).toEqual(['no lot: 100'])
    await expect
      .poll(() => page.locator('.consignment-fields').textContent())
      .toContain('Ishikawa truck 10-27 (Truck)')
    await expect
      .poll(() => page.locator('.consignment-route .route-table tbody tr').count())
      .toBe(legs)
    await expect.poll(() => page.evaluate('window.__kizunaRouteMap?.routeSegments()')).toBe(legs)
    const waybill = page.getByRole('link', { name: 'Waybill (PDF)' })
    expect(await waybill.getAttribute('href')).toBe(
      `/api/consignments/${consignmentId}/waybill?format=pdf&lang=en`,
    )
    expect(await waybill.getAttribute('target')).toBe('_blank')
    const list = (await call('GET', '/api/consignments')) as { total: number }
    expect(list.total).toBe(1)
    expect(await balances('stock', ids['HUB:KOMATSU'] as string)).toContain(
      'KZ-WASH-001 W-2027-03 posted 4800 available 800',
    )
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await harness.screenshot(page, 'consignments-planned-en')
    expect(problems.filter((p) => !(p.includes('422') && p.includes('/api/consignments')))).toEqual(
      [],
    )
    expect(problems.some((p) => p.includes('422'))).toBe(true)
  }, 60_000)

  it('loads, dispatches, reports a delay and records the arrival', async () => {
    const { page, problems } = user
    await page.goto(`/consignments/${consignmentId}`)
    const status = page.locator('.consignment-status').first()
    await expect.poll(() => status.textContent()).toBe('Planned')
    await page.getByRole('button', { name: 'Start loading' }).click()
    await expect.poll(() => status.textContent()).toBe('Loading')
    await page.getByRole('button', { name: 'Dispatch' }).click()
    await expect.poll(() => status.textContent()).toBe('Dispatched')
    const timeline = page.locator('.timeline li')
    await expect.poll(() => timeline.count()).toBe(1)
    expect(await timeline.first().getAttribute('data-kind')).toBe('departed')
    await expect.poll(() => page.locator('.tracking-eta').textContent()).toMatch(/JST/)

    const report = page.locator('.report-form')
    // A coordinate out of range is said as typed, by the route's schema.
    await expectProblemAsTyped(
      report.getByLabel(/^Latitude/),
      '95',
      'A latitude between −90 and 90.',
      '',
    )
    await report.getByLabel('What happened').selectOption('delayed')
    await report.getByRole('button', { name: 'Send the report' }).click()
    await expect
      .poll(() => report.locator('.field-error').first().textContent())
      .toBe('A delay needs the new expected arrival.')
    await report.getByLabel('New expected arrival').fill('2030-01-05T15:30')
    await report.getByLabel(/^Note/).fill('Landslide near Anamizu: detour by the coast road')
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await report.getByRole('button', { name: 'Send the report' }).click()
    await expect.poll(() => timeline.count()).toBe(2)
    const delayed = page.locator('.timeline li[data-kind="delayed"]')
    expect(await delayed.textContent()).toContain('New ETA: 5 Jan 2030, 15:30 JST')
    expect(await delayed.textContent()).toContain('Landslide near Anamizu')
    expect(await delayed.textContent()).toContain('Reported by Hub Logistician')
    await expect
      .poll(() => page.locator('.tracking-eta').textContent())
      .toContain('5 Jan 2030, 15:30 JST')
    await harness.screenshot(page, 'consignments-tracking-en')

    await page.getByRole('button', { name: 'Record arrival' }).click()
    await expect.poll(() => status.textContent()).toBe('Arrived')
    await expect.poll(() => timeline.count()).toBe(3)
    expect(await timeline.nth(2).getAttribute('data-kind')).toBe('arrived')
    expect(await page.locator('.report-form').count()).toBe(0)
    expect(problems).toEqual([])
  }, 40_000)

  it('receives it with a shortfall, a signature, the location and a photo', async () => {
    const { page, problems } = user
    await page.goto(`/consignments/${consignmentId}`)
    await page.getByRole('link', { name: 'Receive', exact: true }).click()
    await page.waitForURL(/\/receive$/)
    await expect
      .poll(() => heading(page).textContent())
      .toMatch(/^Receive consignment [0-9A-F]{8}$/)
    await expect
      .poll(() => page.locator('.location').textContent())
      .toBe('Location: 37.3905, 136.9006 (within 20 m) ')
    const water = page.locator('.receipt-line').nth(0)
    const received = water.getByRole('textbox', { name: 'Received', exact: true })
    expect(await received.inputValue()).toBe('4000')
    // Checked as typed with the receipt's schema: a fraction is not a count.
    await expectProblemAsTyped(received, '39.5', 'Give a whole number, 0 if none arrived.', '4000')
    await received.fill('3950')
    await page.getByRole('button', { name: 'Record the receipt' }).click()
    await expect
      .poll(() => water.locator('.field-error').textContent())
      .toBe('Less arrived than was sent: say why.')
    await expect
      .poll(() =>
        page.locator('.field-box:has(input[name="proof.receivedBy"]) .field-error').textContent(),
      )
      .toBe('Give the name of who received it.')
    await water.getByRole('combobox', { name: 'Why less arrived' }).selectOption('damaged')
    await water.getByRole('textbox', { name: /^Note/ }).fill('Crushed pallet')
    await page.getByRole('textbox', { name: 'Received by' }).fill('Sato Hanako')

    // A signature drawn with the mouse.
    const pad = page.locator('canvas.signature-pad')
    await pad.scrollIntoViewIfNeeded()
    const box = await pad.boundingBox()
    if (!box) throw new Error('no signature pad')
    await page.mouse.move(box.x + 30, box.y + 120)
    await page.mouse.down()
    for (let i = 1; i <= 20; i++)
      await page.mouse.move(box.x + 30 + i * 15, box.y + 120 - Math.sin(i / 3) * 60, { steps: 2 })
    await page.mouse.up()

    // A photo bigger than kept: made in the page as a PNG, scaled down to a JPEG 1600 px wide.
    const png = (await page.evaluate(`(() => {
      const canvas = document.createElement('canvas')
      canvas.width = 2400
      canvas.height = 1800
      const context = canvas.getContext('2d')
      const gradient = context.createLinearGradient(0, 0, 2400, 1800)
      gradient.addColorStop(0, '#3a6ea5')
      gradient.addColorStop(1, '#d9a441')
      context.fillStyle = gradient
      context.fillRect(0, 0, 2400, 1800)
      return canvas.toDataURL('image/png').split(',')[1]
    })()`)) as string
    await page.getByLabel(/^Photo/).setInputFiles({
      name: 'pallet.png',
      mimeType: 'image/png',
      buffer: Buffer.from(png, 'base64'),
    })
    const preview = page.getByRole('img', { name: 'The photo to send' })
    await expect.poll(() => naturalWidth(page, '.photo-preview img')).toBe(1600)
    expect(await preview.getAttribute('src')).toMatch(/^data:image\/jpeg;base64,/)
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await harness.screenshot(page, 'consignments-receipt-en')
    await page.getByRole('button', { name: 'Record the receipt' }).click()
    await page.waitForURL(new RegExp(`/consignments/${consignmentId}$`))

    await expect
      .poll(() => page.locator('.consignment-status').first().textContent())
      .toBe('Received')
    const rows = page.locator('.line-table tbody tr')
    await expect
      .poll(() => rows.nth(0).locator('.received-cell').textContent())
      .toBe('3,950 bottle')
    expect(await rows.nth(0).locator('.discrepancy-cell').textContent()).toBe('50 short: Damaged')
    await expect.poll(() => rows.nth(1).locator('.received-cell').textContent()).toMatch(/^100 /)
    expect(await rows.nth(1).locator('.discrepancy-cell').textContent()).toBe('—')
    const proof = page.locator('.delivery-proof')
    await expect.poll(() => proof.locator('.proof-name').textContent()).toBe('Sato Hanako')
    expect(await proof.textContent()).toContain('37.3905, 136.9006')
    const signature = proof.getByRole('img', { name: 'Signature of Sato Hanako' })
    // The stroke drawn is in the stored signature: count the inked pixels.
    expect(await signature.count()).toBe(1)
    const inked = (await page.evaluate(`(async () => {
      const img = document.querySelector('.delivery-proof img.proof-signature')
      await img.decode()
      const canvas = document.createElement('canvas')
      canvas.width = img.naturalWidth
      canvas.height = img.naturalHeight
      const context = canvas.getContext('2d')
      context.drawImage(img, 0, 0)
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height)
      let count = 0
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) count++
      return count
    })()`)) as number
    expect(inked).toBeGreaterThan(300)
    await expect.poll(() => naturalWidth(page, '.delivery-proof img.proof-photo')).toBe(1600)
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await harness.screenshot(page, 'consignments-received-en')

    // The ledger: in at the shelter as received, the shortfall to its loss account, nothing in transit.
    const shelter = ids[shelterCode] as string
    expect(await balances('stock', shelter)).toEqual([
      'KZ-NFI-001 - posted 100 available 100',
      'KZ-WASH-001 W-2027-03 posted 3950 available 3950',
    ])
    expect(await balances('loss', shelter)).toEqual([
      'KZ-WASH-001 W-2027-03 posted 50 available 50',
    ])
    expect(await balances('transit', consignmentId)).toEqual([])
    expect(problems).toEqual([])
  }, 60_000)

  it('reads in Japanese: the list and the receipt screen', async () => {
    const { page, problems } = user
    // A second consignment, planned and dispatched by the API, waits to be received.
    const org = ((await call('GET', '/api/auth/session')) as { org: { id: string } }).org.id
    const planned = (await call('POST', '/api/consignments', {
      origin: ids['HUB:KOMATSU'],
      destination: ids[shelterCode],
      lines: [{ item: ids['KZ-NFI-001'], owner: org, quantity: 10 }],
    })) as { id: string }
    await call('POST', `/api/consignments/${planned.id}/dispatch`)

    await page.goto('/consignments')
    await switchLanguage(page, 'ja')
    await expect.poll(() => heading(page).textContent()).toBe('輸送便')
    const rows = page.locator('.consignment-table tbody tr')
    await expect.poll(() => rows.count()).toBe(2)
    // Newest first (▼ on the reference); the other sortable columns show ↕.
    expect(await page.locator('.consignment-table thead th').allTextContents()).toEqual([
      '参照番号▼',
      '出発地 → 到着地',
      '輸送手段',
      '状態↕',
      '明細数',
      '発送 / 到着予定↕',
    ])
    await expect.poll(() => page.locator('.consignment-table').textContent()).toContain('受領済み')
    expect(await page.locator('.consignment-table').textContent()).toContain('発送済み')
    await expect.poll(() => rows.first().textContent()).toContain(shelterName)

    // Sorted on the server by status, in the order of a consignment's life, both ways.
    const statusHeader = page.getByRole('columnheader', { name: /^状態/ })
    await statusHeader.getByRole('button').click()
    await page.waitForURL((url) => url.searchParams.get('sort') === 'status')
    expect(await statusHeader.getAttribute('aria-sort')).toBe('ascending')
    await expect.poll(() => rows.first().textContent()).toContain('発送済み')
    await statusHeader.getByRole('button').click()
    await page.waitForURL((url) => url.searchParams.get('sort') === '-status')
    expect(await statusHeader.getAttribute('aria-sort')).toBe('descending')
    await expect.poll(() => rows.first().textContent()).toContain('受領済み')
    // Searched on the server by the places' names and codes.
    const searchBox = page.getByRole('searchbox', { name: '場所を検索' })
    await searchBox.fill('no-such-place')
    await page.waitForURL((url) => url.searchParams.get('q') === 'no-such-place')
    await expect.poll(() => rows.count()).toBe(0)
    await searchBox.fill(shelterCode)
    await expect.poll(() => rows.count()).toBe(2)
    expect(page.url()).toContain('sort=-status')
    await page.getByLabel('状態').selectOption('dispatched')
    await page.waitForURL(/status=dispatched/)
    await expect.poll(() => rows.count()).toBe(1)
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await harness.screenshot(page, 'consignments-list-ja')

    await rows.first().getByRole('link').click()
    await page.getByRole('link', { name: '受領', exact: true }).click()
    await page.waitForURL(/\/receive$/)
    await expect.poll(() => heading(page).textContent()).toMatch(/^輸送便 [0-9A-F]{8} を受領$/)
    expect(await page.getByRole('button', { name: '署名を消す' }).count()).toBe(1)
    expect(await page.getByRole('button', { name: '受領を記録' }).count()).toBe(1)
    expect(await page.getByRole('textbox', { name: '受領者' }).count()).toBe(1)
    await expect
      .poll(() => page.locator('.location').textContent())
      .toBe('位置： 37.3905, 136.9006（誤差 20 m 以内） ')
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await harness.screenshot(page, 'consignments-receipt-ja')
    await switchLanguage(page, 'en')
    expect(problems).toEqual([])
  }, 40_000)
})
