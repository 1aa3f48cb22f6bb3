/**
 * A small HTTP proxy in the test process that sits on one pull link (one node asking another for its
 * events) and misbehaves on command: passes pages on, drops the connection (a partition), holds each
 * request a while (to kill the asker in the middle of a catch-up), changes the page it forwards
 * (tampered, unsigned, re-signed, cut short) or answers with a page of its own choosing (duplicated,
 * reordered). It records the `after` of every request, so a test can tell what the asker redid.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { log, sleep } from './harness.js'

/** What the upstream node answered. */
export interface Upstream {
  readonly status: number
  readonly text: string
}

export type Behaviour =
  | { readonly kind: 'pass' }
  /** The link is down: every connection is dropped at once. */
  | { readonly kind: 'down' }
  /** Each request is held this long before it is passed on. */
  | { readonly kind: 'hold'; readonly ms: number }
  /** The upstream page, changed on its way. */
  | { readonly kind: 'alter'; readonly change: (text: string) => string }
  /** An answer of the proxy's own making for the request asked `after`. */
  | { readonly kind: 'answer'; readonly answer: (after: number) => Promise<Upstream> }

export interface Ask {
  readonly after: number
  readonly at: number
  answered: boolean
}

export class PageProxy {
  behaviour: Behaviour = { kind: 'pass' }
  target = ''
  readonly asks: Ask[] = []
  /** Answers given under the current behaviour (reset by `behave`). */
  served = 0
  /** The last 200 answer upstream gave that carried at least one event. */
  lastPageWithEvents: string | null = null
  private readonly server: http.Server
  private port = 0

  constructor(readonly label: string) {
    this.server = http.createServer((req, res) => void this.handle(req, res))
    this.server.keepAliveTimeout = 1000
  }

  async start(): Promise<string> {
    await new Promise<void>((done) => this.server.listen(0, '127.0.0.1', done))
    this.port = (this.server.address() as AddressInfo).port
    return this.url
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  behave(behaviour: Behaviour): void {
    this.behaviour = behaviour
    this.served = 0
  }

  async close(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>((done) => this.server.close(() => done()))
  }

  /** GET `pathAndQuery` of the upstream node with these headers. */
  fetchUpstream(pathAndQuery: string, headers: Record<string, string>): Promise<Upstream> {
    return new Promise((done, fail) => {
      const url = new URL(pathAndQuery, this.target)
      const req = http.request(
        { host: url.hostname, port: url.port, path: pathAndQuery, method: 'GET', headers },
        (res) => {
          let text = ''
          res.setEncoding('utf8')
          res.on('data', (d: string) => (text += d))
          res.on('end', () => done({ status: res.statusCode ?? 0, text }))
          res.on('error', fail)
        },
      )
      req.setTimeout(30_000, () => req.destroy(new Error('upstream timeout')))
      req.on('error', fail)
      req.end()
    })
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = req.url ?? '/'
    const after = Number(new URL(path, 'http://x').searchParams.get('after') ?? -1)
    const ask: Ask = { after, at: Date.now(), answered: false }
    this.asks.push(ask)
    const behaviour = this.behaviour
    if (behaviour.kind === 'down') {
      req.socket.destroy()
      return
    }
    try {
      if (behaviour.kind === 'hold') await sleep(behaviour.ms)
      const headers: Record<string, string> = {}
      for (const [name, value] of Object.entries(req.headers))
        if (name.startsWith('x-kizuna-') || name === 'accept') headers[name] = String(value)
      let answer: Upstream
      if (behaviour.kind === 'answer') answer = await behaviour.answer(after)
      else {
        answer = await this.fetchUpstream(path, headers)
        if (answer.status === 200 && answer.text.includes('"events":[{'))
          this.lastPageWithEvents = answer.text
        if (behaviour.kind === 'alter' && answer.status === 200)
          answer = { status: 200, text: behaviour.change(answer.text) }
      }
      if (res.destroyed || req.socket.destroyed) return
      res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8' })
      res.end(answer.text)
      ask.answered = true
      if (this.behaviour === behaviour) this.served++
    } catch (error) {
      // The node behind is down (killed, restarting): the asker sees the connection drop.
      const why = error instanceof Error ? error.message : String(error)
      if (!why.includes('ECONNREFUSED')) log(`${this.label} proxy: ${why}`)
      res.destroy()
    }
  }
}
