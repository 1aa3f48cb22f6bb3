/**
 * The needs estimator through the HTTP API on both databases: estimates checked by hand, the population
 * a place gives (a Nanao shelter's capacity, Wajima's Noto 2024 evacuee count, both from the bundled
 * data), overrides of the standards, and 400s naming the field.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { importItems, importPlaces } from '../../src/app/import-reference.js'
import { createOperation } from '../../src/app/operations.js'
import type { Actor } from '../../src/domain/records/record.js'
import { referenceId } from '../../src/domain/records/record.js'
import type { Operation } from '../../src/domain/requests/operation.js'
import { readItemsCsv } from '../../src/interop/catalog/read-items.js'
import { readPlacesCsv } from '../../src/interop/places/read-places.js'
import { buildApp } from '../../src/server/build-app.js'
import { actorOf, viewerOf } from '../../src/server/plugins/access.js'
import { needsRoutes } from '../../src/server/routes/needs.js'
import { tokenHeaders } from '../support/callers.js'
import { dialects, openTestNode, type TestNode } from '../support/stores.js'

const data = resolve(import.meta.dirname, '../../data')
const WAJIMA = 'LG:172049'
/** 北大呑地区コミュニティセンター, Nanao: capacity 332 (indoor). */
const NANAO_SHELTER = 'GSI:E1720200002111'
const KOMATSU = 'ICAO:RJNK'

