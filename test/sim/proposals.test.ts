/**
 * A seeded simulation of proposals between two nodes (issue 9; STYLE.md, "Tests"): JP proposes to take
 * US stock (as a plan's approval does: the proposal, and its request line planned, in one transaction);
 * then, in a random schedule over a network that loses, cuts, delays, repeats, truncates and corrupts
 * answers (network.ts), the US accepts or declines what it has pulled, JP withdraws, the US dispatches
 * or cancels, JP receives what has come (some of it short), and each pulls from the other, its
 * after-pull steps included (app/cross-node.ts). Then the network heals and both pull until quiet:
 *
 * - every record converged: each proposal, decision, consignment and receipt equals its home's;
 * - both ledgers balance: the US transit holds exactly what is still on its way, its `peer:JP` what JP
 *   took in from `peer:US` (a surplus too: the US records it from `supply`), its loss every shortfall;
 *   both event chains verify;
 * - each JP request line's counters are what an auditor works out from the final facts alone.
 *
 * Real SQLite stores (in memory); a pair of nodes serves several schedules in a row, each with its own
 * faults and proposals. KIZUNA_SIM_PROPOSAL_SCHEDULES (default 150) and KIZUNA_SIM_SEED set how many
 * and the first seed; a failure names the seed of its pair that replays it.
 */
import { randomBytes } from 'node:crypto'
import { v7 as uuidv7 } from 'uuid'
import { describe, expect, it } from 'vitest'
import { afterPull } from '../../src/app/cross-node.js'
import { actOnConsignment } from '../../src/app/consignments.js'
import { Refusal } from '../../src/app/errors.js'
import { createItem } from '../../src/app/items.js'
import { LedgerWriter } from '../../src/app/ledger-writer.js'
import { createOrganisation } from '../../src/app/organisations.js'
import { receiveFromPeer } from '../../src/app/peer-receipts.js'
import { addPeer } from '../../src/app/peers.js'
import { createPlace } from '../../src/app/places.js'
import { writePlan } from '../../src/app/plans.js'
import { applyStages } from '../../src/app/proposal-progress.js'
import { acceptProposal, declineProposal } from '../../src/app/proposals.js'
import { actOnRequest, createRequest } from '../../src/app/requests.js'
import { receiveStock } from '../../src/app/stock.js'
import { verifyChain } from '../../src/app/verify-chain.js'
import { withdrawProposal } from '../../src/app/withdraw-proposal.js'
import type { PlanRecord } from '../../src/domain/allocation/plan-life.js'
import type { Proposal } from '../../src/domain/federation/proposal.js'
import type { Actor } from '../../src/domain/records/record.js'
import { createFederation } from '../../src/sync/federation.js'
import { keyLine } from '../support/federation.js'
import { itemDraft, placeDraft } from '../support/fixtures.js'
import { openTestNode, type TestNode } from '../support/stores.js'
import { type Random, SimNetwork, seededRandom } from './network.js'

const schedules = Number(process.env.KIZUNA_SIM_PROPOSAL_SCHEDULES ?? 150)
const perPair = 20
const firstSeed = Number(process.env.KIZUNA_SIM_SEED ?? randomBytes(4).readUInt32LE(0))

interface Side {
  readonly node: TestNode
  readonly actor: Actor
  readonly stock: { ctx: TestNode['ctx']; writer: LedgerWriter }
  federation: ReturnType<typeof createFederation>
}

interface Pair {
  readonly us: Side
  readonly jp: Side
  readonly network: SimNetwork
  readonly random: Random
  readonly water: string
  readonly hub: string
  readonly shelter: string
  /** US's organisation as JP registered it (a proposal is released to it). */
  readonly usOrgOnJp: string
  /** Every proposal JP made, with its quantity. */
  readonly made: Proposal[]
}

/** How often each step happened and how often it was refused, over the whole run. */
const tally = new Map<string, number>()
const count = (what: string) => tally.set(what, (tally.get(what) ?? 0) + 1)

const ignoreRefusal = async (what: string, work: () => Promise<unknown>) => {
  try {
    await work()
    count(what)
  } catch (error) {
    // Expected outcomes of acting on what a node knows so far (decided, withdrawn, moved meanwhile).
    if (!(error instanceof Refusal)) throw error
    count(`${what} refused (${error.code})`)
  }
}

