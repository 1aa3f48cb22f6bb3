/**
 * Plans through the API (fastify.inject) on both databases: a run answers 202 running and becomes a
 * draft, solved in a worker; a second run while one runs is refused (409) naming it, and cancel stops
 * it; reads list newest first with paging (or sorted by horizon, status, start), show the result and the model as LP text; approve and
 * discard; bad input is a 400 naming the field, an unknown plan a 404, a role that may not a 403.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PlanSolver, SolverResult } from '../../src/app/plan-ports.js'
import { makePlan } from '../../src/solver/make-plan.js'
import { planInWorker } from '../../src/solver/run-in-worker.js'
import { buildApp } from '../../src/server/build-app.js'
import { tokenHeaders } from '../support/callers.js'
import { NOW, type PlanWorld, planWorld } from '../support/plan-world.js'
import { dialects, openTestNode, type TestNode } from '../support/stores.js'

/** A solver that holds each plan before it builds the model until the test lets the latest go. */
function gatedSolver() {
  const gates: (() => void)[] = []
  const solve: PlanSolver = (snapshot, onProgress) => {
    let stop: (error: Error) => void = () => {}
    const result = new Promise<SolverResult>((resolve, reject) => {
      stop = reject
      gates.push(() => {
        makePlan(snapshot, onProgress).then(resolve, reject)
      })
    })
    return { result, cancel: async () => stop(new Error('stopped')) }
  }
  return { solve, release: () => gates.pop()?.() }
}

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`plans API on ${dialect.name}`, () => {
    let node: TestNode
    let world: PlanWorld
    let app: Awaited<ReturnType<typeof buildApp>>
    let planner: { authorization: string }
    let viewer: { authorization: string }

    const open = async (planSolver: PlanSolver) => {
      app = await buildApp({ ctx: node.ctx, planSolver })
    }
    beforeEach(async () => {
      node = await openTestNode(dialect.name)
      world = await planWorld(node)
      await world.receive(world.items.water, 150, 'W1', '2030-01-01')
      await world.request([{ item: world.items.water, quantity: 120 }])
      planner = { authorization: (await tokenHeaders(node.ctx, ['planner'])).authorization }
      viewer = { authorization: (await tokenHeaders(node.ctx, ['viewer'])).authorization }
    })
    afterEach(async () => {
      await app?.close()
      await node.close()
    })

    const post = (url: string, payload: object = {}, headers = planner) =>
      app.inject({ method: 'POST', url, headers, payload })
    const get = (url: string, headers = viewer) => app.inject({ method: 'GET', url, headers })
    /** Reads the plan until it is no longer running (the solve is in a worker). */
    const settled = async (id: string) => {
      for (;;) {
        const response = await get(`/api/plans/${id}`)
        if (response.json().status !== 'running') return response
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    }

    it('answers 202 running, solves in a worker, and shows the draft with its lines, consignments and comparison', async () => {
      await open(planInWorker)
      const started = await post('/api/plans', { horizonHours: 24, start: NOW, note: 'first' })
      expect(started.statusCode).toBe(202)
      expect(started.json()).toMatchObject({
        status: 'running',
        note: 'first',
        horizonHours: 24,
        start: NOW,
        progress: { step: 'snapshot' },
        snapshot: { lots: 1, lines: 1, stockUnits: 150, requestedUnits: 120 },
      })
      const id = started.json().id as string
      const shown = await settled(id)
      expect(shown.statusCode).toBe(200)
      const body = shown.json()
      expect(body).toMatchObject({
        id,
        status: 'draft',
        source: 'optimum',
        consignmentsPlanned: 1,
        unmetQuantity: 0,
        progress: null,
        model: { columns: expect.any(Number), rows: expect.any(Number) },
      })
      expect(body.result.lines[0]).toMatchObject({
        requested: 120,
        planned: 120,
        allocations: [{ quantity: 120, asset: world.truck, departure: NOW }],
        unmet: [],
      })
      expect(body.result.consignments[0]).toMatchObject({ id: `${world.truck}/1`, loadKg: 252 })
      expect(body.result.comparison.tiers[0]).toEqual({
        tier: 'life-saving',
        requested: 120,
        plan: { delivered: 120, fulfilment: 1 },
        greedy: { delivered: 120, fulfilment: 1 },
      })
      // The same id again: the plan as it is (200), no second run.
      const repeated = await post('/api/plans', { id, horizonHours: 24 })
      expect(repeated.statusCode).toBe(200)
      expect(repeated.json().status).toBe('draft')
    })

    it('refuses a second run while one runs (409 naming it), cancels it, and lists newest first with paging', async () => {
      const gated = gatedSolver()
      await open(gated.solve)
      const first = await post('/api/plans', { horizonHours: 24, start: NOW })
      expect(first.statusCode).toBe(202)
      const running = first.json().id as string
      const second = await post('/api/plans', { horizonHours: 24, start: NOW })
      expect(second.statusCode).toBe(409)
      expect(second.json().error).toMatchObject({
        code: 'invalid_transition',
        details: { running },
      })
      expect(second.json().error.message).toContain(running)
      expect((await get(`/api/plans/${running}`)).json().progress).toMatchObject({
        step: 'snapshot',
      })
      const cancelled = await post(`/api/plans/${running}/cancel`)
      expect(cancelled.statusCode).toBe(200)
      expect(cancelled.json()).toMatchObject({
        status: 'cancelled',
        failure: { code: 'cancelled' },
      })
      const next = await post('/api/plans', { horizonHours: 12, start: NOW })
      expect(next.statusCode).toBe(202)
      gated.release()
      await settled(next.json().id)
      const page = await get('/api/plans?limit=1')
      expect(page.statusCode).toBe(200)
      expect(page.json()).toMatchObject({ total: 2, limit: 1, offset: 0 })
      expect(page.json().plans.map((p: { id: string }) => p.id)).toEqual([next.json().id])
      const rest = await get('/api/plans?limit=1&offset=1')
      expect(rest.json().plans.map((p: { id: string }) => p.id)).toEqual([running])
      const drafts = await get('/api/plans?status=draft')
      expect(drafts.json().total).toBe(1)
      // Sorted on the server: by horizon, by status in the order of a plan's life.
      const order = async (sort: string) =>
        (await get(`/api/plans?sort=${sort}`)).json().plans.map((p: { id: string }) => p.id)
      const [draft, gone] = [next.json().id as string, running]
      expect(await order('horizonHours')).toEqual([draft, gone])
      expect(await order('-horizonHours')).toEqual([gone, draft])
      expect(await order('status')).toEqual([draft, gone])
      expect(await order('-status')).toEqual([gone, draft])
      const badSort = await get('/api/plans?sort=name')
      expect(badSort.statusCode).toBe(400)
      expect(badSort.json().error.details[0].field).toBe('querystring.sort')
      expect(badSort.json().error.message).toContain('horizonHours')
      // A cancelled plan cannot be approved.
      const refused = await post(`/api/plans/${running}/approve`)
      expect(refused.statusCode).toBe(409)
      expect(refused.json().error.code).toBe('invalid_transition')
    })

    it('approves (consignments created, one per sortie) and discards; the model reads as LP text', async () => {
      await open(planInWorker)
      const id = (await post('/api/plans', { horizonHours: 24, start: NOW })).json().id as string
      await settled(id)
      const lp = await get(`/api/plans/${id}/lp`)
      expect(lp.statusCode).toBe(200)
      expect(lp.headers['content-type']).toContain('text/plain')
      expect(lp.body.startsWith('\\ Kizuna allocation model, stage 1\nMaximize\n')).toBe(true)
      expect((await get(`/api/plans/${id}/lp?stage=2`)).body).toContain('hold_0')
      const badStage = await get(`/api/plans/${id}/lp?stage=9`)
      expect(badStage.statusCode).toBe(400)
      expect(badStage.json().error.message).toMatch(/^stage: a stage from 1 to 5/)

      const approved = await post(`/api/plans/${id}/approve`)
      expect(approved.statusCode).toBe(200)
      const { plan, consignments } = approved.json()
      expect(plan.status).toBe('approved')
      expect(consignments).toEqual([
        { sortie: `${world.truck}/1`, consignment: plan.consignments[0], lines: 1 },
      ])
      const consignment = await get(`/api/consignments/${plan.consignments[0]}`)
      expect(consignment.json()).toMatchObject({ status: 'planned', asset: world.truck })
      const discarded = await post(`/api/plans/${id}/discard`)
      expect(discarded.statusCode).toBe(200)
      expect(discarded.json().status).toBe('discarded')
      expect((await get(`/api/consignments/${plan.consignments[0]}`)).json().status).toBe(
        'cancelled',
      )
      const again = await post(`/api/plans/${id}/approve`)
      expect(again.statusCode).toBe(409)
    })

    it('refuses bad input naming the field (400), an unknown plan (404) and a role that may not (403)', async () => {
      await open(planInWorker)
      const negative = await post('/api/plans', { horizonHours: -1 })
      expect(negative.statusCode).toBe(400)
      expect(negative.json().error.message).toMatch(/^body\.horizonHours: /)
      const tooFar = await post('/api/plans', { horizonHours: 24 * 31 })
      expect(tooFar.statusCode).toBe(400)
      expect(tooFar.json().error.message).toBe('body.horizonHours: at most 720 hours')
      const badOperation = await post('/api/plans', { operation: 'Noto', horizonHours: 24 })
      expect(badOperation.statusCode).toBe(400)
      expect(badOperation.json().error.message).toMatch(/^body\.operation: /)
      const badStart = await post('/api/plans', { start: 'tomorrow' })
      expect(badStart.statusCode).toBe(400)
      expect(badStart.json().error.message).toMatch(/^body\.start: /)
      const unknownOperation = await post('/api/plans', {
        operation: '01900000-0000-7000-8000-000000000000',
      })
      expect(unknownOperation.statusCode).toBe(422)
      expect(unknownOperation.json().error.details).toEqual([
        { field: 'operation', message: 'unknown operation' },
      ])
      const missing = '01900000-0000-7000-8000-000000000001'
      expect((await get(`/api/plans/${missing}`)).statusCode).toBe(404)
      expect((await post(`/api/plans/${missing}/approve`)).statusCode).toBe(404)
      expect((await get('/api/plans/not-an-id')).statusCode).toBe(400)
      const byViewer = await post('/api/plans', { horizonHours: 24 }, viewer)
      expect(byViewer.statusCode).toBe(403)
      const logistician = {
        authorization: (await tokenHeaders(node.ctx, ['logistician'])).authorization,
      }
      expect((await post('/api/plans', { horizonHours: 24 }, logistician)).statusCode).toBe(403)
      expect((await get('/api/plans', logistician)).statusCode).toBe(200)
      expect((await get('/api/plans')).json().total).toBe(0)
    })
  })
}
