/**
 * @module app/proposals
 * Cross-node flows (DESIGN.md, "Allocation", last bullet; issue 9). A plan approved here may take
 * stock of another node: those sorties' lines become proposals, records of this node released to the
 * stock's home organisation (plan-approval.ts writes them with the plan). The stock's home sees them by
 * its normal pull and decides: accept creates the consignment there in `planned` — which reserves the
 * stock on its own ledger, with the proposal as the consignment's reference — or decline, with a
 * reason. The decision is that node's record and event, released to the proposing organisation, and
 * comes back by pull; the plan shows each proposal's state.
 *
 * Decisions made here: the consignment's route is the proposal's when this node holds every leg (leg
 * ids derive from the places' codes, so nodes that derived the network share them), otherwise none
 * (straight there) with the planned route told in its note; its asset is left to the accepting
 * node's logisticians, because assets are not replicated and the planner could only name its own.
 */
import { v5 as uuidv5 } from 'uuid'
import { mayHandleStockAt } from '../domain/access/permissions.js'
import {
  type Proposal,
  type ProposalDecision,
  type ProposalState,
  proposalState,
  stepProposal,
} from '../domain/federation/proposal.js'
import { type Actor, actorLabel } from '../domain/records/record.js'
import { createConsignmentBatch } from './consignment-batch.js'
import { bypassesOrgChecks, placeOrgs } from './consignments.js'
import type { AppContext } from './context.js'
import { Refusal } from './errors.js'
import type { Viewer } from './ports.js'
import type { ProposalFilter } from './proposal-ports.js'
import type { StockContext } from './stock.js'

const NAMESPACE = 'a4a0c1f0-6a55-4f41-9d44-3f5d3b0e9c27'

/** A proposal of the plan's i-th sortie to one peer: the same approval gives the same ids. */
export const sortieProposalId = (plan: string, sortie: number, peer: string) =>
  uuidv5(`proposal:${plan}:${sortie}:${peer}`, NAMESPACE)
/** The decision about a proposal: one id, so that two accepts are one. */
export const decisionId = (proposal: string) => uuidv5(`decision:${proposal}`, NAMESPACE)
/** The consignment an accepted proposal creates at the stock's home. */
export const acceptedConsignmentId = (proposal: string) =>
  uuidv5(`consignment:${proposal}`, NAMESPACE)

export interface ProposalView {
  readonly proposal: Proposal
  readonly state: ProposalState
  readonly decision: ProposalDecision | null
  /** Accepted: the status of the consignment the peer created, as this node holds it. */
  readonly consignmentStatus?: string | null
}

/** A proposal as the API and CLI show it (contract/proposals.ts); `incoming`: addressed to `node`. */
export function proposalBody(view: ProposalView, node: string) {
  const { proposal, decision, state } = view
  return {
    ...proposal,
    route: [...proposal.route],
    lines: [...proposal.lines],
    withdrawnAt: proposal.withdrawnAt ?? null,
    state,
    decision,
    consignmentStatus: view.consignmentStatus ?? null,
    incoming: proposal.peer === node,
  }
}

async function withDecisions(ctx: AppContext, proposals: readonly Proposal[]) {
  const decisions = await ctx.store.getDecisions(proposals.map((p) => p.id))
  return Promise.all(
    proposals.map(async (proposal): Promise<ProposalView> => {
      const decision = decisions.get(proposal.id) ?? null
      const consignment = decision?.consignment
        ? await ctx.store.getConsignment(decision.consignment, null)
        : null
      return {
        proposal,
        decision,
        state: proposalState(decision, proposal),
        consignmentStatus: consignment?.status ?? null,
      }
    }),
  )
}

export async function listProposals(ctx: AppContext, filter: ProposalFilter, viewer: Viewer) {
  const page = await ctx.store.listProposals(filter, viewer)
  return { rows: await withDecisions(ctx, page.rows), total: page.total }
}

export async function getProposal(ctx: AppContext, id: string, viewer: Viewer) {
  const proposal = await ctx.store.getProposal(id, viewer)
  if (!proposal) throw new Refusal('not_found', `no proposal ${id}`)
  return (await withDecisions(ctx, [proposal]))[0] as ProposalView
}

/**
 * A proposal addressed to this node and released to the actor's organisation, decided by the
 * organisation that runs the place its stock is at (as a consignment from there is made by it).
 */
async function addressed(ctx: AppContext, actor: Actor, id: string) {
  const view = await getProposal(ctx, id, { org: actor.org })
  if (view.proposal.peer !== ctx.node.id)
    throw new Refusal(
      'forbidden',
      `proposal ${id} asks node ${view.proposal.peer} for its stock: only that node's logisticians may accept or decline it`,
      { peer: view.proposal.peer },
    )
  const originOrg = (await placeOrgs(ctx, [view.proposal.origin], actor)).get(view.proposal.origin)
  if (!bypassesOrgChecks(actor) && !(originOrg && mayHandleStockAt(actor, originOrg, ctx.node.org)))
    throw new Refusal(
      'forbidden',
      `proposal ${id} is decided by the organisation that runs its origin place, not yours`,
    )
  return view
}

function refuseDecided(id: string, as: string, wanted: string): never {
  if (as === 'withdrawn')
    throw new Refusal(
      'proposal_withdrawn',
      `proposal ${id} was withdrawn by the node that made it: it can no longer be ${wanted}`,
      { state: as, allowed: [] },
    )
  throw new Refusal(
    'invalid_transition',
    `proposal ${id} is ${as} already: it cannot be ${wanted} as well`,
    { state: as, allowed: [] },
  )
}

