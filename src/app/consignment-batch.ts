/**
 * @module app/consignment-batch
 * Several consignments created — and, optionally, planned ones cancelled — all or nothing, through
 * the consignments use case: each is checked and its lots picked as createConsignment does (lots
 * taken by one count against the next; lots freed by a cancellation count as available), then one
 * ledger batch voids the cancelled reservations and makes the new ones, and one transaction writes
 * every record, the request lines' counters and the events. As with one consignment, the ledger
 * commits first and the records after it: ids derive from the caller's, so a retry after a failure
 * between the two finds the reservations and completes the records.
 */
import type { Actor } from '../domain/records/record.js'
import type { Consignment } from '../domain/transport/consignment.js'
import {
  lotKey,
  type NewConsignment,
  prepareConsignment,
  type ReadyConsignment,
  recordCancelled,
  recordPlanned,
  releaseTransfers,
} from './consignments.js'
import { Refusal } from './errors.js'
import type { StoreWrites } from './ports.js'
import type { StockContext } from './stock.js'

export interface ConsignmentBatch {
  readonly create: readonly (NewConsignment & { readonly id: string })[]
  /** Planned consignments to cancel in the same batch; their stock is free for `create`. */
  readonly cancel: readonly Consignment[]
  /** Why they are cancelled, for their events. */
  readonly why: string
  /** The caller checked the request lines' counters for the whole batch. */
  readonly requestsChecked: boolean
  /** More to write in the same transaction (the plan's own record). */
  readonly within?: (tx: StoreWrites, now: string, created: Consignment[]) => Promise<void>
}

/** The stock each planned consignment gives back when cancelled, keyed as lotKey. */
export function freedBy(cancel: readonly Consignment[]): Map<string, number> {
  const freed = new Map<string, number>()
  for (const c of cancel)
    for (const line of c.lines)
      for (const pick of line.picks) {
        const key = lotKey(c.origin, line.item, line.owner, pick.lot)
        freed.set(key, (freed.get(key) ?? 0) + pick.quantity)
      }
  return freed
}

export async function createConsignmentBatch(
  stock: StockContext,
  actor: Actor,
  batch: ConsignmentBatch,
): Promise<Consignment[]> {
  const { ctx } = stock
  // Negative: given back by the cancellations, so it may be taken again.
  const taken = new Map([...freedBy(batch.cancel)].map(([key, n]) => [key, -n]))
  const ready: ReadyConsignment[] = []
  for (const input of batch.create)
    ready.push(
      await prepareConsignment(stock, actor, input.id, input, {
        taken,
        requestsChecked: batch.requestsChecked,
      }),
    )
  // A retry after the ledger committed submits the very same batch, which answers `exists`.
  const transfers = [
    ...batch.cancel.flatMap(releaseTransfers),
    ...ready.flatMap((r) => r.reservations),
  ]
  if (transfers.length > 0) await stock.writer.submit(actor, transfers)
  return ctx.store.transact(async (tx) => {
    const now = ctx.clock.now().toISOString()
    for (const consignment of batch.cancel) {
      const current = await tx.getConsignment(consignment.id, null)
      if (current?.status !== 'planned')
        throw new Refusal(
          'version_conflict',
          `consignment ${consignment.id} is ${current?.status ?? 'gone'} now, no longer only planned: make the plan again`,
          { consignment: consignment.id },
        )
      await recordCancelled(tx, actor, now, current, batch.why)
    }
    const created: Consignment[] = []
    for (const r of ready)
      created.push(
        (await tx.getConsignment(r.id, null)) ?? (await recordPlanned(tx, ctx, actor, now, r)),
      )
    await batch.within?.(tx, now, created)
    return created
  })
}
