/**
 * The common operating picture's map in the browser, end to end: a real node with the demo hubs and
 * their stock and the Noto places, the built web app, Debian's Chromium. Through the API an operation
 * with an affected area is opened, a life-saving request for a Wajima shelter validated, a
 * consignment from the Komatsu hub dispatched along the fastest road route with a reported position,
 * and a leg closed. The map then draws the shelters in clusters (one expands on a click), the hub
 * with its stock (a click opens its popup, whose link opens its record), the consignment along its
 * route, the closed leg and the area; layers toggle and the filters stay in the address; the legend
 * reads in English and Japanese; axe-core finds nothing serious; nothing logs an error.
 * Screenshots: test-results/screenshots/map-*.png.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MapPicture } from '../../src/contract/map.js'
import {
  type ApiSession,
  type Harness,
  seriousAccessibilityViolations,
  signIn,
  startHarness,
  switchLanguage,
  type TrackedPage,
} from './harness.js'

const shelterCode = 'GSI:E1720400004111'
const shelterName = '輪島市立輪島中学校（武道館）'
const position = { lat: 37.05, lon: 136.75 }
const notoArea = {
  type: 'Polygon',
  coordinates: [
    [
      [136.6, 36.95],
      [137.4, 36.95],
      [137.4, 37.6],
      [136.6, 37.6],
      [136.6, 36.95],
    ],
  ],
}

let harness: Harness
let api: ApiSession
const ids: Record<string, string> = {}

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

beforeAll(async () => {
  harness = await startHarness()
  api = await harness.apiSession(harness.users.admin.username, harness.users.admin.password)
  await call('POST', '/api/routes/derive')
  for (const code of ['HUB:KOMATSU', shelterCode]) {
    const found = (await call('GET', `/api/places?q=${encodeURIComponent(code)}`)) as {
      places: { id: string; code: string }[]
    }
    ids[code] = found.places.find((place) => place.code === code)?.id as string
  }
  const items = (await call('GET', '/api/items?q=KZ-WASH-001')) as {
    items: { id: string; code: string }[]
  }
  ids.water = items.items.find((item) => item.code === 'KZ-WASH-001')?.id as string
  const org = ((await call('GET', '/api/auth/session')) as { org: { id: string } }).org.id
  const operation = (await call('POST', '/api/operations', {
    name: 'Noto Peninsula earthquake',
    startedOn: '2024-01-01',
    area: notoArea,
  })) as { id: string }
  ids.operation = operation.id
  const request = (await call('POST', '/api/requests', {
    operation: operation.id,
    destination: ids[shelterCode],
    neededBy: '2030-01-05T00:00:00Z',
    lines: [{ kind: 'item', item: ids.water, quantity: 500, priority: 'life-saving' }],
  })) as { id: string; lines: { id: string }[] }
  ids.request = request.id
  await call('POST', `/api/requests/${request.id}/submit`, {})
  await call('POST', `/api/requests/${request.id}/validate`, {})
  const route = (await call(
    'GET',
    `/api/routes/fastest?from=${ids['HUB:KOMATSU']}&to=${ids[shelterCode]}&kind=truck`,
  )) as { steps: { leg: string | null }[] }
  const legs = route.steps.flatMap((step) => (step.leg ? [step.leg] : []))
  const consignment = (await call('POST', '/api/consignments', {
    origin: ids['HUB:KOMATSU'],
    destination: ids[shelterCode],
    route: legs,
    lines: [
      {
        item: ids.water,
        owner: org,
        quantity: 200,
        request: request.id,
        requestLine: request.lines[0]?.id,
      },
    ],
  })) as { id: string }
  ids.consignment = consignment.id
  await call('POST', `/api/consignments/${consignment.id}/dispatch`)
  await call('POST', `/api/consignments/${consignment.id}/events`, {
    kind: 'position',
    ...position,
  })
  // A road leg from the shelter that the consignment does not take, closed.
  const near = (await call('GET', `/api/legs?place=${ids[shelterCode]}&mode=road&limit=50`)) as {
    legs: { id: string }[]
  }
  const closed = near.legs.find((leg) => !legs.includes(leg.id))
  if (!closed) throw new Error('no road leg from the shelter to close')
  ids.closed = closed.id
  await call('POST', `/api/legs/${closed.id}/close`, { reason: 'Landslide' })
}, 180_000)

afterAll(async () => {
  await harness?.close()
}, 60_000)

async function open(path: string): Promise<TrackedPage> {
  const tracked = await harness.newPage()
  await tracked.page.goto(path)
  await signIn(tracked.page, harness.users.admin.username, harness.users.admin.password)
  await tracked.page.waitForURL((url) => decodeURIComponent(url.pathname + url.search) === path)
  return tracked
}

/** Waits until the places and the picture have both arrived and been drawn. */
async function ready(page: Page): Promise<void> {
  await expect.poll(() => pointCount(page), { timeout: 60_000 }).toBeGreaterThan(1000)
  await settled(page)
}

