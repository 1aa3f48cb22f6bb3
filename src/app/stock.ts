/**
 * @module app/stock
 * Stock movements as use cases, each one ledger batch: receive (supply → stock), move between this
 * node's places, adjust after a count, record a loss, issue to people, assemble and break down kits.
 * Where no lot is named, lots are picked first-expiry-first-out, never an expired one.
 */
import { v5 as uuidv5 } from 'uuid'
import { available } from '../domain/ledger/account.js'
import { pickFefo } from '../domain/ledger/fefo.js'
import { TIMEOUT_REASON } from '../domain/ledger/transfer.js'
import type { Actor } from '../domain/records/record.js'
import { checkAllocation } from './allocation-rules.js'
import type { AppContext } from './context.js'
import { Refusal } from './errors.js'
import type { AccountRef, BatchOutcome, LedgerWriter, TransferRequest } from './ledger-writer.js'
import { checkPlace, type Where } from './stock-references.js'

const STEP_NAMESPACE = '9c4f2d1e-7a3b-4e6f-8d2c-1b5a9e0f3c77'

/** The id of the n-th transfer of a movement: derived from the client's id, so a retry finds the same. */
export function stepId(movementId: string, step: number): string {
  return step === 0 ? movementId : uuidv5(`${movementId}:${step}`, STEP_NAMESPACE)
}

export interface StockContext {
  readonly ctx: AppContext
  readonly writer: LedgerWriter
}

export const lossReasons = ['damaged', 'expired', 'stolen', 'spoiled', 'lost', 'other'] as const
export type LossReason = (typeof lossReasons)[number]

/** Checks the place, item and owner exist, and that the actor's organisation handles stock there. */
async function checkWhere(
  { ctx }: StockContext,
  actor: Actor,
  where: Where,
  field = 'place',
): Promise<{ placeOrg: string }> {
  const found = await ctx.store.stockReferences(
    { places: [where.place], items: [where.item], organisations: [where.owner] },
    { org: actor.org },
  )
  return checkPlace(ctx.node.org, actor, found, where, {
    place: field,
    item: 'item',
    owner: 'owner',
  })
}

const stockRef = (where: Where, lot = '', expiresOn: string | null = null): AccountRef => ({
  kind: 'stock',
  where: where.place,
  item: where.item,
  owner: where.owner,
  lot,
  expiresOn,
})

/** Lots to take from a place: the named one, or FEFO over what is available today. */
/**
 * A movement already recorded under this id: its transfers, in step order, or null. Checked before
 * lots are picked, because a retry must answer with the original even when the stock or the lots
 * have changed since (a later pick would differ, or find too little).
 */
async function recordedMovement(
  stock: StockContext,
  movementId: string,
  quantity: number,
): Promise<BatchOutcome | null> {
  const ids = Array.from({ length: 64 }, (_, step) => stepId(movementId, step))
  const found = await stock.ctx.store.getTransfers(ids)
  if (found.length === 0) return null
  const byId = new Map(found.map((t) => [t.id, t]))
  const transfers = ids.flatMap((id) =>
    byId.has(id) ? [byId.get(id) as (typeof found)[number]] : [],
  )
  const recorded = transfers
    .filter(
      (t) =>
        t.mode === 'single' &&
        t.reason !== 'kit-assembly' &&
        t.reason !== 'kit-break-down' &&
        t.reason !== 'kit-assembled' &&
        t.reason !== 'kit-broken-down',
    )
    .reduce((sum, t) => sum + t.quantity, 0)
  if (recorded !== 0 && recorded !== quantity) {
    throw new Refusal(
      'transfer_refused',
      `this id was already used for a movement of ${recorded}, not ${quantity}`,
      { index: 0, result: 'exists_with_different_fields' },
    )
  }
  return { result: 'exists', transfers }
}

