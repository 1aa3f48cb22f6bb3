/**
 * @module app/items
 * Catalog use cases: create, update, read and list items. Creates are idempotent by client-chosen id.
 */
import {
  checkItem,
  findKitCycle,
  type Item,
  type ItemFields,
  sameItemFields,
} from '../domain/catalog/item.js'
import { type Actor, actorLabel } from '../domain/records/record.js'
import { PUBLIC, type Share } from '../domain/records/share.js'
import type { AppContext } from './context.js'
import { Refusal, refuseProblems } from './errors.js'
import type { ItemFilter, Page, StoreWrites, Viewer } from './ports.js'

export interface ItemDraft extends ItemFields {
  readonly id?: string | undefined
  readonly share: Share
}

/** Refuses kit components that name unknown items or make a kit contain itself. */
async function checkComponents(tx: StoreWrites, item: ItemFields): Promise<void> {
  if (item.components.length === 0) return
  const codes = item.components.map((component) => component.code)
  const known = await tx.getItemsByCodes(codes)
  const knownCodes = new Set(known.map((entry) => entry.code))
  const missing = item.components.findIndex((component) => !knownCodes.has(component.code))
  if (missing >= 0) {
    throw new Refusal(
      'unknown_reference',
      `components[${missing}].code: no item has code "${codes[missing]}"`,
      [{ field: `components[${missing}].code`, message: 'unknown item code' }],
    )
  }
  const graph = new Map<string, string[]>(
    known.map((entry) => [entry.code, entry.components.map((c) => c.code)]),
  )
  graph.set(item.code, codes)
  const cycle = findKitCycle(graph)
  if (cycle)
    throw new Refusal(
      'invalid_request',
      `components: a kit cannot contain itself (${cycle.join(' → ')})`,
      [{ field: 'components', message: 'cycle' }],
    )
}

export async function createItem(
  ctx: AppContext,
  actor: Actor,
  draft: ItemDraft,
): Promise<{ result: 'created' | 'exists'; item: Item }> {
  const problems = checkItem(draft)
  if (problems.length > 0) refuseProblems('invalid_request', 'item refused', problems)
  return ctx.store.transact(async (tx) => {
    const id = draft.id ?? ctx.ids.newId()
    const existing = await tx.getItem(id, null)
    const { id: _ignored, share, ...fields } = draft
    if (existing) {
      if (sameItemFields(existing, fields) && existing.org === actor.org)
        return { result: 'exists' as const, item: existing }
      throw new Refusal(
        'exists_with_different_fields',
        `an item with id ${id} already exists with different fields`,
        { id },
      )
    }
    const [sameCode] = await tx.getItemsByCodes([draft.code])
    if (sameCode)
      throw new Refusal('duplicate_code', `code: item code "${draft.code}" is already used`, [
        { field: 'code', message: 'already used' },
      ])
    await checkComponents(tx, draft)
    const now = ctx.clock.now().toISOString()
    const item: Item = {
      ...fields,
      id,
      home: ctx.node.id,
      org: actor.org,
      share,
      createdAt: now,
      updatedAt: now,
      version: 1,
    }
    await tx.insertItems([item])
    await tx.appendEvents(now, actorLabel(actor), [
      { kind: 'item.created', subject: id, body: item, share },
    ])
    return { result: 'created' as const, item }
  })
}

export interface ItemChanges extends Partial<ItemFields> {
  readonly version: number
  readonly share?: Share | undefined
}

export async function updateItem(
  ctx: AppContext,
  actor: Actor,
  id: string,
  changes: ItemChanges,
  viewer: Viewer,
): Promise<Item> {
  return ctx.store.transact(async (tx) => {
    const existing = await tx.getItem(id, viewer)
    if (!existing) throw new Refusal('not_found', `no item ${id}`)
    if (existing.home === PUBLIC) {
      throw new Refusal(
        'reference_record',
        `item ${existing.code} is reference data, the same on every node; change it by importing a new catalogue`,
      )
    }
    if (existing.home !== ctx.node.id)
      throw new Refusal(
        'reference_record',
        `item ${existing.code} belongs to node ${existing.home}; only that node may change it`,
      )
    // Shared with you is not yours: only the record's organisation changes it (or its release).
    if (existing.org !== actor.org)
      throw new Refusal(
        'forbidden',
        `item ${existing.code} belongs to another organisation; only it may change the item`,
      )
    if (existing.version !== changes.version) {
      throw new Refusal(
        'version_conflict',
        `item ${existing.code} is at version ${existing.version}, not ${changes.version}: reload it and apply your change again`,
        { version: existing.version },
      )
    }
    const { version: _v, ...fields } = changes
    const defined = Object.fromEntries(
      Object.entries(fields).filter(([, value]) => value !== undefined),
    )
    const next: Item = {
      ...existing,
      ...defined,
      id,
      updatedAt: ctx.clock.now().toISOString(),
      version: existing.version + 1,
    }
    const problems = checkItem(next)
    if (problems.length > 0) refuseProblems('invalid_request', 'item refused', problems)
    if (next.code !== existing.code) {
      const [sameCode] = await tx.getItemsByCodes([next.code])
      if (sameCode)
        throw new Refusal('duplicate_code', `code: item code "${next.code}" is already used`, [
          { field: 'code', message: 'already used' },
        ])
    }
    await checkComponents(tx, next)
    if (!(await tx.updateItem(next, existing.version)))
      throw new Refusal('version_conflict', `item ${existing.code} changed meanwhile: reload it`)
    await tx.appendEvents(next.updatedAt, actorLabel(actor), [
      { kind: 'item.updated', subject: id, body: next, share: next.share },
    ])
    return next
  })
}

export async function getItem(ctx: AppContext, id: string, viewer: Viewer): Promise<Item> {
  const item = await ctx.store.getItem(id, viewer)
  if (!item) throw new Refusal('not_found', `no item ${id}`)
  return item
}

export function listItems(
  ctx: AppContext,
  filter: ItemFilter,
  viewer: Viewer,
): Promise<Page<Item>> {
  return ctx.store.listItems(filter, viewer)
}
