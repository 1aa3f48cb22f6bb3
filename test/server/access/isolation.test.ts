/**
 * Releasability between partners on one node, on both databases: a record shared with partner A is seen
 * by A's callers and by nobody else's — not in lists, searches, reads by id, exports or the audit trail —
 * and a record kept `own` by the node's organisation by neither. A partner's admin sees and manages only
 * its own people and tokens; another organisation's are "not found", exactly like ids that do not exist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createItem } from '../../../src/app/items.js'
import { createOrganisation } from '../../../src/app/organisations.js'
import { createPlace, reportPlaceStatus } from '../../../src/app/places.js'
import { createToken, createUser } from '../../../src/app/users.js'
import type { Principal } from '../../../src/domain/access/permissions.js'
import type { Actor } from '../../../src/domain/records/record.js'
import { buildApp } from '../../../src/server/build-app.js'
import { tokenHeaders } from '../../support/callers.js'
import { itemDraft, placeDraft } from '../../support/fixtures.js'
import { dialects, openTestNode, type TestNode } from '../../support/stores.js'

const UNKNOWN_ID = '01930000-0000-7000-8000-00000000beef'

type Headers = { authorization: string }

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`releasability between partners on ${dialect.name}`, () => {
    let node: TestNode
    let app: Awaited<ReturnType<typeof buildApp>>
    let orgA: string
    let orgB: string
    const as: Record<
      | 'nodeViewer'
      | 'viewerA'
      | 'viewerB'
      | 'logisticianA'
      | 'logisticianB'
      | 'adminA'
      | 'adminB'
      | 'nodeAdmin',
      Headers
    > = {} as never
    const record = {} as Record<
      'itemA' | 'itemOwn' | 'itemAll' | 'placeA' | 'placeOwn' | 'placeAll',
      string
    >
    const people = {} as Record<'userA' | 'userB' | 'tokenA' | 'tokenB', string>

    beforeAll(async () => {
      node = await openTestNode(dialect.name)
      app = await buildApp({ ctx: node.ctx })
      const nodeOrg = node.ctx.node.org
      const setup: Principal = {
        kind: 'user',
        id: 'iso-setup',
        userId: 'iso-setup',
        org: nodeOrg,
        roles: ['admin'],
      }
      const organisation = async (code: string) =>
        (
          await createOrganisation(node.ctx, setup, {
            code,
            nameEn: `Partner ${code}`,
            nameJa: null,
            country: null,
            kind: 'ngo',
          })
        ).organisation.id
      orgA = await organisation('PARTNER-A')
      orgB = await organisation('PARTNER-B')

      const callers = await Promise.all([
        tokenHeaders(node.ctx, ['viewer']),
        tokenHeaders(node.ctx, ['viewer'], orgA),
        tokenHeaders(node.ctx, ['viewer'], orgB),
        tokenHeaders(node.ctx, ['logistician'], orgA),
        tokenHeaders(node.ctx, ['logistician'], orgB),
        tokenHeaders(node.ctx, ['admin'], orgA),
        tokenHeaders(node.ctx, ['admin'], orgB),
        tokenHeaders(node.ctx, ['admin']),
      ])
      const names = [
        'nodeViewer',
        'viewerA',
        'viewerB',
        'logisticianA',
        'logisticianB',
        'adminA',
        'adminB',
        'nodeAdmin',
      ] as const
      names.forEach((name, i) => {
        as[name] = { authorization: (callers[i] as { authorization: string }).authorization }
      })

      // Records of the node's organisation, created through the app layer as one of its logisticians.
      const actor: Actor = { kind: 'user', id: 'iso-logistician', org: nodeOrg }
      const item = async (code: string, nameEn: string, share: 'own' | 'all' | string[]) =>
        (await createItem(node.ctx, actor, itemDraft({ code, nameEn, nameJa: null, share }))).item
          .id
      const place = async (code: string, nameEn: string, share: 'own' | 'all' | string[]) =>
        (await createPlace(node.ctx, actor, placeDraft({ code, nameEn, nameJa: null, share })))
          .place.id
      record.itemA = await item('KZ-ISO-A', 'Zebra tarpaulin for partner A', [orgA])
      record.itemOwn = await item('KZ-ISO-OWN', 'Zebra tarpaulin kept in house', 'own')
      record.itemAll = await item('KZ-ISO-ALL', 'Zebra tarpaulin for everyone', 'all')
      record.placeA = await place('HUB:ISO-A', 'Zebra depot for partner A', [orgA])
      record.placeOwn = await place('HUB:ISO-OWN', 'Zebra depot kept in house', 'own')
      record.placeAll = await place('HUB:ISO-ALL', 'Zebra depot for everyone', 'all')
      await reportPlaceStatus(
        node.ctx,
        actor,
        record.placeA,
        { status: 'damaged', note: 'zebra-secret-note' },
        null,
      )

      const userA = await createUser(node.ctx, 'cli', {
        username: 'iso-person-a',
        displayName: null,
        roles: ['viewer'],
        org: orgA,
        password: 'correct horse battery staple',
      })
      const userB = await createUser(node.ctx, 'cli', {
        username: 'iso-person-b',
        displayName: null,
        roles: ['viewer'],
        org: orgB,
        password: 'correct horse battery staple',
      })
      people.userA = userA.user.id
      people.userB = userB.user.id
      people.tokenA = (
        await createToken(node.ctx, 'cli', { name: 'a', role: 'viewer', userId: userA.user.id })
      ).token.id
      people.tokenB = (
        await createToken(node.ctx, 'cli', { name: 'b', role: 'viewer', userId: userB.user.id })
      ).token.id
    })

    afterAll(async () => {
      await app?.close()
      await node?.close()
    })

    const get = (headers: Headers, url: string) => app.inject({ method: 'GET', url, headers })
    const eventCount = async () => (await node.store.readEvents(0, 1e6)).length
    const ids = (rows: { id: string }[]) => rows.map((row) => row.id).sort()

    /** A refusal as the caller sees it, with the id it named replaced, to compare with an unknown id's. */
    function shape(response: { statusCode: number; json(): unknown }, id: string) {
      const body = JSON.stringify(response.json()).replaceAll(id, '<id>')
      return { status: response.statusCode, body }
    }

    it('lists an item shared with partner A to A and not to B, and an own item to neither', async () => {
      const forA = ids((await get(as.viewerA, '/api/items?limit=5000')).json().items)
      const forB = ids((await get(as.viewerB, '/api/items?limit=5000')).json().items)
      const forNode = ids((await get(as.nodeViewer, '/api/items?limit=5000')).json().items)
      expect(forA).toEqual([record.itemA, record.itemAll].sort())
      expect(forB).toEqual([record.itemAll])
      expect(forNode).toEqual([record.itemA, record.itemOwn, record.itemAll].sort())
      expect((await get(as.viewerB, '/api/items')).json().total).toBe(1)
    })

    it('finds a shared item in a search by partner A only', async () => {
      const forA = (await get(as.viewerA, '/api/items?q=zebra')).json()
      const forB = (await get(as.viewerB, '/api/items?q=zebra')).json()
      expect(ids(forA.items)).toEqual([record.itemA, record.itemAll].sort())
      expect(forA.total).toBe(2)
      expect(ids(forB.items)).toEqual([record.itemAll])
      expect(forB.total).toBe(1)
      expect((await get(as.viewerB, '/api/items?q=partner')).json()).toMatchObject({
        items: [],
        total: 0,
      })
      expect((await get(as.viewerB, '/api/items?q=kept')).json()).toMatchObject({
        items: [],
        total: 0,
      })
    })

    it('answers partner B asking for a hidden item by id exactly as for an id that does not exist', async () => {
      expect((await get(as.viewerA, `/api/items/${record.itemA}`)).statusCode).toBe(200)
      const unknown = shape(await get(as.viewerB, `/api/items/${UNKNOWN_ID}`), UNKNOWN_ID)
      expect(unknown.status).toBe(404)
      expect(shape(await get(as.viewerB, `/api/items/${record.itemA}`), record.itemA)).toEqual(
        unknown,
      )
      expect(shape(await get(as.viewerA, `/api/items/${record.itemOwn}`), record.itemOwn)).toEqual(
        unknown,
      )
    })

    it('lists and finds a shared place for partner A only, and an own place for neither', async () => {
      const forA = (await get(as.viewerA, '/api/places?limit=5000')).json()
      const forB = (await get(as.viewerB, '/api/places?limit=5000')).json()
      expect(ids(forA.places)).toEqual([record.placeA, record.placeAll].sort())
      expect(ids(forB.places)).toEqual([record.placeAll])
      expect(forB.total).toBe(1)
      const searchA = (await get(as.viewerA, '/api/places?q=zebra')).json()
      const searchB = (await get(as.viewerB, '/api/places?q=zebra')).json()
      expect(ids(searchA.places)).toEqual([record.placeA, record.placeAll].sort())
      expect(ids(searchB.places)).toEqual([record.placeAll])
      expect((await get(as.viewerB, '/api/places?q=partner')).json()).toMatchObject({
        places: [],
        total: 0,
      })
    })

    it('answers partner B asking for a hidden place by id exactly as for an id that does not exist', async () => {
      const seen = await get(as.viewerA, `/api/places/${record.placeA}`)
      expect(seen.statusCode).toBe(200)
      expect(seen.json().status).toMatchObject({ status: 'damaged' })
      const unknown = shape(await get(as.viewerB, `/api/places/${UNKNOWN_ID}`), UNKNOWN_ID)
      expect(unknown.status).toBe(404)
      expect(shape(await get(as.viewerB, `/api/places/${record.placeA}`), record.placeA)).toEqual(
        unknown,
      )
      expect(
        shape(await get(as.viewerA, `/api/places/${record.placeOwn}`), record.placeOwn),
      ).toEqual(unknown)
    })

    it('refuses partner B a change or status report on a hidden record as if it did not exist, and writes nothing', async () => {
      const before = await eventCount()
      const patchItem = (id: string) =>
        app.inject({
          method: 'PATCH',
          url: `/api/items/${id}`,
          headers: as.logisticianB,
          payload: { version: 1, nameEn: 'Mine now' },
        })
      const patchPlace = (id: string) =>
        app.inject({
          method: 'PATCH',
          url: `/api/places/${id}`,
          headers: as.logisticianB,
          payload: { version: 1, capacity: 1 },
        })
      const status = (id: string) =>
        app.inject({
          method: 'POST',
          url: `/api/places/${id}/status`,
          headers: as.logisticianB,
          payload: { status: 'closed' },
        })
      expect(shape(await patchItem(record.itemA), record.itemA)).toEqual(
        shape(await patchItem(UNKNOWN_ID), UNKNOWN_ID),
      )
      expect(shape(await patchPlace(record.placeA), record.placeA)).toEqual(
        shape(await patchPlace(UNKNOWN_ID), UNKNOWN_ID),
      )
      expect(shape(await status(record.placeOwn), record.placeOwn)).toEqual(
        shape(await status(UNKNOWN_ID), UNKNOWN_ID),
      )
      expect((await patchItem(UNKNOWN_ID)).statusCode).toBe(404)
      expect(await eventCount()).toBe(before)
    })

    it('exports to each partner only what is released to it', async () => {
      const exported = async (stream: AsyncGenerator<{ code: string }[]>) => {
        const codes: string[] = []
        for await (const chunk of stream) codes.push(...chunk.map((row) => row.code))
        return codes.sort()
      }
      // A chunk of one row also checks that paging does not lose the filter.
      expect(await exported(node.store.streamItems({ org: orgA }, 1))).toEqual([
        'KZ-ISO-A',
        'KZ-ISO-ALL',
      ])
      expect(await exported(node.store.streamItems({ org: orgB }, 1))).toEqual(['KZ-ISO-ALL'])
      expect(await exported(node.store.streamPlaces({ org: orgA }, 1))).toEqual([
        'HUB:ISO-A',
        'HUB:ISO-ALL',
      ])
      expect(await exported(node.store.streamPlaces({ org: orgB }, 1))).toEqual(['HUB:ISO-ALL'])
      expect(await exported(node.store.streamItems({ org: node.ctx.node.org }))).toEqual([
        'KZ-ISO-A',
        'KZ-ISO-ALL',
        'KZ-ISO-OWN',
      ])
    })

    it("shows partner B's admin no trace of a hidden record in the audit trail", async () => {
      const response = await get(as.adminB, '/api/audit?limit=5000')
      expect(response.statusCode).toBe(200)
      const text = response.body
      for (const id of [record.itemA, record.itemOwn, record.placeA, record.placeOwn])
        expect(text).not.toContain(id)
      expect(text).not.toContain('zebra-secret-note')
      expect(text).not.toContain('KZ-ISO-A"')
    })

    it('does not tell partner B the id of a hidden item when it picks the same code', async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/items',
        headers: as.logisticianB,
        payload: { code: 'KZ-ISO-A', nameEn: 'Guessing', category: 'wash', unit: 'piece' },
      })
      expect(response.statusCode).toBe(409)
      expect(response.body).not.toContain(record.itemA)
    })

    it("does not let partner A change the release of the node's record shared with it", async () => {
      const before = await eventCount()
      const response = await app.inject({
        method: 'PATCH',
        url: `/api/items/${record.itemA}`,
        headers: as.logisticianA,
        payload: { version: 1, share: 'all' },
      })
      expect([403, 404]).toContain(response.statusCode)
      expect(await eventCount()).toBe(before)
      expect((await get(as.viewerB, `/api/items/${record.itemA}`)).statusCode).toBe(404)
    })

    it("shows partner B's admin only B's users and tokens", async () => {
      const users = (await get(as.adminB, '/api/users')).json().users as {
        id: string
        org: string
      }[]
      expect(users.length).toBeGreaterThanOrEqual(3)
      expect(new Set(users.map((user) => user.org))).toEqual(new Set([orgB]))
      expect(users.map((user) => user.id)).toContain(people.userB)
      const tokens = (await get(as.adminB, '/api/tokens')).json().tokens as {
        id: string
        org: string
      }[]
      expect(new Set(tokens.map((token) => token.org))).toEqual(new Set([orgB]))
      expect(tokens.map((token) => token.id)).toContain(people.tokenB)
      const all = (await get(as.nodeAdmin, '/api/users')).json().users as { org: string }[]
      expect(new Set(all.map((user) => user.org))).toEqual(new Set([node.ctx.node.org, orgA, orgB]))
    })

    it("answers partner B's admin acting on A's user or token exactly as on an unknown id, and writes nothing", async () => {
      const before = await eventCount()
      const patchUser = (id: string) =>
        app.inject({
          method: 'PATCH',
          url: `/api/users/${id}`,
          headers: as.adminB,
          payload: { version: 1, disabled: true },
        })
      const reset = (id: string) =>
        app.inject({ method: 'POST', url: `/api/users/${id}/password-reset`, headers: as.adminB })
      const revoke = (id: string) =>
        app.inject({ method: 'POST', url: `/api/tokens/${id}/revoke`, headers: as.adminB })
      const unknownPatch = shape(await patchUser(UNKNOWN_ID), UNKNOWN_ID)
      expect(unknownPatch.status).toBe(404)
      expect(shape(await patchUser(people.userA), people.userA)).toEqual(unknownPatch)
      expect(shape(await reset(people.userA), people.userA)).toEqual(
        shape(await reset(UNKNOWN_ID), UNKNOWN_ID),
      )
      expect(shape(await revoke(people.tokenA), people.tokenA)).toEqual(
        shape(await revoke(UNKNOWN_ID), UNKNOWN_ID),
      )
      expect(await eventCount()).toBe(before)
      // A's user and token still work.
      const stillA = (await get(as.adminA, '/api/users')).json().users as {
        id: string
        disabled: boolean
      }[]
      expect(stillA.find((user) => user.id === people.userA)?.disabled).toBe(false)
    })

    it("answers partner B's admin making a token for A's user exactly as for an unknown user", async () => {
      const before = await eventCount()
      const token = (userId: string) =>
        app.inject({
          method: 'POST',
          url: '/api/tokens',
          headers: as.adminB,
          payload: { name: 'sneaky', role: 'viewer', userId },
        })
      const unknown = shape(await token(UNKNOWN_ID), UNKNOWN_ID)
      expect(unknown.status).toBe(404)
      expect(shape(await token(people.userA), people.userA)).toEqual(unknown)
      expect(await eventCount()).toBe(before)
    })

    it("refuses partner B's admin a new user in partner A's organisation", async () => {
      const before = await eventCount()
      const response = await app.inject({
        method: 'POST',
        url: '/api/users',
        headers: as.adminB,
        payload: {
          username: 'iso-planted',
          roles: ['admin'],
          org: orgA,
          password: 'a long enough password',
        },
      })
      expect(response.statusCode).toBe(403)
      expect(await eventCount()).toBe(before)
    })
  })
}