async function lotsFor(
  { ctx }: StockContext,
  where: Where,
  quantity: number,
  lot: string | undefined,
): Promise<{ lot: string; expiresOn: string | null; quantity: number }[]> {
  if (lot !== undefined) return [{ lot, expiresOn: null, quantity }]
  const today = ctx.clock.now().toISOString().slice(0, 10)
  const accounts = (
    await ctx.store.listBalances(
      {
        kind: 'stock',
        place: where.place,
        item: where.item,
        owner: where.owner,
        limit: 5000,
        offset: 0,
      },
      null,
    )
  ).rows.map((row) => row.account)
  const pick = pickFefo(
    accounts.map((a) => ({ lot: a.lot, expiresOn: a.expiresOn, available: available(a) })),
    quantity,
    today,
  )
  if (pick.shortfall > 0) {
    const usable = quantity - pick.shortfall
    throw new Refusal(
      'transfer_refused',
      `quantity: only ${usable} available in unexpired lots${pick.expiredQuantity > 0 ? ` (${pick.expiredQuantity} more have expired)` : ''}; asked for ${quantity}`,
      { index: 0, result: 'exceeds_available', available: usable, expired: pick.expiredQuantity },
    )
  }
  return pick.picks
}

export interface ReceiveInput extends Where {
  readonly id: string
  readonly quantity: number
  readonly lot?: string | undefined
  readonly expiresOn?: string | null | undefined
  /** The donor or supplier: an organisation id, or a name. */
  readonly source: string
  readonly document?: string | null | undefined
}

export async function receiveStock(
  stock: StockContext,
  actor: Actor,
  input: ReceiveInput,
): Promise<BatchOutcome> {
  await checkWhere(stock, actor, input)
  return stock.writer.submit(actor, [
    {
      id: input.id,
      mode: 'single',
      from: {
        kind: 'supply',
        where: input.source,
        item: input.item,
        owner: input.owner,
        lot: input.lot ?? '',
      },
      to: stockRef(input, input.lot ?? '', input.expiresOn ?? null),
      quantity: input.quantity,
      reason: 'received',
      ref: input.document ?? null,
    },
  ])
}

export interface MoveInput extends Where {
  readonly id: string
  readonly to: string
  readonly quantity: number
  readonly lot?: string | undefined
  readonly ref?: string | null | undefined
}

export async function moveStock(
  stock: StockContext,
  actor: Actor,
  input: MoveInput,
): Promise<BatchOutcome> {
  await checkWhere(stock, actor, input)
  const { placeOrg: destinationOrg } = await checkWhere(
    stock,
    actor,
    { ...input, place: input.to },
    'to',
  )
  await checkAllocation(stock.ctx, input.owner, input.item, input.place, destinationOrg)
  if (input.to === input.place)
    throw new Refusal('invalid_request', 'to: the destination is the place the stock is at', [
      { field: 'to', message: 'same as place' },
    ])
  const recorded = await recordedMovement(stock, input.id, input.quantity)
  if (recorded) return recorded
  const lots = await lotsFor(stock, input, input.quantity, input.lot)
  return stock.writer.submit(
    actor,
    lots.map((lot, step) => ({
      id: stepId(input.id, step),
      mode: 'single',
      from: stockRef(input, lot.lot),
      to: stockRef({ ...input, place: input.to }, lot.lot, lot.expiresOn),
      quantity: lot.quantity,
      reason: 'moved',
      ref: input.ref ?? null,
    })),
  )
}

export interface AdjustInput extends Where {
  readonly id: string
  readonly lot?: string | undefined
  /** What the count found. */
  readonly countedQuantity: number
  readonly note: string
}

export async function adjustStock(
  stock: StockContext,
  actor: Actor,
  input: AdjustInput,
): Promise<BatchOutcome & { change: number }> {
  await checkWhere(stock, actor, input)
  const lot = input.lot ?? ''
  const [current] = (
    await stock.ctx.store.listBalances(
      {
        kind: 'stock',
        place: input.place,
        item: input.item,
        owner: input.owner,
        lot,
        limit: 1,
        offset: 0,
      },
      null,
    )
  ).rows
  const change = input.countedQuantity - (current?.account.posted ?? 0)
  if (change === 0)
    throw new Refusal(
      'invalid_request',
      `countedQuantity: the count matches the book (${input.countedQuantity}); nothing to adjust`,
      [{ field: 'countedQuantity', message: 'no difference' }],
    )
  const adjust: AccountRef = {
    kind: 'adjust',
    where: input.place,
    item: input.item,
    owner: input.owner,
    lot,
  }
  const outcome = await stock.writer.submit(actor, [
    {
      id: input.id,
      mode: 'single',
      from: change > 0 ? adjust : stockRef(input, lot),
      to: change > 0 ? stockRef(input, lot) : adjust,
      quantity: Math.abs(change),
      reason: 'count',
      ref: input.note,
    },
  ])
  return { ...outcome, change }
}

