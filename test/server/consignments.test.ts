/**
 * Consignments through the API on both databases: creating reserves (available drops, posted does
 * not), dispatch posts, cancel releases, a receipt with a shortfall leaves destination stock and a
 * loss with transit at zero and the request's counters right; refusals name the field and write nothing.
 */
import { v7 as uuidv7 } from 'uuid'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { assetTypesFromFile, createAsset } from '../../src/app/assets.js'
import { createItem } from '../../src/app/items.js'
import { createPlace } from '../../src/app/places.js'
import { actOnRequest, createRequest } from '../../src/app/requests.js'
import { buildApp } from '../../src/server/build-app.js'
import { bundledAssetTypesPath } from '../../src/server/routes/transport.js'
import { tokenHeaders } from '../support/callers.js'
import { itemDraft, placeDraft } from '../support/fixtures.js'
import { dialects, openTestNode, type TestNode } from '../support/stores.js'

const SIGNATURE =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`consignments API on ${dialect.name}`, () => {
    let node: TestNode
    let app: Awaited<ReturnType<typeof buildApp>>
    let headers: { authorization: string }
    let hub: string
    let shelter: string
    let water: string
    let owner: string
    const actor = () => ({ kind: 'cli' as const, id: 'test', org: node.ctx.node.org })

    beforeEach(async () => {
      node = await openTestNode(dialect.name)
      app = await buildApp({ ctx: node.ctx })
      headers = { authorization: (await tokenHeaders(node.ctx, ['logistician'])).authorization }
      hub = (await createPlace(node.ctx, actor(), placeDraft({ code: 'HUB:A' }))).place.id
      shelter = (
        await createPlace(
          node.ctx,
          actor(),
          placeDraft({ code: 'WH:B', type: 'warehouse', lat: 36.6 }),
        )
      ).place.id
      water = (await createItem(node.ctx, actor(), itemDraft())).item.id
      owner = node.ctx.node.org
      for (const [lot, expiresOn, quantity] of [
        ['L1', '2030-01-01', 100],
        ['L0', '2029-01-01', 50],
      ] as const) {
        const r = await post('/api/stock/receive', {
          id: uuidv7(),
          place: hub,
          item: water,
          owner,
          quantity,
          lot,
          expiresOn,
          source: 'JRC',
        })
        expect(r.statusCode).toBe(201)
      }
    })
    afterEach(async () => {
      await app.close()
      await node.close()
    })

    const post = (url: string, payload: object = {}) =>
      app.inject({ method: 'POST', url, headers, payload })
    const events = async () => (await node.store.readEvents(0, 1e6)).length
    /** Posted and available by account kind and place, summed over lots. */
    const balance = async (kind: 'stock' | 'transit' | 'loss', place: string) => {
      const rows = (
        await node.ctx.store.listBalances({ kind, place, item: water, limit: 100, offset: 0 }, null)
      ).rows
      return {
        posted: rows.reduce((s, r) => s + r.account.posted, 0),
        available: rows.reduce((s, r) => s + r.account.posted - r.account.pendingOut, 0),
      }
    }
    const create = (extra: object = {}, lines?: object[]) =>
      post('/api/consignments', {
        origin: hub,
        destination: shelter,
        lines: lines ?? [{ item: water, owner, quantity: 70 }],
        ...extra,
      })

    it('lists consignments sorted on the server by status, dispatch time and creation, and searched by place', async () => {
      const other = (
        await createPlace(
          node.ctx,
          actor(),
          placeDraft({
            code: 'DP:WAJIMA',
            nameEn: 'Wajima distribution point',
            type: 'distribution-point',
            lat: 37.39,
          }),
        )
      ).place.id
      const ids: string[] = []
      for (const destination of [shelter, other, shelter]) {
        node.clock.set(`2026-01-0${ids.length + 2}T00:00:00.000Z`)
        const created = await create({ destination }, [{ item: water, owner, quantity: 10 }])
        expect(created.statusCode).toBe(201)
        ids.push(created.json().id)
      }
      node.clock.set('2026-01-09T00:00:00.000Z')
      expect((await post(`/api/consignments/${ids[2]}/dispatch`)).statusCode).toBe(200)
      node.clock.set('2026-01-10T00:00:00.000Z')
      expect((await post(`/api/consignments/${ids[0]}/dispatch`)).statusCode).toBe(200)
      const list = async (query: string) => {
        const reply = await app.inject({
          method: 'GET',
          url: `/api/consignments?${query}`,
          headers,
        })
        expect(reply.statusCode).toBe(200)
        return (reply.json() as { consignments: { id: string }[]; total: number }).consignments.map(
          (c) => ids.indexOf(c.id),
        )
      }
      expect(await list('')).toEqual([2, 1, 0])
      expect(await list('sort=createdAt')).toEqual([0, 1, 2])
      // Not dispatched sorts last both ways.
      expect(await list('sort=dispatchedAt')).toEqual([2, 0, 1])
      expect(await list('sort=-dispatchedAt')).toEqual([0, 2, 1])
      // In the order of a consignment's life: planned before dispatched; ties newest first.
      expect(await list('sort=status')).toEqual([1, 2, 0])
      expect(await list('sort=-status')).toEqual([2, 0, 1])
      expect(await list('q=wajima')).toEqual([1])
      expect(await list('q=HUB%3AA&sort=createdAt&limit=2&offset=1')).toEqual([1, 2])
      const bad = await app.inject({ method: 'GET', url: '/api/consignments?sort=weight', headers })
      expect(bad.statusCode).toBe(400)
      expect(bad.json().error.details[0].field).toBe('querystring.sort')
      expect(bad.json().error.message).toContain('dispatchedAt')
    })

    it('reserves on create (available drops, posted unchanged), FEFO over lots, and a retry finds the same', async () => {
      const id = uuidv7()
      const created = await create({ id })
      expect(created.statusCode).toBe(201)
      const body = created.json()
      expect(body.status).toBe('planned')
      expect(
        body.lines[0].picks.map((p: { lot: string; quantity: number }) => [p.lot, p.quantity]),
      ).toEqual([
        ['L0', 50],
        ['L1', 20],
      ])
      expect(await balance('stock', hub)).toEqual({ posted: 150, available: 80 })
      const before = await events()
      const again = await create({ id })
      expect(again.statusCode).toBe(200)
      expect(await events()).toBe(before)
      expect(await balance('stock', hub)).toEqual({ posted: 150, available: 80 })
      // The same id with another lot is another consignment: refused, nothing written.
      const changed = await create({ id }, [{ item: water, owner, quantity: 70, lot: 'L1' }])
      expect(changed.statusCode).toBe(409)
      expect(changed.json().error.code).toBe('exists_with_different_fields')
      expect(await events()).toBe(before)
      const listed = await app.inject({
        method: 'GET',
        url: `/api/consignments?status=planned&origin=${hub}`,
        headers,
      })
      expect(listed.json().total).toBe(1)
    })

    it('dispatch posts the reservation; cancel afterwards is refused naming what is allowed', async () => {
      const id = (await create()).json().id
      const dispatched = await post(`/api/consignments/${id}/dispatch`)
      expect(dispatched.statusCode).toBe(200)
      expect(dispatched.json().status).toBe('dispatched')
      expect(await balance('stock', hub)).toEqual({ posted: 80, available: 80 })
      const cancel = await post(`/api/consignments/${id}/cancel`)
      expect(cancel.statusCode).toBe(409)
      expect(cancel.json().error.details.allowed).toEqual(['arrive', 'receive'])
      // A retried dispatch answers with the consignment and writes nothing.
      const before = await events()
      expect((await post(`/api/consignments/${id}/dispatch`)).statusCode).toBe(200)
      expect(await events()).toBe(before)
    })

    it('cancel before dispatch releases the reservation', async () => {
      const id = (await create()).json().id
      expect((await post(`/api/consignments/${id}/load`)).json().status).toBe('loading')
      expect((await post(`/api/consignments/${id}/cancel`)).json().status).toBe('cancelled')
      expect(await balance('stock', hub)).toEqual({ posted: 150, available: 150 })
    })

    it('a receipt with a shortfall leaves destination stock and a loss, transit zero, and the request counted', async () => {
      const request = await createRequest(node.ctx, actor(), {
        destination: shelter,
        neededBy: '2030-01-01T00:00:00Z',
        lines: [{ kind: 'item', item: water, quantity: 80, priority: 'life-saving' }],
      })
      const requestId = request.request.id
      await actOnRequest(node.ctx, actor(), requestId, 'submit')
      await actOnRequest(node.ctx, actor(), requestId, 'validate')
      const requestLine = request.request.lines[0]?.id
      const created = await create({}, [
        { item: water, owner, quantity: 70, request: requestId, requestLine },
      ])
      expect(created.statusCode).toBe(201)
      const consignment = created.json()
      expect((await post(`/api/consignments/${consignment.id}/dispatch`)).statusCode).toBe(200)
      expect(await balance('transit', consignment.id)).toEqual({ posted: 70, available: 70 })
      expect((await post(`/api/consignments/${consignment.id}/arrive`)).statusCode).toBe(200)
      const received = await post(`/api/consignments/${consignment.id}/receive`, {
        lines: [{ line: consignment.lines[0].id, quantityReceived: 65, reason: 'damaged' }],
        proof: { receivedBy: 'Sato Hanako', lat: 36.6, lon: 136.6, signature: SIGNATURE },
      })
      expect(received.statusCode).toBe(200)
      expect(received.json()).toMatchObject({ status: 'received' })
      expect(received.json().lines[0]).toMatchObject({
        quantityReceived: 65,
        discrepancyReason: 'damaged',
      })
      expect(await balance('transit', consignment.id)).toEqual({ posted: 0, available: 0 })
      expect((await balance('stock', shelter)).posted).toBe(65)
      expect((await balance('loss', shelter)).posted).toBe(5)
      expect((await balance('stock', hub)).posted).toBe(80)
      const line = (await node.ctx.store.getRequest(requestId, null))?.lines[0]
      expect(line).toMatchObject({
        quantityPlanned: 70,
        quantityDispatched: 70,
        quantityDelivered: 65,
      })
      // The name and signature stay out of the event log, which keeps their hash.
      const log = JSON.stringify(await node.store.readEvents(0, 1e6))
      expect(log).not.toContain('Sato Hanako')
      expect(log).toContain(received.json().proof.proofHash)
      const proof = await app.inject({
        method: 'GET',
        url: `/api/consignments/${consignment.id}/proof`,
        headers,
      })
      expect(proof.json()).toMatchObject({ receivedBy: 'Sato Hanako', signature: SIGNATURE })
    })

    it('refuses bad input with the field named and writes nothing', async () => {
      const before = await events()
      const tooMuch = await create({}, [{ item: water, owner, quantity: 151 }])
      expect(tooMuch.statusCode).toBe(422)
      expect(tooMuch.json().error.message).toMatch(/^lines\[0\]\.quantity: only 150 available/)
      const noItem = await create({}, [{ item: uuidv7(), owner, quantity: 1 }])
      expect(noItem.statusCode).toBe(422)
      expect(noItem.json().error.message).toMatch(/^lines\[0\]\.item/)
      const badShape = await create({}, [{ item: water, owner, quantity: -1 }])
      expect(badShape.statusCode).toBe(400)
      expect(badShape.json().error.message).toMatch(/lines\.0\.quantity/)
      expect(await events()).toBe(before)
      expect(await balance('stock', hub)).toEqual({ posted: 150, available: 150 })
    })

    it('refuses a load over the asset payload, naming the excess', async () => {
      const types = await assetTypesFromFile(bundledAssetTypesPath)()
      const truck = await createAsset(
        node.ctx,
        actor(),
        { type: 'TRUCK-4T', name: 'T1', base: hub },
        types,
      )
      await post('/api/stock/receive', {
        id: uuidv7(),
        place: hub,
        item: water,
        owner,
        quantity: 5000,
        lot: 'BIG',
        source: 'JRC',
      })
      const before = await events()
      const over = await create({ asset: truck.asset.id }, [{ item: water, owner, quantity: 5000 }])
      expect(over.statusCode).toBe(422)
      expect(over.json().error.code).toBe('load_exceeds_asset')
      expect(over.json().error.message).toMatch(/kg over the payload/)
      expect(await events()).toBe(before)
    })

    it('refuses receiving a line that was not sent, and a shortfall without a reason', async () => {
      const consignment = (await create()).json()
      await post(`/api/consignments/${consignment.id}/dispatch`)
      const before = await events()
      const stranger = await post(`/api/consignments/${consignment.id}/receive`, {
        lines: [{ line: uuidv7(), quantityReceived: 70 }],
        proof: { receivedBy: 'X' },
      })
      expect(stranger.statusCode).toBe(400)
      expect(stranger.json().error.message).toMatch(/^lines\[0\]\.line/)
      const noReason = await post(`/api/consignments/${consignment.id}/receive`, {
        lines: [{ line: consignment.lines[0].id, quantityReceived: 60 }],
        proof: { receivedBy: 'X' },
      })
      expect(noReason.statusCode).toBe(400)
      expect(noReason.json().error.message).toMatch(/^lines\[0\]\.reason/)
      const badSignature = await post(`/api/consignments/${consignment.id}/receive`, {
        lines: [{ line: consignment.lines[0].id, quantityReceived: 70 }],
        proof: { receivedBy: 'X', signature: 'data:text/plain,hello' },
      })
      expect(badSignature.statusCode).toBe(400)
      expect(badSignature.json().error.message).toMatch(/proof\.signature/)
      const huge = await post(`/api/consignments/${consignment.id}/receive`, {
        lines: [{ line: consignment.lines[0].id, quantityReceived: 70 }],
        proof: { receivedBy: 'X', signature: `data:image/png;base64,${'A'.repeat(5_000_000)}` },
      })
      expect(huge.statusCode).toBe(413)
      expect(await events()).toBe(before)
      expect(await balance('transit', consignment.id)).toEqual({ posted: 70, available: 70 })
    })
  })
}
