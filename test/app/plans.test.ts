/**
 * Plans through the use cases on both databases, on a small world (test/support/plan-world.ts): the
 * snapshot holds only what the planner's organisation may use and carries the owners' rules; a run
 * becomes a draft with exact quantities, the same every time; approval creates the consignments in
 * planned and reserves exactly, moving the request lines' planned counters; it is refused (409) with
 * nothing written when the stock moved; discarding cancels; re-planning keeps what was dispatched and
 * says what moved.
 */
import { v7 as uuidv7 } from 'uuid'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setAllocationRule } from '../../src/app/allocation-rules.js'
import { assetTypesFromFile, createAsset, setAssetStatus } from '../../src/app/assets.js'
import {
  actOnConsignment,
  createConsignment,
  receiveConsignment,
} from '../../src/app/consignments.js'
import { Refusal } from '../../src/app/errors.js'
import { createOrganisation } from '../../src/app/organisations.js'
import { createPlace } from '../../src/app/places.js'
import { approvePlan, discardPlan } from '../../src/app/plan-approval.js'
import type { PlanSolver } from '../../src/app/plan-ports.js'
import { getPlanView } from '../../src/app/plan-reads.js'
import { buildPlanSnapshot } from '../../src/app/plan-snapshot.js'
import { warmUpSnapshot } from '../../src/app/plan-warm-up.js'
import { Planner } from '../../src/app/plans.js'
import { receiveStock } from '../../src/app/stock.js'
import { makePlan } from '../../src/solver/make-plan.js'
import { bundledAssetTypesPath } from '../../src/server/routes/transport.js'
import { placeDraft } from '../support/fixtures.js'
import { hoursAfterNow, NOW, type PlanWorld, planWorld } from '../support/plan-world.js'
import { dialects, openTestNode, type TestNode } from '../support/stores.js'

