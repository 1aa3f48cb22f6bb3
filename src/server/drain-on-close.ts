/**
 * @module server/drain-on-close
 * Lets a closing server finish in milliseconds rather than at the keep-alive timeout (72 s). Fastify
 * closes idle keep-alive connections, but Node 20's `server.close()` counts two kinds as busy and
 * waits for them: a connection opened that has sent no request yet (a peer's sync pull aborted just
 * as it connected leaves one), and one whose response is sent after the close began. So, once
 * closing: connections that never sent a request are destroyed, and every response still in flight
 * is answered, then its connection closed.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'

/** Watches `server`'s connections; the function returned starts the drain (call it on preClose). */
export function drainOnClose(server: Server): () => void {
  const silent = new Set<Socket>()
  const answering = new Set<ServerResponse>()
  let closing = false
  const endAfter = (response: ServerResponse) => {
    // Before the headers go, Node sends `Connection: close` and ends the socket itself.
    if (!response.headersSent) response.shouldKeepAlive = false
    else {
      // Node detaches the socket from the response before this listener runs, so it is kept here.
      const socket = response.socket
      response.once('finish', () => socket?.end())
    }
  }
  server.on('connection', (socket: Socket) => {
    if (closing) return void socket.destroy()
    silent.add(socket)
    socket.once('close', () => silent.delete(socket))
  })
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    silent.delete(request.socket)
    answering.add(response)
    response.once('close', () => answering.delete(response))
    if (closing) endAfter(response)
  })
  return () => {
    closing = true
    for (const socket of silent) socket.destroy()
    silent.clear()
    for (const response of answering) endAfter(response)
  }
}
