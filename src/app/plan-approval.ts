/**
 * @module app/plan-approval
 * Approving a plan creates its consignments in `planned`, one per sortie, through the consignments
 * use case (which reserves their stock, from the lots the plan chose, and moves the request lines'
 * planned counters); the planned consignments of earlier approved plans that it re-plans are
 * cancelled in the same batch. All or nothing, not one transaction per consignment: a plan is one
 * decision — half of it reserved would leave lines planned twice or not at all, and the next plan
 * would start from a state nobody chose. So everything is checked before anything is written; if the
 * stock or the requests moved since the snapshot, the approval is refused (409) naming the sortie,
 * the line, the lot and what is available now.
 *
 * Routes: a consignment records stored legs. A helicopter's direct hop has none, so a sortie whose
 * route has one is recorded as a direct movement (route empty, as consignments allow for "straight
 * there") and its flight described in the note; the plan keeps the full route.
 *
 * Stock already at its destination (a hand-over, no sortie) is shown by the plan but not reserved:
 * it is issued where it is.
 *
 * Another node's stock (a lot with a `home`) is not reserved here: the lines of a sortie that take it
 * become a proposal to that node, written with the plan in the same transaction (app/proposals.ts),
 * and the request lines they serve are planned as a local consignment's are (proposal-progress.ts);
 * the sortie's other lines still make this node's consignment.
 */

import type { PlannedConsignment } from '../domain/allocation/outcome.js'
import { type PlanRecord, transitionPlan } from '../domain/allocation/plan-life.js'
import type { StockLot } from '../domain/allocation/snapshot.js'
import { accountId, available } from '../domain/ledger/account.js'
import type { Actor } from '../domain/records/record.js'
import { actorLabel } from '../domain/records/record.js'
import { recordRequestProgress } from '../domain/requests/request.js'
import type { Consignment } from '../domain/transport/consignment.js'
import { createConsignmentBatch } from './consignment-batch.js'
import type { NewConsignment } from './consignments.js'
import type { AppContext } from './context.js'
import { Refusal } from './errors.js'
import { organisationsOfPeers, proposalOf, splitSorties } from './plan-proposals.js'
import { ownPlan, writePlan } from './plans.js'
import { applyStages, countProposals, planProposals } from './proposal-progress.js'
import type { StoreWrites } from './ports.js'
import { type StockContext, stepId } from './stock.js'
import { withdrawProposal } from './withdraw-proposal.js'

/** The consignment an approval creates for the plan's i-th sortie. */
export const sortieConsignmentId = (plan: string, sortie: number) => stepId(plan, 1 + sortie)

export interface ConsignmentCounts {
  readonly live: number
  readonly moving: number
  readonly received: number
}

export async function countConsignments(
  ctx: AppContext,
  ids: readonly string[],
): Promise<{ counts: ConsignmentCounts; consignments: Consignment[] }> {
  const consignments = (
    await Promise.all(ids.map((id) => ctx.store.getConsignment(id, null)))
  ).filter((c): c is Consignment => c !== null)
  const live = consignments.filter((c) => c.status !== 'cancelled')
  return {
    consignments,
    counts: {
      live: live.length,
      moving: live.filter((c) => c.status !== 'planned').length,
      received: live.filter((c) => c.status === 'received').length,
    },
  }
}

export function describeRoute(sortie: PlannedConsignment): { route: string[]; note: string } {
  const direct = sortie.route.steps.some((step) => step.leg === null)
  const hops = sortie.route.steps
    .map(
      (s) =>
        `${s.leg === null ? 'direct flight' : s.mode} ${s.from} → ${s.to} (${Math.round(s.distanceKm)} km)`,
    )
    .join('; ')
  return {
    route: direct ? [] : sortie.route.steps.map((step) => step.leg as string),
    note: `sortie ${sortie.id}: departs ${sortie.departure}, ETA ${sortie.eta}${direct ? `; route ${hops}` : ''}`,
  }
}

