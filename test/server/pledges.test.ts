/**
 * Pledges and donations through the API on both databases.
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
  describe.skipIf(dialect.skip)(`pledges API on ${dialect.name}`, () => {
    let node: TestNode
    let app: Awaited<ReturnType<typeof buildApp>>
    let headers: Record<string, string>
    let hub: string
    let tent: string
    let au: string
    beforeEach(async () => {
      node = await openTestNode(dialect.name)
      app = await buildApp({ ctx: node.ctx })
      headers = { authorization: (await tokenHeaders(node.ctx, ['admin'])).authorization }
      const actor = { kind: 'cli' as const, id: 'test', org: node.ctx.node.org }
      hub = (await createPlace(node.ctx, actor, placeDraft())).place.id
      tent = (
        await createItem(
          node.ctx,
          actor,
          itemDraft({ code: 'KZ-TENT', nameEn: 'Family tent', category: 'shelter', unit: 'each' }),
        )
      ).item.id
      au = (
        await createOrganisation(
          node.ctx,
          { kind: 'user', id: 'x', userId: 'x', org: node.ctx.node.org, roles: ['admin'] },
          { code: 'AU-DFAT', nameEn: 'DFAT', nameJa: null, country: 'AU', kind: 'government' },
        )
      ).organisation.id
    })
    afterEach(async () => {
      await app.close()
      await node.close()
    })
    const post = (url: string, payload: object = {}) =>
      app.inject({ method: 'POST', url, headers, payload })

    it('records a pledge, confirms it, and receives it into stock owned by the pledging partner', async () => {
      const pledge = (
        await post('/api/pledges', {
          org: au,
          kind: 'item',
          item: tent,
          quantity: 200,
          place: hub,
          conditions: 'for Noto only',
        })
      ).json()
      expect(pledge).toMatchObject({ status: 'offered', org: au })
      const early = await post(`/api/pledges/${pledge.id}/receive`)
      expect(early.statusCode).toBe(409)
      expect(early.json().error.details.allowed).toEqual(['confirm', 'withdraw'])
      expect((await post(`/api/pledges/${pledge.id}/confirm`)).json().status).toBe('confirmed')
      const received = (await post(`/api/pledges/${pledge.id}/receive`, { quantity: 180 })).json()
      // 200 pledged, 180 arrived: the pledge says so.
      expect(received).toMatchObject({
        status: 'received',
        receipt: expect.any(String),
        quantity: 200,
        received: 180,
      })
      const stock = (
        await app.inject({ method: 'GET', url: `/api/stock?place=${hub}`, headers })
      ).json()
      expect(stock.balances).toEqual([expect.objectContaining({ owner: au, posted: 180 })])
      expect((await post(`/api/pledges/${pledge.id}/withdraw`)).statusCode).toBe(409)
    })

    it('answers one pledge by id, and 404 for an unknown one or one the caller may not see', async () => {
      const pledge = (
        await post('/api/pledges', { org: au, kind: 'item', item: tent, quantity: 5, place: hub })
      ).json()
      const get = (id: string, as = headers) =>
        app.inject({ method: 'GET', url: `/api/pledges/${id}`, headers: as })
      const found = await get(pledge.id)
      expect(found.statusCode).toBe(200)
      expect(found.json()).toEqual(pledge)
      expect((await get(uuidv7())).statusCode).toBe(404)
      const bad = await get('not-an-id')
      expect(bad.statusCode).toBe(400)
      expect(bad.json().error.details.map((d: { field: string }) => d.field)).toEqual(['params.id'])
      // Kept to its own organisation: a partner's viewer neither sees it listed nor by id.
      const own = { ...pledge, id: uuidv7(), org: node.ctx.node.org, share: 'own' }
      await node.ctx.store.transact((tx) => tx.savePledge(own, null))
      const partner = {
        authorization: (await tokenHeaders(node.ctx, ['viewer'], au)).authorization,
      }
      expect((await get(own.id)).statusCode).toBe(200)
      const hidden = await get(own.id, partner)
      expect(hidden.statusCode).toBe(404)
      expect(hidden.json().error.code).toBe('not_found')
      const listed = (
        await app.inject({ method: 'GET', url: '/api/pledges', headers: partner })
      ).json()
      expect(listed.pledges.map((p: { id: string }) => p.id)).toEqual([pledge.id])
      expect((await get(pledge.id, partner)).statusCode).toBe(200)
    })

    it('sorts pledges on the server by quantity, availability and status, and finds them by text', async () => {
      const made = async (fields: object) =>
        (await post('/api/pledges', { org: au, kind: 'item', item: tent, ...fields })).json() as {
          id: string
        }
      const small = await made({ quantity: 5, availableFrom: '2024-01-05T00:00:00Z' })
      const large = await made({ quantity: 900, place: hub, description: 'Ｗｉｎｔｅｒ tents' })
      const middle = await made({ quantity: 40, availableFrom: '2024-01-02T00:00:00Z' })
      const blankets = await made({
        kind: 'capability',
        item: null,
        capability: 'airlift',
        quantity: 2,
        conditions: 'C-130 from Richmond',
      })
      await post(`/api/pledges/${middle.id}/confirm`)
      await post(`/api/pledges/${blankets.id}/withdraw`)
      type Listed = { pledges: { id: string }[]; total: number }
      const ids = async (query: string) => {
        const reply = await app.inject({ method: 'GET', url: `/api/pledges?${query}`, headers })
        expect(reply.statusCode).toBe(200)
        return (reply.json() as Listed).pledges.map((p) => p.id)
      }
      expect(await ids('')).toEqual([blankets.id, middle.id, large.id, small.id])
      expect(await ids('sort=quantity')).toEqual([blankets.id, small.id, middle.id, large.id])
      expect(await ids('sort=-quantity')).toEqual([large.id, middle.id, small.id, blankets.id])
      // Pledges with no date come last both ways; ties by id, newest first.
      expect(await ids('sort=availableFrom')).toEqual([middle.id, small.id, blankets.id, large.id])
      expect(await ids('sort=-availableFrom')).toEqual([small.id, middle.id, blankets.id, large.id])
      expect(await ids('sort=status')).toEqual([large.id, small.id, middle.id, blankets.id])
      expect(await ids('sort=-status')).toEqual([blankets.id, middle.id, large.id, small.id])
      expect(await ids('sort=quantity&limit=2&offset=1')).toEqual([small.id, middle.id])
      // By the item's name, the place's name, the pledge's own words (full-width folded).
      expect(await ids('q=family%20TENT&sort=quantity')).toEqual([small.id, middle.id, large.id])
      expect(await ids('q=test%20hub')).toEqual([large.id])
      expect(await ids('q=winter')).toEqual([large.id])
      expect(await ids('q=richmond')).toEqual([blankets.id])
      expect(await ids('q=100%25')).toEqual([])
      const bad = await app.inject({ method: 'GET', url: '/api/pledges?sort=-item', headers })
      expect(bad.statusCode).toBe(400)
      expect(bad.json().error.details[0].field).toBe('querystring.sort')
      expect(bad.json().error.message).toContain('availableFrom')
    })

    it('refuses bad pledges with 4xx naming the field, and writes nothing', async () => {
      const events = async () => (await node.store.readEvents(0, 1e6)).length
      const before = await events()
      const cases: [object, number, string[]][] = [
        [{ kind: 'item', item: tent, quantity: 0 }, 400, ['body.quantity']],
        [{ kind: 'item', item: tent, quantity: -3 }, 400, ['body.quantity']],
        [{ kind: 'item', quantity: 3 }, 400, ['item']],
        [{ kind: 'capability', quantity: 3 }, 400, ['capability']],
        [{ kind: 'item', item: uuidv7(), quantity: 3 }, 422, ['item']],
        [{ kind: 'item', item: tent, quantity: 3, place: uuidv7() }, 422, ['place']],
        [{ kind: 'item', item: tent, quantity: 3, org: uuidv7() }, 422, ['org']],
        [
          {
            kind: 'item',
            item: tent,
            quantity: 3,
            availableFrom: '2024-01-10T00:00:00Z',
            availableUntil: '2024-01-09T00:00:00Z',
          },
          400,
          ['availableUntil'],
        ],
      ]
      for (const [payload, status, fields] of cases) {
        const response = await post('/api/pledges', payload)
        expect(response.statusCode, JSON.stringify(payload)).toBe(status)
        expect(response.json().error.details.map((d: { field: string }) => d.field)).toEqual(fields)
      }
      expect(await events()).toBe(before)
      expect((await app.inject({ method: 'GET', url: '/api/pledges', headers })).json().total).toBe(
        0,
      )
    })

    it('refuses to receive a capability into stock', async () => {
      const pledge = (
        await post('/api/pledges', {
          kind: 'capability',
          capability: 'airlift',
          description: 'C-130J, 3 sorties',
          quantity: 3,
          unit: 'sorties',
        })
      ).json()
      await post(`/api/pledges/${pledge.id}/confirm`)
      const response = await post(`/api/pledges/${pledge.id}/receive`, { place: hub })
      expect(response.statusCode).toBe(409)
      expect(response.json().error.message).toMatch(/capability is not received into stock/)
    })

    it('receives an unannounced donation, triaged, and lists it', async () => {
      const id = uuidv7()
      const donation = await post('/api/donations', {
        id,
        place: hub,
        item: tent,
        org: au,
        quantity: 12,
        triage: 'can-wait',
        description: 'arrived by truck without notice',
      })
      expect(donation.statusCode).toBe(201)
      expect(donation.json()).toMatchObject({
        unsolicited: true,
        triage: 'can-wait',
        status: 'received',
        received: donation.json().quantity,
      })
      expect(
        (
          await post('/api/donations', {
            id,
            place: hub,
            item: tent,
            org: au,
            quantity: 12,
            triage: 'can-wait',
          })
        ).statusCode,
      ).toBe(201)
      const stock = (
        await app.inject({ method: 'GET', url: `/api/stock?place=${hub}`, headers })
      ).json()
      expect(stock.balances[0].posted).toBe(12)
      const list = (
        await app.inject({ method: 'GET', url: '/api/pledges?status=received', headers })
      ).json()
      expect(list.total).toBe(1)
      const bad = await post('/api/donations', {
        id: uuidv7(),
        place: hub,
        item: tent,
        org: au,
        quantity: 0,
        triage: 'maybe',
      })
      expect(bad.statusCode).toBe(400)
      expect(bad.json().error.details.map((d: { field: string }) => d.field)).toEqual([
        'body.quantity',
        'body.triage',
      ])
    })
  })
}
