/**
 * The stock ledger through the HTTP API on both databases: movements, balances, stock cards, two-phase
 * transfers, refusals that write nothing, and concurrent requests that together would overdraw.
 */

import { v7 as uuidv7 } from 'uuid'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createItem } from '../../src/app/items.js'
import { createPlace } from '../../src/app/places.js'
import { verifyChain } from '../../src/app/verify-chain.js'
import { buildApp } from '../../src/server/build-app.js'
import { tokenHeaders } from '../support/callers.js'
import { itemDraft, placeDraft } from '../support/fixtures.js'
import { dialects, openTestNode, type TestNode } from '../support/stores.js'

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`stock ledger API on ${dialect.name}`, () => {
    let node: TestNode
    let app: Awaited<ReturnType<typeof buildApp>>
    let headers: { authorization: string }
    let hub: string
    let warehouse: string
    let water: string
    let owner: string
    beforeEach(async () => {
      node = await openTestNode(dialect.name)
      app = await buildApp({ ctx: node.ctx })
      headers = { authorization: (await tokenHeaders(node.ctx, ['logistician'])).authorization }
      const actor = { kind: 'cli' as const, id: 'test', org: node.ctx.node.org }
      hub = (await createPlace(node.ctx, actor, placeDraft({ code: 'HUB:A' }))).place.id
      warehouse = (
        await createPlace(node.ctx, actor, placeDraft({ code: 'WH:B', type: 'warehouse' }))
      ).place.id
      water = (await createItem(node.ctx, actor, itemDraft())).item.id
      owner = node.ctx.node.org
    })
    afterEach(async () => {
      await app.close()
      await node.close()
    })

    const post = (url: string, payload: object) =>
      app.inject({ method: 'POST', url, headers, payload })
    const balances = async (place: string) =>
      (await app.inject({ method: 'GET', url: `/api/stock?place=${place}`, headers })).json()
    const receive = (quantity: number, extra: object = {}) =>
      post('/api/stock/receive', {
        id: uuidv7(),
        place: hub,
        item: water,
        owner,
        quantity,
        source: 'Japanese Red Cross',
        document: 'DN-1',
        ...extra,
      })

    /** A logistician of another partner, AU-DFAT, which runs no place of this node. */
    const outsiderLogistician = async () => {
      const other = await app.inject({
        method: 'POST',
        url: '/api/organisations',
        headers: { authorization: (await tokenHeaders(node.ctx, ['admin'])).authorization },
        payload: { code: 'AU-DFAT', nameEn: 'Australia DFAT', kind: 'government' },
      })
      return tokenHeaders(node.ctx, ['logistician'], other.json().id)
    }

    it('receives, moves first-expiry-first-out, issues and shows the balances with weight and volume', async () => {
      expect((await receive(100, { lot: 'L1', expiresOn: '2030-01-01' })).statusCode).toBe(201)
      expect((await receive(50, { lot: 'L0', expiresOn: '2029-01-01' })).statusCode).toBe(201)
      const moved = await post('/api/stock/move', {
        id: uuidv7(),
        place: hub,
        to: warehouse,
        item: water,
        owner,
        quantity: 70,
      })
      expect(moved.statusCode).toBe(201)
      expect(moved.json().transfers.map((t: { quantity: number }) => t.quantity)).toEqual([50, 20])
      const atHub = await balances(hub)
      expect(atHub.balances.map((b: { lot: string; posted: number }) => [b.lot, b.posted])).toEqual(
        [['L1', 80]],
      )
      expect(atHub.totals).toEqual([
        { category: 'wash', quantity: 80, available: 80, weightKg: 168, volumeM3: 0.176 },
      ])
      expect(
        (
          await post('/api/stock/issue', {
            id: uuidv7(),
            place: warehouse,
            item: water,
            owner,
            quantity: 30,
          })
        ).statusCode,
      ).toBe(201)
      const atWarehouse = await balances(warehouse)
      expect(
        atWarehouse.balances.map((b: { lot: string; posted: number }) => [b.lot, b.posted]),
      ).toEqual([
        ['L0', 20],
        ['L1', 20],
      ])
    })

    it('sorts balances on the server by any column both ways, with a stable tiebreak, and pages them', async () => {
      await receive(30, { lot: 'B', expiresOn: '2031-01-01' })
      await receive(10, { lot: 'A', expiresOn: '2032-01-01' })
      await receive(20, { lot: 'C' })
      await post('/api/stock/move', {
        id: uuidv7(),
        place: hub,
        to: warehouse,
        item: water,
        owner,
        quantity: 5,
        lot: 'C',
      })
      const list = async (query: string) => {
        const reply = await app.inject({ method: 'GET', url: `/api/stock?${query}`, headers })
        expect(reply.statusCode).toBe(200)
        return reply.json() as {
          balances: { lot: string; posted: number; place: { code: string } }[]
          total: number
        }
      }
      const rows = (page: Awaited<ReturnType<typeof list>>) =>
        page.balances.map((b) => `${b.place.code}/${b.lot}/${b.posted}`)
      expect(rows(await list(`place=${hub}&sort=posted`))).toEqual([
        'HUB:A/A/10',
        'HUB:A/C/15',
        'HUB:A/B/30',
      ])
      expect(rows(await list(`place=${hub}&sort=-posted`))).toEqual([
        'HUB:A/B/30',
        'HUB:A/C/15',
        'HUB:A/A/10',
      ])
      expect(rows(await list(`place=${hub}&sort=-lot`))).toEqual([
        'HUB:A/C/15',
        'HUB:A/B/30',
        'HUB:A/A/10',
      ])
      // No expiry sorts last both ways, on SQLite and PostgreSQL alike.
      expect(rows(await list(`place=${hub}&sort=expiresOn`))).toEqual([
        'HUB:A/B/30',
        'HUB:A/A/10',
        'HUB:A/C/15',
      ])
      expect(rows(await list(`place=${hub}&sort=-expiresOn`))).toEqual([
        'HUB:A/A/10',
        'HUB:A/B/30',
        'HUB:A/C/15',
      ])
      // Ties (the same place) fall back to place, item, owner and lot.
      expect(rows(await list('sort=-place'))).toEqual([
        'WH:B/C/5',
        'HUB:A/A/10',
        'HUB:A/B/30',
        'HUB:A/C/15',
      ])
      const first = await list('sort=available&limit=2')
      const second = await list('sort=available&limit=2&offset=2')
      expect(first.total).toBe(4)
      expect([...rows(first), ...rows(second)]).toEqual([
        'WH:B/C/5',
        'HUB:A/A/10',
        'HUB:A/C/15',
        'HUB:A/B/30',
      ])
      // As of a time, posted then is what sorts.
      const later = new Date(Date.parse(node.clock.now().toISOString()) + 1000).toISOString()
      expect(rows(await list(`place=${hub}&sort=-available&asOf=${later}`))).toEqual([
        'HUB:A/B/30',
        'HUB:A/C/15',
        'HUB:A/A/10',
      ])
    })

    it('refuses an unknown sort column with 400 naming the parameter and the accepted values', async () => {
      const reply = await app.inject({ method: 'GET', url: '/api/stock?sort=colour', headers })
      expect(reply.statusCode).toBe(400)
      const { error } = reply.json()
      expect(error.code).toBe('invalid_request')
      expect(error.details[0].field).toBe('querystring.sort')
      expect(error.message).toContain('querystring.sort')
      expect(error.message).toContain('-expiresOn')
      // The OpenAPI document lists the same values.
      const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json()
      const sort = doc.paths['/api/stock'].get.parameters.find(
        (p: { name: string }) => p.name === 'sort',
      )
      expect(sort.schema.enum).toEqual(expect.arrayContaining(['place', '-available', 'expiresOn']))
      // The transfers' access rule, reservations included, is written where API users read.
      expect(doc.paths['/api/transfers'].post.description).toMatch(
        /post or void resolves a reservation/,
      )
    })

    it('answers a retried movement with the original and writes nothing more', async () => {
      const id = uuidv7()
      const first = await receive(10, { id })
      const again = await receive(10, { id })
      expect(again.statusCode).toBe(200)
      expect(again.json().transfers).toEqual(first.json().transfers)
      const different = await receive(11, { id })
      expect(different.statusCode).toBe(422)
      expect(different.json().error.message).toMatch(/different fields/)
      expect((await balances(hub)).balances[0].posted).toBe(10)
    })

    it('refuses to overdraw, names the transfer, and writes nothing', async () => {
      await receive(5)
      const before = (await node.store.readEvents(0, 1e6)).length
      const response = await post('/api/stock/issue', {
        id: uuidv7(),
        place: hub,
        item: water,
        owner,
        quantity: 6,
        lot: '',
      })
      expect(response.statusCode).toBe(422)
      expect(response.json().error).toMatchObject({
        code: 'transfer_refused',
        details: { index: 0, result: 'exceeds_available' },
      })
      expect((await node.store.readEvents(0, 1e6)).length).toBe(before)
    })

    it('refuses bad quantities and unknown references with 4xx naming the field', async () => {
      for (const quantity of [0, -3, 1.5]) {
        const response = await receive(quantity)
        expect(response.statusCode).toBe(400)
        expect(response.json().error.details[0].field).toBe('body.quantity')
      }
      const unknownItem = await post('/api/stock/receive', {
        id: uuidv7(),
        place: hub,
        item: uuidv7(),
        owner,
        quantity: 1,
        source: 'x',
      })
      expect(unknownItem.statusCode).toBe(422)
      expect(unknownItem.json().error.message).toMatch(/^item: no item/)
      const unknownPending = await post('/api/transfers', {
        transfers: [{ id: uuidv7(), mode: 'post', pendingId: uuidv7(), reason: 'dispatch' }],
      })
      expect(unknownPending.statusCode).toBe(422)
      expect(unknownPending.json().error.details).toMatchObject({
        index: 0,
        result: 'pending_not_found',
      })
    })

    it('reserves by a pending transfer, posts part of it, and refuses to post it twice', async () => {
      await receive(40)
      const stockRef = { kind: 'stock', where: hub, item: water, owner }
      const transit = { kind: 'transit', where: 'CONSIGNMENT-1', item: water, owner }
      const pendingId = uuidv7()
      expect(
        (
          await post('/api/transfers', {
            transfers: [
              {
                id: pendingId,
                mode: 'pending',
                from: stockRef,
                to: transit,
                quantity: 30,
                reason: 'reserve',
              },
            ],
          })
        ).statusCode,
      ).toBe(201)
      const reserved = (await balances(hub)).balances[0]
      expect(reserved).toMatchObject({ posted: 40, pendingOut: 30, available: 10 })
      const overdraw = await receive(0)
      expect(overdraw.statusCode).toBe(400)
      const posted = await post('/api/transfers', {
        transfers: [{ id: uuidv7(), mode: 'post', pendingId, quantity: 25, reason: 'dispatch' }],
      })
      expect(posted.statusCode).toBe(201)
      expect((await balances(hub)).balances[0]).toMatchObject({
        posted: 15,
        pendingOut: 0,
        available: 15,
      })
      const twice = await post('/api/transfers', {
        transfers: [{ id: uuidv7(), mode: 'void', pendingId, reason: 'cancel' }],
      })
      expect(twice.json().error.details).toMatchObject({ result: 'pending_already_posted' })
    })

    it('commits exactly the concurrent requests that fit, never overdrawing', async () => {
      await receive(100)
      const attempts = Array.from({ length: 40 }, () =>
        post('/api/stock/issue', {
          id: uuidv7(),
          place: hub,
          item: water,
          owner,
          quantity: 7,
          lot: '',
        }),
      )
      const results = await Promise.all(attempts)
      const ok = results.filter((r) => r.statusCode === 201).length
      expect(ok).toBe(14)
      expect(results.filter((r) => r.statusCode === 422)).toHaveLength(26)
      expect((await balances(hub)).balances[0]).toMatchObject({ posted: 2, available: 2 })
      expect(await node.store.findBalanceMismatches()).toEqual([])
      expect((await verifyChain(node.store, node.ctx.node.id, node.key)).ok).toBe(true)
    })

    it('shows a stock card with the running balance, and balances as they stood at a time', async () => {
      node.clock.set('2026-01-02T00:00:00.000Z')
      await receive(10)
      node.clock.set('2026-01-03T00:00:00.000Z')
      await post('/api/stock/issue', {
        id: uuidv7(),
        place: hub,
        item: water,
        owner,
        quantity: 4,
        lot: '',
      })
      const account = (await balances(hub)).balances[0]
      const card = (
        await app.inject({
          method: 'GET',
          url: `/api/stock/accounts/${account.accountId}/card`,
          headers,
        })
      ).json()
      expect(
        card.lines.map((l: { change: number; postedAfter: number }) => [l.change, l.postedAfter]),
      ).toEqual([
        [10, 10],
        [-4, 6],
      ])
      const then = (
        await app.inject({
          method: 'GET',
          url: `/api/stock?place=${hub}&asOf=2026-01-02T12:00:00.000Z`,
          headers,
        })
      ).json()
      expect(then.balances[0].posted).toBe(10)
    })

    it('assembles kits from components and breaks them down again', async () => {
      const actor = { kind: 'cli' as const, id: 'test', org: node.ctx.node.org }
      const soap = (
        await createItem(node.ctx, actor, itemDraft({ code: 'KZ-SOAP', category: 'wash' }))
      ).item.id
      const kit = (
        await createItem(
          node.ctx,
          actor,
          itemDraft({
            code: 'KZ-KIT',
            unit: 'kit',
            components: [
              { code: 'KZ-SOAP', quantity: 2 },
              { code: 'KZ-TEST-001', quantity: 1 },
            ],
          }),
        )
      ).item.id
      await post('/api/stock/receive', {
        id: uuidv7(),
        place: hub,
        item: soap,
        owner,
        quantity: 10,
        source: 'x',
      })
      await receive(10)
      expect(
        (
          await post('/api/stock/kits/assemble', {
            id: uuidv7(),
            place: hub,
            item: kit,
            owner,
            quantity: 4,
          })
        ).statusCode,
      ).toBe(201)
      const after = (await balances(hub)).balances.map(
        (b: { item: { code: string }; posted: number }) => [b.item.code, b.posted],
      )
      expect(after).toEqual(
        expect.arrayContaining([
          ['KZ-KIT', 4],
          ['KZ-SOAP', 2],
          ['KZ-TEST-001', 6],
        ]),
      )
      const tooMany = await post('/api/stock/kits/assemble', {
        id: uuidv7(),
        place: hub,
        item: kit,
        owner,
        quantity: 2,
      })
      expect(tooMany.statusCode).toBe(422)
      expect(
        (
          await post('/api/stock/kits/break-down', {
            id: uuidv7(),
            place: hub,
            item: kit,
            owner,
            quantity: 1,
          })
        ).statusCode,
      ).toBe(201)
      expect(await node.store.findBalanceMismatches()).toEqual([])
    })

    it('lets only the organisation that runs a place move stock there', async () => {
      const partner = (
        await tokenHeaders(
          node.ctx,
          ['logistician'],
          (
            await node.store.listOrganisations(null)
          )[0]!.id,
        )
      ).authorization
      void partner
      const outsider = await outsiderLogistician()
      const response = await app.inject({
        method: 'POST',
        url: '/api/stock/receive',
        headers: { authorization: outsider.authorization },
        payload: { id: uuidv7(), place: hub, item: water, owner, quantity: 1, source: 'x' },
      })
      expect(response.statusCode).toBe(403)
    })

    it('checks the places, items and owners generic transfers name, and who may resolve a reservation, writing nothing when refused', async () => {
      await receive(40)
      const outsider = await outsiderLogistician()
      const actor = { kind: 'cli' as const, id: 'test', org: node.ctx.node.org }
      const ownOnly = (
        await createPlace(node.ctx, actor, placeDraft({ code: 'HUB:OWN', share: 'own' }))
      ).place.id
      const at = (where: string) => ({ kind: 'stock', where, item: water, owner })
      const issued = { kind: 'issued', where: hub, item: water, owner }
      const single = (from: object, to: object, quantity = 1) => ({
        id: uuidv7(),
        mode: 'single',
        from,
        to,
        quantity,
        reason: 'test',
      })
      const send = (authorization: string, transfers: object[]) =>
        app.inject({
          method: 'POST',
          url: '/api/transfers',
          headers: { authorization },
          payload: { transfers },
        })
      const before = (await node.store.readEvents(0, 1e6)).length

      const noPlace = await send(headers.authorization, [single(at(hub), at(uuidv7()))])
      expect(noPlace.statusCode).toBe(422)
      expect(noPlace.json().error).toMatchObject({
        code: 'unknown_reference',
        details: [{ field: 'transfers[0].to.where', message: 'unknown place' }],
      })
      const noOwner = await send(headers.authorization, [
        single(at(hub), { ...issued, owner: uuidv7() }),
      ])
      expect(noOwner.json().error.details).toEqual([
        { field: 'transfers[0].to.owner', message: 'unknown organisation' },
      ])
      // The reference is refused before the overdraft in the same batch.
      const both = await send(headers.authorization, [
        single(at(hub), issued, 1000),
        single(at(hub), at(uuidv7())),
      ])
      expect(both.json().error).toMatchObject({
        code: 'unknown_reference',
        details: [{ field: 'transfers[1].to.where' }],
      })
      const notTheirs = await send(outsider.authorization, [single(at(hub), issued)])
      expect(notTheirs.statusCode).toBe(403)
      expect(notTheirs.json().error.message).toMatch(
        /^transfers\[0\]\.from\.where: stock at HUB:A /,
      )
      // A place not shared with the outsider is as unknown to it as one that does not exist.
      const hidden = await send(outsider.authorization, [single(at(ownOnly), issued)])
      expect(hidden.statusCode).toBe(422)
      expect(hidden.json().error.details).toEqual([
        { field: 'transfers[0].from.where', message: 'unknown place' },
      ])

      // A reservation at the hub is posted or voided only by the organisation that runs it.
      const pendingId = uuidv7()
      const reserve = await send(headers.authorization, [
        { ...single(at(hub), issued, 4), id: pendingId, mode: 'pending' },
      ])
      expect(reserve.statusCode).toBe(201)
      const afterReserve = (await node.store.readEvents(0, 1e6)).length
      expect(afterReserve).toBe(before + 1)
      for (const mode of ['post', 'void']) {
        const resolve = await send(outsider.authorization, [
          { id: uuidv7(), mode, pendingId, reason: 'test' },
        ])
        expect(resolve.statusCode).toBe(403)
        expect(resolve.json().error.message).toMatch(/^transfers\[0\]\.pendingId: stock at HUB:A /)
      }
      expect((await node.store.readEvents(0, 1e6)).length).toBe(afterReserve)
      expect((await balances(hub)).balances[0]).toMatchObject({ posted: 40, pendingOut: 4 })
      const posted = await send(headers.authorization, [
        { id: uuidv7(), mode: 'post', pendingId, reason: 'test' },
      ])
      expect(posted.statusCode).toBe(201)
      expect((await balances(hub)).balances[0]).toMatchObject({ posted: 36, pendingOut: 0 })
    })

    it("holds a partner's stock to its owner's allocation rule: none for now, then only named partners", async () => {
      const admin = (await tokenHeaders(node.ctx, ['admin'])).authorization
      const au = (
        await app.inject({
          method: 'POST',
          url: '/api/organisations',
          headers: { authorization: admin },
          payload: { code: 'AU-DFAT', nameEn: 'Australia DFAT', kind: 'government' },
        })
      ).json().id
      const auLogistician = (await tokenHeaders(node.ctx, ['logistician'], au)).authorization
      expect(
        (
          await post('/api/stock/receive', {
            id: uuidv7(),
            place: hub,
            item: water,
            owner: au,
            quantity: 50,
            source: 'Australian Government',
          })
        ).statusCode,
      ).toBe(201)
      const rule = (allowed: unknown) =>
        app.inject({
          method: 'PUT',
          url: '/api/allocation-rules',
          headers: { authorization: auLogistician },
          payload: { item: water, allowed, note: 'held for Tonga' },
        })
      const first = await rule('none')
      expect(first.statusCode, first.body).toBe(200)
      const refused = await post('/api/stock/issue', {
        id: uuidv7(),
        place: hub,
        item: water,
        owner: au,
        quantity: 5,
        lot: '',
      })
      expect(refused.statusCode).toBe(403)
      expect(refused.json().error).toMatchObject({
        code: 'not_allowed_by_owner',
        message: expect.stringMatching(/held for Tonga/),
      })
      expect((await rule([node.ctx.node.org])).json()).toMatchObject({ org: au, version: 2 })
      expect(
        (
          await post('/api/stock/issue', {
            id: uuidv7(),
            place: hub,
            item: water,
            owner: au,
            quantity: 5,
            lot: '',
          })
        ).statusCode,
      ).toBe(201)
      const listed = (
        await app.inject({ method: 'GET', url: '/api/allocation-rules', headers })
      ).json()
      expect(listed.rules).toEqual([
        expect.objectContaining({
          org: au,
          item: water,
          place: null,
          allowed: [node.ctx.node.org],
        }),
      ])
    })

    it('releases a reservation when its timeout passes, and then refuses to post it', async () => {
      await receive(10)
      const pendingId = uuidv7()
      const stockRef = { kind: 'stock', where: hub, item: water, owner }
      const transit = { kind: 'transit', where: 'CONSIGNMENT-T', item: water, owner }
      await post('/api/transfers', {
        transfers: [
          {
            id: pendingId,
            mode: 'pending',
            from: stockRef,
            to: transit,
            quantity: 8,
            reason: 'reserve',
            timeoutAt: '2026-01-02T04:00:00.000Z',
          },
        ],
      })
      expect((await balances(hub)).balances[0]).toMatchObject({ available: 2 })
      node.clock.set('2026-01-02T04:00:01.000Z')
      const { expirePendingTransfers } = await import('../../src/app/stock.js')
      const { LedgerWriter } = await import('../../src/app/ledger-writer.js')
      const released = await expirePendingTransfers(
        { ctx: node.ctx, writer: new LedgerWriter(node.ctx) },
        { kind: 'system', id: 'system', org: node.ctx.node.org },
      )
      expect(released).toBe(1)
      expect((await balances(hub)).balances[0]).toMatchObject({
        posted: 10,
        pendingOut: 0,
        available: 10,
      })
      const late = await post('/api/transfers', {
        transfers: [{ id: uuidv7(), mode: 'post', pendingId, reason: 'dispatch' }],
      })
      expect(late.json().error.details).toMatchObject({ result: 'pending_expired' })
      const forged = await post('/api/transfers', {
        transfers: [{ id: uuidv7(), mode: 'void', pendingId, reason: 'timeout' }],
      })
      expect(forged.statusCode).toBe(400)
      expect(await node.store.findBalanceMismatches()).toEqual([])
    })

    it('answers a retried issue with the original even after the stock it took is gone or its lots changed', async () => {
      await receive(5, { lot: 'L0', expiresOn: '2027-01-01' })
      await receive(50, { lot: 'L1', expiresOn: '2030-01-01' })
      const id = uuidv7()
      const issue = { id, place: hub, item: water, owner, quantity: 5 }
      const first = await post('/api/stock/issue', issue)
      expect(first.statusCode).toBe(201)
      await post('/api/stock/issue', { id: uuidv7(), place: hub, item: water, owner, quantity: 48 })
      const retry = await post('/api/stock/issue', issue)
      expect(retry.statusCode).toBe(200)
      expect(retry.json().transfers).toEqual(first.json().transfers)
      const different = await post('/api/stock/issue', { ...issue, quantity: 2 })
      expect(different.statusCode).toBe(422)
      expect(different.json().error.details.result).toBe('exists_with_different_fields')
    })
  })
}