/** Refuses (409) when the lots the plan takes are no longer available, naming each shortfall. */
async function checkStock(
  ctx: AppContext,
  sorties: readonly PlannedConsignment[],
  lots: ReadonlyMap<string, StockLot>,
  released: readonly Consignment[],
) {
  const need = new Map<string, number>()
  for (const sortie of sorties)
    for (const line of sortie.lines) need.set(line.lot, (need.get(line.lot) ?? 0) + line.quantity)
  const freed = new Map<string, number>()
  for (const c of released)
    for (const line of c.lines)
      for (const pick of line.picks) {
        const lot = accountId({
          kind: 'stock',
          where: c.origin,
          item: line.item,
          owner: line.owner,
          lot: pick.lot,
        })
        freed.set(lot, (freed.get(lot) ?? 0) + pick.quantity)
      }
  const accounts = new Map((await ctx.store.getAccounts([...need.keys()])).map((a) => [a.id, a]))
  const short = new Map<string, number>()
  for (const [lot, quantity] of need) {
    const account = accounts.get(lot)
    const now = (account ? available(account) : 0) + (freed.get(lot) ?? 0)
    if (now < quantity) short.set(lot, now)
  }
  if (short.size === 0) return
  const shortfalls = sorties.flatMap((sortie) =>
    sortie.lines.flatMap((line) => {
      const now = short.get(line.lot)
      const lot = lots.get(line.lot)
      if (now === undefined || !lot) return []
      return [
        {
          sortie: sortie.id,
          line: line.line,
          item: line.item,
          owner: line.owner,
          lot: lot.lot,
          place: lot.place,
          quantity: line.quantity,
          available: now,
        },
      ]
    }),
  )
  const first = shortfalls[0]!
  const lotId = sorties.flatMap((c) => c.lines).find((l) => short.has(l.lot))?.lot ?? ''
  throw new Refusal(
    'version_conflict',
    `stock moved since the plan was made: sortie ${first.sortie}, line ${first.line} takes ${first.quantity} of lot "${first.lot}" at ${first.place}; the plan needs ${need.get(lotId)} from that lot in all and only ${first.available} are available now. Make the plan again.`,
    { shortfalls },
  )
}

/** Refuses (409) when a request line can no longer take what the plan gives it. */
async function checkRequests(
  ctx: AppContext,
  sorties: readonly PlannedConsignment[],
  released: readonly Consignment[],
) {
  const change = new Map<string, { request: string; planned: number }>()
  const bump = (request: string, line: string, n: number) =>
    change.set(line, { request, planned: (change.get(line)?.planned ?? 0) + n })
  for (const c of released)
    for (const line of c.lines)
      if (line.request && line.requestLine) bump(line.request, line.requestLine, -line.quantity)
  for (const sortie of sorties)
    for (const line of sortie.lines) bump(line.request, line.line, line.quantity)
  const requests = new Map<string, Awaited<ReturnType<typeof ctx.store.getRequest>>>()
  for (const [line, { request, planned }] of change) {
    if (!requests.has(request)) requests.set(request, await ctx.store.getRequest(request, null))
    const found = requests.get(request)
    const moved = found ? recordRequestProgress(found, line, { planned }) : null
    if (!moved?.ok)
      throw new Refusal(
        'version_conflict',
        `request line ${line} changed since the plan was made: ${moved ? moved.reason : `request ${request} is gone`}. Make the plan again.`,
        { request, line },
      )
  }
}

