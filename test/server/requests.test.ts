/**
 * Requests for assistance through the API on both databases: drafting, the board, transitions with the
 * allowed ones named, duplicates, capability tasking, public tracking, and bad input.
 */
import { v7 as uuidv7 } from 'uuid'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createItem } from '../../src/app/items.js'
import { createOrganisation } from '../../src/app/organisations.js'
import { createPlace } from '../../src/app/places.js'
import { buildApp } from '../../src/server/build-app.js'
import { tokenHeaders } from '../support/callers.js'
import { itemDraft, placeDraft } from '../support/fixtures.js'
import { dialects, openTestNode, type TestNode } from '../support/stores.js'

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`requests API on ${dialect.name}`, () => {
    let node: TestNode
    let app: Awaited<ReturnType<typeof buildApp>>
    let requester: { authorization: string }
    let planner: { authorization: string }
    let shelter: string
    let water: string
    let rice: string
    beforeEach(async () => {
      node = await openTestNode(dialect.name)
      app = await buildApp({ ctx: node.ctx })
      requester = { authorization: (await tokenHeaders(node.ctx, ['requester'])).authorization }
      planner = { authorization: (await tokenHeaders(node.ctx, ['planner'])).authorization }
      const actor = { kind: 'cli' as const, id: 'test', org: node.ctx.node.org }
      shelter = (
        await createPlace(
          node.ctx,
          actor,
          placeDraft({ code: 'DP:WAJIMA', type: 'distribution-point', nameJa: '輪島市 配布所' }),
        )
      ).place.id
      water = (await createItem(node.ctx, actor, itemDraft())).item.id
      rice = (
        await createItem(
          node.ctx,
          actor,
          itemDraft({ code: 'KZ-RICE', nameEn: 'Alpha rice', category: 'food' }),
        )
      ).item.id
    })
    afterEach(async () => {
      await app.close()
      await node.close()
    })

    const draft = (overrides: object = {}) => ({
      destination: shelter,
      neededBy: '2026-01-05T09:00:00+09:00',
      justification: '320 evacuees, water supply cut',
      contact: { name: '田中 花子', phone: '090-0000-0000' },
      lines: [
        { kind: 'item', item: water, quantity: 960, priority: 'life-saving' },
        { kind: 'item', item: rice, quantity: 1920, priority: 'life-sustaining' },
        {
          kind: 'capability',
          capability: 'water-purification',
          description: 'Mobile water purification unit',
          priority: 'life-saving',
        },
      ],
      ...overrides,
    })
    const post = (url: string, headers: Record<string, string>, payload: object = {}) =>
      app.inject({ method: 'POST', url, headers, payload })

    it('drafts, submits and validates a request, and shows it on the board sorted by needed-by', async () => {
      const created = await post('/api/requests', requester, draft())
      expect(created.statusCode).toBe(201)
      const request = created.json()
      expect(request).toMatchObject({
        status: 'draft',
        code: expect.stringMatching(/^RQ-[A-Z2-9]{8}$/),
      })
      expect(
        (await post(`/api/requests/${request.id}/submit`, requester)).json().request.status,
      ).toBe('submitted')
      const validated = (await post(`/api/requests/${request.id}/validate`, planner)).json().request
      expect(validated.status).toBe('validated')
      expect(validated.lines[2]).toMatchObject({ kind: 'capability', status: 'validated' })
      await post('/api/requests', requester, draft({ neededBy: '2026-01-04T09:00:00+09:00' }))
      const board = (
        await app.inject({ method: 'GET', url: '/api/requests?sort=neededBy', headers: planner })
      ).json()
      expect(board.total).toBe(2)
      expect(board.requests[0].neededBy).toBe('2026-01-04T00:00:00.000Z')
      const submittedOnly = (
        await app.inject({ method: 'GET', url: '/api/requests?status=validated', headers: planner })
      ).json()
      expect(submittedOnly.requests.map((r: { id: string }) => r.id)).toEqual([request.id])
    })

    it('keeps the contact out of the event log: the event holds a reference and a hash', async () => {
      const request = (await post('/api/requests', requester, draft())).json()
      const events = await node.store.readEvents(0, 1e6)
      const event = events.find((e) => e.subject === request.id && e.kind === 'request.created')
      expect(event?.body).not.toContain('田中')
      expect(JSON.parse(event?.body ?? '{}').contact).toMatchObject({
        ref: expect.any(String),
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      })
    })

    it('refuses invalid transitions naming the allowed ones, and writes nothing', async () => {
      const request = (await post('/api/requests', requester, draft())).json()
      const before = (await node.store.readEvents(0, 1e6)).length
      const response = await post(`/api/requests/${request.id}/validate`, planner)
      expect(response.statusCode).toBe(409)
      expect(response.json().error).toMatchObject({
        code: 'invalid_transition',
        details: { status: 'draft', allowed: ['submit', 'cancel'] },
      })
      expect((await node.store.readEvents(0, 1e6)).length).toBe(before)
      const rejectWithoutReason = await post(`/api/requests/${request.id}/submit`, requester).then(
        () => post(`/api/requests/${request.id}/reject`, planner),
      )
      expect(rejectWithoutReason.statusCode).toBe(400)
      expect(
        (
          await post(`/api/requests/${request.id}/reject`, planner, {
            reason: 'Covered by RQ from the prefecture',
          })
        ).json().request,
      ).toMatchObject({ status: 'rejected', rejectionReason: 'Covered by RQ from the prefecture' })
      expect(
        (await post(`/api/requests/${request.id}/validate`, planner)).json().error.details.allowed,
      ).toEqual([])
    })

    it('refuses bad input naming the field: unknown items or places, zero quantities, a needed-by in the past', async () => {
      const cases: [object, string][] = [
        [draft({ destination: uuidv7() }), 'destination'],
        [
          draft({ lines: [{ kind: 'item', item: uuidv7(), quantity: 1, priority: 'other' }] }),
          'lines[0].item',
        ],
        [
          draft({ lines: [{ kind: 'item', item: water, quantity: 0, priority: 'other' }] }),
          'body.lines.0.quantity',
        ],
        [
          draft({ lines: [{ kind: 'item', item: water, quantity: -2, priority: 'other' }] }),
          'body.lines.0.quantity',
        ],
        [draft({ neededBy: '2025-12-31T00:00:00Z' }), 'neededBy'],
        [
          draft({ lines: [{ kind: 'item', item: water, quantity: 1, priority: 'urgent' }] }),
          'body.lines.0.priority',
        ],
      ]
      const before = (await node.store.readEvents(0, 1e6)).length
      for (const [body, field] of cases) {
        const response = await post('/api/requests', requester, body)
        expect(response.statusCode, JSON.stringify(body)).toBeGreaterThanOrEqual(400)
        expect(response.statusCode).toBeLessThan(500)
        expect(JSON.stringify(response.json().error.details)).toContain(field)
      }
      expect((await node.store.readEvents(0, 1e6)).length).toBe(before)
    })

    it('warns and links when a submitted request largely repeats an open one for the same place', async () => {
      const first = (await post('/api/requests', requester, draft())).json()
      await post(`/api/requests/${first.id}/submit`, requester)
      const second = (
        await post(
          '/api/requests',
          requester,
          draft({ lines: [{ kind: 'item', item: water, quantity: 100, priority: 'life-saving' }] }),
        )
      ).json()
      const submitted = (await post(`/api/requests/${second.id}/submit`, requester)).json()
      expect(submitted.warnings[0]).toContain(first.code)
      expect(submitted.request.possibleDuplicates).toEqual([first.id])
    })

    it('tasks a capability line to a partner, who accepts, starts and completes it; an item line cannot be tasked', async () => {
      const au = (
        await createOrganisation(
          node.ctx,
          { kind: 'user', id: 'x', userId: 'x', org: node.ctx.node.org, roles: ['admin'] },
          { code: 'AU-DFAT', nameEn: 'DFAT', nameJa: null, country: 'AU', kind: 'government' },
        )
      ).organisation.id
      const auLogistician = {
        authorization: (await tokenHeaders(node.ctx, ['logistician'], au)).authorization,
      }
      const request = (await post('/api/requests', requester, draft())).json()
      await post(`/api/requests/${request.id}/submit`, requester)
      await post(`/api/requests/${request.id}/validate`, planner)
      const [itemLine, , capability] = request.lines
      const itemTask = await post(
        `/api/requests/${request.id}/lines/${itemLine.id}/task`,
        planner,
        { partner: au },
      )
      expect(itemTask.statusCode).toBe(409)
      expect(itemTask.json().error.code).toBe('invalid_transition')
      expect(
        (
          await post(`/api/requests/${request.id}/lines/${capability.id}/task`, planner, {
            partner: au,
          })
        ).json().lines[2],
      ).toMatchObject({ status: 'tasked', taskedTo: au })
      expect(
        (await post(`/api/requests/${request.id}/lines/${capability.id}/accept`, planner))
          .statusCode,
      ).toBe(403)
      for (const [action, status] of [
        ['accept', 'accepted'],
        ['start', 'in-progress'],
        ['complete', 'completed'],
      ] as const) {
        expect(
          (
            await post(
              `/api/requests/${request.id}/lines/${capability.id}/${action}`,
              auLogistician,
            )
          ).json().lines[2].status,
        ).toBe(status)
      }
    })

    it('shows status and dates, and nothing else, to anyone with the tracking code', async () => {
      const request = (await post('/api/requests', requester, draft())).json()
      expect(
        (await app.inject({ method: 'GET', url: `/api/track/${request.code}` })).statusCode,
      ).toBe(404)
      await post(`/api/requests/${request.id}/submit`, requester)
      const tracked = await app.inject({
        method: 'GET',
        url: `/api/track/${request.code.toLowerCase()}`,
      })
      expect(tracked.statusCode).toBe(200)
      expect(Object.keys(tracked.json()).sort()).toEqual([
        'code',
        'createdAt',
        'neededBy',
        'status',
        'updatedAt',
      ])
      expect(tracked.body).not.toContain('田中')
      expect((await app.inject({ method: 'GET', url: '/api/track/RQ-NOTHING1' })).statusCode).toBe(
        404,
      )
    })
  })
}