export interface LossInput extends Where {
  readonly id: string
  readonly quantity: number
  readonly lot?: string | undefined
  readonly reason: LossReason
  readonly note?: string | null | undefined
}

export async function recordLoss(
  stock: StockContext,
  actor: Actor,
  input: LossInput,
): Promise<BatchOutcome> {
  await checkWhere(stock, actor, input)
  // Expired stock is written off lot by lot: FEFO would skip exactly those lots.
  if (input.reason === 'expired' && input.lot === undefined)
    throw new Refusal('invalid_request', 'lot: name the expired lot to write off', [
      { field: 'lot', message: 'required for expired stock' },
    ])
  const recorded = await recordedMovement(stock, input.id, input.quantity)
  if (recorded) return recorded
  const lots = await lotsFor(stock, input, input.quantity, input.lot)
  return stock.writer.submit(
    actor,
    lots.map((lot, step) => ({
      id: stepId(input.id, step),
      mode: 'single',
      from: stockRef(input, lot.lot),
      to: { kind: 'loss', where: input.place, item: input.item, owner: input.owner, lot: lot.lot },
      quantity: lot.quantity,
      reason: input.reason,
      ref: input.note ?? null,
    })),
  )
}

export interface IssueInput extends Where {
  readonly id: string
  readonly quantity: number
  readonly lot?: string | undefined
  readonly ref?: string | null | undefined
}

export async function issueStock(
  stock: StockContext,
  actor: Actor,
  input: IssueInput,
): Promise<BatchOutcome> {
  // Handing out a partner's stock here makes the place's organisation its recipient.
  const { placeOrg } = await checkWhere(stock, actor, input)
  await checkAllocation(stock.ctx, input.owner, input.item, input.place, placeOrg)
  const recorded = await recordedMovement(stock, input.id, input.quantity)
  if (recorded) return recorded
  const lots = await lotsFor(stock, input, input.quantity, input.lot)
  return stock.writer.submit(
    actor,
    lots.map((lot, step) => ({
      id: stepId(input.id, step),
      mode: 'single',
      from: stockRef(input, lot.lot),
      to: {
        kind: 'issued',
        where: input.place,
        item: input.item,
        owner: input.owner,
        lot: lot.lot,
      },
      quantity: lot.quantity,
      reason: 'issued',
      ref: input.ref ?? null,
    })),
  )
}

export interface KitInput extends Where {
  readonly id: string
  /** How many kits to assemble or break down. */
  readonly quantity: number
}

/** Assembles kits from their components at one place: components out (FEFO), kits in, one batch. */
export async function assembleKit(
  stock: StockContext,
  actor: Actor,
  input: KitInput,
): Promise<BatchOutcome> {
  return kitBatch(stock, actor, input, 'assemble')
}

/** Breaks kits down into their components: kits out, components in, one batch. */
export async function breakDownKit(
  stock: StockContext,
  actor: Actor,
  input: KitInput,
): Promise<BatchOutcome> {
  return kitBatch(stock, actor, input, 'break-down')
}

