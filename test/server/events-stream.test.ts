/**
 * Live notices over server-sent events, on both databases, from an app listening on a loopback port
 * and read with fetch (inject cannot hold a stream open): an event written after subscribing arrives
 * with its kind, subject and time and no body; one the reader's organisation may not see never does,
 * nor do the node's access records; a client resuming with Last-Event-ID gets what it missed; bad
 * input is refused; and closing the server ends the streams instead of waiting on them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createItem } from '../../src/app/items.js'
import { createOrganisation } from '../../src/app/organisations.js'
import { createPlace } from '../../src/app/places.js'
import { createRequest } from '../../src/app/requests.js'
import { createUser } from '../../src/app/users.js'
import type { Principal } from '../../src/domain/access/permissions.js'
import { buildApp } from '../../src/server/build-app.js'
import { tokenHeaders } from '../support/callers.js'
import { itemDraft, placeDraft } from '../support/fixtures.js'
import { dialects, openTestNode, type TestNode } from '../support/stores.js'

interface Message {
  id: string | null
  event: string
  data: string
}

/** Reads a text/event-stream body message by message. */
function messages(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  const queue: Message[] = []
  const next = async (): Promise<Message | null> => {
    while (queue.length === 0) {
      const cut = buffer.indexOf('\n\n')
      if (cut >= 0) {
        const block = buffer.slice(0, cut)
        buffer = buffer.slice(cut + 2)
        const fields = { id: null as string | null, event: 'message', data: [] as string[] }
        let hasData = false
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) continue
          const [name, ...rest] = line.split(':')
          const value = rest.join(':').replace(/^ /, '')
          if (name === 'id') fields.id = value
          if (name === 'event') fields.event = value
          if (name === 'data') {
            fields.data.push(value)
            hasData = true
          }
        }
        if (hasData)
          queue.push({ id: fields.id, event: fields.event, data: fields.data.join('\n') })
        continue
      }
      const { done, value } = await reader.read()
      if (done) return null
      buffer += decoder.decode(value, { stream: true })
    }
    return queue.shift() ?? null
  }
  return { next, cancel: () => reader.cancel() }
}

