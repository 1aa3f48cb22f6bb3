/**
 * @module store/kysely/proposal-queries
 * Proposals and decisions (migration 0013), this node's and replicas alike. Tables declared here and
 * added with `withTables`, as plans are. Each record is written once and kept whole as JSON;
 * releasability is applied in SQL on the envelope columns.
 */
import { type Kysely, sql } from 'kysely'
import type { Viewer } from '../../app/ports.js'
import type { ProposalReads, ProposalWrites } from '../../app/proposal-ports.js'
import type { PeerReceipt } from '../../domain/federation/peer-receipt.js'
import type { Proposal, ProposalDecision } from '../../domain/federation/proposal.js'
import type { ProgressStage } from '../../domain/federation/proposal-progress.js'
import { encodeShare, PUBLIC } from '../../domain/records/share.js'
import { boundPattern } from './like.js'
import type { Database } from './schema.js'

// Types, not interfaces: `withTables` wants an index signature.
export type ProposalTable = {
  id: string
  home: string
  org: string
  share: string
  created_at: string
  plan_id: string
  peer: string
  body: string
}

export type ProposalDecisionTable = {
  id: string
  home: string
  org: string
  share: string
  created_at: string
  proposal_id: string
  decision: string
  body: string
}

export type PeerReceiptTable = {
  id: string
  home: string
  org: string
  share: string
  created_at: string
  consignment_id: string
  sender: string
  body: string
}

export type ProposalProgressTable = {
  proposal_id: string
  stage: string
  applied_at: string
}

type Tables = {
  proposal_progress: ProposalProgressTable
  proposals: ProposalTable
  proposal_decisions: ProposalDecisionTable
  peer_receipts: PeerReceiptTable
}
const withProposals = (db: Kysely<Database>) => db.withTables<Tables>()

function releasedTo(viewer: Viewer) {
  if (viewer === null) return sql<boolean>`1 = 1`
  return sql<boolean>`(proposals.share = 'all' or proposals.org = ${viewer.org} or proposals.org = ${PUBLIC} or proposals.share like ${boundPattern(`%"${viewer.org}"%`)})`
}

export function proposalReads(db: Kysely<Database>): ProposalReads {
  const pdb = withProposals(db)
  return {
    async getProposal(id, viewer) {
      const row = await pdb
        .selectFrom('proposals')
        .select('body')
        .where('id', '=', id)
        .where(() => releasedTo(viewer))
        .executeTakeFirst()
      return row ? (JSON.parse(row.body) as Proposal) : null
    },
    async listProposals(filter, viewer) {
      let query = pdb.selectFrom('proposals').where(() => releasedTo(viewer))
      if (filter.plan) query = query.where('plan_id', '=', filter.plan)
      if (filter.peer) query = query.where('peer', '=', filter.peer)
      if (filter.home) query = query.where('home', '=', filter.home)
      const [rows, count] = await Promise.all([
        query
          .select('body')
          .orderBy('created_at', 'desc')
          .orderBy('id')
          .limit(filter.limit)
          .offset(filter.offset)
          .execute(),
        query
          .select((eb) => eb.fn.countAll<string | number>().as('total'))
          .executeTakeFirstOrThrow(),
      ])
      return {
        rows: rows.map((row) => JSON.parse(row.body) as Proposal),
        total: Number(count.total),
      }
    },
    async getDecisions(proposals) {
      const found = new Map<string, ProposalDecision>()
      if (proposals.length === 0) return found
      const rows = await pdb
        .selectFrom('proposal_decisions')
        .select(['proposal_id', 'body'])
        .where('proposal_id', 'in', [...proposals])
        .execute()
      for (const row of rows) found.set(row.proposal_id, JSON.parse(row.body) as ProposalDecision)
      return found
    },
    async getPeerReceipt(consignment) {
      const row = await pdb
        .selectFrom('peer_receipts')
        .select('body')
        .where('consignment_id', '=', consignment)
        .executeTakeFirst()
      return row ? (JSON.parse(row.body) as PeerReceipt) : null
    },
    async listPeerReceiptsOf(sender, limit, offset) {
      const rows = await pdb
        .selectFrom('peer_receipts')
        .select('body')
        .where('sender', '=', sender)
        .orderBy('created_at')
        .orderBy('id')
        .limit(limit)
        .offset(offset)
        .execute()
      return rows.map((row) => JSON.parse(row.body) as PeerReceipt)
    },
    async getProposalProgress(proposals) {
      const found = new Map<string, Set<ProgressStage>>()
      if (proposals.length === 0) return found
      const rows = await pdb
        .selectFrom('proposal_progress')
        .select(['proposal_id', 'stage'])
        .where('proposal_id', 'in', [...proposals])
        .execute()
      for (const row of rows) {
        const stages = found.get(row.proposal_id) ?? new Set<ProgressStage>()
        stages.add(row.stage as ProgressStage)
        found.set(row.proposal_id, stages)
      }
      return found
    },
  }
}

export function proposalWrites(db: Kysely<Database>): ProposalWrites {
  const pdb = withProposals(db)
  return {
    async insertProposal(proposal) {
      const result = await pdb
        .insertInto('proposals')
        .values({
          id: proposal.id,
          home: proposal.home,
          org: proposal.org,
          share: encodeShare(proposal.share),
          created_at: proposal.createdAt,
          plan_id: proposal.plan,
          peer: proposal.peer,
          body: JSON.stringify(proposal),
        })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst()
      return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1
    },
    async replaceProposal(next, current) {
      // The body is written whole and read back whole: equal text is the version replaced.
      const result = await pdb
        .updateTable('proposals')
        .set({ share: encodeShare(next.share), body: JSON.stringify(next) })
        .where('id', '=', current.id)
        .where('body', '=', JSON.stringify(current))
        .executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },
    async insertProposalProgress(proposal, stage, at) {
      const result = await pdb
        .insertInto('proposal_progress')
        .values({ proposal_id: proposal, stage, applied_at: at })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst()
      return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1
    },
    async insertDecision(decision) {
      const result = await pdb
        .insertInto('proposal_decisions')
        .values({
          id: decision.id,
          home: decision.home,
          org: decision.org,
          share: encodeShare(decision.share),
          created_at: decision.createdAt,
          proposal_id: decision.proposal,
          decision: decision.decision,
          body: JSON.stringify(decision),
        })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst()
      return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1
    },
    async insertPeerReceipt(receipt) {
      const result = await pdb
        .insertInto('peer_receipts')
        .values({
          id: receipt.id,
          home: receipt.home,
          org: receipt.org,
          share: encodeShare(receipt.share),
          created_at: receipt.createdAt,
          consignment_id: receipt.consignment,
          sender: receipt.sender,
          body: JSON.stringify(receipt),
        })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst()
      return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1
    },
  }
}
