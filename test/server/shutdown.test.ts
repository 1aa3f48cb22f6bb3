/**
 * A closing server does not wait for connections that will never finish on their own
 * (server/drain-on-close.ts): without the drain, each case below holds `close()` until the
 * keep-alive timeout, 72 s.
 */
import { Agent, request } from 'node:http'
import { connect } from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/server/build-app.js'
import { openTestNode, type TestNode } from '../support/stores.js'

/** 'closed' when `closing` settles within `ms`, else 'still open' (a check of the outcome, not of speed). */
const within = (ms: number, closing: Promise<unknown>) =>
  Promise.race([
    closing.then(() => 'closed'),
    new Promise((resolve) => setTimeout(() => resolve('still open'), ms).unref()),
  ])

describe('a closing server', () => {
  let node: TestNode
  let app: Awaited<ReturnType<typeof buildApp>>
  afterEach(async () => {
    app.server.closeAllConnections()
    await app.close()
    await node.close()
  })

  const start = async (extra?: (app: Awaited<ReturnType<typeof buildApp>>) => void) => {
    node = await openTestNode('sqlite')
    app = await buildApp({ ctx: node.ctx })
    extra?.(app)
    await app.listen({ port: 0, host: '127.0.0.1' })
    return (app.server.address() as AddressInfo).port
  }

  it('closes a connection that was opened and never sent a request', async () => {
    const port = await start()
    const socket = connect(port, '127.0.0.1')
    await new Promise((resolve) => socket.once('connect', resolve))
    const ended = new Promise((resolve) => socket.once('close', resolve))
    expect(await within(5_000, app.close())).toBe('closed')
    await ended
  })

  it.each([
    ['whose headers go after the close began', false],
    ['whose headers went before the close began', true],
  ])(
    'answers a request in flight %s, then closes its keep-alive connection',
    async (_, headersFirst) => {
      let answer: () => void = () => {}
      let arrived: () => void = () => {}
      const inFlight = new Promise<void>((resolve) => {
        arrived = resolve
      })
      const answered = new Promise<void>((resolve) => {
        answer = resolve
      })
      const port = await start((app) =>
        app.get('/slow', async (_request, reply) => {
          if (!headersFirst) {
            arrived()
            await answered
            return { done: true }
          }
          // A streamed answer: its headers are out before the close begins.
          reply.hijack()
          reply.raw.writeHead(200, { 'content-type': 'application/json' })
          reply.raw.write('{"done":')
          arrived()
          await answered
          reply.raw.end('true}')
        }),
      )
      const agent = new Agent({ keepAlive: true })
      const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
        request({ port, host: '127.0.0.1', path: '/slow', agent }, (res) => {
          let body = ''
          res.on('data', (chunk) => {
            body += chunk
          })
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
        })
          .on('error', reject)
          .end()
      })
      await inFlight
      const closing = app.close()
      // The close has begun (Fastify's preClose hooks ran) before the answer is finished.
      await new Promise((resolve) => setTimeout(resolve, 50))
      answer()
      expect(await response).toEqual({ status: 200, body: '{"done":true}' })
      expect(await within(5_000, closing)).toBe('closed')
      agent.destroy()
    },
  )
})