async function kitBatch(
  stock: StockContext,
  actor: Actor,
  input: KitInput,
  direction: 'assemble' | 'break-down',
): Promise<BatchOutcome> {
  await checkWhere(stock, actor, input)
  const recorded = await recordedMovement(stock, input.id, input.quantity)
  if (recorded) return recorded
  const kit = await stock.ctx.store.getItem(input.item, null)
  if (!kit || kit.components.length === 0)
    throw new Refusal(
      'invalid_request',
      `item: ${kit?.code ?? input.item} is not a kit (it has no components)`,
      [{ field: 'item', message: 'not a kit' }],
    )
  const components = await stock.ctx.store.getItemsByCodes(kit.components.map((c) => c.code))
  const byCode = new Map(components.map((c) => [c.code, c]))
  const adjust = (item: string): AccountRef => ({
    kind: 'adjust',
    where: input.place,
    item,
    owner: input.owner,
    lot: '',
  })
  const requests: TransferRequest[] = []
  let step = 0
  const kitTransfer: TransferRequest =
    direction === 'assemble'
      ? {
          id: '',
          mode: 'single',
          from: adjust(kit.id),
          to: stockRef(input),
          quantity: input.quantity,
          reason: 'kit-assembled',
          ref: kit.code,
        }
      : {
          id: '',
          mode: 'single',
          from: stockRef(input),
          to: adjust(kit.id),
          quantity: input.quantity,
          reason: 'kit-broken-down',
          ref: kit.code,
        }
  if (direction === 'break-down') requests.push({ ...kitTransfer, id: stepId(input.id, step++) })
  for (const component of kit.components) {
    const item = byCode.get(component.code)
    if (!item) throw new Refusal('unknown_reference', `components: no item ${component.code}`)
    const where = { place: input.place, item: item.id, owner: input.owner }
    const quantity = component.quantity * input.quantity
    if (direction === 'assemble') {
      const lots = await lotsFor(stock, where, quantity, undefined).catch((error: unknown) => {
        // Name the component that is short, not just the quantity.
        throw error instanceof Refusal
          ? new Refusal(error.code, `component ${item.code}: ${error.message}`, error.details)
          : error
      })
      for (const lot of lots) {
        requests.push({
          id: stepId(input.id, step++),
          mode: 'single',
          from: stockRef(where, lot.lot),
          to: adjust(item.id),
          quantity: lot.quantity,
          reason: 'kit-assembly',
          ref: kit.code,
        })
      }
    } else {
      requests.push({
        id: stepId(input.id, step++),
        mode: 'single',
        from: adjust(item.id),
        to: stockRef(where),
        quantity,
        reason: 'kit-break-down',
        ref: kit.code,
      })
    }
  }
  if (direction === 'assemble') requests.push({ ...kitTransfer, id: stepId(input.id, step++) })
  return stock.writer.submit(actor, requests)
}

/** Voids pending transfers whose timeout has passed (run by the server every few seconds). */
export async function expirePendingTransfers(stock: StockContext, actor: Actor): Promise<number> {
  const now = stock.ctx.clock.now().toISOString()
  const due = await stock.ctx.store.listOpenPendings(now, 500)
  let voided = 0
  for (const pending of due) {
    try {
      await stock.writer.submit(actor, [
        {
          id: uuidv5(`expire:${pending.id}`, STEP_NAMESPACE),
          mode: 'void',
          pendingId: pending.id,
          reason: 'timeout',
        },
      ])
      voided++
    } catch (error) {
      // Posted or voided meanwhile: nothing to release.
      if (!(error instanceof Refusal)) throw error
    }
  }
  return voided
}

/**
 * Generic transfers (batches of single, pending, post, void): the accounts at places must be at places
 * the actor's organisation handles, and name known items and owners.
 */
export async function submitTransfers(
  stock: StockContext,
  actor: Actor,
  requests: readonly TransferRequest[],
): Promise<BatchOutcome> {
  for (const [index, request] of requests.entries()) {
    if (
      (request.mode === 'single' || request.mode === 'pending') &&
      (!request.from || !request.to || request.quantity === undefined)
    ) {
      throw new Refusal(
        'invalid_request',
        `transfers[${index}]: a ${request.mode} transfer needs from, to and quantity`,
        [{ field: `transfers[${index}]`, message: 'from, to and quantity are required' }],
      )
    }
    if (request.reason === TIMEOUT_REASON) {
      throw new Refusal(
        'invalid_request',
        `transfers[${index}].reason: "${TIMEOUT_REASON}" is kept for the node's own release of expired reservations`,
        [{ field: `transfers[${index}].reason`, message: 'reserved' }],
      )
    }
    if ((request.mode === 'post' || request.mode === 'void') && !request.pendingId) {
      throw new Refusal(
        'invalid_request',
        `transfers[${index}].pendingId: a ${request.mode} names the pending transfer`,
        [{ field: `transfers[${index}].pendingId`, message: 'required' }],
      )
    }
  }
  // The places, items and owners named are checked inside the commit, with the balances.
  return stock.writer.submit(actor, requests, { checkReferences: true })
}
