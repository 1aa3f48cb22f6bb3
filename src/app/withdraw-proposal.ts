/**
 * @module app/withdraw-proposal
 * The proposing node takes a proposal back before the peer decided (issue 9): its planners, as they
 * approved the plan. The proposal's next version says when; it reaches the peer by pull, where an
 * accept is then refused (409 `proposal_withdrawn`). If this node already knows the peer decided, the
 * withdrawal is refused (409 `invalid_transition`). Its request lines are released in the same
 * transaction (proposal-progress.ts). Withdrawing again answers the same.
 *
 * Were the peer to accept before the withdrawal reached it, both stand as written; the peer cancels
 * its consignment when it pulls the withdrawal if it has not left (proposal-progress.ts,
 * cancelWithdrawn), and if it has, the lines here follow the goods.
 */
import { dueStages } from '../domain/federation/proposal-progress.js'
import { type Proposal, proposalState, stepProposal } from '../domain/federation/proposal.js'
import { type Actor, actorLabel } from '../domain/records/record.js'
import type { AppContext } from './context.js'
import { Refusal } from './errors.js'
import { ownPlan } from './plans.js'
import { applyStages } from './proposal-progress.js'
import { getProposal, type ProposalView } from './proposals.js'

export async function withdrawProposal(
  ctx: AppContext,
  actor: Actor,
  id: string,
): Promise<ProposalView & { result: 'withdrawn' | 'exists' }> {
  const view = await getProposal(ctx, id, { org: actor.org })
  const { proposal } = view
  if (proposal.home !== ctx.node.id)
    throw new Refusal(
      'forbidden',
      `proposal ${id} is node ${proposal.home}'s: only that node's planners may withdraw it`,
      { home: proposal.home },
    )
  await ownPlan(ctx, actor, proposal.plan)
  const step = stepProposal(view.state, 'withdraw')
  if (step.code === 'exists') return { result: 'exists', ...view }
  if (step.code === 'refused')
    throw new Refusal(
      'invalid_transition',
      `proposal ${id} is ${step.as} already by node ${proposal.peer}: it can no longer be withdrawn${step.as === 'accepted' ? '; ask that node to cancel its consignment' : ''}`,
      { state: step.as, allowed: [] },
    )
  return ctx.store.transact(async (tx) => {
    const now = ctx.clock.now().toISOString()
    const next: Proposal = {
      ...proposal,
      withdrawnAt: now,
      updatedAt: now,
      version: proposal.version + 1,
    }
    if ((await tx.getDecisions([id])).size > 0 || !(await tx.replaceProposal(next, proposal)))
      throw new Refusal('version_conflict', `proposal ${id} changed meanwhile: reload it`)
    await tx.appendEvents(now, actorLabel(actor), [
      { kind: 'proposal.withdrawn', subject: id, body: next, share: next.share },
    ])
    const applied = (await tx.getProposalProgress([id])).get(id) ?? new Set()
    const due = dueStages(
      next.lines.map((line) => line.quantity),
      applied,
      { state: 'withdrawn', consignment: null, received: null },
    )
    await applyStages(tx, actor, now, next, due, false)
    return {
      result: 'withdrawn' as const,
      proposal: next,
      decision: null,
      state: proposalState(null, next),
    }
  })
}
