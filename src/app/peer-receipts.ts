/**
 * @module app/peer-receipts
 * Receipts across nodes (DESIGN.md, "The ledger", "Across nodes"; domain/federation/peer-receipt.ts).
 *
 * - At the receiving node: a consignment of another node (a replica here) arrives at a place this
 *   node's organisation handles. Its logistician records the receipt as for any consignment — every
 *   line, a reason for each shortfall, a proof of delivery — and this node's ledger takes in what
 *   arrived, lot by lot, from the sender (`peer:<sender> → stock`). The receipt is this node's record
 *   and event, released to the sender's organisation; the consignment stays the sender's, unchanged
 *   here until the sender closes it and this node pulls that.
 * - At the sending node, after a pull: each receipt of another node about one of this node's
 *   consignments still on its way closes it — what arrived leaves transit for `peer:<receiver>`, the
 *   shortfall goes to `loss` — through the same receipt as a local one, written by the node itself.
 *
 * The proof's name, signature and photo stay at the receiving node (personal data); the receipt
 * carries their hash.
 */
import { createHash } from 'node:crypto'
import { v5 as uuidv5 } from 'uuid'
import { mayHandleStockAt } from '../domain/access/permissions.js'
import { canonicalJson } from '../domain/events/chain.js'
import { discrepancyOf, type PeerReceipt } from '../domain/federation/peer-receipt.js'
import { type Actor, actorLabel } from '../domain/records/record.js'
import {
  type Consignment,
  type ShortfallReason,
  splitReceipt,
} from '../domain/transport/consignment.js'
import { bypassesOrgChecks, placeOrgs, type Receipt, receiveConsignment } from './consignments.js'
import { Refusal } from './errors.js'
import type { TransferRequest } from './ledger-writer.js'
import { followProposals } from './proposal-progress.js'
import { refuseReplica } from './replicas.js'
import type { StockContext } from './stock.js'

const NAMESPACE = '5d0f2b8e-1c43-4a7e-b2a9-8e6f4c1d7a30'
const receiptId = (consignment: string) => uuidv5(`receipt:${consignment}`, NAMESPACE)
const transferId = (consignment: string, line: number, lot: number) =>
  uuidv5(`receipt:${consignment}:${line}:${lot}`, NAMESPACE)

/** The consignment as the receiving node shows it once it recorded its receipt. */
function asReceived(consignment: Consignment, receipt: PeerReceipt): Consignment {
  const got = new Map(receipt.lines.map((line) => [line.line, line]))
  return {
    ...consignment,
    status: 'received',
    receivedAt: receipt.receivedAt,
    lines: consignment.lines.map((line) => ({
      ...line,
      quantityReceived: got.get(line.id)?.quantityReceived ?? line.quantityReceived,
      discrepancyReason: got.get(line.id)?.discrepancyReason ?? line.discrepancyReason,
    })),
  }
}

function checkLines(consignment: Consignment, receipt: Receipt) {
  const given = new Map(receipt.lines.map((entry, index) => [entry.line, { entry, index }]))
  for (const [index, entry] of receipt.lines.entries())
    if (!consignment.lines.some((line) => line.id === entry.line))
      throw new Refusal(
        'invalid_request',
        `lines[${index}].line: the consignment has no line ${entry.line}`,
        [{ field: `lines[${index}].line`, message: 'not a line of this consignment' }],
      )
  if (given.size !== receipt.lines.length)
    throw new Refusal('invalid_request', 'lines: a line is given twice', [
      { field: 'lines', message: 'a line given twice' },
    ])
  return consignment.lines.map((line) => {
    const found = given.get(line.id)
    if (!found)
      throw new Refusal(
        'invalid_request',
        `lines: say what was received of every line; line ${line.id} is missing (0 if none arrived)`,
        [{ field: 'lines', message: `line ${line.id} missing` }],
      )
    const { entry, index } = found
    if (entry.quantityReceived < line.quantity && !entry.reason)
      throw new Refusal(
        'invalid_request',
        `lines[${index}].reason: ${line.quantity - entry.quantityReceived} fewer than sent arrived; say why (short-shipped, damaged, stolen, spoiled, lost, other)`,
        [{ field: `lines[${index}].reason`, message: 'required when less arrived than was sent' }],
      )
    return {
      line,
      received: entry.quantityReceived,
      reason: discrepancyOf(line.quantity, entry.quantityReceived, entry.reason),
    }
  })
}

