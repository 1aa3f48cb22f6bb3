/**
 * Allocation plans in the browser, end to end: a real node with the demo hubs, their stock and the
 * route network derived at demo start, the built web app, Debian's Chromium. Through the API the hub
 * adds a 10-tonne truck at Komatsu, keeps its cardboard beds for its own shelters (an allocation rule),
 * and validates three requests for a shelter in Wajima: water, blankets and an item nobody stocks
 * (needed within 7 hours), rice needed within the hour, and — from the NGO — cardboard beds. A planner
 * makes a plan 8 hours ahead on the plans screen, sees it run and finish, compares it with greedy (every
 * number as the API says it), opens a flow on the map, reads the unmet lines by reason (no stock, not
 * allowed, no route in time, no capacity), approves it, and opens a consignment it created: planned,
 * its stock reserved. The list and the plan are read once in Japanese at tablet width; a second plan is
 * discarded. axe-core on each screen; screenshots in test-results/screenshots/plans-*.png.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  type ApiSession,
  type Harness,
  seriousAccessibilityViolations,
  signIn,
  startHarness,
  type TrackedPage,
} from './harness.js'

const planner = {
  username: 'planner',
  password: 'planner-password-2024',
  roles: ['planner'],
  displayName: 'Hub Planner',
}
const ngo = {
  username: 'pwj-requester',
  password: 'pwj-password-2024',
  roles: ['requester'],
  org: 'NGO-PWJ',
  displayName: 'PWJ Field Officer',
}
/** A shelter in Wajima, at the end of a road route from the Komatsu hub. */
const shelterCode = 'GSI:E1720400004111'
const itemCodes = ['KZ-WASH-001', 'KZ-NFI-001', 'KZ-FOOD-001', 'KZ-FOOD-002', 'KZ-NFI-010']

interface PlanView {
  id: string
  status: string
  tiers: { tier: string; lines: number; requested: number; delivered: number; fulfilment: number }[]
  consignments: string[]
  result: {
    lines: {
      line: string
      request: string
      item: string
      tier: string
      requested: number
      planned: number
    }[]
    consignments: {
      id: string
      origin: string
      destination: string
      lines: { item: string; quantity: number }[]
    }[]
    unmet: { line: string; quantity: number; reason: string }[]
    comparison: {
      tiers: {
        tier: string
        requested: number
        plan: { delivered: number; fulfilment: number }
        greedy: { delivered: number; fulfilment: number }
      }[]
      tonneKm: { plan: number; greedy: number }
      tonneHours: { plan: number; greedy: number }
      assetsUsed: { plan: number; greedy: number }
      sorties: { plan: number; greedy: number }
    }
  } | null
}

let harness: Harness
let user: TrackedPage
let admin: ApiSession
let partner: ApiSession
const ids: Record<string, string> = {}
let planId = ''

