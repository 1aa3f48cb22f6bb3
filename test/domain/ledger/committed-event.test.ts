import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { canonicalJson } from '../../../src/domain/events/chain.js'
import {
  committedBody,
  type EventAccount,
  eventFields,
  type EventTransfer,
} from '../../../src/domain/ledger/committed-event.js'

// Any text a client or a user could put in a field: unicode, quotes, backslashes, control
// characters, lone surrogates.
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', '"', '\\', '\n', '\u2028', '\ud800', 'moved', '受入'),
)
const shared = fc.constantFrom('a', 'b', '"q"', '倉庫')
const field = fc.oneof(text, shared)
const orNull = fc.option(field, { nil: null })
const transfer: fc.Arbitrary<EventTransfer> = fc.record({
  actor: field,
  at: field,
  batch: field,
  fromAccount: field,
  id: text,
  item: field,
  mode: fc.constantFrom('single', 'pending', 'post', 'void'),
  org: field,
  pendingId: orNull,
  quantity: fc.oneof(
    fc.integer({ min: 1, max: 1_000_000_000_000 }),
    fc.double(),
    fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, 1e21),
  ),
  reason: field,
  ref: orNull,
  timeoutAt: orNull,
  toAccount: field,
})
const account: fc.Arbitrary<EventAccount> = fc.record({
  expiresOn: orNull,
  id: text,
  item: text,
  kind: text,
  lot: text,
  owner: text,
  where: text,
})

describe('a transfers.committed body', () => {
  test.prop([fc.array(account, { maxLength: 5 }), field, fc.array(transfer, { maxLength: 20 })], {
    numRuns: 1000,
  })('is the same text canonicalJson makes of the body', (accounts, actor, transfers) => {
    expect(committedBody(accounts, actor, transfers).text).toBe(
      canonicalJson({ accounts, actor, transfers }),
    )
  })

  // The writer passes its stored transfers, envelope and all: only the event's fields are written.
  test.prop([
    fc.array(
      fc.tuple(transfer, fc.record({ home: text, share: text, version: fc.nat() })),
      { maxLength: 10 },
    ),
  ])('carries only the event fields of a stored transfer', (pairs) => {
    const stored = pairs.map(([t, envelope]) => ({ ...envelope, ...t }))
    expect(committedBody([], 'x', stored).text).toBe(
      canonicalJson({ accounts: [], actor: 'x', transfers: stored.map(eventFields) }),
    )
  })

  it('takes a transfer with a missing or undefined field the generic way', () => {
    const base: EventTransfer = {
      actor: 'cli:x',
      at: '2026-11-27T00:00:00.000Z',
      batch: 'b',
      fromAccount: 'f',
      id: 'i',
      item: 'it',
      mode: 'single',
      org: 'o',
      pendingId: null,
      quantity: 1,
      reason: 'moved',
      ref: null,
      timeoutAt: null,
      toAccount: 't',
    }
    const odd = [
      { ...base, ref: undefined },
      { ...base, quantity: '1' },
      (({ actor: _, ...rest }) => rest)(base),
    ] as unknown as EventTransfer[]
    expect(committedBody([], 'x', odd).text).toBe(
      canonicalJson({ accounts: [], actor: 'x', transfers: odd }),
    )
  })
})
