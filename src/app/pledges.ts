/**
 * @module app/pledges
 * Pledges: partners' offers, confirmed by the hub, received into stock on arrival (a ledger receipt
 * owned by the pledging partner), or withdrawn; and unannounced donations, received and triaged.
 */
import { type Actor, actorLabel } from '../domain/records/record.js'
import {
  type Pledge,
  type PledgeAction,
  pledgeTransition,
  type Triage,
} from '../domain/requests/pledge.js'
import type { AppContext } from './context.js'
import { Refusal } from './errors.js'
import { refuseReplica } from './replicas.js'
import { receiveStock, type StockContext } from './stock.js'

export interface NewPledge {
  readonly id?: string | undefined
  readonly org?: string | undefined
  readonly operation?: string | null | undefined
  readonly kind: 'item' | 'capability'
  readonly item?: string | null | undefined
  readonly capability?: string | null | undefined
  readonly description?: string | null | undefined
  readonly quantity: number
  readonly unit?: string | null | undefined
  readonly place?: string | null | undefined
  readonly availableFrom?: string | null | undefined
  readonly availableUntil?: string | null | undefined
  readonly conditions?: string | null | undefined
}

async function checkRefs(
  ctx: AppContext,
  actor: Actor,
  input: {
    item?: string | null | undefined
    place?: string | null | undefined
    org?: string | undefined
  },
) {
  const viewer = { org: actor.org }
  if (input.item && !(await ctx.store.getItem(input.item, viewer)))
    throw new Refusal('unknown_reference', `item: no item ${input.item}`, [
      { field: 'item', message: 'unknown item' },
    ])
  if (input.place && !(await ctx.store.getPlace(input.place, viewer)))
    throw new Refusal('unknown_reference', `place: no place ${input.place}`, [
      { field: 'place', message: 'unknown place' },
    ])
  if (input.org && !(await ctx.store.getOrganisation(input.org)))
    throw new Refusal('unknown_reference', `org: no organisation ${input.org}`, [
      { field: 'org', message: 'unknown organisation' },
    ])
}

export async function createPledge(
  ctx: AppContext,
  actor: Actor,
  input: NewPledge,
): Promise<Pledge> {
  if (input.kind === 'item' && !input.item)
    throw new Refusal('invalid_request', 'item: an item pledge names the item', [
      { field: 'item', message: 'required' },
    ])
  if (input.kind === 'capability' && !input.capability)
    throw new Refusal('invalid_request', 'capability: a capability pledge names the capability', [
      { field: 'capability', message: 'required' },
    ])
  if (
    input.availableFrom &&
    input.availableUntil &&
    Date.parse(input.availableUntil) < Date.parse(input.availableFrom)
  )
    throw new Refusal('invalid_request', 'availableUntil: before availableFrom', [
      { field: 'availableUntil', message: 'before availableFrom' },
    ])
  await checkRefs(ctx, actor, input)
  return ctx.store.transact(async (tx) => {
    const id = input.id ?? ctx.ids.newId()
    const existing = await tx.getPledge(id, null)
    if (existing) return existing
    const now = ctx.clock.now().toISOString()
    const pledge: Pledge = {
      id,
      home: ctx.node.id,
      // A coordinator may record a partner's pledge on its behalf.
      org: input.org ?? actor.org,
      share: 'all',
      createdAt: now,
      updatedAt: now,
      version: 1,
      operation: input.operation ?? null,
      kind: input.kind,
      item: input.item ?? null,
      capability: input.capability ?? null,
      description: input.description ?? null,
      quantity: input.quantity,
      unit: input.unit ?? null,
      place: input.place ?? null,
      availableFrom: input.availableFrom ?? null,
      availableUntil: input.availableUntil ?? null,
      conditions: input.conditions ?? null,
      status: 'offered',
      unsolicited: false,
      triage: null,
      receipt: null,
      received: null,
    }
    await tx.savePledge(pledge, null)
    await tx.appendEvents(now, actorLabel(actor), [
      { kind: 'pledge.offered', subject: id, body: pledge, share: 'all' },
    ])
    return pledge
  })
}

