/**
 * Cross-node flows through the API, with two nodes in one process (US on SQLite; JP on PostgreSQL
 * when KIZUNA_TEST_PG_URL is set): the Japanese planner plans with the US hub's stock replicated to
 * it; approving makes a proposal (nothing reserved on either ledger); the US node pulls it, and its
 * logistician accepts (the consignment is created and reserved there, once however often asked) or
 * declines with a reason; JP pulls the decision and its plan shows it. Stock used up at US meanwhile
 * makes an accept a 409 that writes nothing. Both ledgers verify throughout.
 */
import { mkdtempSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assetTypesFromFile, createAsset } from '../../src/app/assets.js'
import { afterPull } from '../../src/app/cross-node.js'
import { createItem } from '../../src/app/items.js'
import { LedgerWriter } from '../../src/app/ledger-writer.js'
import type { PlanSolver } from '../../src/app/plan-ports.js'
import type { NodeKey } from '../../src/app/ports.js'
import { verifyChain } from '../../src/app/verify-chain.js'
import { buildApp } from '../../src/server/build-app.js'
import { bundledAssetTypesPath } from '../../src/server/routes/transport.js'
import { makePlan } from '../../src/solver/make-plan.js'
import { createFederation } from '../../src/sync/federation.js'
import { writeNewNodeKey } from '../../src/sync/node-key.js'
import { tokenHeaders } from '../support/callers.js'
import { runKizuna } from '../support/cli.js'
import { keyLine } from '../support/federation.js'
import { itemDraft, placeDraft } from '../support/fixtures.js'
import { insertLegs } from '../support/legs.js'
import { openTestNode, pgUrl, type TestNode } from '../support/stores.js'

type Role = 'admin' | 'planner' | 'logistician' | 'requester'
interface Running {
  readonly node: TestNode
  readonly app: Awaited<ReturnType<typeof buildApp>>
  readonly url: string
  readonly as: Record<Role, Record<string, string>>
}

/** The solver in this process: the test waits on the plan, not on a worker. */
const solveHere: PlanSolver = (snapshot, onProgress) => ({
  result: makePlan(snapshot, onProgress),
  cancel: async () => {},
})

