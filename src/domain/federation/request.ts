/**
 * @module domain/federation/request
 * How a node authenticates itself when it asks a peer for events: it signs the method, the path and
 * query, a timestamp, its own id and the peer's id with its node key. Naming the peer keeps a request
 * made to one node from being replayed to another; the timestamp bounds a replay to the same node to
 * a few minutes. Pure: the signing is done by the caller.
 */

export const syncHeaders = {
  node: 'x-kizuna-node',
  timestamp: 'x-kizuna-timestamp',
  signature: 'x-kizuna-signature',
} as const

/** The largest difference between the asker's clock and the peer's that is accepted. */
export const clockSkewMaxMs = 5 * 60_000

export interface SignedRequest {
  /** The asking node's id. */
  readonly asker: string
  /** The id of the node asked. */
  readonly target: string
  readonly method: string
  /** Path and query exactly as sent, e.g. `/api/sync/events?after=0&limit=1000`. */
  readonly pathAndQuery: string
  /** ISO-8601 UTC. */
  readonly timestamp: string
}

export function requestMessage(request: SignedRequest): Buffer {
  return Buffer.from(
    [
      'kizuna-sync-request:v1',
      request.asker,
      request.target,
      request.method.toUpperCase(),
      request.pathAndQuery,
      request.timestamp,
    ].join('\n'),
    'utf8',
  )
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/

/** `ok`, or why the timestamp is refused: not an ISO-8601 UTC time, or too far from `now`. */
export function checkTimestamp(timestamp: string, now: Date): 'ok' | 'malformed' | 'skewed' {
  if (!ISO_UTC.test(timestamp)) return 'malformed'
  const at = Date.parse(timestamp)
  if (Number.isNaN(at)) return 'malformed'
  return Math.abs(now.getTime() - at) > clockSkewMaxMs ? 'skewed' : 'ok'
}