/** Confirm or withdraw a pledge; receive an item pledge into stock at a place (a ledger receipt). */
export async function actOnPledge(
  ctx: AppContext,
  stock: StockContext,
  actor: Actor,
  id: string,
  action: PledgeAction,
  options: {
    place?: string | undefined
    quantity?: number | undefined
    lot?: string | undefined
    expiresOn?: string | null | undefined
  } = {},
): Promise<Pledge> {
  const pledge = await ctx.store.getPledge(id, { org: actor.org })
  if (!pledge) throw new Refusal('not_found', `no pledge ${id}`)
  await refuseReplica(ctx, pledge, `pledge ${id}`, ctx.store)
  const result = pledgeTransition(pledge, action)
  if (!result.ok)
    throw new Refusal(
      'invalid_transition',
      `cannot ${action} a pledge that is ${pledge.status}${pledge.kind === 'capability' && action === 'receive' ? ' (a capability is not received into stock)' : ''}; allowed: ${result.allowed.join(', ') || 'none'}`,
      { status: pledge.status, allowed: result.allowed },
    )
  let receipt: string | null = null
  let received: number | null = null
  let place = pledge.place
  if (action === 'receive') {
    place = options.place ?? pledge.place
    if (!place)
      throw new Refusal('invalid_request', 'place: where did it arrive?', [
        { field: 'place', message: 'required' },
      ])
    const organisation = await ctx.store.getOrganisation(pledge.org)
    // The receipt's id is the pledge's, so receiving it twice finds the first receipt.
    const outcome = await receiveStock(stock, actor, {
      id: pledge.id,
      place,
      item: pledge.item as string,
      owner: pledge.org,
      quantity: options.quantity ?? pledge.quantity,
      lot: options.lot,
      expiresOn: options.expiresOn ?? null,
      source: organisation?.code ?? pledge.org,
      document: `pledge ${pledge.id}`,
    })
    receipt = outcome.transfers[0]?.batch ?? null
    received = outcome.transfers[0]?.quantity ?? null
  }
  return ctx.store.transact(async (tx) => {
    const current = await tx.getPledge(id, null)
    if (!current || current.version !== pledge.version)
      throw new Refusal('version_conflict', `pledge ${id} changed meanwhile: reload it`)
    const now = ctx.clock.now().toISOString()
    const next: Pledge = {
      ...pledge,
      status: result.status,
      place,
      receipt: receipt ?? pledge.receipt,
      received: received ?? pledge.received,
      updatedAt: now,
      version: pledge.version + 1,
    }
    await tx.savePledge(next, pledge.version)
    await tx.appendEvents(now, actorLabel(actor), [
      { kind: `pledge.${result.status}`, subject: id, body: next, share: 'all' },
    ])
    return next
  })
}

export interface Donation {
  readonly id: string
  readonly place: string
  readonly item: string
  /** The donor organisation, which owns what it gave. */
  readonly org: string
  readonly quantity: number
  readonly triage: Triage
  readonly lot?: string | undefined
  readonly expiresOn?: string | null | undefined
  readonly description?: string | null | undefined
}

/** An unannounced donation: received into stock as it arrives, and triaged. */
export async function recordDonation(
  ctx: AppContext,
  stock: StockContext,
  actor: Actor,
  input: Donation,
): Promise<Pledge> {
  await checkRefs(ctx, actor, input)
  const existing = await ctx.store.getPledge(input.id, null)
  if (existing) return existing
  const organisation = await ctx.store.getOrganisation(input.org)
  const outcome = await receiveStock(stock, actor, {
    id: input.id,
    place: input.place,
    item: input.item,
    owner: input.org,
    quantity: input.quantity,
    lot: input.lot,
    expiresOn: input.expiresOn ?? null,
    source: organisation?.code ?? input.org,
    document: `unsolicited donation, triaged ${input.triage}`,
  })
  return ctx.store.transact(async (tx) => {
    const now = ctx.clock.now().toISOString()
    const pledge: Pledge = {
      id: input.id,
      home: ctx.node.id,
      org: input.org,
      share: 'all',
      createdAt: now,
      updatedAt: now,
      version: 1,
      operation: null,
      kind: 'item',
      item: input.item,
      capability: null,
      description: input.description ?? null,
      quantity: input.quantity,
      unit: null,
      place: input.place,
      availableFrom: now,
      availableUntil: null,
      conditions: null,
      status: 'received',
      unsolicited: true,
      triage: input.triage,
      receipt: outcome.transfers[0]?.batch ?? null,
      received: outcome.transfers[0]?.quantity ?? null,
    }
    await tx.savePledge(pledge, null)
    await tx.appendEvents(now, actorLabel(actor), [
      { kind: 'pledge.donation_received', subject: pledge.id, body: pledge, share: 'all' },
    ])
    return pledge
  })
}
