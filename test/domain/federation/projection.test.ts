/**
 * Projecting a home's events into read-only replicas: whatever order its pages arrive in, twice or
 * late (replica.ts decides what applies), the replicas and the replica stock end as they do when every
 * event is applied once in order; an event applied again changes nothing; and the replica stock is
 * what the home's own ledger rules (decideTransfer) make of the same transfers.
 */
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import {
  type ChainEvent,
  canonicalJson,
  GENESIS_HASH,
  hashEvent,
} from '../../../src/domain/events/chain.js'
import type { ReplicationPage } from '../../../src/domain/federation/page.js'
import {
  applyTransfersEvent,
  type HeldReplica,
  organisationMap,
  projectEvent,
  projectEvents,
  type ReplicaLedger,
  translateOrganisations,
} from '../../../src/domain/federation/projection.js'
import {
  type Checkpoint,
  planApply,
  startCheckpoint,
} from '../../../src/domain/federation/replica.js'
import type { Balance } from '../../../src/domain/ledger/account.js'
import { committedBody } from '../../../src/domain/ledger/committed-event.js'
import { applyDelta, decideTransfer, type Pending } from '../../../src/domain/ledger/transfer.js'
import { pageOf } from './fixtures.js'

const HOME = 'node-a'
const ORG = 'org-a'

/** One step of the home's life, as the simulation of its users picks it. */
type Step =
  | { readonly kind: 'request'; readonly lines: number }
  | { readonly kind: 'act'; readonly request: number; readonly action: 'submitted' | 'validated' }
  | { readonly kind: 'progress'; readonly request: number; readonly planned: number }
  | { readonly kind: 'pledge'; readonly pledge: number; readonly status: string }
  | { readonly kind: 'move'; readonly from: number; readonly to: number; readonly quantity: number }
  | {
      readonly kind: 'reserve'
      readonly from: number
      readonly to: number
      readonly quantity: number
    }
  | {
      readonly kind: 'resolve'
      readonly pending: number
      readonly post: boolean
      readonly part: number
    }

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('request' as const), lines: fc.integer({ min: 1, max: 3 }) }),
  fc.record({
    kind: fc.constant('act' as const),
    request: fc.nat(5),
    action: fc.constantFrom('submitted' as const, 'validated' as const),
  }),
  fc.record({
    kind: fc.constant('progress' as const),
    request: fc.nat(5),
    planned: fc.integer({ min: 1, max: 20 }),
  }),
  fc.record({
    kind: fc.constant('pledge' as const),
    pledge: fc.nat(3),
    status: fc.constantFrom('offered', 'confirmed', 'withdrawn'),
  }),
  fc.record({
    kind: fc.constant('move' as const),
    from: fc.nat(3),
    to: fc.nat(3),
    quantity: fc.integer({ min: 1, max: 50 }),
  }),
  fc.record({
    kind: fc.constant('reserve' as const),
    from: fc.nat(3),
    to: fc.nat(3),
    quantity: fc.integer({ min: 1, max: 50 }),
  }),
  fc.record({
    kind: fc.constant('resolve' as const),
    pending: fc.nat(10),
    post: fc.boolean(),
    part: fc.integer({ min: 1, max: 100 }),
  }),
)

const accountIds = ['acc-supply', 'acc-hub', 'acc-shelter', 'acc-transit']
const accountKey = (i: number) => ({
  id: accountIds[i] as string,
  kind: i === 0 ? 'supply' : i === 3 ? 'transit' : 'stock',
  where: `where-${i}`,
  item: 'item-water',
  owner: ORG,
  lot: '',
  expiresOn: null,
})

interface HomeLog {
  readonly events: ChainEvent[]
  /** The balances the home's own rules made of the transfers. */
  readonly balances: Map<string, Balance>
}

const pledgeBody = (i: number, status: string, version: number) => ({
  id: `pledge-${i}`,
  home: HOME,
  org: ORG,
  share: 'all',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version,
  kind: 'capability',
  capability: 'airlift',
  status,
  quantity: 5,
})

