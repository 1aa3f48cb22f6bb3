import { createHash } from 'node:crypto'
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

  // The text is hashed and signed: it must never change for a value already in a chain. This is the
  // definition it was first written as (key-sorted copies through JSON.stringify); the code now skips
  // copying what is already in order.
  test.prop([fc.anything({ withObjectString: false, withNullPrototype: true })], { numRuns: 500 })(
    'writes the same text as JSON.stringify over key-sorted copies',
    (value) => {
      const sorted = (v: unknown): unknown => {
        if (Array.isArray(v)) return v.map(sorted)
        if (v !== null && typeof v === 'object')
          return Object.fromEntries(
            Object.entries(v as Record<string, unknown>)
              .filter(([, x]) => x !== undefined)
              .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
              .map(([k, x]) => [k, sorted(x)]),
          )
        return v
      }
      let expected: string | undefined
      try {
        expected = JSON.stringify(sorted(value))
      } catch {
        return // BigInt and the like: not JSON, never in an event body
      }
      expect(canonicalJson(value)).toBe(expected)
    },
  )

  it('writes a ledger batch written in key order as it would a sorted copy', () => {
    const transfer = { actor: 'u', at: 't', id: 'x', quantity: 1, ref: null, toAccount: 'a' }
    const body = { actor: 'u', transfers: [transfer, { ...transfer, id: 'y' }] }
    expect(canonicalJson(body)).toBe(JSON.stringify(body))
    expect(canonicalJson({ z: 1, a: [{ b: 1, a: 2 }] })).toBe('{"a":[{"a":2,"b":1}],"z":1}')
  })

  // The definition the chain was first hashed with: one JSON array of the fields. hashEvent feeds it
  // in parts; every hash already in a chain must come out the same.
  const anyText = fc.string({ unit: 'binary', maxLength: 40 })
  test.prop(
    [
      fc.record({
        seq: fc.nat(),
        at: anyText,
        actor: anyText,
        kind: anyText,
        subject: anyText,
        body: fc.oneof(anyText, fc.jsonValue().map((v) => canonicalJson(v))),
        share: anyText,
        prevHash: anyText,
      }),
    ],
    { numRuns: 500 },
  )('hashes the same bytes as the JSON array of the fields', (event) => {
    const text = JSON.stringify([
      event.seq,
      event.at,
      event.actor,
      event.kind,
      event.subject,
      event.body,
      event.share,
      event.prevHash,
    ])
    expect(hashEvent(event)).toBe(createHash('sha256').update(text).digest('hex'))
  })

  // Bodies shaped like a ledger batch (records in key order holding lists of records), some keys out
  // of order or undefined deep inside, some keys integer-like, empty or `__proto__`.
  const key = fc.oneof(
    fc.constantFrom('', '0', '01', '7', '10', '__proto__', 'a', 'b', 'z', 'toAccount'),
    fc.string({ maxLength: 3 }),
  )
  const leaf = fc.oneof(fc.jsonValue({ maxDepth: 1 }), fc.constant(undefined))
  const nested = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      leaf,
      fc.array(tie('node'), { maxLength: 4 }),
      fc.dictionary(key, tie('node'), { maxKeys: 5 }),
      fc
        .dictionary(key, tie('node'), { maxKeys: 5 })
        .map((d) =>
          Object.fromEntries(Object.entries(d).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
        ),
    ),
  })).node
  test.prop([nested], { numRuns: 1000 })(
    'writes nested in-order and out-of-order records as the sorted copy would',
    (value) => {
      const sorted = (v: unknown): unknown => {
        if (Array.isArray(v)) return v.map(sorted)
        if (v !== null && typeof v === 'object')
          return Object.fromEntries(
            Object.entries(v as Record<string, unknown>)
              .filter(([, x]) => x !== undefined)
              .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
              .map(([k, x]) => [k, sorted(x)]),
          )
        return v
      }
      expect(canonicalJson(value)).toBe(JSON.stringify(sorted(value)))
    },
  )

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