/** The organisation this node registered the proposing node with (to release the decision to it). */
async function proposerOrg(ctx: AppContext, proposal: Proposal): Promise<string> {
  return (await ctx.store.getPeer(proposal.home))?.organisation ?? proposal.org
}

function decisionOf(
  ctx: AppContext,
  actor: Actor,
  now: string,
  proposal: Proposal,
  share: string,
  fields: Pick<ProposalDecision, 'decision' | 'reason' | 'consignment'>,
): ProposalDecision {
  return {
    id: decisionId(proposal.id),
    home: ctx.node.id,
    org: actor.org,
    share: [share],
    createdAt: now,
    updatedAt: now,
    version: 1,
    proposal: proposal.id,
    proposer: proposal.home,
    ...fields,
  }
}

/** Routes the consignment can record here: the proposal's legs when every one is held on this node. */
async function routeHere(ctx: AppContext, proposal: Proposal): Promise<string[]> {
  if (proposal.route.length === 0) return []
  const held = await ctx.store.getLegs([...proposal.route])
  return held.length === proposal.route.length ? [...proposal.route] : []
}

/**
 * Accepts a proposal: its consignment is created here in `planned`, reserving the lots it names, and
 * the decision recorded with it, all or nothing. Accepting again answers the same decision; stock no
 * longer available is refused (409 `stock_unavailable`) naming the line, and nothing is written.
 */
export async function acceptProposal(stock: StockContext, actor: Actor, id: string) {
  const { ctx } = stock
  const view = await addressed(ctx, actor, id)
  const step = stepProposal(view.state, 'accept')
  if (step.code === 'exists') return { result: 'exists' as const, ...view }
  if (step.code === 'refused') refuseDecided(id, step.as, 'accepted')
  const { proposal } = view
  const share = await proposerOrg(ctx, proposal)
  const route = await routeHere(ctx, proposal)
  const consignment = acceptedConsignmentId(id)
  // Set inside the transaction that writes it.
  let decision = null as ProposalDecision | null
  try {
    await createConsignmentBatch(stock, actor, {
      create: [
        {
          id: consignment,
          origin: proposal.origin,
          destination: proposal.destination,
          route,
          asset: null,
          note: `Proposal ${id} of node ${proposal.home} (plan ${proposal.plan}): planned to depart ${proposal.departure}, ETA ${proposal.eta}${route.length === 0 && proposal.route.length > 0 ? `, by legs ${proposal.route.join(', ')}` : ''}${proposal.note ? `; ${proposal.note}` : ''}`,
          lines: proposal.lines.map((line) => ({
            item: line.item,
            owner: line.owner,
            quantity: line.quantity,
            lot: line.lot,
          })),
        },
      ],
      cancel: [],
      why: '',
      requestsChecked: true,
      within: async (tx, now) => {
        decision = decisionOf(ctx, actor, now, proposal, share, {
          decision: 'accepted',
          reason: null,
          consignment,
        })
        if (!(await tx.insertDecision(decision)))
          throw new Refusal('version_conflict', `proposal ${id} was decided meanwhile: reload it`)
        await tx.appendEvents(now, actorLabel(actor), [
          {
            kind: 'proposal.accepted',
            subject: decision.id,
            body: decision,
            share: decision.share,
          },
        ])
      },
    })
  } catch (error) {
    if (error instanceof Refusal && error.code === 'transfer_refused')
      throw new Refusal(
        'stock_unavailable',
        `proposal ${id}: the stock it asks for is no longer available here — ${error.message}. Decline it, or ask node ${proposal.home} to plan again.`,
        { proposal: id, origin: proposal.origin, refused: error.details ?? null },
      )
    throw error
  }
  return { result: 'accepted' as const, proposal, state: 'accepted' as const, decision }
}

/** Declines a proposal with a reason; declining again answers the same decision. */
export async function declineProposal(
  stock: StockContext,
  actor: Actor,
  id: string,
  reason: string,
) {
  const { ctx } = stock
  const why = reason.trim()
  if (why === '')
    throw new Refusal('invalid_request', 'reason: say why the proposal is declined', [
      { field: 'reason', message: 'required, not blank' },
    ])
  const view = await addressed(ctx, actor, id)
  const step = stepProposal(view.state, 'decline')
  if (step.code === 'exists') return { result: 'exists' as const, ...view }
  if (step.code === 'refused') refuseDecided(id, step.as, 'declined')
  const share = await proposerOrg(ctx, view.proposal)
  const decision = await ctx.store.transact(async (tx) => {
    const now = ctx.clock.now().toISOString()
    const made = decisionOf(ctx, actor, now, view.proposal, share, {
      decision: 'declined',
      reason: why,
      consignment: null,
    })
    if (!(await tx.insertDecision(made)))
      throw new Refusal('version_conflict', `proposal ${id} was decided meanwhile: reload it`)
    await tx.appendEvents(now, actorLabel(actor), [
      { kind: 'proposal.declined', subject: made.id, body: made, share: made.share },
    ])
    return made
  })
  return {
    result: 'declined' as const,
    proposal: view.proposal,
    state: 'declined' as const,
    decision,
  }
}
