import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import {
  type ChainEvent,
  canonicalJson,
  checkChainRun,
  GENESIS_HASH,
  hashEvent,
} from '../../../src/domain/events/chain.js'

function chainOf(bodies: readonly unknown[]): ChainEvent[] {
  const events: ChainEvent[] = []
  let prevHash = GENESIS_HASH
  bodies.forEach((body, i) => {
    const fields = {
      seq: i + 1,
      at: '2026-01-01T00:00:00.000Z',
      actor: 'system',
      kind: 'test',
      subject: `s${i}`,
      body: canonicalJson(body),
      share: 'all',
      prevHash,
    }
    const hash = hashEvent(fields)
    events.push({ ...fields, hash })
    prevHash = hash
  })
  return events
}

describe('event chain', () => {
  it('writes JSON with keys in one order whatever order they were given in', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}',
    )
  })

  test.prop([fc.array(fc.jsonValue(), { minLength: 1, maxLength: 20 })])(
    'accepts an untouched chain',
    (bodies) => {
      const result = checkChainRun(chainOf(bodies), { seq: 0, hash: GENESIS_HASH })
      expect(result).toMatchObject({ ok: true, seq: bodies.length })
    },
  )

  test.prop([
    fc.array(fc.jsonValue(), { minLength: 1, maxLength: 20 }),
    fc.nat(),
    fc.constantFrom('at', 'actor', 'kind', 'subject', 'body', 'share'),
  ])('names the first altered event whatever field was changed', (bodies, index, field) => {
    const events = chainOf(bodies)
    const target = index % events.length
    const original = events[target]!
    events[target] = { ...original, [field]: `${String(original[field as keyof ChainEvent])}!` }
    const result = checkChainRun(events, { seq: 0, hash: GENESIS_HASH })
    expect(result).toEqual({ ok: false, problem: { code: 'hash_mismatch', seq: target + 1 } })
  })

  test.prop([fc.array(fc.jsonValue(), { minLength: 3, maxLength: 20 }), fc.nat()])(
    'notices a removed event',
    (bodies, index) => {
      const events = chainOf(bodies)
      const removed = 1 + (index % (events.length - 2))
      events.splice(removed, 1)
      const result = checkChainRun(events, { seq: 0, hash: GENESIS_HASH })
      expect(result).toEqual({
        ok: false,
        problem: { code: 'seq_gap', seq: removed + 2, expected: removed + 1 },
      })
    },
  )
})