interface Notice {
  seq: number
  kind: string
  subject: string
  at: string
}

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`live notices on ${dialect.name}`, () => {
    let node: TestNode
    let app: Awaited<ReturnType<typeof buildApp>>
    let base: string
    let partner: string
    let viewer: { authorization: string }
    const hub = { kind: 'cli' as const, id: 'test', org: '' }

    beforeAll(async () => {
      node = await openTestNode(dialect.name)
      hub.org = node.ctx.node.org
      app = await buildApp({ ctx: node.ctx, eventFeed: { intervalMs: 50 } })
      await app.listen({ port: 0, host: '127.0.0.1' })
      const address = app.server.address()
      base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
      const admin: Principal = {
        kind: 'user',
        id: 'setup',
        userId: 'setup',
        org: hub.org,
        roles: ['admin'],
      }
      partner = (
        await createOrganisation(node.ctx, admin, {
          code: 'AU-TEST',
          nameEn: 'Test partner',
          nameJa: null,
          country: 'AU',
          kind: 'ngo',
        })
      ).organisation.id
      viewer = { authorization: (await tokenHeaders(node.ctx, ['viewer'])).authorization }
    }, 60_000)

    afterAll(async () => {
      await app?.close()
      await node?.close()
    })

    const open = async (headers: Record<string, string> = {}) => {
      const response = await fetch(`${base}/api/events/stream`, {
        headers: { accept: 'text/event-stream', ...viewer, ...headers },
      })
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
      if (!response.body) throw new Error('no body')
      return messages(response.body)
    }
    const noticesOf = (message: Message | null): Notice[] => {
      if (!message) throw new Error('the stream ended')
      return (JSON.parse(message.data) as { notices: Notice[] }).notices
    }

    it('tells of an event written after subscribing, and never of one the reader may not see', async () => {
      const stream = await open()
      const placeA = await createPlace(node.ctx, hub, placeDraft({ code: 'HUB:LIVE-A' }))
      // The partner's own request: its organisation only.
      const point = placeA.place.id
      const water = (await createItem(node.ctx, hub, itemDraft())).item.id
      const own = await createRequest(
        node.ctx,
        { ...hub, org: partner },
        {
          destination: point,
          neededBy: '2030-01-01T00:00:00Z',
          lines: [{ kind: 'item', item: water, quantity: 5, priority: 'other' }],
          share: 'own',
        },
      )
      // The node's access records are told to no one.
      await createUser(node.ctx, 'cli', {
        username: 'live-user',
        displayName: null,
        roles: ['viewer'],
        password: 'correct horse battery staple',
      })
      const placeB = await createPlace(node.ctx, hub, placeDraft({ code: 'HUB:LIVE-B' }))
      const seen: Notice[] = []
      let lastId = ''
      while (!seen.some((n) => n.subject === placeB.place.id)) {
        const message = await stream.next()
        seen.push(...noticesOf(message))
        lastId = message?.id ?? lastId
      }
      await stream.cancel()
      expect(seen.map((n) => [n.kind, n.subject])).toEqual([
        ['place.created', placeA.place.id],
        ['item.created', water],
        ['place.created', placeB.place.id],
      ])
      expect(seen.map((n) => n.subject)).not.toContain(own.request.id)
      const head = (await node.store.readEvents(0, 1e6)).at(-1)
      expect(lastId).toBe(String(head?.seq))
      expect(seen[0]).toEqual({
        seq: expect.any(Number),
        kind: 'place.created',
        subject: placeA.place.id,
        at: '2026-01-02T03:04:05.000Z',
      })
      // The partner's own readers are told of it.
      const partnerViewer = await tokenHeaders(node.ctx, ['viewer'], partner)
      const theirs = await open({
        authorization: partnerViewer.authorization,
        'last-event-id': String((seen[0]?.seq ?? 1) - 1),
      })
      const replayed: Notice[] = []
      while (!replayed.some((n) => n.subject === placeB.place.id))
        replayed.push(...noticesOf(await theirs.next()))
      await theirs.cancel()
      expect(replayed.map((n) => n.subject)).toEqual([
        placeA.place.id,
        water,
        own.request.id,
        placeB.place.id,
      ])
    })

    it('gives a client that resumes with Last-Event-ID what it missed, and a reset when it asks from beyond the log', async () => {
      const before = (await node.store.readEvents(0, 1e6)).at(-1)?.seq ?? 0
      const missed = await createPlace(node.ctx, hub, placeDraft({ code: 'HUB:LIVE-C' }))
      const stream = await open({ 'last-event-id': String(before) })
      const notices = noticesOf(await stream.next())
      await stream.cancel()
      expect(notices.map((n) => [n.seq, n.subject])).toEqual([[before + 1, missed.place.id]])

      const ahead = await open({ 'last-event-id': String(before + 1000) })
      const reset = await ahead.next()
      await ahead.cancel()
      expect(reset).toEqual({ id: String(before + 1), event: 'reset', data: '{}' })
    })

    it('refuses a bad Last-Event-ID, a client that does not accept an event stream, and no credentials', async () => {
      const bad = await fetch(`${base}/api/events/stream`, {
        headers: { accept: 'text/event-stream', ...viewer, 'last-event-id': 'yesterday' },
      })
      expect(bad.status).toBe(400)
      expect(((await bad.json()) as { error: { message: string } }).error.message).toContain(
        'headers.last-event-id',
      )
      const json = await app.inject({ method: 'GET', url: '/api/events/stream', headers: viewer })
      expect(json.statusCode).toBe(406)
      expect(json.json().error.message).toContain('Accept: text/event-stream')
      const anonymous = await fetch(`${base}/api/events/stream`, {
        headers: { accept: 'text/event-stream' },
      })
      expect(anonymous.status).toBe(401)
    })

    it('ends the open streams when the server closes, without waiting on them', async () => {
      const other = await buildApp({ ctx: node.ctx, eventFeed: { intervalMs: 50 } })
      await other.listen({ port: 0, host: '127.0.0.1' })
      const address = other.server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      const response = await fetch(`http://127.0.0.1:${port}/api/events/stream`, {
        headers: { accept: 'text/event-stream', ...viewer },
      })
      expect(response.status).toBe(200)
      if (!response.body) throw new Error('no body')
      const stream = messages(response.body)
      await other.close()
      expect(await stream.next()).toBeNull()
    })
  })
}