export async function approvePlan(stock: StockContext, actor: Actor, id: string) {
  const { ctx } = stock
  const plan = await ownPlan(ctx, actor, id)
  if (plan.status === 'approved' || plan.status === 'done') return plan
  const move = transitionPlan(plan.status, 'approve')
  if (!move.ok) throw new Refusal('invalid_transition', move.reason, { allowed: move.allowed })
  const detail = await ctx.store.getPlanDetail(id)
  if (!detail?.result || !detail.snapshot)
    throw new Refusal('not_found', `plan ${id} has no result`)
  const sorties = detail.result.plan.consignments
  const lots = new Map(detail.snapshot.lots.map((lot) => [lot.id, lot]))
  const { consignments: released } = await countConsignments(ctx, plan.released)
  const moved = released.find((c) => c.status !== 'planned')
  if (moved || released.length < plan.released.length)
    throw new Refusal(
      'version_conflict',
      `consignment ${moved?.id ?? 'of an earlier plan'} is no longer only planned (${moved?.status ?? 'gone'}): make the plan again`,
      { consignment: moved?.id ?? null },
    )
  const { local, proposed } = splitSorties(ctx.node.id, sorties, lots)
  await checkStock(ctx, local, lots, released)
  // Lines served by proposals are planned here too (proposal-progress.ts): checked as local ones.
  await checkRequests(ctx, [...local, ...proposed.map((p) => p.sortie)], released)
  const peerOrgs = await organisationsOfPeers(ctx, proposed)
  const create = local.map((sortie): NewConsignment & { id: string } => {
    const { route, note } = describeRoute(sortie)
    return {
      id: sortieConsignmentId(id, sortie.index),
      origin: sortie.origin,
      destination: sortie.destination,
      route,
      asset: sortie.asset,
      departure: sortie.departure,
      note: `Plan ${id}, ${note}`,
      lines: sortie.lines.map((line) => ({
        item: line.item,
        owner: line.owner,
        quantity: line.quantity,
        lot: lots.get(line.lot)?.lot ?? null,
        request: line.request,
        requestLine: line.line,
      })),
    }
  })
  const neededBy = new Map(detail.snapshot.lines.map((line) => [line.id, line.neededBy]))
  let approved: PlanRecord = plan
  await createConsignmentBatch(stock, actor, {
    create,
    cancel: released,
    why: `re-planned by plan ${id}`,
    requestsChecked: true,
    within: async (tx, now, created) => {
      const current = await tx.getPlan(id, null)
      if (current?.status !== 'draft')
        throw new Refusal('version_conflict', `plan ${id} changed meanwhile: reload it`)
      approved = {
        ...current,
        status: 'approved',
        consignments: created.map((c) => c.id),
        approvedAt: now,
        updatedAt: now,
        version: current.version + 1,
      }
      const proposals = proposed.map((p) =>
        proposalOf(p, { plan: approved, now, lots, neededBy, share: peerOrgs.get(p.home) ?? [] }),
      )
      await writePlan(tx, actor, now, current, approved, null, 'plan.approved', {
        consignments: approved.consignments,
        cancelled: released.map((c) => c.id),
        proposals: proposals.map((p) => p.id),
      })
      for (const proposal of proposals) {
        if (!(await tx.insertProposal(proposal))) continue
        await tx.appendEvents(now, actorLabel(actor), [
          { kind: 'proposal.made', subject: proposal.id, body: proposal, share: proposal.share },
        ])
        const planned = proposal.lines.map((line) => ({ planned: line.quantity }))
        await applyStages(tx, actor, now, proposal, [{ stage: 'planned', changes: planned }], true)
      }
      await retireReplaced(tx, actor, now, released)
    },
  })
  return approved
}

/** Earlier approved plans left with nothing live after the re-plan are discarded (superseded). */
async function retireReplaced(
  tx: StoreWrites,
  actor: Actor,
  now: string,
  released: readonly Consignment[],
) {
  if (released.length === 0) return
  const ids = new Set(released.map((c) => c.id))
  const approved = await tx.listPlans({ statuses: ['approved'], limit: 5000, offset: 0 }, null)
  for (const plan of approved.rows) {
    if (!plan.consignments.some((c) => ids.has(c))) continue
    const all = await Promise.all(plan.consignments.map((c) => tx.getConsignment(c, null)))
    if (all.some((c) => c && c.status !== 'cancelled')) continue
    const next = {
      ...plan,
      status: 'discarded' as const,
      discardedAt: now,
      updatedAt: now,
      version: plan.version + 1,
    }
    await writePlan(tx, actor, now, plan, next, null, 'plan.discarded', { why: 'superseded' })
  }
}

