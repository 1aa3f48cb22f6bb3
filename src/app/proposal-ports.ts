/**
 * @module app/proposal-ports
 * What proposals and receipts across nodes need from the store (store/kysely/proposal-queries.ts): this node's proposals and
 * decisions and other nodes' replicas of theirs, in the same tables, told apart by `home`.
 */
import type { PeerReceipt } from '../domain/federation/peer-receipt.js'
import type { Proposal, ProposalDecision } from '../domain/federation/proposal.js'
import type { ProgressStage } from '../domain/federation/proposal-progress.js'
import type { Page, Viewer } from './ports.js'

export interface ProposalFilter {
  /** The plan that made them. */
  readonly plan?: string | undefined
  /** The node addressed: the home of the stock they take. */
  readonly peer?: string | undefined
  /** The node that made them. */
  readonly home?: string | undefined
  readonly limit: number
  readonly offset: number
}

export interface ProposalReads {
  getProposal(id: string, viewer: Viewer): Promise<Proposal | null>
  /** Newest first. */
  listProposals(filter: ProposalFilter, viewer: Viewer): Promise<Page<Proposal>>
  /** The decisions recorded about these proposals (by this node or replicated), by proposal id. */
  getDecisions(proposals: readonly string[]): Promise<Map<string, ProposalDecision>>
  /** The receipt a node recorded of a consignment (this node's, or a replica of another's). */
  getPeerReceipt(consignment: string): Promise<PeerReceipt | null>
  /** Receipts other nodes recorded of this node's consignments, oldest first. */
  listPeerReceiptsOf(sender: string, limit: number, offset: number): Promise<PeerReceipt[]>
  /** The stages of its request lines' progress this node applied, by proposal (migration 0016). */
  getProposalProgress(proposals: readonly string[]): Promise<Map<string, Set<ProgressStage>>>
}

export interface ProposalWrites {
  /** Inserts once; false when the id is held already. */
  insertProposal(proposal: Proposal): Promise<boolean>
  /** Replaces a proposal by its next version (a withdrawal); false when it is no longer `current`. */
  replaceProposal(next: Proposal, current: Proposal): Promise<boolean>
  /** Records a stage applied; false when it was already (the caller then moves nothing). */
  insertProposalProgress(proposal: string, stage: ProgressStage, at: string): Promise<boolean>
  /** Inserts once; false when the proposal has a decision already. */
  insertDecision(decision: ProposalDecision): Promise<boolean>
  /** Inserts once; false when the consignment has a receipt already. */
  insertPeerReceipt(receipt: PeerReceipt): Promise<boolean>
}