async function openPair(random: Random): Promise<Pair> {
  const network = new SimNetwork(random)
  const sides: Side[] = []
  for (const organisation of ['US-SIM', 'JP-SIM']) {
    const node = await openTestNode('sqlite', { database: ':memory:', organisation })
    const ctx = node.ctx
    const stock = { ctx, writer: new LedgerWriter(ctx) }
    const federation = createFederation({
      ctx,
      key: node.key,
      fetch: network.fetchFor(ctx.node.id),
      pageLimit: random.int(1, 12),
      afterPull: () => afterPull(stock),
    })
    sides.push({ node, actor: { kind: 'cli', id: 'sim', org: ctx.node.org }, stock, federation })
  }
  const [us, jp] = sides as [Side, Side]
  const orgOn = new Map<Side, string>()
  for (const [self, other] of [
    [us, jp],
    [jp, us],
  ] as const) {
    network.attach(self.node.ctx.node.id, self.federation)
    const admin = { ...self.actor, kind: 'user' as const, userId: 'sim', roles: ['admin' as const] }
    const { organisation } = await createOrganisation(self.node.ctx, admin, {
      // The code the other node's own organisation has: records name organisations by it across nodes.
      code: self === us ? 'JP-SIM' : 'US-SIM',
      nameEn: 'partner',
      nameJa: null,
      country: null,
      kind: 'government',
    })
    orgOn.set(self, organisation.id)
    await addPeer(self.node.ctx, self.actor, {
      id: other.node.ctx.node.id,
      organisation: organisation.id,
      url: SimNetwork.urlOf(other.node.ctx.node.id),
      publicKey: keyLine(other.node.key),
    })
  }
  const water = uuidv7()
  for (const side of sides)
    await createItem(side.node.ctx, side.actor, { ...itemDraft(), id: water })
  const hub = (
    await createPlace(us.node.ctx, us.actor, placeDraft({ code: 'HUB:US-SIM', type: 'hub' }))
  ).place.id
  const shelter = (
    await createPlace(
      jp.node.ctx,
      jp.actor,
      placeDraft({ code: 'DP:JP-SIM', type: 'distribution-point', lat: 36.6 }),
    )
  ).place.id
  await receiveStock(us.stock, us.actor, {
    id: uuidv7(),
    place: hub,
    item: water,
    owner: us.node.ctx.node.org,
    quantity: 1_000_000,
    lot: 'L1',
    expiresOn: '2030-01-01',
    source: 'JRC',
  })
  const pair: Pair = {
    us,
    jp,
    network,
    random,
    water,
    hub,
    shelter,
    usOrgOnJp: orgOn.get(jp) as string,
    made: [],
  }
  await quiet(pair)
  return pair
}

/** Both nodes pull over a healed network until a round brings nothing new. */
async function quiet(pair: Pair) {
  pair.network.healAll()
  for (let round = 0; ; round++) {
    expect(round, 'rounds to converge after healing').toBeLessThan(50)
    let received = 0
    let behind = false
    for (const side of [pair.us, pair.jp])
      for (const report of await side.federation.pull()) {
        expect(report.error).toBeNull()
        received += report.received
        if (report.outcome !== 'caught_up') behind = true
      }
    if (received === 0 && !behind) return
  }
}

/** As an approval does: a validated request, a plan, the proposal and its line planned, at JP. */
async function propose(pair: Pair, quantity: number) {
  const { jp } = pair
  const ctx = jp.node.ctx
  const { request } = await createRequest(ctx, jp.actor, {
    destination: pair.shelter,
    neededBy: '2026-02-01T00:00:00Z',
    lines: [{ kind: 'item', item: pair.water, quantity, priority: 'life-saving' }],
  })
  for (const action of ['submit', 'validate'] as const)
    await actOnRequest(ctx, jp.actor, request.id, action)
  const line = request.lines[0] as { id: string }
  await ctx.store.transact(async (tx) => {
    const now = ctx.clock.now().toISOString()
    const plan: PlanRecord = {
      id: uuidv7(),
      home: ctx.node.id,
      org: ctx.node.org,
      share: 'own',
      createdAt: now,
      updatedAt: now,
      version: 1,
      status: 'approved',
      operation: null,
      note: 'simulated',
      start: now,
      horizonHours: 48,
      snapshotSummary: null,
      figures: null,
      failure: null,
      consignments: [],
      released: [],
      replaces: null,
      modelSize: null,
      timings: null,
      approvedAt: now,
      finishedAt: now,
      discardedAt: null,
    }
    await writePlan(tx, jp.actor, now, null, plan, null, 'plan.approved', {})
    const proposal: Proposal = {
      id: uuidv7(),
      home: ctx.node.id,
      org: ctx.node.org,
      share: [pair.usOrgOnJp],
      createdAt: now,
      updatedAt: now,
      version: 1,
      plan: plan.id,
      sortie: 'sim/1',
      peer: pair.us.node.ctx.node.id,
      origin: pair.hub,
      destination: pair.shelter,
      route: [],
      asset: null,
      departure: now,
      eta: now,
      neededBy: null,
      lines: [
        {
          item: pair.water,
          owner: pair.us.node.ctx.node.org,
          lot: 'L1',
          quantity,
          request: request.id,
          requestLine: line.id,
        },
      ],
      note: null,
    }
    expect(await tx.insertProposal(proposal)).toBe(true)
    await tx.appendEvents(now, 'sim', [
      { kind: 'proposal.made', subject: proposal.id, body: proposal, share: proposal.share },
    ])
    await applyStages(
      tx,
      jp.actor,
      now,
      proposal,
      [{ stage: 'planned', changes: [{ planned: quantity }] }],
      true,
    )
    pair.made.push(proposal)
  })
}