/** Waits until nothing is loading. */
async function settled(page: Page): Promise<void> {
  await page.locator('.map-updated').waitFor()
  await expect
    .poll(() => page.locator('.map-status').textContent())
    .not.toMatch(/Loading|読み込み中/)
}

type Counts = {
  [layer in 'hubs' | 'places' | 'requests']: {
    points: number
    clusters: number
    single: number
  }
} & {
  lines: { consignments: number; late: number; positions: number; legs: number; areas: number }
}

/** Read in the page with string expressions: the node's CSP refuses evaluated functions' eval. */
const counts = (page: Page) => page.evaluate('window.__kizunaMap.counts()') as Promise<Counts>
const pointCount = (page: Page) =>
  page.evaluate('window.__kizunaMap ? window.__kizunaMap.pointCount() : 0') as Promise<number>
const zoom = (page: Page) => page.evaluate('window.__kizunaMap.map.getZoom()') as Promise<number>

/** Does `action` and waits until the map has moved and drawn its clusters again. */
async function moving(page: Page, action: () => Promise<void>): Promise<void> {
  await page.evaluate(
    '(() => { window.__moved = new Promise((done) => window.__kizunaMap.map.once("moveend", () => done(0))); return 0 })()',
  )
  await action()
  await page.evaluate('window.__moved')
}

/** Moves the map at once (no animation) and waits for the clusters to be drawn again. */
async function viewAt(page: Page, lat: number, lon: number, level: number): Promise<void> {
  await page.evaluate(
    `(() => { window.__kizunaMap.map.setView([${lat}, ${lon}], ${level}, { animate: false }); return 0 })()`,
  )
  await expect.poll(() => zoom(page)).toBe(level)
}

/** Clicks the map at a place on it (canvas markers and lines are not DOM elements). */
async function clickAt(page: Page, lat: number, lon: number): Promise<void> {
  const point = (await page.evaluate(
    `(() => { const p = window.__kizunaMap.map.latLngToContainerPoint([${lat}, ${lon}]); return { x: p.x, y: p.y } })()`,
  )) as { x: number; y: number }
  const box = await page.locator('.map').boundingBox()
  if (!box) throw new Error('the map has no box')
  await page.mouse.click(box.x + point.x, box.y + point.y)
}

async function popupLink(page: Page, name: string) {
  const link = page.locator('.leaflet-popup').getByRole('link', { name, exact: true })
  await link.waitFor()
  await expect
    .poll(() => page.evaluate("getComputedStyle(document.querySelector('.leaflet-popup')).opacity"))
    .toBe('1')
  return link
}

async function picture(): Promise<MapPicture> {
  return (await call('GET', '/api/map')) as MapPicture
}

