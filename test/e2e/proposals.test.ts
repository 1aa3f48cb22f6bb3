/**
 * A delivery across nodes, end to end: the harness is the US node (a real `kizuna serve` process, the
 * browser); a Japanese node runs in this process on another loopback port. The Japanese planner plans
 * with the US hub's water and approves: a proposal. After the US node pulls it, a US logistician sees it
 * on the Proposals screen (English, and Japanese once) and accepts it in the browser: the consignment is
 * created and reserved at the US node. The US dispatches; the Japanese node receives 55 of 60 (5
 * damaged) on its own ledger; when the US pulls that receipt it closes its transit (55 to peer:JP, 5
 * to loss) and the browser shows the consignment received. Both ledgers verify (`kizuna verify` on the
 * US node's file). Then the other way round: a Japanese planner, in the browser on the Japanese node,
 * withdraws a second proposal before the US decides; after the US pulls, its screen shows it withdrawn
 * with nothing to accept, and accepting it through the API is refused.
 */
import { execFileSync } from 'node:child_process'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assetTypesFromFile, createAsset } from '../../src/app/assets.js'
import { createItem } from '../../src/app/items.js'
import { createUser } from '../../src/app/users.js'
import type { PlanSolver } from '../../src/app/plan-ports.js'
import { verifyChain } from '../../src/app/verify-chain.js'
import { buildApp } from '../../src/server/build-app.js'
import { bundledAssetTypesPath } from '../../src/server/routes/transport.js'
import { makePlan } from '../../src/solver/make-plan.js'
import { createFederation } from '../../src/sync/federation.js'
import { tokenHeaders } from '../support/callers.js'
import { keyLine } from '../support/federation.js'
import { itemDraft, placeDraft } from '../support/fixtures.js'
import { insertLegs } from '../support/legs.js'
import { openTestNode, type TestNode } from '../support/stores.js'
import {
  type ApiSession,
  type Harness,
  repoRoot,
  signIn,
  startHarness,
  switchLanguage,
  type TrackedPage,
} from './harness.js'

const logistician = {
  username: 'us-logistician',
  password: 'us-logistician-password-2024',
  roles: ['logistician'],
  displayName: 'US Logistician',
}
const solveHere: PlanSolver = (snapshot, onProgress) => ({
  result: makePlan(snapshot, onProgress),
  cancel: async () => {},
})

let harness: Harness
let admin: ApiSession
let usLogistician: ApiSession
let page: TrackedPage
let jp: TestNode
let jpApp: Awaited<ReturnType<typeof buildApp>>
let jpUrl = ''
let jpAs: Record<'admin' | 'planner' | 'logistician' | 'requester', Record<string, string>>
let usNode: { id: string; org: string; code: string; publicKeyLine: string }