/** Records the receipt of another node's consignment at a place this node's organisation handles. */
export async function receiveFromPeer(
  stock: StockContext,
  actor: Actor,
  consignment: Consignment,
  receipt: Receipt,
): Promise<Consignment> {
  const { ctx } = stock
  const id = consignment.id
  const destinationOrg = (await placeOrgs(ctx, [consignment.destination], actor)).get(
    consignment.destination,
  )
  // Anyone else meets the replica's usual refusal, naming its home.
  if (
    !bypassesOrgChecks(actor) &&
    !(destinationOrg && mayHandleStockAt(actor, destinationOrg, ctx.node.org))
  )
    await refuseReplica(ctx, consignment, `consignment ${id}`, ctx.store)
  const held = await ctx.store.getPeerReceipt(id)
  if (held?.home === ctx.node.id) return asReceived(consignment, held)
  if (consignment.status !== 'dispatched' && consignment.status !== 'arrived')
    throw new Refusal(
      'invalid_transition',
      `consignment ${id} of node ${consignment.home} is ${consignment.status}: it is received once its home has dispatched it`,
      { allowed: [] },
    )
  const lines = checkLines(consignment, receipt)
  const transfers: TransferRequest[] = []
  for (const [i, { line, received }] of lines.entries()) {
    const split = splitReceipt(line.picks, received)
    for (const [k, lot] of split.lots.entries()) {
      // A surplus came with the first lot, as a local receipt takes it.
      const quantity = lot.received + (k === 0 ? split.surplus : 0)
      if (quantity <= 0) continue
      transfers.push({
        id: transferId(id, i, k),
        mode: 'single',
        from: {
          kind: 'peer',
          where: consignment.home,
          item: line.item,
          owner: line.owner,
          lot: lot.lot,
        },
        to: {
          kind: 'stock',
          where: consignment.destination,
          item: line.item,
          owner: line.owner,
          lot: lot.lot,
          expiresOn: lot.expiresOn,
        },
        quantity,
        reason: 'received',
        ref: id,
      })
    }
  }
  if (transfers.length > 0) await stock.writer.submit(actor, transfers)
  const sender = await ctx.store.getPeer(consignment.home)
  const received = await ctx.store.transact(async (tx) => {
    const now = ctx.clock.now().toISOString()
    const proofBody = {
      receivedBy: receipt.proof.receivedBy,
      signature: receipt.proof.signature ?? null,
      photo: receipt.proof.photo ?? null,
    }
    const proofHash = createHash('sha256').update(canonicalJson(proofBody)).digest('hex')
    await tx.insertDeliveryProof({
      id: uuidv5(`proof:${id}`, NAMESPACE),
      consignment: id,
      org: destinationOrg && destinationOrg !== 'public' ? destinationOrg : ctx.node.org,
      ...proofBody,
      hash: proofHash,
      createdAt: now,
    })
    const record: PeerReceipt = {
      id: receiptId(id),
      home: ctx.node.id,
      org: actor.org,
      share: sender ? [sender.organisation] : 'own',
      createdAt: now,
      updatedAt: now,
      version: 1,
      consignment: id,
      sender: consignment.home,
      destination: consignment.destination,
      lines: lines.map(({ line, received, reason }) => ({
        line: line.id,
        quantityReceived: received,
        discrepancyReason: reason,
      })),
      receivedAt: receipt.proof.receivedAt ? new Date(receipt.proof.receivedAt).toISOString() : now,
      proofHash,
    }
    if (!(await tx.insertPeerReceipt(record)))
      throw new Refusal('version_conflict', `consignment ${id} was received meanwhile: reload it`)
    await tx.appendEvents(now, actorLabel(actor), [
      { kind: 'peer_receipt.recorded', subject: record.id, body: record, share: record.share },
    ])
    return asReceived(consignment, record)
  })
  // A consignment a proposal of this node asked for: its request lines are delivered now (were this
  // interrupted, the next pull does it).
  await followProposals(ctx)
  return received
}

/**
 * Closes this node's consignments that other nodes received (their receipts pulled here): each one
 * still on its way is received as the receipt says, its arrivals to `peer:<receiver>`. Idempotent: a
 * consignment already received is left as it is. Answers how many it closed.
 */
export async function closePeerReceipts(stock: StockContext): Promise<number> {
  const { ctx } = stock
  const system: Actor = { kind: 'system', id: 'system', org: ctx.node.org }
  let closed = 0
  const PAGE = 500
  for (let offset = 0; ; offset += PAGE) {
    const receipts = await ctx.store.listPeerReceiptsOf(ctx.node.id, PAGE, offset)
    for (const receipt of receipts) {
      if (receipt.home === ctx.node.id) continue
      const consignment = await ctx.store.getConsignment(receipt.consignment, null)
      if (consignment?.home !== ctx.node.id) continue
      if (consignment.status !== 'dispatched' && consignment.status !== 'arrived') continue
      await receiveConsignment(
        stock,
        system,
        consignment.id,
        {
          lines: receipt.lines.map((line) => ({
            line: line.line,
            quantityReceived: line.quantityReceived,
            // The receiving node checked the reasons; a surplus needs none here.
            reason: (line.discrepancyReason === 'surplus'
              ? null
              : line.discrepancyReason) as ShortfallReason | null,
          })),
          proof: {
            receivedBy: `node ${receipt.home} (its receipt ${receipt.id}, proof ${receipt.proofHash})`,
            receivedAt: receipt.receivedAt,
          },
        },
        { peer: receipt.home },
      )
      closed += 1
    }
    if (receipts.length < PAGE) return closed
  }
}