/** The planner in the test's own thread: the same plan as the worker's (test/solver/worker.test.ts). */
const inThread: PlanSolver = (snapshot, onProgress) => ({
  result: makePlan(snapshot, onProgress),
  cancel: async () => {},
})

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`plans on ${dialect.name}`, () => {
    let node: TestNode
    let world: PlanWorld
    let planner: Planner

    beforeEach(async () => {
      node = await openTestNode(dialect.name)
      world = await planWorld(node)
      planner = new Planner(node.ctx, inThread)
    })
    afterEach(async () => {
      await planner.close()
      await node.close()
    })

    const run = async (input: { operation?: string } = {}) => {
      const { plan } = await planner.start(world.hub, { horizonHours: 24, start: NOW, ...input })
      await planner.idle()
      return getPlanView(node.ctx, planner, plan.id, null)
    }
    const waterAt = async (place: string) => {
      const rows = (
        await node.ctx.store.listBalances(
          { kind: 'stock', place, item: world.items.water, limit: 100, offset: 0 },
          null,
        )
      ).rows
      return {
        posted: rows.reduce((s, r) => s + r.account.posted, 0),
        available: rows.reduce((s, r) => s + r.account.posted - r.account.pendingOut, 0),
      }
    }
    const requestLine = async (request: string, line: string) => {
      const found = await node.ctx.store.getRequest(request, null)
      const l = found?.lines.find((x) => x.id === line)
      return l?.kind === 'item'
        ? { status: found?.status, planned: l.quantityPlanned, dispatched: l.quantityDispatched }
        : null
    }
    const events = async () => (await node.store.readEvents(0, 1e6)).length

    it("builds the snapshot from what the planner's organisation may use; an owner's rule of none leaves the line not-allowed", async () => {
      await world.receive(world.items.water, 100, 'W1', '2030-01-01')
      await world.receive(world.items.blanket, 30, 'B1', null)
      // Another organisation's stock at a place it keeps to itself: not the planner's to use.
      const principal = { kind: 'user' as const, id: 't', userId: 't', org: node.ctx.node.org }
      const other = (
        await createOrganisation(
          node.ctx,
          { ...principal, roles: ['admin'] },
          { code: 'OTHER', nameEn: 'Other agency', nameJa: null, country: 'AU', kind: 'ngo' },
        )
      ).organisation.id
      const otherActor = { kind: 'cli' as const, id: 't', org: other }
      const closed = (
        await createPlace(
          node.ctx,
          otherActor,
          placeDraft({ code: 'HUB:OTHER', lat: 36.55, share: 'own' }),
        )
      ).place.id
      await receiveStock(world.stock, otherActor, {
        id: uuidv7(),
        place: closed,
        item: world.items.water,
        owner: other,
        quantity: 500,
        lot: 'X1',
        source: 'donor',
      })
      // The hub keeps its blankets for its own organisation for now.
      const rule = await setAllocationRule(node.ctx, world.hub, {
        item: world.items.blanket,
        place: null,
        allowed: 'none',
        note: 'none for now',
      })
      const request = await world.request([
        { item: world.items.water, quantity: 60 },
        { item: world.items.blanket, quantity: 20, priority: 'life-sustaining' },
      ])

      const built = await buildPlanSnapshot(node.ctx, {
        org: node.ctx.node.org,
        operation: null,
        start: NOW,
        horizonHours: 24,
      })
      expect(
        built.snapshot.lots.map((l) => [l.place, l.item, l.owner, l.lot, l.available]).sort(),
      ).toEqual(
        [
          [world.places.hub, world.items.blanket, node.ctx.node.org, 'B1', 30],
          [world.places.hub, world.items.water, node.ctx.node.org, 'W1', 100],
        ].sort(),
      )
      expect(built.snapshot.lines.map((l) => [l.id, l.quantity, l.tier, l.requester])).toEqual(
        expect.arrayContaining([
          [request.lines[0], 60, 'life-saving', world.partner.org],
          [request.lines[1], 20, 'life-sustaining', world.partner.org],
        ]),
      )
      expect(built.snapshot.lines).toHaveLength(2)
      expect(built.snapshot.rules.map((r) => [r.id, r.allowed])).toEqual([[rule.id, 'none']])
      expect(built.snapshot.places.map((p) => p.id)).not.toContain(closed)
      expect(built.summary).toMatchObject({
        lots: 2,
        lines: 2,
        stockUnits: 130,
        requestedUnits: 80,
      })

      const view = await run()
      expect(view.status).toBe('draft')
      const byLine = new Map(view.result?.lines.map((l) => [l.line, l]))
      expect(byLine.get(request.lines[0] as string)?.planned).toBe(60)
      expect(byLine.get(request.lines[1] as string)?.planned).toBe(0)
      expect(byLine.get(request.lines[1] as string)?.unmet).toEqual([
        { quantity: 20, reason: 'not-allowed' },
      ])
    })

    it("warms the planner on the node organisation's open requests, and not at all with nothing to plan", async () => {
      // Nothing to plan: no request open yet, then one open but no stock.
      expect(await warmUpSnapshot(node.ctx)).toBeNull()
      await world.request([{ item: world.items.water, quantity: 40 }])
      expect(await warmUpSnapshot(node.ctx)).toBeNull()
      await world.receive(world.items.water, 100, 'W1', '2030-01-01')
      const warm = await warmUpSnapshot(node.ctx)
      const { snapshot } = await buildPlanSnapshot(node.ctx, {
        org: node.ctx.node.org,
        operation: null,
        start: node.ctx.clock.now().toISOString(),
        horizonHours: 72,
      })
      expect(warm).toEqual(snapshot)
      expect(warm?.lines.length).toBeGreaterThan(0)
    })

    it('runs to a draft with exact quantities, departure and ETA, the same plan every time', async () => {
      await world.receive(world.items.water, 150, 'W1', '2030-01-01')
      const request = await world.request([{ item: world.items.water, quantity: 120 }])
      const view = await run()
      expect(view).toMatchObject({
        status: 'draft',
        source: 'optimum',
        consignmentsPlanned: 1,
        unmetQuantity: 0,
        failure: null,
        snapshot: { lots: 1, lines: 1, stockUnits: 150, requestedUnits: 120 },
      })
      expect(view.tiers[0]).toEqual({
        tier: 'life-saving',
        lines: 1,
        requested: 120,
        delivered: 120,
        fulfilment: 1,
      })
      const [line] = view.result?.lines ?? []
      expect(line?.line).toBe(request.lines[0])
      expect(line?.allocations).toEqual([
        {
          lot: expect.any(String),
          owner: node.ctx.node.org,
          origin: world.places.hub,
          quantity: 120,
          asset: world.truck,
          consignment: `${world.truck}/1`,
          departure: NOW,
          // 20 road-km at the network's road speed: 30 minutes.
          eta: '2026-01-02T03:34:05.000Z',
        },
      ])
      expect(view.result?.consignments[0]).toMatchObject({
        asset: world.truck,
        origin: world.places.hub,
        destination: world.places.shelter,
        loadKg: 252,
        consignment: null,
      })
      expect(view.result?.comparison.tiers[0]).toEqual({
        tier: 'life-saving',
        requested: 120,
        plan: { delivered: 120, fulfilment: 1 },
        greedy: { delivered: 120, fulfilment: 1 },
      })
      const again = await run()
      expect(again.result).toEqual(view.result)
    })

    it("approves: consignments in planned reserve exactly the plan's lots and the lines' planned counters move", async () => {
      await world.receive(world.items.water, 150, 'W1', '2030-01-01')
      const request = await world.request([{ item: world.items.water, quantity: 120 }])
      const view = await run()
      const approved = await approvePlan(world.stock, world.hub, view.id)
      expect(approved.status).toBe('approved')
      expect(approved.consignments).toHaveLength(1)
      const consignment = await node.ctx.store.getConsignment(approved.consignments[0] ?? '', null)
      expect(consignment).toMatchObject({
        status: 'planned',
        origin: world.places.hub,
        destination: world.places.shelter,
        asset: world.truck,
      })
      expect(consignment?.lines.map((l) => [l.lot, l.quantity, l.request, l.requestLine])).toEqual([
        ['W1', 120, request.id, request.lines[0]],
      ])
      expect(consignment?.route).toHaveLength(1)
      expect(await waterAt(world.places.hub)).toEqual({ posted: 150, available: 30 })
      expect(await requestLine(request.id, request.lines[0] as string)).toEqual({
        status: 'planned',
        planned: 120,
        dispatched: 0,
      })
      // Approving again answers with the plan as it is.
      expect((await approvePlan(world.stock, world.hub, view.id)).version).toBe(approved.version)
      const shown = await getPlanView(node.ctx, planner, view.id, null)
      expect(shown.result?.consignments[0]?.consignment).toBe(approved.consignments[0])
      // Once its consignment is received, the plan is done.
      const id = approved.consignments[0] ?? ''
      await actOnConsignment(world.stock, world.hub, id, 'dispatch')
      await actOnConsignment(world.stock, world.hub, id, 'arrive')
      await receiveConsignment(world.stock, world.hub, id, {
        lines: (consignment?.lines ?? []).map((l) => ({ line: l.id, quantityReceived: 120 })),
        proof: { receivedBy: 'Shelter lead' },
      })
      expect((await getPlanView(node.ctx, planner, view.id, null)).status).toBe('done')
      const discarding = await discardPlan(world.stock, world.hub, view.id).catch((e) => e)
      expect((discarding as Refusal).message).toBe('a done plan cannot discard; allowed: none')
    })

    it("approves a helicopter's direct flight as a consignment without stored legs, the flight in its note", async () => {
      await world.receive(world.items.water, 150, 'W1', '2030-01-01')
      await world.request([{ item: world.items.water, quantity: 100 }])
      await setAssetStatus(node.ctx, world.hub, world.truck, { status: 'maintenance' })
      const helicopter = (
        await createAsset(
          node.ctx,
          world.hub,
          { type: 'UH-60M', name: 'Rescue 1', base: world.places.hub },
          await assetTypesFromFile(bundledAssetTypesPath)(),
        )
      ).asset.id
      const view = await run()
      const sortie = view.result?.consignments[0]
      expect(sortie?.asset).toBe(helicopter)
      expect(sortie?.route.steps.map((s) => s.leg)).toEqual([null])
      const approved = await approvePlan(world.stock, world.hub, view.id)
      const made = await node.ctx.store.getConsignment(approved.consignments[0] ?? '', null)
      expect(made).toMatchObject({ status: 'planned', asset: helicopter, route: [] })
      expect(made?.note).toBe(
        `Plan ${view.id}, sortie ${helicopter}/1: departs ${sortie?.departure}, ETA ${sortie?.eta}; route direct flight ${world.places.hub} → ${world.places.shelter} (${Math.round(sortie?.route.distanceKm ?? 0)} km)`,
      )
    })

    it('refuses approval (409) naming the sortie, line, lot and what is available when the stock was taken meanwhile, and writes nothing', async () => {
      await world.receive(world.items.water, 150, 'W1', '2030-01-01')
      const request = await world.request([{ item: world.items.water, quantity: 120 }])
      const view = await run()
      await createConsignment(world.stock, world.hub, {
        origin: world.places.hub,
        destination: world.places.farShelter,
        lines: [{ item: world.items.water, owner: node.ctx.node.org, quantity: 100 }],
      })
      const before = await events()
      const refused = await approvePlan(world.stock, world.hub, view.id).catch((e: unknown) => e)
      expect(refused).toBeInstanceOf(Refusal)
      expect((refused as Refusal).code).toBe('version_conflict')
      expect((refused as Refusal).message).toMatch(
        /sortie .*\/1, line .* takes 120 of lot "W1" .*only 50 are available now/,
      )
      expect((refused as Refusal).details).toEqual({
        shortfalls: [
          {
            sortie: `${world.truck}/1`,
            line: request.lines[0],
            item: world.items.water,
            owner: node.ctx.node.org,
            lot: 'W1',
            place: world.places.hub,
            quantity: 120,
            available: 50,
          },
        ],
      })
      expect(await events()).toBe(before)
      expect((await node.ctx.store.getPlan(view.id, null))?.status).toBe('draft')
      expect(await waterAt(world.places.hub)).toEqual({ posted: 150, available: 50 })
      expect(await requestLine(request.id, request.lines[0] as string)).toMatchObject({
        planned: 0,
      })
    })

    it('discards an approved plan: its planned consignments are cancelled and their stock released', async () => {
      await world.receive(world.items.water, 150, 'W1', '2030-01-01')
      const request = await world.request([{ item: world.items.water, quantity: 120 }])
      const view = await run()
      const approved = await approvePlan(world.stock, world.hub, view.id)
      const discarded = await discardPlan(world.stock, world.hub, view.id)
      expect(discarded.status).toBe('discarded')
      expect(discarded.discardedAt).toBe(NOW)
      const consignment = await node.ctx.store.getConsignment(approved.consignments[0] ?? '', null)
      expect(consignment?.status).toBe('cancelled')
      expect(await waterAt(world.places.hub)).toEqual({ posted: 150, available: 150 })
      expect(await requestLine(request.id, request.lines[0] as string)).toMatchObject({
        planned: 0,
      })
      const again = await discardPlan(world.stock, world.hub, view.id)
      expect(again.version).toBe(discarded.version)
    })

    it('re-plans after a change: what was dispatched stays, the rest is planned again and what moved is said', async () => {
      await world.receive(world.items.water, 150, 'W1', '2030-01-01')
      const near = await world.request([{ item: world.items.water, quantity: 60 }])
      const far = await world.request([{ item: world.items.water, quantity: 40 }], {
        destination: world.places.farShelter,
      })
      const first = await run({ operation: world.operation })
      const approved = await approvePlan(world.stock, world.hub, first.id)
      expect(approved.consignments).toHaveLength(2)
      const consignments = await Promise.all(
        approved.consignments.map((id) => node.ctx.store.getConsignment(id, null)),
      )
      const toNear = consignments.find((c) => c?.destination === world.places.shelter)
      const toFar = consignments.find((c) => c?.destination === world.places.farShelter)
      await actOnConsignment(world.stock, world.hub, toNear?.id ?? '', 'dispatch')
      // The truck breaks down; another one is offered at the hub.
      await setAssetStatus(node.ctx, world.hub, world.truck, { status: 'maintenance' })
      const spare = (
        await createAsset(
          node.ctx,
          world.hub,
          { type: 'TRUCK-2T', name: 'Spare truck', base: world.places.hub },
          await assetTypesFromFile(bundledAssetTypesPath)(),
        )
      ).asset.id

      const second = await run({ operation: world.operation })
      expect(second.status).toBe('draft')
      expect(second.replaces).toBe(first.id)
      expect(second.snapshot).toMatchObject({ lines: 1, requestedUnits: 40, stockUnits: 90 })
      expect(second.result?.lines.map((l) => [l.line, l.planned])).toEqual([[far.lines[0], 40]])
      expect(second.result?.moved).toEqual([
        {
          line: far.lines[0],
          request: far.id,
          item: world.items.water,
          change: ['asset'],
          before: { quantity: 40, lots: [expect.any(String)], assets: [world.truck] },
          after: { quantity: 40, lots: [expect.any(String)], assets: [spare] },
        },
      ])

      const replanned = await approvePlan(world.stock, world.hub, second.id)
      expect((await node.ctx.store.getConsignment(toFar?.id ?? '', null))?.status).toBe('cancelled')
      expect((await node.ctx.store.getConsignment(toNear?.id ?? '', null))?.status).toBe(
        'dispatched',
      )
      const [made] = await Promise.all(
        replanned.consignments.map((id) => node.ctx.store.getConsignment(id, null)),
      )
      expect(made).toMatchObject({ status: 'planned', asset: spare })
      expect(await waterAt(world.places.hub)).toEqual({ posted: 90, available: 50 })
      expect(await requestLine(far.id, far.lines[0] as string)).toMatchObject({ planned: 40 })
      expect(await requestLine(near.id, near.lines[0] as string)).toMatchObject({
        planned: 60,
        dispatched: 60,
      })
      // The first plan keeps its dispatched consignment: still approved, not discarded.
      expect((await node.ctx.store.getPlan(first.id, null))?.status).toBe('approved')
      expect(hoursAfterNow(0)).toBe(NOW)
    })
  })
}