async function step(pair: Pair) {
  const { us, jp, random } = pair
  const roll = random.next()
  const usCtx = us.node.ctx
  const jpCtx = jp.node.ctx
  if (roll < 0.12) await propose(pair, random.int(1, 50))
  else if (roll < 0.42) {
    const [from, to] = random.next() < 0.5 ? [us, jp] : [jp, us]
    await from.federation.pull(to.node.ctx.node.id)
  } else if (roll < 0.55) {
    const incoming = (
      await usCtx.store.listProposals({ peer: usCtx.node.id, limit: 500, offset: 0 }, null)
    ).rows
    if (incoming.length === 0) return
    const id = random.pick(incoming).id
    if (random.next() < 0.75)
      await ignoreRefusal('accept', () => acceptProposal(us.stock, us.actor, id))
    else
      await ignoreRefusal('decline', () =>
        declineProposal(us.stock, us.actor, id, 'kept for the US shelters'),
      )
  } else if (roll < 0.62) {
    if (pair.made.length === 0) return
    await ignoreRefusal('withdraw', () =>
      withdrawProposal(jpCtx, jp.actor, random.pick(pair.made).id),
    )
  } else if (roll < 0.75) {
    const own = (
      await usCtx.store.listConsignments({ limit: 500, offset: 0 } as never, null)
    ).rows.filter((c) => c.home === usCtx.node.id && c.status === 'planned')
    if (own.length === 0) return
    const action = random.next() < 0.85 ? 'dispatch' : 'cancel'
    await ignoreRefusal(action, () =>
      actOnConsignment(us.stock, us.actor, random.pick(own).id, action),
    )
  } else if (roll < 0.9) {
    const coming = (
      await jpCtx.store.listConsignments({ limit: 500, offset: 0 } as never, null)
    ).rows.filter((c) => c.home !== jpCtx.node.id && c.status === 'dispatched')
    if (coming.length === 0) return
    const consignment = random.pick(coming)
    await ignoreRefusal('receive', () =>
      receiveFromPeer(jp.stock, jp.actor, consignment, {
        lines: consignment.lines.map((line) => {
          // Now and then less (damaged), now and then more than was sent (a surplus).
          const roll = random.next()
          const short = roll < 0.3 ? random.int(1, line.quantity) : 0
          const surplus = roll > 0.9 ? random.int(1, 5) : 0
          return {
            line: line.id,
            quantityReceived: line.quantity - short + surplus,
            reason: short > 0 ? 'damaged' : null,
          }
        }),
        proof: { receivedBy: 'sim' },
      }),
    )
  } else {
    const cut = random.next() < 0.6
    pair.network.partition(usCtx.node.id, jpCtx.node.id, cut)
  }
}

const posted = async (side: Side, kind: 'transit' | 'peer' | 'loss') =>
  (await side.node.store.listBalances({ kind, limit: 100_000, offset: 0 }, null)).rows.reduce(
    (sum, row) => sum + row.account.posted,
    0,
  )

const withoutOrgs = <T extends { org: string; share: unknown }>(record: T | null) => {
  if (!record) return null
  const { org: _org, share: _share, ...rest } = record
  return expect.objectContaining(rest as Record<string, unknown>)
}

