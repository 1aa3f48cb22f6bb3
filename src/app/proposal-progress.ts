/**
 * @module app/proposal-progress
 * A request line served across nodes moves as one served here (domain/federation/proposal-progress.ts):
 * planned when the plan is approved, released when the peer declines, the proposer withdraws or the
 * peer cancels its consignment, dispatched when the peer's consignment leaves, delivered when this node
 * records its receipt. The facts come by pull, so after each pull (and after a receipt or withdrawal
 * here) `followProposals` works out what is owed and applies it, each stage once: the stage's row
 * (migration 0016) is written in the same transaction as the request lines it moves, through the same
 * path a local consignment takes (consignments.ts, moveRequests).
 *
 * At the peer, `cancelWithdrawn` settles a withdrawal that crossed an acceptance: the consignment it
 * created, still only planned, is cancelled (its reservation voided) when the withdrawal is pulled.
 */
import {
  type DueStage,
  dueStages,
  type ProgressStage,
  progressSettled,
} from '../domain/federation/proposal-progress.js'
import { type Proposal, proposalState } from '../domain/federation/proposal.js'
import type { Actor } from '../domain/records/record.js'
import { actOnConsignment, moveRequests } from './consignments.js'
import type { AppContext } from './context.js'
import type { StoreWrites } from './ports.js'
import { acceptedConsignmentId } from './proposals.js'
import type { StockContext } from './stock.js'

const PAGE = 500

const systemOf = (ctx: AppContext): Actor => ({ kind: 'system', id: 'system', org: ctx.node.org })

/**
 * Applies due stages of one proposal in the caller's transaction. A stage recorded meanwhile (another
 * pull, a receipt) is skipped, and so is every later one: the next follow works them out afresh.
 * `strict` refuses a change the request refuses (at approval); otherwise it is skipped and named.
 */
export async function applyStages(
  tx: StoreWrites,
  actor: Actor,
  at: string,
  proposal: Proposal,
  due: readonly DueStage[],
  strict: boolean,
): Promise<ProgressStage[]> {
  const applied: ProgressStage[] = []
  const consignment = { id: acceptedConsignmentId(proposal.id), home: proposal.home }
  for (const { stage, changes } of due) {
    if (!(await tx.insertProposalProgress(proposal.id, stage, at))) break
    await moveRequests(
      tx,
      actor,
      at,
      consignment,
      proposal.lines.map((line, index) => ({
        line: { request: line.request, requestLine: line.requestLine },
        index,
        change: { ...(changes[index] ?? {}) },
      })),
      strict,
      proposal.id,
    )
    applied.push(stage)
  }
  return applied
}

/** What this node knows now of one of its proposals: the peer's decision, consignment, its receipt. */
async function factsOf(ctx: AppContext, proposal: Proposal) {
  const decision = (await ctx.store.getDecisions([proposal.id])).get(proposal.id) ?? null
  const state = proposalState(decision, proposal)
  const id = decision?.consignment ?? acceptedConsignmentId(proposal.id)
  const consignment = state === 'accepted' ? await ctx.store.getConsignment(id, null) : null
  const receipt = consignment ? await ctx.store.getPeerReceipt(id) : null
  const own = receipt?.home === ctx.node.id ? receipt : null
  const received = own
    ? (consignment?.lines ?? []).map(
        (line) => own.lines.find((l) => l.line === line.id)?.quantityReceived ?? 0,
      )
    : null
  return { state, consignment: consignment?.status ?? null, received }
}

/** Applies what this node's proposals owe their request lines. Answers how many stages it applied. */
export async function followProposals(ctx: AppContext): Promise<number> {
  let count = 0
  for (let offset = 0; ; offset += PAGE) {
    const page = await ctx.store.listProposals({ home: ctx.node.id, limit: PAGE, offset }, null)
    const progress = await ctx.store.getProposalProgress(page.rows.map((p) => p.id))
    for (const proposal of page.rows) {
      const applied = progress.get(proposal.id) ?? new Set<ProgressStage>()
      if (progressSettled(applied)) continue
      const facts = await factsOf(ctx, proposal)
      const due = dueStages(
        proposal.lines.map((line) => line.quantity),
        applied,
        facts,
      )
      if (due.length === 0) continue
      count += await ctx.store.transact(async (tx) => {
        const now = ctx.clock.now().toISOString()
        return (await applyStages(tx, systemOf(ctx), now, proposal, due, false)).length
      })
    }
    if (page.rows.length < PAGE) return count
  }
}

/**
 * At the peer: each proposal withdrawn by its proposer after this node accepted it, whose consignment
 * has not left yet, has that consignment cancelled. Answers how many it cancelled.
 */
export async function cancelWithdrawn(stock: StockContext): Promise<number> {
  const { ctx } = stock
  let count = 0
  for (let offset = 0; ; offset += PAGE) {
    const page = await ctx.store.listProposals({ peer: ctx.node.id, limit: PAGE, offset }, null)
    const withdrawn = page.rows.filter((p) => p.withdrawnAt && p.home !== ctx.node.id)
    const decisions = await ctx.store.getDecisions(withdrawn.map((p) => p.id))
    for (const proposal of withdrawn) {
      const consignment = decisions.get(proposal.id)?.consignment
      if (!consignment) continue
      const found = await ctx.store.getConsignment(consignment, null)
      if (found?.home !== ctx.node.id || found.status !== 'planned') continue
      await actOnConsignment(stock, systemOf(ctx), consignment, 'cancel')
      count += 1
    }
    if (page.rows.length < PAGE) return count
  }
}

/**
 * A plan's proposals counted as its consignments are (plan-life.ts, `complete`): one proposed or
 * accepted is live, unless its consignment was cancelled; it is received once this node recorded its
 * receipt. Declined and withdrawn ones count for nothing.
 */
/** This node's proposals of one plan, each with what this node knows of it now. */
export async function planProposals(ctx: AppContext, plan: string) {
  const found: { proposal: Proposal; facts: Awaited<ReturnType<typeof factsOf>> }[] = []
  for (let offset = 0; ; offset += PAGE) {
    const page = await ctx.store.listProposals(
      { plan, home: ctx.node.id, limit: PAGE, offset },
      null,
    )
    for (const proposal of page.rows) found.push({ proposal, facts: await factsOf(ctx, proposal) })
    if (page.rows.length < PAGE) return found
  }
}

export async function countProposals(ctx: AppContext, plan: string) {
  const counts = { live: 0, moving: 0, received: 0 }
  for (const { facts } of await planProposals(ctx, plan)) {
    if (facts.state === 'declined' || facts.state === 'withdrawn') continue
    if (facts.consignment === 'cancelled') continue
    counts.live += 1
    if (facts.received !== null) counts.received += 1
    if (facts.received !== null || (facts.consignment && facts.consignment !== 'planned'))
      counts.moving += 1
  }
  return counts
}