describe('the map of the common operating picture', () => {
  it('draws every layer: clustered places, the hub, the consignment, the closed leg, the area', async () => {
    const { page, problems } = await open('/')
    await ready(page)
    await expect
      .poll(async () => (await counts(page)).lines, { timeout: 30_000 })
      .toEqual({ consignments: 1, late: 0, positions: 1, legs: 1, areas: 1 })
    const drawn = await counts(page)
    expect(drawn.places.clusters).toBeGreaterThan(5)
    expect(drawn.places.points).toBeGreaterThan(2000)
    expect(drawn.hubs).toEqual({ clusters: 0, points: 5, single: 5 })
    expect(drawn.requests.points).toBe(1)
    const legend = page.locator('.map-legend')
    expect(await legend.locator('.legend-name').allTextContents()).toEqual([
      'Hubs and stock points',
      'Shelters and evacuation sites',
      'Airports and heliports',
      'Seaports',
      'Municipalities',
      'Requests',
      'Consignments on their way',
      'Closed and damaged legs',
      'Affected area',
    ])
    expect(await legend.textContent()).toContain('Area of Noto Peninsula earthquake')
    expect(await legend.locator('[data-layer="consignments"] .legend-count').textContent()).toBe(
      '1',
    )
    await harness.screenshot(page, 'map-picture-en')
    await page.locator('.legend-general').scrollIntoViewIfNeeded()
    await harness.screenshot(page, 'map-legend-en')
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    expect(problems).toEqual([])
  })

  it('expands a cluster on a click, and on Enter from the keyboard', async () => {
    // The shelters alone: other layers' clusters may lie over theirs.
    const { page, problems } = await open('/?hide=hubs,airports,ports,other,requests')
    await ready(page)
    const before = await zoom(page)
    // A cluster of ten or more: places at one spot (a shelter that is also an evacuation site) never
    // split and list themselves instead.
    const big = () =>
      page.locator('.map-cluster.cluster-places').filter({ hasText: /\d\d/ }).first()
    const cluster = big()
    await cluster.waitFor()
    expect(await cluster.getAttribute('title')).toMatch(/^[\d,]+ places here: zoom in$/)
    await moving(page, () => cluster.click())
    const deeper = await zoom(page)
    expect(deeper).toBeGreaterThan(before)
    await big().focus()
    await moving(page, () => page.keyboard.press('Enter'))
    expect(await zoom(page)).toBeGreaterThan(deeper)
    await harness.screenshot(page, 'map-cluster-expanded-en')
    expect(problems).toEqual([])
  })

  it('opens the hub from its marker: its stock in the popup, its record from the link', async () => {
    const { page, problems } = await open('/')
    await ready(page)
    const hub = (await page.evaluate('window.__kizunaMap.placeOf("HUB:KOMATSU")')) as {
      lat: number
      lon: number
    }
    await viewAt(page, hub.lat, hub.lon, 13)
    // A DOM marker above the clusters, named by its title for screen readers.
    await page
      .getByRole('button', { name: /^Komatsu Airport Relief Hub: [\d,]+ kg available$/ })
      .click()
    const link = await popupLink(page, 'Open record')
    const popup = page.locator('.leaflet-popup')
    expect(await popup.locator('.popup-title').textContent()).toBe('Komatsu Airport Relief Hub')
    expect(await popup.textContent()).toMatch(/Available: [\d,]+ units \([\d,.]+ kg\) of \d+ items/)
    await harness.screenshot(page, 'map-hub-popup-en')
    await link.click()
    await page.waitForURL(new RegExp(`/places/${ids['HUB:KOMATSU']}$`))
    await page.locator('.place-detail').waitFor()
    expect(problems).toEqual([])
  })

  it('opens the consignment from its last position and the closed leg from its line', async () => {
    const map = await picture()
    const leg = map.legs.find((each) => each.id === ids.closed)
    const ends = map.places.filter((place) => place.id === leg?.from || place.id === leg?.to)
    expect(leg?.status).toBe('closed')
    expect(ends).toHaveLength(2)
    // Only the consignments shown: nothing else under the click.
    const { page, problems } = await open(
      '/?hide=hubs,shelters,airports,ports,other,requests,legs,area',
    )
    await expect.poll(async () => (await counts(page)).lines.positions).toBe(1)
    await viewAt(page, position.lat, position.lon, 11)
    await clickAt(page, position.lat, position.lon)
    const openConsignment = await popupLink(page, 'Open consignment')
    expect(await page.locator('.leaflet-popup').textContent()).toContain('Dispatched')
    // Panning (and the places loaded for the new view) leaves the popup open.
    await moving(page, async () => {
      await page.evaluate(
        '(() => { window.__kizunaMap.map.panBy([120, 60], { animate: false }); return 0 })()',
      )
    })
    await settled(page)
    expect(await page.locator('.leaflet-popup').count()).toBe(1)
    await harness.screenshot(page, 'map-consignment-popup-en')
    await openConsignment.click()
    await page.waitForURL(new RegExp(`/consignments/${ids.consignment}$`))

    // The closed leg alone, clicked at its middle.
    await page.goto('/?hide=hubs,shelters,airports,ports,other,requests,consignments,area')
    await expect.poll(async () => (await counts(page)).lines.legs).toBe(1)
    const [a, b] = ends
    if (!a || !b) throw new Error('the closed leg has no ends on the map')
    await viewAt(page, (a.lat + b.lat) / 2, (a.lon + b.lon) / 2, 11)
    const middle = (await page.evaluate(
      `(() => { const m = window.__kizunaMap.map; const p = m.latLngToContainerPoint([${a.lat}, ${a.lon}]).add(m.latLngToContainerPoint([${b.lat}, ${b.lon}])).divideBy(2); const l = m.containerPointToLatLng(p); return { lat: l.lat, lon: l.lng } })()`,
    )) as { lat: number; lon: number }
    await clickAt(page, middle.lat, middle.lon)
    const show = await popupLink(page, 'Show in transport')
    expect(await page.locator('.leaflet-popup').textContent()).toContain('Closed: Landslide')
    await harness.screenshot(page, 'map-leg-popup-en')
    await show.click()
    await page.waitForURL(/\/transport\/legs\?place=[0-9a-f-]{36}&status=closed$/)
    expect(problems).toEqual([])
  })

  it('opens a request from the ring at its destination', async () => {
    const { page, problems } = await open('/')
    await ready(page)
    // Close in: the Wajima distribution point is a hundred metres away.
    const shelter = (await page.evaluate(`window.__kizunaMap.placeOf("${shelterCode}")`)) as {
      lat: number
      lon: number
    }
    await viewAt(page, shelter.lat, shelter.lon, 16)
    const ring = page.getByRole('button', {
      name: `${shelterName}: 1 request (most urgent: Life-saving)`,
      exact: true,
    })
    await ring.click()
    const popup = page.locator('.leaflet-popup')
    await popupLink(page, 'All requests for this place')
    expect(await popup.locator('.popup-title').textContent()).toBe(shelterName)
    expect(await popup.textContent()).toContain('Open needs: 500 units in 1 line')
    await harness.screenshot(page, 'map-request-popup-en')
    const code = popup.locator('.popup-list a.code')
    expect(await code.count()).toBe(1)
    await code.click()
    await page.waitForURL(new RegExp(`/requests/${ids.request}$`))
    expect(problems).toEqual([])
  })

  it('toggles layers and keeps them and the filters in the address', async () => {
    const { page, problems } = await open('/')
    await ready(page)
    const all = await pointCount(page)
    const shelterCount = Number(
      (await page.locator('[data-layer="shelters"] .legend-count').textContent())?.replace(
        /,/g,
        '',
      ),
    )
    expect(shelterCount).toBeGreaterThan(2000)
    const shelters = page.getByRole('checkbox', { name: /^Shelters and evacuation sites/ })
    await shelters.uncheck()
    await page.waitForURL(/hide=shelters/)
    await expect.poll(() => pointCount(page)).toBe(all - shelterCount)
    expect(await page.locator('[data-layer="shelters"] .legend-count').textContent()).toBe('')
    await page.getByRole('checkbox', { name: /^Consignments on their way/ }).uncheck()
    await expect.poll(async () => page.url()).toMatch(/hide=shelters%2Cconsignments$/)
    await shelters.check()
    await expect.poll(() => pointCount(page)).toBe(all)

    await page.getByLabel('Operation').selectOption(ids.operation ?? '')
    // The operation's affected area is brought into view.
    await expect
      .poll(() =>
        page.evaluate(
          '(() => { const c = window.__kizunaMap.map.getCenter(); return [Math.round(c.lat * 10) / 10, Math.round(c.lng * 10) / 10] })()',
        ),
      )
      .toEqual([37.3, 137])
    await page.getByLabel('Request priority').selectOption('life-saving')
    await page.getByLabel('Place type').selectOption('hub')
    await expect
      .poll(() => page.url())
      .toContain(`operation=${ids.operation}&priority=life-saving&type=hub`)
    await expect.poll(() => pointCount(page)).toBe(2)
    await page.reload()
    await expect.poll(() => page.getByLabel('Place type').inputValue()).toBe('hub')
    expect(await page.getByLabel('Request priority').inputValue()).toBe('life-saving')
    await expect.poll(() => pointCount(page)).toBe(2)
    expect(
      await page.getByRole('checkbox', { name: /^Consignments on their way/ }).isChecked(),
    ).toBe(false)
    await page.getByRole('button', { name: 'Clear filters' }).click()
    await expect.poll(() => pointCount(page)).toBe(all)
    expect(problems).toEqual([])
  })

  it('reads in Japanese: the layers, the legend and the popups', async () => {
    const { page, problems } = await open('/')
    await switchLanguage(page, 'ja')
    await ready(page)
    const legend = page.locator('.map-legend')
    await expect.poll(() => legend.locator('legend').textContent()).toBe('表示レイヤーと凡例')
    expect(await legend.locator('.legend-name').allTextContents()).toEqual([
      '拠点・物資集積所',
      '避難所・避難場所',
      '空港・ヘリポート',
      '港湾',
      '市町村',
      '要請',
      '輸送中の輸送便',
      '通行止め・損傷区間',
      '被災地域',
    ])
    const text = await legend.textContent()
    expect(text).toContain('輸送中（矢印は目的地の方向）')
    expect(text).toContain('Noto Peninsula earthquakeの被災地域')
    // A cluster of ten or more: places at one spot (a shelter that is also an evacuation site) never
    // split and list themselves instead.
    const big = () =>
      page.locator('.map-cluster.cluster-places').filter({ hasText: /\d\d/ }).first()
    const cluster = big()
    await cluster.waitFor()
    expect(await cluster.getAttribute('title')).toMatch(
      /^この付近に[\d,]+件の地点（クリックで拡大）$/,
    )
    const hub = (await page.evaluate('window.__kizunaMap.placeOf("HUB:KOMATSU")')) as {
      lat: number
      lon: number
    }
    await viewAt(page, hub.lat, hub.lon, 13)
    await clickAt(page, hub.lat, hub.lon)
    await popupLink(page, '詳細を開く')
    expect(await page.locator('.leaflet-popup .popup-title').textContent()).toBe(
      '小松空港 救援物資拠点',
    )
    expect(await page.locator('.leaflet-popup').textContent()).toMatch(/利用可能：[\d,]+単位/)
    await harness.screenshot(page, 'map-hub-popup-ja')
    await viewAt(page, 37.0, 136.9, 9)
    await harness.screenshot(page, 'map-picture-ja')
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    expect(problems).toEqual([])
  })
})
