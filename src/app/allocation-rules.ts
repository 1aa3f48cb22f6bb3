/**
 * @module app/allocation-rules
 * Owners' allocation rules: set by the owner's own logisticians or admins, one per (owner, item, place),
 * and checked whenever stock goes to another organisation's place.
 */
import { v5 as uuidv5 } from 'uuid'
import { type AllocationAllowance, mayReceiveUnder } from '../domain/access/permissions.js'
import { type AllocationRule, ruleFor } from '../domain/ledger/allocation-rule.js'
import { type Actor, actorLabel } from '../domain/records/record.js'
import type { AppContext } from './context.js'
import { Refusal } from './errors.js'

const RULE_NAMESPACE = '5d8e1b4a-2c7f-4a9e-b6d3-0f1e2a3b4c5d'

export async function setAllocationRule(
  ctx: AppContext,
  actor: Actor,
  input: {
    item: string | null
    place: string | null
    allowed: AllocationAllowance
    note: string | null
  },
) {
  if (input.item && !(await ctx.store.getItem(input.item, { org: actor.org })))
    throw new Refusal('unknown_reference', `item: no item ${input.item}`, [
      { field: 'item', message: 'unknown item' },
    ])
  if (input.place && !(await ctx.store.getPlace(input.place, { org: actor.org })))
    throw new Refusal('unknown_reference', `place: no place ${input.place}`, [
      { field: 'place', message: 'unknown place' },
    ])
  if (Array.isArray(input.allowed)) {
    const known = new Set((await ctx.store.listOrganisations(null)).map((o) => o.id))
    const unknown = input.allowed.find((org) => !known.has(org))
    if (unknown)
      throw new Refusal('unknown_reference', `allowed: no organisation ${unknown}`, [
        { field: 'allowed', message: 'unknown organisation' },
      ])
  }
  // One rule per owner, item and place: setting it again replaces it (a new version, an event).
  const id = uuidv5(JSON.stringify([actor.org, input.item, input.place]), RULE_NAMESPACE)
  return ctx.store.transact(async (tx) => {
    const now = ctx.clock.now().toISOString()
    const existing = (await tx.listAllocationRules(actor.org)).find((rule) => rule.id === id)
    const rule = {
      ...input,
      id,
      org: actor.org,
      home: ctx.node.id,
      share: 'all' as const,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
      version: (existing?.version ?? 0) + 1,
    }
    await tx.upsertAllocationRule(rule)
    await tx.appendEvents(now, actorLabel(actor), [
      { kind: 'allocation_rule.set', subject: id, body: rule, share: 'all' },
    ])
    return rule
  })
}

/** Refuses when the owner's rule does not let `recipientOrg` receive this stock. */
export async function checkAllocation(
  ctx: AppContext,
  owner: string,
  item: string,
  place: string,
  recipientOrg: string,
): Promise<void> {
  if (recipientOrg === owner || recipientOrg === 'public') return
  const rule: AllocationRule | null = ruleFor(
    await ctx.store.listAllocationRules(owner),
    owner,
    item,
    place,
  )
  if (rule && !mayReceiveUnder(rule.allowed, recipientOrg, owner)) {
    const organisation = await ctx.store.getOrganisation(recipientOrg)
    throw new Refusal(
      'not_allowed_by_owner',
      `the owner's allocation rule does not let ${organisation?.code ?? recipientOrg} receive this stock${rule.note ? ` (${rule.note})` : ''}`,
      { rule: rule.id },
    )
  }
}
