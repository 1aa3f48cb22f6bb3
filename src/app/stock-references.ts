/**
 * @module app/stock-references
 * The places, items and owners a stock movement names: each must exist as the actor's organisation
 * may see it, and that organisation must handle the stock at each place (the command line and the
 * node itself are trusted). Refusals name the field. The generic transfers are checked inside the
 * ledger's commit (app/ledger-writer: one read in the transaction for a whole group); the named
 * movements check before they pick lots, since they need the place's organisation first.
 */
import { mayHandleStockAt } from '../domain/access/permissions.js'
import type { Actor } from '../domain/records/record.js'
import { Refusal } from './errors.js'
import type { AccountRef, TransferRequest } from './ledger-writer.js'
import type { StockReferenceQuery, StockReferences } from './ports.js'

export interface Where {
  readonly place: string
  readonly item: string
  readonly owner: string
}

/** The request fields a refusal names for each part of `Where`. */
export type WhereFields = { readonly [part in keyof Where]: string }

/** Kinds of account kept at one of this node's places; the others name the outside world. */
const placeKinds = new Set(['stock', 'issued', 'loss', 'adjust'])

/** Checks the place, item and owner were found, and that the actor's organisation handles stock there. */
export function checkPlace(
  nodeOrg: string,
  actor: Actor,
  found: StockReferences,
  where: Where,
  fields: WhereFields,
): { placeOrg: string } {
  const placeOrg = found.placeOrgs.get(where.place)
  if (placeOrg === undefined)
    throw new Refusal('unknown_reference', `${fields.place}: no place ${where.place}`, [
      { field: fields.place, message: 'unknown place' },
    ])
  checkItemAndOwner(found, where, fields)
  if (
    actor.kind !== 'cli' &&
    actor.kind !== 'system' &&
    !mayHandleStockAt(actor, placeOrg, nodeOrg)
  ) {
    throw new Refusal(
      'forbidden',
      `${fields.place}: stock at ${found.placeCodes.get(where.place) ?? where.place} is handled by the organisation that runs it, not yours`,
    )
  }
  return { placeOrg }
}

export function checkItemAndOwner(
  found: StockReferences,
  where: Omit<Where, 'place'>,
  fields: Omit<WhereFields, 'place'>,
): void {
  if (!found.items.has(where.item))
    throw new Refusal('unknown_reference', `${fields.item}: no item ${where.item}`, [
      { field: fields.item, message: 'unknown item' },
    ])
  if (!found.organisations.has(where.owner))
    throw new Refusal('unknown_reference', `${fields.owner}: no organisation ${where.owner}`, [
      { field: fields.owner, message: 'unknown organisation' },
    ])
}

/**
 * An account a transfer request names, and the request field that names it: `from` or `to` (a refusal
 * names their `where`, `item` or `owner`), or `pendingId` for the accounts of the reservation a post
 * or void resolves (a refusal names the pendingId).
 */
export interface NamedAccount {
  readonly ref: AccountRef
  readonly field: string
  readonly byPending?: boolean
}

/**
 * The accounts of a batch's requests, in the order given; a post or void moves the stock its pending
 * transfer reserved, so it names that transfer's accounts (`reserved`; none when it is not found,
 * which the ledger refuses).
 */
export function namedAccounts(
  requests: readonly TransferRequest[],
  reserved: (pendingId: string) => readonly AccountRef[],
): NamedAccount[] {
  const named: NamedAccount[] = []
  for (const [index, request] of requests.entries()) {
    if (request.from) named.push({ ref: request.from, field: `transfers[${index}].from` })
    if (request.to) named.push({ ref: request.to, field: `transfers[${index}].to` })
    if ((request.mode === 'post' || request.mode === 'void') && request.pendingId)
      for (const ref of reserved(request.pendingId))
        named.push({ ref, field: `transfers[${index}].pendingId`, byPending: true })
  }
  return named
}

/** What to read for `checkNamedAccounts`. */
export function accountReferences(named: readonly NamedAccount[]): StockReferenceQuery {
  return {
    places: named.flatMap(({ ref }) => (placeKinds.has(ref.kind) ? [ref.where] : [])),
    items: named.map(({ ref }) => ref.item),
    organisations: named.map(({ ref }) => ref.owner),
  }
}

/** Checks each named account in turn; the first that fails is refused. */
export function checkNamedAccounts(
  nodeOrg: string,
  actor: Actor,
  found: StockReferences,
  named: readonly NamedAccount[],
): void {
  for (const { ref, field, byPending } of named) {
    const where = { place: ref.where, item: ref.item, owner: ref.owner }
    const fields = byPending
      ? { place: field, item: field, owner: field }
      : { place: `${field}.where`, item: `${field}.item`, owner: `${field}.owner` }
    if (placeKinds.has(ref.kind)) checkPlace(nodeOrg, actor, found, where, fields)
    else checkItemAndOwner(found, where, fields)
  }
}