/** Plays the steps as the home would, writing the events its use cases write. */
function homeLog(steps: readonly Step[]): HomeLog {
  const bodies: { kind: string; subject: string; body: unknown }[] = []
  const requests: { id: string; status: string; lines: string[] }[] = []
  const balances = new Map<string, Balance>(
    accountIds.map((id) => [id, { posted: 0, pendingOut: 0, pendingIn: 0 }]),
  )
  const pendings = new Map<string, Pending>()
  let n = 0
  const transfer = (body: object) =>
    bodies.push({ kind: 'transfers.committed', subject: `batch-${++n}`, body })
  for (const s of steps) {
    if (s.kind === 'request') {
      const id = `request-${requests.length}`
      const lines = Array.from({ length: s.lines }, (_, i) => `${id}-line-${i}`)
      requests.push({ id, status: 'draft', lines })
      bodies.push({
        kind: 'request.created',
        subject: id,
        body: {
          id,
          home: HOME,
          org: ORG,
          share: 'all',
          createdAt: '2026-01-01T00:00:00.000Z',
          updatedAt: '2026-01-01T00:00:00.000Z',
          version: 1,
          code: `RQ-${id}`,
          operation: null,
          destination: 'place-1',
          neededBy: '2026-01-05T00:00:00.000Z',
          justification: null,
          status: 'draft',
          rejectionReason: null,
          lines: lines.map((line) => ({
            id: line,
            kind: 'item',
            item: 'item-water',
            quantity: 100,
            priority: 'life-saving',
            neededBy: null,
            quantityPlanned: 0,
            quantityDispatched: 0,
            quantityDelivered: 0,
          })),
          possibleDuplicates: [],
          contact: null,
        },
      })
    } else if (s.kind === 'act' || s.kind === 'progress') {
      const request = requests[s.request]
      if (!request) continue
      if (s.kind === 'act') {
        request.status = s.action
        bodies.push({
          kind: `request.${s.action}`,
          subject: request.id,
          body: { status: s.action, reason: null, possibleDuplicates: [] },
        })
      } else if (request.status === 'validated' || request.status.includes('planned')) {
        request.status = 'partially-planned'
        bodies.push({
          kind: 'request.progressed',
          subject: request.id,
          body: {
            consignment: 'c-1',
            status: 'partially-planned',
            lines: [{ line: request.lines[0], planned: s.planned }],
          },
        })
      }
    } else if (s.kind === 'pledge') {
      bodies.push({
        kind: `pledge.${s.status}`,
        subject: `pledge-${s.pledge}`,
        body: pledgeBody(s.pledge, s.status, ++n),
      })
    } else if (s.kind === 'move' || s.kind === 'reserve') {
      const from = accountIds[s.from] as string
      const to = accountIds[s.to] as string
      const id = `t-${++n}`
      const views = new Map(
        accountIds.map((a, i) => [
          a,
          {
            id: a,
            kind: accountKey(i).kind as 'stock',
            item: 'item-water',
            balance: balances.get(a) as Balance,
          },
        ]),
      )
      const input = {
        id,
        mode: s.kind === 'move' ? ('single' as const) : ('pending' as const),
        fromAccount: from,
        toAccount: to,
        quantity: s.quantity,
        reason: 'test',
        ref: null,
        pendingId: null,
        timeoutAt: null,
      }
      const decision = decideTransfer(input, views, null, null, '2026-01-01T00:00:00.000Z')
      if (decision.result !== 'ok') continue
      for (const [account, delta] of decision.deltas)
        balances.set(account, applyDelta(balances.get(account) as Balance, delta))
      if (input.mode === 'pending')
        pendings.set(id, {
          id,
          fromAccount: from,
          toAccount: to,
          quantity: s.quantity,
          state: 'pending',
          timeoutAt: null,
        })
      transfer({
        accounts: [s.from, s.to].map(accountKey),
        actor: 'user:u1',
        transfers: [{ ...input, item: 'item-water' }],
      })
    } else {
      const pending = [...pendings.values()].filter((p) => p.state === 'pending')[
        s.pending % Math.max(1, pendings.size)
      ]
      if (!pending) continue
      const quantity = Math.max(1, Math.ceil((pending.quantity * s.part) / 100))
      const input = {
        id: `t-${++n}`,
        mode: s.post ? ('post' as const) : ('void' as const),
        fromAccount: pending.fromAccount,
        toAccount: pending.toAccount,
        quantity: s.post ? quantity : pending.quantity,
        reason: 'test',
        ref: null,
        pendingId: pending.id,
        timeoutAt: null,
      }
      const views = new Map(
        accountIds.map((a, i) => [
          a,
          {
            id: a,
            kind: accountKey(i).kind as 'stock',
            item: 'item-water',
            balance: balances.get(a) as Balance,
          },
        ]),
      )
      const decision = decideTransfer(input, views, null, pending, '2026-01-01T00:00:00.000Z')
      if (decision.result !== 'ok') continue
      for (const [account, delta] of decision.deltas)
        balances.set(account, applyDelta(balances.get(account) as Balance, delta))
      pendings.set(pending.id, { ...pending, state: s.post ? 'posted' : 'voided' })
      // An event written before events described their accounts: the ledger still follows it.
      transfer({ actor: 'user:u1', transfers: [{ ...input, item: 'item-water' }] })
    }
  }
  const events: ChainEvent[] = []
  let prevHash = GENESIS_HASH
  bodies.forEach((b, i) => {
    const fields = {
      seq: i + 1,
      at: `2026-01-01T00:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000Z`,
      actor: 'user:u1',
      kind: b.kind,
      subject: b.subject,
      body: canonicalJson(b.body),
      share: 'all',
      prevHash,
    }
    const hash = hashEvent(fields)
    events.push({ ...fields, hash })
    prevHash = hash
  })
  return { events, balances }
}

