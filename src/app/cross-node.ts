/**
 * @module app/cross-node
 * What a node does after each pull about the flows across nodes: close its consignments that peers
 * received (peer-receipts.ts), cancel the ones whose proposals were withdrawn before they left, and
 * move its own request lines served by proposals (proposal-progress.ts). Each step is idempotent.
 */
import { closePeerReceipts } from './peer-receipts.js'
import { cancelWithdrawn, followProposals } from './proposal-progress.js'
import type { StockContext } from './stock.js'

export async function afterPull(stock: StockContext) {
  const closed = await closePeerReceipts(stock)
  const cancelled = await cancelWithdrawn(stock)
  const stages = await followProposals(stock.ctx)
  return { closed, cancelled, stages }
}