/** Discards a draft, or an approved plan none of whose consignments has left: its planned ones are cancelled. */
export async function discardPlan(stock: StockContext, actor: Actor, id: string) {
  const { ctx } = stock
  const plan = await ownPlan(ctx, actor, id)
  if (plan.status === 'discarded') return plan
  const { counts, consignments } = await countConsignments(ctx, plan.consignments)
  const move = transitionPlan(plan.status, 'discard', counts)
  if (!move.ok) throw new Refusal('invalid_transition', move.reason, { allowed: move.allowed })
  // Its proposals to other nodes: those not decided yet are withdrawn first (withdrawing again
  // answers the same, so a discard tried again is safe); an accepted one's consignment is the other
  // node's to cancel, so the discard waits for it.
  const proposals = await planProposals(ctx, id)
  const accepted = proposals.filter(
    ({ facts }) => facts.state === 'accepted' && facts.consignment !== 'cancelled',
  )
  if (accepted.length > 0)
    throw new Refusal(
      'invalid_transition',
      `plan ${id} has proposals accepted by other nodes (${accepted.map(({ proposal }) => `${proposal.id} by node ${proposal.peer}`).join(', ')}): those consignments are theirs to cancel; discard the plan once they are cancelled`,
      { allowed: [], proposals: accepted.map(({ proposal }) => proposal.id) },
    )
  for (const { proposal, facts } of proposals)
    if (facts.state === 'proposed') await withdrawProposal(ctx, actor, proposal.id)
  let discarded: PlanRecord = plan
  await createConsignmentBatch(stock, actor, {
    create: [],
    cancel: consignments.filter((c) => c.status === 'planned'),
    why: `plan ${id} discarded`,
    requestsChecked: true,
    within: async (tx, now) => {
      const current = await tx.getPlan(id, null)
      if (!current || current.status !== plan.status)
        throw new Refusal('version_conflict', `plan ${id} changed meanwhile: reload it`)
      discarded = {
        ...current,
        status: 'discarded',
        discardedAt: now,
        updatedAt: now,
        version: current.version + 1,
      }
      await writePlan(tx, actor, now, current, discarded, null, 'plan.discarded', {
        cancelled: consignments.filter((c) => c.status === 'planned').map((c) => c.id),
      })
    },
  })
  return discarded
}

/**
 * An approved plan whose live consignments are all received becomes done (written by the node): its
 * own, and those its proposals made at other nodes, received here.
 */
export async function settlePlan(ctx: AppContext, plan: PlanRecord): Promise<PlanRecord> {
  if (plan.status !== 'approved') return plan
  const local = (await countConsignments(ctx, plan.consignments)).counts
  const proposed = await countProposals(ctx, plan.id)
  const counts: ConsignmentCounts = {
    live: local.live + proposed.live,
    moving: local.moving + proposed.moving,
    received: local.received + proposed.received,
  }
  if (!transitionPlan('approved', 'complete', counts).ok) return plan
  const system: Actor = { kind: 'system', id: 'system', org: ctx.node.org }
  return ctx.store.transact(async (tx) => {
    const current = await tx.getPlan(plan.id, null)
    if (current?.status !== 'approved') return current ?? plan
    const now = ctx.clock.now().toISOString()
    const done: PlanRecord = {
      ...current,
      status: 'done',
      updatedAt: now,
      version: current.version + 1,
    }
    await writePlan(tx, system, now, current, done, null, 'plan.done', {
      received: counts.received,
    })
    return done
  })
}