/** The asker's side: the replicas, the replica ledger and the checkpoint. */
interface Asker {
  held: Map<string, HeldReplica>
  ledger: ReplicaLedger
  checkpoint: Checkpoint
}

const newAsker = (): Asker => ({
  held: new Map(),
  ledger: {
    seq: 0,
    accounts: new Map(),
    pendings: new Map(),
    changedAccounts: new Set(),
    changedPendings: new Set(),
  },
  checkpoint: startCheckpoint,
})

/** What the store does in the replica transaction: apply what planApply lets through, then project. */
function project(asker: Asker, events: readonly ChainEvent[]) {
  for (const [id, after] of projectEvents(asker.held, HOME, events)) asker.held.set(id, after)
  for (const event of events) applyTransfersEvent(asker.ledger, event)
}

function deliver(asker: Asker, page: ReplicationPage): boolean {
  const plan = planApply(asker.checkpoint, page)
  if (plan.code !== 'apply') return false
  project(asker, plan.events)
  asker.checkpoint = plan.checkpoint
  return true
}

const state = (asker: Asker) => ({
  records: Object.fromEntries([...asker.held].sort(([a], [b]) => a.localeCompare(b))),
  balances: Object.fromEntries(
    [...asker.ledger.accounts.values()]
      .map(
        (a) =>
          [
            a.id,
            {
              posted: a.posted,
              pendingOut: a.pendingOut,
              pendingIn: a.pendingIn,
              key: a.key?.kind ?? null,
            },
          ] as const,
      )
      .sort(([a], [b]) => a.localeCompare(b)),
  ),
})

