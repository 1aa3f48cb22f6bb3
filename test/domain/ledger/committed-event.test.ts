import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { canonicalJson } from '../../../src/domain/events/chain.js'
import {
  type CommittedBatch,
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
const transferOnly: fc.Arbitrary<EventTransfer> = fc.record({
  fromAccount: field,
  id: text,
  item: field,
  mode: fc.constantFrom('single', 'pending', 'post', 'void'),
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
const batchOf: fc.Arbitrary<CommittedBatch> = fc.record({
  actor: field,
  at: field,
  batch: field,
  org: field,
})
/** A batch and its transfers, each carrying the batch's shared fields as a stored transfer does. */
const batchAndTransfers = (maxLength: number) =>
  fc
    .tuple(batchOf, fc.array(transferOnly, { maxLength }))
    .map(([batch, transfers]) => ({ batch, transfers: transfers.map((t) => ({ ...t, ...batch })) }))
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
  test.prop([fc.array(account, { maxLength: 5 }), batchAndTransfers(20)], {
    numRuns: 1000,
  })('is the same text canonicalJson makes of the body', (accounts, { batch, transfers }) => {
    expect(committedBody(accounts, batch, transfers).text).toBe(
      canonicalJson({ accounts, ...batch, transfers: transfers.map(eventFields) }),
    )
  })

  // The writer passes its stored transfers, envelope and all: only the event's fields are written.
  test.prop([
    batchAndTransfers(10).chain(({ batch, transfers }) =>
      fc.record({
        batch: fc.constant(batch),
        stored: fc.tuple(
          ...transfers.map((t) =>
            fc.record({ home: text, share: text, version: fc.nat() }).map((e) => ({ ...e, ...t })),
          ),
        ),
      }),
    ),
  ])('carries only the event fields of a stored transfer', ({ batch, stored }) => {
    expect(committedBody([], batch, stored).text).toBe(
      canonicalJson({ accounts: [], ...batch, transfers: stored.map(eventFields) }),
    )
  })

  const batch: CommittedBatch = {
    actor: 'cli:x',
    at: '2026-11-27T00:00:00.000Z',
    batch: 'b',
    org: 'o',
  }
  const base = {
    ...batch,
    fromAccount: 'f',
    id: 'i',
    item: 'it',
    mode: 'single',
    pendingId: null,
    quantity: 1,
    reason: 'moved',
    ref: null,
    timeoutAt: null,
    toAccount: 't',
  }

  it('says the actor, time, batch and organisation once, not in each transfer', () => {
    const body = JSON.parse(committedBody([], batch, [base, { ...base, id: 'j' }]).text)
    expect(body).toEqual({
      accounts: [],
      ...batch,
      transfers: [eventFields(base), eventFields({ ...base, id: 'j' })],
    })
    expect(Object.keys(body.transfers[0])).not.toContain('actor')
  })

  it('refuses a transfer of another batch, whose event would misstate it', () => {
    for (const field of ['actor', 'at', 'batch', 'org'] as const)
      expect(() => committedBody([], batch, [base, { ...base, [field]: 'other' }])).toThrow(
        /not of batch b/,
      )
  })

  it('takes a transfer with a missing or undefined field the generic way', () => {
    const odd = [
      { ...base, ref: undefined },
      { ...base, quantity: '1' },
      (({ item: _, ...rest }) => rest)(base),
    ] as unknown as (EventTransfer & CommittedBatch)[]
    expect(committedBody([], batch, odd).text).toBe(
      canonicalJson({ accounts: [], ...batch, transfers: odd.map(eventFields) }),
    )
  })
})
