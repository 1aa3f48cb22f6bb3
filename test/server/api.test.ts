/**
 * The HTTP API through fastify.inject, on both databases: statuses, error bodies naming the field, and
 * what ends up stored.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/server/build-app.js'
import { tokenHeaders } from '../support/callers.js'
import { dialects, openTestNode, type TestNode } from '../support/stores.js'

const water = {
  code: 'KZ-WATER-2L',
  nameEn: 'Drinking water, 2 L',
  nameJa: '保存水 2L',
  category: 'wash',
  unit: 'bottle',
  unitWeightG: 2100,
  unitVolumeMl: 2200,
}

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`API on ${dialect.name}`, () => {
    let node: TestNode
    let app: Awaited<ReturnType<typeof buildApp>>
    let headers: { authorization: string }
    beforeEach(async () => {
      node = await openTestNode(dialect.name)
      app = await buildApp({ ctx: node.ctx, version: '9.9.9' })
      const admin = await tokenHeaders(node.ctx, ['admin'])
      const logistician = await tokenHeaders(node.ctx, ['logistician'])
      headers = { authorization: logistician.authorization }
      void admin
    })
    afterEach(async () => {
      await app.close()
      await node.close()
    })

    const eventCount = async () => (await node.store.readEvents(0, 100_000)).length

    it('answers health with the node id and database kind', async () => {
      const response = await app.inject({ method: 'GET', url: '/api/health' })
      expect(response.statusCode).toBe(200)
      expect(response.json()).toEqual({
        status: 'ok',
        node: node.ctx.node.id,
        database: dialect.name,
        version: '9.9.9',
      })
    })

    it('creates an item with 201, repeats with 200, and lists it', async () => {
      const id = '01930000-0000-7000-8000-000000000001'
      const created = await app.inject({
        headers,
        method: 'POST',
        url: '/api/items',
        payload: { ...water, id },
      })
      expect(created.statusCode).toBe(201)
      expect(created.json()).toMatchObject({
        id,
        code: 'KZ-WATER-2L',
        version: 1,
        home: node.ctx.node.id,
        nameJa: '保存水 2L',
      })
      const repeated = await app.inject({
        headers,
        method: 'POST',
        url: '/api/items',
        payload: { ...water, id },
      })
      expect(repeated.statusCode).toBe(200)
      const list = await app.inject({ headers, method: 'GET', url: '/api/items?q=保存水' })
      expect(list.json()).toMatchObject({ total: 1, limit: 50, offset: 0 })
    })

    it('refuses bad input with 400 naming each field, and writes nothing', async () => {
      const before = await eventCount()
      const response = await app.inject({
        headers,
        method: 'POST',
        url: '/api/items',
        payload: { ...water, unitWeightG: -5, category: 'toys' },
      })
      expect(response.statusCode).toBe(400)
      const body = response.json()
      expect(body.error.code).toBe('invalid_request')
      expect(body.error.details.map((d: { field: string }) => d.field)).toEqual([
        'body.category',
        'body.unitWeightG',
      ])
      expect(await eventCount()).toBe(before)
    })

    it('refuses malformed JSON and unknown query values with 400', async () => {
      const malformed = await app.inject({
        method: 'POST',
        url: '/api/items',
        headers: { ...headers, 'content-type': 'application/json' },
        payload: '{"code":',
      })
      expect(malformed.statusCode).toBe(400)
      expect(malformed.json().error.code).toBe('invalid_request')
      const bbox = await app.inject({ headers, method: 'GET', url: '/api/places?bbox=1,2,3' })
      expect(bbox.statusCode).toBe(400)
      expect(bbox.json().error.message).toMatch(/querystring\.bbox.*west,south,east,north/)
      const limit = await app.inject({ headers, method: 'GET', url: '/api/places?limit=100000' })
      expect(limit.statusCode).toBe(400)
      expect(limit.json().error.details[0].field).toBe('querystring.limit')
    })

    it('answers an unknown id with 404 and an unknown route with a JSON 404', async () => {
      const item = await app.inject({
        headers,
        method: 'GET',
        url: '/api/items/01930000-0000-7000-8000-0000000000ff',
      })
      expect(item.statusCode).toBe(404)
      expect(item.json().error.code).toBe('not_found')
      const place = await app.inject({
        headers,
        method: 'GET',
        url: '/api/places/01930000-0000-7000-8000-0000000000ff',
      })
      expect(place.statusCode).toBe(404)
      const route = await app.inject({ headers, method: 'GET', url: '/api/nothing-here' })
      expect(route.statusCode).toBe(404)
      expect(route.json().error.code).toBe('not_found')
    })

    it('updates with the version read and refuses a stale one with 409', async () => {
      const created = (
        await app.inject({
          headers,
          method: 'POST',
          url: '/api/places',
          payload: {
            code: 'HUB:TEST',
            type: 'hub',
            nameEn: 'Test hub',
            lat: 36.4,
            lon: 136.4,
            country: 'JP',
          },
        })
      ).json()
      const ok = await app.inject({
        headers,
        method: 'PATCH',
        url: `/api/places/${created.id}`,
        payload: { version: 1, capacity: 500 },
      })
      expect(ok.statusCode).toBe(200)
      expect(ok.json()).toMatchObject({ version: 2, capacity: 500 })
      const stale = await app.inject({
        headers,
        method: 'PATCH',
        url: `/api/places/${created.id}`,
        payload: { version: 1, capacity: 10 },
      })
      expect(stale.statusCode).toBe(409)
      expect(stale.json().error).toMatchObject({
        code: 'version_conflict',
        details: { version: 2 },
      })
    })

    it('reports a place status and shows it on the place', async () => {
      const created = (
        await app.inject({
          headers,
          method: 'POST',
          url: '/api/places',
          payload: {
            code: 'DP:TEST',
            type: 'distribution-point',
            nameJa: '配布所',
            lat: 37.3,
            lon: 136.9,
            country: 'JP',
          },
        })
      ).json()
      const reported = await app.inject({
        headers,
        method: 'POST',
        url: `/api/places/${created.id}/status`,
        payload: { status: 'closed', note: 'road cut' },
      })
      expect(reported.statusCode).toBe(201)
      const read = (
        await app.inject({ headers, method: 'GET', url: `/api/places/${created.id}` })
      ).json()
      expect(read.status).toMatchObject({
        status: 'closed',
        note: 'road cut',
        home: node.ctx.node.id,
      })
      const bad = await app.inject({
        headers,
        method: 'POST',
        url: `/api/places/${created.id}/status`,
        payload: { status: 'flooded' },
      })
      expect(bad.statusCode).toBe(400)
      expect(bad.json().error.details[0].field).toBe('body.status')
    })

    it('hides the cause of an unexpected failure behind a plain 500', async () => {
      await node.store.close()
      const response = await app.inject({ headers, method: 'GET', url: '/api/items' })
      expect(response.statusCode).toBe(500)
      const text = response.body
      expect(JSON.parse(text).error.code).toBe('internal')
      expect(text).not.toMatch(/at .*\.ts|select|SQLITE|Kysely|stack/i)
      node = await openTestNode(dialect.name)
    })

    it('publishes an OpenAPI 3.1 document listing the routes, and its browsable reference', async () => {
      const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json()
      expect(document.openapi).toBe('3.1.0')
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining([
          '/api/items',
          '/api/items/{id}',
          '/api/places',
          '/api/places/{id}',
          '/api/places/{id}/status',
          '/api/health',
        ]),
      )
      const docs = await app.inject({ method: 'GET', url: '/api/docs/' })
      expect(docs.statusCode).toBeLessThan(400)
    })

    it('refuses a body larger than the limit with 413', async () => {
      const response = await app.inject({
        headers,
        method: 'POST',
        url: '/api/items',
        payload: { ...water, nameEn: 'x'.repeat(2_000_000) },
      })
      expect(response.statusCode).toBe(413)
      expect(response.json().error.code).toBe('body_too_large')
    })
  })
}
