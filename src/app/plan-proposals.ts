/**
 * @module app/plan-proposals
 * The part of an approval that is about other nodes' stock (DESIGN.md, "Allocation", last bullet): each
 * sortie's lines split by the node whose stock they take, and the proposal made of the lines that take
 * another node's, released to the organisation that node was registered with.
 */

import type { PlannedConsignment } from '../domain/allocation/outcome.js'
import type { PlanRecord } from '../domain/allocation/plan-life.js'
import type { StockLot } from '../domain/allocation/snapshot.js'
import { type Proposal, splitByHome } from '../domain/federation/proposal.js'
import type { AppContext } from './context.js'
import { Refusal } from './errors.js'
import { describeRoute } from './plan-approval.js'
import { sortieProposalId } from './proposals.js'

export type IndexedSortie = PlannedConsignment & { readonly index: number }
export interface ProposedSortie {
  readonly sortie: IndexedSortie
  readonly home: string
}

/** Each sortie's lines of this node's stock, and per other node the lines that take its stock. */
export function splitSorties(
  node: string,
  sorties: readonly PlannedConsignment[],
  lots: ReadonlyMap<string, StockLot>,
): { local: IndexedSortie[]; proposed: ProposedSortie[] } {
  const local: IndexedSortie[] = []
  const proposed: ProposedSortie[] = []
  const homeOf = (lot: string) => {
    const home = lots.get(lot)?.home
    return home && home !== node ? home : null
  }
  for (const [index, sortie] of sorties.entries())
    for (const [home, lines] of splitByHome(sortie.lines, homeOf)) {
      const part = { ...sortie, index, lines }
      if (home === null) local.push(part)
      else proposed.push({ sortie: part, home })
    }
  return { local, proposed }
}

/** The organisation each proposed-to node was registered with: the proposal is released to it. */
export async function organisationsOfPeers(ctx: AppContext, proposed: readonly ProposedSortie[]) {
  const orgs = new Map<string, string[]>()
  for (const { home } of proposed) {
    if (orgs.has(home)) continue
    const peer = await ctx.store.getPeer(home)
    if (!peer)
      throw new Refusal(
        'version_conflict',
        `the plan takes stock of node ${home}, which is no longer a registered peer: make the plan again`,
        { home },
      )
    orgs.set(home, [peer.organisation])
  }
  return orgs
}

export function proposalOf(
  { sortie, home }: ProposedSortie,
  with_: {
    plan: PlanRecord
    now: string
    lots: ReadonlyMap<string, StockLot>
    neededBy: ReadonlyMap<string, string | null>
    share: string[]
  },
): Proposal {
  const { plan, now } = with_
  const { route } = describeRoute(sortie)
  const needed = sortie.lines
    .map((line) => with_.neededBy.get(line.line) ?? null)
    .filter((t): t is string => t !== null)
    .sort()
  return {
    id: sortieProposalId(plan.id, sortie.index, home),
    home: plan.home,
    org: plan.org,
    share: with_.share,
    createdAt: now,
    updatedAt: now,
    version: 1,
    plan: plan.id,
    sortie: sortie.id,
    peer: home,
    origin: sortie.origin,
    destination: sortie.destination,
    route,
    asset: sortie.asset,
    departure: sortie.departure,
    eta: sortie.eta,
    neededBy: needed[0] ?? null,
    lines: sortie.lines.map((line) => ({
      item: line.item,
      owner: line.owner,
      lot: with_.lots.get(line.lot)?.lot ?? '',
      quantity: line.quantity,
      request: line.request,
      requestLine: line.line,
    })),
    note: null,
  }
}
