/**
 * The ledger bench's load generator, run as a child process so it does not share the server's event
 * loop: autocannon (programmatic) with keep-alive connections on loopback. The parent sends one job at a
 * time over IPC and gets a summary back.
 */
import autocannon from 'autocannon'
import { v7 as uuidv7 } from 'uuid'

export interface AccountRefJson {
  kind: 'stock'
  where: string
  item: string
  owner: string
  lot: string
}

export interface LoadJob {
  readonly kind: 'health' | 'transfers'
  readonly url: string
  readonly connections: number
  readonly seconds: number
  readonly authorization?: string
  /** For `transfers`: the (from, to) pairs to pick from at random. */
  readonly pairs?: [AccountRefJson, AccountRefJson][]
}

export interface LoadResult {
  readonly ok: number
  readonly non2xx: number
  readonly errors: number
  readonly timeouts: number
  readonly seconds: number
  readonly perSecond: number
  readonly p50: number
  readonly p99: number
  readonly statusCodes: Record<string, number>
}

async function run(job: LoadJob): Promise<LoadResult> {
  const pairs = job.pairs ?? []
  const result = await autocannon({
    url: job.url,
    connections: job.connections,
    pipelining: 1,
    duration: job.seconds,
    timeout: 30,
    requests:
      job.kind === 'health'
        ? [{ method: 'GET', path: '/api/health' }]
        : [
            {
              method: 'POST',
              path: '/api/transfers',
              headers: {
                'content-type': 'application/json',
                authorization: job.authorization ?? '',
              },
              // A new idempotency key for every request: each one is a new transfer.
              setupRequest: (request) => {
                const [from, to] = pairs[Math.floor(Math.random() * pairs.length)] as [
                  AccountRefJson,
                  AccountRefJson,
                ]
                return {
                  ...request,
                  body: JSON.stringify({
                    transfers: [
                      { id: uuidv7(), mode: 'single', from, to, quantity: 1, reason: 'moved' },
                    ],
                  }),
                }
              },
            },
          ],
  })
  const statusCodes: Record<string, number> = {}
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {}))
    statusCodes[code] = stat.count
  return {
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
    perSecond: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statusCodes,
  }
}

process.on('message', (job: LoadJob) => {
  run(job).then(
    (result) => process.send?.({ result }),
    (error: unknown) => process.send?.({ error: String(error) }),
  )
})
process.on('disconnect', () => process.exit(0))
