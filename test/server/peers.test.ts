/**
 * The peers registry through the API on both databases: only the node's admins, fields named when
 * refused with nothing written, idempotent registration, suspend, reactivate, key rotation and URL
 * changes at a version, each with its event; the list shows each peer's sync state.
 */
import { generateKeyPairSync } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createOrganisation } from '../../src/app/organisations.js'
import { buildApp } from '../../src/server/build-app.js'
import { tokenHeaders } from '../support/callers.js'
import { fakeNode, keyLine } from '../support/federation.js'
import { dialects, openTestNode, type TestNode } from '../support/stores.js'

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`peers API on ${dialect.name}`, () => {
    let node: TestNode
    let app: Awaited<ReturnType<typeof buildApp>>
    let admin: Record<string, string>
    let partnerOrg: string
    const events = async () => (await node.store.readEvents(0, 1e6)).map((e) => e.kind)

    beforeEach(async () => {
      node = await openTestNode(dialect.name)
      app = await buildApp({ ctx: node.ctx })
      admin = { authorization: (await tokenHeaders(node.ctx, ['admin'])).authorization }
      const setup = {
        kind: 'user' as const,
        id: 'setup',
        userId: 'setup',
        org: node.ctx.node.org,
        roles: ['admin' as const],
      }
      partnerOrg = (
        await createOrganisation(node.ctx, setup, {
          code: 'US-INDOPACOM',
          nameEn: 'U.S. Indo-Pacific Command',
          nameJa: null,
          country: 'US',
          kind: 'military',
        })
      ).organisation.id
    })
    afterEach(async () => {
      await app.close()
      await node.close()
    })

    const post = (payload: object, headers = admin) =>
      app.inject({ method: 'POST', url: '/api/peers', headers, payload })
    const patch = (id: string, payload: object, headers = admin) =>
      app.inject({ method: 'PATCH', url: `/api/peers/${id}`, headers, payload })

    it('registers a peer once, lists it with its sync state, and records the event', async () => {
      const peer = fakeNode()
      const body = {
        id: peer.id,
        organisation: partnerOrg,
        url: 'https://us.kizuna.example/',
        publicKey: keyLine(peer.key),
      }
      const created = await post(body)
      expect(created.statusCode, created.body).toBe(201)
      expect(created.json()).toMatchObject({
        id: peer.id,
        organisation: partnerOrg,
        url: 'https://us.kizuna.example',
        publicKey: peer.key.publicKeyPem,
        status: 'active',
        previousKeys: [],
        version: 1,
        sync: { seq: 0, head: 0, lag: 0, lastContactAt: null, lastError: null, failures: 0 },
      })
      const again = await post({ ...body, publicKey: peer.key.publicKeyPem })
      expect(again.statusCode).toBe(200)
      const list = await app.inject({ method: 'GET', url: '/api/peers', headers: admin })
      expect(list.json().peers.map((p: { id: string }) => p.id)).toEqual([peer.id])
      expect((await events()).filter((k) => k.startsWith('peer.'))).toEqual(['peer.added'])
      const different = await post({ ...body, url: 'https://elsewhere.example' })
      expect(different.statusCode).toBe(409)
      expect(different.json().error.code).toBe('exists_with_different_fields')
    })

    it('refuses bad input naming each field, and writes nothing', async () => {
      const before = (await events()).length
      const shape = await post({ id: 'not-a-uuid', organisation: partnerOrg, url: 'x' })
      expect(shape.statusCode).toBe(400)
      const fields = shape.json().error.details.map((d: { field: string }) => d.field)
      expect(fields).toEqual(expect.arrayContaining(['body.id', 'body.publicKey']))
      const peer = fakeNode()
      const bad = await post({
        id: peer.id,
        organisation: partnerOrg,
        url: 'ftp://us.kizuna.example',
        publicKey: generateKeyPairSync('ec', { namedCurve: 'P-256' })
          .publicKey.export({ type: 'spki', format: 'der' })
          .toString('base64'),
      })
      expect(bad.statusCode).toBe(400)
      expect(bad.json().error.details).toEqual([
        { field: 'url', message: 'ftp: is not accepted; expected http or https' },
        { field: 'publicKey', message: 'an ec key; expected Ed25519' },
      ])
      const self = await post({
        id: node.ctx.node.id,
        organisation: partnerOrg,
        url: 'https://self.example',
        publicKey: keyLine(peer.key),
      })
      expect(self.statusCode).toBe(400)
      expect(self.json().error.details[0].field).toBe('id')
      const unknownOrg = await post({
        id: peer.id,
        organisation: peer.id,
        url: 'https://us.kizuna.example',
        publicKey: keyLine(peer.key),
      })
      expect(unknownOrg.statusCode).toBe(422)
      expect(unknownOrg.json().error.details[0].field).toBe('organisation')
      expect((await events()).length).toBe(before)
      const notKey = await post({
        id: peer.id,
        organisation: partnerOrg,
        url: 'https://us.kizuna.example',
        publicKey: 'this is not a key, though long enough to be one',
      })
      expect(notKey.json().error.details).toEqual([
        { field: 'publicKey', message: 'expected a PEM public key or base64' },
      ])
      const noAction = await patch(peer.id, { version: 1 })
      expect(noAction.statusCode).toBe(400)
      expect(noAction.json().error.message).toMatch(/^body\.action/)
    })

    it("lets only admins of the node's organisation see or change peers", async () => {
      const viewer = { authorization: (await tokenHeaders(node.ctx, ['viewer'])).authorization }
      const partnerAdmin = {
        authorization: (await tokenHeaders(node.ctx, ['admin'], partnerOrg)).authorization,
      }
      for (const headers of [viewer, partnerAdmin]) {
        const list = await app.inject({ method: 'GET', url: '/api/peers', headers })
        expect(list.statusCode).toBe(403)
        const peer = fakeNode()
        const add = await post(
          {
            id: peer.id,
            organisation: partnerOrg,
            url: 'https://x.example',
            publicKey: keyLine(peer.key),
          },
          headers,
        )
        expect(add.statusCode).toBe(403)
      }
      const none = await app.inject({ method: 'GET', url: '/api/peers' })
      expect(none.statusCode).toBe(401)
      expect(await node.store.listPeers()).toEqual([])
    })

    it('suspends, reactivates, rotates the key of and moves a peer, each at its version', async () => {
      const peer = fakeNode()
      const next = fakeNode()
      await post({
        id: peer.id,
        organisation: partnerOrg,
        url: 'https://us.kizuna.example',
        publicKey: keyLine(peer.key),
      })
      const suspended = await patch(peer.id, {
        action: 'suspend',
        version: 1,
        reason: 'key compromise suspected',
      })
      expect(suspended.json()).toMatchObject({
        status: 'suspended',
        statusReason: 'key compromise suspected',
        version: 2,
      })
      const stale = await patch(peer.id, { action: 'reactivate', version: 1 })
      expect(stale.statusCode).toBe(409)
      expect(stale.json().error.code).toBe('version_conflict')
      expect((await patch(peer.id, { action: 'reactivate', version: 2 })).json()).toMatchObject({
        status: 'active',
        statusReason: null,
        version: 3,
      })
      const same = await patch(peer.id, {
        action: 'rotate-key',
        version: 3,
        publicKey: keyLine(peer.key),
      })
      expect(same.statusCode).toBe(400)
      expect(same.json().error.details[0].field).toBe('publicKey')
      const rotated = await patch(peer.id, {
        action: 'rotate-key',
        version: 3,
        publicKey: next.key.publicKeyPem,
        oldKeyValidToSeq: 42,
      })
      expect(rotated.statusCode, rotated.body).toBe(200)
      expect(rotated.json()).toMatchObject({
        publicKey: next.key.publicKeyPem,
        previousKeys: [{ publicKey: peer.key.publicKeyPem, validToSeq: 42 }],
        version: 4,
      })
      const moved = await patch(peer.id, {
        action: 'set-url',
        version: 4,
        url: 'https://new.kizuna.example/',
      })
      expect(moved.json()).toMatchObject({ url: 'https://new.kizuna.example', version: 5 })
      const missing = await patch(fakeNode().id, { action: 'reactivate', version: 1 })
      expect(missing.statusCode).toBe(404)
      expect((await events()).filter((k) => k.startsWith('peer.'))).toEqual([
        'peer.added',
        'peer.suspended',
        'peer.reactivated',
        'peer.key_rotated',
        'peer.url_changed',
      ])
    })

    it('pages, sorts and filters the peers on the server, the whole list without a limit', async () => {
      const setup = {
        kind: 'user' as const,
        id: 'setup',
        userId: 'setup',
        org: node.ctx.node.org,
        roles: ['admin' as const],
      }
      const jrc = (
        await createOrganisation(node.ctx, setup, {
          code: 'JRC',
          nameEn: 'Japanese Red Cross',
          nameJa: '日本赤十字社',
          country: 'JP',
          kind: 'ngo',
        })
      ).organisation.id
      const added: { id: string; url: string }[] = []
      for (const [organisation, url, at] of [
        [partnerOrg, 'https://us.kizuna.example', '2026-01-01T00:00:00Z'],
        [jrc, 'https://jrc-tokyo.kizuna.example', '2026-01-02T00:00:00Z'],
        [jrc, 'https://jrc-osaka.kizuna.example', '2026-01-03T00:00:00Z'],
      ] as const) {
        node.clock.set(at)
        const peer = fakeNode()
        const created = await post({ id: peer.id, organisation, url, publicKey: keyLine(peer.key) })
        expect(created.statusCode, created.body).toBe(201)
        added.push({ id: peer.id, url })
      }
      const [us, tokyo, osaka] = added as [(typeof added)[0], (typeof added)[0], (typeof added)[0]]
      await patch(osaka.id, { action: 'suspend', version: 1, reason: 'moving' })
      const list = async (query: string) => {
        const reply = await app.inject({
          method: 'GET',
          url: `/api/peers?${query}`,
          headers: admin,
        })
        expect(reply.statusCode, reply.body).toBe(200)
        return reply.json() as { peers: { id: string }[]; total: number; limit: number }
      }
      const ids = async (query: string) => (await list(query)).peers.map((peer) => peer.id)

      const whole = await list('')
      expect(whole).toMatchObject({ total: 3, limit: 5000 })
      expect(whole.peers.map((peer) => peer.id)).toEqual([us.id, tokyo.id, osaka.id])
      expect(await ids('sort=-addedAt')).toEqual([osaka.id, tokyo.id, us.id])
      expect(await ids('sort=url')).toEqual([osaka.id, tokyo.id, us.id])
      expect(await ids('sort=-url')).toEqual([us.id, tokyo.id, osaka.id])
      // By the organisation's code, ties by id: JRC (two) before US-INDOPACOM.
      expect((await ids('sort=organisation')).at(-1)).toBe(us.id)
      expect((await ids('sort=-organisation'))[0]).toBe(us.id)
      expect((await ids('sort=-status'))[0]).toBe(osaka.id)
      expect(await ids('sort=-lastContactAt')).toHaveLength(3)

      expect(await ids('status=suspended')).toEqual([osaka.id])
      expect(await ids('status=active&sort=url')).toEqual([tokyo.id, us.id])
      expect(await ids('q=OSAKA')).toEqual([osaka.id])
      expect(await ids(`q=${encodeURIComponent('赤十字')}&sort=url`)).toEqual([osaka.id, tokyo.id])
      expect(await ids('q=indopacom')).toEqual([us.id])
      expect(await ids('q=%25')).toEqual([])
      const page = await list('sort=url&limit=2&offset=2')
      expect(page).toMatchObject({ total: 3, limit: 2 })
      expect(page.peers.map((peer) => peer.id)).toEqual([us.id])

      for (const [query, field] of [
        ['sort=-organization', 'querystring.sort'],
        ['status=paused', 'querystring.status'],
        ['limit=5001', 'querystring.limit'],
      ] as const) {
        const bad = await app.inject({ method: 'GET', url: `/api/peers?${query}`, headers: admin })
        expect(bad.statusCode, query).toBe(400)
        expect(bad.json().error.details[0].field).toBe(field)
      }
    })
  })
}
