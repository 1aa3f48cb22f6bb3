/**
 * @module domain/federation/peer-receipt
 * A receipt across nodes (DESIGN.md, "The ledger", "Across nodes"): a consignment of node A delivered
 * to a place of node B. The consignment is A's record; B records what arrived as its own record — per
 * line, with discrepancies — and its own ledger takes the goods in (`peer:A → stock`). When B's receipt
 * reaches A by pull, A closes its transit: what arrived to `peer:B`, the shortfall to `loss`. Each
 * ledger balances on its own; the consignment id ties them.
 */
import type { RecordEnvelope } from '../records/record.js'

export interface PeerReceiptLine {
  /** The consignment's line. */
  readonly line: string
  readonly quantityReceived: number
  readonly discrepancyReason: string | null
}

export interface PeerReceipt extends RecordEnvelope {
  readonly consignment: string
  /** The consignment's home: the node whose transit the receipt closes. */
  readonly sender: string
  readonly destination: string
  readonly lines: readonly PeerReceiptLine[]
  readonly receivedAt: string
  /** The hash of the proof of delivery kept at the receiving node (name, signature, photo). */
  readonly proofHash: string
}

/** A line's received quantity and reason as a receipt gives them: more than sent needs no reason. */
export function discrepancyOf(
  sent: number,
  received: number,
  reason: string | null | undefined,
): string | null {
  if (received === sent) return null
  return reason ?? (received > sent ? 'surplus' : 'other')
}