beforeAll(async () => {
  harness = await startHarness({ users: [planner, ngo] })
  admin = await harness.apiSession(harness.users.admin.username, harness.users.admin.password)
  partner = await harness.apiSession(ngo.username, ngo.password)
  for (const code of ['HUB:KOMATSU', shelterCode]) {
    const found = (await call('GET', `/api/places?q=${encodeURIComponent(code)}`)) as {
      places: { id: string; code: string }[]
    }
    ids[code] = found.places.find((place) => place.code === code)?.id as string
  }
  for (const code of itemCodes) {
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
  // The hub keeps its cardboard beds for its own shelters: the NGO's request may not have them.
  await call('PUT', '/api/allocation-rules', {
    item: ids['KZ-NFI-010'],
    allowed: 'none',
    note: "For the prefecture's own shelters",
  })
  const hours = (n: number) => new Date(Date.now() + n * 3_600_000).toISOString()
  const line = (code: string, quantity: number, priority: string) => ({
    kind: 'item',
    item: ids[code],
    quantity,
    priority,
  })
  ids.waterRequest = await validatedRequest(admin, hours(7), [
    line('KZ-WASH-001', 16_800, 'life-saving'),
    line('KZ-NFI-001', 300, 'life-sustaining'),
    line('KZ-FOOD-002', 100, 'other'),
  ])
  ids.riceRequest = await validatedRequest(admin, hours(1), [
    line('KZ-FOOD-001', 500, 'life-saving'),
  ])
  ids.bedRequest = await validatedRequest(partner, hours(7), [
    line('KZ-NFI-010', 50, 'life-sustaining'),
  ])
  user = await harness.newPage()
  await user.page.goto('/plans')
  await signIn(user.page, planner.username, planner.password)
}, 180_000)

afterAll(async () => {
  await harness?.close()
}, 60_000)

beforeEach(() => {
  user.problems.length = 0
})

async function call(
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: unknown,
  session: ApiSession = admin,
): Promise<unknown> {
  const response = await fetch(`${harness.baseUrl}${path}`, {
    method,
    headers: {
      ...session.headers,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!response.ok)
    throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`)
  return response.json()
}

/** A request made by `by`, submitted, and validated by the hub. */
async function validatedRequest(by: ApiSession, neededBy: string, lines: unknown[]) {
  const made = (await call(
    'POST',
    '/api/requests',
    { destination: ids[shelterCode], neededBy, share: 'all', lines },
    by,
  )) as { id: string }
  await call('POST', `/api/requests/${made.id}/submit`, {}, by)
  await call('POST', `/api/requests/${made.id}/validate`, {})
  return made.id
}

function heading(page: Page) {
  return page.getByRole('heading', { level: 1 })
}

const whole = (n: number) => new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 }).format(n)
const tenths = (n: number) => new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }).format(n)
const percent = (fulfilment: number, lines: number) =>
  lines === 0
    ? '—'
    : new Intl.NumberFormat('en-GB', {
        style: 'percent',
        minimumFractionDigits: 1,
        maximumFractionDigits: 1,
      }).format(fulfilment / lines)

async function waterAvailableAtKomatsu(): Promise<number> {
  const list = (await call(
    'GET',
    `/api/stock?kind=stock&place=${ids['HUB:KOMATSU']}&item=${ids['KZ-WASH-001']}&limit=100`,
  )) as { balances: { item: { code: string }; available: number }[] }
  return list.balances
    .filter((balance) => balance.item.code === 'KZ-WASH-001')
    .reduce((sum, balance) => sum + balance.available, 0)
}

async function planOf(id: string): Promise<PlanView> {
  return (await call('GET', `/api/plans/${id}`)) as PlanView
}

describe('allocation plans in the browser', () => {
  it('makes a plan on the plans screen and follows it until it is a draft', async () => {
    const { page, problems } = user
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Plans' })
      .click()
    await expect.poll(() => heading(page).textContent()).toBe('Allocation plans')
    await expect
      .poll(() => page.locator('.plan-table + .empty').textContent())
      .toBe('No plans yet.')
    const form = page.locator('.new-plan')
    expect(await form.getByLabel('Operation').inputValue()).toBe('')
    const horizon = form.getByRole('textbox', { name: 'Horizon (hours)' })
    expect(await horizon.inputValue()).toBe('72')
    await horizon.fill('0')
    await form.getByRole('button', { name: 'Make the plan' }).click()
    await expect
      .poll(() => form.locator('.field-error').textContent())
      .toBe('A whole number of hours from 1 to 720.')
    await horizon.fill('8')
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await harness.screenshot(page, 'plans-form-en')

    // The solve takes well under a second here: the first three reads of the plan are answered as
    // the solver would while running (the server's own answer, its status and progress replaced), so
    // the screen's progress and its reading again every second are seen; then the real answers pass.
    const progress = [
      { step: 'built', stage: null, of: null, stageName: null },
      { step: 'solved', stage: 1, of: 5, stageName: 'life-saving' },
      { step: 'solved', stage: 2, of: 5, stageName: 'life-sustaining' },
    ]
    let reads = 0
    await page.route(/\/api\/plans\/[0-9a-f-]{36}$/, async (route) => {
      const stage = progress[reads++]
      if (route.request().method() !== 'GET' || !stage) return route.continue()
      const answer = await route.fetch()
      const body = { ...(await answer.json()), status: 'running', result: null }
      body.progress = { ...stage, at: new Date().toISOString() }
      await route.fulfill({ status: 200, json: body })
    })
    await form.getByRole('button', { name: 'Make the plan' }).click()
    await page.waitForURL(/\/plans\/[0-9a-f-]{36}$/)
    planId = new URL(page.url()).pathname.split('/').pop() as string
    await expect.poll(() => heading(page).textContent()).toMatch(/^Plan [0-9A-F]{8}/)
    const running = page.locator('.plan-running[role="status"]')
    const status = page.locator('.plan-status').first()
    await expect
      .poll(() => running.textContent(), { timeout: 10_000 })
      .toBe('Tier 1 of 3 solved (Life-saving)')
    expect(await status.textContent()).toBe('Running')
    expect(await page.getByRole('button', { name: 'Cancel the plan' }).count()).toBe(1)
    expect(await running.locator('progress').getAttribute('value')).toBe('31')
    await expect
      .poll(() => running.textContent(), { timeout: 10_000 })
      .toBe('Tier 2 of 3 solved (Life-sustaining)')
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await harness.screenshot(page, 'plans-running-en')
    await expect.poll(() => status.textContent(), { timeout: 60_000 }).toBe('Draft')
    await page.unroute(/\/api\/plans\/[0-9a-f-]{36}$/)
    expect(reads).toBeGreaterThan(3)
    expect(await running.count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Cancel the plan' }).count()).toBe(0)
    const plan = await planOf(planId)
    expect(plan.status).toBe('draft')
    expect(plan.result?.consignments.length).toBeGreaterThan(0)
    await expect.poll(() => page.getByRole('button', { name: 'Approve' }).count()).toBe(1)
    expect(await page.getByRole('button', { name: 'Discard' }).count()).toBe(1)
    expect(problems).toEqual([])
  }, 90_000)

  it('compares the plan with greedy: every figure as the API gives it', async () => {
    const { page, problems } = user
    const plan = await planOf(planId)
    const result = plan.result
    if (!result) throw new Error('the plan has no result')
    const tierTable = page.locator('.tier-table')
    await expect.poll(() => tierTable.locator('tbody tr').count()).toBe(3)
    for (const tier of result.comparison.tiers) {
      const own = plan.tiers.find((each) => each.tier === tier.tier)
      if (!own) throw new Error(`no tier ${tier.tier}`)
      const planned = result.lines
        .filter((line) => line.tier === tier.tier)
        .reduce((sum, line) => sum + line.planned, 0)
      const cells = await tierTable
        .locator(`tbody tr[data-tier="${tier.tier}"] td`)
        .allTextContents()
      expect(cells).toEqual([
        whole(own.lines),
        whole(tier.requested),
        whole(planned),
        whole(tier.plan.delivered),
        percent(tier.plan.fulfilment, own.lines),
        whole(tier.greedy.delivered),
        percent(tier.greedy.fulfilment, own.lines),
      ])
    }
    // The life-saving water: partly planned, never worse than greedy.
    const lifeSaving = result.comparison.tiers.find((tier) => tier.tier === 'life-saving')
    expect(lifeSaving?.plan.delivered).toBeGreaterThan(0)
    expect(lifeSaving?.plan.fulfilment).toBeGreaterThanOrEqual(lifeSaving?.greedy.fulfilment ?? 1)
    const measures = page.locator('.transport-table tbody tr')
    const { comparison } = result
    expect(await measures.allTextContents()).toEqual([
      `Tonne-kilometres${tenths(comparison.tonneKm.plan)}${tenths(comparison.tonneKm.greedy)}`,
      `Tonne-hours in transit${tenths(comparison.tonneHours.plan)}${tenths(comparison.tonneHours.greedy)}`,
      `Assets used${whole(comparison.assetsUsed.plan)}${whole(comparison.assetsUsed.greedy)}`,
      `Sorties${whole(comparison.sorties.plan)}${whole(comparison.sorties.greedy)}`,
    ])
    expect(await page.locator('.rounding-table tbody tr').count()).toBe(3)
    const lines = plan.tiers.find((tier) => tier.tier === 'life-saving')?.lines ?? 0
    const chart = page.getByRole('img', { name: /^Fulfilment by tier, the plan against greedy/ })
    expect(await chart.getAttribute('aria-label')).toContain(
      `Life-saving ${percent(lifeSaving?.plan.fulfilment ?? 0, lines)} against ${percent(lifeSaving?.greedy.fulfilment ?? 0, lines)}`,
    )
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await harness.screenshot(page, 'plans-draft-en')
    expect(problems).toEqual([])
  }, 40_000)

  it('shows the flows on the map; a click shows a flow’s consignments', async () => {
    const { page, problems } = user
    const result = (await planOf(planId)).result
    if (!result) throw new Error('the plan has no result')
    const flows = new Map<string, string[]>()
    for (const sortie of result.consignments) {
      const key = `${sortie.origin}→${sortie.destination}`
      flows.set(key, [...(flows.get(key) ?? []), sortie.id])
    }
    await expect.poll(() => page.evaluate('window.__kizunaPlanMap?.flows()')).toBe(flows.size)
    expect(await page.locator('.flow-table tbody tr').count()).toBe(flows.size)
    const [key, sorties] = [...flows][0] as [string, string[]]
    const map = page.locator('.flow-map')
    await map.scrollIntoViewIfNeeded()
    // The basemap's fit settles, then the flow's middle is clicked on the canvas.
    await expect
      .poll(() => page.evaluate(`window.__kizunaPlanMap?.pointOf(${JSON.stringify(key)}) !== null`))
      .toBe(true)
    await page.waitForTimeout(300)
    const point = (await page.evaluate(
      `window.__kizunaPlanMap.pointOf(${JSON.stringify(key)})`,
    )) as { x: number; y: number }
    await map.click({ position: { x: point.x, y: point.y } })
    const detail = page.locator('.flow-detail')
    await expect.poll(() => detail.locator('.sortie-table tbody tr').count()).toBe(sorties.length)
    expect(
      await detail
        .locator('.sortie-table tbody tr')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-sortie'))),
    ).toEqual(sorties)
    // The item's unit arrives after the plan.
    await expect
      .poll(() => detail.locator('.sortie-lines li').first().textContent())
      .toMatch(/: [\d,]+ \w+ \(request [0-9A-F]{8}\)$/)
    expect(new URL(page.url()).searchParams.get('flow')).toBe(key)
    expect(
      await page.locator(`.flow-table tr[data-flow="${key}"] button`).getAttribute('aria-pressed'),
    ).toBe('true')
    await detail.getByRole('button', { name: 'Close' }).click()
    await expect.poll(() => detail.count()).toBe(0)
    // The same by keyboard, from the table.
    await page.locator(`.flow-table tr[data-flow="${key}"] button`).press('Enter')
    await expect.poll(() => page.locator('.flow-detail').count()).toBe(1)
    expect(await page.locator('.plan-consignments .sortie-table tbody tr').count()).toBe(
      result.consignments.length,
    )
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await map.scrollIntoViewIfNeeded()
    await harness.screenshot(page, 'plans-flows-en')
    expect(problems).toEqual([])
  }, 40_000)

  it('says why each unmet line is unmet, grouped by reason', async () => {
    const { page, problems } = user
    const result = (await planOf(planId)).result
    if (!result) throw new Error('the plan has no result')
    const lineOf = (request: string, code: string) =>
      result.lines.find((line) => line.request === request && line.item === ids[code])
    const reasonsOf = (request: string, code: string) =>
      result.unmet
        .filter((unmet) => unmet.line === lineOf(request, code)?.line)
        .map((unmet) => unmet.reason)
    // The instance was built so that each reason is true of one line.
    expect(reasonsOf(ids.waterRequest as string, 'KZ-FOOD-002')).toEqual(['no-stock'])
    expect(reasonsOf(ids.bedRequest as string, 'KZ-NFI-010')).toEqual(['not-allowed'])
    expect(reasonsOf(ids.riceRequest as string, 'KZ-FOOD-001')).toEqual(['no-route-in-time'])
    expect(reasonsOf(ids.waterRequest as string, 'KZ-WASH-001')).toEqual(['no-capacity'])

    const groups = page.locator('.unmet-group')
    await expect.poll(() => groups.count()).toBe(4)
    expect(
      await groups.evaluateAll((all) => all.map((group) => group.getAttribute('data-reason'))),
    ).toEqual(['no-stock', 'not-allowed', 'no-route-in-time', 'no-capacity'])
    expect(await groups.locator('h3').allTextContents()).toEqual(
      ['No stock', "Not allowed by the owners' rules", 'No route in time', 'No capacity'].map(
        (reason) => {
          const lines = result.unmet.filter(
            (unmet) =>
              unmet.reason ===
              {
                'No stock': 'no-stock',
                "Not allowed by the owners' rules": 'not-allowed',
                'No route in time': 'no-route-in-time',
                'No capacity': 'no-capacity',
              }[reason],
          ).length
          return `${reason} (${lines} ${lines === 1 ? 'line' : 'lines'})`
        },
      ),
    )
    for (const unmet of result.unmet) {
      const row = page.locator(
        `.unmet-group[data-reason="${unmet.reason}"] tr[data-line="${unmet.line}"]`,
      )
      await expect
        .poll(() => row.locator('.unmet-quantity').textContent())
        .toMatch(new RegExp(`^${whole(unmet.quantity)} `))
    }
    const water = lineOf(ids.waterRequest as string, 'KZ-WASH-001')
    const waterRow = page.locator(`tr[data-line="${water?.line}"]`)
    await expect.poll(() => waterRow.textContent()).toContain('Life-saving')
    await expect.poll(() => waterRow.locator('td').nth(5).textContent()).toBe('16,800 bottle')
    expect(
      await page.locator('.unmet-group[data-reason="not-allowed"] .subtle').textContent(),
    ).toBe("Stock is left, but its owners' allocation rules do not let this requester receive it.")
    await page.locator('.plan-unmet').scrollIntoViewIfNeeded()
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await harness.screenshot(page, 'plans-unmet-en')
    expect(problems).toEqual([])
  }, 40_000)

  it('approves the plan after a confirmation, and opens a consignment it created', async () => {
    const { page, problems } = user
    const plan = await planOf(planId)
    const result = plan.result
    if (!result) throw new Error('the plan has no result')
    const before = await waterAvailableAtKomatsu()
    const waterPlanned = result.consignments
      .filter((sortie) => sortie.origin === ids['HUB:KOMATSU'])
      .flatMap((sortie) => sortie.lines)
      .filter((line) => line.item === ids['KZ-WASH-001'])
      .reduce((sum, line) => sum + line.quantity, 0)
    expect(waterPlanned).toBeGreaterThan(0)

    await page.getByRole('button', { name: 'Approve' }).click()
    const dialog = page.getByRole('dialog', { name: /^Approve plan [0-9A-F]{8}\?$/ })
    const count = result.consignments.length
    expect(await dialog.locator('p').textContent()).toBe(
      `This creates ${count} consignment${count === 1 ? '' : 's'} in Planned and reserves ${count === 1 ? 'its' : 'their'} stock.`,
    )
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await dialog.getByRole('button', { name: 'Approve and reserve' }).click()
    const done = page.locator('.success')
    await expect
      .poll(() => done.locator('p').textContent())
      .toMatch(/^Approved: \d+ consignments? created/)
    await expect.poll(() => page.locator('.plan-status').first().textContent()).toBe('Approved')
    const links = done.getByRole('link')
    await expect.poll(() => links.count()).toBe(count)
    const approved = await planOf(planId)
    expect(approved.status).toBe('approved')
    expect(approved.consignments.length).toBe(count)
    expect(await waterAvailableAtKomatsu()).toBe(before - waterPlanned)
    // The consignments table now links each sortie to its consignment.
    await expect
      .poll(() => page.locator('.plan-consignments .sortie-table tbody tr a.code').count())
      .toBe(count)
    expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0)
    await harness.screenshot(page, 'plans-approved-en')

    await links.first().click()
    await page.waitForURL(/\/consignments\/[0-9a-f-]{36}$/)
    const consignment = new URL(page.url()).pathname.split('/').pop() as string
    expect(approved.consignments).toContain(consignment)
    await expect
      .poll(() => page.locator('.consignment-status').first().textContent())
      .toBe('Planned')
    await expect.poll(() => page.locator('.line-table tbody tr').count()).toBeGreaterThan(0)
    await expect
      .poll(() => page.locator('.consignment-fields').textContent())
      .toContain('Ishikawa truck 10-27 (Truck)')
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    expect(problems).toEqual([])
  }, 60_000)

  it('reads in Japanese at tablet width, and discards a second plan', async () => {
    const tablet = await harness.newPage({
      locale: 'ja-JP',
      viewport: { width: 820, height: 1180 },
    })
    const { page, problems } = tablet
    await page.goto('/plans')
    await signIn(page, planner.username, planner.password)
    await expect.poll(() => heading(page).textContent()).toBe('配分計画')
    const rows = page.locator('.plan-table tbody tr')
    await expect.poll(() => rows.count()).toBe(1)
    await expect.poll(() => rows.first().locator('.plan-status').textContent()).toBe('承認済み')
    expect(await page.locator('.plan-table thead th').allTextContents()).toEqual([
      // Sortable columns carry their mark; newest first is the plan column, descending.
      '計画▼',
      '状態↕',
      'オペレーション',
      '開始↕',
      '救命 充足率',
      '生命維持 充足率',
      'その他 充足率',
      '便数',
    ])
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await harness.screenshot(page, 'plans-list-ja')

    // A second plan, made by the API: it re-plans what the first left open, and is discarded.
    const second = (await call('POST', '/api/plans', { horizonHours: 8 })) as { id: string }
    await page.goto(`/plans/${second.id}`)
    await expect
      .poll(() => page.locator('.plan-status').first().textContent(), { timeout: 60_000 })
      .toBe('下書き')
    expect(await page.locator('.unmet-group h3').first().textContent()).toMatch(/^在庫なし/)
    expect(await page.getByRole('button', { name: '承認' }).count()).toBe(1)
    expect(await seriousAccessibilityViolations(page)).toEqual([])
    await harness.screenshot(page, 'plans-draft-ja')
    await page.getByRole('button', { name: '破棄' }).click()
    const dialog = page.getByRole('dialog', { name: /^計画 [0-9A-F]{8} を破棄しますか？$/ })
    await dialog.getByRole('button', { name: '計画を破棄' }).click()
    await expect.poll(() => page.locator('.plan-status').first().textContent()).toBe('破棄')
    expect((await planOf(second.id)).status).toBe('discarded')
    expect(problems).toEqual([])
  }, 90_000)
})
