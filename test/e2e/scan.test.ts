/**
 * Scanning a waybill in the browser, end to end: a real node, the built web app, Debian's Chromium with
 * its fake camera fed a video of a QR code (fake-camera.ts). Water received at the Komatsu hub is
 * consigned to the Noto airport staging area and dispatched through the API; the code of its waybill is
 * the address of its receipt screen. The camera first sees another site's code (said, and the page stays), then the
 * waybill's: the app stops the camera and opens the consignment's receipt screen. The camera stops and
 * starts by its buttons, and stops on leaving the page. Where the camera is refused, the page says so; a
 * keyboard-wedge scanner's code typed into the focused field (a wrong one said, then the waybill's)
 * opens the receipt screen, and a picture of a code can be chosen instead (a wrong one said).
 * Screenshots: test-results/screenshots/scan-*.png.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { qrCodePng, showToFakeCamera } from './fake-camera.js'
import {
  type ApiSession,
  type Harness,
  seriousAccessibilityViolations,
  signIn,
  startHarness,
  type TrackedPage,
} from './harness.js'

let harness: Harness
let admin: TrackedPage
let adminApi: ApiSession
let dir: string
let cameraVideo: string
let consignment: string
const anotherSite = 'https://www.example.com/'
const notAWaybill = `Read “${anotherSite}”: that is not a waybill's code. Expected the address of a consignment's receipt (ending in /consignments/<id>/receive) or a consignment id.`

async function api(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${harness.baseUrl}${path}`, {
    method,
    headers: {
      ...adminApi.headers,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!response.ok)
    throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`)
  return response.json()
}

/** What the waybill's QR code holds: the address of the consignment's receipt screen. */
function waybillCode(): string {
  return `${harness.baseUrl}/consignments/${consignment}/receive`
}

function heading(page: Page) {
  return page.getByRole('heading', { level: 1 })
}

/** What the camera panel says about the camera, and about the last code it read. */
function cameraStatus(page: Page) {
  return page.locator('.scan-camera').getByRole('status').textContent()
}
function cameraAlert(page: Page) {
  return page.locator('.scan-camera').getByRole('alert').textContent()
}

function isReceiptScreen(url: URL): boolean {
  return url.pathname === `/consignments/${consignment}/receive`
}

/** The receipt screen's heading names the consignment by the last 8 hex digits of its id. */
function receiptHeading(): string {
  return `Receive consignment ${consignment.replace(/-/g, '').slice(-8).toUpperCase()}`
}

