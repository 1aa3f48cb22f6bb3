/**
 * The directories — users, API tokens, partner organisations, operations — page, sort and filter on
 * the server (issue 8), through the API on both databases; a bad sort is a 400 naming querystring.sort.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createOperation } from '../../src/app/operations.js'
import { createOrganisation } from '../../src/app/organisations.js'
import { createToken, createUser, revokeToken } from '../../src/app/users.js'
import { buildApp } from '../../src/server/build-app.js'
import { tokenHeaders } from '../support/callers.js'
import { dialects, openTestNode, type TestNode } from '../support/stores.js'

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`directory lists on ${dialect.name}`, () => {
    let node: TestNode
    let app: Awaited<ReturnType<typeof buildApp>>
    let headers: Record<string, string>
    beforeEach(async () => {
      node = await openTestNode(dialect.name)
      app = await buildApp({ ctx: node.ctx })
      headers = { authorization: (await tokenHeaders(node.ctx, ['admin'])).authorization }
    })
    afterEach(async () => {
      await app.close()
      await node.close()
    })
    const get = async (url: string) => {
      const reply = await app.inject({ method: 'GET', url, headers })
      expect(reply.statusCode, reply.body).toBe(200)
      return reply.json()
    }
    const badSort = async (url: string, accepted: string) => {
      const reply = await app.inject({ method: 'GET', url, headers })
      expect(reply.statusCode).toBe(400)
      expect(reply.json().error.details[0].field).toBe('querystring.sort')
      expect(reply.json().error.message).toContain(accepted)
    }
    const admin = { kind: 'user' as const, id: 'x', userId: 'x', roles: ['admin' as const] }

    it('pages, sorts and finds users by name, role and state', async () => {
      const made = async (username: string, displayName: string | null, roles: 'planner'[]) =>
        (
          await createUser(node.ctx, 'cli', {
            username,
            displayName,
            roles: roles.length ? roles : ['viewer' as never],
            password: 'correct horse battery staple',
          })
        ).user.id
      const sato = await made('sato', 'Sato Hanako', ['planner'])
      const abe = await made('abe', null, ['planner'])
      const tanaka = await made('tanaka', 'Tanaka Taro', [])
      await app.inject({
        method: 'PATCH',
        url: `/api/users/${tanaka}`,
        headers,
        payload: { version: 1, disabled: true },
      })
      const ids = async (query: string) =>
        (await get(`/api/users?${query}`)).users.map((u: { id: string }) => u.id)
      expect(await ids('role=planner')).toEqual([abe, sato])
      expect(await ids('role=planner&sort=-username')).toEqual([sato, abe])
      // No display name sorts last both ways.
      expect(await ids('q=a&sort=displayName&role=planner')).toEqual([sato, abe])
      expect(await ids('q=TANAKA')).toEqual([tanaka])
      expect(await ids('q=hanako')).toEqual([sato])
      expect(await ids('disabled=true')).toEqual([tanaka])
      const page = await get('/api/users?sort=username&limit=2&offset=1')
      expect(page).toMatchObject({ limit: 2, offset: 1 })
      expect(page.total).toBeGreaterThanOrEqual(4)
      expect(page.users.map((u: { id: string }) => u.id)).toEqual([
        ...(await ids('sort=username')).slice(1, 3),
      ])
      // Without a limit, the whole list: what pickers read.
      expect((await get('/api/users')).users.length).toBe(page.total)
      await badSort('/api/users?sort=password', 'displayName')
      const badFlag = await app.inject({ method: 'GET', url: '/api/users?disabled=1', headers })
      expect(badFlag.statusCode).toBe(400)
      expect(badFlag.json().error.details[0].field).toBe('querystring.disabled')
    })

    it('pages, sorts and finds API tokens by name, user and whether revoked', async () => {
      const { user } = await createUser(node.ctx, 'cli', {
        username: 'scanner-owner',
        displayName: null,
        roles: ['logistician'],
        password: 'correct horse battery staple',
      })
      const token = async (name: string, expiresAt?: string) =>
        (
          await createToken(node.ctx, 'cli', {
            name,
            role: 'logistician',
            userId: user.id,
            expiresAt,
          })
        ).token.id
      const scanner = await token('Dock scanner', '2031-01-01T00:00:00Z')
      const hxl = await token('HXL feed', '2030-01-01T00:00:00Z')
      const old = await token('Old import')
      await revokeToken(node.ctx, 'cli', old)
      const ids = async (query: string) =>
        (await get(`/api/tokens?user=${user.id}&${query}`)).tokens.map((t: { id: string }) => t.id)
      expect(await ids('')).toEqual([old, hxl, scanner])
      expect(await ids('sort=name')).toEqual([scanner, hxl, old])
      expect(await ids('sort=expiresAt')).toEqual([hxl, scanner, old])
      expect(await ids('sort=-expiresAt')).toEqual([scanner, hxl, old])
      expect(await ids('revoked=false&sort=name')).toEqual([scanner, hxl])
      expect(await ids('revoked=true')).toEqual([old])
      expect(await ids('q=dock')).toEqual([scanner])
      expect(await ids('sort=name&limit=1&offset=1')).toEqual([hxl])
      await badSort('/api/tokens?sort=secret', 'lastUsedAt')
    })

    it('pages, sorts and finds partners by code, name, kind and country', async () => {
      const org = async (code: string, nameEn: string, nameJa: string | null, country: string) =>
        (
          await createOrganisation(
            node.ctx,
            { ...admin, org: node.ctx.node.org },
            { code, nameEn, nameJa, country, kind: 'government' },
          )
        ).organisation.id
      const au = await org('AU-DFAT', 'Australian DFAT', null, 'AU')
      const jp = await org('JP-CAO', 'Cabinet Office', '内閣府', 'JP')
      const us = await org('US-USAID', 'USAID', null, 'US')
      const ids = async (query: string) =>
        (await get(`/api/organisations?kind=government&${query}`)).organisations.map(
          (o: { id: string }) => o.id,
        )
      // The node's own organisation is listed too: look at the three made here.
      const ours = async (query: string) =>
        (await ids(query)).filter((id: string) => [au, jp, us].includes(id))
      expect(await ours('')).toEqual([au, jp, us])
      expect(await ours('sort=-code')).toEqual([us, jp, au])
      expect(await ours('sort=nameEn')).toEqual([au, jp, us])
      // Partners with no Japanese name sort last both ways.
      expect((await ours('sort=-nameJa'))[0]).toBe(jp)
      expect((await ours('sort=nameJa'))[0]).toBe(jp)
      expect(await ids('q=内閣')).toEqual([jp])
      expect(await ids('q=usaid')).toEqual([us])
      expect(await ids('country=AU')).toEqual([au])
      const all = await ids('sort=code')
      expect(await ids('sort=code&limit=1&offset=2')).toEqual([all[2]])
      await badSort('/api/organisations?sort=share', 'nameJa')
      const badCountry = await app.inject({
        method: 'GET',
        url: '/api/organisations?country=japan',
        headers,
      })
      expect(badCountry.statusCode).toBe(400)
      expect(badCountry.json().error.details[0].field).toBe('querystring.country')
    })

    it('pages, sorts and finds operations by name and whether ended', async () => {
      const actor = { kind: 'cli' as const, id: 'test', org: node.ctx.node.org }
      const op = async (name: string, startedOn: string, endedOn: string | null) =>
        (await createOperation(node.ctx, actor, { name, startedOn, endedOn })).id
      const noto = await op('Noto 2024', '2024-01-01', null)
      const kumamoto = await op('Kumamoto 2016', '2016-04-14', '2016-09-30')
      const hagibis = await op('Hagibis 2019', '2019-10-12', '2020-01-31')
      const ids = async (query: string) =>
        (await get(`/api/operations?${query}`)).operations.map((o: { id: string }) => o.id)
      expect(await ids('')).toEqual([noto, hagibis, kumamoto])
      expect(await ids('sort=startedOn')).toEqual([kumamoto, hagibis, noto])
      expect(await ids('sort=name')).toEqual([hagibis, kumamoto, noto])
      // Not ended sorts last both ways.
      expect(await ids('sort=endedOn')).toEqual([kumamoto, hagibis, noto])
      expect(await ids('sort=-endedOn')).toEqual([hagibis, kumamoto, noto])
      expect(await ids('open=true')).toEqual([noto])
      expect(await ids('open=false&q=MOTO')).toEqual([kumamoto])
      const page = await get('/api/operations?limit=1&offset=1')
      expect(page).toMatchObject({ total: 3, limit: 1, offset: 1 })
      await badSort('/api/operations?sort=area', 'startedOn')
    })
  })
}
