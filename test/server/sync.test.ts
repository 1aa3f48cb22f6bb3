/**
 * GET /api/sync/events on both databases: who may pull (a registered, active peer signing with its key
 * within five minutes), what a peer receives (only what is released to its organisation, never
 * reference data or the node's users and peers), and pages that cover a range and say when they stop
 * short of the head.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { importItems } from '../../src/app/import-reference.js'
import { createOrganisation } from '../../src/app/organisations.js'
import { addPeer, changePeer } from '../../src/app/peers.js'
import { createPlace } from '../../src/app/places.js'
import { actOnRequest, createRequest } from '../../src/app/requests.js'
import type { ChainEvent } from '../../src/domain/events/chain.js'
import { openSignedPage, type ReplicationPage } from '../../src/domain/federation/page.js'
import { buildApp } from '../../src/server/build-app.js'
import { createFederation } from '../../src/sync/federation.js'
import { tokenHeaders } from '../support/callers.js'
import { type FakeNode, fakeNode, keyLine, signedHeaders } from '../support/federation.js'
import { itemDraft, placeDraft } from '../support/fixtures.js'
import { dialects, openTestNode, type TestNode } from '../support/stores.js'

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`sync endpoint on ${dialect.name}`, () => {
    let node: TestNode
    let app: Awaited<ReturnType<typeof buildApp>>
    let peerOrg: string
    let otherOrg: string
    let peer: FakeNode
    let other: FakeNode
    const subjects: Record<string, string> = {}

    beforeEach(async () => {
      node = await openTestNode(dialect.name)
      app = await buildApp({
        ctx: node.ctx,
        federation: createFederation({ ctx: node.ctx, key: node.key }),
      })
      const nodeOrg = node.ctx.node.org
      const setup = {
        kind: 'user' as const,
        id: 's',
        userId: 's',
        org: nodeOrg,
        roles: ['admin' as const],
      }
      const org = async (code: string) =>
        (
          await createOrganisation(node.ctx, setup, {
            code,
            nameEn: code,
            nameJa: null,
            country: null,
            kind: 'government',
          })
        ).organisation.id
      peerOrg = await org('US-INDOPACOM')
      otherOrg = await org('AU-DFAT')
      const cli = { kind: 'cli' as const, id: 'test', org: nodeOrg }
      peer = fakeNode()
      other = fakeNode()
      for (const [n, o] of [
        [peer, peerOrg],
        [other, otherOrg],
      ] as const)
        await addPeer(node.ctx, cli, {
          id: n.id,
          organisation: o,
          url: 'https://peer.example',
          publicKey: keyLine(n.key),
        })
      const place = async (code: string, share: 'own' | 'all' | string[], org = nodeOrg) =>
        (await createPlace(node.ctx, { ...cli, org }, placeDraft({ code, share }))).place.id
      subjects.own = await place('HUB:OWN', 'own')
      subjects.shared = await place('HUB:SHARED', [peerOrg])
      subjects.all = await place('HUB:ALL', 'all')
      subjects.peersOwn = await place('HUB:PEERS-OWN', 'own', peerOrg)
      // A request of the peer's organisation, kept to it: its status changes do not name their org.
      const asPeer = { kind: 'cli' as const, id: 'test', org: peerOrg }
      const request = await createRequest(node.ctx, asPeer, {
        destination: subjects.all,
        neededBy: '2030-01-01T00:00:00Z',
        share: 'own',
        lines: [{ kind: 'capability', capability: 'airlift', description: 'x', priority: 'other' }],
      })
      subjects.request = request.request.id
      await actOnRequest(node.ctx, asPeer, subjects.request, 'submit')
      const { share: _s, id: _i, ...item } = itemDraft({ code: 'KZ-REF-1' })
      await importItems(node.ctx, cli, [{ ...item, line: 2 }])
      await tokenHeaders(node.ctx, ['viewer'])
    })
    afterEach(async () => {
      await app.close()
      await node.close()
    })

    const now = () => node.ctx.clock.now()
    const pull = (asker: FakeNode, url: string, at = now().toISOString(), signer = asker.key) =>
      app.inject({
        method: 'GET',
        url,
        headers: signedHeaders(asker, node.ctx.node.id, url, at, signer),
      })
    const pageOf = (text: string): ReplicationPage => {
      const opened = openSignedPage(
        text,
        () => [node.key.publicKeyPem],
        (m, s, k) => node.key.verify(m, s, k),
      )
      if (!opened.ok) throw new Error(opened.problem.message)
      return opened.page
    }
    const kindsFor = (events: readonly ChainEvent[], subject: string) =>
      events.filter((e) => e.subject === subject).map((e) => e.kind)

    it('answers a registered peer a page signed by this node, of only what is released to it', async () => {
      const response = await pull(peer, '/api/sync/events?after=0&limit=5000')
      expect(response.statusCode, response.body).toBe(200)
      const page = pageOf(response.body)
      const head = (await node.store.readEvents(0, 1e6)).length
      expect(page).toMatchObject({
        node: node.ctx.node.id,
        asker: peer.id,
        from: 1,
        to: head,
        head,
      })
      expect(page.truncated).toBe(false)
      const events = page.events
      expect(kindsFor(events, subjects.own as string)).toEqual([])
      expect(kindsFor(events, subjects.shared as string)).toEqual(['place.created'])
      expect(kindsFor(events, subjects.all as string)).toEqual(['place.created'])
      expect(kindsFor(events, subjects.peersOwn as string)).toEqual(['place.created'])
      expect(kindsFor(events, subjects.request as string)).toEqual([
        'request.created',
        'request.submitted',
      ])
      expect(events.filter((e) => /^(user|token|peer|item)\./.test(e.kind))).toEqual([])

      const forOther = pageOf((await pull(other, '/api/sync/events?after=0')).body).events
      expect(kindsFor(forOther, subjects.shared as string)).toEqual([])
      expect(kindsFor(forOther, subjects.peersOwn as string)).toEqual([])
      expect(kindsFor(forOther, subjects.request as string)).toEqual([])
      expect(kindsFor(forOther, subjects.all as string)).toEqual(['place.created'])
    })

    it('covers a range per page, says when it stops short of the head, and resumes after it', async () => {
      const head = (await node.store.readEvents(0, 1e6)).length
      const whole = pageOf((await pull(peer, '/api/sync/events?after=0&limit=5000')).body)
      const seen: number[] = []
      let after = 0
      for (;;) {
        const page = pageOf((await pull(peer, `/api/sync/events?after=${after}&limit=3`)).body)
        expect(page.from).toBe(after + 1)
        expect(page.to).toBe(Math.min(after + 3, head))
        expect(page.truncated).toBe(page.to < head)
        seen.push(...page.events.map((e) => e.seq))
        after = page.to
        if (!page.truncated) break
      }
      expect(seen).toEqual(whole.events.map((e) => e.seq))
      // Filtered events leave gaps inside a covered range: fewer events than seqs covered.
      expect(seen.length).toBeLessThan(head)
      const atHead = pageOf((await pull(peer, `/api/sync/events?after=${head}`)).body)
      expect(atHead).toMatchObject({ from: head + 1, to: head, events: [], truncated: false })
      const beyond = await pull(peer, `/api/sync/events?after=${head + 5}`)
      expect(beyond.statusCode).toBe(400)
      expect(beyond.json().error.details[0].field).toBe('querystring.after')
    })

    it('refuses an unknown or suspended peer (403), and a bad signature or clock (401), saying why', async () => {
      const url = '/api/sync/events?after=0'
      const stranger = fakeNode()
      const unknown = await pull(stranger, url)
      expect(unknown.statusCode).toBe(403)
      expect(unknown.json().error.message).toBe(
        `node ${stranger.id} is not a registered peer of this node; an admin here must add it (kizuna peer add)`,
      )
      const forged = await pull(peer, url, now().toISOString(), stranger.key)
      expect(forged.statusCode).toBe(401)
      expect(forged.json().error.message).toMatch(/signature was not made by the key registered/)
      const skewed = await pull(peer, url, new Date(now().getTime() - 6 * 60_000).toISOString())
      expect(skewed.statusCode).toBe(401)
      expect(skewed.json().error.message).toMatch(/more than 5 minutes from this node's clock/)
      const otherPath = await app.inject({
        method: 'GET',
        url: '/api/sync/events?after=0&limit=7',
        headers: signedHeaders(peer, node.ctx.node.id, url, now().toISOString()),
      })
      expect(otherPath.statusCode).toBe(401)
      const unsigned = await app.inject({ method: 'GET', url })
      expect(unsigned.statusCode).toBe(401)
      expect(unsigned.json().error.message).toMatch(
        /x-kizuna-node, x-kizuna-timestamp, x-kizuna-signature/,
      )
      const cli = { kind: 'cli' as const, id: 'test', org: node.ctx.node.org }
      await changePeer(node.ctx, cli, peer.id, {
        action: 'suspend',
        reason: 'under review',
        version: 1,
      })
      const suspended = await pull(peer, url)
      expect(suspended.statusCode).toBe(403)
      expect(suspended.json().error.message).toBe(
        `node ${peer.id} is suspended on this node: under review`,
      )
      expect(suspended.body).not.toContain('"page"')
    })
  })
}