describe('projecting replicas', () => {
  test.prop(
    [
      fc.array(step, { minLength: 1, maxLength: 40 }),
      fc.integer({ min: 1, max: 7 }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 9 })), { maxLength: 12 }),
      fc.func(fc.integer()),
    ],
    { numRuns: 300 },
  )(
    'ends with the same records and stock whatever the delivery order, duplicates included',
    (steps, limit, extras, order) => {
      const { events, balances } = homeLog(steps)
      const n = events.length
      if (n === 0) return
      const inOrder = newAsker()
      project(inOrder, events)

      const pages: ReplicationPage[] = []
      for (let after = 0; after < n; after += limit) pages.push(pageOf(events, { after, limit }))
      for (const [after, size] of extras)
        pages.push(pageOf(events, { after: after % (n + 1), limit: size }))
      const shuffled = pages
        .map((page, i) => ({ page, key: order(i) }))
        .sort((a, b) => a.key - b.key)
        .map((entry) => entry.page)
      const asker = newAsker()
      for (let progress = true; progress; ) {
        progress = false
        for (const page of [...shuffled, ...shuffled]) if (deliver(asker, page)) progress = true
      }
      expect(asker.checkpoint.seq).toBe(n)
      expect(state(asker)).toEqual(state(inOrder))

      // Every event again: nothing changes.
      const before = state(asker)
      project(asker, events)
      expect(state(asker)).toEqual(before)

      // The replica stock is what the home's ledger rules made of the transfers.
      for (const [id, balance] of balances) {
        const replica = asker.ledger.accounts.get(id)
        expect({
          posted: replica?.posted ?? 0,
          pendingOut: replica?.pendingOut ?? 0,
          pendingIn: replica?.pendingIn ?? 0,
        }).toEqual(balance)
      }
    },
  )

  it("folds a request's life: created whole (without its contact), its status, its lines' progress", () => {
    const { events } = homeLog([
      { kind: 'request', lines: 2 },
      { kind: 'act', request: 0, action: 'submitted' },
      { kind: 'act', request: 0, action: 'validated' },
      { kind: 'progress', request: 0, planned: 30 },
    ])
    const held = projectEvents(new Map(), HOME, events).get('request-0')
    expect(held?.seq).toBe(4)
    expect(held?.replica.kind).toBe('request')
    const request = held?.replica.record as unknown as Record<string, unknown> & {
      lines: { quantityPlanned: number }[]
    }
    expect(request).toMatchObject({
      status: 'partially-planned',
      version: 4,
      updatedAt: events[3]?.at,
    })
    expect(request.lines.map((l) => l.quantityPlanned)).toEqual([30, 0])
    expect('contact' in request).toBe(false)
  })

  it('takes a pledge whole from each of its events, and no record from a body that lacks its fields', () => {
    const { events } = homeLog([
      { kind: 'pledge', pledge: 0, status: 'offered' },
      { kind: 'pledge', pledge: 0, status: 'confirmed' },
    ])
    const held = projectEvents(new Map(), HOME, events).get('pledge-0')
    expect(held).toMatchObject({
      seq: 2,
      replica: { kind: 'pledge', record: { status: 'confirmed' } },
    })
    const broken = {
      ...(events[0] as ChainEvent),
      body: canonicalJson({ id: 'pledge-9', home: HOME, org: ORG }),
    }
    expect(projectEvent(null, HOME, broken)).toBeNull()
  })

  it('makes no replica of a record of another home, nor of a change to a record never received', () => {
    const { events } = homeLog([
      { kind: 'request', lines: 1 },
      { kind: 'act', request: 0, action: 'submitted' },
    ])
    expect(projectEvents(new Map(), 'node-b', events).size).toBe(0)
    expect(projectEvent(null, HOME, events[1] as ChainEvent)).toBeNull()
  })

  it("names organisations as this node knows them: by code, and the home's own by its peer registration", () => {
    const orgs = organisationMap({
      homeOrg: 'a-self',
      peerOrg: 'b-knows-a',
      homeOrganisations: [
        { id: 'a-self', code: 'US-INDOPACOM' },
        { id: 'a-knows-b', code: 'JP-CAO' },
        { id: 'a-knows-au', code: 'AU-DFAT' },
      ],
      localOrganisations: [
        { id: 'b-self', code: 'JP-CAO' },
        { id: 'b-knows-a', code: 'US-INDOPACOM' },
      ],
    })
    expect(
      translateOrganisations(
        { org: 'a-self', share: ['a-knows-b', 'a-knows-au'], lines: [{ taskedTo: 'a-knows-b' }] },
        orgs,
      ),
    ).toEqual({
      org: 'b-knows-a',
      share: ['b-self', 'a-knows-au'],
      lines: [{ taskedTo: 'b-self' }],
    })
  })

  // Events written before 27 Nov 2026 repeat the batch's actor, time, batch and organisation in every
  // transfer; the ledger writes them once (domain/ledger/committed-event.ts). Both stay in logs.
  test.prop([
    fc.array(
      fc.record({
        mode: fc.constantFrom(
          'single' as const,
          'pending' as const,
          'post' as const,
          'void' as const,
        ),
        from: fc.nat(3),
        to: fc.nat(3),
        quantity: fc.integer({ min: 1, max: 50 }),
        pending: fc.nat(20),
      }),
      { minLength: 1, maxLength: 30 },
    ),
    fc.integer({ min: 1, max: 10 }),
  ])(
    'keeps the same replica stock from either form of a transfers.committed body',
    (moves, size) => {
      const shared = { actor: 'user:u1', at: '2026-01-01T00:00:00.000Z', org: ORG }
      const transfers = moves.map((m, i) => ({
        id: `t-${i}`,
        mode: m.mode,
        fromAccount: accountIds[m.from] as string,
        toAccount: accountIds[m.to] as string,
        item: 'item-water',
        quantity: m.quantity,
        reason: 'test',
        ref: null,
        pendingId: m.mode === 'post' || m.mode === 'void' ? `t-${m.pending % (i + 1)}` : null,
        timeoutAt: null,
      }))
      const batches: (typeof transfers)[] = []
      for (let i = 0; i < transfers.length; i += size) batches.push(transfers.slice(i, i + size))
      const accounts = accountIds.map((_, i) => accountKey(i))
      const eventsOf = (bodies: string[]): ChainEvent[] =>
        bodies.map((body, i) => ({
          seq: i + 1,
          at: shared.at,
          actor: shared.actor,
          kind: 'transfers.committed',
          subject: `batch-${i}`,
          body,
          share: 'all',
          prevHash: GENESIS_HASH,
          hash: GENESIS_HASH,
        }))
      const before = eventsOf(
        batches.map((b, i) =>
          canonicalJson({
            accounts,
            actor: shared.actor,
            transfers: b.map((t) => ({ ...t, ...shared, batch: `batch-${i}` })),
          }),
        ),
      )
      const now = eventsOf(
        batches.map(
          (b, i) =>
            committedBody(
              accounts,
              { ...shared, batch: `batch-${i}` },
              b.map((t) => ({ ...t, ...shared, batch: `batch-${i}` })),
            ).text,
        ),
      )
      expect(now.map((e) => e.body.length).reduce((a, b) => a + b)).toBeLessThan(
        before.map((e) => e.body.length).reduce((a, b) => a + b),
      )
      const old = newAsker()
      const compact = newAsker()
      project(old, before)
      project(compact, now)
      expect(state(compact)).toEqual(state(old))
      expect([...compact.ledger.pendings.values()]).toEqual([...old.ledger.pendings.values()])
    },
  )
})
