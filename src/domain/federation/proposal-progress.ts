/**
 * @module domain/federation/proposal-progress
 * How a proposal moves the proposing node's request lines (DESIGN.md, "Operations, requests and
 * needs": planned, dispatched and delivered are driven by plans and consignments). A line served by
 * a proposal moves as one served by a local consignment, but the facts arrive by pull, in any order
 * and more than once; so each move is a *stage* the proposing node records once it applied it:
 *
 * - `planned`: the plan was approved (the line is held, as a local planned consignment holds it);
 * - `released`: the peer declined, the proposer withdrew, or the peer cancelled the accepted
 *   consignment before it left — planned is given back, so the line can be planned again;
 * - `dispatched`: the peer's consignment left (its replica here says so, or it was received here);
 * - `delivered`: this node recorded its receipt, what arrived of each line up to what was sent.
 *
 * Given the stages applied and the facts now known, `dueStages` says which moves are still owed, in
 * order. Goods that left after a release (a withdrawal crossing an acceptance) are planned again with
 * their dispatch: the counters follow the goods.
 */
import type { ProposalState } from './proposal.js'

export const progressStages = ['planned', 'released', 'dispatched', 'delivered'] as const
export type ProgressStage = (typeof progressStages)[number]

export interface LineChange {
  readonly planned?: number
  readonly dispatched?: number
  readonly delivered?: number
}

/** What the proposing node knows of a proposal now. */
export interface ProposalFacts {
  readonly state: ProposalState
  /** The accepted consignment's status as replicated here, or null if not (yet) here. */
  readonly consignment: string | null
  /** This node's receipt of it: received per proposal line (by index), or null. */
  readonly received: readonly number[] | null
}

const left = new Set(['dispatched', 'arrived', 'received'])

export interface DueStage {
  readonly stage: ProgressStage
  /** Per proposal line (same index), the change to its request line. */
  readonly changes: readonly LineChange[]
}

export function dueStages(
  quantities: readonly number[],
  applied: ReadonlySet<ProgressStage>,
  facts: ProposalFacts,
): DueStage[] {
  const due: DueStage[] = []
  const done = new Set(applied)
  const add = (stage: ProgressStage, change: (q: number, i: number) => LineChange) => {
    due.push({ stage, changes: quantities.map(change) })
    done.add(stage)
  }
  if (!done.has('planned')) add('planned', (q) => ({ planned: q }))
  const moved =
    facts.received !== null || (facts.consignment !== null && left.has(facts.consignment))
  const dropped =
    facts.state === 'declined' ||
    facts.consignment === 'cancelled' ||
    (facts.state === 'withdrawn' && !moved)
  if (dropped && !moved && !done.has('released') && !done.has('dispatched'))
    add('released', (q) => ({ planned: -q }))
  if (moved && !done.has('dispatched')) {
    const replan = done.has('released')
    add('dispatched', (q) => (replan ? { planned: q, dispatched: q } : { dispatched: q }))
  }
  if (facts.received !== null && !done.has('delivered'))
    // Delivered never exceeds what was sent: a surplus is stock, not more delivered to the request.
    add('delivered', (q, i) => ({ delivered: Math.min(facts.received?.[i] ?? 0, q) }))
  return due
}

/** Nothing more can happen to a proposal whose stages reached one of these. */
export function progressSettled(applied: ReadonlySet<ProgressStage>): boolean {
  return applied.has('delivered')
}
