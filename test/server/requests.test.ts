/**
 * Requests for assistance through the API on both databases: drafting, the board, transitions with the
 * allowed ones named, duplicates, capability tasking, public tracking, and bad input.
 */
import { v7 as uuidv7 } from 'uuid'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createItem } from '../../src/app/items.js'
import { createOrganisation } from '../../src/app/organisations.js'
import { createPlace } from '../../src/app/places.js'
import { actOnCapability, actOnRequest } from '../../src/app/requests.js'
import type { Role } from '../../src/domain/access/permissions.js'
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
        ...[0, -3].map((quantity): [object, string] => [
          draft({
            lines: [
              {
                kind: 'capability',
                capability: 'airlift',
                description: 'lift',
                quantity,
                priority: 'other',
              },
            ],
          }),
          'body.lines.0.quantity',
        ]),
        [
          draft({
            lines: [
              {
                kind: 'item',
                item: water,
                quantity: 1,
                priority: 'other',
                neededBy: '2026-01-01T00:00:00Z',
              },
            ],
          }),
          'lines[0].neededBy',
        ],
        [draft({ operation: uuidv7() }), 'operation'],
        [draft({ lines: [] }), 'body.lines'],
        [draft({ neededBy: 'next Tuesday' }), 'body.neededBy'],
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

    it('refuses to validate twice or to close before delivery, naming the allowed actions, and writes nothing', async () => {
      const request = (await post('/api/requests', requester, draft())).json()
      await post(`/api/requests/${request.id}/submit`, requester)
      expect((await post(`/api/requests/${request.id}/validate`, planner)).statusCode).toBe(200)
      const before = (await node.store.readEvents(0, 1e6)).length
      for (const action of ['validate', 'close']) {
        const response = await post(`/api/requests/${request.id}/${action}`, planner)
        expect(response.statusCode, action).toBe(409)
        expect(response.json().error).toMatchObject({
          code: 'invalid_transition',
          message: `cannot ${action} a request that is validated; allowed: cancel`,
          details: { status: 'validated', allowed: ['cancel'] },
        })
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
      expect(submitted.warnings).toEqual([
        {
          code: 'possible_duplicate',
          message: `largely repeats open request ${first.code} for the same place`,
          request: first.id,
          requestCode: first.code,
        },
      ])
      expect(submitted.request.possibleDuplicates).toEqual([first.id])
      const validated = (await post(`/api/requests/${second.id}/validate`, planner)).json()
      expect(validated.warnings).toEqual([])
    })

    it('documents the coded warnings in the OpenAPI document', async () => {
      const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json()
      const text = JSON.stringify(document.paths['/api/requests/{id}/submit'].post.responses['200'])
      for (const word of ['possible_duplicate', 'message', 'requestCode'])
        expect(text).toContain(word)
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

    /** A partner organisation and a caller of it with the given role. */
    const partner = async (code: string) =>
      (
        await createOrganisation(
          node.ctx,
          { kind: 'user', id: 'x', userId: 'x', org: node.ctx.node.org, roles: ['admin'] },
          { code, nameEn: code, nameJa: null, country: 'AU', kind: 'government' },
        )
      ).organisation.id
    const callerOf = async (role: Role, org?: string) => ({
      authorization: (await tokenHeaders(node.ctx, [role], org)).authorization,
    })
    const eventCount = async () => (await node.store.readEvents(0, 1e6)).length
    const submitted = async (overrides: object = {}) => {
      const request = (await post('/api/requests', requester, draft(overrides))).json()
      await post(`/api/requests/${request.id}/submit`, requester)
      return request
    }

    it("refuses a partner's planner the validation, rejection or closing of a request, saying it is the hub's decision, and writes nothing", async () => {
      const otherPlanner = await callerOf('planner', await partner('AU-DFAT'))
      const request = await submitted()
      const before = await eventCount()
      for (const [action, body] of [
        ['validate', {}],
        ['reject', { reason: 'not ours to decide' }],
        ['close', {}],
      ] as const) {
        const response = await post(`/api/requests/${request.id}/${action}`, otherPlanner, body)
        expect(response.statusCode, action).toBe(403)
        expect(response.json().error).toMatchObject({
          code: 'forbidden',
          message: expect.stringMatching(
            /hub's decision: only planners and admins of the organisation that runs this node may/,
          ),
        })
      }
      expect(await eventCount()).toBe(before)
      const still = await app.inject({
        method: 'GET',
        url: `/api/requests/${request.id}`,
        headers: planner,
      })
      expect(still.json().status).toBe('submitted')
      const admin = await callerOf('admin')
      expect((await post(`/api/requests/${request.id}/validate`, admin)).statusCode).toBe(200)
    })

    it('refuses the hub-only decisions to another organisation in the use cases too, not only at the route', async () => {
      const au = await partner('AU-DFAT')
      const request = await submitted()
      const outsider = { kind: 'cli' as const, id: 'test', org: au }
      await expect(actOnRequest(node.ctx, outsider, request.id, 'validate')).rejects.toMatchObject({
        code: 'forbidden',
        message: expect.stringContaining("hub's decision"),
      })
      const hub = { kind: 'cli' as const, id: 'test', org: node.ctx.node.org }
      await actOnRequest(node.ctx, hub, request.id, 'validate')
      await expect(
        actOnCapability(node.ctx, outsider, request.id, request.lines[2].id, 'task', {
          partner: au,
        }),
      ).rejects.toMatchObject({
        code: 'forbidden',
        message: expect.stringContaining("hub's decision"),
      })
    })

    it("lets only the hub's planners and admins task a capability line: not its logisticians, not a partner's planner", async () => {
      const au = await partner('AU-DFAT')
      const request = await submitted()
      await post(`/api/requests/${request.id}/validate`, planner)
      const capability = request.lines[2]
      const task = (headers: Record<string, string>) =>
        post(`/api/requests/${request.id}/lines/${capability.id}/task`, headers, { partner: au })
      const [logistician, partnerPlanner] = [
        await callerOf('logistician'),
        await callerOf('planner', au),
      ]
      const before = await eventCount()
      const byLogistician = await task(logistician)
      expect(byLogistician.statusCode).toBe(403)
      expect(byLogistician.json().error.message).toBe(
        'your role (logistician) may not write capability-task records; admin, planner may',
      )
      const byPartnerPlanner = await task(partnerPlanner)
      expect(byPartnerPlanner.statusCode).toBe(403)
      expect(byPartnerPlanner.json().error.message).toMatch(
        /tasking a capability .* hub's decision/,
      )
      expect(await eventCount()).toBe(before)
      const byAdmin = await task(await callerOf('admin'))
      expect(byAdmin.statusCode).toBe(200)
      expect(byAdmin.json().lines[2]).toMatchObject({ status: 'tasked', taskedTo: au })
    })

    it("lets only the tasked organisation's planners, logisticians and admins answer a tasking", async () => {
      const au = await partner('AU-DFAT')
      const nz = await partner('NZ-MFAT')
      const request = await submitted()
      await post(`/api/requests/${request.id}/validate`, planner)
      const capability = request.lines[2]
      const answer = (action: string, headers: Record<string, string>) =>
        post(`/api/requests/${request.id}/lines/${capability.id}/${action}`, headers)
      // Not tasked yet: nobody may answer, and the refusal says so before it names any state.
      const early = await answer('accept', await callerOf('planner', au))
      expect(early.statusCode).toBe(403)
      expect(early.json().error.message).toContain('tasked to nobody yet')
      await post(`/api/requests/${request.id}/lines/${capability.id}/task`, planner, {
        partner: au,
      })
      const refused = [
        ['a planner of another partner', await callerOf('planner', nz)],
        ["the hub's admin", await callerOf('admin')],
        ["the hub's planner", planner],
        ["the tasked partner's requester", await callerOf('requester', au)],
        ["the tasked partner's viewer", await callerOf('viewer', au)],
      ] as const
      const before = await eventCount()
      for (const [who, headers] of refused) {
        const response = await answer('accept', headers)
        expect(response.statusCode, who).toBe(403)
      }
      expect(await eventCount()).toBe(before)
      expect((await answer('accept', await callerOf('planner', au))).json().lines[2].status).toBe(
        'accepted',
      )
      expect((await answer('start', await callerOf('admin', au))).json().lines[2].status).toBe(
        'in-progress',
      )
      expect(
        (await answer('complete', await callerOf('logistician', au))).json().lines[2].status,
      ).toBe('completed')
    })

    it('refuses to task a line of a cancelled request, or to a partner the request is not shared with', async () => {
      const au = await partner('AU-DFAT')
      const own = await submitted({ share: 'own' })
      await post(`/api/requests/${own.id}/validate`, planner)
      const unshared = await post(
        `/api/requests/${own.id}/lines/${own.lines[2].id}/task`,
        planner,
        { partner: au },
      )
      expect(unshared.statusCode).toBe(400)
      expect(unshared.json().error.details).toEqual([
        { field: 'partner', message: 'the request is not shared with this organisation' },
      ])
      const request = await submitted()
      await post(`/api/requests/${request.id}/validate`, planner)
      await post(`/api/requests/${request.id}/cancel`, requester)
      const before = await eventCount()
      const late = await post(
        `/api/requests/${request.id}/lines/${request.lines[2].id}/task`,
        planner,
        { partner: au },
      )
      expect(late.statusCode).toBe(409)
      expect(late.json().error).toMatchObject({
        code: 'invalid_transition',
        details: { status: 'validated', requestStatus: 'cancelled', allowed: [] },
      })
      const unknown = await post(`/api/requests/${own.id}/lines/${own.lines[2].id}/task`, planner, {
        partner: uuidv7(),
      })
      expect(unknown.statusCode).toBe(422)
      expect(unknown.json().error.details).toEqual([
        { field: 'partner', message: 'unknown organisation' },
      ])
      expect(await eventCount()).toBe(before)
    })

    it('finds requests on the board by part of their tracking code, in any case, with or without the dash, paged', async () => {
      const codes = ['RQ-KXM2P7AB', 'RQ-KXM2Q9CD', 'RQ-ZZZ33333']
      const ids: string[] = []
      for (const code of codes) {
        const created = (await post('/api/requests', requester, draft())).json()
        await node.store.transact(async (tx) => {
          const stored = await tx.getRequest(created.id, null)
          if (!stored) throw new Error('request not stored')
          await tx.updateRequest({ ...stored, code }, stored.version)
        })
        ids.push(created.id)
      }
      const board = async (query: string) =>
        (
          await app.inject({
            method: 'GET',
            url: `/api/requests?sort=createdAt&${query}`,
            headers: planner,
          })
        ).json()
      const found = async (q: string) =>
        (await board(`q=${encodeURIComponent(q)}`)).requests.map((r: { code: string }) => r.code)
      expect(await found('kxm2')).toEqual(codes.slice(0, 2))
      expect(await found('rq-kxm2p')).toEqual([codes[0]])
      expect(await found('RQKXM2Q9')).toEqual([codes[1]])
      expect(await found('2q9c')).toEqual([codes[1]])
      expect(await found('ｋｘｍ２')).toEqual(codes.slice(0, 2))
      expect(await found('RQ-ZZZ33333')).toEqual([codes[2]])
      expect(await found('zz')).toEqual([])
      expect(await found('RQ-')).toEqual([])
      expect(await found('%')).toEqual([])
      // The destination's name is still searched, in the same query.
      expect(await found('test hub')).toEqual(codes)
      const first = await board('q=kxm&limit=1&offset=0')
      const second = await board('q=kxm&limit=1&offset=1')
      expect([first.total, second.total]).toEqual([2, 2])
      expect([...first.requests, ...second.requests].map((r: { id: string }) => r.id)).toEqual(
        ids.slice(0, 2),
      )
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