function bundledPlaces(codes: readonly string[]) {
  return ['municipalities.csv', 'shelters.csv', 'airports.csv'].flatMap((file) =>
    readPlacesCsv(file, readFileSync(resolve(data, 'places', file))).filter((row) =>
      codes.includes(row.code),
    ),
  )
}

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`needs estimator API on ${dialect.name}`, () => {
    let node: TestNode
    let app: Awaited<ReturnType<typeof buildApp>>
    let headers: { authorization: string }
    beforeEach(async () => {
      node = await openTestNode(dialect.name)
      app = await buildApp({ ctx: node.ctx })
      // Until build-app registers the estimator, register it here, as build-app would.
      if (!app.hasRoute({ method: 'POST', url: '/api/needs/estimate' }))
        await app.register(needsRoutes, { ctx: node.ctx, version: '0.0.0', actorOf, viewerOf })
      headers = { authorization: (await tokenHeaders(node.ctx, ['viewer'])).authorization }
      const actor: Actor = { kind: 'cli', id: 'test', org: node.ctx.node.org }
      await importPlaces(node.ctx, actor, bundledPlaces([WAJIMA, NANAO_SHELTER, KOMATSU]))
      const mapped = ['KZ-WASH-001', 'KZ-FOOD-001']
      await importItems(
        node.ctx,
        actor,
        readItemsCsv('items.csv', readFileSync(resolve(data, 'items.csv'))).filter((row) =>
          mapped.includes(row.code),
        ),
      )
    })
    afterEach(async () => {
      await app.close()
      await node.close()
    })

    const estimate = (payload: unknown) =>
      app.inject({
        headers,
        method: 'POST',
        url: '/api/needs/estimate',
        payload: payload as object,
      })
    const fieldsOf = (body: { error: { details: { field: string }[] } }) =>
      body.error.details.map((detail) => detail.field)

    it('estimates 1,200 people for 3 days with the arithmetic, items and standards', async () => {
      const response = await estimate({ population: 1200, days: 3 })
      expect(response.statusCode).toBe(200)
      const body = response.json()
      expect(body).toMatchObject({
        population: 1200,
        populationSource: 'given',
        days: 3,
        place: null,
      })
      const byId = Object.fromEntries(
        body.lines.map((line: { id: string }) => [line.id, line]),
      ) as Record<string, Record<string, unknown>>
      expect(byId.water).toMatchObject({
        need: 'water for drinking, cooking and personal hygiene',
        quantityNeeded: 54_000,
        itemCode: 'KZ-WASH-001',
        itemName: 'Drinking water, long-life (5-year), 2 L PET bottle',
        itemsNeeded: 27_000,
        arithmetic:
          '1,200 people × 3 days × 15 L/person/day = 54,000 L ÷ 2 L per bottle = 27,000 bottles',
        standardKey: 'water_use_per_person_per_day',
      })
      expect(byId.water?.edition).toMatch(/^Sphere Handbook, Water supply standard 1/)
      expect(byId['drinking-water']).toMatchObject({ itemsNeeded: 5_400, includedIn: 'water' })
      expect(byId.food).toMatchObject({ quantityNeeded: 7_560_000, itemsNeeded: 19_535 })
      expect(byId.soap).toMatchObject({ itemsNeeded: 300, itemName: null })
      expect(byId['covered-area']).toMatchObject({ quantityNeeded: 4_200, itemsNeeded: 263 })
      expect(byId.toilets).toMatchObject({ itemsNeeded: 60 })
      expect(body.standards).toContainEqual({
        key: 'water_use_per_person_per_day',
        value: 15,
        unit: 'litres/person/day',
        edition: expect.stringMatching(/^Sphere Handbook/),
        overridden: false,
        source: 'bundled',
      })
      expect(body.operation).toBeNull()
    })

    it('takes the population from a municipality’s Noto 2024 evacuee count, by code', async () => {
      const response = await estimate({ place: WAJIMA, days: 7 })
      expect(response.statusCode).toBe(200)
      const body = response.json()
      expect(body).toMatchObject({
        population: 2745,
        populationSource: 'Noto 2024 evacuees on 2024-02-01',
        place: { id: referenceId('place', WAJIMA), code: WAJIMA, name: 'Wajima' },
      })
      // 2,745 × 7 × 15 = 288,225 L ÷ 2 = 144,112.5 → 144,113 bottles
      expect(body.lines[0]).toMatchObject({ quantityNeeded: 288_225, itemsNeeded: 144_113 })
    })

    it('takes the population from a shelter’s capacity, by id', async () => {
      const response = await estimate({ place: referenceId('place', NANAO_SHELTER), days: 1 })
      expect(response.statusCode).toBe(200)
      expect(response.json()).toMatchObject({
        population: 332,
        populationSource: 'place capacity',
        place: { code: NANAO_SHELTER, name: '北大呑地区コミュニティセンター' },
      })
    })

    it('prefers a population given over the place’s figure', async () => {
      const response = await estimate({ place: WAJIMA, population: 500, days: 1 })
      expect(response.json()).toMatchObject({ population: 500, populationSource: 'given' })
    })

    it('applies overrides of the standards and says which', async () => {
      const response = await estimate({
        population: 1200,
        days: 3,
        standards: { water_use_per_person_per_day: 20 },
      })
      expect(response.statusCode).toBe(200)
      const body = response.json()
      expect(body.lines[0]).toMatchObject({
        itemsNeeded: 36_000,
        arithmetic:
          '1,200 people × 3 days × 20 L/person/day = 72,000 L ÷ 2 L per bottle = 36,000 bottles',
      })
      expect(body.standards).toContainEqual(
        expect.objectContaining({
          key: 'water_use_per_person_per_day',
          value: 20,
          overridden: true,
          source: 'request',
        }),
      )
    })

    it.each([
      [{ population: 0, days: 3 }, 'body.population'],
      [{ population: 12.5, days: 3 }, 'body.population'],
      [{ population: 100, days: 0 }, 'body.days'],
      [{ population: 100, days: 366 }, 'body.days'],
      [{ population: 100 }, 'body.days'],
      [{ days: 3 }, 'body.population'],
      [
        { population: 100, days: 3, standards: { water_use_per_person_per_day: 0 } },
        'body.standards.water_use_per_person_per_day',
      ],
    ])('refuses %j with 400 naming %s', async (payload, field) => {
      const response = await estimate(payload)
      expect(response.statusCode).toBe(400)
      expect(response.json().error.code).toBe('invalid_request')
      expect(fieldsOf(response.json())).toEqual([field])
    })

    it('refuses an unknown standard with 400 naming it', async () => {
      const response = await estimate({ population: 100, days: 3, standards: { blankets: 2 } })
      expect(response.statusCode).toBe(400)
      expect(fieldsOf(response.json())).toEqual(['standards.blankets'])
    })

    it('refuses a place that gives no population with 400 naming the place', async () => {
      const response = await estimate({ place: KOMATSU, days: 3 })
      expect(response.statusCode).toBe(400)
      expect(fieldsOf(response.json())).toEqual(['place'])
      expect(response.json().error.message).toMatch(/ICAO:RJNK has no capacity.*give population/)
    })

    it('refuses an unknown place with 422 naming the place', async () => {
      const response = await estimate({ place: 'LG:999999', days: 3 })
      expect(response.statusCode).toBe(422)
      expect(response.json().error.code).toBe('unknown_reference')
      expect(fieldsOf(response.json())).toEqual(['place'])
    })

    describe('with an operation', () => {
      const actor = (): Actor => ({ kind: 'cli', id: 'test', org: node.ctx.node.org })
      /** Straight into the store: figures and shares the API would not accept. */
      async function storeOperation(overrides: Partial<Operation>): Promise<Operation> {
        const now = node.ctx.clock.now().toISOString()
        const operation: Operation = {
          id: node.ctx.ids.newId(),
          home: node.ctx.node.id,
          org: node.ctx.node.org,
          share: 'all',
          createdAt: now,
          updatedAt: now,
          version: 1,
          name: 'Stored',
          startedOn: '2024-01-01',
          endedOn: null,
          area: null,
          standards: {},
          ...overrides,
        }
        await node.ctx.store.transact((tx) => tx.insertOperation(operation))
        return operation
      }

      it("uses the operation's figures, lets the request's overrides win, and says which came from where", async () => {
        const noto = await createOperation(node.ctx, actor(), {
          name: 'Noto 2024',
          startedOn: '2024-01-01',
          standards: { water_use_per_person_per_day: 20, food_energy_per_person_per_day: 2400 },
        })
        const response = await estimate({
          population: 1200,
          days: 3,
          operation: noto.id,
          standards: { food_energy_per_person_per_day: 2200 },
        })
        expect(response.statusCode).toBe(200)
        const body = response.json()
        expect(body.operation).toEqual({ id: noto.id, name: 'Noto 2024' })
        expect(body.lines[0]).toMatchObject({
          itemsNeeded: 36_000,
          arithmetic:
            '1,200 people × 3 days × 20 L/person/day = 72,000 L ÷ 2 L per bottle = 36,000 bottles',
        })
        // 1,200 × 3 × 2,200 = 7,920,000 kcal
        expect(body.lines.find((l: { id: string }) => l.id === 'food')).toMatchObject({
          quantityNeeded: 7_920_000,
        })
        const byKey = Object.fromEntries(
          body.standards.map((s: { key: string }) => [s.key, s]),
        ) as Record<string, { value: number; overridden: boolean; source: string }>
        expect(byKey.water_use_per_person_per_day).toMatchObject({
          value: 20,
          overridden: true,
          source: 'operation',
        })
        expect(byKey.food_energy_per_person_per_day).toMatchObject({
          value: 2200,
          source: 'request',
        })
        expect(byKey.covered_floor_area_per_person).toMatchObject({
          value: 3.5,
          overridden: false,
          source: 'bundled',
        })
      })

      it('refuses an unknown operation, and one the caller may not see, with 422 naming operation', async () => {
        const hidden = await storeOperation({ share: 'own', org: node.ctx.ids.newId() })
        for (const id of [node.ctx.ids.newId(), hidden.id]) {
          const response = await estimate({ population: 100, days: 3, operation: id })
          expect(response.statusCode).toBe(422)
          expect(response.json().error.code).toBe('unknown_reference')
          expect(fieldsOf(response.json())).toEqual(['operation'])
        }
      })

      it('refuses an operation that is not an id with 400 naming body.operation', async () => {
        const response = await estimate({ population: 100, days: 3, operation: 'Noto 2024' })
        expect(response.statusCode).toBe(400)
        expect(fieldsOf(response.json())).toEqual(['body.operation'])
      })

      it('refuses an operation whose figure names no standard with 400 naming operation', async () => {
        const stale = await storeOperation({ standards: { blankets_per_person: 2 } })
        const response = await estimate({ population: 100, days: 3, operation: stale.id })
        expect(response.statusCode).toBe(400)
        expect(fieldsOf(response.json())).toEqual(['operation'])
        expect(response.json().error.message).toMatch(/"Stored" has standards\.blankets_per_person/)
      })

      it.each([
        [{ water_use_per_person_per_day: 0 }, 'body.standards.water_use_per_person_per_day'],
        [{ water_use_per_person_per_day: -5 }, 'body.standards.water_use_per_person_per_day'],
        [{ 'Water Use': 15 }, 'body.standards.Water Use'],
      ])(
        'refuses to open an operation with figures %j, naming %s, and writes nothing',
        async (standards, field) => {
          const admin = { authorization: (await tokenHeaders(node.ctx, ['admin'])).authorization }
          const events = (await node.ctx.store.readEvents(0, 1e6)).length
          const response = await app.inject({
            headers: admin,
            method: 'POST',
            url: '/api/operations',
            payload: { name: 'Bad', startedOn: '2024-01-01', standards },
          })
          expect(response.statusCode).toBe(400)
          expect(fieldsOf(response.json())).toEqual([field])
          expect(await node.ctx.store.listOperations(null)).toEqual([])
          expect((await node.ctx.store.readEvents(0, 1e6)).length).toBe(events)
        },
      )

      it('refuses non-positive figures in the use case too (the CLI and imports call it)', async () => {
        await expect(
          createOperation(node.ctx, actor(), {
            name: 'Bad',
            startedOn: '2024-01-01',
            standards: { water_use_per_person_per_day: -1 },
          }),
        ).rejects.toMatchObject({
          code: 'invalid_request',
          details: [{ field: 'standards.water_use_per_person_per_day' }],
        })
        expect(await node.ctx.store.listOperations(null)).toEqual([])
      })
    })

    it('lists the bundled standards with edition, quote and source', async () => {
      const response = await app.inject({ headers, method: 'GET', url: '/api/needs/standards' })
      expect(response.statusCode).toBe(200)
      const { standards } = response.json()
      expect(standards).toContainEqual({
        key: 'food_energy_per_person_per_day',
        sector: 'Food',
        value: 2100,
        unit: 'kcal/person/day',
        edition: expect.stringMatching(/^Sphere Handbook 2011 edition/),
        quote: '2,100 kcals/person/day',
        sourceUrl:
          'http://spherehandbook.org/en/food-security-food-transfers-standard-1-general-nutrition-requirements/',
      })
      expect(standards).toHaveLength(12)
    })

    it('answers only signed-in callers, and documents both routes under requests', async () => {
      const anonymous = await app.inject({
        method: 'POST',
        url: '/api/needs/estimate',
        payload: { population: 1, days: 1 },
      })
      expect(anonymous.statusCode).toBe(401)
      const spec = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json()
      expect(spec.paths['/api/needs/estimate'].post.tags).toEqual(['requests'])
      expect(spec.paths['/api/needs/standards'].get.tags).toEqual(['requests'])
    })
  })
}
