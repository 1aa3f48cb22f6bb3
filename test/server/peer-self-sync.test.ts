/**
 * This node's identity for the other side's admin (GET /api/peers/self) and "Sync now" (POST
 * /api/peers/:id/sync): two real apps on loopback ports, B registers A and pulls from it on demand; only
 * the node's admins may; a suspended, unknown or unreachable peer is answered plainly.
 */
import { type AddressInfo, createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOrganisation } from '../../src/app/organisations.js'
import { createPlace } from '../../src/app/places.js'
import { buildApp } from '../../src/server/build-app.js'
import { createFederation } from '../../src/sync/federation.js'
import { tokenHeaders } from '../support/callers.js'
import { fakeNode, keyLine } from '../support/federation.js'
import { placeDraft } from '../support/fixtures.js'
import { openTestNode, type TestNode } from '../support/stores.js'

interface Running {
  readonly node: TestNode
  readonly app: Awaited<ReturnType<typeof buildApp>>
  readonly url: string
  readonly admin: Record<string, string>
  readonly viewer: Record<string, string>
}

/** A loopback port nothing listens on (opened, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  await new Promise((done) => server.close(done))
  return port
}

async function start(withFederation = true): Promise<Running> {
  const node = await openTestNode('sqlite')
  const app = await buildApp({
    ctx: node.ctx,
    ...(withFederation ? { federation: createFederation({ ctx: node.ctx, key: node.key }) } : {}),
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  const admin = { authorization: (await tokenHeaders(node.ctx, ['admin'])).authorization }
  const viewer = { authorization: (await tokenHeaders(node.ctx, ['viewer'])).authorization }
  return { node, app, url: `http://127.0.0.1:${port}`, admin, viewer }
}

describe('peer self and sync now', () => {
  let a: Running
  let b: Running
  let aOnB: string

  beforeAll(async () => {
    a = await start()
    b = await start()
    const setup = {
      kind: 'user' as const,
      id: 'setup',
      userId: 'setup',
      org: b.node.ctx.node.org,
      roles: ['admin' as const],
    }
    aOnB = (
      await createOrganisation(b.node.ctx, setup, {
        code: 'US-INDOPACOM',
        nameEn: 'U.S. Indo-Pacific Command',
        nameJa: null,
        country: 'US',
        kind: 'military',
      })
    ).organisation.id
  })
  afterAll(async () => {
    for (const running of [a, b]) {
      await running?.app.close()
      await running?.node.close()
    }
  })

  const sync = (id: string, headers: Record<string, string>, on = b) =>
    on.app.inject({ method: 'POST', url: `/api/peers/${id}/sync`, headers })

  it("answers the node's id, organisation and key to its admins only", async () => {
    const self = await a.app.inject({ method: 'GET', url: '/api/peers/self', headers: a.admin })
    expect(self.statusCode, self.body).toBe(200)
    expect(self.json()).toEqual({
      id: a.node.ctx.node.id,
      organisation: { id: a.node.ctx.node.org, code: 'JP-TEST', nameEn: 'Test agency' },
      publicKey: a.node.key.publicKeyPem,
      publicKeyLine: keyLine(a.node.key),
      previousKeys: [],
      url: 'http://localhost:80',
    })
    const viewer = await a.app.inject({ method: 'GET', url: '/api/peers/self', headers: a.viewer })
    expect(viewer.statusCode).toBe(403)
    expect((await a.app.inject({ method: 'GET', url: '/api/peers/self' })).statusCode).toBe(401)
  })

  it('pulls from a peer now and answers the report with the peer caught up', async () => {
    // A answers only nodes its admin registered: B, run by an organisation of its own.
    const bOnA = await a.app.inject({
      method: 'POST',
      url: '/api/organisations',
      headers: a.admin,
      payload: { code: 'JP-CAO', nameEn: 'Cabinet Office', kind: 'government' },
    })
    const bOnAPeer = await a.app.inject({
      method: 'POST',
      url: '/api/peers',
      headers: a.admin,
      payload: {
        id: b.node.ctx.node.id,
        organisation: bOnA.json().id,
        url: b.url,
        publicKey: keyLine(b.node.key),
      },
    })
    expect(bOnAPeer.statusCode, bOnAPeer.body).toBe(201)
    const registered = await b.app.inject({
      method: 'POST',
      url: '/api/peers',
      headers: b.admin,
      payload: {
        id: a.node.ctx.node.id,
        organisation: aOnB,
        url: a.url,
        publicKey: keyLine(a.node.key),
      },
    })
    expect(registered.statusCode, registered.body).toBe(201)
    await createPlace(
      a.node.ctx,
      { kind: 'cli', id: 'test', org: a.node.ctx.node.org },
      placeDraft({ code: 'HUB:SHARED-ALL', share: 'all' }),
    )
    const head = (await a.node.store.readChainHead()).seq
    const answer = await sync(a.node.ctx.node.id, b.admin)
    expect(answer.statusCode, answer.body).toBe(200)
    const body = answer.json()
    expect(body.report).toEqual({
      peer: a.node.ctx.node.id,
      seq: head,
      head,
      received: expect.any(Number),
      outcome: 'caught_up',
      error: null,
    })
    expect(body.report.received).toBeGreaterThan(0)
    expect(body.peer.sync).toMatchObject({
      seq: head,
      head,
      lag: 0,
      lastContactAt: '2026-01-02T03:04:05.000Z',
      lastError: null,
      failures: 0,
    })
    const again = await sync(a.node.ctx.node.id, b.admin)
    expect(again.json().report).toMatchObject({ outcome: 'caught_up', received: 0, seq: head })
  })

  it('refuses viewers, unknown, malformed and suspended peers, and says why an unreachable one failed', async () => {
    expect((await sync(a.node.ctx.node.id, b.viewer)).statusCode).toBe(403)
    expect((await sync(fakeNode().id, b.admin)).statusCode).toBe(404)
    const malformed = await sync('not-a-uuid', b.admin)
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json().error.details[0].field).toBe('params.id')

    const gone = fakeNode()
    const port = await closedPort()
    const added = await b.app.inject({
      method: 'POST',
      url: '/api/peers',
      headers: b.admin,
      payload: {
        id: gone.id,
        organisation: aOnB,
        url: `http://127.0.0.1:${port}`,
        publicKey: keyLine(gone.key),
      },
    })
    expect(added.statusCode, added.body).toBe(201)
    const failed = await sync(gone.id, b.admin)
    expect(failed.statusCode, failed.body).toBe(200)
    expect(failed.json().report).toMatchObject({ outcome: 'failed', received: 0, seq: 0 })
    expect(failed.json().report.error).toEqual(expect.any(String))
    expect(failed.json().peer.sync).toMatchObject({
      lastError: failed.json().report.error,
      lastErrorAt: '2026-01-02T03:04:05.000Z',
      failures: 1,
    })

    const suspended = await b.app.inject({
      method: 'PATCH',
      url: `/api/peers/${gone.id}`,
      headers: b.admin,
      payload: { action: 'suspend', version: 1, reason: 'unreachable' },
    })
    expect(suspended.statusCode, suspended.body).toBe(200)
    const refused = await sync(gone.id, b.admin)
    expect(refused.statusCode).toBe(409)
    expect(refused.json().error).toMatchObject({
      code: 'invalid_transition',
      message: `peer ${gone.id} is suspended; reactivate it first`,
    })
    const checkpoint = await b.node.store.getCheckpoint(gone.id)
    expect(checkpoint?.failures).toBe(1)
  })

  it('has no sync-now route on a server without the Federation port', async () => {
    const lone = await start(false)
    try {
      const answer = await sync(fakeNode().id, lone.admin, lone)
      expect(answer.statusCode).toBe(404)
      expect(answer.json().error.code).toBe('not_found')
    } finally {
      await lone.app.close()
      await lone.node.close()
    }
  })
})