async function check(pair: Pair) {
  const { us, jp } = pair
  const usStore = us.node.store
  const jpStore = jp.node.store
  let onTheWay = 0
  let arrived = 0
  let lost = 0
  for (const made of pair.made) {
    // Converged: each record as its home holds it.
    // Organisation ids are each node's own: records are compared without them.
    const proposal = await jpStore.getProposal(made.id, null)
    expect(await usStore.getProposal(made.id, null)).toEqual(withoutOrgs(proposal))
    const decision = (await usStore.getDecisions([made.id])).get(made.id) ?? null
    expect((await jpStore.getDecisions([made.id])).get(made.id) ?? null).toEqual(
      withoutOrgs(decision),
    )
    const consignment = decision?.consignment
      ? await usStore.getConsignment(decision.consignment, null)
      : null
    if (consignment) {
      const replica = await jpStore.getConsignment(consignment.id, null)
      expect(replica).toMatchObject({ status: consignment.status, version: consignment.version })
    }
    const receipt = consignment ? await jpStore.getPeerReceipt(consignment.id) : null
    if (consignment)
      expect(await usStore.getPeerReceipt(consignment.id)).toEqual(withoutOrgs(receipt))
    // Received at JP means closed at the US once it pulled the receipt.
    if (receipt) expect(consignment?.status).toBe('received')
    const quantity = made.lines[0]?.quantity ?? 0
    const got = receipt?.lines[0]?.quantityReceived ?? null
    if (consignment?.status === 'dispatched') onTheWay += quantity
    if (got !== null) {
      arrived += got
      lost += Math.max(0, quantity - got)
    }

    // The auditor: the JP line's counters from the final facts alone.
    const moved = got !== null || consignment?.status === 'dispatched'
    const dropped =
      decision?.decision === 'declined' ||
      consignment?.status === 'cancelled' ||
      (!decision && Boolean(proposal?.withdrawnAt))
    const request = await jpStore.getRequest(made.lines[0]?.request as string, null)
    expect(request?.lines[0]).toMatchObject({
      quantityPlanned: !moved && dropped ? 0 : quantity,
      quantityDispatched: moved ? quantity : 0,
      quantityDelivered: got === null ? 0 : Math.min(got, quantity),
    })
    // A withdrawal that crossed an acceptance leaves no consignment reserved but not moving.
    if (proposal?.withdrawnAt && consignment) {
      expect(consignment.status).not.toBe('planned')
      count('withdrawal crossed an acceptance')
    }
  }
  // Both ledgers balance on their own, tied by the consignment ids.
  expect(await posted(us, 'transit')).toBe(onTheWay)
  expect(await posted(us, 'peer')).toBe(arrived)
  expect(await posted(jp, 'peer')).toBe(0 - arrived)
  expect(await posted(us, 'loss')).toBe(lost)
}

async function runPair(seed: number, count: number) {
  const random = seededRandom(seed)
  const pair = await openPair(random)
  try {
    for (let i = 0; i < count; i++) {
      pair.network.faults = {
        loss: random.next() * 0.3,
        stale: random.next() * 0.3,
        truncate: random.next() * 0.1,
        corrupt: random.next() * 0.1,
      }
      const steps = random.int(10, 30)
      for (let s = 0; s < steps; s++) await step(pair)
      await quiet(pair)
      await check(pair)
    }
    for (const side of [pair.us, pair.jp])
      expect((await verifyChain(side.node.store, side.node.ctx.node.id, side.node.key)).ok).toBe(
        true,
      )
  } finally {
    await pair.us.node.close()
    await pair.jp.node.close()
  }
}

describe('proposals simulation', () => {
  it(`converges, balances both ledgers and moves JP's lines as the goods: ${schedules} schedules, from seed ${firstSeed}`, async () => {
    for (let done = 0, k = 0; done < schedules; done += perPair, k++) {
      const seed = (firstSeed + k) >>> 0
      try {
        await runPair(seed, Math.min(perPair, schedules - done))
      } catch (error) {
        throw new Error(
          `the pair of seed ${seed} failed (replay: KIZUNA_SIM_SEED=${seed - k} KIZUNA_SIM_PROPOSAL_SCHEDULES=${schedules}): ${error instanceof Error ? error.message : String(error)}`,
        )
      }
    }
    console.info('proposals simulation:', Object.fromEntries([...tally].sort()))
    // Each kind of step happened (checked when the run is long enough to make that certain).
    if (schedules >= 100)
      for (const what of ['accept', 'decline', 'withdraw', 'dispatch', 'cancel', 'receive'])
        expect(tally.get(what) ?? 0, what).toBeGreaterThan(0)
  }, 600_000)
})
