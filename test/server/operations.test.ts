/**
 * Operations through the HTTP API on both databases: reading one, changing its name, dates and its own
 * figures for the standards at the version read (409 when stale, 403 for another organisation, 400
 * naming the field, nothing written on a refusal), and the needs estimate following the change.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createOrganisation } from '../../src/app/organisations.js'
import type { Principal } from '../../src/domain/access/permissions.js'
import { buildApp } from '../../src/server/build-app.js'
import { tokenHeaders } from '../support/callers.js'
import { dialects, openTestNode, type TestNode } from '../support/stores.js'

const WATER = 'water_use_per_person_per_day'

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`operations API on ${dialect.name}`, () => {
    let node: TestNode
    let app: Awaited<ReturnType<typeof buildApp>>
    let planner: { authorization: string }
    let operationId: string
    beforeEach(async () => {
      node = await openTestNode(dialect.name)
      app = await buildApp({ ctx: node.ctx })
      planner = { authorization: (await tokenHeaders(node.ctx, ['planner'])).authorization }
      const created = await app.inject({
        headers: planner,
        method: 'POST',
        url: '/api/operations',
        payload: { name: 'Noto 2024', startedOn: '2024-01-01', standards: { [WATER]: 20 } },
      })
      expect(created.statusCode).toBe(201)
      operationId = created.json().id
    })
    afterEach(async () => {
      await app.close()
      await node.close()
    })

    const patch = (payload: object, headers = planner) =>
      app.inject({ headers, method: 'PATCH', url: `/api/operations/${operationId}`, payload })
    const events = async () => node.ctx.store.readEvents(0, 1e6)
    const fieldsOf = (body: { error: { details: { field: string }[] } }) =>
      body.error.details.map((detail) => detail.field)

    it('gives one operation by id, and 404 for one that does not exist', async () => {
      const found = await app.inject({
        headers: planner,
        method: 'GET',
        url: `/api/operations/${operationId}`,
      })
      expect(found.statusCode).toBe(200)
      expect(found.json()).toMatchObject({
        name: 'Noto 2024',
        version: 1,
        standards: { [WATER]: 20 },
      })
      const missing = await app.inject({
        headers: planner,
        method: 'GET',
        url: `/api/operations/${node.ctx.ids.newId()}`,
      })
      expect(missing.statusCode).toBe(404)
    })

    it('changes the name, dates, area and figures at the version read, with an event and its actor', async () => {
      const area = { type: 'Point', coordinates: [136.9, 37.4] }
      const response = await patch({
        version: 1,
        name: 'Noto Peninsula 2024',
        endedOn: '2024-06-30',
        area,
        standards: { [WATER]: null, food_energy_per_person_per_day: 2400 },
      })
      expect(response.statusCode).toBe(200)
      expect(response.json()).toMatchObject({
        name: 'Noto Peninsula 2024',
        startedOn: '2024-01-01',
        endedOn: '2024-06-30',
        area,
        version: 2,
        standards: { food_energy_per_person_per_day: 2400 },
      })
      expect(response.json().standards).not.toHaveProperty(WATER)
      const last = (await events()).at(-1)
      expect(last).toMatchObject({ kind: 'operation.updated', subject: operationId })
      expect(last?.actor).toMatch(/token|user/)
      const listed = await app.inject({ headers: planner, method: 'GET', url: '/api/operations' })
      expect(listed.json().operations[0]).toMatchObject({ name: 'Noto Peninsula 2024', version: 2 })
    })

    it('refuses a stale version with 409 and writes nothing', async () => {
      expect((await patch({ version: 1, name: 'First' })).statusCode).toBe(200)
      const before = (await events()).length
      const stale = await patch({ version: 1, name: 'Second' })
      expect(stale.statusCode).toBe(409)
      expect(stale.json().error).toMatchObject({
        code: 'version_conflict',
        details: { version: 2 },
      })
      expect((await events()).length).toBe(before)
      expect((await node.ctx.store.getOperation(operationId, null))?.name).toBe('First')
    })

    it("refuses another organisation's admin with 403 and writes nothing", async () => {
      const setup: Principal = {
        kind: 'user',
        id: 'setup',
        userId: 'setup',
        org: node.ctx.node.org,
        roles: ['admin'],
      }
      const other = await createOrganisation(node.ctx, setup, {
        code: 'OTHER-ORG',
        nameEn: 'Another organisation',
        nameJa: null,
        country: 'AU',
        kind: 'ngo',
      })
      const partner = await tokenHeaders(node.ctx, ['admin'], other.organisation.id)
      const before = (await events()).length
      const response = await patch(
        { version: 1, name: 'Taken over' },
        { authorization: partner.authorization },
      )
      expect(response.statusCode).toBe(403)
      expect(response.json().error.message).toMatch(/another organisation/)
      expect((await events()).length).toBe(before)
    })

    it.each([
      [{ standards: { [WATER]: 0 } }, `body.standards.${WATER}`],
      [{ standards: { [WATER]: -3 } }, `body.standards.${WATER}`],
      [{ standards: { 'Water Use': 15 } }, 'body.standards.Water Use'],
      [{ standards: { blankets_per_person: 2 } }, 'standards.blankets_per_person'],
      [{ endedOn: '2023-12-31' }, 'endedOn'],
      [{ name: '' }, 'body.name'],
    ])('refuses %j with 400 naming %s, and writes nothing', async (change, field) => {
      const before = (await events()).length
      const response = await patch({ version: 1, ...change })
      expect(response.statusCode).toBe(400)
      expect(fieldsOf(response.json())).toEqual([field])
      expect((await events()).length).toBe(before)
      expect(await node.ctx.store.getOperation(operationId, null)).toMatchObject({
        version: 1,
        name: 'Noto 2024',
        standards: { [WATER]: 20 },
      })
    })

    it("follows an edit in the estimate: the operation's new figure, then the bundled one once removed", async () => {
      const estimate = async () => {
        const response = await app.inject({
          headers: planner,
          method: 'POST',
          url: '/api/needs/estimate',
          payload: { population: 100, days: 2, operation: operationId },
        })
        expect(response.statusCode).toBe(200)
        const body = response.json() as {
          standards: { key: string; value: number; source: string }[]
          lines: { id: string; quantityNeeded: number }[]
        }
        return {
          water: body.standards.find((standard) => standard.key === WATER),
          litres: body.lines.find((line) => line.id === 'water')?.quantityNeeded,
        }
      }
      expect(await estimate()).toEqual({
        water: expect.objectContaining({ value: 20, source: 'operation' }),
        litres: 4_000,
      })
      expect((await patch({ version: 1, standards: { [WATER]: 25 } })).statusCode).toBe(200)
      expect(await estimate()).toEqual({
        water: expect.objectContaining({ value: 25, source: 'operation' }),
        litres: 5_000,
      })
      expect((await patch({ version: 2, standards: { [WATER]: null } })).statusCode).toBe(200)
      expect(await estimate()).toEqual({
        water: expect.objectContaining({ value: 15, source: 'bundled' }),
        litres: 3_000,
      })
    })
  })
}
