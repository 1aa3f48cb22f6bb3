/**
 * Replicas through the API, with two nodes in one process (A on SQLite; B on PostgreSQL when
 * KIZUNA_TEST_PG_URL is set): what A's users write — a place, a request and its progress, a pledge, a
 * consignment, a place's status, stock — appears on B after a pull as a read-only record whose home is
 * A, released as A released it; and every attempt of B's users to change one is refused with 409
 * `replica_read_only`, naming node A and its organisation, with nothing written on B.
 */
import type { AddressInfo } from 'node:net'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { replicaBalanceSortFields } from '../../src/contract/stock.js'
import { createItem } from '../../src/app/items.js'
import { buildApp } from '../../src/server/build-app.js'
import { createFederation } from '../../src/sync/federation.js'
import { tokenHeaders } from '../support/callers.js'
import { keyLine } from '../support/federation.js'
import { itemDraft, placeDraft } from '../support/fixtures.js'
import { openTestNode, pgUrl, type TestNode } from '../support/stores.js'

interface Running {
  readonly node: TestNode
  readonly app: Awaited<ReturnType<typeof buildApp>>
  readonly url: string
  readonly as: Record<'admin' | 'planner' | 'logistician' | 'requester', Record<string, string>>
}

async function start(dialect: 'sqlite' | 'postgres', organisation: string): Promise<Running> {
  const node = await openTestNode(dialect, { organisation })
  const app = await buildApp({
    ctx: node.ctx,
    federation: createFederation({ ctx: node.ctx, key: node.key }),
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  const headers = async (role: 'admin' | 'planner' | 'logistician' | 'requester') => ({
    authorization: (await tokenHeaders(node.ctx, [role])).authorization,
  })
  return {
    node,
    app,
    url: `http://127.0.0.1:${port}`,
    as: {
      admin: await headers('admin'),
      planner: await headers('planner'),
      logistician: await headers('logistician'),
      requester: await headers('requester'),
    },
  }
}

/** `on`'s admin registers `other` as a peer, its organisation known by the code it uses itself. */
async function register(on: Running, other: Running, code: string): Promise<string> {
  const organisation = await on.app.inject({
    method: 'POST',
    url: '/api/organisations',
    headers: on.as.admin,
    payload: { code, nameEn: `${code} agency`, kind: 'government' },
  })
  expect(organisation.statusCode, organisation.body).toBe(201)
  const peer = await on.app.inject({
    method: 'POST',
    url: '/api/peers',
    headers: on.as.admin,
    payload: {
      id: other.node.ctx.node.id,
      organisation: organisation.json().id,
      url: other.url,
      publicKey: keyLine(other.node.key),
    },
  })
  expect(peer.statusCode, peer.body).toBe(201)
  return organisation.json().id as string
}

describe(`replicas of another node's records (${pgUrl ? 'SQLite and PostgreSQL' : 'SQLite and SQLite'})`, () => {
  let a: Running
  let b: Running
  let aOnB: string
  let hub: string
  let shelter: string
  const water = uuidv7()

  const call = (
    on: Running,
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    as: Record<string, string>,
    payload?: object,
  ) =>
    on.app.inject({
      method,
      url,
      headers: as,
      ...(payload || method !== 'GET' ? { payload: payload ?? {} } : {}),
    })
  const pullOnB = async () => {
    const reports = await createFederation({
      ctx: b.node.ctx,
      key: b.node.key,
      pageLimit: 7,
    }).pull()
    expect(reports).toMatchObject([{ peer: a.node.ctx.node.id, outcome: 'caught_up', error: null }])
  }
  const eventsOnB = async () => (await b.node.store.readEvents(0, 1e6)).length
  const expectReadOnly = async (response: { statusCode: number; json(): unknown }) => {
    expect(response.statusCode).toBe(409)
    const error = (
      response.json() as { error: { code: string; message: string; details: unknown } }
    ).error
    expect(error.code).toBe('replica_read_only')
    expect(error.message).toContain(a.node.ctx.node.id)
    expect(error.message).toContain('US-TEST')
    expect(error.details).toEqual({ home: a.node.ctx.node.id, homeOrganisation: 'US-TEST' })
  }

  beforeAll(async () => {
    a = await start('sqlite', 'US-TEST')
    b = await start(pgUrl ? 'postgres' : 'sqlite', 'JP-TEST')
    await register(a, b, 'JP-TEST')
    aOnB = await register(b, a, 'US-TEST')
    // The catalog item is the same on both nodes (as reference data is).
    for (const node of [a, b])
      await createItem(
        node.node.ctx,
        { kind: 'cli', id: 'test', org: node.node.ctx.node.org },
        {
          ...itemDraft(),
          id: water,
        },
      )
    const place = async (code: string, type: 'hub' | 'distribution-point') =>
      (await call(a, 'POST', '/api/places', a.as.logistician, placeDraft({ code, type }))).json()
        .id as string
    hub = await place('HUB:US-1', 'hub')
    shelter = await place('DP:NOTO-1', 'distribution-point')
  })
  afterAll(async () => {
    for (const running of [a, b]) {
      await running?.app.close()
      await running?.node.close()
    }
  })

  it("shows A's places, request, pledge and consignment on B with home A and A's organisation as B knows it", async () => {
    const receipt = await call(a, 'POST', '/api/stock/receive', a.as.logistician, {
      id: uuidv7(),
      place: hub,
      item: water,
      owner: a.node.ctx.node.org,
      quantity: 500,
      lot: 'W1',
      expiresOn: '2030-01-01',
      source: 'JRC',
    })
    expect(receipt.statusCode, receipt.body).toBe(201)
    const request = (
      await call(a, 'POST', '/api/requests', a.as.requester, {
        destination: shelter,
        neededBy: '2026-01-09T09:00:00Z',
        contact: { name: '田中 花子' },
        lines: [{ kind: 'item', item: water, quantity: 120, priority: 'life-saving' }],
      })
    ).json()
    expect(
      (await call(a, 'POST', `/api/requests/${request.id}/submit`, a.as.requester)).statusCode,
    ).toBe(200)
    expect(
      (await call(a, 'POST', `/api/requests/${request.id}/validate`, a.as.planner)).statusCode,
    ).toBe(200)
    const consignment = await call(a, 'POST', '/api/consignments', a.as.logistician, {
      origin: hub,
      destination: shelter,
      lines: [
        {
          item: water,
          owner: a.node.ctx.node.org,
          quantity: 100,
          request: request.id,
          requestLine: request.lines[0].id,
        },
      ],
    })
    expect(consignment.statusCode, consignment.body).toBe(201)
    const pledge = await call(a, 'POST', '/api/pledges', a.as.logistician, {
      org: a.node.ctx.node.org,
      kind: 'item',
      item: water,
      quantity: 40,
      place: hub,
    })
    expect(pledge.statusCode, pledge.body).toBe(201)
    expect(
      (
        await call(a, 'POST', `/api/places/${shelter}/status`, a.as.logistician, {
          status: 'damaged',
          note: 'road cut',
        })
      ).statusCode,
    ).toBe(201)

    await pullOnB()
    const home = a.node.ctx.node.id
    const onA = (url: string) => call(a, 'GET', url, a.as.planner).then((r) => r.json())
    const onB = (url: string) => call(b, 'GET', url, b.as.planner).then((r) => r.json())

    // The request: on the board, whole, with its progress; the organisation is A's as B knows it.
    const board = await onB('/api/requests?status=planned,validated,partially-planned')
    const replica = board.requests.find((r: { id: string }) => r.id === request.id)
    expect(replica).toMatchObject({
      home,
      org: aOnB,
      status: 'partially-planned',
      code: request.code,
    })
    const original = await onA(`/api/requests/${request.id}`)
    const { org: _o1, share: _s1, ...rest } = original
    expect(await onB(`/api/requests/${request.id}`)).toMatchObject(rest)
    expect(replica.lines[0]).toMatchObject({ quantity: 120, quantityPlanned: 100 })

    const {
      org: _o2,
      share: _s2,
      lines: _l2,
      ...shipment
    } = await onA(`/api/consignments/${consignment.json().id}`)
    expect(await onB(`/api/consignments/${consignment.json().id}`)).toMatchObject({
      ...shipment,
      org: aOnB,
    })
    const { org: _o3, ...offer } = pledge.json()
    expect(await onB(`/api/pledges/${offer.id}`)).toMatchObject({ ...offer, org: aOnB, home })
    expect(await onB(`/api/places/${shelter}`)).toMatchObject({
      home,
      code: 'DP:NOTO-1',
      status: { status: 'damaged', note: 'road cut', home },
    })
  })

  it("keeps A's stock apart from B's ledger, listed with its home, and gives it to B's planner as information only", async () => {
    const home = a.node.ctx.node.id
    const replicas = (await call(b, 'GET', '/api/stock/replicas', b.as.planner)).json()
    // 500 received, 100 reserved by the planned consignment.
    expect(replicas.balances).toMatchObject([
      {
        home,
        where: hub,
        place: { code: 'HUB:US-1' },
        item: { id: water },
        owner: aOnB,
        lot: 'W1',
        expiresOn: '2030-01-01',
        posted: 500,
        pendingOut: 100,
        available: 400,
      },
    ])
    const own = (await call(b, 'GET', '/api/stock', b.as.planner)).json()
    expect(own.balances).toEqual([])
    // Searched as this node's stock is, by the item's name.
    const found = await call(b, 'GET', '/api/stock/replicas?q=WATER', b.as.planner)
    expect(found.json().balances).toHaveLength(1)
    const none = await call(b, 'GET', '/api/stock/replicas?q=tent', b.as.planner)
    expect(none.json().balances).toEqual([])
    // Sorted on the server by any column of the screen, both ways (by home when not asked).
    for (const field of replicaBalanceSortFields)
      for (const sort of [field, `-${field}`]) {
        const sorted = await call(b, 'GET', `/api/stock/replicas?sort=${sort}`, b.as.planner)
        expect(sorted.statusCode, sort).toBe(200)
        expect(sorted.json().balances.map((row: { lot: string }) => row.lot)).toEqual(['W1'])
      }
    const badSort = await call(b, 'GET', '/api/stock/replicas?sort=-asOf', b.as.planner)
    expect(badSort.statusCode).toBe(400)
    expect(badSort.json().error.details[0].field).toBe('querystring.sort')
    expect(badSort.json().error.message).toContain('"-home"')
    // On B's map the hub holds A's stock, by its home, beside none of B's own.
    const map = (await call(b, 'GET', '/api/map', b.as.planner)).json()
    expect(map.stock).toEqual([
      {
        place: hub,
        available: 0,
        reserved: 0,
        availableWeightKg: 0,
        items: 0,
        replicas: [{ home, available: 400, reserved: 100, availableWeightKg: 840, items: 1 }],
      },
    ])
    expect(map.places.map((p: { id: string }) => p.id)).toContain(hub)
    expect((await b.node.store.getAccounts([replicas.balances[0].accountId])).length).toBe(0)
    // On A the same balance, by the same account.
    const onA = (await call(a, 'GET', `/api/stock?place=${hub}`, a.as.planner)).json().balances[0]
    expect(onA).toMatchObject({
      accountId: replicas.balances[0].accountId,
      posted: 500,
      available: 400,
    })

    // B's own request for the same item: A's stock is a lot of B's snapshot, marked with its home
    // (planned with here, proposed to A on approval: test/sync/proposals.test.ts).
    const mine = (
      await call(b, 'POST', '/api/requests', b.as.requester, {
        destination: shelter,
        neededBy: '2026-01-09T09:00:00Z',
        lines: [{ kind: 'item', item: water, quantity: 30, priority: 'life-saving' }],
      })
    ).json()
    expect(
      (await call(b, 'POST', `/api/requests/${mine.id}/submit`, b.as.requester)).statusCode,
    ).toBe(200)
    expect(
      (await call(b, 'POST', `/api/requests/${mine.id}/validate`, b.as.planner)).statusCode,
    ).toBe(200)
    const { buildPlanSnapshot } = await import('../../src/app/plan-snapshot.js')
    const { snapshot } = await buildPlanSnapshot(b.node.ctx, {
      org: b.node.ctx.node.org,
      operation: null,
      start: '2026-01-02T04:00:00.000Z',
      horizonHours: 48,
    })
    expect(snapshot.lots).toMatchObject([{ home, place: hub, item: water, available: 400 }])
    expect(snapshot.lines.map((line) => line.request)).toEqual([mine.id])
  })

  it("refuses every change B's users try on A's records, naming A, and writes nothing", async () => {
    const request = (await call(b, 'GET', '/api/requests', b.as.planner))
      .json()
      .requests.find((r: { home: string }) => r.home === a.node.ctx.node.id)
    const consignment = (await call(b, 'GET', '/api/consignments', b.as.logistician)).json()
      .consignments[0]
    const pledge = (await call(b, 'GET', '/api/pledges', b.as.logistician)).json().pledges[0]
    expect([request.home, consignment.home, pledge.home]).toEqual(Array(3).fill(a.node.ctx.node.id))
    const before = await eventsOnB()
    await expectReadOnly(
      await call(b, 'POST', `/api/requests/${request.id}/reject`, b.as.planner, { reason: 'no' }),
    )
    await expectReadOnly(await call(b, 'POST', `/api/requests/${request.id}/close`, b.as.planner))
    await expectReadOnly(
      await call(b, 'POST', `/api/consignments/${consignment.id}/dispatch`, b.as.logistician),
    )
    await expectReadOnly(
      await call(b, 'POST', `/api/consignments/${consignment.id}/cancel`, b.as.logistician),
    )
    await expectReadOnly(
      await call(b, 'POST', `/api/consignments/${consignment.id}/events`, b.as.logistician, {
        kind: 'position',
        lat: 37,
        lon: 137,
      }),
    )
    await expectReadOnly(
      await call(b, 'POST', `/api/pledges/${pledge.id}/confirm`, b.as.logistician),
    )
    await expectReadOnly(
      await call(b, 'PATCH', `/api/places/${shelter}`, b.as.logistician, {
        version: 1,
        capacity: 5,
      }),
    )
    await expectReadOnly(
      await call(b, 'POST', `/api/places/${shelter}/status`, b.as.logistician, { status: 'open' }),
    )
    expect(await eventsOnB()).toBe(before)
  })

  it("follows A's later changes, and a page applied again changes nothing", async () => {
    const consignment = (await call(a, 'GET', '/api/consignments', a.as.logistician)).json()
      .consignments[0]
    expect(
      (await call(a, 'POST', `/api/consignments/${consignment.id}/dispatch`, a.as.logistician))
        .statusCode,
    ).toBe(200)
    await pullOnB()
    const onB = (
      await call(b, 'GET', `/api/consignments/${consignment.id}`, b.as.logistician)
    ).json()
    const onA = (
      await call(a, 'GET', `/api/consignments/${consignment.id}`, a.as.logistician)
    ).json()
    expect(onB).toMatchObject({
      status: 'dispatched',
      version: onA.version,
      dispatchedAt: onA.dispatchedAt,
      eta: onA.eta,
    })
    expect(onB.tracking).toEqual(onA.tracking)
    const request = (
      await call(b, 'GET', `/api/requests/${consignment.lines[0].request}`, b.as.planner)
    ).json()
    expect(request.lines[0]).toMatchObject({ quantityPlanned: 100, quantityDispatched: 100 })
    expect(request.status).toBe(
      (await call(a, 'GET', `/api/requests/${request.id}`, a.as.planner)).json().status,
    )

    // The replica transaction again, with every event of A: nothing changes.
    const events = await b.node.store.readReplicaEvents(a.node.ctx.node.id, 0, 1e6)
    await b.node.store.syncTransact(a.node.ctx.node.id, (tx) =>
      tx.projectReplicaEvents(a.node.ctx.node.id, events),
    )
    expect(
      (await call(b, 'GET', `/api/consignments/${consignment.id}`, b.as.logistician)).json(),
    ).toEqual(onB)
    expect((await call(b, 'GET', `/api/requests/${request.id}`, b.as.planner)).json()).toEqual(
      request,
    )
  })
  it('takes a consignment dispatched before B first hears of it whole, with its tracking', async () => {
    const planned = await call(a, 'POST', '/api/consignments', a.as.logistician, {
      origin: hub,
      destination: shelter,
      lines: [{ item: water, owner: a.node.ctx.node.org, quantity: 30 }],
    })
    expect(planned.statusCode, planned.body).toBe(201)
    const id = planned.json().id as string
    expect(
      (await call(a, 'POST', `/api/consignments/${id}/dispatch`, a.as.logistician)).statusCode,
    ).toBe(200)
    await pullOnB()
    const onA = (await call(a, 'GET', `/api/consignments/${id}`, a.as.logistician)).json()
    const onB = (await call(b, 'GET', `/api/consignments/${id}`, b.as.logistician)).json()
    expect(onA.tracking.length).toBeGreaterThan(0)
    const { org: _org, share: _share, lines: _lines, ...rest } = onA
    expect(onB).toMatchObject({ ...rest, org: aOnB, home: a.node.ctx.node.id })
    expect(onB.lines[0]).toMatchObject({ quantity: 30, owner: aOnB })
    expect(onB.tracking).toEqual(onA.tracking)
  })
})
