/**
 * @module domain/federation/proposal
 * A proposal (DESIGN.md, "Allocation", last bullet): a sortie of an approved plan that takes stock of
 * another node. The planning node cannot reserve that stock, so it records what it would like moved —
 * the peer's hub, the lines, the destination, needed-by, the plan — as its own record, released to the
 * stock's home organisation. The stock's home answers with a decision, a record of its own: accepted
 * (with the consignment it created, which reserved the stock there) or declined (with a reason). Each
 * node writes only its own record, so replication has nothing to reconcile.
 */
import type { RecordEnvelope } from '../records/record.js'

export interface ProposalLine {
  readonly item: string
  /** The owner organisation of the stock, as the proposing node knows it. */
  readonly owner: string
  /** The lot code at the peer's hub. */
  readonly lot: string
  readonly quantity: number
  /** The proposing node's request and line this quantity serves. */
  readonly request: string
  readonly requestLine: string
}

export interface Proposal extends RecordEnvelope {
  readonly plan: string
  /** The plan's sortie (`<asset id>/<n>`) whose lines it is. */
  readonly sortie: string
  /** The node whose stock it takes: the only one that may accept or decline it. */
  readonly peer: string
  /** The peer's place the stock is at. */
  readonly origin: string
  readonly destination: string
  /** Legs of the planned route (same ids on every node that derived the network), may be empty. */
  readonly route: readonly string[]
  /** The planner's own asset that would carry it, as information: assets are not replicated. */
  readonly asset: string | null
  readonly departure: string
  readonly eta: string
  readonly neededBy: string | null
  readonly lines: readonly ProposalLine[]
  readonly note: string | null
  /**
   * Set when the proposing node withdrew it before the peer decided (a new version of the record);
   * absent on proposals written before withdrawal existed.
   */
  readonly withdrawnAt?: string | null
}

export const proposalDecisions = ['accepted', 'declined'] as const
export type ProposalDecisionKind = (typeof proposalDecisions)[number]
export const proposalStates = ['proposed', 'accepted', 'declined', 'withdrawn'] as const
export type ProposalState = (typeof proposalStates)[number]
/** What a node may do to a proposal: the peer accepts or declines, the proposer withdraws. */
export type ProposalStep = 'accept' | 'decline' | 'withdraw'

export interface ProposalDecision extends RecordEnvelope {
  readonly proposal: string
  /** The proposing node (the proposal's home). */
  readonly proposer: string
  readonly decision: ProposalDecisionKind
  readonly reason: string | null
  /** Accepted: the consignment created at the deciding node. */
  readonly consignment: string | null
}

/**
 * A proposal's state as one node knows it. The peer's decision wins over a withdrawal it had not
 * seen when it decided (the two nodes wrote concurrently): an accepted consignment still planned is
 * then cancelled by the peer when it pulls the withdrawal (app/proposal-progress.ts).
 */
export function proposalState(
  decision: Pick<ProposalDecision, 'decision'> | null,
  proposal?: Pick<Proposal, 'withdrawnAt'> | null,
): ProposalState {
  if (decision) return decision.decision
  return proposal?.withdrawnAt ? 'withdrawn' : 'proposed'
}

const stepTo: Record<ProposalStep, Exclude<ProposalState, 'proposed'>> = {
  accept: 'accepted',
  decline: 'declined',
  withdraw: 'withdrawn',
}

/**
 * What a step does to a proposal in a state: from `proposed` each step decides it; the step that
 * made the state again is the same answer (idempotent); any other is refused naming the state — a
 * proposal is decided, or withdrawn, once.
 */
export function stepProposal(
  state: ProposalState,
  step: ProposalStep,
):
  | { readonly code: 'apply'; readonly to: Exclude<ProposalState, 'proposed'> }
  | { readonly code: 'exists' }
  | { readonly code: 'refused'; readonly as: Exclude<ProposalState, 'proposed'> } {
  const to = stepTo[step]
  if (state === 'proposed') return { code: 'apply', to }
  return state === to ? { code: 'exists' } : { code: 'refused', as: state }
}

/**
 * What a new decision does, given the one already recorded: a repeat of the same decision is the same
 * answer (idempotent), the other one is refused — a proposal is decided once.
 */
export function decide(
  existing: Pick<ProposalDecision, 'decision'> | null,
  wanted: ProposalDecisionKind,
):
  | { readonly code: 'decide' | 'exists' }
  | { readonly code: 'decided'; readonly as: ProposalDecisionKind } {
  if (!existing) return { code: 'decide' }
  return existing.decision === wanted
    ? { code: 'exists' }
    : { code: 'decided', as: existing.decision }
}

/** Lines of one sortie, by the node whose stock each takes (`local` for the planner's own). */
export function splitByHome<L extends { readonly lot: string }>(
  lines: readonly L[],
  homeOfLot: (lot: string) => string | null,
): Map<string | null, L[]> {
  const byHome = new Map<string | null, L[]>()
  for (const line of lines) {
    const home = homeOfLot(line.lot)
    const group = byHome.get(home) ?? []
    group.push(line)
    byHome.set(home, group)
  }
  return byHome
}

/**
 * Quantity still held by proposals in the planner's eyes, per request line and per peer lot key
 * (`home|place|item|owner|lot`): proposed or accepted. A declined proposal gives both back; an
 * accepted one is reserved at the peer, which the replica of its ledger shows, so its lots are not
 * counted twice.
 */
export function heldByProposals(
  proposals: readonly { readonly proposal: Proposal; readonly state: ProposalState }[],
): { lines: Map<string, number>; lots: Map<string, number> } {
  const lines = new Map<string, number>()
  const lots = new Map<string, number>()
  for (const { proposal, state } of proposals) {
    if (state === 'declined' || state === 'withdrawn') continue
    for (const line of proposal.lines) {
      lines.set(line.requestLine, (lines.get(line.requestLine) ?? 0) + line.quantity)
      if (state !== 'proposed') continue
      const key = peerLotKey(proposal.peer, proposal.origin, line.item, line.owner, line.lot)
      lots.set(key, (lots.get(key) ?? 0) + line.quantity)
    }
  }
  return { lines, lots }
}

export const peerLotKey = (home: string, place: string, item: string, owner: string, lot: string) =>
  `${home}|${place}|${item}|${owner}|${lot}`
