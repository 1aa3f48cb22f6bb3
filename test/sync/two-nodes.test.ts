/**
 * Two nodes in one process, each a real app on a loopback port (SQLite and SQLite, or SQLite and
 * PostgreSQL when KIZUNA_TEST_PG_URL is set): their admins register each other through the API, each
 * pulls the other's events over HTTP, and holds exactly what the other released to it. A tampered,
 * unsigned or wrongly signed page is refused with nothing applied and the error kept; pulling resumes.
 */
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPlace } from '../../src/app/places.js'
import type { ChainEvent } from '../../src/domain/events/chain.js'
import { signedPageText, splitSignedPage } from '../../src/domain/federation/page.js'
import { buildApp } from '../../src/server/build-app.js'
import { createFederation } from '../../src/sync/federation.js'
import type { FetchLike } from '../../src/sync/pull.js'
import { tokenHeaders } from '../support/callers.js'
import { fakeNode, keyLine, releasableTo } from '../support/federation.js'
import { placeDraft } from '../support/fixtures.js'
import { openTestNode, pgUrl, type TestNode } from '../support/stores.js'

interface Running {
  readonly node: TestNode
  readonly app: Awaited<ReturnType<typeof buildApp>>
  readonly url: string
  readonly admin: Record<string, string>
}

async function start(dialect: 'sqlite' | 'postgres'): Promise<Running> {
  const node = await openTestNode(dialect)
  const app = await buildApp({
    ctx: node.ctx,
    federation: createFederation({ ctx: node.ctx, key: node.key }),
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  const admin = { authorization: (await tokenHeaders(node.ctx, ['admin'])).authorization }
  return { node, app, url: `http://127.0.0.1:${port}`, admin }
}

/** `on`'s admin registers `other` as a peer, through the API, with its organisation known by code. */
async function register(on: Running, other: Running, code: string): Promise<string> {
  const organisation = await on.app.inject({
    method: 'POST',
    url: '/api/organisations',
    headers: on.admin,
    payload: { code, nameEn: code, kind: 'government' },
  })
  expect(organisation.statusCode, organisation.body).toBe(201)
  const peer = await on.app.inject({
    method: 'POST',
    url: '/api/peers',
    headers: on.admin,
    payload: {
      id: other.node.ctx.node.id,
      organisation: organisation.json().id,
      url: other.url,
      publicKey: keyLine(other.node.key),
    },
  })
  expect(peer.statusCode, peer.body).toBe(201)
  return organisation.json().id as string
}

const comparable = (events: readonly ChainEvent[]) =>
  events.map(({ seq, hash, prevHash, kind, subject, body, share, at, actor }) => ({
    seq,
    hash,
    prevHash,
    kind,
    subject,
    body,
    share,
    at,
    actor,
  }))

describe(`two nodes on loopback (${pgUrl ? 'SQLite and PostgreSQL' : 'SQLite and SQLite'})`, () => {
  let a: Running
  let b: Running
  /** B's organisation as A knows it, and A's as B knows it. */
  let bOnA: string
  let aOnB: string
  const place = (on: Running, code: string, share: 'own' | 'all' | string[]) =>
    createPlace(
      on.node.ctx,
      { kind: 'cli', id: 'test', org: on.node.ctx.node.org },
      placeDraft({ code, share }),
    )

  beforeAll(async () => {
    a = await start('sqlite')
    b = await start(pgUrl ? 'postgres' : 'sqlite')
    bOnA = await register(a, b, 'JP-CAO')
    aOnB = await register(b, a, 'US-INDOPACOM')
  })
  afterAll(async () => {
    for (const running of [a, b]) {
      await running?.app.close()
      await running?.node.close()
    }
  })

  const replicasOf = (on: Running, home: Running) =>
    on.node.store.readReplicaEvents(home.node.ctx.node.id, 0, 1_000_000)

  it('pulls each way and holds exactly what the other node released to its organisation', async () => {
    await place(a, 'HUB:A-OWN', 'own')
    const shared = await place(a, 'HUB:A-SHARED', [bOnA])
    await place(a, 'HUB:A-ALL', 'all')
    await place(b, 'HUB:B-ALL', 'all')
    await place(b, 'HUB:B-SHARED', [aOnB])

    const [onB] = await createFederation({ ctx: b.node.ctx, key: b.node.key, pageLimit: 4 }).pull()
    expect(onB).toMatchObject({ peer: a.node.ctx.node.id, outcome: 'caught_up', error: null })
    const [onA] = await createFederation({ ctx: a.node.ctx, key: a.node.key }).pull()
    expect(onA).toMatchObject({ peer: b.node.ctx.node.id, outcome: 'caught_up', error: null })

    const held = await replicasOf(b, a)
    expect(comparable(held)).toEqual(comparable(await releasableTo(a.node.store, bOnA)))
    expect(held.some((e) => e.subject === shared.place.id)).toBe(true)
    expect(held.some((e) => e.body.includes('HUB:A-OWN'))).toBe(false)
    expect(comparable(await replicasOf(a, b))).toEqual(
      comparable(await releasableTo(b.node.store, aOnB)),
    )
    const head = (await a.node.store.readChainHead()).seq
    expect(onB?.seq).toBe(head)

    const list = await b.app.inject({ method: 'GET', url: '/api/peers', headers: b.admin })
    expect(list.json().peers[0].sync).toMatchObject({
      seq: head,
      head,
      lag: 0,
      lastError: null,
      failures: 0,
    })
    expect(list.json().peers[0].sync.lastContactAt).toEqual(expect.any(String))
  })

  /** B's federation over a network that hands each of A's pages to `change` first. */
  const throughTamperer = (change: (text: string) => string) => {
    const tamper: FetchLike = async (url, init) => {
      const response = await fetch(url, init)
      const text = await response.text()
      return { status: response.status, text: async () => change(text) }
    }
    return createFederation({ ctx: b.node.ctx, key: b.node.key, fetch: tamper })
  }

  it('refuses a tampered, an unsigned and a wrongly signed page, applies nothing, and keeps the error', async () => {
    await place(a, 'HUB:A-LATER', 'all')
    const before = await replicasOf(b, a)
    const checkpoint = await b.node.store.getCheckpoint(a.node.ctx.node.id)
    const stranger = fakeNode()
    const cases: [string, (text: string) => string, RegExp][] = [
      ['tampered', (text) => text.replace('HUB:A-LATER', 'HUB:A-LATEX'), /bad_signature/],
      ['unsigned', (text) => splitSignedPage(text)?.pageText ?? text, /unsigned/],
      [
        'wrongly signed',
        (text) => {
          const page = splitSignedPage(text)?.pageText ?? ''
          return signedPageText(page, stranger.key.sign(Buffer.from(page, 'utf8')))
        },
        /bad_signature/,
      ],
    ]
    for (const [name, change, error] of cases) {
      const [report] = await throughTamperer(change).pull(a.node.ctx.node.id)
      expect(report?.outcome, name).toBe('failed')
      expect(report?.error, name).toMatch(error)
      expect(await replicasOf(b, a), name).toEqual(before)
      const after = await b.node.store.getCheckpoint(a.node.ctx.node.id)
      expect(after?.seq, name).toBe(checkpoint?.seq)
      expect(after?.lastError, name).toMatch(error)
    }
    const list = await b.app.inject({ method: 'GET', url: '/api/peers', headers: b.admin })
    expect(list.json().peers[0].sync).toMatchObject({ failures: 3, lag: 0 })
    expect(list.json().peers[0].sync.lastError).toMatch(/^page refused \(bad_signature\)/)

    const [healed] = await createFederation({ ctx: b.node.ctx, key: b.node.key }).pull()
    expect(healed).toMatchObject({ outcome: 'caught_up', received: 1 })
    expect(comparable(await replicasOf(b, a))).toEqual(
      comparable(await releasableTo(a.node.store, bOnA)),
    )
    expect((await b.node.store.getCheckpoint(a.node.ctx.node.id))?.failures).toBe(0)
  })

  it('keeps pulling in the background until stopped', async () => {
    const loop = createFederation({
      ctx: b.node.ctx,
      key: b.node.key,
      loop: { pollMs: 20 },
    }).startLoop()
    try {
      await place(a, 'HUB:A-BACKGROUND', 'all')
      const head = (await a.node.store.readChainHead()).seq
      for (let i = 0; i < 500; i++) {
        if ((await b.node.store.getCheckpoint(a.node.ctx.node.id))?.seq === head) break
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      expect((await b.node.store.getCheckpoint(a.node.ctx.node.id))?.seq).toBe(head)
    } finally {
      await loop.stop()
    }
    expect(comparable(await replicasOf(b, a))).toEqual(
      comparable(await releasableTo(a.node.store, bOnA)),
    )
  })
})
