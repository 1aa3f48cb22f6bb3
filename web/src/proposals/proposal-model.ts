/**
 * @module web/proposals/proposal-model
 * Proposals as the screens use them (contract/proposals.ts): another node's plan asking this node for
 * its stock (incoming), or this node's plans asking another's (outgoing), with the decision made by
 * the node whose stock it is. Deciding is the logisticians' work, as making a consignment is.
 */
import type { SessionView } from '@contract/access.js'
import type { ProposalBody, ProposalStateBody } from '@contract/proposals.js'
import { mayWriteConsignments } from '../consignments/consignment-model.js'

export type { ProposalBody, ProposalStateBody }

export interface ProposalList {
  proposals: ProposalBody[]
  total: number
  limit: number
  offset: number
}

export const directions = ['incoming', 'outgoing', 'all'] as const
export type Direction = (typeof directions)[number]

export function isDirection(value: string): value is Direction {
  return (directions as readonly string[]).includes(value)
}

/** Accept and decline: a proposal addressed to this node, not decided yet, by its logisticians. */
export function mayDecide(session: SessionView, proposal: ProposalBody): boolean {
  return proposal.incoming && proposal.state === 'proposed' && mayWriteConsignments(session)
}

/** Withdraw: one of this node's own, not decided yet, by its planners (as they approved the plan). */
export function mayWithdraw(session: SessionView, proposal: ProposalBody): boolean {
  // As plans/plan-model.ts mayPlan (not imported: that module reads the window, this one stays pure).
  const planner = session.user.roles.some((role) => role === 'admin' || role === 'planner')
  return !proposal.incoming && proposal.state === 'proposed' && planner
}

/** In the requests' badge colours (requests.css). */
export const stateTone: Record<ProposalStateBody, string> = {
  proposed: 'waiting',
  accepted: 'done',
  declined: 'stopped',
  withdrawn: 'stopped',
}

export const proposalRef = (id: string) => id.slice(-8).toUpperCase()
