/**
 * @module server/routes/events
 * GET /api/events/stream: server-sent events telling a signed-in screen what was just written — the
 * kind, subject and time of each new event its organisation may see, never a body — so it refetches
 * what it shows. Each message's id is the last seq it covers: a browser's EventSource resumes with
 * Last-Event-ID after a dropped connection and is given what it missed (or an event `reset`: reload).
 * A comment line every 20 s keeps proxies from closing the connection; the server ends each stream
 * after a while (the EventSource reconnects, signing in afresh), when the client reads too slowly,
 * and when it shuts down.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { EventNotice } from '../../app/event-notices.js'
import { errorBodySchema } from '../../contract/common.js'
import type { ServerDeps } from '../build-app.js'
import type { EventFeed } from '../event-feed.js'

/** A stream lives this long before the server ends it and the browser reconnects. */
const LIFETIME_MS = 10 * 60_000
/** Bytes waiting for a slow reader beyond which its stream is ended (it resumes from its last id). */
const BACKLOG_MAX = 1_000_000
/** Notices per message, so one big commit is not one enormous line. */
const PER_MESSAGE = 200

const headersSchema = z.looseObject({
  'last-event-id': z
    .string()
    .regex(/^\d{1,15}$/, 'the id of the last message received: a whole number')
    .optional()
    .describe('Sent by EventSource when it reconnects: the stream resumes after it'),
})

const message = (notices: EventNotice[], id: number) => {
  const lines: string[] = []
  for (let i = 0; i < notices.length; i += PER_MESSAGE) {
    const part = notices.slice(i, i + PER_MESSAGE)
    const last = i + PER_MESSAGE >= notices.length
    // Only the last part carries the resume point: an earlier one would skip what follows it.
    lines.push(`${last ? `id: ${id}\n` : ''}data: ${JSON.stringify({ notices: part })}\n\n`)
  }
  return lines.join('')
}

export const eventRoutes: FastifyPluginAsyncZod<ServerDeps & { feed: EventFeed }> = async (
  app,
  { viewerOf, feed },
) => {
  app.get(
    '/api/events/stream',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['node'],
        summary:
          'Live notices (text/event-stream) of new events you may see: { notices: [{ seq, kind, subject, at }] }, resumable with Last-Event-ID',
        headers: headersSchema,
        produces: ['text/event-stream'],
        response: { 200: z.string(), 401: errorBodySchema, 406: errorBodySchema },
      },
    },
    async (request, reply) => {
      if (!(request.headers.accept ?? '').includes('text/event-stream'))
        return reply.code(406).send({
          error: {
            code: 'not_acceptable',
            message:
              'this is a stream of server-sent events: send Accept: text/event-stream (a browser EventSource does)',
          },
        })
      // HEAD (which Fastify answers for every GET) says what would come, without holding a stream.
      if (request.method === 'HEAD')
        return reply
          .type('text/event-stream; charset=utf-8')
          .header('cache-control', 'no-store')
          .send('')
      const lastEventId = request.headers['last-event-id']
      const after = lastEventId === undefined ? null : Number(lastEventId)
      const raw = reply.raw
      // Written before the head is sent (a reset on subscribing) wait for it.
      let ready = false
      const waiting: string[] = []
      let ended = false
      const write = (text: string) => {
        if (ended) return
        if (!ready) {
          waiting.push(text)
          return
        }
        raw.write(text)
        if (raw.writableLength > BACKLOG_MAX) end()
      }
      let unsubscribe = () => {}
      const end = () => {
        if (ended) return
        ended = true
        unsubscribe()
        clearTimeout(lifetime)
        // Before the head is sent the client has gone (or the server is closing): ended below.
        if (ready) raw.end()
      }
      const lifetime = setTimeout(end, LIFETIME_MS)
      // The response's close: the client went away, or the stream was ended here.
      raw.on('close', end)
      // The start is fixed before the head is sent: whatever is written once the client has the
      // head reaches it.
      try {
        unsubscribe = await feed.subscribe(
          viewerOf(request),
          {
            notices: (notices, seq) => write(message(notices, seq)),
            reset: (seq) => write(`id: ${seq}\nevent: reset\ndata: {}\n\n`),
            heartbeat: () => write(': heartbeat\n\n'),
            end,
          },
          after,
        )
      } catch (error) {
        clearTimeout(lifetime)
        throw error
      }
      reply.hijack()
      if (ended) {
        unsubscribe()
        raw.end()
        return reply
      }
      // The headers set so far (security headers, rate limits) go out with the stream's own.
      for (const [name, value] of Object.entries(reply.getHeaders()))
        if (value !== undefined) raw.setHeader(name, value)
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
        // A stream's connection is not reused: once it ends (here, or at shutdown) it closes.
        connection: 'close',
      })
      ready = true
      raw.write(': connected\nretry: 5000\n\n')
      for (const text of waiting.splice(0)) write(text)
      return reply
    },
  )
}
