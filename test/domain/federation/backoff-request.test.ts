/** The backoff schedule after failures, and the signed request's timestamp window and message. */
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { backoffDelayMs } from '../../../src/domain/federation/backoff.js'
import { checkTimestamp, requestMessage } from '../../../src/domain/federation/request.js'

describe('the backoff schedule', () => {
  it('waits nothing before a failure, then doubles from a second up to five minutes', () => {
    const policy = { baseMs: 1000, maxMs: 300_000 }
    expect(backoffDelayMs(0, 0.5, policy)).toBe(0)
    expect([1, 2, 3, 4, 10, 40].map((n) => backoffDelayMs(n, 0, policy))).toEqual([
      500, 1000, 2000, 4000, 150_000, 150_000,
    ])
    expect(backoffDelayMs(3, 0.999_999, policy)).toBe(4000)
  })

  test.prop([
    fc.integer({ min: 1, max: 1000 }),
    fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  ])('keeps each wait between half and all of its doubling ceiling', (failures, random) => {
    const ceiling = Math.min(300_000, 1000 * 2 ** Math.min(failures - 1, 30))
    const wait = backoffDelayMs(failures, random)
    expect(wait).toBeGreaterThanOrEqual(ceiling / 2)
    expect(wait).toBeLessThanOrEqual(ceiling)
  })
})

describe('a signed request', () => {
  const now = new Date('2026-03-01T12:00:00.000Z')

  it('accepts a timestamp within five minutes either way, and no further', () => {
    expect(checkTimestamp('2026-03-01T12:05:00.000Z', now)).toBe('ok')
    expect(checkTimestamp('2026-03-01T11:55:00Z', now)).toBe('ok')
    expect(checkTimestamp('2026-03-01T12:05:00.001Z', now)).toBe('skewed')
    expect(checkTimestamp('2026-03-01T11:54:59.999Z', now)).toBe('skewed')
    expect(checkTimestamp('1772366400000', now)).toBe('malformed')
    expect(checkTimestamp('2026-03-01T12:00:00+09:00', now)).toBe('malformed')
  })

  it('signs the asker, the node asked, the method, the path and query and the time', () => {
    expect(
      requestMessage({
        asker: 'node-b',
        target: 'node-a',
        method: 'get',
        pathAndQuery: '/api/sync/events?after=0&limit=10',
        timestamp: '2026-03-01T12:00:00.000Z',
      }).toString('utf8'),
    ).toBe(
      'kizuna-sync-request:v1\nnode-b\nnode-a\nGET\n/api/sync/events?after=0&limit=10\n2026-03-01T12:00:00.000Z',
    )
  })
})