/** The camera streams the page started, as "live" or "ended" per track (recorded by an init script). */
function cameraTracks(page: Page): Promise<string[]> {
  return page.evaluate(
    '(window.cameraStreams ?? []).flatMap((stream) => stream.getTracks().map((track) => track.readyState))',
  )
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kizuna-scan-'))
  cameraVideo = join(dir, 'camera.y4m')
  await showToFakeCamera(cameraVideo, anotherSite)
  harness = await startHarness({
    chromiumArgs: [
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${cameraVideo}`,
    ],
  })
  const { username, password } = harness.users.admin
  adminApi = await harness.apiSession(username, password)
  const places = (await api('GET', '/api/places?type=hub,staging-area&q=&limit=50')) as {
    places: { id: string; code: string }[]
  }
  const komatsu = places.places.find((p) => p.code === 'HUB:KOMATSU')?.id
  const noto = places.places.find((p) => p.code === 'STAGE:NOTO-AIRPORT')?.id
  const items = (await api('GET', '/api/items?q=KZ-WASH-003&limit=5')) as {
    items: { id: string; code: string }[]
  }
  const item = items.items.find((i) => i.code === 'KZ-WASH-003')?.id
  const owner = ((await api('GET', '/api/auth/session')) as { org: { id: string } }).org.id
  expect({ komatsu, noto, item }).toEqual({
    komatsu: expect.any(String),
    noto: expect.any(String),
    item: expect.any(String),
  })
  await api('POST', '/api/stock/receive', {
    id: crypto.randomUUID(),
    place: komatsu,
    item,
    owner,
    quantity: 40,
    source: 'Japanese Red Cross',
  })
  const created = (await api('POST', '/api/consignments', {
    origin: komatsu,
    destination: noto,
    lines: [{ item, owner, quantity: 25 }],
  })) as { id: string; status: string }
  expect(created.status).toBe('planned')
  consignment = created.id
  // On its way: what a waybill travels with, and what the destination scans to receive.
  const dispatched = (await api('POST', `/api/consignments/${consignment}/dispatch`, {})) as {
    status: string
  }
  expect(dispatched.status).toBe('dispatched')

  admin = await harness.newPage()
  // Keeps every camera stream the page starts, so the test can see that each was stopped.
  // (Scripts as text: this project's test types have no DOM.)
  await admin.context.addInitScript(`
    window.cameraStreams = []
    const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices)
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const stream = await getUserMedia(constraints)
      window.cameraStreams.push(stream)
      return stream
    }
  `)
  await admin.page.goto('/')
  await signIn(admin.page, username, password)
}, 180_000)

afterAll(async () => {
  await harness?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
}, 60_000)

beforeEach(() => {
  admin.problems.length = 0
})

describe('scanning a waybill', () => {
  it("says what the camera read when it is not a waybill's code, and stops the camera on leaving", async () => {
    const { page, problems } = admin
    // Chromium on Linux has no BarcodeDetector: the frames go to jsQR in a worker.
    const worker = page.waitForRequest((request) =>
      /\/assets\/qr-worker-[^/]+\.js$/.test(request.url()),
    )
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Scan' }).click()
    await page.waitForURL((url) => url.pathname === '/scan')
    await worker
    await expect.poll(() => heading(page).textContent()).toBe('Scan a waybill')
    await expect.poll(() => cameraAlert(page)).toBe(notAWaybill)
    await expect
      .poll(() => cameraStatus(page))
      .toBe("Looking for a QR code. Hold the waybill's code steady in view.")
    expect(new URL(page.url()).pathname).toBe('/scan')
    expect(await cameraTracks(page)).toEqual(['live'])
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await harness.screenshot(page, 'scan-wrong-code')

    await page.getByRole('button', { name: 'Stop the camera' }).click()
    await expect.poll(() => cameraStatus(page)).toBe('The camera is off.')
    expect(await cameraTracks(page)).toEqual(['ended'])
    await page.getByRole('button', { name: 'Start the camera' }).click()
    expect(await page.locator('.scan-camera [role="alert"]').count()).toBe(0)
    await expect.poll(() => cameraTracks(page)).toEqual(['ended', 'live'])
    await expect.poll(() => cameraAlert(page)).toBe(notAWaybill)

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Map' }).click()
    await page.waitForURL((url) => url.pathname === '/')
    await expect.poll(() => cameraTracks(page)).toEqual(['ended', 'ended'])
    expect(problems).toEqual([])
  })

  it("opens the consignment's receipt screen when the camera sees its waybill's code", async () => {
    const { page, problems } = admin
    await showToFakeCamera(cameraVideo, waybillCode())
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Scan' }).click()
    await page.waitForURL(isReceiptScreen)
    await expect.poll(() => heading(page).textContent()).toBe(receiptHeading())
    // The camera is off as soon as the code is read.
    expect(await cameraTracks(page)).toEqual(['ended', 'ended', 'ended'])
    await harness.screenshot(page, 'scan-receipt')
    expect(problems).toEqual([])
  })

  it("takes a keyboard-wedge scanner's code where the camera is refused, and says what a wrong code was", async () => {
    const { username, password } = harness.users.admin
    const wedge = await harness.newPage()
    const { page, problems } = wedge
    // The camera refused, as when the user says no to the browser's question.
    await wedge.context.addInitScript(`
      navigator.mediaDevices.getUserMedia = () =>
        Promise.reject(new DOMException('Permission denied', 'NotAllowedError'))
    `)
    await page.goto('/scan')
    await signIn(page, username, password)
    await expect.poll(() => heading(page).textContent()).toBe('Scan a waybill')
    await expect
      .poll(() => cameraStatus(page))
      .toBe(
        "The camera is not allowed. Allow it in the browser's settings for this site and try again, or use a barcode scanner, type the id, or choose a picture of the code.",
      )
    // The code field has the focus, so a scanner's keystrokes land there without a click.
    await expect
      .poll(() => page.evaluate('document.activeElement?.getAttribute("name")'))
      .toBe('code')
    expect(await seriousAccessibilityViolations(page)).toEqual([])

    const field = page.getByRole('textbox', { name: 'Waybill code or consignment id' })
    await page.keyboard.type(anotherSite)
    await page.keyboard.press('Enter')
    await expect.poll(() => page.locator('.field-error').textContent()).toBe(notAWaybill)
    expect(await field.getAttribute('aria-invalid')).toBe('true')
    expect(new URL(page.url()).pathname).toBe('/scan')
    await harness.screenshot(page, 'scan-wedge-wrong-code')

    // Without a camera, a picture of the code: here one of another site's code, said as such.
    await page.getByLabel('Choose a picture of the code').setInputFiles({
      name: 'code.png',
      mimeType: 'image/png',
      buffer: await qrCodePng(anotherSite),
    })
    await expect.poll(() => cameraAlert(page)).toBe(notAWaybill)
    expect(new URL(page.url()).pathname).toBe('/scan')

    await field.fill('')
    await page.keyboard.type(waybillCode())
    await page.keyboard.press('Enter')
    await page.waitForURL(isReceiptScreen)
    await expect.poll(() => heading(page).textContent()).toBe(receiptHeading())
    expect(problems).toEqual([])
  })
})