async function start(
  dialect: 'sqlite' | 'postgres',
  organisation: string,
  key?: NodeKey,
): Promise<Running> {
  const node = await openTestNode(dialect, { organisation, ...(key ? { key } : {}) })
  const app = await buildApp({
    ctx: node.ctx,
    federation: createFederation({ ctx: node.ctx, key: node.key }),
    planSolver: solveHere,
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  const as = {} as Record<Role, Record<string, string>>
  for (const role of ['admin', 'planner', 'logistician', 'requester'] as const)
    as[role] = { authorization: (await tokenHeaders(node.ctx, [role])).authorization }
  return { node, app, url: `http://127.0.0.1:${port}`, as }
}

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

describe(`proposals between two nodes (${pgUrl ? 'SQLite and PostgreSQL' : 'SQLite and SQLite'})`, () => {
  let us: Running
  let jp: Running
  let hub: string
  let shelter: string
  let usShelter: string
  const water = uuidv7()
  // The US node's key on disk, so that its logisticians' CLI can open the node too.
  const usKeyFile = join(mkdtempSync(join(tmpdir(), 'kizuna-proposals-')), 'us.key')
  /** The consignment the US accepted in the first test, delivered in the last. */
  let usConsignment = ''
  /** Posted balance of an account kind (all lots, all places or one), summed. */
  const posted = async (on: Running, kind: 'stock' | 'transit' | 'loss' | 'peer', place?: string) =>
    (
      await on.node.store.listBalances(
        { kind, item: water, ...(place ? { place } : {}), limit: 100, offset: 0 },
        null,
      )
    ).rows.reduce((sum, row) => sum + row.account.posted, 0)

  const call = (
    on: Running,
    method: 'GET' | 'POST',
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
  const pull = async (on: Running, from: Running) => {
    // As the composition root wires it: a pulled receipt of this node's consignment closes it, a
    // pulled decision or consignment moves the request lines this node's proposals serve.
    const reports = await createFederation({
      ctx: on.node.ctx,
      key: on.node.key,
      afterPull: () => afterPull({ ctx: on.node.ctx, writer: new LedgerWriter(on.node.ctx) }),
    }).pull()
    expect(reports).toMatchObject([{ peer: from.node.ctx.node.id, error: null }])
  }
  const usHubWater = async () =>
    (await call(us, 'GET', `/api/stock?place=${hub}&item=${water}`, us.as.logistician)).json()
      .balances[0] as { posted: number; available: number }
  const eventsOf = async (on: Running) => (await on.node.store.readEvents(0, 1e6)).length
  const verified = async () => {
    for (const on of [us, jp])
      expect((await verifyChain(on.node.store, on.node.ctx.node.id, on.node.key)).ok).toBe(true)
  }

  /**
   * A JP shelter of its own for one test, by road from the US hub: what earlier tests delivered to
   * another shelter is JP's stock there, which a plan would hand over rather than propose.
   */
  const newShelter = async (code: string) => {
    const made = await call(
      jp,
      'POST',
      '/api/places',
      jp.as.logistician,
      placeDraft({ code, type: 'distribution-point', lat: 36.7 }),
    )
    expect(made.statusCode, made.body).toBe(201)
    const id = made.json().id as string
    await insertLegs(jp.node, [{ from: hub, to: id, transitMinutes: 60, distanceKm: 12 }])
    return id
  }
  /** JP's requests made here, so that a test can cancel what earlier ones left open. */
  const opened: string[] = []
  /** Cancels JP's requests left validated and unplanned, so that a plan serves only the next one. */
  const cancelOpen = async () => {
    for (const id of opened) {
      const shown = (await call(jp, 'GET', `/api/requests/${id}`, jp.as.planner)).json()
      if (shown.status !== 'validated') continue
      const cancelled = await call(jp, 'POST', `/api/requests/${id}/cancel`, jp.as.requester, {
        reason: 'served otherwise',
      })
      expect(cancelled.statusCode, cancelled.body).toBe(200)
    }
  }
  /** A validated request of JP's for the JP shelter (or another place). */
  const requestOnJp = async (quantity: number, destination = shelter) => {
    const request = (
      await call(jp, 'POST', '/api/requests', jp.as.requester, {
        destination,
        neededBy: '2026-01-03T09:00:00Z',
        lines: [{ kind: 'item', item: water, quantity, priority: 'life-saving' }],
      })
    ).json()
    for (const [step, role] of [
      ['submit', 'requester'],
      ['validate', 'planner'],
    ] as const)
      expect(
        (await call(jp, 'POST', `/api/requests/${request.id}/${step}`, jp.as[role])).statusCode,
      ).toBe(200)
    opened.push(request.id)
    return request as { id: string; lines: { id: string }[] }
  }
  /** Makes a plan on JP, waits for it and approves it; answers the approval. */
  const planAndApprove = async () => {
    const started = await call(jp, 'POST', '/api/plans', jp.as.planner, { horizonHours: 48 })
    expect(started.statusCode, started.body).toBe(202)
    const id = started.json().id as string
    for (;;) {
      const shown = (await call(jp, 'GET', `/api/plans/${id}`, jp.as.planner)).json()
      if (shown.status !== 'running') break
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    const approved = await call(jp, 'POST', `/api/plans/${id}/approve`, jp.as.planner)
    expect(approved.statusCode, approved.body).toBe(200)
    return { id, approved: approved.json() }
  }

  beforeAll(async () => {
    us = await start('sqlite', 'US-TEST', writeNewNodeKey(usKeyFile))
    jp = await start(pgUrl ? 'postgres' : 'sqlite', 'JP-TEST')
    await register(us, jp, 'JP-TEST')
    await register(jp, us, 'US-TEST')
    for (const running of [us, jp])
      await createItem(
        running.node.ctx,
        { kind: 'cli', id: 'test', org: running.node.ctx.node.org },
        { ...itemDraft(), id: water },
      )
    const place = async (
      on: Running,
      code: string,
      type: 'hub' | 'distribution-point',
      lat: number,
    ) =>
      (
        await call(on, 'POST', '/api/places', on.as.logistician, placeDraft({ code, type, lat }))
      ).json().id as string
    hub = await place(us, 'HUB:US-YOKOTA', 'hub', 36.5)
    usShelter = await place(us, 'DP:US-1', 'distribution-point', 36.4)
    shelter = await place(jp, 'DP:NOTO-1', 'distribution-point', 36.6)
    const received = await call(us, 'POST', '/api/stock/receive', us.as.logistician, {
      id: uuidv7(),
      place: hub,
      item: water,
      owner: us.node.ctx.node.org,
      quantity: 100,
      lot: 'W1',
      expiresOn: '2030-01-01',
      source: 'JRC',
    })
    expect(received.statusCode, received.body).toBe(201)
    await pull(jp, us)
    await pull(us, jp)
    // JP's road from the US hub to its shelter, and its own truck waiting at the hub.
    await insertLegs(jp.node, [{ from: hub, to: shelter, transitMinutes: 60, distanceKm: 12 }])
    await createAsset(
      jp.node.ctx,
      { kind: 'cli', id: 'test', org: jp.node.ctx.node.org },
      { type: 'TRUCK-4T', name: 'JP truck', base: hub },
      await assetTypesFromFile(bundledAssetTypesPath)(),
    )
  })
  afterAll(async () => {
    for (const running of [us, jp]) {
      await running?.app.close()
      await running?.node.close()
    }
  })

  it('plans with the US stock, proposes it on approval, and the US accepts it once', async () => {
    const request = await requestOnJp(60)
    const { id: plan, approved } = await planAndApprove()
    // Nothing reserved on either ledger: JP cannot, US has not decided.
    expect(approved.consignments).toEqual([])
    expect(approved.proposals).toMatchObject([
      { peer: us.node.ctx.node.id, lines: 1, sortie: expect.stringMatching(/\/1$/) },
    ])
    expect(await usHubWater()).toMatchObject({ posted: 100, available: 100 })
    const proposal = approved.proposals[0].proposal as string
    const shown = (await call(jp, 'GET', `/api/plans/${plan}`, jp.as.planner)).json()
    expect(shown.proposals).toMatchObject([
      {
        id: proposal,
        state: 'proposed',
        incoming: false,
        origin: hub,
        destination: shelter,
        lines: [{ item: water, lot: 'W1', quantity: 60, requestLine: request.lines[0]?.id }],
      },
    ])
    // JP's planners cannot decide for the US node.
    const own = await call(jp, 'POST', `/api/proposals/${proposal}/accept`, jp.as.logistician)
    expect(own.statusCode).toBe(403)

    await pull(us, jp)
    const incoming = (
      await call(us, 'GET', '/api/proposals?direction=incoming', us.as.logistician)
    ).json()
    expect(incoming.proposals).toMatchObject([
      { id: proposal, state: 'proposed', incoming: true, home: jp.node.ctx.node.id },
    ])
    const accepted = await call(us, 'POST', `/api/proposals/${proposal}/accept`, us.as.logistician)
    expect(accepted.statusCode, accepted.body).toBe(200)
    const consignment = accepted.json().proposal.decision.consignment as string
    usConsignment = consignment
    expect(accepted.json()).toMatchObject({ result: 'accepted', proposal: { state: 'accepted' } })
    expect(
      (await call(us, 'GET', `/api/consignments/${consignment}`, us.as.logistician)).json(),
    ).toMatchObject({
      status: 'planned',
      home: us.node.ctx.node.id,
      origin: hub,
      destination: shelter,
      lines: [{ item: water, quantity: 60, lot: 'W1' }],
    })
    expect(await usHubWater()).toMatchObject({ posted: 100, available: 40 })
    // Again: the same answer, nothing reserved twice, nothing written.
    const events = await eventsOf(us)
    const again = await call(us, 'POST', `/api/proposals/${proposal}/accept`, us.as.logistician)
    expect(again.statusCode).toBe(200)
    expect(again.json()).toMatchObject({ result: 'exists', proposal: { state: 'accepted' } })
    expect(await usHubWater()).toMatchObject({ posted: 100, available: 40 })
    expect(await eventsOf(us)).toBe(events)
    const declined = await call(
      us,
      'POST',
      `/api/proposals/${proposal}/decline`,
      us.as.logistician,
      {
        reason: 'changed my mind',
      },
    )
    expect(declined.statusCode).toBe(409)

    await pull(jp, us)
    const after = (await call(jp, 'GET', `/api/plans/${plan}`, jp.as.planner)).json()
    expect(after.proposals).toMatchObject([
      { id: proposal, state: 'accepted', decision: { consignment, decision: 'accepted' } },
    ])
    // JP sees the US consignment as a replica, and the US reservation in the replicated stock.
    expect(
      (await call(jp, 'GET', `/api/consignments/${consignment}`, jp.as.logistician)).json(),
    ).toMatchObject({ status: 'planned', home: us.node.ctx.node.id })
    const replica = (await call(jp, 'GET', '/api/stock/replicas', jp.as.planner)).json()
    expect(replica.balances).toMatchObject([
      { place: { code: 'HUB:US-YOKOTA' }, posted: 100, available: 40 },
    ])
    await verified()
  })

  it('declines with a reason; the plan shows it and the line is planned again, and stock used up meanwhile makes an accept a 409', async () => {
    await requestOnJp(30)
    const first = await planAndApprove()
    const proposal = first.approved.proposals[0].proposal as string
    // The next plan sees the US stock less what is proposed and undecided: nothing left to plan.
    const blank = await call(jp, 'POST', '/api/plans', jp.as.planner, { horizonHours: 48 })
    expect(blank.json().snapshot).toMatchObject({ lines: 0 })
    await pull(us, jp)
    const blankReason = await call(
      us,
      'POST',
      `/api/proposals/${proposal}/decline`,
      us.as.logistician,
      { reason: '  ' },
    )
    expect(blankReason.statusCode).toBe(400)
    const declined = await call(
      us,
      'POST',
      `/api/proposals/${proposal}/decline`,
      us.as.logistician,
      {
        reason: 'Kept for the US shelter',
      },
    )
    expect(declined.statusCode, declined.body).toBe(200)
    expect(declined.json().proposal).toMatchObject({
      state: 'declined',
      decision: { reason: 'Kept for the US shelter', consignment: null },
    })
    expect(await usHubWater()).toMatchObject({ available: 40 })
    await pull(jp, us)
    const shown = (await call(jp, 'GET', `/api/plans/${first.id}`, jp.as.planner)).json()
    expect(shown.proposals).toMatchObject([
      { id: proposal, state: 'declined', decision: { reason: 'Kept for the US shelter' } },
    ])

    // Planned again (the declined line is open), proposed again; meanwhile the US uses its stock.
    const second = await planAndApprove()
    expect(second.approved.proposals).toHaveLength(1)
    const again = second.approved.proposals[0].proposal as string
    const local = await call(us, 'POST', '/api/consignments', us.as.logistician, {
      origin: hub,
      destination: usShelter,
      lines: [{ item: water, owner: us.node.ctx.node.org, quantity: 25 }],
    })
    expect(local.statusCode, local.body).toBe(201)
    await pull(us, jp)
    const events = await eventsOf(us)
    const refused = await call(us, 'POST', `/api/proposals/${again}/accept`, us.as.logistician)
    expect(refused.statusCode).toBe(409)
    expect(refused.json().error).toMatchObject({ code: 'stock_unavailable' })
    expect(refused.json().error.message).toContain('15 available')
    expect(await eventsOf(us)).toBe(events)
    expect(await usHubWater()).toMatchObject({ posted: 100, available: 15 })
    const still = (await call(us, 'GET', `/api/proposals/${again}`, us.as.logistician)).json()
    expect(still.state).toBe('proposed')
    await verified()
  })

  it("lists incoming proposals and declines one from the US node's CLI; an accept after it is refused", async () => {
    const kizuna = (...args: string[]) =>
      runKizuna([...args, '--db', us.node.database, '--key', usKeyFile])
    const listed = await kizuna('proposal', 'list', '--incoming')
    expect(listed.code, listed.stderr).toBe(0)
    const open = listed.stdout.split('\n').filter((line) => line.includes('\tproposed\t'))
    expect(open).toHaveLength(1)
    const id = open[0]?.split('\t')[0] as string
    expect(open[0]).toContain(`from node ${jp.node.ctx.node.id}`)
    const declined = await kizuna('proposal', 'decline', id, '--reason', 'No stock left for it')
    expect(declined.code, declined.stderr).toBe(0)
    expect(declined.stdout).toContain(`${id}\tdeclined\t`)
    const accepted = await kizuna('proposal', 'accept', id)
    expect(accepted.code).toBe(65)
    expect(accepted.stderr).toContain('declined already')
    // Withdrawing is the proposing node's: the US CLI is refused, naming the node whose it is.
    const withdrawn = await kizuna('proposal', 'withdraw', id)
    expect(withdrawn.code).toBe(65)
    expect(withdrawn.stderr).toContain(`node ${jp.node.ctx.node.id}'s`)
    await pull(jp, us)
    const onJp = (await call(jp, 'GET', `/api/proposals/${id}`, jp.as.planner)).json()
    expect(onJp).toMatchObject({ state: 'declined', decision: { reason: 'No stock left for it' } })
  }, 120_000)

  it('delivers across nodes: US dispatches, JP receives with a shortfall on its own ledger, and US closes its transit when it pulls the receipt', async () => {
    const dispatched = await call(
      us,
      'POST',
      `/api/consignments/${usConsignment}/dispatch`,
      us.as.logistician,
    )
    expect(dispatched.statusCode, dispatched.body).toBe(200)
    expect(await posted(us, 'transit')).toBe(60)
    await pull(jp, us)
    const onJp = (
      await call(jp, 'GET', `/api/consignments/${usConsignment}`, jp.as.logistician)
    ).json()
    expect(onJp).toMatchObject({ status: 'dispatched', home: us.node.ctx.node.id })
    const receipt = {
      lines: [{ line: onJp.lines[0].id, quantityReceived: 55, reason: 'damaged' }],
      proof: { receivedBy: '田中 花子' },
    }
    // Only the destination's organisation receives: JP's requester may not.
    const stranger = await call(
      jp,
      'POST',
      `/api/consignments/${usConsignment}/receive`,
      jp.as.requester,
      receipt,
    )
    expect(stranger.statusCode).toBe(403)
    const noReason = await call(
      jp,
      'POST',
      `/api/consignments/${usConsignment}/receive`,
      jp.as.logistician,
      {
        ...receipt,
        lines: [{ line: onJp.lines[0].id, quantityReceived: 55 }],
      },
    )
    expect(noReason.statusCode).toBe(400)
    const received = await call(
      jp,
      'POST',
      `/api/consignments/${usConsignment}/receive`,
      jp.as.logistician,
      receipt,
    )
    expect(received.statusCode, received.body).toBe(200)
    expect(received.json()).toMatchObject({
      status: 'received',
      lines: [{ quantityReceived: 55, discrepancyReason: 'damaged' }],
    })
    // JP's ledger: from the US node into the shelter's stock, balanced by its peer account.
    expect(await posted(jp, 'stock', shelter)).toBe(55)
    expect(await posted(jp, 'peer')).toBe(-55)
    const events = await eventsOf(jp)
    const again = await call(
      jp,
      'POST',
      `/api/consignments/${usConsignment}/receive`,
      jp.as.logistician,
      receipt,
    )
    expect(again.statusCode).toBe(200)
    expect(await eventsOf(jp)).toBe(events)
    expect(await posted(jp, 'stock', shelter)).toBe(55)
    // US: unchanged until it pulls JP's receipt; then transit closes to peer:JP and loss.
    expect(await posted(us, 'transit')).toBe(60)
    await pull(us, jp)
    expect(await posted(us, 'transit')).toBe(0)
    expect(await posted(us, 'peer')).toBe(55)
    expect(await posted(us, 'loss')).toBe(5)
    expect(await posted(us, 'stock', hub)).toBe(40)
    const onUs = (
      await call(us, 'GET', `/api/consignments/${usConsignment}`, us.as.logistician)
    ).json()
    expect(onUs).toMatchObject({
      status: 'received',
      lines: [{ quantityReceived: 55, discrepancyReason: 'damaged' }],
    })
    // Pulling again closes nothing twice; JP then sees the US record received.
    await pull(us, jp)
    expect(await posted(us, 'peer')).toBe(55)
    await pull(jp, us)
    expect(
      (await call(jp, 'GET', `/api/consignments/${usConsignment}`, jp.as.logistician)).json(),
    ).toMatchObject({ status: 'received', lines: [{ quantityReceived: 55 }] })
    await verified()
  })

  /** The JP request's status and its line's counters, as JP shows them. */
  const progressOf = async (request: string) => {
    const shown = (await call(jp, 'GET', `/api/requests/${request}`, jp.as.planner)).json()
    const line = shown.lines[0]
    return {
      status: shown.status as string,
      planned: line.quantityPlanned as number,
      dispatched: line.quantityDispatched as number,
      delivered: line.quantityDelivered as number,
    }
  }
  const proposalIds = (approved: { proposals: { proposal: string }[] }) =>
    approved.proposals.map((p) => p.proposal)

  it('moves the JP request line as the US consignment goes — planned, dispatched, delivered — and the plan is done once JP received it', async () => {
    const more = await call(us, 'POST', '/api/stock/receive', us.as.logistician, {
      id: uuidv7(),
      place: hub,
      item: water,
      owner: us.node.ctx.node.org,
      quantity: 200,
      lot: 'W2',
      expiresOn: '2031-01-01',
      source: 'JRC',
    })
    expect(more.statusCode, more.body).toBe(201)
    await pull(jp, us)
    await cancelOpen()
    const request = await requestOnJp(20, await newShelter('DP:NOTO-11'))
    const { id: plan, approved } = await planAndApprove()
    const proposals = proposalIds(approved)
    expect(proposals.length).toBeGreaterThan(0)
    // Planned on approval, as a local consignment would be, though nothing is reserved yet.
    expect(await progressOf(request.id)).toMatchObject({ status: 'planned', planned: 20 })
    await pull(us, jp)
    const consignments: string[] = []
    for (const id of proposals) {
      const accepted = await call(us, 'POST', `/api/proposals/${id}/accept`, us.as.logistician)
      expect(accepted.statusCode, accepted.body).toBe(200)
      consignments.push(accepted.json().proposal.decision.consignment)
    }
    await pull(jp, us)
    expect(await progressOf(request.id)).toMatchObject({ status: 'planned', planned: 20 })
    for (const id of consignments)
      expect(
        (await call(us, 'POST', `/api/consignments/${id}/dispatch`, us.as.logistician)).statusCode,
      ).toBe(200)
    await pull(jp, us)
    expect(await progressOf(request.id)).toMatchObject({
      status: 'dispatched',
      planned: 20,
      dispatched: 20,
      delivered: 0,
    })
    // Pulling again moves nothing twice.
    await pull(jp, us)
    expect(await progressOf(request.id)).toMatchObject({ dispatched: 20 })
    expect((await call(jp, 'GET', `/api/plans/${plan}`, jp.as.planner)).json().status).toBe(
      'approved',
    )
    for (const id of consignments) {
      const onJp = (await call(jp, 'GET', `/api/consignments/${id}`, jp.as.logistician)).json()
      const received = await call(
        jp,
        'POST',
        `/api/consignments/${id}/receive`,
        jp.as.logistician,
        {
          lines: onJp.lines.map((line: { id: string; quantity: number }) => ({
            line: line.id,
            quantityReceived: line.quantity,
          })),
          proof: { receivedBy: '佐藤 一郎' },
        },
      )
      expect(received.statusCode, received.body).toBe(200)
    }
    expect(await progressOf(request.id)).toMatchObject({
      status: 'delivered',
      planned: 20,
      dispatched: 20,
      delivered: 20,
    })
    // Every consignment of the plan (all of them the US's) is received at JP: the plan is done.
    expect((await call(jp, 'GET', `/api/plans/${plan}`, jp.as.planner)).json().status).toBe('done')
    await pull(us, jp)
    await pull(jp, us)
    expect(await progressOf(request.id)).toMatchObject({ status: 'delivered', delivered: 20 })
    await verified()
  })

  it('withdraws a proposal before the US decides: the line is planned no more, and the US cannot accept it', async () => {
    await cancelOpen()
    const request = await requestOnJp(20, await newShelter('DP:NOTO-12'))
    const { id: plan, approved } = await planAndApprove()
    const [proposal] = proposalIds(approved) as [string]
    expect(await progressOf(request.id)).toMatchObject({ status: 'planned', planned: 20 })
    // The US node's logisticians cannot withdraw JP's proposal; JP's requester may not either.
    await pull(us, jp)
    expect(
      (await call(us, 'POST', `/api/proposals/${proposal}/withdraw`, us.as.planner)).statusCode,
    ).toBe(403)
    expect(
      (await call(jp, 'POST', `/api/proposals/${proposal}/withdraw`, jp.as.requester)).statusCode,
    ).toBe(403)
    const withdrawn = await call(jp, 'POST', `/api/proposals/${proposal}/withdraw`, jp.as.planner)
    expect(withdrawn.statusCode, withdrawn.body).toBe(200)
    expect(withdrawn.json()).toMatchObject({
      result: 'withdrawn',
      proposal: { state: 'withdrawn', withdrawnAt: expect.any(String) },
    })
    expect(await progressOf(request.id)).toMatchObject({ status: 'validated', planned: 0 })
    const events = await eventsOf(jp)
    const again = await call(jp, 'POST', `/api/proposals/${proposal}/withdraw`, jp.as.planner)
    expect(again.json()).toMatchObject({ result: 'exists', proposal: { state: 'withdrawn' } })
    expect(await eventsOf(jp)).toBe(events)
    const shown = (await call(jp, 'GET', `/api/plans/${plan}`, jp.as.planner)).json()
    expect(shown.proposals).toMatchObject([{ id: proposal, state: 'withdrawn' }])

    await pull(us, jp)
    const before = await usHubWater()
    const usEvents = await eventsOf(us)
    const refused = await call(us, 'POST', `/api/proposals/${proposal}/accept`, us.as.logistician)
    expect(refused.statusCode).toBe(409)
    expect(refused.json().error).toMatchObject({ code: 'proposal_withdrawn' })
    expect(refused.json().error.message).toContain('withdrawn')
    expect(await eventsOf(us)).toBe(usEvents)
    expect(await usHubWater()).toEqual(before)
    await verified()
  })

  it('refuses to withdraw what the US accepted; the US cancelling its consignment releases the line, and the plan shows it', async () => {
    await cancelOpen()
    const request = await requestOnJp(20, await newShelter('DP:NOTO-13'))
    const { id: plan, approved } = await planAndApprove()
    const [proposal] = proposalIds(approved) as [string]
    await pull(us, jp)
    const accepted = await call(us, 'POST', `/api/proposals/${proposal}/accept`, us.as.logistician)
    expect(accepted.statusCode, accepted.body).toBe(200)
    const consignment = accepted.json().proposal.decision.consignment as string
    await pull(jp, us)
    const refused = await call(jp, 'POST', `/api/proposals/${proposal}/withdraw`, jp.as.planner)
    expect(refused.statusCode).toBe(409)
    expect(refused.json().error).toMatchObject({ code: 'invalid_transition' })
    expect(refused.json().error.message).toContain('accepted already')
    expect(await progressOf(request.id)).toMatchObject({ planned: 20 })

    const cancelled = await call(
      us,
      'POST',
      `/api/consignments/${consignment}/cancel`,
      us.as.logistician,
    )
    expect(cancelled.statusCode, cancelled.body).toBe(200)
    await pull(jp, us)
    expect(await progressOf(request.id)).toMatchObject({ status: 'validated', planned: 0 })
    const shown = (await call(jp, 'GET', `/api/plans/${plan}`, jp.as.planner)).json()
    expect(shown.proposals).toMatchObject([
      { id: proposal, state: 'accepted', consignmentStatus: 'cancelled' },
    ])
    await pull(jp, us)
    expect(await progressOf(request.id)).toMatchObject({ planned: 0 })
    await verified()
  })

  it('settles a withdrawal that crossed an acceptance: the US cancels its planned consignment when it pulls the withdrawal', async () => {
    await cancelOpen()
    const request = await requestOnJp(10, await newShelter('DP:NOTO-14'))
    const { approved } = await planAndApprove()
    const [proposal] = proposalIds(approved) as [string]
    await pull(us, jp)
    // All lots at the hub: the proposal may take either.
    const hubAvailable = async () =>
      (await call(us, 'GET', `/api/stock?place=${hub}&item=${water}`, us.as.logistician))
        .json()
        .balances.reduce((sum: number, b: { available: number }) => sum + b.available, 0)
    const before = await hubAvailable()
    // Each node acts before hearing of the other.
    expect(
      (await call(jp, 'POST', `/api/proposals/${proposal}/withdraw`, jp.as.planner)).statusCode,
    ).toBe(200)
    const accepted = await call(us, 'POST', `/api/proposals/${proposal}/accept`, us.as.logistician)
    expect(accepted.statusCode, accepted.body).toBe(200)
    const consignment = accepted.json().proposal.decision.consignment as string
    expect(await hubAvailable()).toBe(before - 10)
    await pull(jp, us)
    expect(await progressOf(request.id)).toMatchObject({ planned: 0 })
    await pull(us, jp)
    expect(
      (await call(us, 'GET', `/api/consignments/${consignment}`, us.as.logistician)).json(),
    ).toMatchObject({ status: 'cancelled' })
    expect(await hubAvailable()).toBe(before)
    await pull(jp, us)
    expect(await progressOf(request.id)).toMatchObject({ status: 'validated', planned: 0 })
    await verified()
  })

  it('discarding the approved plan withdraws its proposals not decided yet, and waits for an accepted one to be cancelled there', async () => {
    await cancelOpen()
    const first = await requestOnJp(10, await newShelter('DP:NOTO-15'))
    const undecided = await planAndApprove()
    const [withdrawnOne] = proposalIds(undecided.approved) as [string]
    expect(await progressOf(first.id)).toMatchObject({ status: 'planned', planned: 10 })
    const discarded = await call(jp, 'POST', `/api/plans/${undecided.id}/discard`, jp.as.planner)
    expect(discarded.statusCode, discarded.body).toBe(200)
    expect(discarded.json().status).toBe('discarded')
    expect(await progressOf(first.id)).toMatchObject({ status: 'validated', planned: 0 })
    const shown = (await call(jp, 'GET', `/api/plans/${undecided.id}`, jp.as.planner)).json()
    expect(shown.proposals).toMatchObject([{ id: withdrawnOne, state: 'withdrawn' }])
    await pull(us, jp)
    const late = await call(us, 'POST', `/api/proposals/${withdrawnOne}/accept`, us.as.logistician)
    expect(late.statusCode).toBe(409)
    expect(late.json().error).toMatchObject({ code: 'proposal_withdrawn' })

    await cancelOpen()
    const second = await requestOnJp(10, await newShelter('DP:NOTO-16'))
    const decided = await planAndApprove()
    const [acceptedOne] = proposalIds(decided.approved) as [string]
    await pull(us, jp)
    const accepted = await call(
      us,
      'POST',
      `/api/proposals/${acceptedOne}/accept`,
      us.as.logistician,
    )
    expect(accepted.statusCode, accepted.body).toBe(200)
    await pull(jp, us)
    const refused = await call(jp, 'POST', `/api/plans/${decided.id}/discard`, jp.as.planner)
    expect(refused.statusCode).toBe(409)
    expect(refused.json().error).toMatchObject({ code: 'invalid_transition' })
    expect(refused.json().error.message).toContain(`${acceptedOne} by node ${us.node.ctx.node.id}`)
    expect((await call(jp, 'GET', `/api/plans/${decided.id}`, jp.as.planner)).json().status).toBe(
      'approved',
    )
    const consignment = accepted.json().proposal.decision.consignment as string
    expect(
      (await call(us, 'POST', `/api/consignments/${consignment}/cancel`, us.as.logistician))
        .statusCode,
    ).toBe(200)
    await pull(jp, us)
    const now = await call(jp, 'POST', `/api/plans/${decided.id}/discard`, jp.as.planner)
    expect(now.statusCode, now.body).toBe(200)
    expect(await progressOf(second.id)).toMatchObject({ status: 'validated', planned: 0 })
    await verified()
  })
})