/** A call to the US node with a session made outside the browser. */
async function us(
  method: 'GET' | 'POST',
  path: string,
  as: ApiSession,
  body?: object,
): Promise<{ status: number; json: () => unknown }> {
  const response = await fetch(`${harness.baseUrl}${path}`, {
    method,
    headers: { ...as.headers, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
  const text = await response.text()
  return { status: response.status, json: () => JSON.parse(text) }
}
const onJp = (method: 'GET' | 'POST', url: string, as: Record<string, string>, payload?: object) =>
  jpApp.inject({
    method,
    url,
    headers: as,
    ...(method === 'POST' ? { payload: payload ?? {} } : {}),
  })
const jpPulls = async () => {
  const [report] = await createFederation({ ctx: jp.ctx, key: jp.key }).pull()
  expect(report?.error ?? null).toBeNull()
}
const usPulls = async () => {
  const answer = await us('POST', `/api/peers/${jp.ctx.node.id}/sync`, admin)
  expect(answer.status).toBe(200)
  expect((answer.json() as { report: { error: string | null } }).report.error).toBeNull()
}

/** JP: a request for `quantity` of `item` at `destination`, validated, planned and approved; its proposals. */
async function proposeOnJp(item: string, destination: string, quantity: number) {
  const request = (
    await onJp('POST', '/api/requests', jpAs.requester, {
      destination,
      neededBy: new Date(Date.now() + 24 * 3_600_000).toISOString(),
      lines: [{ kind: 'item', item, quantity, priority: 'life-saving' }],
    })
  ).json()
  expect(
    (await onJp('POST', `/api/requests/${request.id}/submit`, jpAs.requester)).statusCode,
  ).toBe(200)
  expect(
    (await onJp('POST', `/api/requests/${request.id}/validate`, jpAs.planner)).statusCode,
  ).toBe(200)
  const plan = (await onJp('POST', '/api/plans', jpAs.planner, { horizonHours: 48 })).json()
  for (;;) {
    if ((await onJp('GET', `/api/plans/${plan.id}`, jpAs.planner)).json().status !== 'running')
      break
    await new Promise((done) => setTimeout(done, 50))
  }
  const approved = await onJp('POST', `/api/plans/${plan.id}/approve`, jpAs.planner)
  expect(approved.statusCode, approved.body).toBe(200)
  return approved.json().proposals as { proposal: string }[]
}

describe('a delivery across nodes, proposed, accepted in the browser, received and closed', () => {
  const water = uuidv7()
  let hub = ''
  let shelter = ''
  let proposal = ''
  let consignment = ''

  beforeAll(async () => {
    harness = await startHarness({ users: [logistician] })
    admin = await harness.apiSession(harness.users.admin.username, harness.users.admin.password)
    usLogistician = await harness.apiSession(logistician.username, logistician.password)
    const self = (await us('GET', '/api/peers/self', admin)).json() as {
      id: string
      organisation: { code: string }
      publicKeyLine: string
    }
    const organisations = (await us('GET', '/api/organisations?limit=500', admin)).json() as {
      organisations: { id: string; code: string }[]
    }
    const org = organisations.organisations.find((o) => o.code === self.organisation.code)
    usNode = {
      id: self.id,
      org: org?.id ?? '',
      code: self.organisation.code,
      publicKeyLine: self.publicKeyLine,
    }

    // The Japanese node, its clock at the real time (the US node checks signed requests against it).
    jp = await openTestNode('sqlite', { organisation: 'JP-E2E' })
    jp.clock.set(new Date().toISOString())
    jpApp = await buildApp({
      ctx: jp.ctx,
      federation: createFederation({ ctx: jp.ctx, key: jp.key }),
      planSolver: solveHere,
      webRoot: join(repoRoot, 'dist', 'web'),
    })
    await jpApp.listen({ port: 0, host: '127.0.0.1' })
    jpUrl = `http://127.0.0.1:${(jpApp.server.address() as AddressInfo).port}`
    jpAs = {} as typeof jpAs
    for (const role of ['admin', 'planner', 'logistician', 'requester'] as const)
      jpAs[role] = { authorization: (await tokenHeaders(jp.ctx, [role])).authorization }

    // Each side registers the other.
    const jpOrgOnUs = await us('POST', '/api/organisations', admin, {
      code: 'JP-E2E',
      nameEn: 'Japanese node agency',
      kind: 'government',
    })
    expect(jpOrgOnUs.status).toBe(201)
    const peerOnUs = await us('POST', '/api/peers', admin, {
      id: jp.ctx.node.id,
      organisation: (jpOrgOnUs.json() as { id: string }).id,
      url: jpUrl,
      publicKey: keyLine(jp.key),
    })
    expect(peerOnUs.status).toBe(201)
    const usOrgOnJp = await onJp('POST', '/api/organisations', jpAs.admin, {
      code: usNode.code,
      nameEn: 'US node agency',
      kind: 'government',
    })
    expect(usOrgOnJp.statusCode, usOrgOnJp.body).toBe(201)
    const peerOnJp = await onJp('POST', '/api/peers', jpAs.admin, {
      id: usNode.id,
      organisation: usOrgOnJp.json().id,
      url: harness.baseUrl,
      publicKey: usNode.publicKeyLine,
    })
    expect(peerOnJp.statusCode, peerOnJp.body).toBe(201)

    // The same catalog item on both; the US hub with 100 bottles; the JP shelter.
    const item = await us('POST', '/api/items', admin, {
      ...itemDraft({ code: 'KZ-E2E-WATER' }),
      id: water,
    })
    expect(item.status).toBe(201)
    await createItem(
      jp.ctx,
      { kind: 'cli', id: 'e2e', org: jp.ctx.node.org },
      { ...itemDraft({ code: 'KZ-E2E-WATER' }), id: water },
    )
    const place = await us(
      'POST',
      '/api/places',
      usLogistician,
      placeDraft({
        code: 'HUB:E2E-US',
        type: 'hub',
        nameEn: 'US relief hub',
        nameJa: '米軍救援拠点',
        lat: 36.5,
      }),
    )
    expect(place.status).toBe(201)
    hub = (place.json() as { id: string }).id
    const received = await us('POST', '/api/stock/receive', usLogistician, {
      id: uuidv7(),
      place: hub,
      item: water,
      owner: usNode.org,
      quantity: 100,
      lot: 'W1',
      expiresOn: '2030-01-01',
      source: 'JRC',
    })
    expect(received.status).toBe(201)
    const made = await onJp(
      'POST',
      '/api/places',
      jpAs.logistician,
      placeDraft({
        code: 'DP:E2E-NOTO',
        type: 'distribution-point',
        nameEn: 'Noto shelter',
        nameJa: '能登避難所',
        lat: 36.6,
      }),
    )
    expect(made.statusCode, made.body).toBe(201)
    shelter = made.json().id
    await jpPulls()
    await insertLegs(jp, [{ from: hub, to: shelter, transitMinutes: 60, distanceKm: 12 }])
    await createAsset(
      jp.ctx,
      { kind: 'cli', id: 'e2e', org: jp.ctx.node.org },
      { type: 'TRUCK-4T', name: 'JP truck', base: hub },
      await assetTypesFromFile(bundledAssetTypesPath)(),
    )

    // JP: a request, validated, planned with the US water, approved: a proposal to the US node.
    proposal = (await proposeOnJp(water, shelter, 60))[0]?.proposal ?? ''
    await usPulls()

    page = await harness.newPage({ viewport: { width: 1280, height: 900 } })
    await page.page.goto('/proposals')
    await signIn(page.page, logistician.username, logistician.password)
  }, 240_000)

  afterAll(async () => {
    await jpApp?.close()
    await jp?.close()
    await harness?.close()
  }, 60_000)

  it('shows the incoming proposal on the Proposals screen, in English and Japanese, and accepts it', async () => {
    const row = page.page.locator(`tr[data-proposal="${proposal}"]`)
    await expect.poll(() => row.locator('[data-state]').getAttribute('data-state')).toBe('proposed')
    await expect.poll(() => row.textContent()).toContain('US relief hub')
    await expect.poll(() => row.textContent()).toContain('Noto shelter')
    await expect.poll(() => row.textContent()).toContain('60')
    await harness.screenshot(page.page, 'proposals-incoming')
    await switchLanguage(page.page, 'ja')
    await expect.poll(() => page.page.locator('h1').textContent()).toBe('提案')
    await expect.poll(() => row.textContent()).toContain('提案中')
    await expect.poll(() => row.textContent()).toContain('能登避難所')
    await harness.screenshot(page.page, 'proposals-incoming-ja')
    await switchLanguage(page.page, 'en')

    await row.getByRole('button', { name: 'Accept' }).click()
    await page.page.getByRole('dialog').getByRole('button', { name: 'Accept' }).click()
    await expect.poll(() => row.locator('[data-state]').getAttribute('data-state')).toBe('accepted')
    const shown = (await us('GET', `/api/proposals/${proposal}`, usLogistician)).json() as {
      decision: { consignment: string }
    }
    consignment = shown.decision.consignment
    const balance = (
      await us('GET', `/api/stock?place=${hub}&item=${water}`, usLogistician)
    ).json() as {
      balances: { posted: number; available: number }[]
    }
    expect(balance.balances[0]).toMatchObject({ posted: 100, available: 40 })
    expect(page.problems).toEqual([])
  })

  it('delivers it: US dispatches, JP receives 55 on its ledger, and the US closes its transit on the next pull', async () => {
    const dispatched = await us('POST', `/api/consignments/${consignment}/dispatch`, usLogistician)
    expect(dispatched.status).toBe(200)
    await jpPulls()
    const replica = (await onJp('GET', `/api/consignments/${consignment}`, jpAs.logistician)).json()
    expect(replica.status).toBe('dispatched')
    const received = await onJp(
      'POST',
      `/api/consignments/${consignment}/receive`,
      jpAs.logistician,
      {
        lines: [{ line: replica.lines[0].id, quantityReceived: 55, reason: 'damaged' }],
        proof: { receivedBy: '田中 花子' },
      },
    )
    expect(received.statusCode, received.body).toBe(200)
    await usPulls()

    await page.page.goto(`/consignments/${consignment}`)
    await expect.poll(() => page.page.locator('h1').textContent()).toContain('Received')
    const peer = (await us('GET', `/api/stock?kind=peer&item=${water}`, usLogistician)).json() as {
      balances: { posted: number }[]
    }
    expect(peer.balances.map((b) => b.posted)).toEqual([55])
    const loss = (await us('GET', `/api/stock?kind=loss&item=${water}`, usLogistician)).json() as {
      balances: { posted: number }[]
    }
    expect(loss.balances.map((b) => b.posted)).toEqual([5])
    expect((await verifyChain(jp.store, jp.ctx.node.id, jp.key)).ok).toBe(true)
    const verified = execFileSync(
      process.execPath,
      ['bin/kizuna.js', 'verify', '--db', harness.database],
      {
        cwd: repoRoot,
        encoding: 'utf8',
      },
    )
    expect(verified).toMatch(/ok|verified/i)
    expect(page.problems).toEqual([])
  })
  it('lets a JP planner withdraw a proposal in the browser before the US decides; the US can no longer accept it', async () => {
    await jpPulls()
    // Another shelter, reached only from the US hub (the first holds JP's own 55 bottles now).
    const made = await onJp(
      'POST',
      '/api/places',
      jpAs.logistician,
      placeDraft({
        code: 'DP:E2E-SUZU',
        type: 'distribution-point',
        nameEn: 'Suzu shelter',
        nameJa: '珠洲避難所',
        lat: 36.4,
      }),
    )
    expect(made.statusCode, made.body).toBe(201)
    await insertLegs(jp, [{ from: hub, to: made.json().id, transitMinutes: 90, distanceKm: 20 }])
    const second = (await proposeOnJp(water, made.json().id, 30))[0]?.proposal ?? ''
    expect(second).not.toBe('')
    await createUser(jp.ctx, 'cli', {
      username: 'jp-planner',
      displayName: 'JP Planner',
      roles: ['planner'],
      password: 'jp-planner-password-2024',
    })
    const context = await harness.browser.newContext({
      baseURL: jpUrl,
      locale: 'en-US',
      timezoneId: 'Asia/Tokyo',
      viewport: { width: 1280, height: 900 },
    })
    try {
      const onJpPage = await context.newPage()
      const errors: string[] = []
      onJpPage.on('pageerror', (error) => errors.push(error.message))
      await onJpPage.goto('/proposals')
      await signIn(onJpPage, 'jp-planner', 'jp-planner-password-2024')
      // The screen opens on what asks this node; the planner turns to what this node asked.
      await onJpPage.getByLabel('Show').selectOption('outgoing')
      const row = onJpPage.locator(`tr[data-proposal="${second}"]`)
      await expect
        .poll(() => row.locator('[data-state]').getAttribute('data-state'))
        .toBe('proposed')
      await row.getByRole('button', { name: 'Withdraw' }).click()
      await onJpPage.getByRole('dialog').getByRole('button', { name: 'Withdraw' }).click()
      await expect
        .poll(() => row.locator('[data-state]').getAttribute('data-state'))
        .toBe('withdrawn')
      await expect.poll(() => row.getByRole('button', { name: 'Withdraw' }).count()).toBe(0)
      await expect.poll(() => row.textContent()).toContain('Withdrawn by this node')
      await harness.screenshot(onJpPage, 'proposals-withdrawn-by-proposer')
      expect(errors).toEqual([])
    } finally {
      await context.close()
    }

    await usPulls()
    await page.page.goto('/proposals')
    const row = page.page.locator(`tr[data-proposal="${second}"]`)
    await expect
      .poll(() => row.locator('[data-state]').getAttribute('data-state'))
      .toBe('withdrawn')
    await expect.poll(() => row.textContent()).toContain('Withdrawn by the node that proposed it')
    expect(await row.getByRole('button', { name: 'Accept' }).count()).toBe(0)
    const accept = await us('POST', `/api/proposals/${second}/accept`, usLogistician)
    expect(accept.status).toBe(409)
    expect(page.problems).toEqual([])
  })
})
